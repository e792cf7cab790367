"""The gunicorn worker `sourcemark serve` runs (gthread, with a deadline on reading each request) and its logger.

gunicorn's threaded worker keeps idle connections in its poller, but once a thread starts
reading a request it blocks on the socket with no timeout: a client that sends a few bytes
a second holds that thread forever, and a handful of them starve the worker. Here every
socket a worker serves is read against a deadline (SOURCEMARK_READ_TIMEOUT seconds for the
whole request, headers and body), and each send waits at most that long for the client to
take the answer. A client past the deadline is disconnected; the thread is free again.
"""
from __future__ import annotations

import socket
import time
import weakref

from gunicorn.glogging import Logger
from gunicorn.http.errors import NoMoreData
from gunicorn.workers import gthread
from gunicorn.workers.gthread import TConn, ThreadWorker

from ..core.safe_text import escape_control

# Set from the settings table by gunicorn.conf.py before the worker starts.
READ_TIMEOUT = 10.0
_deadlines: "weakref.WeakKeyDictionary[socket.socket, float]" = weakref.WeakKeyDictionary()
# Sockets being closed: gunicorn drains them on the worker's main thread (for up to 2 s each,
# and our deadline would stretch that); here the drain takes only what has already arrived.
_closing: "weakref.WeakSet[socket.socket]" = weakref.WeakSet()


class ReadTimeout(NoMoreData):
    """The request was not received in time: gthread drops the connection quietly, like a client that left."""

    timed_out = True  # the API answers a body cut off by it with 408, not 400 (serving.api.unreadable_body)

    def __str__(self) -> str:
        return f"request not received within {READ_TIMEOUT:g} s"


class DeadlineSocket(socket.socket):
    """A socket whose blocking reads share one deadline per request (no new slots: swapped in place)."""

    __slots__ = ()

    def setblocking(self, flag: bool) -> None:
        # gthread calls setblocking(True) when a thread takes the connection to read a request.
        if self in _closing:
            return
        if flag:
            _deadlines[self] = time.monotonic() + READ_TIMEOUT
            super().settimeout(READ_TIMEOUT)
        else:
            _deadlines.pop(self, None)
            super().setblocking(False)

    def shutdown(self, how: int) -> None:
        # gunicorn half-closes, then reads until the client closes: twenty slow clients cut off
        # at once held the main thread (which accepts every connection) for seconds. Drain only
        # what is already buffered (enough to avoid a reset), without waiting.
        _deadlines.pop(self, None)
        _closing.add(self)
        super().settimeout(0.0)
        super().shutdown(how)

    def settimeout(self, value) -> None:
        if self not in _closing:
            super().settimeout(value)

    def _arm(self) -> None:
        deadline = _deadlines.get(self)
        if deadline is None:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ReadTimeout(b"")
        super().settimeout(remaining)

    def recv(self, *args, **kwargs):
        self._arm()
        try:
            return super().recv(*args, **kwargs)
        except TimeoutError:
            raise ReadTimeout(b"") from None
        except BlockingIOError:
            if self in _closing:
                return b""  # nothing more buffered: the drain is over
            raise

    def recv_into(self, *args, **kwargs):
        self._arm()
        try:
            return super().recv_into(*args, **kwargs)
        except TimeoutError:
            raise ReadTimeout(b"") from None
        except BlockingIOError:
            if self in _closing:
                return 0
            raise

    def sendall(self, *args, **kwargs):
        # The answer gets its own allowance: a client that stops reading it is let go too.
        _deadlines.pop(self, None)
        super().settimeout(READ_TIMEOUT)
        return super().sendall(*args, **kwargs)


# gthread lets a thread wait up to 5 s for a new connection's first bytes: 20 silent connections
# held 20 threads for 5 s each. A connection with nothing to read after a moment goes back to the
# poller instead (no thread), where keepalive seconds of silence close it.
gthread.DEFAULT_WORKER_DATA_TIMEOUT = 0.05


class DeadlineThreadWorker(ThreadWorker):
    """gthread whose client sockets are DeadlineSockets."""

    def enqueue_req(self, conn: TConn):
        if type(conn.sock) is socket.socket:  # TLS-wrapped sockets keep gunicorn's own class
            conn.sock.__class__ = DeadlineSocket
        return super().enqueue_req(conn)


class EscapingLogger(Logger):
    """gunicorn's logger with every request-derived access-log field escaped (CR/LF cannot forge lines)."""

    def atoms(self, resp, req, environ, request_time):
        return {key: escape_control(value) if isinstance(value, str) else value
                for key, value in super().atoms(resp, req, environ, request_time).items()}
