"""The debtor portal: an ASGI app (Starlette) to mount in the integrator's own app."""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from jinja2 import PackageLoader, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from .._core._errors import DunningError, InputError, LinkError, PaymentPlanError
from .._core._format import format_date, format_money
from .._core._incentive import IncentiveOffer
from .._core._kinds import ChannelKind
from .._core._models import Creditor, Debtor
from .._core._text import parse_locale
from .._core._timezones import ensure_aware
from ..conversation import PaymentPlan, PlanRules, offer_plans
from ..events import (
    AgentHandoff,
    ConsentGranted,
    ConsentRevoked,
    DisputeClosed,
    DisputeOpened,
    Event,
    MessageSent,
    PaymentPlanAccepted,
    PaymentReceived,
    PaymentReported,
    PromiseToPay,
)
from ..policy import ContactPolicy, for_country
from ._account import Account, DebtLine, account
from ._once import Once
from ._store import PortalStore
from ._strings import LANGUAGES, TEXT
from ._throttle import Buckets, Throttle
from ._tokens import Signer, nonce, secrets_of

__all__ = ["PURPOSES", "Portal", "RedactLinks"]

log = logging.getLogger("dunning.portal")

PURPOSES = ("account", "plan", "promise", "report", "dispute", "advisor", "preferences")
"""What a link opens: ``account`` is the whole portal; every other purpose opens that one flow
only (an opt-out link in a message footer is a ``preferences`` link)."""

