"""The verbs of identity: accounts, sign-in checks, memberships, invitations, API tokens. Each change is
audited in the same transaction."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.audit.services import record, record_platform
from entrega.errors import Conflict
from entrega.identity.models import ApiToken, Invitation, Membership, User
from entrega.identity.passwords import hash_password, needs_rehash, password_problems, verify_password
from entrega.identity.roles import Role
from entrega.tenancy.models import Ministry, Tenant

LOCK_AFTER_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
INVITATION_VALID_FOR = timedelta(days=14)
TOKEN_PREFIX = "ent_"  # noqa: S105 - marks our tokens in logs and secret scanners; not a secret  # nosec B105


def now() -> datetime:
    return datetime.now(UTC)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def digest(secret: str) -> str:
    """Tokens are long random strings, so a plain SHA-256 is enough to store them safely (no need for a slow hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


# -- accounts --------------------------------------------------------------------------------------
def user_by_email(db_session: Session, email: str) -> User | None:
    return db_session.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(db_session: Session, email: str, name: str, password: str | None = None, **extra: Any) -> User:
    email = normalize_email(email)
    if user_by_email(db_session, email) is not None:
        raise ValidationError({"email": ["An account with this e-mail address already exists."]})
    if password is not None:
        problems = password_problems(password, email)
        if problems:
            raise ValidationError({"password": problems})
    user = User(email=email, name=name.strip(), password_hash=hash_password(password) if password else None, **extra)
    db_session.add(user)
    db_session.flush()
    record_platform(
        db_session,
        "create",
        "user",
        user.id,
        after={"email": email, "name": user.name, "is_platform_admin": user.is_platform_admin},
    )
    return user


def authenticate(db_session: Session, email: str, password: str) -> User | None:
    """The account, when the password is right and the account is neither locked nor disabled.

    Every failure looks the same to the caller, and an unknown address costs the same time as a wrong
    password, so that no answer tells whether an account exists.
    """
    user = user_by_email(db_session, email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None:
        return None
    if user.disabled or (user.locked_until is not None and user.locked_until > now()):
        return None
    if not ok:
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= LOCK_AFTER_FAILURES:
            user.locked_until = now() + LOCK_FOR
            user.failed_sign_ins = 0
        db_session.commit()
        return None
    user.failed_sign_ins = 0
    user.locked_until = None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db_session.commit()
    return user


def set_password(db_session: Session, user: User, password: str) -> None:
    problems = password_problems(password, user.email)
    if problems:
        raise ValidationError({"password": problems})
    user.password_hash = hash_password(password)
    user.session_epoch += 1  # every other session of this person ends
    before, after = {"password": "(previous)"}, {"password": "(changed)"}  # placeholders, never the password  # nosec B105
    record_platform(db_session, "update", "user", user.id, before=before, after=after)


# -- memberships -----------------------------------------------------------------------------------
def _membership_audit(m: Membership) -> dict[str, Any]:
    return {
        "user_id": str(m.user_id),
        "role": m.role.value,
        "ministry_id": str(m.ministry_id) if m.ministry_id else None,
    }


def _check_ministry(db_session: Session, role: Role, ministry_id: uuid.UUID | None) -> None:
    if role is Role.FOCAL_POINT and ministry_id is None:
        raise ValidationError({"ministry_id": ["A focal point belongs to one ministry: choose it."]})
    if ministry_id is not None and db_session.scalar(select(Ministry.id).where(Ministry.id == ministry_id)) is None:
        raise ValidationError({"ministry_id": ["No ministry of this government has that id."]})


def membership_of(db_session: Session, user_id: uuid.UUID) -> Membership | None:
    """The person's membership in the bound tenant."""
    return db_session.scalar(select(Membership).where(Membership.user_id == user_id))


def add_member(db_session: Session, user: User, role: Role, ministry_id: uuid.UUID | None = None) -> Membership:
    _check_ministry(db_session, role, ministry_id)
    if membership_of(db_session, user.id) is not None:
        raise Conflict("This person is already a member of this government.", "email")
    membership = Membership(user_id=user.id, role=role, ministry_id=ministry_id if role is Role.FOCAL_POINT else None)
    db_session.add(membership)
    db_session.flush()
    record(db_session, "create", "membership", user.id, None, _membership_audit(membership))
    return membership


def change_member(db_session: Session, membership: Membership, role: Role, ministry_id: uuid.UUID | None) -> None:
    _check_ministry(db_session, role, ministry_id)
    before = _membership_audit(membership)
    membership.role = role
    membership.ministry_id = ministry_id if role is Role.FOCAL_POINT else None
    after = _membership_audit(membership)
    if before != after:
        # A role change ends the person's sessions, so the old role cannot linger in a browser.
        user = db_session.get(User, membership.user_id)
        if user is not None:
            user.session_epoch += 1
        record(db_session, "update", "membership", membership.user_id, before, after)


def remove_member(db_session: Session, membership: Membership) -> None:
    user = db_session.get(User, membership.user_id)
    if user is not None:
        user.session_epoch += 1
    record(db_session, "delete", "membership", membership.user_id, _membership_audit(membership), None)
    db_session.delete(membership)


# -- invitations -----------------------------------------------------------------------------------
def invite(
    db_session: Session, email: str, role: Role, ministry_id: uuid.UUID | None, invited_by: User
) -> tuple[Invitation, str]:
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise ValidationError({"email": ["Not a valid e-mail address."]})
    _check_ministry(db_session, role, ministry_id)
    existing = user_by_email(db_session, email)
    if existing is not None and membership_of(db_session, existing.id) is not None:
        raise ValidationError({"email": ["This person is already a member of this government."]})
    raw = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email, role=role, ministry_id=ministry_id if role is Role.FOCAL_POINT else None,
        token_hash=digest(raw), invited_by=invited_by.id, expires_at=now() + INVITATION_VALID_FOR,
    )  # fmt: skip
    db_session.add(invitation)
    db_session.flush()
    record(db_session, "create", "invitation", invitation.id, None, {"email": email, "role": role.value})
    return invitation, raw


def open_invitation(db_session: Session, raw: str) -> Invitation | None:
    invitation = db_session.scalar(select(Invitation).where(Invitation.token_hash == digest(raw)))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at < now():
        return None
    return invitation


def accept_invitation(db_session: Session, invitation: Invitation, user: User) -> Membership:
    membership = add_member(db_session, user, invitation.role, invitation.ministry_id)
    invitation.accepted_at = now()
    record(
        db_session,
        "update",
        "invitation",
        invitation.id,
        {"accepted": False},
        {"accepted": True, "user_id": str(user.id)},
    )
    return membership


# -- API tokens ------------------------------------------------------------------------------------
def create_token(db_session: Session, user: User, name: str, role: Role, days: int) -> tuple[ApiToken, str]:
    if not 1 <= days <= 366:
        raise ValidationError({"days": ["A token lives from 1 to 366 days."]})
    if not name.strip() or len(name) > 100:
        raise ValidationError({"name": ["Give the token a name of 1 to 100 characters."]})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id, name=name.strip(), role=role, prefix=raw[:12], token_hash=digest(raw),
        expires_at=now() + timedelta(days=days),
    )  # fmt: skip
    db_session.add(token)
    db_session.flush()
    record(
        db_session,
        "create",
        "api_token",
        token.id,
        None,
        {"name": token.name, "role": role.value, "prefix": token.prefix},
    )
    return token, raw


