"""The public listing of published declarations: parameters, filters, facets, sorting, pages.

Every parameter lives in the query string, so each view of the list can be shared. A parameter
that cannot be understood is reported (``ListingParams.problems``) and ignored; the rest still
applies. Counts are capped (COUNT over a LIMIT) and facet counts are cached briefly, so a
query matching most of a million declarations stays cheap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.http import QueryDict
from django.utils.translation import gettext as _

from partnership.core.bands import CAPITAL_BANDS, EMPLOYEE_BANDS, band_by_code
from partnership.core.dates import jst_day_bounds
from partnership.core.models import Industry, Prefecture, Region
from partnership.declarations.models import Declaration, TemplateVersion
from partnership.declarations.selectors import published_declarations
from partnership.registry.search import search_condition

SORTS = {
    "newest": ("-published_at", "-id"),
    "oldest": ("published_at", "id"),
    "name": ("company__sort_key", "company__corporate_number"),
    "number": ("company__corporate_number",),
}
PAGE_SIZES = (20, 50, 100)
COUNT_CAP = 1_000
# Facet counts are computed only for result sets up to this size (or the cached plain listing).
FACET_LIMIT = 1_000
MAX_PAGE = 500
FACET_CACHE_SECONDS = 300


@dataclass
class ListingParams:
    q: str = ""
    prefectures: list[str] = field(default_factory=list)
    region: str = ""
    industries: list[str] = field(default_factory=list)
    capital: str = ""
    employees: str = ""
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    template: str = ""
    outdated: bool = False
    sort: str = "newest"
    page: int = 1
    per_page: int = PAGE_SIZES[0]
    problems: list[str] = field(default_factory=list)

    @property
    def filtered(self) -> bool:
        return bool(
            self.q
            or self.prefectures
            or self.region
            or self.industries
            or self.capital
            or self.employees
            or self.published_from
            or self.published_to
            or self.template
            or self.outdated
        )

    def query_string(self, **changes: Any) -> str:
        """This view's query string with ``changes`` (None removes a parameter)."""
        values: dict[str, Any] = {
            "q": self.q,
            "prefecture": self.prefectures,
            "region": self.region,
            "industry": self.industries,
            "capital": self.capital,
            "employees": self.employees,
            "published_from": self.published_from.isoformat() if self.published_from else "",
            "published_to": self.published_to.isoformat() if self.published_to else "",
            "template": self.template,
            "outdated": "1" if self.outdated else "",
            "sort": "" if self.sort == "newest" else self.sort,
            "per_page": "" if self.per_page == PAGE_SIZES[0] else str(self.per_page),
            "page": "" if self.page == 1 else str(self.page),
        }
        values.update(changes)
        query = QueryDict(mutable=True)
        for key, value in values.items():
            if isinstance(value, list):
                for item in value:
                    query.appendlist(key, item)
            elif value not in (None, ""):
                query[key] = str(value)
        return query.urlencode()