_PAGES = frozenset(PURPOSES) | {"done"}
_DONE = frozenset(PURPOSES) - {"account"}
LINK_LIMIT = Throttle(per_minute=10, burst=10)
FORM_LIMIT = Throttle(per_minute=20, burst=10)
_COOKIE = "dunning_portal"
_MAX_BODY = 16_384
_MAX_TEXT = 500
_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RedactLinks(logging.Filter):
    """A logging filter that hides link tokens (``/l/<token>``) in records: add it to your
    server's access log, which writes every path it serves.

    >>> import logging
    >>> record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s "GET %s"',
    ...                            ("1.2.3.4", "/portal/l/eyJkIjo.abc"), None)
    >>> RedactLinks().filter(record), record.getMessage()
    (True, '1.2.3.4 "GET /portal/l/[redacted]"')
    """

    _TOKEN = re.compile(r"/l/[^\s\"'?#]+")

    def _clean(self, value: object) -> object:
        return self._TOKEN.sub("/l/[redacted]", value) if isinstance(value, str) else value

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._clean(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(self._clean(a) for a in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {k: self._clean(v) for k, v in record.args.items()}
        return True


class _Refused(Exception):
    """A request the portal answers with an error page (``status``, a text key)."""

    def __init__(self, status: int, key: str, *, wait: float = 0.0) -> None:
        super().__init__(key)
        self.status, self.key, self.wait = status, key, wait


@dataclass(slots=True)
class _Visit:
    """One authenticated request: the debtor of the session, what it may open, until when,
    and (for a POST) the one-time id of the form it sends."""

    debtor: Debtor
    scope: str
    nonce: str
    expires: datetime
    now: datetime
    root: str
    form_id: str = ""

    @property
    def form_key(self) -> str:
        return f"{self.debtor.id}/{self.nonce}/{self.form_id}"


class Portal:
    """The debtor self-service portal, an ASGI app: mount it, then send debtors :meth:`link` s.

    * ``secret``: at least 32 random bytes (or several, newest first, to rotate); it signs
      links, session cookies and form tokens and never appears in a page, a log or a repr.
    * ``store``: a :class:`PortalStore` (your database; :class:`MemoryStore` for tests).
    * ``creditor``: who collects (named on every page).
    * ``base_url``: where the portal is mounted (``https://pay.example.com/portal``), for links.
    * ``plan_rules``, ``policy``: what payment plans to offer (see :func:`~dunning.conversation.
      offer_plans`); ``promise_days``: how far ahead a promise may go; ``verify_days``: how long
      reminders pause after the debtor reports a payment.
    * ``link_limit``, ``form_limit``: rate limits (:class:`Throttle`) for opening links (per
      link and per client address) and for forms (per debtor and per address).
    * ``session``: how long a session lasts after a link is opened; ``secure_cookie``: send
      the cookie over HTTPS only (turn off only for local tests on ``http://``);
      ``same_site``: ``"lax"`` (default: the link opens from WhatsApp or mail) or ``"strict"``.
    * ``clock``: the real time (aware ``datetime``), injectable for tests.

    >>> from datetime import UTC, datetime, timedelta
    >>> from dunning import Creditor, Debtor
    >>> from dunning.portal import MemoryStore, Portal
    >>> portal = Portal(secret="s" * 32, store=MemoryStore([Debtor(id="c-1", name="Ana",
    ...                 country="CL")]), creditor=Creditor(name="Tienda Sur"),
    ...                 base_url="https://pay.example.cl/portal")
    >>> url = portal.link("c-1", purpose="account", expires=timedelta(days=7),
    ...                   as_of=datetime(2026, 12, 1, 12, tzinfo=UTC))
    >>> url.startswith("https://pay.example.cl/portal/l/"), "s" * 32 in url
    (True, False)
    """

    def __init__(
        self,
        *,
        secret: str | bytes | list[str | bytes] | tuple[str | bytes, ...],
        store: PortalStore,
        creditor: Creditor,
        base_url: str = "",
        plan_rules: PlanRules | None = None,
        policy: ContactPolicy | None = None,
        promise_days: int = 30,
        verify_days: int = 5,
        link_limit: Throttle = LINK_LIMIT,
        form_limit: Throttle = FORM_LIMIT,
        session: timedelta = timedelta(minutes=30),
        secure_cookie: bool = True,
        same_site: str = "lax",
        language: str = "es",
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        keys = secrets_of(secret)
        self._links = Signer(keys, kind="link")
        self._sessions = Signer(keys, kind="session")
        self._forms = Signer(keys, kind="csrf")
        self._once = Once()
        self.store = store
        self.creditor = creditor
        self.base_url = base_url.rstrip("/")
        self.plan_rules = plan_rules
        self.policy = policy
        if not 1 <= promise_days <= 366:
            raise InputError("promise_days must be 1 to 366", field="promise_days")
        if not 0 <= verify_days <= 60:
            raise InputError("verify_days must be 0 to 60", field="verify_days")
        self.promise_days = promise_days
        self.verify_days = verify_days
        self._link_buckets = Buckets(link_limit)
        self._form_buckets = Buckets(form_limit)
        if not timedelta(minutes=1) <= session <= timedelta(days=1):
            raise InputError("session must last 1 minute to 1 day", field="session")
        self.session = session
        self.secure_cookie = secure_cookie
        if same_site not in ("lax", "strict"):
            raise InputError("same_site must be 'lax' or 'strict'", field="same_site")
        self.same_site = same_site
        self.language = language if language in LANGUAGES else "en"
        self.clock = clock or (lambda: datetime.now(UTC))
        self._env = SandboxedEnvironment(
            loader=PackageLoader("dunning.portal", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        routes = [
            Route("/", self._endpoint, methods=["GET"]),
            Route("/l/{token}", self._open, methods=["GET"]),
            Route("/done/{what}", self._endpoint, methods=["GET"]),
            Route("/static/portal.css", self._css, methods=["GET"]),
            Route("/{page}", self._endpoint, methods=["GET", "POST"]),
        ]
        self.app = Starlette(routes=routes)

    def __repr__(self) -> str:
        return f"Portal(creditor={self.creditor.name!r}, base_url={self.base_url!r})"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    # --- links --------------------------------------------------------------------------------

    def link(
        self,
        debtor: Debtor | str,
        *,
        purpose: str = "account",
        expires: timedelta | datetime = timedelta(days=7),
        as_of: datetime,
    ) -> str:
        """A signed link that opens ``purpose`` (one of :data:`PURPOSES`) for ``debtor`` until
        ``expires`` (a duration from ``as_of``, or an aware instant), for a message to carry."""
        ensure_aware(as_of, "as_of")
        debtor_id = debtor.id if isinstance(debtor, Debtor) else debtor
        if not isinstance(debtor_id, str) or not debtor_id:
            raise InputError("debtor must be a Debtor or its id", field="debtor")
        if purpose not in PURPOSES:
            raise InputError(
                f"purpose must be one of {', '.join(PURPOSES)}", field="purpose", value=purpose
            )
        until = as_of + expires if isinstance(expires, timedelta) else expires
        ensure_aware(until, "expires")
        if not as_of < until <= as_of + timedelta(days=90):
            raise InputError("a link must expire after as_of and within 90 days", field="expires")
        token = self._links.sign(debtor_id, purpose, expires=until, nonce=nonce()[:8])
        return f"{self.base_url}/l/{token}"

    # --- HTTP ---------------------------------------------------------------------------------

    def _root(self, request: Request) -> str:
        return str(request.scope.get("root_path", "")).rstrip("/")

    def _client(self, request: Request) -> str:
        return request.client.host if request.client else "-"

    async def _open(self, request: Request) -> Response:
        now = self.clock()
        token = request.path_params["token"]
        digest = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:32]
        stamp = now.timestamp()
        ip_wait = self._link_buckets.take(f"ip:{self._client(request)}", stamp)
        link_wait = self._link_buckets.take(f"link:{digest}", stamp)
        if ip_wait or link_wait:
            log.warning("portal: too many link openings from one address or for one link")
            return self._error(request, None, _Refused(429, "error_busy", wait=ip_wait + link_wait))
        try:
            data = self._links.verify(token, purposes=PURPOSES, as_of=now)
            debtor = await run_in_threadpool(self.store.debtor, data.debtor_id)
            if debtor is None:
                raise LinkError("the link's debtor is unknown", reason="signature")
        except LinkError as error:
            log.warning("portal: link refused (%s)", error.reason)
            return self._error(request, None, _Refused(403, "error_link"))
        log.info("portal: link opened for debtor %s (%s)", debtor.id, data.purpose)
        cookie = self._sessions.sign(
            debtor.id, data.purpose, expires=min(now + self.session, data.expires), nonce=nonce()
        )
        root = self._root(request)
        landing = "/" if data.purpose == "account" else f"/{data.purpose}"
        response = RedirectResponse(root + landing, status_code=303)
        response.set_cookie(
            _COOKIE,
            cookie,
            max_age=int(self.session.total_seconds()),
            path=root or "/",
            secure=self.secure_cookie,
            httponly=True,
            samesite=self.same_site,  # type: ignore[arg-type]
        )
        return _secure(response)

    async def _css(self, request: Request) -> Response:
        assert self._env.loader is not None
        source, _, _ = self._env.loader.get_source(self._env, "portal.css")
        response = PlainTextResponse(source, media_type="text/css")
        response.headers["Cache-Control"] = "public, max-age=3600"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    def _visit(self, request: Request) -> _Visit:
        now = self.clock()
        try:
            data = self._sessions.verify(
                request.cookies.get(_COOKIE, ""), purposes=PURPOSES, as_of=now
            )
        except LinkError as error:
            log.info("portal: no valid session (%s)", error.reason)
            raise _Refused(403, "error_link") from None
        debtor = self.store.debtor(data.debtor_id)
        if debtor is None:
            raise _Refused(403, "error_link")
        return _Visit(debtor, data.purpose, data.nonce, data.expires, now, self._root(request))

    def _form_token(self, visit: _Visit) -> str:
        """A form's CSRF token: a fresh one-time id and its MAC bound to the session."""
        form_id = nonce()[:16]
        return f"{form_id}.{self._forms.tag(f'{visit.nonce}/{form_id}')}"

    def _replayed(self, visit: _Visit) -> bool:
        return bool(visit.form_id) and self._once.claimed(visit.form_key, as_of=visit.now)

    async def _endpoint(self, request: Request) -> Response:
        page = request.path_params.get("page", "account")
        what = request.path_params.get("what")
        if what is not None:
            page = "done"
        if page not in _PAGES or (page == "done") != (what in _DONE):
            return _secure(PlainTextResponse("Not Found", status_code=404))
        form: FormData | None = None
        visit: _Visit | None = None
        try:
            visit = await run_in_threadpool(self._visit, request)
            if visit.scope != "account" and page not in (visit.scope, "done"):
                raise _Refused(403, "error_scope")
            if request.method == "POST":
                form = await self._form(request, visit)
                if self._replayed(visit):
                    return self._done(visit, page, replay=True)
            response = await run_in_threadpool(self._page, request, visit, page, what, form)
            if form is not None and response.status_code >= 400 and self._replayed(visit):
                # A twin of this form was recorded while this one was checked (a double click:
                # the plan it chose is no longer offered): answer as the twin did.
                return self._done(visit, page, replay=True)
            return response
        except _Refused as refused:
            return self._error(request, visit, refused)

    async def _form(self, request: Request, visit: _Visit) -> FormData:
        stamp = visit.now.timestamp()
        waits = [
            self._form_buckets.take(f"debtor:{visit.debtor.id}", stamp),
            self._form_buckets.take(f"ip:{self._client(request)}", stamp),
        ]
        if any(waits):
            log.warning("portal: too many forms from debtor %s", visit.debtor.id)
            raise _Refused(429, "error_busy", wait=max(waits))
        length = request.headers.get("content-length")
        if length is None or not length.isdigit() or int(length) > _MAX_BODY:
            raise _Refused(413, "error_form")
        form = await request.form(max_files=0, max_fields=40, max_part_size=_MAX_BODY)
        token = form.get("csrf")
        form_id, _, tag = token.partition(".") if isinstance(token, str) else ("", "", "")
        if not (0 < len(form_id) <= 32 and self._forms.check_tag(f"{visit.nonce}/{form_id}", tag)):
            log.warning("portal: form without a valid CSRF token for debtor %s", visit.debtor.id)
            raise _Refused(403, "error_form")
        visit.form_id = form_id
        return form

    # --- pages --------------------------------------------------------------------------------

    def _page(
        self, request: Request, visit: _Visit, page: str, what: str | None, form: FormData | None
    ) -> Response:
        debtor = visit.debtor
        acct = account(
            debtor,
            self.store.debts(debtor.id),
            self.store.history(debtor.id),
            as_of=visit.now,
            needs_consent=self._needs_consent(debtor),
        )
        view = _View(self, visit, acct)
        if page == "done":
            return view.render("done.html", what=what)
        handler = getattr(self, f"_{page}")
        result: Response = handler(view, form)
        return result

    def _needs_consent(self, debtor: Debtor) -> frozenset[ChannelKind]:
        """Channels that need a recorded consent for ``debtor``: from ``policy`` when given, else
        the debtor's country's built-in policy; every channel when neither is known (the page
        then never claims a channel is on without a consent)."""
        if self.policy is not None:
            return frozenset(self.policy.consent_channels())
        try:
            return for_country(debtor.country, debtor.subdivision).consent_channels()
        except DunningError:
            return frozenset(ChannelKind)

    def _account(self, view: _View, form: FormData | None) -> Response:
        return view.render("account.html")

    def _plan(self, view: _View, form: FormData | None) -> Response:
        incentives = self._incentives(view.account)
        offers = self._offers(view.account, incentives)
        terms = _terms(offers, incentives)
        if form is not None:
            chosen = next((p for p in offers if p.id == form.get("plan")), None)
            try:
                if chosen is None:
                    raise PaymentPlanError("not a plan on offer now", field="plan")
                event = chosen.accept(at=view.visit.now, zone=view.account.debtor.zone)
            except PaymentPlanError:  # a stale choice (its offer ended): choose again
                return view.render(
                    "plan.html", offers=offers, terms=terms, error="bad_plan", status=400
                )
            return self._record(view, "plan", [event])
        return view.render("plan.html", offers=offers, terms=terms)

    def _incentives(self, acct: Account) -> list[IncentiveOffer]:
        """The store's offers for this debtor's open debts (see :class:`PortalStore`)."""
        source = getattr(self.store, "incentives", None)
        if source is None:
            return []
        mine = {line.debt.id for line in acct.open_lines}
        return [
            o for o in source(acct.debtor.id) if isinstance(o, IncentiveOffer) and o.debt_id in mine
        ]

    def _offers(self, acct: Account, incentives: list[IncentiveOffer]) -> list[PaymentPlan]:
        lines = [line for line in acct.open_lines if line.status not in ("in_plan",)]
        by_currency: dict[str, list[DebtLine]] = {}
        for line in lines:
            by_currency.setdefault(line.balance.currency, []).append(line)
        offers: list[PaymentPlan] = []
        for currency in sorted(by_currency):
            debts = [
                line.debt.model_copy(update={"outstanding": line.balance})
                for line in by_currency[currency]
            ]
            try:
                offers += offer_plans(
                    debts,
                    self.plan_rules,
                    as_of=acct.today,
                    policy=self.policy,
                    country=None if self.policy is not None else acct.debtor.country,
                    incentives=incentives,
                )
            except PaymentPlanError as error:  # nothing to offer: the page says an advisor helps
                log.info("portal: no plan for debtor %s (%s)", acct.debtor.id, error)
        return offers

    def _promise(self, view: _View, form: FormData | None) -> Response:
        last = view.account.today + timedelta(days=self.promise_days)
        if form is None:
            return view.render("promise.html", last=last)
        try:
            lines = view.chosen(form)
            day = _day(form.get("date"), view.account.today, last)
        except _Refused as refused:
            return view.render("promise.html", last=last, error=refused.key, status=400)
        at = view.visit.now
        events: list[Event] = [
            PromiseToPay(at=at, debt_id=line.debt.id, promised_date=day, amount=line.balance)
            for line in lines
        ]
        return self._record(view, "promise", events)

    def _report(self, view: _View, form: FormData | None) -> Response:
        today = view.account.today
        if form is None:
            return view.render("report.html")
        try:
            lines = view.chosen(form)
            paid_on = _day(form.get("paid_on"), today - timedelta(days=366), today)
            note = _text(form.get("note"))
        except _Refused as refused:
            return view.render("report.html", error=refused.key, status=400)
        until = today + timedelta(days=self.verify_days)
        events: list[Event] = [
            PaymentReported(
                at=view.visit.now,
                debt_id=line.debt.id,
                pause_until=until,
                paid_on=paid_on,
                note=f"portal: {note}" if note else "portal",
            )
            for line in lines
        ]
        return self._record(view, "report", events)

    def _dispute(self, view: _View, form: FormData | None) -> Response:
        if form is None:
            return view.render("dispute.html")
        try:
            lines = view.chosen(form)
            reason = _text(form.get("reason"))
        except _Refused as refused:
            return view.render("dispute.html", error=refused.key, status=400)
        at = view.visit.now
        events: list[Event] = [
            DisputeOpened(at=at, debt_id=line.debt.id, reason=reason or None) for line in lines
        ]
        refs = ", ".join(line.debt.reference or line.debt.id for line in lines)
        summary = f"portal: the debtor disputes {refs}" + (f": {reason}" if reason else "")
        events.append(AgentHandoff(at=at, debtor_id=view.account.debtor.id, summary=summary))
        return self._record(view, "dispute", events)

    def _advisor(self, view: _View, form: FormData | None) -> Response:
        if form is None:
            return view.render("advisor.html")
        try:
            message = _text(form.get("message"))
        except _Refused as refused:
            return view.render("advisor.html", error=refused.key, status=400)
        summary = "portal: the debtor asked for an advisor" + (f": {message}" if message else "")
        event = AgentHandoff(at=view.visit.now, debtor_id=view.account.debtor.id, summary=summary)
        return self._record(view, "advisor", [event])

    def _preferences(self, view: _View, form: FormData | None) -> Response:
        if form is None:
            return view.render("preferences.html")
        at, debtor_id = view.visit.now, view.account.debtor.id
        events: list[Event] = []
        if form.get("stop_all"):
            events.append(ConsentRevoked(at=at, debtor_id=debtor_id, channel=None))
        else:
            for channel, on in view.account.consents.items():
                wanted = form.get(f"channel_{channel.value}") == "on"
                if wanted and not on:
                    events.append(
                        ConsentGranted(at=at, debtor_id=debtor_id, channel=channel, source="portal")
                    )
                elif on and not wanted:
                    events.append(ConsentRevoked(at=at, debtor_id=debtor_id, channel=channel))
        return self._record(view, "preferences", events)

    def _record(self, view: _View, what: str, events: list[Event]) -> Response:
        """Append ``events`` once per form: the first submission claims the form's one-time id;
        a replay (double click, reload, back button) records nothing and gets the same page."""
        visit = view.visit
        if not self._once.claim(visit.form_key, until=visit.expires, as_of=visit.now):
            return self._done(visit, what, replay=True)
        if events:
            try:
                self.store.append(events)
            except BaseException:
                self._once.release(visit.form_key)  # nothing recorded: the form may come again
                raise
            log.info(
                "portal: debtor %s recorded %s",
                view.account.debtor.id,
                ", ".join(type(e).__name__ for e in events),
            )
        return self._done(visit, what)

    def _done(self, visit: _Visit, what: str, *, replay: bool = False) -> Response:
        if replay:
            log.info(
                "portal: debtor %s sent a %s form again; nothing recorded", visit.debtor.id, what
            )
        return _secure(RedirectResponse(f"{visit.root}/done/{what}", status_code=303))

    # --- errors -------------------------------------------------------------------------------

    def _error(self, request: Request, visit: _Visit | None, refused: _Refused) -> Response:
        lang = _language(visit.debtor) if visit else self.language
        words = TEXT[lang]
        html = self._env.get_template("error.html").render(
            lang=lang,
            t=lambda key, **kw: words[key].format(**kw),
            key=refused.key,
            creditor=self.creditor.name,
            root=self._root(request),
            title=words["error_title"],
        )
        response = HTMLResponse(html, status_code=refused.status)
        if refused.wait:
            response.headers["Retry-After"] = str(max(1, math.ceil(refused.wait)))
        return _secure(response)


class _View:
    """Renders one debtor's pages in their language, with money and dates as in messages."""

    def __init__(self, portal: Portal, visit: _Visit, acct: Account) -> None:
        self.portal, self.visit, self.account = portal, visit, acct
        debtor = acct.debtor
        self.lang = _language(debtor)
        self.locale = debtor.locale or self.lang
        self.words = TEXT[self.lang]

    def t(self, key: str, **values: Any) -> str:
        return self.words[key].format(**values)

    def money(self, value: Any) -> str:
        return format_money(value, self.locale)

    def day(self, value: date) -> str:
        return format_date(value, self.locale, "long")

    def chosen(self, form: FormData) -> list[DebtLine]:
        """The debts ticked in ``form``: ids of this debtor's open debts only (any other id,
        another debtor's included, is refused, never looked up)."""
        ids = [str(v) for v in form.getlist("debt")]
        mine = {line.debt.id: line for line in self.account.open_lines}
        if not ids or any(i not in mine for i in ids):
            raise _Refused(400, "bad_debt")
        return [mine[i] for i in dict.fromkeys(ids)]

    def render(self, name: str, *, status: int = 200, **context: Any) -> Response:
        acct = self.account
        html = self.portal._env.get_template(name).render(
            lang=self.lang,
            t=self.t,
            money=self.money,
            day=self.day,
            pay_url=_pay_url,
            describe=lambda event: _describe(self, event),
            account=acct,
            debtor=acct.debtor,
            creditor=self.portal.creditor.name,
            root=self.visit.root,
            csrf=self.portal._form_token(self.visit),
            scope=self.visit.scope,
            full=self.visit.scope == "account",
            **context,
        )
        return _secure(HTMLResponse(html, status_code=status))


def _language(debtor: Debtor) -> str:
    language = parse_locale(debtor.locale or "en").language
    return language if language in LANGUAGES else "en"


def _secure(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = _CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Cache-Control"] = "no-store"
    return response


def _terms(
    plans: list[PaymentPlan], incentives: list[IncentiveOffer]
) -> dict[str, tuple[date, tuple[str, ...]]]:
    """For each plan that applies an incentive: the last day to accept it and its coupon codes."""
    by_id = {o.id: o for o in incentives}
    terms: dict[str, tuple[date, tuple[str, ...]]] = {}
    for plan in plans:
        if plan.incentives and plan.valid_until is not None:
            codes = sorted({c for i in plan.incentives if (c := by_id[i].code)})
            terms[plan.id] = (plan.valid_until, tuple(codes))
    return terms


def _day(value: object, first: date, last: date) -> date:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise _Refused(400, "bad_date") from None
    if not first <= day <= last:
        raise _Refused(400, "bad_date")
    return day


def _text(value: object) -> str:
    text = _CONTROL.sub("", str(value or "")).strip()
    return text[:_MAX_TEXT]


def _pay_url(url: str | None) -> str | None:
    """The integrator's payment URL, only when it is http(s): never ``javascript:`` or ``data:``."""
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("https", "http") and parts.netloc else None


def _describe(view: _View, event: Event) -> str:
    t = view.t

    def channel(value: ChannelKind | None) -> str:
        if value is None:
            return t("all_channels")
        return view.words.get(f"channel_{value.value}", value.value)

    match event:
        case PaymentReceived():
            return t("ev_payment", amount=view.money(event.amount))
        case PromiseToPay():
            return t("ev_promise", date=view.day(event.promised_date))
        case PaymentReported():
            return t("ev_reported")
        case PaymentPlanAccepted():
            return t("ev_plan", count=len(event.installments))
        case DisputeOpened():
            return t("ev_dispute")
        case DisputeClosed():
            return t("ev_dispute_closed")
        case MessageSent():
            return t("ev_sent", channel=channel(event.channel))
        case AgentHandoff():
            return t("ev_handoff")
        case ConsentRevoked() if event.channel is None:
            return t("ev_revoked_all")
        case ConsentRevoked():
            return t("ev_revoked", channel=channel(event.channel))
        case ConsentGranted():
            return t("ev_granted", channel=channel(event.channel))
    return event.kind  # pragma: no cover - the account shows only the kinds above
