"""The public listing of published declarations: parameters, filters, facets, sorting, pages.

Every parameter lives in the query string, so each view of the list can be shared. A parameter
that cannot be understood is reported (``ListingParams.problems``) and ignored; the rest still
applies. Everything is read from ListingEntry, one narrow row per published declaration with
an index per filter and sort; counts are capped (COUNT over a LIMIT); the unfiltered facet
counts are maintained (ListingCount) and others cached briefly, so a query matching most of a
million declarations stays cheap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from partnership.core.bands import CAPITAL_BANDS, EMPLOYEE_BANDS, band_by_code
from partnership.core.dates import jst_day_bounds
from partnership.declarations import listing_index
from partnership.declarations.models import Declaration, ListingEntry
from partnership.declarations.selectors import published_declarations
from partnership.registry import search
from partnership.registry.listing_reference import TemplateRow, geography, templates

# Orders on ListingEntry; each is served by one of its indexes.
SORTS = {
    "newest": ("-published_at", "-declaration_id"),
    "oldest": ("published_at", "declaration_id"),
    "name": ("sort_key", "corporate_number"),
    "number": ("corporate_number",),
}
PAGE_SIZES = (20, 50, 100)
COUNT_CAP = 1_000
# Facet counts are computed only for result sets up to this size (or the cached plain listing).
FACET_LIMIT = 1_000
MAX_PAGE = 500
# The columns a result row shows (registry.views._result_rows, api.api._summary).
ROW_FIELDS = (
    "version",
    "status",
    "published_at",
    "template_id",
    "template__code",
    "company__corporate_number",
    "company__name",
    "company__name_kana",
    "company__name_en",
    "company__prefecture__name_ja",
    "company__prefecture__name_en",
    "company__industry__name_ja",
    "company__industry__name_en",
)
FACET_CACHE_SECONDS = 300
# The facets and the ListingEntry column each counts, in the order results() reads them.
FACET_COLUMNS = ("prefecture_code", "industry_code", "capital_band", "employee_band", "template_id")
FACET_NAMES = ("prefecture", "industry", "capital", "employees", "template")


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
    template_id: int | None = None
    outdated: bool = False
    sort: str = "newest"
    page: int = 1
    per_page: int = PAGE_SIZES[0]
    problems: list[str] = field(default_factory=list)
    # The search terms' shares of companies, looked up once per request (search.py).
    shares: dict[str, float] = field(default_factory=dict, repr=False)
    # Every template version, read once per request (listing_reference.templates).
    templates: list[TemplateRow] = field(default_factory=list, repr=False)
    # The facet columns of every result, when there are at most COUNT_CAP (results()).
    result_columns: list[tuple[Any, ...]] | None = field(default=None, repr=False)
    # The maintained counts, once read (the total and the unfiltered facets share them).
    maintained: dict[str, dict[str, int]] | None = field(default=None, repr=False)

    def maintained_counts(self) -> dict[str, dict[str, int]]:
        if self.maintained is None:
            self.maintained = listing_index.facet_counts()
        return self.maintained

    @property
    def current_template_id(self) -> int | None:
        return next((t.id for t in self.templates if t.is_current), None)

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
    params = ListingParams(problems=problems, templates=templates())
    geo = geography()
    params.q = " ".join((data.get("q") or "").split())[:200]
    prefecture_codes = geo.prefecture_codes
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
        if region in geo.region_codes:
            params.region = region
        else:
            problems.append(_("Unknown region “%(code)s”; it was ignored.") % {"code": region[:20]})
    industry_codes = geo.industry_codes
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
        params.template_id = next((t.id for t in params.templates if t.code == template), None)
        if params.template_id is not None:
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


def _filters(
    params: ListingParams,
    *,
    skip: str = "",
    counting: bool = False,
) -> Q:
    """The parameters as a condition on ListingEntry (``skip`` leaves one filter out, for
    its facet counts; ``counting`` picks the search plan for a capped count)."""
    condition = Q()
    if params.q:
        walk_share = search.COUNT_WALK_SHARE if counting else search.PAGE_WALK_SHARE
        found = search.search_condition(params.q, walk_share=walk_share, shares=params.shares)
        if found is not None:
            condition &= found
    if params.prefectures and skip != "prefecture":
        condition &= Q(prefecture_code__in=params.prefectures)
    if params.region and skip != "region":
        condition &= Q(region_code=params.region)
    if params.industries and skip != "industry":
        condition &= Q(industry_code__in=params.industries)
    if params.capital and skip != "capital":
        condition &= Q(capital_band=params.capital)
    if params.employees and skip != "employees":
        condition &= Q(employee_band=params.employees)
    if params.published_from:
        condition &= Q(published_at__gte=jst_day_bounds(params.published_from)[0])
    if params.published_to:
        condition &= Q(published_at__lt=jst_day_bounds(params.published_to)[1])
    if params.template_id is not None and skip != "template":
        condition &= Q(template_id=params.template_id)
    if params.outdated and skip != "template":
        current_id = params.current_template_id
        if current_id is not None:
            condition &= ~Q(template_id=current_id)
    return condition


def filtered(params: ListingParams, *, skip: str = "") -> QuerySet[ListingEntry]:
    return ListingEntry.objects.filter(_filters(params, skip=skip, counting=True))


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
    """One page of results and a count capped at COUNT_CAP (exact when unfiltered).

    The page is found in two steps: the ids, by walking the narrow ListingEntry in the
    sort's index order, then those declarations with their companies."""
    entries = ListingEntry.objects.filter(_filters(params))
    offset = (params.page - 1) * params.per_page
    ids = list(
        entries.order_by(*SORTS[params.sort]).values_list("declaration_id", flat=True)[
            offset : offset + params.per_page + 1
        ]
    )
    shown = ids[: params.per_page]
    # The rows show the company and the publication (the listing page and the API's
    # summaries): only those columns are read.
    found = published_declarations().only(*ROW_FIELDS).in_bulk(shown)
    rows = [found[pk] for pk in shown if pk in found]
    if params.filtered:
        # The capped count reads the facet columns of up to COUNT_CAP + 1 results: when the
        # set is small enough for facet counts, the facets of the filters not in use are
        # counted from these very rows (facets()), without another query.
        counting = ListingEntry.objects.filter(_filters(params, counting=True))
        found_columns = list(counting.order_by().values_list(*FACET_COLUMNS)[: COUNT_CAP + 1])
        count = len(found_columns)
        capped = count > COUNT_CAP
        params.result_columns = None if capped else found_columns
    else:
        count = params.maintained_counts()[listing_index.ALL][""]
        capped = False
    return Page(
        rows=rows,
        count=count if not capped else COUNT_CAP,
        capped=capped,
        has_next=len(ids) > params.per_page,
        number=params.page,
        per_page=params.per_page,
    )


