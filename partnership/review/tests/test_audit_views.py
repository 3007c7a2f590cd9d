"""The audit log viewer: filters (valid and not), keyset pages, the capped count, the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from partnership.accounts.models import User
from partnership.accounts.testing import verify_staff
from partnership.audit.models import AuditEvent
from partnership.audit.services import RequestContext, audit_record
from partnership.companies.models import Company
from partnership.core.dates import JST
from partnership.review import audit_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages() -> None:
    """These tests read the English wording: ``reverse`` gives the /en/ pages."""
    from django.utils import translation

    translation.activate("en")


URL = "/staff/audit/"
CSV_URL = "/staff/audit/audit-log.csv"
EN_URL = "/en" + URL


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # The list of actions offered in the filter is cached; and so are rate-limit counters.
    cache.clear()


@pytest.fixture
def staff_client(client: Client, reviewer: User) -> Client:
    verify_staff(client, reviewer)
    return client


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    """A Japan-time instant."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=JST)


@pytest.fixture
def record(company: Company) -> Callable[..., AuditEvent]:
    def make(action: str = "company.update", **kwargs: Any) -> AuditEvent:
        kwargs.setdefault("actor", None)
        kwargs.setdefault("obj", company)
        kwargs.setdefault("company", company)
        return audit_record(action=action, **kwargs)

    return make


def event_ids(response: Any) -> list[int]:
    return [row.event.pk for row in response.context["rows"]]


def read_csv(response: Any) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


# --- access ------------------------------------------------------------------------------------


def test_the_url_names_are_stable() -> None:
    assert reverse("review:audit") == "/en" + URL
    assert reverse("review:audit_csv") == "/en" + CSV_URL


