"""What the SPARQL endpoint checks before a request reaches the query engine.

:class:`RequestGuard` is an ASGI middleware in front of the endpoint
(:func:`geokg.server.create_app`):

* with a ``token``, every request must carry ``Authorization: Bearer <token>``
  (compared in constant time); others get HTTP 401. ``geokg serve --token``
  (or ``GEOKG_TOKEN``) sets it, which is how an endpoint bound to anything
  but loopback keeps strangers out;
* a request whose body or query string is larger than ``max_bytes`` gets
  HTTP 413 (body) or 414 (URL) before anything parses it, since rdflib's
  SPARQL parser is slow on megabytes of text.

A body without ``Content-Length`` (chunked) is read up to the limit and no
further. The checks answer with the endpoint's JSON error form,
``{"message": ...}``.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["DEFAULT_MAX_REQUEST_BYTES", "RequestGuard"]

#: Largest query string or request body accepted: a SPARQL query of a few
#: thousand IRIs fits; rdflib parses 60 kB of query in about half a second.
DEFAULT_MAX_REQUEST_BYTES = 64 * 1024

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RequestGuard:
    """ASGI middleware: an optional bearer token, and a size limit on requests.

    Args:
        app: the application it guards.
        token: the bearer token every request must present (None: no check).
        max_bytes: the largest request body, and the largest query string.

    Example:
        >>> from fastapi import FastAPI
        >>> app = RequestGuard(FastAPI(), token="s3cret", max_bytes=1024)
        >>> app.max_bytes
        1024
    """

    def __init__(
        self, app: ASGIApp, *, token: str | None = None, max_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    ) -> None:
        if token is not None and not token.strip():
            raise ValueError("the bearer token must not be empty")
        self.app = app
        self.token = token.encode("utf-8") if token is not None else None
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # CORS preflights carry no credentials and no query; the CORS layer answers them.
        if self.token is not None and scope["method"] != "OPTIONS" and not self._authorized(scope):
            await _reply(
                send,
                401,
                "a bearer token is required: send 'Authorization: Bearer <token>'",
                [(b"www-authenticate", b'Bearer realm="geokg"')],
            )
            return
        if len(scope.get("query_string", b"")) > self.max_bytes:
            await _reply(
                send, 414, f"the URL is longer than {self.max_bytes:,} bytes; POST the query"
            )
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _reply(send, 413, self._too_large())
            return
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await _reply(send, 413, self._too_large())
                return
        await self.app(scope, _replay(bytes(body), receive), send)

    def _authorized(self, scope: Scope) -> bool:
        assert self.token is not None
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                scheme, _, presented = value.partition(b" ")
                return scheme.lower() == b"bearer" and hmac.compare_digest(
                    presented.strip(), self.token
                )
        return False

    def _too_large(self) -> str:
        return f"the request is larger than {self.max_bytes:,} bytes, this endpoint's limit"


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app the body already read, then waits as the server would."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _reply(
    send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    payload = json.dumps({"message": message}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode("ascii")),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
