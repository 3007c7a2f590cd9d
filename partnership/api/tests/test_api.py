"""The public API: search, one record, verification on boundary dates, bulk verification,
changes, conditional requests, CORS, rate limits and API keys."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from partnership.api import schemas
from partnership.api.models import ApiKey
from partnership.api.services import api_key_issue, api_key_revoke
from partnership.companies.models import Company
from partnership.core.dates import JST
from partnership.declarations.models import Declaration, Status

pytestmark = pytest.mark.django_db


def jst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def history(
    make_company: Callable[..., Company], make_declaration: Callable[..., Declaration]
) -> Company:
    """Version 1 published 2026-03-31 23:59 JST, superseded by version 2 on 2026-06-01 10:00,
    withdrawn 2026-09-01 00:01 JST."""
    company = make_company(name="株式会社境界テスト", name_kana="キョウカイテスト")
    make_declaration(
        company,
        Status.SUPERSEDED,
        published_at=jst(2026, 3, 31, 23, 59),
        ended_at=jst(2026, 6, 1, 10, 0),
    )
    make_declaration(
        company,
        Status.WITHDRAWN,
        published_at=jst(2026, 6, 1, 10, 0),
        ended_at=jst(2026, 9, 1, 0, 1),
        end_reason="事業統合のため",
    )
    return company


def verify(client: Client, number: str, day: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/verify/{number}", {"date": day})
    assert response.status_code == 200, response.content
    schemas.VerifyAnswer.model_validate(response.json())
    return dict(response.json())


@pytest.mark.parametrize(
    ("day", "declared", "version"),
    [
        ("2026-03-30", False, None),
        ("2026-03-31", True, 1),  # published at 23:59 that day
        ("2026-04-01", True, 1),
        ("2026-06-01", True, 2),  # both were public that day: the later one
        ("2026-08-31", True, 2),
        ("2026-09-01", True, 2),  # withdrawn at 00:01 that day
        ("2026-09-02", False, None),
    ],
)
def test_verify_on_the_boundary_dates(
    client: Client, history: Company, day: str, declared: bool, version: int | None
) -> None:
    answer = verify(client, history.corporate_number, day)
    assert answer["declared"] is declared
    assert answer["version"] == version
    assert answer["date"] == day
    assert answer["valid"] is True
    assert answer["url"].endswith(f"/declarations/{history.corporate_number}/")
    if declared:
        assert answer["published_at"].endswith("+09:00")


def test_verify_accepts_full_width_and_hyphens(client: Client, history: Company) -> None:
    number = history.corporate_number
    typed = f"{number[0]}-{number[1:5]}-{number[5:9]}-{number[9:]}".translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    assert verify(client, typed, "2026-04-01")["corporate_number"] == number


def test_an_unknown_valid_number_is_not_declared_and_an_invalid_one_is_422(
    client: Client, template: Any
) -> None:
    unknown = verify(client, "5835678256246", "2026-04-01")
    assert (unknown["valid"], unknown["declared"], unknown["url"]) == (True, False, "")
    response = client.get("/api/v1/verify/1234567890123")
    assert response.status_code == 422
    (detail,) = response.json()["detail"]
    assert detail["loc"] == ["path", "corporate_number"]
    assert detail["type"] == "checksum"
    english = client.get("/api/v1/verify/12345", HTTP_ACCEPT_LANGUAGE="en")
    assert "13 digits" in english.json()["detail"][0]["msg"]
    assert client.get("/api/v1/verify/5835678256246?date=2026-02-30").status_code == 422


def test_bulk_verification_answers_every_row_in_order(client: Client, history: Company) -> None:
    number = history.corporate_number
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    numbers: list[Any] = [number, "12345", full_width, "5835678256246", number, "", int(number)]
    response = client.post(
        "/api/v1/verify",
        json.dumps({"date": "2026-04-01", "numbers": numbers}),
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    schemas.VerifyBatch.model_validate(body)  # the hand-encoded answer has the schema's shape
    assert (body["count"], body["declared"], body["invalid"]) == (7, 4, 2)
    results = body["results"]
    assert [r["input"] for r in results] == [str(n) for n in numbers]
    assert [r["declared"] for r in results] == [True, False, True, False, True, False, True]
    assert results[1]["problem_code"] == "length"
    assert results[5]["problem_code"] == "empty"
    assert results[3]["valid"] and not results[3]["declared"]


def test_bulk_verification_refuses_more_than_10000_numbers(client: Client, template: Any) -> None:
    response = client.post(
        "/api/v1/verify",
        json.dumps({"numbers": ["5835678256246"] * 10_001}),
        content_type="application/json",
    )
    assert response.status_code == 422
    ok = client.post(
        "/api/v1/verify",
        json.dumps({"numbers": ["5835678256246"] * 10_000}),
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["count"] == 10_000


def test_declaration_record_with_history(client: Client, history: Company) -> None:
    response = client.get(f"/api/v1/declarations/{history.corporate_number}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == Status.WITHDRAWN
    assert body["current"] is None
    assert [v["version"] for v in body["versions"]] == [2, 1]
    assert body["versions"][0]["end_reason"] == "事業統合のため"
    # The two versions touch: one interval.
    assert body["intervals"] == [
        {"start": "2026-03-31T23:59:00+09:00", "end": "2026-09-01T00:01:00+09:00"}
    ]
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    again = client.get(
        f"/api/v1/declarations/{history.corporate_number}",
        HTTP_IF_NONE_MATCH=response.headers["ETag"],
    )
    assert again.status_code == 304
    assert client.get("/api/v1/declarations/5835678256246").status_code == 404


def test_search_uses_the_listing_parameters(
    client: Client,
    make_company: Callable[..., Company],
    make_declaration: Callable[..., Declaration],
) -> None:
    tokyo = make_company(name="株式会社東京カナ", name_kana="トウキョウカナ", prefecture_code="13")
    osaka = make_company(name="大阪カナ株式会社", name_kana="オオサカカナ", prefecture_code="27")
    for company in (tokyo, osaka):
        make_declaration(company, Status.PUBLISHED)
    body = client.get("/api/v1/declarations", {"q": "かな"}).json()
    assert body["count"] == 2
    assert {r["company_name"] for r in body["results"]} == {tokyo.name, osaka.name}
    body = client.get("/api/v1/declarations", {"q": "かな", "prefecture": "27"}).json()
    assert [r["corporate_number"] for r in body["results"]] == [osaka.corporate_number]
    lenient = client.get("/api/v1/declarations", {"prefecture": ["27", "99"], "sort": "x"})
    assert lenient.status_code == 200
    assert len(lenient.json()["problems"]) == 2
    assert lenient.json()["count"] == 1


def test_changes_feed_pages_with_a_cursor(client: Client, history: Company) -> None:
    seen: list[tuple[str, int]] = []
    params: dict[str, Any] = {"since": "2026-01-01T00:00:00", "limit": 1}
    for _ in range(10):
        body = client.get("/api/v1/changes", params).json()
        seen += [(c["kind"], c["version"]) for c in body["changes"]]
        if body["next_cursor"] is None:
            break
        params["cursor"] = body["next_cursor"]
    # At the supersession instant the ending comes first.
    assert seen == [("published", 1), ("superseded", 1), ("published", 2), ("withdrawn", 2)]
    later = client.get("/api/v1/changes", {"since": "2026-06-01T10:00:00+09:00"}).json()
    assert [(c["kind"], c["version"]) for c in later["changes"]] == [("withdrawn", 2)]
    bad = client.get("/api/v1/changes", {"since": "2026-01-01", "cursor": "nonsense"})
    assert bad.status_code == 422


def test_statistics_and_cors(client: Client, template: Any) -> None:
    response = client.get("/api/v1/statistics", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "published" in response.json()


@override_settings(API_ANONYMOUS_RATE="3/m")
def test_anonymous_rate_limit_and_api_keys(client: Client, administrator: Any) -> None:
    for _ in range(3):
        assert client.get("/api/v1/statistics").status_code == 200
    limited = client.get("/api/v1/statistics")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1

    api_key, secret = api_key_issue(actor=administrator, name="補助金事務局", requests_per_minute=5)
    stored = ApiKey.objects.get(pk=api_key.pk)
    assert secret not in stored.key_digest and len(stored.key_digest) == 64
    for _ in range(5):
        assert client.get("/api/v1/statistics", HTTP_X_API_KEY=secret).status_code == 200
    assert client.get("/api/v1/statistics", HTTP_X_API_KEY=secret).status_code == 429
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at is not None

    api_key_revoke(actor=administrator, api_key=api_key)
    revoked = client.get("/api/v1/statistics", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert revoked.status_code == 401
    assert client.get("/api/v1/statistics", HTTP_X_API_KEY="prk_nothing").status_code == 401


def test_docs_are_served_without_a_cdn(client: Client) -> None:
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/verify/{corporate_number}", "/api/v1/verify", "/api/v1/changes"} <= set(
        schema["paths"]
    )


@pytest.mark.django_db
def test_an_unknown_api_address_answers_json_in_the_clients_language(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "nothing at this address" in response.json()["detail"]
    response = client.get("/api/v2/declarations", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 404
    assert "API" in response.json()["detail"] and "ありません" in response.json()["detail"]
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@override_settings(API_ANONYMOUS_RATE="2/m")
def test_anonymous_ipv6_clients_are_counted_per_64_network(client: Client) -> None:
    cache.clear()
    first, same_network, other_network = "2001:db8:1:2::10", "2001:db8:1:2:ffff::1", "2001:db8:9::1"
    for _ in range(2):
        assert client.get("/api/v1/statistics", REMOTE_ADDR=first).status_code == 200
    # Another address of the same /64 (a client rotating its interface id) shares the count …
    assert client.get("/api/v1/statistics", REMOTE_ADDR=same_network).status_code == 429
    # … another network does not.
    assert client.get("/api/v1/statistics", REMOTE_ADDR=other_network).status_code == 200