def test_anonymous_visitors_are_sent_to_login(client: Client) -> None:
    for url in (URL, CSV_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_company_users_are_refused(client: Client, make_user: Callable[..., User]) -> None:
    client.force_login(make_user())
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_administrators_may_read_the_log_too(client: Client, administrator: User) -> None:
    verify_staff(client, administrator)
    assert client.get(URL).status_code == 200


# --- the list ----------------------------------------------------------------------------------


def test_events_are_listed_newest_first_with_labels_and_changes(
    staff_client: Client, record: Callable[..., AuditEvent], reviewer: User
) -> None:
    old = record(at=at(2026, 1, 5), before={"name": "旧社名"}, after={"name": "新社名"})
    new = record(
        "declaration.publish",
        actor=reviewer,
        at=at(2026, 1, 6),
        after={"status": "published", "note": None},
        context=RequestContext(ip_address="203.0.113.7"),
    )
    response = staff_client.get(URL, {"company": old.company.corporate_number})
    assert response.status_code == 200
    assert [i for i in event_ids(response) if i in (new.pk, old.pk)] == [new.pk, old.pk]
    html = response.content.decode()
    assert "2026-01-06 12:00:00" in html  # JST
    assert "declaration.publish" in html
    assert "203.0.113.7" in html
    assert "旧社名" in html and "新社名" in html
    assert reviewer.email in html
    rows = {row.event.pk: row for row in response.context["rows"]}
    assert [(c.key, c.before, c.after) for c in rows[old.pk].changes] == [
        ("name", "旧社名", "新社名")
    ]
    # A key with an empty value on one side only says nothing and is left out.
    assert [c.key for c in rows[new.pk].changes] == ["status"]


def test_every_kind_of_json_reads_plainly() -> None:
    changes = audit_selectors.changes_of(
        {"items": ["a", "b"], "n": 1}, {"items": ["a"], "extra": {"x": True}}
    )
    assert [(c.key, c.before, c.after) for c in changes] == [
        ("items", '["a", "b"]', '["a"]'),
        ("n", "1", None),
        ("extra", None, '{"x": true}'),
    ]
    assert [(c.key, c.after) for c in audit_selectors.changes_of(None, [1, 2])] == [
        ("value", "[1, 2]")
    ]
    long = audit_selectors.changes_of(None, {"text": "あ" * 500})[0].after
    assert long is not None and len(long) == audit_selectors.VALUE_MAX_CHARS


def test_filter_by_actor_email(
    staff_client: Client,
    record: Callable[..., AuditEvent],
    make_user: Callable[..., User],
) -> None:
    alice = make_user(email_verified=True)
    mine = record(actor=alice)
    record()  # by the system
    response = staff_client.get(URL, {"actor": alice.email.split("@")[0].upper()})
    ids = event_ids(response)
    assert mine.pk in ids
    assert all(row.event.actor_id == alice.pk for row in response.context["rows"])


def test_filter_by_company_number_with_hyphens_or_by_name(
    staff_client: Client,
    record: Callable[..., AuditEvent],
    company: Company,
    make_company: Callable[..., Company],
) -> None:
    other = make_company(name="東海物産株式会社")
    mine = record()
    theirs = record(obj=other, company=other)
    number = company.corporate_number
    typed = f"{number[0]}-{number[1:5]}-{number[5:9]}-{number[9:]}"
    ids = event_ids(staff_client.get(URL, {"company": typed}))
    assert mine.pk in ids and theirs.pk not in ids
    # Full-width digits are a corporate number too.
    full_width = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert mine.pk in event_ids(staff_client.get(URL, {"company": full_width}))
    # By name, ignoring katakana/hiragana and width differences.
    ids = event_ids(staff_client.get(URL, {"company": "東海物産"}))
    assert theirs.pk in ids and mine.pk not in ids
    ids = event_ids(staff_client.get(URL, {"company": "ヤマダ"}))  # the kana reading
    assert mine.pk in ids and theirs.pk not in ids


def test_filter_by_action(staff_client: Client, record: Callable[..., AuditEvent]) -> None:
    published = record("declaration.publish")
    record("company.update")
    response = staff_client.get(URL, {"action": "declaration.publish"})
    assert event_ids(response) == [published.pk]
    choices = dict(response.context["form"].fields["action"].choices)
    assert "declaration.publish" in choices
    assert "staff.change_role" in choices  # known even before it first happens


def test_actions_without_a_label_are_listed_and_filterable(
    staff_client: Client, record: Callable[..., AuditEvent]
) -> None:
    odd = record("future.thing")
    response = staff_client.get(URL, {"action": "future.thing"})
    assert event_ids(response) == [odd.pk]
    assert "future.thing" in response.content.decode()


def test_dates_are_japan_time_days_both_inclusive(
    staff_client: Client, record: Callable[..., AuditEvent]
) -> None:
    # 2026-01-31 23:30 JST is 14:30 UTC on the same day; 2026-02-01 00:30 JST is still
    # 2026-01-31 in UTC.
    late_january = record(at=at(2026, 1, 31, 23, 30))
    early_february = record(at=at(2026, 2, 1, 0, 30))
    record(at=at(2026, 2, 2, 9))
    ids = event_ids(staff_client.get(URL, {"date_from": "2026-02-01", "date_to": "2026-02-01"}))
    assert ids == [early_february.pk]
    ids = event_ids(staff_client.get(URL, {"date_to": "2026-01-31", "action": "company.update"}))
    assert ids == [late_january.pk]
    ids = event_ids(staff_client.get(URL, {"date_from": "2026/01/31", "date_to": "2026/02/01"}))
    assert ids == [early_february.pk, late_january.pk]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-02-30"}, "2026-01-31"),
        ({"date_from": "yesterday"}, "2026-01-31"),
        ({"date_to": "9999-12-31"}, "2099-12-31"),
        ({"date_from": "0001-01-01"}, "2000-01-01"),
        ({"action": "no.such<script>"}, "no.such&lt;script&gt;"),
        ({"actor": "x" * 300}, "254"),
        ({"date_from": "2026-01-31", "date_to": "2026-01-30"}, "before the start date"),
        ({"after": "garbage"}, "page link"),
        ({"before": "1.2.3"}, "page link"),
    ],
)
def test_invalid_filters_are_explained_and_ignored(
    staff_client: Client,
    record: Callable[..., AuditEvent],
    params: dict[str, str],
    message: str,
) -> None:
    event = record("declaration.publish", at=at(2026, 2, 1))
    with_valid = {**params, "company": event.company.corporate_number}
    response = staff_client.get("/en" + URL, with_valid)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert response.context["invalid"]
    # The valid filter still applies; the invalid one does not.
    assert event.pk in event_ids(response)
    assert all(row.event.company_id == event.company_id for row in response.context["rows"])
    # The CSV ignores the same values without failing.
    assert staff_client.get(CSV_URL, with_valid).status_code == 200


def test_an_empty_log_renders(staff_client: Client) -> None:
    response = staff_client.get(URL, {"action": "declaration.remove"})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "0" in response.content.decode()


# --- pages and the count -----------------------------------------------------------------------


