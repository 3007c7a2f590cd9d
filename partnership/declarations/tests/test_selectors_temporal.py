"""'Was company X declared at instant T / on date D (Japan time)?'"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from partnership.core.dates import JST
from partnership.declarations.models import Declaration, Status
from partnership.declarations.selectors import (
    declaration_in_force_at,
    declaration_in_force_on,
    publication_intervals,
    published_declarations,
)

pytestmark = pytest.mark.django_db


def jst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


@pytest.fixture
def history(
    company: Any, make_declaration: Callable[..., Declaration]
) -> tuple[Declaration, Declaration]:
    """v1 published 2026-03-10 23:59 JST, superseded by v2 at 2026-05-20 10:00 JST."""
    switch = jst(2026, 5, 20, 10, 0)
    v1 = make_declaration(
        company, Status.SUPERSEDED, published_at=jst(2026, 3, 10, 23, 59), ended_at=switch
    )
    v2 = make_declaration(company, Status.PUBLISHED, published_at=switch)
    return v1, v2


def test_published_at_2359_jst_counts_for_that_day(company: Any, history: Any) -> None:
    v1, _ = history
    assert declaration_in_force_on(company.corporate_number, dt.date(2026, 3, 10)) == v1
    assert declaration_in_force_on(company.corporate_number, dt.date(2026, 3, 9)) is None


def test_day_boundary_is_japan_time_not_utc(company: Any, history: Any) -> None:
    # 2026-03-10 23:59 JST is 14:59 UTC on the same date; 2026-03-11 00:30 JST is still
    # 2026-03-10 in UTC, and the answer must follow Japan time.
    v1, _ = history
    assert declaration_in_force_on(company.corporate_number, dt.date(2026, 3, 11)) == v1
    assert declaration_in_force_at(company.corporate_number, jst(2026, 3, 10, 23, 58)) is None
    assert declaration_in_force_at(company.corporate_number, jst(2026, 3, 10, 23, 59)) == v1


def test_supersession_leaves_no_gap_and_no_overlap(company: Any, history: Any) -> None:
    v1, v2 = history
    switch = v2.published_at
    assert (
        declaration_in_force_at(company.corporate_number, switch - dt.timedelta(microseconds=1))
        == v1
    )
    assert declaration_in_force_at(company.corporate_number, switch) == v2
    # On the day of the switch the company was declared throughout; the newer version answers.
    assert declaration_in_force_on(company.corporate_number, dt.date(2026, 5, 20)) == v2
    assert publication_intervals(company.corporate_number) == [(v1.published_at, None)]


def test_withdrawn_declaration_counts_until_its_end(
    company: Any, make_declaration: Callable[..., Declaration]
) -> None:
    v1 = make_declaration(
        company,
        Status.WITHDRAWN,
        published_at=jst(2026, 1, 5, 9, 0),
        ended_at=jst(2026, 2, 1, 0, 1),
    )
    number = company.corporate_number
    assert (
        declaration_in_force_on(number, dt.date(2026, 2, 1)) == v1
    )  # public for one minute of that day
    assert declaration_in_force_on(number, dt.date(2026, 2, 2)) is None
    assert declaration_in_force_at(number, jst(2026, 2, 1, 0, 1)) is None  # end is exclusive
    assert publication_intervals(number) == [(v1.published_at, v1.ended_at)]


def test_never_published_versions_do_not_count(
    company: Any, make_declaration: Callable[..., Declaration]
) -> None:
    for status in (Status.DRAFT,):
        make_declaration(company, status)
    assert declaration_in_force_on(company.corporate_number, dt.date.today()) is None
    assert declaration_in_force_on("1000000000000", dt.date.today()) is None


def test_gap_between_withdrawal_and_new_publication(
    company: Any, make_declaration: Callable[..., Declaration]
) -> None:
    v1 = make_declaration(
        company, Status.WITHDRAWN, published_at=jst(2026, 1, 1, 12), ended_at=jst(2026, 1, 31, 12)
    )
    v2 = make_declaration(company, Status.PUBLISHED, published_at=jst(2026, 3, 1, 12))
    number = company.corporate_number
    assert declaration_in_force_on(number, dt.date(2026, 2, 15)) is None
    assert declaration_in_force_on(number, dt.date(2026, 3, 1)) == v2
    assert publication_intervals(number) == [
        (v1.published_at, v1.ended_at),
        (v2.published_at, None),
    ]


def test_naive_instant_is_refused(company: Any) -> None:
    with pytest.raises(ValueError, match="aware"):
        declaration_in_force_at(company.corporate_number, dt.datetime(2026, 1, 1))


def test_published_declarations_lists_only_current_versions(company: Any, history: Any) -> None:
    assert list(published_declarations()) == [history[1]]
