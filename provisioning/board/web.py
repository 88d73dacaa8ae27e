"""The web edges of the board: bounded form bodies, cookies, the user's language, security headers, safe redirects.

Forms are ``application/x-www-form-urlencoded`` only, at most :data:`MAX_FORM_BYTES` and
:data:`MAX_FIELDS` fields, UTF-8; anything else is a 400/413/415 page in the user's language. Every
response carries a strict Content-Security-Policy (no script at all, styles and images from the
board itself), ``nosniff``, no framing and no referrer to other sites.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from checks.i18n import LANGS

MAX_FORM_BYTES = 16 * 1024
MAX_FIELDS = 20
LANG_COOKIE = "qpfleet_lang"
SESSION_COOKIE = "__Host-qpfleet_session"
LOGIN_COOKIE = "__Host-qpfleet_login"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def lang_of(request: Request) -> str:
    """The user's language: the switch's cookie, else Chinese (the board is Chinese first)."""
    value = request.cookies.get(LANG_COOKIE, "")
    return value if value in LANGS else "zh"


def safe_next(value: str | None, default: str = "/sites") -> str:
    """A local path to go back to (never another site: no scheme, no ``//``, no backslash, no control)."""
    if not value or len(value) > 500 or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return default
    return value


async def read_form(request: Request) -> dict[str, str]:
    """The fields of a urlencoded form, bounded in size and number (first value of each name)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = request.headers.get("content-length")
    if not ctype and declared in (None, "0") and "transfer-encoding" not in request.headers:
        return {}  # an empty post (no fields at all)
    if ctype != "application/x-www-form-urlencoded":
        raise HTTPException(415, "form.type")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_FORM_BYTES):
        raise HTTPException(413, "form.too_large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, "form.too_large")
    try:
        pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS,
                                       errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(400, "form.bad") from None
    form: dict[str, str] = {}
    for key, value in pairs:
        form.setdefault(key, value)
    return form


def same_origin(request: Request) -> bool:
    """A browser's POST names its origin: it must be this board (no header: a non-browser client, the token decides)."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


def cookie_args(max_age: int | None, *, strict: bool = True) -> dict[str, Any]:
    return {"max_age": max_age, "path": "/", "secure": True, "httponly": True,
            "samesite": "strict" if strict else "lax"}


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, ``no-store`` on every page."""

    def __init__(self, app: ASGIApp, board: Any = None) -> None:
        self.app = app
        self.board = board  # the application's state, for the server command

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                headers += SECURITY_HEADERS
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
