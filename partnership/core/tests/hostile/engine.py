"""The machinery of the hostile suite: walk the URL configuration, find every form on every page
(as the role that can see it), and send each field the corpus.

Nothing here knows the site's forms: they are read from the pages themselves with
``html.parser``, so a new page with a form is fuzzed as soon as the crawl reaches it, and the
coverage test fails for a URL pattern that nothing reached.

Every request runs in a transaction that is rolled back afterwards, with the client's cookies
put back, so each one starts from the same world (a withdrawal, a logout or a published
declaration do not change what the next request sees). Callbacks registered with
``transaction.on_commit`` (the emails) are run before the rollback, so emails are rendered with
the hostile values too.
"""

from __future__ import annotations

import copy
import dataclasses
import html
import json
import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, quote_from_bytes, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse, translate_url
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

from partnership.audit.models import AuditEvent
from partnership.core.tests.hostile.corpus import (
    CASES_BY_ID,
    MIXES,
    Case,
    Upload,
    cases_for_kind,
    small_pdf,
)
from partnership.core.tests.hostile.world import (
    COMPANY_ROLES,
    PAGE_SETUPS,
    PASSWORD,
    World,
    sample_kwargs,
    today,
)

# --- the URL configuration -------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route itself when the pattern has no name
    name: str | None
    route: str  # e.g. "mypage/companies/<str:corporate_number>/profile/"
    params: tuple[str, ...]
    callback: Any
    i18n: bool

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")


def routes() -> list[Route]:
    """Every URL pattern of the site, i18n patterns included (without their language prefix)."""
    found: list[Route] = []

    def walk(
        patterns: Iterable[Any], prefix: str, namespace: str, params: tuple[str, ...], i18n: bool
    ) -> None:
        for pattern in patterns:
            own = _pattern_params(pattern.pattern)
            text = "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(
                    pattern.url_patterns,
                    prefix + text,
                    inner,
                    params + own,
                    i18n or isinstance(pattern.pattern, LocalePrefixPattern),
                )
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if (pattern.name and namespace) else None
                name = name or pattern.name
                found.append(
                    Route(
                        key=name or prefix + text,
                        name=name,
                        route=prefix + text,
                        params=params + own,
                        callback=pattern.callback,
                        i18n=i18n,
                    )
                )

    walk(get_resolver().url_patterns, "", "", (), False)
    return found


def _pattern_params(pattern: Any) -> tuple[str, ...]:
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


def route_for_path(path: str) -> str | None:
    """The key of the route that serves ``path`` (None when nothing does)."""
    path = urlsplit(path).path
    language = translation.get_language_from_path(path) or "ja"
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if match.url_name else match.route


def url_for(route: Route, kwargs: dict[str, Any], language: str) -> str:
    with translation.override(language):
        if route.name:
            return reverse(route.name, kwargs=kwargs)
        path = route.route
        for key, value in kwargs.items():
            path = re.sub(rf"<(?:\w+:)?{key}>", str(value), path)
            path = re.sub(rf"\(\?P<{key}>[^)]*\)", str(value), path)
        path = path.lstrip("^").rstrip("$")
        prefix = "/en/" if (route.i18n and language == "en") else "/"
        return prefix + path


# --- forms, as read from a page ----------------------------------------------------------------

# Fields whose value the suite never changes.
UNTOUCHED = {"csrfmiddlewaretoken"}


@dataclass
class Field:
    name: str
    kind: str  # text, email, url, password, hidden, date, checkbox, radio, select, textarea, file…
    options: list[str] = field(default_factory=list)  # select / radio / checkbox values
    default: str | None = None
    maxlength: int | None = None
    numeric: bool = False  # inputmode=numeric: a number is expected
    multiple: bool = False
    accept: str = ""  # of a file input


