"""Was a company declared on a given date? — for subsidy and tax offices, one number or many.

A company counts as declared on day D when one of its versions was public at some moment of D
in Japan time (see ``declarations.selectors.declaration_in_force_on``). The answer for many
numbers is computed in a few queries whatever their count: numbers are validated in Python,
then looked up in chunks on the corporate number's unique index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from partnership.companies.corporate_number import (
    CorporateNumberError,
    has_valid_check_digit,
    normalize_corporate_number,
    validate_corporate_number,
)
from partnership.core.dates import jst_day_bounds
from partnership.declarations.models import Declaration, TemplateVersion
from partnership.registry.open_data import public_url

MAX_BULK = 10_000
_CHUNK = 2_000


@dataclass(frozen=True)
class Verification:
    """The answer for one input row."""

    given: str
    number: str  # normalised form of ``given`` (13 digits when valid)
    valid: bool
    problem_code: str = ""  # empty, length, digits, checksum
    problem: str = ""  # the problem in the active language
    declared: bool = False
    company_name: str = ""
    version: int | None = None
    published_at: dt.datetime | None = None  # the interval of the version in force on the date
    ended_at: dt.datetime | None = None
    template: str = ""
    template_outdated: bool = False
    url: str = ""  # the company's public page, when it has one

    @property
    def since(self) -> dt.datetime | None:
        return self.published_at


def _checked(raw: str) -> tuple[str, str, str]:
    """(normalised number, problem code, problem message) for one input."""
    number = normalize_corporate_number(raw)
    if has_valid_check_digit(number):
        return number, "", ""
    try:
        return validate_corporate_number(raw), "", ""
    except CorporateNumberError as error:
        return number, str(error.code or ""), str(error.messages[0])


def verify_many(numbers: Iterable[str], day: dt.date) -> list[Verification]:
    """One :class:`Verification` per input, in input order (duplicates answered each time)."""
    given = [str(raw) for raw in numbers]
    checked = {raw: _checked(raw) for raw in dict.fromkeys(given)}
    valid = sorted({number for number, code, _ in checked.values() if not code})
    start, end = jst_day_bounds(day)
    current = TemplateVersion.objects.current()
    in_force: dict[str, tuple[str, int, dt.datetime, dt.datetime | None, str, int]] = {}
    names: dict[str, str] = {}  # companies with a public page (ever published)
    for offset in range(0, len(valid), _CHUNK):
        chunk = valid[offset : offset + _CHUNK]
        rows = (
            Declaration.objects.was_published()
            .filter(company__corporate_number__in=chunk)
            .values_list(
                "company__corporate_number",
                "company__name",
                "version",
                "published_at",
                "ended_at",
                "template__code",
                "template_id",
            )
            .order_by("published_at")
        )
        for number, name, version, published, ended, code, template_id in rows:
            names[number] = name
            # was_published() rows always have a start (declaration_published_has_start).
            assert published is not None
            if published < end and (ended is None or ended > start):
                # Ordered by start: the latest version public during the day wins.
                in_force[number] = (name, version, published, ended, code, template_id)
    results = []
    for raw in given:
        number, code, problem = checked[raw]
        if code:
            results.append(Verification(raw, number, False, code, problem))
            continue
        url = public_url(number) if number in names else ""
        found = in_force.get(number)
        if found is None:
            results.append(
                Verification(raw, number, True, company_name=names.get(number, ""), url=url)
            )
            continue
        name, version, published, ended, template_code, template_id = found
        results.append(
            Verification(
                raw,
                number,
                True,
                declared=True,
                company_name=name,
                version=version,
                published_at=published,
                ended_at=ended,
                template=template_code,
                template_outdated=current is not None and template_id != current.pk,
                url=url,
            )
        )
    return results


def verify(number: str, day: dt.date) -> Verification:
    return verify_many([number], day)[0]
