"""The board's routes (Starlette): login, sites, a site, an enterprise, a terminal, dispatch, search, audit.

Every page needs a session (anonymous requests are sent to the login page, anonymous writes
refused); every form carries the session's CSRF token; only dispatchers and admins write, only
admins read the audit log. The database work of a request runs in a worker thread with its own
:class:`Store`; errors become pages in the user's language (404, 400, 403, 413, 429, 503), never
a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from checks import __version__
from checks.errors import InputError, QpError
from checks.i18n import render as in_lang
from checks.i18n import t
from provisioning.board import actions, auth, texts
from provisioning.board.chart import sparkline, step_chart
from provisioning.board.data import Overview, OverviewCache, build_overview
from provisioning.board.details import (
    changes_of,
    dispatch_view,
    enterprise_view,
    log_of,
    search,
    terminal_view,
)
from provisioning.board.registry_watch import Loaded, RegistryHolder
from provisioning.board.render import environment, render
from provisioning.board.web import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SecurityHeaders,
    cookie_args,
    lang_of,
    read_form,
    safe_next,
    same_origin,
)
from provisioning.dispatch.calendar import SHANGHAI
from provisioning.dispatch.ops import is_after_cutoff
from provisioning.dispatch.store import Store

log = logging.getLogger("qpfleet.board")
PAGE_SIZE = 100
STATIC = Path(__file__).parent / "static"
assert texts  # the board's words are registered on import


@dataclass
class BoardConfig:
    """What ``qpfleet serve`` was given."""

    inventory: Path
    db: Path
    ledger: Path | None = None
    calendar: str | None = None
    allow_estimate: bool = False
    cutoff: dt.time = dt.time(17, 30)
    now: dt.datetime | None = None  # a fixed business clock (demos, tests); sessions keep the real one
    reload_interval: float = 2.0


@dataclass
class Ctx:
    request: Request
    store: Store
    session: auth.Session
    lang: str
    form: dict[str, str]
    loaded: Loaded

    @property
    def ip(self) -> str:
        return self.request.client.host if self.request.client else ""


Handler = Callable[[Ctx], Response]


def _param(value: str, where: str) -> str:
    """A path or query value: at most 64 printable characters, else a 400 page."""
    if not value or len(value) > 64 or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise HTTPException(400, "error.bad_id")
    return value


class Board:
    """The application's state: config, calendar, the registry holder, the overview cache, the templates."""

    def __init__(self, cfg: BoardConfig) -> None:
        from provisioning.dispatch.calendar import load_overrides

        self.cfg = cfg
        Store(cfg.db).close()  # create or migrate now; a newer database refuses here, before serving
        self.calendar = load_overrides(cfg.calendar, allow_estimate=cfg.allow_estimate)
        self.registry = RegistryHolder(cfg.inventory, self.today, cfg.reload_interval)
        self.cache = OverviewCache(cfg.db)
        self.env = environment()

    # clocks: the business clock (dispatch) may be fixed; sessions, rate limits and the audit use the real one
    def now(self) -> dt.datetime:
        return self.cfg.now or dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return self.now().astimezone(SHANGHAI).date()

    def day_over(self) -> bool:
        """Past today's cut-off (17:30 by default): a visit due today is late (as ``dispatch board`` says)."""
        return is_after_cutoff(self.now(), self.cfg.cutoff)

    @staticmethod
    def real_now() -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    # --- rendering -------------------------------------------------------------------------------------
    def banners(self, loaded: Loaded, lang: str) -> list[dict[str, Any]]:
        out = []
        if loaded.errors:
            out.append({"kind": "error", "title": t("banner.registry", lang, n=len(loaded.errors)),
                        "lines": [in_lang(line, lang) for line in loaded.errors[:20]]})
        if loaded.prices_error:
            out.append({"kind": "warn", "title": t("banner.prices", lang), "lines": [in_lang(loaded.prices_error, lang)]})
        today = self.today()
        if self.calendar.coverage_warning(today):
            until = self.calendar.covered_until()
            command = "qpfleet dispatch calendar import-notice " + ("通知.txt" if lang == "zh" else "NOTICE.txt") \
                + " --write"
            text = escape(t("banner.calendar_text", lang, until=until.isoformat(), days=(until - today).days,
                            command="\x00"))
            out.append({"kind": "warn", "title": t("banner.calendar", lang),  # the command set as code
                        "lines": [text.replace("\x00", Markup("<code>{}</code>").format(command))]})
        return out

    def page(self, request: Request, template: str, lang: str, session: auth.Session | None, loaded: Loaded | None,
             status: int = 200, **context: Any) -> HTMLResponse:
        html = render(self.env, template, lang, session=session, path=request.url.path, version=__version__,
                      banners=self.banners(loaded, lang) if loaded else [], q=context.pop("q", ""), **context)
        return HTMLResponse(html, status_code=status)

    def error(self, request: Request, status: int, key: str, session: auth.Session | None = None,
              detail: str = "") -> HTMLResponse:
        lang = lang_of(request)
        return self.page(request, "error.html", lang, session, None, status, status_code=status,
                         title=t(f"error.{status}", lang), message=t(key, lang), detail=detail)

    # --- the request wrapper -----------------------------------------------------------------------------
    def endpoint(self, fn: Handler, roles: tuple[str, ...] = auth.ROLES,
                 write: bool = False) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request) -> Response:
            form = await read_form(request) if request.method == "POST" else {}
            return await run_in_threadpool(self._run, request, fn, form, roles, write)

        return handler

    def _run(self, request: Request, fn: Handler, form: dict[str, str], roles: tuple[str, ...],
             write: bool) -> Response:
        lang = lang_of(request)
        try:
            store = Store(self.cfg.db)
        except QpError as exc:
            return self.error(request, 503, "error.database", detail=exc.text(lang))
        try:
            session = auth.session_for(store, request.cookies.get(SESSION_COOKIE), self.real_now())
            if session is None:
                if request.method == "GET":
                    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                    return RedirectResponse("/login?next=" + urllib.parse.quote(target, safe=""), 303)
                return self.error(request, 403, "error.login_required")
            ctx = Ctx(request, store, session, lang, form, self.registry.current())
            if request.method == "POST" and not (same_origin(request) and auth.csrf_matches(session, form.get("csrf"))):
                actions.refused(store, session.user, "csrf", request.url.path, self.real_now(), ctx.ip)
                return self.error(request, 403, "error.csrf", session)
            if session.role not in roles:
                if write:
                    actions.refused(store, session.user, "role", request.url.path, self.real_now(), ctx.ip)
                return self.error(request, 403, "error.role", session)
            return fn(ctx)
        except actions.Conflict as exc:
            return self.error(request, 409, "error.conflict", detail=in_lang(exc.msg, lang))
        except actions.FormProblem as exc:
            return self.error(request, 400, "error.form", detail=f"{exc.where}: {t(exc.key, lang)}")
        except InputError as exc:
            return self.error(request, 400, "error.form", detail=exc.text(lang))
        except QpError as exc:
            return self.error(request, 503, "error.database", detail=exc.text(lang))
        finally:
            store.close()

    # --- pages ---------------------------------------------------------------------------------------------
    def overview(self, ctx: Ctx) -> Overview:
        today, day_over = self.today(), self.day_over()
        return self.cache.get(ctx.loaded.generation, today, lambda: build_overview(
            ctx.store, ctx.loaded.registry, self.calendar, self.cfg.cutoff, today, day_over), day_over)

    def sites(self, ctx: Ctx) -> Response:
        ov = self.overview(ctx)
        lang = ctx.lang
        chart = Markup(step_chart(ov.series, ov.total.approved, title=t("chart.title", lang),  # noqa: S704
                                  target_label=t("chart.approved", lang), value_label=t("chart.switched", lang)))
        sparks = {s.code: Markup(sparkline(s.series, s.counts.approved,  # noqa: S704
                                           label=t("chart.spark", lang, site=s.name))) for s in ov.sites}
        return self.page(ctx.request, "sites.html", lang, ctx.session, ctx.loaded, ov=ov, chart=chart, sparks=sparks)

    def site(self, ctx: Ctx) -> Response:
        code = _param(ctx.request.path_params["code"], "site")
        ov = self.overview(ctx)
        site = next((s for s in ov.sites if s.code == code), None)
        if site is None:
            raise HTTPException(404, "error.no_site")
        page = _page_number(ctx.request)
        pages = max(1, -(-len(site.enterprises) // PAGE_SIZE))
        if page > pages:
            raise HTTPException(404, "error.no_page")
        rows = site.enterprises[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        chart = Markup(step_chart(site.series, site.counts.approved, title=t("chart.title_site", ctx.lang,  # noqa: S704
                                                                             site=site.name),
                                  target_label=t("chart.approved", ctx.lang), value_label=t("chart.switched", ctx.lang)))
        return self.page(ctx.request, "site.html", ctx.lang, ctx.session, ctx.loaded, site=site, rows=rows,
                         page=page, pages=pages, chart=chart)

    def enterprise(self, ctx: Ctx) -> Response:
        code = _param(ctx.request.path_params["code"], "enterprise")
        ent = ctx.loaded.registry.enterprises.get(code)
        if ent is None:
            raise HTTPException(404, "error.no_enterprise")
        view = enterprise_view(ctx.store, ctx.loaded, ent, self.calendar, self.cfg.cutoff, self.today(), ctx.lang,
                               self.cfg.ledger)
        return self.page(ctx.request, "enterprise.html", ctx.lang, ctx.session, ctx.loaded, v=view,
                         ledger=self.cfg.ledger is not None)

    def terminal(self, ctx: Ctx) -> Response:
        host = _param(ctx.request.path_params["host"], "terminal")
        view = terminal_view(ctx.store, ctx.loaded, host)
        if view is None:
            raise HTTPException(404, "error.no_terminal")
        return self.page(ctx.request, "terminal.html", ctx.lang, ctx.session, ctx.loaded, v=view,
                         changes_of=changes_of, log_of=log_of)

    def dispatch(self, ctx: Ctx) -> Response:
        raw = ctx.request.query_params.get("plan")
        plan_id = None
        if raw is not None:
            if not raw.isdigit() or len(raw) > 9:
                raise HTTPException(400, "error.bad_id")
            plan_id = int(raw)
        view = dispatch_view(ctx.store, ctx.loaded, self.calendar, self.cfg.cutoff, self.today(), plan_id,
                             self.day_over())
        return self.page(ctx.request, "dispatch.html", ctx.lang, ctx.session, ctx.loaded, v=view,
                         done=ctx.request.query_params.get("done", ""))

    def report_visit(self, ctx: Ctx) -> Response:
        form = actions.parse_visit_form(ctx.form)
        actions.report_visit(ctx.store, ctx.session, form, self.now(), ctx.ip, self.calendar, self.cfg.cutoff)
        return RedirectResponse(f"/dispatch?done={urllib.parse.quote(form.ref)}#visits", 303)

    def replan(self, ctx: Ctx) -> Response:
        plan_id = actions.replan(ctx.store, ctx.session, self.now(), ctx.ip, self.calendar, self.cfg.cutoff)
        return RedirectResponse(f"/dispatch?plan={plan_id}#plan", 303)

    def search(self, ctx: Ctx) -> Response:
        q = ctx.request.query_params.get("q", "")
        if len(q) > 100:
            raise HTTPException(400, "error.search_long")
        found = search(ctx.store, ctx.loaded, q)
        return self.page(ctx.request, "search.html", ctx.lang, ctx.session, ctx.loaded, q=q, found=found)

    def audit(self, ctx: Ctx) -> Response:
        rows = [dict(r) for r in ctx.store.query("SELECT * FROM audit ORDER BY id DESC LIMIT 300")]
        for r in rows:
            r["at"] = dt.datetime.fromisoformat(r["at"])
        return self.page(ctx.request, "audit.html", ctx.lang, ctx.session, ctx.loaded, rows=rows)

    def logout(self, ctx: Ctx) -> Response:
        auth.logout(ctx.store, ctx.session, self.real_now(), ctx.ip)
        response = RedirectResponse("/login", 303)
        response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
        return response

    # --- login (no session yet) ----------------------------------------------------------------------------
    async def login(self, request: Request) -> Response:
        form = await read_form(request) if request.method == "POST" else {}
        return await run_in_threadpool(self._login, request, form)

    def _login(self, request: Request, form: dict[str, str]) -> Response:
        import secrets

        lang = lang_of(request)
        nxt = safe_next(request.query_params.get("next") or form.get("next"))
        try:
            store = Store(self.cfg.db)
        except QpError as exc:
            return self.error(request, 503, "error.database", detail=exc.text(lang))
        try:
            if auth.session_for(store, request.cookies.get(SESSION_COOKIE), self.real_now()):
                return RedirectResponse(nxt, 303)
            status, message = 200, ""
            if request.method == "POST":
                sent, expected = form.get("csrf", ""), request.cookies.get(LOGIN_COOKIE, "")
                if not (same_origin(request) and expected and secrets.compare_digest(sent.encode(), expected.encode())):
                    return self.error(request, 403, "error.csrf")
                ip = request.client.host if request.client else ""
                try:
                    token, session = auth.login(store, form.get("name", "")[:64], form.get("password", ""), ip,
                                                self.real_now())
                except auth.LoginRefused as exc:
                    status, message = (429, "login.limited") if exc.kind == "limited" else (401, "login.bad")
                else:
                    done = RedirectResponse(nxt, 303)
                    done.set_cookie(SESSION_COOKIE, token, **cookie_args(auth.SESSION_HOURS * 3600))
                    done.delete_cookie(LOGIN_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
                    log.info("login %s from %s", session.user, ip)
                    return done
            token = secrets.token_urlsafe(32)
            response = self.page(request, "login.html", lang, None, None, status, csrf=token, next=nxt,
                                 message=message, username=form.get("name", "")[:64])
            response.set_cookie(LOGIN_COOKIE, token, **cookie_args(1800))
            return response
        finally:
            store.close()

    async def set_lang(self, request: Request) -> Response:
        lang = request.path_params["lang"]
        if lang not in ("zh", "en"):
            raise HTTPException(404, "error.not_found")
        response = RedirectResponse(safe_next(request.query_params.get("next")), 303)
        response.set_cookie("qpfleet_lang", lang, **cookie_args(365 * 86400, strict=False))
        return response

    async def home(self, request: Request) -> Response:
        return RedirectResponse("/sites", 303)

    # --- errors --------------------------------------------------------------------------------------------
    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        key = exc.detail if isinstance(exc.detail, str) and "." in exc.detail else f"error.{exc.status_code}.text"
        if exc.status_code == 405:
            key = "error.method"
        return self.error(request, exc.status_code, key)

    async def server_error(self, request: Request, exc: Exception) -> Response:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return self.error(request, 500, "error.internal")


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    if not raw.isdigit() or len(raw) > 5 or int(raw) < 1:
        raise HTTPException(400, "error.bad_page")
    return int(raw)


def create_app(cfg: BoardConfig) -> SecurityHeaders:
    """The ASGI application (raises the registry's :class:`ValidationErrors` or an InputError before serving).

    The security headers wrap everything, the 500 page of Starlette's outermost error middleware included;
    ``app.board`` is the :class:`Board`.
    """
    board = Board(cfg)
    writers = auth.WRITERS
    routes = [
        Route("/", board.home),
        Route("/login", board.login, methods=["GET", "POST"]),
        Route("/logout", board.endpoint(board.logout), methods=["POST"]),
        Route("/lang/{lang}", board.set_lang),
        Route("/sites", board.endpoint(board.sites)),
        Route("/sites/{code}", board.endpoint(board.site)),
        Route("/enterprises/{code}", board.endpoint(board.enterprise)),
        Route("/terminals/{host}", board.endpoint(board.terminal)),
        Route("/dispatch", board.endpoint(board.dispatch)),
        Route("/dispatch/visit", board.endpoint(board.report_visit, writers, write=True), methods=["POST"]),
        Route("/dispatch/replan", board.endpoint(board.replan, writers, write=True), methods=["POST"]),
        Route("/search", board.endpoint(board.search)),
        Route("/audit", board.endpoint(board.audit, ("admin",))),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: board.http_error, Exception: board.server_error})
    return SecurityHeaders(app, board)
