"""The bulk path stores values exactly as the ORM would, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from partnership.audit.models import AuditEvent
from partnership.companies.models import Company
from partnership.core.bulk import insert_rows, reserve_ids, reset_sequences
from partnership.core.dates import JST

pytestmark = pytest.mark.django_db


def test_rows_round_trip_and_the_orm_continues_after_them(company: Company) -> None:
    when = dt.datetime(2026, 3, 31, 23, 59, 30, tzinfo=JST)
    ids = reserve_ids(AuditEvent, 2)
    assert ids.start > 0
    written = insert_rows(
        AuditEvent,
        ("id", "created_at", "action", "object_type", "object_id", "company_id", "after"),
        [
            (ids[0], when, "bulk.a", "t", "1", company.pk, {"名前": "株式会社", "n": [1, 2]}),
            (ids[1], when, "bulk.b", "t", "2", None, None),
        ],
    )
    assert written == 2
    reset_sequences(AuditEvent)
    first = AuditEvent.objects.get(pk=ids[0])
    assert first.created_at == when
    assert first.after == {"名前": "株式会社", "n": [1, 2]}
    assert first.company_id == company.pk
    second = AuditEvent.objects.get(pk=ids[1])
    assert second.after is None and second.company_id is None and second.user_agent == ""
    # The next ORM insert gets a fresh key instead of colliding with the bulk rows.
    later = AuditEvent.objects.create(created_at=when, action="orm", object_type="t", object_id="3")
    assert later.pk > ids[1]


def test_database_constraints_still_apply(company: Company) -> None:
    columns = [f.attname for f in Company._meta.concrete_fields]
    row = [getattr(company, name) for name in columns]
    row[columns.index("id")] = company.pk + 1000
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Company, columns, [row])  # same corporate number: unique


def test_nothing_to_insert_is_fine() -> None:
    assert insert_rows(AuditEvent, ("id", "created_at"), []) == 0


def test_dates_are_stored_as_the_orm_stores_them_whether_given_as_dates_or_text() -> None:
    from partnership.companies.models import Corporation

    insert_rows(
        Corporation,
        ("corporate_number", "name", "update_date", "close_date", "assignment_date"),
        [
            ("1000013050238", "鳥取簡易裁判所", dt.date(2015, 10, 26), None, "2015-10-05"),
        ],
    )
    stored = Corporation.objects.get(corporate_number="1000013050238")
    assert stored.update_date == dt.date(2015, 10, 26)
    assert stored.close_date is None
    assert stored.assignment_date == dt.date(2015, 10, 5)
    assert Corporation.objects.filter(update_date__lt=dt.date(2015, 10, 27)).count() == 1


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="3 values for 2 columns"):
        insert_rows(AuditEvent, ("id", "created_at"), [(1, dt.datetime.now(tz=JST), "x")])
