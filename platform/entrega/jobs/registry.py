"""The jobs that may run: a worker only executes functions registered here, by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

TenantJob = Callable[..., Any]
_JOBS: dict[str, TenantJob] = {}


def tenant_job(name: str) -> Callable[[TenantJob], TenantJob]:
    """Register `fn(db_session, *args)`; it runs in a session bound to the job's tenant."""

    def register(fn: TenantJob) -> TenantJob:
        if _JOBS.get(name, fn) is not fn:
            raise ValueError(f"job name {name!r} is already taken")
        _JOBS[name] = fn
        return fn

    return register


def institution_job(name: str) -> Callable[[TenantJob], TenantJob]:
    """Register `fn(db_session, *args)` for a bank; it runs in a session bound to the job's institution."""
    return tenant_job(name)


def lookup(name: str) -> TenantJob:
    try:
        return _JOBS[name]
    except KeyError:
        raise LookupError(f"no job is registered as {name!r}") from None


def run_registered(name: str, db_session: Session, *args: Any) -> Any:
    return lookup(name)(db_session, *args)
