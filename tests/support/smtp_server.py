"""A real SMTP server for tests (aiosmtpd), listening on 127.0.0.1 from a background thread.

The app sends through its ordinary SMTP code path; tests read back what arrived, already parsed.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    subject: str
    text: str  # the text/plain body, decoded
    html: str | None
    message: EmailMessage = field(repr=False, compare=False)  # the whole parsed message, for headers

    @classmethod
    def parse(cls, envelope: Envelope) -> ReceivedMail:
        raw = envelope.original_content or envelope.content or b""
        assert isinstance(raw, bytes)
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        # get_body picks the right part of multipart/alternative (or the single part of a plain message).
        text_part, html_part = message.get_body(("plain",)), message.get_body(("html",))
        return cls(
            sender=envelope.mail_from or "",
            recipients=list(envelope.rcpt_tos),
            subject=str(message.get("Subject", "")),
            text=_content(text_part) or "",
            html=_content(html_part),
            message=message,
        )


def _content(part: Any) -> str | None:
    # SMTP carries CRLF line ends; tests compare against the "\n" text the app wrote.
    return None if part is None else str(part.get_content()).replace("\r\n", "\n")


class _FreePortController(Controller):
    """Binds port 0 and learns the real port from the listening socket (no probe-then-bind race).

    The base class connects to self.port right after binding to check the server answers, so the port has
    to be known by then."""

    def _trigger_server(self) -> None:
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpTestServer:
    host: str = "127.0.0.1"

    def __init__(self) -> None:
        self.port = 0
        self.messages: list[ReceivedMail] = []
        self._arrived = threading.Condition()
        self._controller: _FreePortController | None = None

    # aiosmtpd calls the handler's handle_DATA hook once per message, on its own event-loop thread.
    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        mail = ReceivedMail.parse(envelope)
        with self._arrived:
            self.messages.append(mail)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def start(self) -> SmtpTestServer:
        self._controller = _FreePortController(self, hostname=self.host, port=0, enable_SMTPUTF8=True)
        self._controller.start()
        self.port = self._controller.port
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpTestServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[ReceivedMail]:
        """All messages received so far, once there are at least `count` of them."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout):
                raise AssertionError(f"expected {count} message(s) within {timeout}s, received {len(self.messages)}")
            return list(self.messages)

    def clear(self) -> None:
        with self._arrived:
            self.messages.clear()
