"""Every page and every form of the site, sent hostile input (issue 7, "Production readiness").

Coverage is generated: the URL configuration is walked, each pattern is requested with sample
parameters as each kind of visitor until one gets the page, and the forms on it are read from
the HTML. Each field of each form then gets the corpus (``corpus.py``) one field at a time, the
other fields filled in as a person would. What is checked, for every request:

- never a 5xx (nor an exception);
- a value the field must refuse (overlong, impossible date, negative count, not a choice, …)
  gets a clear "no": a 4xx, or the page with an error message;
- error messages are in the language of the page (Japanese at /…, English at /en/…);
- nothing is stored when the input was refused, and nothing stored holds a control character.

A URL pattern that no crawl reaches and that is not declared formless (``FORMLESS``) fails
``test_every_url_pattern_is_covered``: a new page with a form is fuzzed automatically, or the
test says what to add.
"""

from __future__ import annotations

import csv
import fnmatch
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_from_bytes, urlsplit

import pytest
from django.urls import reverse

from partnership.core.tests.hostile import engine
from partnership.core.tests.hostile.corpus import (
    FORMULA_CELLS,
    SHORT,
    csv_uploads,
    pdf_uploads,
)
from partnership.core.tests.hostile.world import World, sample_kwargs
from partnership.declarations.services import SIGNED_PDF_MAX_BYTES
from partnership.registry.verify_csv import MAX_BYTES, MAX_ROWS

pytestmark = pytest.mark.django_db

# URL patterns that no form sends to, each with the reason. Keep it short: a page with a form
# does not belong here (make the world reach the form instead: world.ROUTE_SAMPLES, PAGE_SETUPS).
# Downloads (PDF, CSV, JSON, feeds) need no entry: the crawl sees they are not pages.
FORMLESS: dict[str, str] = {
    "registry:home": "its search box sends to registry:listing",
    "registry:declaration": "a public page; its links go to the PDFs and versions",
    "registry:declaration_version": "a public page of one version",
    "registry:certificate": "a public page",
    "registry:statistics": "a public page",
    "registry:open_data": "a public page of downloads",
    "accounts:signup_done": "a message page",
    "accounts:verify": "a link from an email (GET)",
    "accounts:verify_pending": "its button sends to accounts:verify_resend",
    "accounts:password_reset_done": "a message page",
    "accounts:password_reset_complete": "a message page",
    "accounts:email_change_confirm": "a link from an email (GET)",
    "companies:dashboard": "links only",
    "companies:home": "its button sends to declarations:start",
    "declarations:status": "its buttons send to declarations:start",
    "declarations:review": "its buttons send to declarations:submit and discard",
    "declarations:preview": "a preview of the document",
    "review:review": "its forms send to review:assign and review:decide",
    "review:templates": "links only",
    "review:template": "its buttons send to the item pages",
    "review:staff": "links only",
    "review:staff_detail": "links to the role, active and two-factor pages",
    "review:master_changes": "links only",
    "review:api_keys": "links only",
    "admin:index": "links only",
    "admin:login": "redirects to the site's login page",
    "admin:password_change_done": "a message page",
    "admin:autocomplete": "JSON for admin widgets (none configured)",
    "admin:view_on_site": "a redirect",
    "admin:app_list": "links only",
    "admin:*_history": "read-only history",
    "admin:*_add": "no model can be added in the admin (services only)",
    "admin:*_delete": "no model can be deleted in the admin",
    "admin:auth_group_*": "groups are not used: administrators have no permission",
    "admin:otp_*": "authenticator apps are managed on the site, not in the admin",
    "admin/*": "admin redirects (object URLs without /change/, unknown URLs)",
}


def _formless(key: str) -> str | None:
    return next((p for p in FORMLESS if fnmatch.fnmatchcase(key, p)), None)