def find_token(db_session: Session, raw: str) -> ApiToken | None:
    """A live token of the bound tenant."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = db_session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(raw)))
    if token is None or token.revoked_at is not None or token.expires_at < now():
        return None
    return token


def revoke_token(db_session: Session, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = now()
        record(db_session, "update", "api_token", token.id, {"revoked": False}, {"revoked": True})


def tenant_names(db_session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Tenant]:
    return {t.id: t for t in db_session.scalars(select(Tenant).where(Tenant.id.in_(ids)))}


def verify_password_of(user: User, password: str) -> bool:
    return verify_password(user.password_hash, password)


def set_provider(
    db_session: Session, *, discovery_url: str, client_id: str, encrypted_secret: str, display_name: str
) -> None:
    """The bound government's own OpenID Connect provider; from then on its people have no local passwords."""
    from entrega.identity.models import TenantIdentityProvider

    if not discovery_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ValidationError({"discovery_url": ["Use an https:// address (plain http only on this machine)."]})
    row = db_session.scalar(select(TenantIdentityProvider))
    before = (
        {"discovery_url": row.discovery_url, "client_id": row.client_id, "display_name": row.display_name}
        if row
        else None
    )
    if row is None:
        row = TenantIdentityProvider(
            discovery_url=discovery_url,
            client_id=client_id,
            client_secret_encrypted=encrypted_secret,
            display_name=display_name,
        )
        db_session.add(row)
    else:
        row.discovery_url, row.client_id, row.display_name = discovery_url, client_id, display_name
        row.client_secret_encrypted = encrypted_secret
    db_session.flush()
    # The secret itself is never written to the log, not even encrypted.
    record(db_session, "create" if before is None else "update", "identity_provider", row.tenant_id, before,
           {"discovery_url": discovery_url, "client_id": client_id, "display_name": display_name})  # fmt: skip