def _date(value: str, label: str, problems: list[str]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        problems.append(
            _("%(field)s “%(value)s” is not a date in the form YYYY-MM-DD; it was ignored.")
            % {"field": label, "value": value[:40]}
        )
        return None


def parse_params(data: QueryDict) -> ListingParams:
    """Read the listing's parameters; report and drop what cannot be understood."""
    problems: list[str] = []
    params = ListingParams(problems=problems)
    params.q = " ".join((data.get("q") or "").split())[:200]
    prefecture_codes = set(Prefecture.objects.values_list("code", flat=True))
    for code in data.getlist("prefecture"):
        code = code.strip().zfill(2) if code.strip().isdigit() else code.strip()
        if code in prefecture_codes:
            if code not in params.prefectures:
                params.prefectures.append(code)
        elif code:
            problems.append(
                _("Unknown prefecture code “%(code)s”; it was ignored.") % {"code": code[:20]}
            )
    region = (data.get("region") or "").strip()
    if region:
        if Region.objects.filter(code=region).exists():
            params.region = region
        else:
            problems.append(_("Unknown region “%(code)s”; it was ignored.") % {"code": region[:20]})
    industry_codes = set(Industry.objects.values_list("code", flat=True))
    for code in data.getlist("industry"):
        code = code.strip().upper()
        if code in industry_codes:
            if code not in params.industries:
                params.industries.append(code)
        elif code:
            problems.append(
                _("Unknown industry code “%(code)s”; it was ignored.") % {"code": code[:20]}
            )
    for name, bands in (("capital", CAPITAL_BANDS), ("employees", EMPLOYEE_BANDS)):
        value = (data.get(name) or "").strip()
        if value and band_by_code(bands, value) is None:
            problems.append(_("Unknown band “%(code)s”; it was ignored.") % {"code": value[:20]})
        elif value:
            setattr(params, name, value)
    params.published_from = _date(data.get("published_from") or "", _("Published from"), problems)
    params.published_to = _date(data.get("published_to") or "", _("Published to"), problems)
    if (
        params.published_from
        and params.published_to
        and params.published_from > params.published_to
    ):
        problems.append(_("The start date is after the end date; the dates were swapped."))
        params.published_from, params.published_to = params.published_to, params.published_from
    template = (data.get("template") or "").strip()
    if template:
        if TemplateVersion.objects.filter(code=template).exists():
            params.template = template
        else:
            problems.append(
                _("Unknown template version “%(code)s”; it was ignored.") % {"code": template[:20]}
            )
    params.outdated = (data.get("outdated") or "") in ("1", "true", "on", "yes")
    sort = (data.get("sort") or "newest").strip()
    if sort in SORTS:
        params.sort = sort
    else:
        problems.append(
            _("Unknown sort order “%(sort)s”; newest first is used.") % {"sort": sort[:20]}
        )
    allowed_values: dict[str, tuple[int, ...] | None] = {"page": None, "per_page": PAGE_SIZES}
    for name, allowed in allowed_values.items():
        raw = (data.get(name) or "").strip()
        if not raw:
            continue
        try:
            number = int(raw)
            if number < 1 or (allowed and number not in allowed):
                raise ValueError
        except ValueError:
            problems.append(
                _("“%(value)s” is not a valid %(name)s; it was ignored.")
                % {"value": raw[:20], "name": name}
            )
            continue
        setattr(params, name, min(number, MAX_PAGE) if name == "page" else number)
    return params


def _filters(params: ListingParams, *, skip: str = "") -> Q:
    condition = Q()
    if params.q:
        found = search_condition(params.q)
        if found is not None:
            condition &= found
    if params.prefectures and skip != "prefecture":
        condition &= Q(company__prefecture_id__in=params.prefectures)
    if params.region and skip != "region":
        condition &= Q(company__prefecture__region_id=params.region)
    if params.industries and skip != "industry":
        condition &= Q(company__industry_id__in=params.industries)
    if params.capital and skip != "capital":
        band = band_by_code(CAPITAL_BANDS, params.capital)
        assert band is not None
        condition &= band.q("company__capital_yen")
    if params.employees and skip != "employees":
        band = band_by_code(EMPLOYEE_BANDS, params.employees)
        assert band is not None
        condition &= band.q("company__employees")
    if params.published_from:
        condition &= Q(published_at__gte=jst_day_bounds(params.published_from)[0])
    if params.published_to:
        condition &= Q(published_at__lt=jst_day_bounds(params.published_to)[1])
    if params.template and skip != "template":
        condition &= Q(template__code=params.template)
    if params.outdated and skip != "template":
        current = TemplateVersion.objects.current()
        if current is not None:
            condition &= ~Q(template_id=current.pk)
    return condition


def filtered(params: ListingParams, *, skip: str = "") -> QuerySet[Declaration]:
    return Declaration.objects.published().filter(_filters(params, skip=skip))


@dataclass(frozen=True)
class Page:
    rows: list[Declaration]
    count: int
    capped: bool
    has_next: bool
    number: int
    per_page: int

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end(self) -> int:
        return self.start + len(self.rows) - 1 if self.rows else 0


def results(params: ListingParams) -> Page:
    """One page of results and a capped count (two queries)."""
    queryset = published_declarations().filter(_filters(params)).order_by(*SORTS[params.sort])
    offset = (params.page - 1) * params.per_page
    rows = list(queryset[offset : offset + params.per_page + 1])
    count = queryset.order_by()[: COUNT_CAP + 1].count()
    return Page(
        rows=rows[: params.per_page],
        count=min(count, COUNT_CAP),
        capped=count > COUNT_CAP,
        has_next=len(rows) > params.per_page,
        number=params.page,
        per_page=params.per_page,
    )


def _band_case(field_name: str, bands: tuple[Any, ...]) -> Case:
    return Case(
        *(When(band.q(field_name), then=Value(band.code)) for band in bands),
        default=Value(""),
        output_field=CharField(),
    )


def facets(params: ListingParams) -> dict[str, dict[str, int]]:
    """Counts per filter value over the results of the *other* filters (so each option shows
    what choosing it would give), cached for a few minutes per parameter set."""
    key_source = params.query_string(page=None, sort=None, per_page=None)
    key = "listing-facets:" + hashlib.sha256(key_source.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return dict(cached)

    def grouped(skip: str, column: Any) -> dict[str, int]:
        rows = (
            filtered(params, skip=skip)
            .order_by()
            .annotate(facet=column)
            .values("facet")
            .annotate(n=Count("id"))
            .values_list("facet", "n")
        )
        return {str(k): n for k, n in rows if k not in (None, "")}

    result = {
        "prefecture": grouped("prefecture", F("company__prefecture_id")),
        "industry": grouped("industry", F("company__industry_id")),
        "capital": grouped("capital", _band_case("company__capital_yen", CAPITAL_BANDS)),
        "employees": grouped("employees", _band_case("company__employees", EMPLOYEE_BANDS)),
        "template": grouped("template", F("template__code")),
    }
    cache.set(key, result, FACET_CACHE_SECONDS)
    return result