def test_every_url_pattern_is_covered(discovery: engine.Discovery) -> None:
    """Each URL pattern is either sent to by a form the crawl found (and so fuzzed below), or
    declared formless with a reason; the API is covered by test_api.py from its schema."""
    assert discovery.unsampled == []
    assert discovery.problems == []
    all_routes = [r for r in engine.routes() if not r.is_api]
    targets = {f.target for f in discovery.forms}
    missing = [
        f"{r.key} ({r.route}): no form found that sends to it"
        for r in all_routes
        if r.key not in targets and r.key not in discovery.downloads and _formless(r.key) is None
    ]
    assert missing == [], (
        "Make the world reach the page with the form (world.ROUTE_SAMPLES, PAGE_SETUPS), or "
        "declare the route in FORMLESS with the reason:\n" + "\n".join(missing)
    )
    used = {_formless(r.key) for r in all_routes}
    stale = [p for p in FORMLESS if p not in used]
    assert stale == [], f"FORMLESS entries that match no URL pattern: {stale}"
    # A route in FORMLESS that a form does send to should leave the list (its form is fuzzed).
    exact = [r.key for r in all_routes if r.key in FORMLESS and r.key in targets]
    assert exact == [], f"these have forms after all: remove them from FORMLESS: {exact}"
    # Sanity: the crawl sees the site (a broken crawl must not pass by finding nothing).
    assert len(discovery.pages) >= 80
    assert len(engine.distinct(discovery.forms)) >= 50


def _all_forms(
    world: World,
    discovery: engine.Discovery,
    language: str,
    report: engine.Report,
    *,
    answers: bool = True,
) -> Iterator[engine.Fuzzer]:
    """Every distinct form. With ``answers``, each is first sent filled in as a person would,
    and forms found in the answer (confirmation pages: a role change, a batch of emails, a
    bulk approval) join in."""
    queue = engine.distinct(discovery.forms)
    seen = {engine.form_key(f) for f in queue}
    while queue:
        form = queue.pop(0)
        if language != "ja":
            form = engine.in_language(form, language)
        fuzzer = engine.Fuzzer(world, form, language, report)
        if not answers:
            yield fuzzer
            continue
        outcome = fuzzer.baseline()
        yield fuzzer
        answer = outcome.response
        if (
            answer is not None
            and answer.status_code == 200
            and form.method == "post"
            and not answer.streaming
        ):
            content = answer.content.decode("utf-8", "replace")
            for found in engine.forms_on(form.action, content, form.role, seed=""):
                found.setup = form.setup
                if engine.form_key(found) not in seen:
                    seen.add(engine.form_key(found))
                    queue.append(found)


def test_every_form_field_survives_hostile_input(world: World, discovery: engine.Discovery) -> None:
    report = engine.Report()
    for fuzzer in _all_forms(world, discovery, "ja", report):
        fuzzer.fields()
        fuzzer.raw_bytes()
        fuzzer.free_text()
    print(report.summary())
    assert report.fields >= 150
    # Most forms are accepted as a person fills them in: hostile values reach the services.
    assert report.accepted_baselines >= 30
    assert report.problems == [], "\n".join(report.problems)


def test_wrong_content_types_are_refused(world: World, discovery: engine.Discovery) -> None:
    """JSON, text/plain, a multipart body without its boundary, too many fields: a 4xx (or
    the form with an error), never a 500, and nothing changed."""
    report = engine.Report()
    for fuzzer in _all_forms(world, discovery, "ja", report, answers=False):
        fuzzer.content_types()
    assert report.problems == [], "\n".join(report.problems)


def test_error_messages_are_in_english_on_english_pages(
    world: World, discovery: engine.Discovery
) -> None:
    """Every field of every form at once with a value it must refuse, at /en/…: each message
    shown is English. (On the Japanese pages every answer of the tests above is checked for
    Japanese messages.)"""
    report = engine.Report()
    refusals = 0
    for fuzzer in _all_forms(world, discovery, "en", report, answers=False):
        before = report.requests
        fuzzer.all_refusals()
        refusals += report.requests - before
    assert refusals >= 30
    assert report.problems == [], "\n".join(report.problems)


# --- uploads ---------------------------------------------------------------------------------


def _upload_form(discovery: engine.Discovery, target: str) -> engine.Form:
    return next(
        f for f in discovery.forms if f.target == target and engine.upload_field(f) is not None
    )


def _stored_files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_signed_pdf_uploads(world: World, discovery: engine.Discovery, media_root: Path) -> None:
    """Empty, truncated, oversized, a PNG or HTML or ZIP named .pdf, hostile file names: each
    refused with a message and nothing written; a real PDF is kept."""
    form = _upload_form(discovery, "declarations:upload")
    report = engine.Report()
    fuzzer = engine.Fuzzer(world, form, "ja", report)
    before = _stored_files(media_root)
    uploads = pdf_uploads(SIGNED_PDF_MAX_BYTES)
    for upload in uploads:
        outcome = fuzzer.uploads((upload,))[0]
        written = _stored_files(media_root) - before
        if upload.acceptable:
            assert outcome.status == 302, upload.id
            assert len(written) == 1 and written.pop().read_bytes() == upload.content
        else:
            assert written == set(), f"{upload.id} was stored"
        for path in _stored_files(media_root) - before:
            path.unlink()
    assert report.problems == [], "\n".join(report.problems)


