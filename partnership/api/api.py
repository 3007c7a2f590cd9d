"""The public API, version 1 (django-ninja): search, one company's record, verification on a
date (one number or up to 10,000), statistics and a change feed for incremental sync.

Reads need no key. Anonymous clients are limited per IP address (``API_ANONYMOUS_RATE``); an
API key issued by an administrator (header ``X-API-Key`` or ``Authorization: Bearer …``) has
its own limit. Messages follow ``Accept-Language`` (Japanese by default, English with ``en``).
GET answers carry an ETag (and Last-Modified where the data has a time) and answer 304 to
conditional requests (``ConditionalGetMiddleware``).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import Error, InterfaceError, OperationalError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status as HttpStatus
from ninja.security import APIKeyHeader
from ninja.throttling import BaseThrottle

from partnership.api import schemas
from partnership.api.models import ApiKey
from partnership.api.services import api_key_for
from partnership.companies.corporate_number import CorporateNumberError, validate_corporate_number
from partnership.core.dates import jst_today
from partnership.core.middleware import database_unavailable_response
from partnership.declarations.models import Declaration, Status
from partnership.registry import listing
from partnership.registry.declaration_selectors import public_company, public_history
from partnership.registry.open_data import public_url
from partnership.registry.statistics_selectors import registry_statistics
from partnership.registry.verification import MAX_BULK, Verification, verify_many


def _client_address(request: HttpRequest) -> str:
    """The address an anonymous client is counted under: IPv4 as it is, IPv6 by its /64
    network (one subscriber usually holds a whole /64), as the login limits do."""
    address = str(request.META.get("REMOTE_ADDR") or "unknown")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return address


def _rate(text: str) -> tuple[int, int]:
    """(requests, seconds) from "120/m", "10/s", "5000/h"."""
    count, _slash, unit = text.partition("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit.strip()[:1] or "m"]


class Anonymous:
    """request.auth of a client without a key."""

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return "anonymous"


class OptionalApiKey(APIKeyHeader):
    """``X-API-Key`` (or ``Authorization: Bearer …``) when given; anonymous otherwise. A key
    that is given but unknown or revoked is refused (401), never silently downgraded."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | Anonymous | None:
        if not key:
            authorization = request.headers.get("Authorization") or ""
            if authorization.lower().startswith("bearer "):
                key = authorization[7:].strip()
        if not key:
            return Anonymous()
        api_key = api_key_for(key)
        if api_key is not None and cache.add(f"api-key-used:{api_key.pk}", 1, 60):
            # Record the key's last use, at most once a minute.
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
        return api_key


class KeyOrAddressThrottle(BaseThrottle):
    """A fixed window per API key (its own rate) or, without a key, per IP address."""

    def allow_request(self, request: HttpRequest) -> bool:
        auth = getattr(request, "auth", None)
        if isinstance(auth, ApiKey):
            limit, window = auth.requests_per_minute, 60
            ident = f"key:{auth.pk}"
        else:
            limit, window = _rate(settings.API_ANONYMOUS_RATE)
            ident = f"ip:{_client_address(request)}"
        now = time.time()
        bucket = int(now // window)
        key = f"api-rate:{ident}:{window}:{bucket}"
        cache.add(key, 0, window + 5)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window + 5)
            used = 1
        self._wait = (bucket + 1) * window - now
        return used <= limit

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)


class RegistryApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The key is optional: every operation accepts no security as well (``{}``)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                security = operation.get("security")
                if security is not None and {} not in security:
                    security.append({})
        return schema


api = RegistryApi(
    title="Partnership Building Declaration Registry API",
    version="1.0.0",
    description=(
        "Public data of the Partnership Building Declaration Registry "
        "(パートナーシップ構築宣言 登録・公表システム). No key is needed; anonymous clients "
        "are rate-limited per IP address, and an API key (header `X-API-Key`) issued by the "
        "registry gets a higher limit. Times are ISO 8601 in Japan time; a date means a day "
        "in Japan time. Messages follow Accept-Language (ja by default, en). "
        "See docs/api.md for examples."
    ),
    urls_namespace="api",
    auth=[OptionalApiKey()],
    throttle=[KeyOrAddressThrottle()],
    openapi_url="/openapi.json",
    docs_url="/docs",
)

