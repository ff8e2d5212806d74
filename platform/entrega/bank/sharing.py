"""Sharing agreements: what a government lets an institution see, granted and revoked by its unit head.

The database enforces it (migration 0008's `shared_with_institution` policies); these verbs record the
agreement and audit every change. Everything here runs inside the government's own binding.
"""

from __future__ import annotations

import uuid

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.audit.services import current_actor, record
from entrega.bank.models import EVERYTHING, Engagement, Share, ShareKind
from entrega.delivery.models import Indicator, Priority
from entrega.errors import Conflict, NotFound
from entrega.identity.services import now


def _check_subject(db_session: Session, kind: ShareKind, subject: str, instruments: set[str]) -> None:
    if subject == EVERYTHING:
        return
    if kind is ShareKind.DIAGNOSTIC:
        if subject not in instruments:
            raise ValidationError({"subject": ["Choose one of the platform's diagnostic instruments."]})
        return
    if kind is ShareKind.REPORT:
        return  # report kinds come from the model's templates; an unknown one simply matches nothing
    cls = Priority if kind is ShareKind.PRIORITY_STATUS else Indicator
    try:
        wanted = uuid.UUID(subject)
    except ValueError:
        raise ValidationError({"subject": ["Give the id of one of this government's rows, or * for all."]}) from None
    if db_session.scalar(select(cls.id).where(cls.id == wanted)) is None:
        raise ValidationError({"subject": ["No such row in this government."]})


def grant(db_session: Session, engagement: Engagement, kind: ShareKind, subject: str, instruments: set[str]) -> Share:
    kind = ShareKind(kind)
    _check_subject(db_session, kind, subject, instruments)
    live = db_session.scalar(
        select(Share).where(
            Share.engagement_id == engagement.id, Share.kind == kind, Share.subject == subject,
            Share.revoked_at.is_(None),
        )
    )  # fmt: skip
    if live is not None:
        raise Conflict("This is already shared with the institution.", "subject")
    share = Share(
        engagement_id=engagement.id, institution_id=engagement.institution_id, kind=kind, subject=subject,
        granted_by=current_actor(),
    )  # fmt: skip
    db_session.add(share)
    db_session.flush()
    record(db_session, "grant", "share", share.id, None,
           {"engagement": engagement.code, "kind": kind.value, "subject": subject})  # fmt: skip
    return share


def revoke(db_session: Session, share_id: uuid.UUID) -> Share:
    share = db_session.scalar(select(Share).where(Share.id == share_id))
    if share is None:
        raise NotFound(str(share_id))
    if share.revoked_at is not None:
        raise Conflict("This share is already revoked.", "share")
    share.revoked_at, share.revoked_by = now(), current_actor()
    db_session.flush()
    record(db_session, "revoke", "share", share.id, {"kind": share.kind.value, "subject": share.subject},
           {"revoked_at": share.revoked_at.isoformat()})  # fmt: skip
    return share


def shares_of(db_session: Session, engagement_id: uuid.UUID) -> list[Share]:
    return list(
        db_session.scalars(select(Share).where(Share.engagement_id == engagement_id).order_by(Share.granted_at))
    )