def _csv_rows(outcome: engine.Outcome) -> list[list[str]]:
    response = outcome.response
    assert response is not None
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_bulk_verification_uploads_and_formula_cells(
    world: World, discovery: engine.Discovery
) -> None:
    """The /verify/ CSV upload: broken files refused with a message; cells a spreadsheet would
    run as formulas (=, +, -, @, full-width, after a tab) come back quoted, never live."""
    form = _upload_form(discovery, "registry:verify")
    report = engine.Report()
    fuzzer = engine.Fuzzer(world, form, "ja", report)
    answered = 0
    for upload in csv_uploads(MAX_BYTES, MAX_ROWS):
        outcome = fuzzer.uploads((upload,))[0]
        if not upload.acceptable:
            continue
        assert outcome.status == 200, upload.id
        assert outcome.response is not None
        assert outcome.response["Content-Type"].startswith("text/csv"), upload.id
        rows = _csv_rows(outcome)
        answered += 1
        for row in rows:
            for cell in row:
                assert not cell.startswith(
                    ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
                ), f"{upload.id}: a live formula in the answer: {cell!r}"
        if upload.id == "csv-formulas":
            given = [row[0] for row in rows[1:]]
            assert given[: len(FORMULA_CELLS)] == ["'" + cell for cell in FORMULA_CELLS]
    assert answered >= 4
    assert report.problems == [], "\n".join(report.problems)


# --- URL parameters and query strings ------------------------------------------------------------


def _path_with(route: engine.Route, kwargs: dict[str, Any], param: str, raw: str) -> str:
    """The route's path with ``param`` replaced by ``raw`` (already percent-encoded)."""
    path = route.route
    for key, value in kwargs.items():
        replacement = raw if key == param else quote(str(value), safe="")
        path = path.replace(f"<{key}>", replacement)
        for converter in ("str", "int", "slug", "path", "uuid"):
            path = path.replace(f"<{converter}:{key}>", replacement)
    return "/" + path


def _encoded(value: str | bytes) -> str:
    return quote_from_bytes(value) if isinstance(value, bytes) else quote(value, safe="")


# Values for path segments, on top of the short corpus: what an int converter lets through.
PATH_EXTRA = ("9" * 30, "0", "..")


def _one_per_admin_kind(routes: list[engine.Route]) -> list[engine.Route]:
    """The admin's pages are the same code for every model: one route of each kind."""
    kept, kinds = [], set()
    for route in routes:
        if route.route.startswith("admin/"):
            kind = (route.key.rsplit("_", 1)[-1] if route.name else "unnamed", route.params)
            if kind in kinds:
                continue
            kinds.add(kind)
        kept.append(route)
    return kept


def test_every_path_parameter_survives_hostile_values(
    world: World, discovery: engine.Discovery
) -> None:
    """Each parameter of each URL pattern replaced by hostile values (as the visitor who can
    see the page): a 4xx or a redirect, never a 5xx."""
    problems: list[str] = []
    requests = 0
    values = [_encoded(c.value) for c in SHORT if c.value] + list(PATH_EXTRA)
    for route in _one_per_admin_kind(engine.routes()):
        if route.is_api or not route.params:
            continue
        role = discovery.role_for(route)
        client = world.clients[role]
        token = client.cookies["csrftoken"].value
        kwargs = sample_kwargs(world, route.name, route.params, route.route)[0]
        # The admin is Django's own: its object pages once per kind, not once per model.
        methods = ("GET",) if route.route.startswith("admin/") else ("GET", "POST")
        for param in route.params:
            for raw in values:
                path = _path_with(route, kwargs, param, raw)
                for method in methods:
                    requests += 1
                    outcome = engine.send(
                        client, method, path, follow=False, HTTP_X_CSRFTOKEN=token
                    )
                    if outcome.error or outcome.status >= 500:
                        problems.append(
                            f"{method} {route.key} <{param}>={raw[:40]} as {role}: "
                            f"{outcome.error or outcome.status}"
                        )
    assert requests >= 300
    assert problems == [], "\n".join(problems)


# Query parameters views read directly (not through a form on the page), sent to every page.
QUERY_NAMES = ("page", "lang", "next", "from", "method", "show", "after", "before", "sort", "q")