NUMBER_DESCRIPTION = (
    "Corporate number: 13 digits, the first one a check digit; hyphens, spaces and "
    "full-width digits are accepted. A wrong length or check digit is a 422."
)
# Digits (ASCII or full width) with the separators people type; the check digit is the
# server's to judge.
NUMBER_PATTERN = r"^[0-9０-９][0-9０-９ 　\-‐‑‒–—―−ー－]*$"

ERRORS_READ: dict[int, Any] = {
    401: schemas.Error,
    422: schemas.Error,
    429: schemas.Error,
    503: schemas.Error,
}


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("The API key is unknown or has been revoked.")}, status=401
    )


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _database_unavailable(request: HttpRequest, exc: Error) -> HttpResponse:
    # The same 503 as the site's middleware; registered here too because django-ninja answers
    # unhandled exceptions itself (with a traceback) when DEBUG is on.
    return database_unavailable_response(request, exc)


# Pydantic's messages are English only: the API speaks the client's language (Accept-Language),
# so each kind of error gets its own translated message; ``type`` keeps pydantic's code.
_DATE_MESSAGE = gettext_lazy("Enter a real date in the form YYYY-MM-DD.")
_NUMBER_MESSAGE = gettext_lazy("Enter a whole number.")
_OBJECT_MESSAGE = gettext_lazy("Send a JSON object.")
_MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("This value is required."),
    "int_parsing": _NUMBER_MESSAGE,
    "int_type": _NUMBER_MESSAGE,
    "int_from_float": _NUMBER_MESSAGE,
    "greater_than_equal": gettext_lazy("Enter a number of at least %(ge)s."),
    "less_than_equal": gettext_lazy("Enter a number of at most %(le)s."),
    "string_type": gettext_lazy("Enter text."),
    "string_too_long": gettext_lazy("Use at most %(max_length)s characters."),
    "string_pattern_mismatch": gettext_lazy("This value is not in the expected format."),
    "list_type": gettext_lazy("Send a list."),
    "too_long": gettext_lazy("Send at most %(max_length)s items."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "bool_type": gettext_lazy("Enter true or false."),
    "date_parsing": _DATE_MESSAGE,
    "date_from_datetime_parsing": _DATE_MESSAGE,
    "date_from_datetime_inexact": _DATE_MESSAGE,
    "date_type": _DATE_MESSAGE,
    "model_attributes_type": _OBJECT_MESSAGE,
    "model_type": _OBJECT_MESSAGE,
    "dict_type": _OBJECT_MESSAGE,
}


def _message(error: dict[str, Any]) -> str:
    template = _MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return _("This value is not valid.")
    context = error.get("ctx") or {}
    try:
        return str(template) % {
            key: context[key] for key in ("ge", "le", "max_length") if key in context
        }
    except (KeyError, TypeError, ValueError):
        return _("This value is not valid.")


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "msg": _message(error),
            "type": str(error.get("type", "invalid")),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": details}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own refusals (a body that is not JSON, too many requests), in the
    client's language."""
    if exc.status_code == 400:
        detail = _(
            "The request body could not be read: send JSON (Content-Type: application/json)."
        )
    elif exc.status_code == 429:
        detail = _("Too many requests. Wait a moment and try again.")
    else:
        detail = str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


def _problem(location: str, name: str, message: str, code: str) -> HttpResponse:
    raise _Unprocessable([{"loc": [location, name], "msg": message, "type": code}])


class _Unprocessable(Exception):
    def __init__(self, details: list[dict[str, Any]]) -> None:
        self.details = details