def facets(params: ListingParams) -> dict[str, dict[str, int]]:
    """Counts per filter value over the results of the *other* filters (so each option shows
    what choosing it would give). The unfiltered listing reads the maintained counts; other
    parameter sets are counted and cached for a few minutes."""
    if not params.filtered:
        counts = params.maintained_counts()
        return {facet: counts.get(facet, {}) for facet in listing_index.FACETS}
    key_source = params.query_string(page=None, sort=None, per_page=None)
    key = "listing-facets:" + hashlib.sha256(key_source.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return dict(cached)

    in_use = {
        "prefecture": bool(params.prefectures),
        "industry": bool(params.industries),
        "capital": bool(params.capital),
        "employees": bool(params.employees),
        "template": params.template_id is not None or params.outdated,
    }

    def grouped(skip: str) -> dict[str, int]:
        """Counts over at most FACET_LIMIT rows: a facet whose own set (the results without
        its filter) is larger shows no counts, so the cost stays bounded whatever is asked.
        A facet whose filter is not in use counts the results themselves, already read."""
        position = FACET_NAMES.index(skip)
        if not in_use[skip] and params.result_columns is not None:
            values = [row[position] for row in params.result_columns]
        else:
            values = list(
                filtered(params, skip=skip)
                .order_by()
                .values_list(FACET_COLUMNS[position], flat=True)[: FACET_LIMIT + 1]
            )
        if len(values) > FACET_LIMIT:
            return {}
        return dict(Counter(str(v) for v in values if v not in (None, "")))

    template_codes = {t.id: t.code for t in params.templates}
    by_template = grouped("template")
    result = {
        "prefecture": grouped("prefecture"),
        "industry": grouped("industry"),
        "capital": grouped("capital"),
        "employees": grouped("employees"),
        "template": {template_codes.get(int(k), k): n for k, n in by_template.items()},
    }
    cache.set(key, result, FACET_CACHE_SECONDS)
    return result