def test_pages_go_back_in_time_and_forward_again(
    staff_client: Client, record: Callable[..., AuditEvent]
) -> None:
    start = at(2026, 1, 1)
    # Two events share each instant, so the keyset must break ties by id.
    events = [record(at=start + dt.timedelta(minutes=i // 2)) for i in range(120)]
    expected = [e.pk for e in sorted(events, key=lambda e: (e.created_at, e.pk), reverse=True)]
    query = {"action": "company.update"}

    first = staff_client.get(URL, query)
    assert event_ids(first) == expected[:50]
    assert first.context["newer_url"] is None
    second = staff_client.get(URL + first.context["older_url"])
    assert event_ids(second) == expected[50:100]
    assert "action=company.update" in first.context["older_url"]
    third = staff_client.get(URL + second.context["older_url"])
    assert event_ids(third) == expected[100:]
    assert third.context["older_url"] is None
    back = staff_client.get(URL + third.context["newer_url"])
    assert event_ids(back) == expected[50:100]
    top = staff_client.get(URL + back.context["newer_url"])
    assert event_ids(top) == expected[:50]
    assert top.context["newer_url"] is None


def test_the_count_stops_at_the_cap(
    staff_client: Client, record: Callable[..., AuditEvent], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_selectors, "COUNT_CAP", 5)
    for _ in range(7):
        record()
    response = staff_client.get(EN_URL, {"action": "company.update"})
    total = response.context["total"]
    assert total.more and total.shown == 5
    assert "More than 5 events match the filters." in response.content.decode()
    response = staff_client.get(URL, {"action": "company.update", "date_to": "2000-01-01"})
    assert not response.context["total"].more
    assert response.context["total"].count == 0


def test_count_capped_counts_exactly_below_the_cap(record: Callable[..., AuditEvent]) -> None:
    for _ in range(3):
        record()
    events = AuditEvent.objects.filter(action="company.update")
    assert audit_selectors.count_capped(events, 10).count == 3
    assert not audit_selectors.count_capped(events, 3).more
    assert audit_selectors.count_capped(events, 2).more


def test_cursors_round_trip() -> None:
    cursor = audit_selectors.Cursor(at(2026, 1, 2, 3, 4).replace(microsecond=56), 42)
    decoded = audit_selectors.Cursor.decode(cursor.encode())
    assert decoded == cursor
    for text in ("", "1.2.3", "abc.1", "-5.1", "1e5.2"):
        assert audit_selectors.Cursor.decode(text) is None


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_is_excel_ready_formula_safe_and_follows_the_filters(
    staff_client: Client,
    record: Callable[..., AuditEvent],
    company: Company,
) -> None:
    hostile = AuditEvent.objects.create(
        created_at=at(2026, 3, 1, 9, 15),
        actor_label='=HYPERLINK("http://evil")',
        action="company.update",
        object_type="companies.company",
        object_id=str(company.pk),
        company=company,
        before={"name": "=1+1"},
        after={"name": "@SUM(A1)"},
        ip_address="198.51.100.1",
        user_agent="-cmd",
    )
    record("declaration.publish", at=at(2026, 3, 2))
    response = staff_client.get(CSV_URL, {"action": "company.update", "date_from": "2026-03-01"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    raw, rows = read_csv(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == len(rows)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    header, *body = rows
    assert len(header) == len(audit_selectors.EXPORT_HEADER)
    assert len(body) == 1  # the filters apply: no publish event, nothing before March
    row = body[0]
    assert row[0] == "2026-03-01 09:15:00"
    assert row[1] == '\'=HYPERLINK("http://evil")'
    assert row[3] == "company.update"
    assert row[6] == company.corporate_number
    assert row[8] == '{"name": "=1+1"}'
    assert row[10] == "198.51.100.1"
    assert row[11] == "'-cmd"
    assert hostile.pk


def test_csv_is_capped(
    staff_client: Client, record: Callable[..., AuditEvent], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_selectors, "EXPORT_CAP", 3)
    events = [record(at=at(2026, 4, 1, 9, i)) for i in range(5)]
    _raw, rows = read_csv(staff_client.get(CSV_URL, {"action": "company.update"}))
    assert len(rows) == 1 + 3
    newest = events[-1].created_at.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S")
    assert rows[1][0] == newest


def test_english_pages_and_csv_speak_english(
    client: Client, reviewer: User, record: Callable[..., AuditEvent]
) -> None:
    verify_staff(client, reviewer)
    record("declaration.publish")
    response = client.get("/en" + URL)
    assert response.status_code == 200
    assert "Audit log" in response.content.decode()
    _raw, rows = read_csv(client.get("/en" + CSV_URL))
    assert rows[0][:2] == ["Time (JST)", "Actor"]
