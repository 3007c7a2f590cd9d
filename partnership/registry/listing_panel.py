"""The listing's filter panel, built as HTML here rather than in the template.

The panel has about a hundred controls (47 prefectures in 8 regions, 20 industries, bands,
templates, sorts), each with a checked state and a count: through the template language it
cost more than the page's queries. Every value written here passes through ``escape``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from partnership.core.bands import CAPITAL_BANDS, EMPLOYEE_BANDS, Band
from partnership.registry.listing import PAGE_SIZES, ListingParams
from partnership.registry.listing_reference import Geography


def sort_choices() -> list[tuple[str, str]]:
    return [
        ("newest", _("Newest first")),
        ("oldest", _("Oldest first")),
        ("name", _("Name (reading)")),
        ("number", _("Corporate number")),
    ]


def _count(counts: Mapping[str, int], code: str, show: bool) -> str:
    return f" ({counts.get(code, 0):,})" if show else ""


def _facet(counts: Mapping[str, int], code: str, show: bool) -> str:
    return f' <span class="facet">({counts.get(code, 0):,})</span>' if show else ""


def _attr(flag: bool, name: str) -> str:
    return f" {name}" if flag else ""


def _select(
    name: str, label: str, options: Iterable[tuple[str, str]], selected: str, *, any_label: str
) -> str:
    parts = [
        f'<div class="form-row"><label for="{name}">{escape(label)}</label>'
        f'<select id="{name}" name="{name}">'
    ]
    if any_label:
        parts.append(f'<option value="">{escape(any_label)}</option>')
    for value, text in options:
        parts.append(
            f'<option value="{escape(value)}"{_attr(value == selected, "selected")}>'
            f"{escape(text)}</option>"
        )
    parts.append("</select></div>")
    return "".join(parts)


def _band_options(
    bands: Iterable[Band], counts: Mapping[str, int], show: bool
) -> list[tuple[str, str]]:
    return [(b.code, f"{b.label}{_count(counts, b.code, show)}") for b in bands]


def filter_panel(
    params: ListingParams,
    facets: Mapping[str, Mapping[str, int]],
    show_counts: bool,
    geo: Geography,
    *,
    english: bool,
) -> SafeString:
    """The filter form of /declarations/ (the same markup the template used to produce)."""
    listing_url = escape(reverse("registry:listing"))
    by_prefecture = facets.get("prefecture", {})
    out: list[str] = [
        f'<form method="get" action="{listing_url}">',
        f'<input type="hidden" name="q" value="{escape(params.q)}">',
        f"<details open><summary>{escape(_('Prefecture'))}</summary>",
    ]
    chosen = set(params.prefectures)
    for region in geo.regions:
        region_count = sum(by_prefecture.get(p.code, 0) for p in region.prefectures)
        region_facet = f' <span class="facet">({region_count:,})</span>' if show_counts else ""
        out.append(f"<fieldset><legend>{escape(region.name(english))}{region_facet}</legend>")
        for p in region.prefectures:
            code = escape(p.code)
            out.append(
                f'<div class="check"><input type="checkbox" name="prefecture" '
                f'value="{code}" id="pref-{code}"{_attr(p.code in chosen, "checked")}>'
                f'<label for="pref-{code}">{escape(p.name(english))}'
                f"{_facet(by_prefecture, p.code, show_counts)}</label></div>"
            )
        out.append("</fieldset>")
    out.append("</details>")

    by_industry = facets.get("industry", {})
    chosen = set(params.industries)
    out.append(
        f"<details{_attr(bool(params.industries), 'open')}>"
        f"<summary>{escape(_('Industry'))}</summary>"
    )
    for i in geo.industries:
        code = escape(i.code)
        out.append(
            f'<div class="check"><input type="checkbox" name="industry" value="{code}" '
            f'id="ind-{code}"{_attr(i.code in chosen, "checked")}>'
            f'<label for="ind-{code}">{escape(i.name(english))}'
            f"{_facet(by_industry, i.code, show_counts)}</label></div>"
        )
    out.append("</details>")

    any_label = _("Any")
    out.append(
        f"<details{_attr(bool(params.capital or params.employees), 'open')}>"
        f"<summary>{escape(_('Size'))}</summary>"
    )
    out.append(
        _select(
            "capital",
            _("Capital"),
            _band_options(CAPITAL_BANDS, facets.get("capital", {}), show_counts),
            params.capital,
            any_label=any_label,
        )
    )
    out.append(
        _select(
            "employees",
            _("Employees"),
            _band_options(EMPLOYEE_BANDS, facets.get("employees", {}), show_counts),
            params.employees,
            any_label=any_label,
        )
    )
    out.append("</details>")

    dated = bool(params.published_from or params.published_to or params.template)
    out.append(
        f"<details{_attr(dated or params.outdated, 'open')}>"
        f"<summary>{escape(_('Publication and template'))}</summary>"
    )
    for name, label, value in (
        ("published_from", _("Published from"), params.published_from),
        ("published_to", _("Published to"), params.published_to),
    ):
        shown = value.isoformat() if value else ""
        out.append(
            f'<div class="form-row"><label for="{name}">{escape(label)}</label>'
            f'<input type="date" id="{name}" name="{name}" value="{shown}"></div>'
        )
    by_template = facets.get("template", {})
    out.append(
        _select(
            "template",
            _("Template version"),
            [
                (t.code, f"{t.code}{_count(by_template, t.code, show_counts)}")
                for t in params.templates
            ],
            params.template,
            any_label=any_label,
        )
    )
    out.append(
        f'<div class="check"><input type="checkbox" name="outdated" value="1" id="outdated"'
        f'{_attr(params.outdated, "checked")}><label for="outdated">'
        f"{escape(_('Only declarations on an outdated template'))}</label></div>"
    )
    out.append("</details>")
    out.append(_select("sort", _("Sort"), sort_choices(), params.sort, any_label=""))
    out.append(
        _select(
            "per_page",
            _("Per page"),
            [(str(n), str(n)) for n in PAGE_SIZES],
            str(params.per_page),
            any_label="",
        )
    )
    out.append(
        f'<div class="button-row"><button class="button" type="submit">{escape(_("Apply"))}'
        f'</button> <a href="{listing_url}">{escape(_("Clear all"))}</a></div></form>'
    )
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)
