"""Background jobs: rq on Redis, or in-process on the embedded default, through the same code."""

from entrega.jobs.queue import QUEUES, check_backend, enqueue, init_app
from entrega.jobs.registry import tenant_job

__all__ = ["QUEUES", "check_backend", "enqueue", "init_app", "tenant_job"]