def test_every_page_survives_hostile_query_strings(
    world: World, discovery: engine.Discovery
) -> None:
    """Every page reached by the crawl, with hostile values in the parameters views commonly
    read, and with bytes that are not UTF-8 in the query string itself."""
    problems: list[str] = []
    pages = {p.route.key: p for p in reversed(discovery.pages)}  # one per route
    routes = {r.key for r in _one_per_admin_kind([p.route for p in discovery.pages])}
    for page in (p for key, p in pages.items() if key in routes):
        client = world.clients[page.role]
        path = urlsplit(page.final).path
        # Each parameter a different kind of trouble, twice over: every kind reaches every
        # page, in three requests rather than one per kind.
        queries = [
            "&".join(
                f"{name}={_encoded(SHORT[(i + shift) % len(SHORT)].value)}"
                for i, name in enumerate(QUERY_NAMES)
            )
            for shift in (0, len(SHORT) // 2)
        ]
        for query in queries:
            outcome = engine.send(client, "GET", f"{path}?{query}", follow=False)
            if outcome.error or outcome.status >= 500:
                problems.append(
                    f"GET {path}?{query[:60]} as {page.role}: {outcome.error or outcome.status}"
                )
        raw = "q=\xff\xfe&page=\xc3\x28&next=/\xe2\x28\xa1"
        outcome = engine.send(client, "GET", path, QUERY_STRING=raw, follow=False)
        if outcome.error or outcome.status >= 500:
            problems.append(
                f"GET {path} raw bytes as {page.role}: {outcome.error or outcome.status}"
            )
    assert problems == [], "\n".join(problems)


def test_the_crawl_sees_pages_as_their_visitors(discovery: engine.Discovery) -> None:
    """The crawl itself: staff pages as staff, company pages as the owner (a crawl that
    only ever saw login pages would make every other test here pass for nothing)."""
    assert discovery.reached["registry:listing"] == "anonymous"
    assert discovery.reached["companies:profile"] == "owner"
    assert discovery.reached["review:queue"] == "reviewer"
    assert discovery.reached["review:template_edit"] == "administrator"
    assert discovery.reached["accounts:two_factor"] == "staff_pending"
    assert discovery.downloads["registry:declaration_pdf"] == "application/pdf"
    assert discovery.downloads["registry:feed"].startswith("application/atom+xml")
    assert reverse("registry:listing") == "/declarations/"


# Headers and cookies a client may send in any state: garbled, overlong, not even text.
HOSTILE_HEADERS: dict[str, str] = {
    "HTTP_ACCEPT_LANGUAGE": "*;q=abc, ja-JP-x-" + "a" * 300 + ";q=2, en;q=-1, \xff\xfe, ",
    "HTTP_USER_AGENT": "<script>alert(1)</script>\x00" + "u" * 5000,
    "HTTP_REFERER": "javascript:alert(1)//\xff",
    "HTTP_X_FORWARDED_FOR": "999.1.1.1, ::ffff:not-an-ip, " + "1." * 100,
    "HTTP_COOKIE": (
        "sessionid=../../etc/passwd; csrftoken=short; django_language=<x>\\; "
        'messages="[[broken json; garbage\xff=1'
    ),
}


def test_every_page_survives_hostile_headers_and_cookies(
    world: World, discovery: engine.Discovery
) -> None:
    """Broken Accept-Language, User-Agent, Referer, X-Forwarded-For and cookies (a session id
    that is not one, a CSRF cookie too short, a language that does not exist, a messages
    cookie that is not JSON): each page answers, a form post is refused, nothing is a 5xx."""
    problems: list[str] = []
    roles_seen: set[str] = set()
    for page in discovery.pages:
        if page.role in roles_seen:
            continue
        roles_seen.add(page.role)
        client = world.clients[page.role]
        for method in ("GET", "POST"):
            outcome = engine.send(client, method, page.final, follow=False, **HOSTILE_HEADERS)
            if outcome.error or outcome.status >= 500:
                problems.append(f"{method} {page.final}: {outcome.error or outcome.status}")
    outcome = engine.send(
        world.clients["anonymous"], "GET", "/api/v1/statistics", follow=False, **HOSTILE_HEADERS
    )
    if outcome.error or outcome.status >= 500:
        problems.append(f"GET /api/v1/statistics: {outcome.error or outcome.status}")
    assert len(roles_seen) >= 4
    assert problems == [], "\n".join(problems)