@dataclass
class Form:
    role: str
    page: str  # the URL the form was found on
    action: str  # where it is sent (path and query)
    method: str
    multipart: bool
    fields: dict[str, Field]
    target: str | None  # the route key of ``action``
    seed: str = ""  # the URL requested to reach ``page`` (differs after a redirect)
    setup: str | None = None  # the key in world.PAGE_SETUPS of the page's state

    @property
    def label(self) -> str:
        names = ",".join(sorted(n for n in self.fields if n not in UNTOUCHED))
        return f"{self.method.upper()} {self.target} [{names}] as {self.role}"

    def identity(self) -> tuple[str, str, frozenset[str]]:
        return (urlsplit(self.action).path, self.method, frozenset(self.fields))


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._by_id: dict[str, dict[str, Any]] = {}
        self._current: dict[str, Any] | None = None
        self._select: Field | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: Field | None = None
        self._text: list[str] = []

    def _owner(self, attrs: dict[str, str | None]) -> dict[str, Any] | None:
        form_id = attrs.get("form")
        if form_id:
            return self._by_id.get(form_id)
        return self._current

    def _add(self, form: dict[str, Any] | None, item: Field) -> Field:
        if form is None:
            return item
        fields: dict[str, Field] = form["fields"]
        existing = fields.get(item.name)
        if existing is None:
            fields[item.name] = item
            return item
        # Radio groups and repeated check boxes: one field, several options.
        existing.options.extend(o for o in item.options if o not in existing.options)
        if item.default is not None and existing.default is None:
            existing.default = item.default
        if item.kind == "checkbox":
            existing.multiple = True
        return existing

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if tag == "form":
            self._current = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "multipart": (attrs.get("enctype") or "") == "multipart/form-data",
                "fields": {},
                "buttons": [],
            }
            self.forms.append(self._current)
            if attrs.get("id"):
                self._by_id[attrs["id"] or ""] = self._current
            return
        form = self._owner(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "image", "button", "reset"):
                if form is not None and kind == "submit":
                    form["buttons"].append((name, attrs.get("value") or ""))
                return
            value = attrs.get("value")
            item = Field(
                name=name,
                kind=kind,
                maxlength=_int(attrs.get("maxlength")),
                numeric=attrs.get("inputmode") == "numeric",
                accept=attrs.get("accept") or "",
            )
            if kind in ("checkbox", "radio"):
                item.options = [value if value is not None else "on"]
                if "checked" in attrs:
                    item.default = item.options[0]
            elif kind != "file":
                item.default = value or ""
            self._add(form, item)
        elif tag == "button" and name and form is not None:
            if (attrs.get("type") or "submit").lower() == "submit":
                form["buttons"].append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = self._add(
                form, Field(name=name, kind="select", multiple="multiple" in attrs)
            )
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs}
            self._text = []
        elif tag == "textarea" and name:
            self._textarea = self._add(
                form,
                Field(name=name, kind="textarea", maxlength=_int(attrs.get("maxlength"))),
            )
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._option is not None or self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value = self._option["value"]
            if value is None:
                value = "".join(self._text).strip()
            self._select.options.append(value)
            if self._option["selected"] and self._select.default is None:
                self._select.default = value
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self._textarea.default = text[1:] if text.startswith("\n") else text
            self._textarea = None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def forms_on(page: str, html: str, role: str, *, seed: str, setup: str | None = None) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    found = []
    for raw in parser.forms:
        action = raw["action"] or page
        action = action.split("#", 1)[0] or page
        if urlsplit(action).netloc:
            continue  # another site
        fields: dict[str, Field] = raw["fields"]
        buttons: list[tuple[str, str]] = raw["buttons"]
        for name, value in buttons:
            # A named submit button is a field like any other (action=save, confirm=yes, …).
            if name not in fields:
                fields[name] = Field(name=name, kind="submit", options=[value], default=value)
            elif value not in fields[name].options:
                fields[name].options.append(value)
        found.append(
            Form(
                role=role,
                page=page,
                action=action,
                method=raw["method"],
                multipart=raw["multipart"],
                fields=fields,
                target=route_for_path(action),
                seed=seed,
                setup=setup,
            )
        )
    return found


def in_language(form: Form, language: str) -> Form:
    """The same form on the pages of another language (``/en/…``)."""

    def move(url: str) -> str:
        if not url:
            return url
        with translation.override(translation.get_language_from_path(url) or "ja"):
            return translate_url(url, language)

    return dataclasses.replace(
        form, page=move(form.page), action=move(form.action), seed=move(form.seed)
    )


# --- plausible valid input, so that one hostile field at a time reaches the services ---------