@api.exception_handler(_Unprocessable)
def _unprocessable(request: HttpRequest, exc: _Unprocessable) -> HttpResponse:
    return api.create_response(request, {"detail": exc.details}, status=422)


def _number(raw: str, location: str = "path") -> str:
    try:
        return validate_corporate_number(raw)
    except CorporateNumberError as error:
        _problem(location, "corporate_number", str(error.messages[0]), str(error.code))
        raise  # unreachable: _problem raises


# A fixed +09:00 (Japan has no summer time): the zone database would give far-past instants
# Tokyo's local mean time, +09:18:59, which is no valid RFC 3339 offset.
_PLUS_NINE = dt.timezone(dt.timedelta(hours=9))


def _jst(moment: dt.datetime | None) -> dt.datetime | None:
    """Times are answered in Japan time (+09:00)."""
    return moment.astimezone(_PLUS_NINE) if moment is not None else None


def _date(value: str, location: list[str]) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _Unprocessable(
            [
                {
                    "loc": location,
                    "msg": _("“%(value)s” is not a date in the form YYYY-MM-DD.")
                    % {"value": value},
                    "type": "date_parsing",
                }
            ]
        ) from None


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _api_url(number: str) -> str:
    return _absolute(reverse("api:declaration", args=[number]))


def _version_url(number: str, version: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _absolute(reverse("registry:declaration_version", args=[number, version]))


def _code(obj: Any) -> dict[str, str] | None:
    if obj is None:
        return None
    english = (translation.get_language() or "ja").startswith("en")
    return {"code": obj.code, "name": obj.name_en if english else obj.name_ja}


def _summary(declaration: Declaration, current_id: int | None) -> dict[str, Any]:
    company = declaration.company
    return {
        "corporate_number": company.corporate_number,
        "company_name": company.name,
        "company_name_kana": company.name_kana,
        "company_name_en": company.name_en,
        "prefecture": _code(company.prefecture),
        "industry": _code(company.industry),
        "version": declaration.version,
        "published_at": _jst(declaration.published_at),
        "template": declaration.template.code,
        "template_outdated": current_id is not None and declaration.template_id != current_id,
        "url": public_url(company.corporate_number),
        "api_url": _api_url(company.corporate_number),
    }


@api.get(
    "/declarations",
    response={200: schemas.DeclarationPage, **ERRORS_READ},
    url_name="declarations",
    summary="Search published declarations",
    tags=["declarations"],
)
def declarations(
    request: HttpRequest,
    q: str = Query("", description="Name, kana reading, English name or number (prefix)."),
    prefecture: list[str] = Query([], description="JIS X 0401 code, repeatable."),
    region: str = Query("", description="Region code, e.g. kanto."),
    industry: list[str] = Query([], description="JSIC major division (A–T), repeatable."),
    capital: str = Query("", description="Capital band code, e.g. le300m."),
    employees: str = Query("", description="Employee band code, e.g. le50."),
    published_from: str = Query("", description="YYYY-MM-DD (Japan time)."),
    published_to: str = Query("", description="YYYY-MM-DD (Japan time)."),
    template: str = Query("", description="Template version code."),
    outdated: bool = Query(False, description="Only declarations on an outdated template."),
    sort: str = Query("newest", description="newest, oldest, name (reading) or number."),
    page: int = Query(1, ge=1, le=listing.MAX_PAGE),
    per_page: int = Query(listing.PAGE_SIZES[0], description="20, 50 or 100."),
) -> Any:
    """The same parameters as the public listing `/declarations/`, with the same leniency: a
    parameter that cannot be understood is ignored and explained in `problems`."""
    data = QueryDict(mutable=True)
    for key, value in (
        ("q", q),
        ("region", region),
        ("capital", capital),
        ("employees", employees),
        ("published_from", published_from),
        ("published_to", published_to),
        ("template", template),
        ("outdated", "1" if outdated else ""),
        ("sort", sort),
        ("page", str(page)),
        ("per_page", str(per_page)),
    ):
        data[key] = value
    data.setlist("prefecture", prefecture)
    data.setlist("industry", industry)
    params = listing.parse_params(data)
    result = listing.results(params)
    next_url = None
    if result.has_next:
        next_url = _absolute(
            reverse("api:declarations") + "?" + params.query_string(page=params.page + 1)
        )
    return {
        "count": result.count,
        "count_capped": result.capped,
        "page": result.number,
        "per_page": result.per_page,
        "has_next": result.has_next,
        "next": next_url,
        "problems": params.problems,
        "results": [_summary(d, params.current_template_id) for d in result.rows],
    }


def _version(number: str, declaration: Declaration) -> dict[str, Any]:
    return {
        "version": declaration.version,
        "status": declaration.status,
        "published_at": _jst(declaration.published_at),
        "ended_at": _jst(declaration.ended_at),
        "end_reason_category": declaration.end_reason_category,
        "end_reason": declaration.end_reason,
        "template": declaration.template.code,
        "url": _version_url(number, declaration.version),
    }


@api.get(
    "/declarations/{corporate_number}",
    response={200: schemas.DeclarationDetail, 404: schemas.Error, **ERRORS_READ},
    url_name="declaration",
    summary="One company's public record",
    tags=["declarations"],
)
def declaration(
    request: HttpRequest,
    response: HttpResponse,
    corporate_number: str = Path(
        ..., description=NUMBER_DESCRIPTION, pattern=NUMBER_PATTERN, max_length=40
    ),
) -> Any:
    """The company's current state and every version ever published, newest first. 404 when
    the company has never been published."""
    number = _number(corporate_number)
    company = public_company(number)
    history = public_history(company) if company is not None else []
    if company is None or not history:
        return HttpStatus(404, {"detail": _("No declaration of this company has been published.")})
    published = next((d for d in history if d.status == Status.PUBLISHED), None)
    latest = max(history, key=lambda d: d.ended_at or d.published_at or timezone.now())
    status = Status.PUBLISHED if published else latest.status
    from partnership.declarations.selectors import publication_intervals

    changed = max(d.ended_at or d.published_at for d in history if d.published_at)
    response["Last-Modified"] = http_date(max(changed, company.updated_at).timestamp())
    with translation.override(settings.LANGUAGE_CODE):
        certificate = reverse("registry:certificate", args=[number])
    return {
        "company": {
            "corporate_number": number,
            "name": company.name,
            "name_kana": company.name_kana,
            "name_en": company.name_en,
            "prefecture": _code(company.prefecture),
            "industry": _code(company.industry),
            "capital_yen": company.capital_yen,
            "employees": company.employees,
            "website": company.website,
        },
        "status": status,
        "current": _version(number, published) if published else None,
        "versions": [_version(number, d) for d in history],
        "intervals": [
            {"start": _jst(start), "end": _jst(end)} for start, end in publication_intervals(number)
        ],
        "url": public_url(number),
        "certificate_url": _absolute(certificate),
    }


def _result(item: Verification) -> dict[str, Any]:
    return {
        "input": item.given,
        "corporate_number": item.number,
        "valid": item.valid,
        "problem": item.problem,
        "problem_code": item.problem_code,
        "declared": item.declared,
        "company_name": item.company_name,
        "version": item.version,
        "published_at": _jst(item.published_at),
        "ended_at": _jst(item.ended_at),
        "template": item.template,
        "template_outdated": item.template_outdated,
        "url": item.url,
    }


@api.get(
    "/verify/{corporate_number}",
    response={200: schemas.VerifyAnswer, **ERRORS_READ},
    url_name="verify_one",
    summary="Was this company declared on this date?",
    tags=["verification"],
)
def verify_one(
    request: HttpRequest,
    corporate_number: str = Path(
        ..., description=NUMBER_DESCRIPTION, pattern=NUMBER_PATTERN, max_length=40
    ),
    date: dt.date | None = Query(None, description="YYYY-MM-DD, Japan time; default today."),
) -> Any:
    """`declared` is true when a version was public at some moment of the date in Japan time.
    An unknown but valid number is a normal answer (`declared: false`); an invalid number is a
    422 naming the problem."""
    day = date or jst_today()
    result = verify_many([corporate_number], day)[0]
    if not result.valid:
        _problem("path", "corporate_number", result.problem, result.problem_code)
    # Encoded directly (the schema's shape, as the tests check): this is the endpoint
    # office systems call in loops.
    return _json({"date": day.isoformat(), **_encoded(result)})


@api.post(
    "/verify",
    response={200: schemas.VerifyBatch, 400: schemas.Error, **ERRORS_READ},
    url_name="verify_many",
    summary="Verify up to 10,000 numbers on one date",
    tags=["verification"],
)
def verify_batch(request: HttpRequest, body: schemas.VerifyRequest) -> Any:
    """One result per input row, in input order (duplicates included). Invalid rows get
    `valid: false` and a problem; they do not fail the batch."""
    if len(body.numbers) > MAX_BULK:  # also checked by the schema
        raise _Unprocessable(
            [
                {
                    "loc": ["body", "numbers"],
                    "msg": _("Send at most %(max_length)s items.") % {"max_length": MAX_BULK},
                    "type": "too_long",
                }
            ]
        )
    day = _date(body.date, ["body", "date"]) if body.date else jst_today()
    results = verify_many([str(n) for n in body.numbers], day)
    # Encoded here rather than validated item by item against the schema: for 10,000 rows
    # that validation costs several times the lookup itself. The shape is the same (the
    # tests compare it with the schema).
    payload = {
        "date": day.isoformat(),
        "count": len(results),
        "declared": sum(1 for r in results if r.declared),
        "invalid": sum(1 for r in results if not r.valid),
        "results": [_encoded(r) for r in results],
    }
    return _json(payload)


def _json(payload: dict[str, Any]) -> HttpResponse:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate sent as "\ud800" comes back in "input": escaped, as JSON allows.
        body = json.dumps(payload, separators=(",", ":")).encode("ascii")
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _iso(moment: dt.datetime | None) -> str | None:
    jst = _jst(moment)
    return jst.isoformat() if jst is not None else None


def _encoded(item: Verification) -> dict[str, Any]:
    result = _result(item)
    result["published_at"] = _iso(item.published_at)
    result["ended_at"] = _iso(item.ended_at)
    return result


@api.get(
    "/statistics",
    response={200: schemas.Statistics, **ERRORS_READ},
    url_name="statistics",
    summary="Registry statistics",
    tags=["statistics"],
)
def statistics(request: HttpRequest) -> Any:
    """The figures of `/statistics/` (cached for a few minutes)."""
    return registry_statistics().as_json()


CHANGES_LIMIT = 1_000


# Changes are ordered by (time, rank, declaration id): at one instant, a supersession (an
# ending, rank 0) comes before the publication replacing it (rank 1). A cursor is the last
# change's key; ``since`` alone is (since, 2, 0), which excludes everything at ``since``.
_ENDING, _PUBLICATION, _AFTER = 0, 1, 2
CURSOR_PATTERN = r"^[0-9T:+.\-]+~[01]~[0-9]+$"
DATETIME_PATTERN = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"([Tt ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
    r"([Zz]|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?)?$"
)


