"""Mail servers the tests start on this machine: a real SMTP server that can refuse addresses, and
one that accepts connections and never answers."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Received:
    """What an SMTP server started by a test was given."""

    messages: list[tuple[list[str], bytes]] = field(default_factory=list)

    @property
    def recipients(self) -> list[str]:
        return sorted(address for to, _content in self.messages for address in to)


class _Handler:
    def __init__(self, received: Received, refused: set[str]) -> None:
        self.received = received
        self.refused = refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


@contextlib.contextmanager
def smtp_server(*, refused: set[str] = frozenset()) -> Iterator[tuple[int, Received]]:
    """A real SMTP server on a free local port; ``refused`` addresses get "550"."""
    received = Received()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(_Handler(received, set(refused)), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A server that accepts every connection and never says a word: a mail server that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _address = listener.accept()
            except OSError:
                continue
            held.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in held:
            connection.close()
        listener.close()


@contextlib.contextmanager
def fails_after(seconds: float) -> Iterator[None]:
    """Raise ``TimeoutError`` in this (the main) thread if the block takes longer than ``seconds``:
    a test of something that must not hang fails instead of hanging the suite."""
    import signal

    def expired(_signal, _frame):
        raise TimeoutError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