NEW_EMAIL = "hostile-test@example.jp"
NEW_PASSWORD = "a much longer passphrase 42"


def plausible(form: Form, item: Field, world: World) -> str:
    """A valid value for an empty field, guessed from its type and name."""
    name = item.name.lower()
    if item.kind == "email" or "email" in name or name == "username":
        return world.owner.email if name == "username" else NEW_EMAIL
    if item.kind == "password" or "password" in name:
        return PASSWORD if name in ("password", "old_password") else NEW_PASSWORD
    if item.kind == "date" or "date" in name:
        return today()
    if item.kind == "url" or "website" in name:
        return "https://example.jp/"
    if "corporate_number" in name or name == "number":
        return world.unclaimed_number
    if name == "code" and form.target == "review:template_copy":
        return "2031-01"
    if name == "key":
        return "hostile_item"
    if item.numeric:
        return "10"
    return "テスト入力"


def baseline(form: Form, world: World) -> dict[str, list[str]]:
    """The form as a person would send it: what the page shows, empty boxes filled in, every
    check box ticked (confirmations included), the first choice where none is made."""
    data: dict[str, list[str]] = {}
    for name, item in form.fields.items():
        if item.kind == "file":
            continue
        if item.kind == "checkbox":
            data[name] = list(item.options)
        elif item.kind in ("radio", "select", "submit"):
            options = [o for o in item.options if o != ""]
            chosen = item.default if item.default not in (None, "") else None
            data[name] = [chosen or (options[0] if options else "")]
        else:
            value = item.default or ""
            if not value and name not in UNTOUCHED:
                value = plausible(form, item, world)
            data[name] = [value]
    return data


# --- sending -------------------------------------------------------------------------------------

Value = str | bytes


def _pair(key: str, value: Value, raw: bool) -> str:
    if isinstance(value, bytes):
        encoded = value.decode("latin-1") if raw else quote_from_bytes(value)
    else:
        encoded = quote(value, safe="")
    return f"{quote(key, safe='')}={encoded}"


def encode(data: dict[str, list[Value]], *, raw: bool = False) -> str:
    """application/x-www-form-urlencoded; ``raw`` sends byte values without percent-encoding
    (as a broken client would), as latin-1 characters that the test client passes as bytes."""
    return "&".join(_pair(k, v, raw) for k, values in data.items() for v in values)


@dataclass
class Outcome:
    response: HttpResponse | None
    followed: HttpResponse | None
    audit: list[AuditEvent]
    error: str = ""  # an exception the request raised (a 500 in production)

    @property
    def status(self) -> int:
        return 500 if self.response is None else self.response.status_code


@contextmanager
def isolated(client: Client) -> Iterator[None]:
    """Run requests in a transaction that is rolled back, and give the client its cookies
    back (the session and messages are cookie-bound)."""
    saved = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        client.cookies = saved


def send(
    client: Client,
    method: str,
    path: str,
    *,
    body: bytes | str | None = None,
    content_type: str = "application/x-www-form-urlencoded",
    data: dict[str, Any] | None = None,
    follow: bool = True,
    before: Callable[[], None] | None = None,
    **extra: Any,
) -> Outcome:
    """One request, isolated; on-commit callbacks run; the redirect followed once (to see a
    message that explains a refusal)."""
    with isolated(client):
        if before is not None:
            before()
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                if data is not None:
                    response = client.post(path, data, **extra)
                else:
                    response = client.generic(
                        method.upper(), path, body or "", content_type=content_type, **extra
                    )
        except Exception:
            return Outcome(None, None, [], error=_short_traceback())
        followed = None
        if follow and response.status_code in (301, 302, 303) and response.get("Location"):
            location = response["Location"]
            if not urlsplit(location).netloc:
                try:
                    followed = client.get(location)
                except Exception:
                    return Outcome(response, None, [], error=_short_traceback())
        audit = list(AuditEvent.objects.filter(pk__gt=last).order_by("pk"))
        return Outcome(response, followed, audit)


def _short_traceback() -> str:
    lines = traceback.format_exc().strip().splitlines()
    return " | ".join(lines[-3:])


