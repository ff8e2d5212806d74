"""Outgoing e-mail, sent from background jobs so that a slow mail server never slows a page."""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage

from flask import current_app
from sqlalchemy.orm import Session

from entrega.identity.models import Invitation
from entrega.jobs import tenant_job
from entrega.tenancy.models import Tenant

log = logging.getLogger(__name__)


def send(to: str, subject: str, text: str) -> None:
    settings = current_app.extensions["entrega.settings"]
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    if not settings.smtp_host:
        # The embedded demo has no mail server: the message goes to the log instead, whole.
        log.info("e-mail (no SMTP_HOST set) to %s: %s\n%s", to, subject, text)
        return
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        smtp.send_message(message)


@tenant_job("identity.send_invitation")
def send_invitation(db_session: Session, invitation_id: str, link: str, inviter: str) -> None:
    invitation = db_session.get(Invitation, (db_session.info["tenant_id"], uuid.UUID(invitation_id)))
    tenant = db_session.get(Tenant, db_session.info["tenant_id"])
    if invitation is None or tenant is None or invitation.accepted_at is not None:
        return  # idempotent: a retried job after acceptance sends nothing
    send(
        invitation.email,
        f"Invitation to {tenant.name} on Entrega",
        f"{inviter} invites you to join {tenant.name} on Entrega as {invitation.role.value.replace('_', ' ')}.\n\n"
        f"Accept the invitation here (valid for 14 days):\n{link}\n\n"
        "If you did not expect this message, you can ignore it.",
    )
