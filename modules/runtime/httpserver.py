"""A small threaded HTTP/1.1 server on 127.0.0.1 whose sockets send at once (TCP_NODELAY)."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class NoDelayServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that disables Nagle's algorithm on every accepted socket.

    Without TCP_NODELAY a small response written after its headers waits for the peer's
    delayed ACK (40 ms on Linux, more elsewhere) and a warm invocation takes ~90 ms.
    """

    daemon_threads = True
    # socketserver's default backlog of 5 resets connections past it: a burst of clients
    # (a page's parallel calls, a load test) must wait in the queue instead.
    request_queue_size = 1024
    block_on_close = False
    allow_reuse_address = True

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore a peer that went away (a killed runtime, a client that hung up)."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)

    def serve_in_thread(self, name: str) -> threading.Thread:
        # A short poll interval lets stop() return quickly.
        thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
        )
        thread.start()
        return thread

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class QuietHandler(BaseHTTPRequestHandler):
    """A keep-alive handler that writes each response in one send and logs nothing."""

    protocol_version = "HTTP/1.1"
    server_version = "local"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent: callers report what matters themselves."""

    def read_body(self) -> bytes:
        """Return the request body, sent with Content-Length or chunked."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    # Trailers end with an empty line.
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send(
        self,
        status: int,
        body: bytes = b"",
        headers: Iterable[tuple[str, str]] = (),
        reason: str | None = None,
    ) -> None:
        """Write the status line, headers and body in one write."""
        phrase = reason or _reason(status)
        lines = [f"{self.protocol_version} {status} {phrase}"]
        lines.extend(f"{name}: {value}" for name, value in headers)
        lines.append(f"Content-Length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", errors="replace")
        self.wfile.write(head + body)
        self.wfile.flush()


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