# --- judging the answer ------------------------------------------------------------------------

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Audit actions that record a refused attempt (a wrong one-time code), by design.
AUDITED_REFUSALS = {"user.otp_fail"}
# An error notice: the form's error summary, a "filters were ignored" box, an error message;
# in the Django admin, its error note and error lists.
_NOTICE = re.compile(
    r'<div class="notice error"[^>]*>(.*?)</div>'
    r'|<p class="errornote"[^>]*>(.*?)</p>'
    r'|<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>',
    re.DOTALL,
)
_ITEM = re.compile(r"<(li|p)\b[^>]*>(.*?)</\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def error_notices(response: HttpResponse | None) -> list[str]:
    """The texts of the error notices on a page: each list item or paragraph of each."""
    if response is None or response.streaming or "html" not in response.get("Content-Type", ""):
        return []
    cached = getattr(response, "_hostile_notices", None)
    if cached is not None:
        return list(cached)
    units: list[str] = []
    content = response.content.decode("utf-8", "replace")
    if "error" in content:
        for match in _NOTICE.finditer(content):
            notice = next(group for group in match.groups() if group is not None)
            items = [_text(m.group(2)) for m in _ITEM.finditer(notice)]
            if items:
                units.extend(i for i in items if i)
            else:
                units.append(_text(notice))
    response._hostile_notices = units  # type: ignore[attr-defined]
    return units


def language_problems(units: list[str], language: str, sent: Iterable[str]) -> list[str]:
    """Error texts not in ``language``. Characters of what was sent are ignored (a message may
    quote the value), and so is a field label before ": "."""
    echoed = set("".join(sent))
    problems = []
    for unit in units:
        message = unit.split(": ", 1)[1] if ": " in unit else unit
        own = "".join(ch for ch in message if ch not in echoed)
        japanese = bool(_JAPANESE.search(own))
        if language == "ja" and not japanese and re.search(r"[A-Za-z]{3}", own):
            problems.append(f"English error on a Japanese page: {unit[:120]!r}")
        elif language == "en" and japanese:
            problems.append(f"Japanese error on an English page: {unit[:120]!r}")
    return problems


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def stored_problems(outcome: Outcome, *, refused: bool) -> list[str]:
    """What the request changed (every change writes an audit event with the new values):
    nothing when the input had to be refused, and never a control character."""
    problems = []
    for event in outcome.audit:
        if refused and event.action not in AUDITED_REFUSALS:
            problems.append(f"refused, yet recorded {event.action}")
        for text in _strings([event.before, event.after]):
            if _CONTROL.search(text):
                problems.append(f"{event.action} stored control characters: {text[:80]!r}")
                break
    return problems


def is_refusal(outcome: Outcome) -> bool:
    """A clear "no": a 4xx, or a page (or the page redirected to) showing an error notice."""
    if 400 <= outcome.status < 500:
        return True
    if outcome.status == 200 and error_notices(outcome.response):
        return True
    return outcome.followed is not None and bool(error_notices(outcome.followed))


def judge(outcome: Outcome, *, must_refuse: bool, language: str, sent: Iterable[str]) -> list[str]:
    """Everything wrong with one answer, as short sentences (empty: all good)."""
    if outcome.error:
        return [f"raised {outcome.error}"]
    if outcome.status >= 500:
        return [f"answered {outcome.status}"]
    if outcome.followed is not None and outcome.followed.status_code >= 500:
        return [f"redirected to a page that answered {outcome.followed.status_code}"]
    problems = []
    if must_refuse and not is_refusal(outcome):
        problems.append(f"accepted (answered {outcome.status} without an error message)")
    sent = list(sent)
    for response in (outcome.response, outcome.followed):
        problems.extend(language_problems(error_notices(response), language, sent))
    problems.extend(stored_problems(outcome, refused=must_refuse))
    return problems


# --- which cases a field must refuse -------------------------------------------------------------

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def must_refuse(item: Field, case: Case) -> bool:
    value = case.value
    if isinstance(value, bytes):
        # Decoded with U+FFFD replacements: refused wherever the value has a shape.
        return item.kind in ("email", "date", "select", "radio") or item.numeric
    if "overlong" in case.tags and item.maxlength is not None and len(value) > item.maxlength:
        return True
    stripped = value.strip()
    if not stripped:
        return False
    if item.kind in ("select", "radio") and item.options and value not in item.options:
        return True
    if item.kind == "date" and "bad-date" in case.tags:
        return True
    if item.kind == "email" and not _EMAIL.match(stripped):
        return True
    return item.numeric and bool({"not-number", "negative", "huge", "control"} & case.tags)


# --- the crawl ----------------------------------------------------------------------------------


def roles_for(route: Route) -> tuple[str, ...]:
    """Who may see the page: staff pages their role only; the others as each visitor in turn,
    so a page that differs for signed-in people is seen as the first who gets it."""
    staff_role = getattr(route.callback, "staff_role", None)
    if staff_role == "reviewer":
        return ("reviewer",)
    if staff_role == "administrator" or route.route.startswith("admin/"):
        return ("administrator",)
    return COMPANY_ROLES


@dataclass
class Page:
    route: Route
    url: str  # as requested
    final: str  # after redirects (path and query)
    role: str


@dataclass
class Discovery:
    pages: list[Page] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    reached: dict[str, str] = field(default_factory=dict)  # route key -> role
    problems: list[str] = field(default_factory=list)
    unsampled: list[str] = field(default_factory=list)
    downloads: dict[str, str] = field(default_factory=dict)  # route key -> content type
    requests: int = 0

    def role_for(self, route: Route) -> str:
        if route.key in self.reached:
            return self.reached[route.key]
        targeted = next((f.role for f in self.forms if f.target == route.key), None)
        return targeted or roles_for(route)[0]


def _final_url(response: HttpResponse, requested: str) -> str:
    request = getattr(response, "request", None) or {}
    path = request.get("PATH_INFO") or urlsplit(requested).path
    query = request.get("QUERY_STRING") or ""
    return f"{path}?{query}" if query else path


def discover(world: World, language: str, all_routes: list[Route] | None = None) -> Discovery:
    """GET every URL pattern (API excepted: see the OpenAPI tests) with sample parameters as
    each visitor until one gets the page; collect the forms on it."""
    from partnership.core.tests.hostile.world import MissingSample

    found = Discovery()
    seen: set[tuple[str, str, frozenset[str]]] = set()
    for route in all_routes if all_routes is not None else routes():
        if route.is_api:
            continue
        try:
            samples = sample_kwargs(world, route.name, route.params, route.route)
        except MissingSample as missing:
            found.unsampled.append(str(missing))
            continue
        for kwargs in samples:
            url = url_for(route, kwargs, language)
            for role in roles_for(route):
                client = world.clients[role]
                found.requests += 1
                setup = route.key if route.key in PAGE_SETUPS else None
                with isolated(client):
                    if setup:
                        PAGE_SETUPS[setup](world)
                    try:
                        response = client.get(url, follow=True)
                    except Exception:
                        found.problems.append(f"GET {url} as {role} raised {_short_traceback()}")
                        break
                    if response.status_code >= 500:
                        found.problems.append(
                            f"GET {url} as {role} answered {response.status_code}"
                        )
                        break
                    final = _final_url(response, url)
                    if response.status_code != 200 or route_for_path(final) != route.key:
                        continue
                    content_type = response.get("Content-Type", "")
                    if "html" not in content_type:
                        # A download (PDF, CSV, JSON, feed): no form by construction.
                        found.downloads.setdefault(route.key, content_type.split(";")[0])
                        break
                    html = response.content.decode("utf-8", "replace")
                found.reached.setdefault(route.key, role)
                found.pages.append(Page(route, url, final, role))
                for form in forms_on(final, html, role, seed=url, setup=setup):
                    if form.identity() not in seen:
                        seen.add(form.identity())
                        found.forms.append(form)
                break
    return found


# --- fuzzing one form ------------------------------------------------------------------------


def upload_field(form: Form) -> str | None:
    return next((n for n, f in form.fields.items() if f.kind == "file"), None)


def default_upload(item: Field) -> Upload:
    if "pdf" in item.accept:
        return Upload("good-pdf", "signed.pdf", small_pdf(), acceptable=True)
    return Upload("good-csv", "numbers.csv", b"5835678256246\r\n", acceptable=True)


def _uploaded(upload: Upload) -> SimpleUploadedFile:
    return SimpleUploadedFile(upload.name, upload.content, "application/octet-stream")


# Fields that hold text a person writes (names, addresses, messages, template texts).
FREE_TEXT = ("text", "textarea", "search")


def is_free_text(item: Field) -> bool:
    return item.kind in FREE_TEXT and not item.numeric


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    forms: int = 0
    fields: int = 0
    accepted_baselines: int = 0

    def add(self, where: str, problems: list[str]) -> None:
        self.problems.extend(f"{where}: {p}" for p in problems)

    def summary(self) -> str:
        return (
            f"{self.forms} forms, {self.fields} fields, {self.requests} requests, "
            f"{self.accepted_baselines} forms accepted as filled in"
        )


class Fuzzer:
    """Sends one form the corpus: each field the cases of its kind, one field at a time with
    the other fields as a person would fill them in; free text as a whole; the form's data in
    the wrong packaging; files."""

    def __init__(self, world: World, form: Form, language: str, report: Report) -> None:
        self.world = world
        self.form = form
        self.language = language
        self.report = report
        self.client = world.clients[form.role]
        self.base = baseline(form, world)
        self.file_name = upload_field(form)
        self.file_default = default_upload(form.fields[self.file_name]) if self.file_name else None
        self.fuzzable = {
            name: item
            for name, item in form.fields.items()
            if name not in UNTOUCHED and item.kind != "file"
        }
        report.forms += 1

    def _before(self) -> Callable[[], None] | None:
        """The page's state, made again before each request: its setup (world.PAGE_SETUPS),
        and for pages reached through a redirect that sets up state (a password-reset link
        puts its token in the session), that redirect."""
        setup = PAGE_SETUPS.get(self.form.setup or "")
        seed = self.form.seed
        replay = bool(seed) and urlsplit(seed).path != urlsplit(self.form.page).path
        if setup is None and not replay:
            return None

        def before() -> None:
            if setup is not None:
                setup(self.world)
            if replay:
                self.client.get(seed, follow=True)

        return before

    def submit(
        self,
        data: dict[str, list[Value]],
        *,
        raw: bool = False,
        upload: Upload | None = None,
        follow: bool = True,
    ) -> Outcome:
        self.report.requests += 1
        form = self.form
        before = self._before()
        if form.method == "get":
            path = urlsplit(form.action).path
            if raw:
                query = encode(data, raw=True)
                return send(self.client, "GET", path, QUERY_STRING=query, before=before)
            return send(self.client, "GET", f"{path}?{encode(data)}", before=before)
        if form.multipart:
            payload: dict[str, Any] = dict(data)
            if self.file_name:
                chosen = upload or self.file_default
                assert chosen is not None
                payload[self.file_name] = _uploaded(chosen)
            return send(
                self.client, "POST", form.action, data=payload, before=before, follow=follow
            )
        body = encode(data, raw=raw).encode("latin-1" if raw else "ascii")
        return send(self.client, "POST", form.action, body=body, before=before, follow=follow)

    def check(self, where: str, outcome: Outcome, *, refuse: bool, sent: list[str]) -> None:
        self.report.add(
            f"{self.form.label} {where}",
            judge(outcome, must_refuse=refuse, language=self.language, sent=sent),
        )

    def baseline(self) -> Outcome:
        """The form as a person fills it in (its answer may hold further forms)."""
        outcome = self.submit(self.base)
        self.check("baseline", outcome, refuse=False, sent=[])
        if outcome.status in (302, 303) and not is_refusal(outcome):
            self.report.accepted_baselines += 1
        return outcome

    def fields(self) -> None:
        """Each field alone, the cases of its kind."""
        for name, item in self.fuzzable.items():
            self.report.fields += 1
            for case in cases_for_kind(item.kind, numeric=item.numeric):
                data: dict[str, list[Value]] = dict(self.base)
                data[name] = [case.value]
                refuse = must_refuse(item, case)
                sent = [case.value] if isinstance(case.value, str) else []
                # An accepted value is followed to the next page only when it reaches a page
                # that shows it (free text); a refusal to see the message that explains it.
                outcome = self.submit(data, follow=refuse or is_free_text(item))
                self.check(f"field={name} case={case.id}", outcome, refuse=refuse, sent=sent)

    def raw_bytes(self) -> None:
        """Every field at once as bytes that are not UTF-8, not even percent-encoded."""
        if not self.fuzzable or self.form.multipart:
            return
        case = CASES_BY_ID["invalid-utf8"]
        data: dict[str, list[Value]] = dict(self.base)
        for name in self.fuzzable:
            data[name] = [case.value]
        refuse = any(must_refuse(item, case) for item in self.fuzzable.values())
        outcome = self.submit(data, raw=True)
        self.check("all fields case=invalid-utf8 (raw)", outcome, refuse=refuse, sent=[])

    def free_text(self) -> None:
        """Text a person may well write (markup, emoji, spreadsheet formulas, …) in every
        free-text field at once: accepted, stored cleaned, shown again without harm."""
        names = [n for n, item in self.fuzzable.items() if is_free_text(item)]
        if not names:
            return
        for case_id in MIXES:
            case = CASES_BY_ID[case_id]
            assert isinstance(case.value, str)
            data: dict[str, list[Value]] = dict(self.base)
            for name in names:
                data[name] = [case.value]
            refuse = any(must_refuse(self.fuzzable[n], case) for n in names)
            outcome = self.submit(data)
            self.check(f"free text case={case.id}", outcome, refuse=refuse, sent=[case.value])

    def all_refusals(self) -> None:
        """Every field at once with a value it must refuse: every error message at once (for
        the language check)."""
        data: dict[str, list[Value]] = dict(self.base)
        sent: list[str] = []
        for name, item in self.fuzzable.items():
            case = next(
                (
                    c
                    for c in cases_for_kind(item.kind, numeric=item.numeric)
                    if isinstance(c.value, str) and must_refuse(item, c)
                ),
                None,
            )
            if case is not None:
                data[name] = [case.value]
                sent.append(str(case.value))
        if not sent:
            return
        outcome = self.submit(data)
        self.check("every field refused", outcome, refuse=True, sent=sent)

    def uploads(self, uploads: tuple[Upload, ...]) -> list[Outcome]:
        outcomes = []
        if not self.file_name:
            return outcomes
        for upload in uploads:
            outcome = self.submit(self.base, upload=upload)
            self.check(f"upload={upload.id}", outcome, refuse=not upload.acceptable, sent=[])
            outcomes.append(outcome)
        return outcomes

    def content_types(self) -> None:
        """The form's data in the wrong packaging: refused, never a 500."""
        if self.form.method != "post" or not self.fuzzable:
            return
        flat = {k: v[0] for k, v in self.base.items() if v}
        bodies = (
            ("json-body", json.dumps(flat), "application/json"),
            ("text-plain", encode(dict(self.base)), "text/plain"),
            ("multipart-without-boundary", "--x\r\n", "multipart/form-data"),
            (
                "too-many-fields",
                encode(dict(self.base)) + "&" + "&".join(f"f{i}=1" for i in range(1100)),
                "application/x-www-form-urlencoded",
            ),
        )
        cookie = self.client.cookies.get("csrftoken")
        token = cookie.value if cookie is not None else ""
        for case_id, body, content_type in bodies:
            self.report.requests += 1
            # With the CSRF token in its header, as a script on the page would send it.
            outcome = send(
                self.client,
                "POST",
                self.form.action,
                body=body.encode(),
                content_type=content_type,
                before=self._before(),
                HTTP_X_CSRFTOKEN=token,
            )
            self.check(f"content={case_id}", outcome, refuse=True, sent=[])


def form_key(form: Form) -> tuple[str, str, frozenset[str]]:
    """Forms with the same key are the same form (the "remove" button on each member's row,
    the search box on each admin list): fuzzed once."""
    target = form.target or form.action
    if target.startswith("admin:"):
        # The admin's pages differ only by model: one per kind of page.
        target = "admin:" + target.rsplit("_", 1)[-1]
    return (target, form.method, frozenset(form.fields))


def distinct(forms: Iterable[Form]) -> list[Form]:
    seen: set[tuple[str, str, frozenset[str]]] = set()
    kept = []
    for form in forms:
        if form_key(form) not in seen:
            seen.add(form_key(form))
            kept.append(form)
    return kept