def _parse_cursor(cursor: str) -> tuple[dt.datetime, int, int] | None:
    try:
        at, rank, pk = cursor.split("~")
        moment = dt.datetime.fromisoformat(at)
        if moment.tzinfo is None or int(rank) not in (_ENDING, _PUBLICATION):
            return None
        return moment, int(rank), int(pk)
    except ValueError:
        return None


def _after(field: str, rank: int, key: tuple[dt.datetime, int, int]) -> Q:
    """Rows whose (field, rank, id) sorts after ``key``."""
    at, key_rank, pk = key
    condition = Q(**{f"{field}__gt": at})
    if rank > key_rank:
        condition |= Q(**{field: at})
    elif rank == key_rank:
        condition |= Q(**{field: at, "id__gt": pk})
    return condition


@api.get(
    "/changes",
    response={200: schemas.ChangeList, **ERRORS_READ},
    url_name="changes",
    summary="Publications, supersessions, withdrawals and removals since a time",
    tags=["declarations"],
)
def changes(
    request: HttpRequest,
    response: HttpResponse,
    since: str = Query(
        ...,
        description="ISO 8601 date-time, e.g. 2026-04-01T00:00:00+09:00; without an offset, "
        "Japan time.",
        pattern=DATETIME_PATTERN,
        max_length=40,
    ),
    cursor: str = Query(
        "",
        description="next_cursor of the previous answer.",
        pattern=CURSOR_PATTERN,
        max_length=80,
    ),
    limit: int = Query(500, ge=1, le=CHANGES_LIMIT),
) -> Any:
    """Every change to the public register after `since`, oldest first, for incremental sync:
    call again with `next_cursor` until it is null, then later with the time of the last
    change as `since`."""
    try:
        moment = dt.datetime.fromisoformat(since.strip().replace("z", "Z"))
    except ValueError:
        raise _Unprocessable(
            [
                {
                    "loc": ["query", "since"],
                    "msg": _("Give a date and time in ISO 8601, e.g. 2026-04-01T00:00:00+09:00."),
                    "type": "datetime_parsing",
                }
            ]
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_PLUS_NINE)
    moment = max(moment, dt.datetime(1900, 1, 1, tzinfo=dt.UTC))
    key: tuple[dt.datetime, int, int] = (moment, _AFTER, 0)
    if cursor:
        parsed = _parse_cursor(cursor)
        if parsed is None:
            raise _Unprocessable(
                [{"loc": ["query", "cursor"], "msg": _("Invalid cursor."), "type": "invalid"}]
            )
        key = max(key, parsed)
    fields = ("id", "company__corporate_number", "company__name", "version", "template__code")
    rows: list[tuple[dt.datetime, int, int, str, str, int, str, str]] = []
    publications = Declaration.objects.was_published().filter(
        _after("published_at", _PUBLICATION, key)
    )
    for at, declaration_id, number, name, version, code in publications.order_by(
        "published_at", "id"
    ).values_list("published_at", *fields)[: limit + 1]:
        rows.append((at, _PUBLICATION, declaration_id, "published", number, version, name, code))
    endings = Declaration.objects.filter(
        status__in=[Status.SUPERSEDED, Status.WITHDRAWN, Status.REMOVED]
    ).filter(_after("ended_at", _ENDING, key))
    for at, status, declaration_id, number, name, version, code in endings.order_by(
        "ended_at", "id"
    ).values_list("ended_at", "status", *fields)[: limit + 1]:
        rows.append((at, _ENDING, declaration_id, status, number, version, name, code))
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    page, more = rows[:limit], len(rows) > limit
    next_cursor = None
    if more and page:
        at, rank, pk = page[-1][:3]
        next_cursor = f"{_jst(at).isoformat()}~{rank}~{pk}"  # type: ignore[union-attr]
    if page:
        response["Last-Modified"] = http_date(page[-1][0].timestamp())
    return {
        "since": _jst(moment),
        "changes": [
            {
                "at": _jst(at),
                "kind": kind_name,
                "corporate_number": number,
                "company_name": name,
                "version": version,
                "template": code,
                "url": _version_url(number, version),
                "api_url": _api_url(number),
            }
            for at, _rank, _pk, kind_name, number, version, name, code in page
        ],
        "next_cursor": next_cursor,
    }
