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
from typing import Any

from django.db import connection
from django.utils.dateparse import parse_datetime

from partnership.companies.corporate_number import (
    LENGTH,
    CorporateNumberError,
    has_valid_check_digit,
    normalize_corporate_number,
    validate_corporate_number,
)
from partnership.companies.models import Company
from partnership.core.dates import jst_day_bounds
from partnership.declarations.models import WAS_PUBLISHED, Declaration, TemplateVersion
from partnership.registry.open_data import public_url

MAX_BULK = 10_000
_CHUNK = 2_000


@dataclass(slots=True)
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


def _checked(raw: str, messages: dict[tuple[str, int], str]) -> tuple[str, str, str]:
    """(normalised number, problem code, problem message) for one input. The messages are
    those of ``validate_corporate_number``, built once per kind of problem (``messages``):
    a bulk file can hold thousands of invalid rows."""
    number = normalize_corporate_number(raw)
    if has_valid_check_digit(number):
        return number, "", ""
    if not number:
        code = "empty"
    elif not (number.isascii() and number.isdigit()):
        code = "digits"
    elif len(number) != LENGTH:
        code = "length"
    else:
        code = "checksum"
    key = (code, len(number) if code == "length" else 0)
    if key not in messages:
        try:
            validate_corporate_number(raw)
        except CorporateNumberError as error:
            messages[key] = str(error.messages[0])
        else:  # cannot happen: has_valid_check_digit agrees with the validator
            return number, "", ""
    return number, code, messages[key]


def _query(count: int) -> str:
    """Every published interval of ``count`` companies, oldest first. Plain SQL: for one
    number the ORM's query building costs several times the query itself."""
    declaration = Declaration._meta.db_table
    company = Company._meta.db_table
    template = TemplateVersion._meta.db_table
    numbers = ", ".join(["%s"] * count)
    statuses = ", ".join(["%s"] * len(WAS_PUBLISHED))
    return (
        "SELECT c.corporate_number, c.name, d.version, d.published_at, d.ended_at, t.code, "  # noqa: S608
        f"t.is_current FROM {declaration} d JOIN {company} c ON c.id = d.company_id "
        f"JOIN {template} t ON t.id = d.template_id "
        f"WHERE c.corporate_number IN ({numbers}) AND d.status IN ({statuses}) "
        "ORDER BY d.published_at"
    )


def _moment(value: Any) -> dt.datetime | None:
    """A timestamp as the driver returns it (SQLite: naive, in UTC) as an aware datetime."""
    if value is None:
        return None
    parsed = value if isinstance(value, dt.datetime) else parse_datetime(str(value))
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def verify_many(numbers: Iterable[str], day: dt.date) -> list[Verification]:
    """One :class:`Verification` per input, in input order (duplicates answered each time)."""
    given = [str(raw) for raw in numbers]
    messages: dict[tuple[str, int], str] = {}
    checked = {raw: _checked(raw, messages) for raw in dict.fromkeys(given)}
    valid = sorted({number for number, code, _ in checked.values() if not code})
    start, end = jst_day_bounds(day)
    in_force: dict[str, tuple[str, int, dt.datetime, dt.datetime | None, str, bool]] = {}
    names: dict[str, str] = {}  # companies with a public page (ever published)
    with connection.cursor() as cursor:
        for offset in range(0, len(valid), _CHUNK):
            chunk = valid[offset : offset + _CHUNK]
            cursor.execute(_query(len(chunk)), [*chunk, *WAS_PUBLISHED])
            for number, name, version, published, ended, code, is_current in cursor.fetchall():
                names[number] = name
                published, ended = _moment(published), _moment(ended)
                assert published is not None  # declaration_published_has_start
                if published < end and (ended is None or ended > start):
                    # Ordered by start: the latest version public during the day wins.
                    in_force[number] = (name, version, published, ended, code, bool(is_current))
    # One reverse() for all rows (a reverse per row costs more than the queries).
    placeholder = "0" * 13
    url_pattern = public_url(placeholder)
    results = []
    for raw in given:
        number, code, problem = checked[raw]
        if code:
            results.append(Verification(raw, number, False, code, problem))
            continue
        url = url_pattern.replace(placeholder, number) if number in names else ""
        found = in_force.get(number)
        if found is None:
            results.append(
                Verification(raw, number, True, company_name=names.get(number, ""), url=url)
            )
            continue
        name, version, published, ended, template_code, is_current = found
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
                template_outdated=not is_current,
                url=url,
            )
        )
    return results


def verify(number: str, day: dt.date) -> Verification:
    return verify_many([number], day)[0]
