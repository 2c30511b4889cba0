"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, keeping every message it receives.

Use the `smtp_server` fixture (import it into the test module, or move it to a conftest): it
starts the server on a free port, points the app's MAIL_* settings at it and yields the server,
whose `messages` list fills as the portal sends.
"""
from __future__ import annotations

import email
import socket
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One message as the server got it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_content()


class _Collector:
    """aiosmtpd handler that keeps each message."""

    def __init__(self):
        self.messages: list[Received] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(Received(
            envelope.mail_from, list(envelope.rcpt_tos),
            email.message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self._collector = _Collector()
        self._controller = Controller(self._collector, hostname=host, port=port)

    @property
    def messages(self) -> list[Received]:
        return self._collector.messages

    def to(self, address: str) -> list[Received]:
        """The messages addressed to address."""
        return [m for m in self.messages if address in m.rcpt_tos]

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    """A running SMTP server the app sends its e-mail to."""
    server = SmtpServer("127.0.0.1", _free_port())
    server.start()
    app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port, MAIL_USE_TLS="0",
                      MAIL_FROM="Kinerja <kinerja@bkd.jambiprov.go.id>",
                      PORTAL_BASE_URL="https://kinerja.jambiprov.go.id")
    try:
        yield server
    finally:
        server.stop()
