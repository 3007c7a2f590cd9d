"""Published declarations the corporation master contradicts (renamed, closed, deleted): the
selector and the staff page /staff/master-changes/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partnership.accounts.models import User
from partnership.companies.models import Company, Corporation
from partnership.conftest import sign_in_staff
from partnership.declarations.models import Declaration, Status
from partnership.review import master_selectors
from partnership.review.master_selectors import published_master_changes

pytestmark = pytest.mark.django_db

URL = "/en/staff/master-changes/"


@pytest.fixture(autouse=True)
def _english_pages() -> None:
    from django.utils import translation

    translation.activate("en")


def master(company: Company, **fields: Any) -> Corporation:
    """The master's row for ``company`` (same name and an open corporation by default)."""
    fields.setdefault("name", company.name)
    fields.setdefault("prefecture_code", company.prefecture_id)
    fields.setdefault("update_date", dt.date(2026, 4, 1))
    return Corporation.objects.create(corporate_number=company.corporate_number, **fields)


@pytest.fixture
def scene(
    make_company: Callable[..., Company], make_declaration: Callable[..., Declaration]
) -> dict[str, Declaration]:
    """Published declarations in every situation, and some that are not published."""

    def published(registry_name: str, **master_fields: Any) -> Declaration:
        company = make_company(name=registry_name)
        if master_fields.get("missing"):
            return make_declaration(company, Status.PUBLISHED)
        master(company, **master_fields)
        return make_declaration(company, Status.PUBLISHED)

    declarations = {
        "same": published("株式会社同名"),
        # Only width, case and kana differ: the same name.
        "width": published("ＡＢＣ株式会社", name="abc株式会社"),
        "kana": published("株式会社さくら", name="株式会社サクラ"),
        "renamed": published("株式会社旧商号", name="株式会社新商号",
                             change_date=dt.date(2026, 3, 10)),
        "closed": published("株式会社閉鎖", close_date=dt.date(2026, 3, 1), close_cause="11",
                            successor_corporate_number="2270001000417",
                            update_date=dt.date(2026, 3, 5)),
        "deleted": published("株式会社削除", deleted=True, update_date=dt.date(2026, 2, 1)),
        "renamed_and_closed": published("株式会社二重", name="株式会社二重変更",
                                        close_date=dt.date(2026, 1, 20), close_cause="01",
                                        update_date=dt.date(2026, 1, 25)),
        "missing": published("株式会社未登録", missing=True),
    }  # fmt: skip
    # Not published: never flagged, whatever the master says.
    draft_company = make_company(name="株式会社下書き")
    master(draft_company, name="株式会社別名", close_date=dt.date(2026, 1, 1))
    make_declaration(draft_company, Status.SUBMITTED)
    old_company = make_company(name="株式会社旧版")
    master(old_company, name="株式会社新版")
    make_declaration(old_company, Status.WITHDRAWN)
    return declarations


def test_the_selector_flags_renamed_closed_and_deleted_companies_only(
    scene: dict[str, Declaration],
) -> None:
    refs = published_master_changes()

    by_id = {ref.declaration_id: ref for ref in refs}
    assert set(by_id) == {
        scene[key].pk for key in ("renamed", "closed", "deleted", "renamed_and_closed")
    }
    assert [ref.declaration_id for ref in refs] == [
        scene["renamed"].pk,  # the most recent change in the master first
        scene["closed"].pk,
        scene["deleted"].pk,
        scene["renamed_and_closed"].pk,
    ]
    flags = {key: (by_id[scene[key].pk].renamed, by_id[scene[key].pk].closed) for key in (
        "renamed", "closed", "deleted", "renamed_and_closed")}  # fmt: skip
    assert flags == {
        "renamed": (True, False),
        "closed": (False, True),
        "deleted": (False, True),
        "renamed_and_closed": (True, True),
    }
    renamed = {r.declaration_id for r in published_master_changes(master_selectors.SHOW_RENAMED)}
    assert renamed == {scene["renamed"].pk, scene["renamed_and_closed"].pk}
    closed = {r.declaration_id for r in published_master_changes(master_selectors.SHOW_CLOSED)}
    assert closed == {scene[k].pk for k in ("closed", "deleted", "renamed_and_closed")}

    rows = master_selectors.master_changes(refs)
    assert [row.declaration for row in rows] == [
        scene[k] for k in ("renamed", "closed", "deleted", "renamed_and_closed")
    ]
    assert rows[0].corporation.name == "株式会社新商号"
    assert rows[1].close_cause_label == "dissolved by merger"


def test_names_are_compared_in_their_normalised_form() -> None:
    assert not master_selectors.names_differ("ＡＢＣ　株式会社", "abc株式会社")
    assert not master_selectors.names_differ("株式会社さくら", "株式会社サクラ")
    assert master_selectors.names_differ("株式会社さくら", "株式会社さくら商事")
    assert master_selectors.names_differ("株式会社さくら", "(株)さくら")


def test_reviewers_see_the_page_with_both_names_and_the_closing(
    client: Client, reviewer: User, scene: dict[str, Declaration]
) -> None:
    sign_in_staff(client, reviewer)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["staff_section"] == "master_changes"
    assert response.context["counts"] == {"all": 4, "renamed": 2, "closed": 3}
    html = response.content.decode()
    assert "株式会社旧商号" in html and "株式会社新商号" in html
    assert "Closed on 2026-03-01" in html
    assert "dissolved by merger" in html
    assert "2270001000417" in html  # the successor
    assert "Deleted from the master" in html
    assert "株式会社同名" not in html and "株式会社さくら" not in html
    assert reverse("review:review", args=[scene["renamed"].pk]) in html
    assert scene["renamed"].company.corporate_number in html
    assert 'href="/en/staff/master-changes/" aria-current="page"' in html  # the staff nav
    assert "国税庁法人番号公表サイト" in html

    closed = client.get(URL, {"show": "closed"})
    assert [row.declaration for row in closed.context["rows"]] == [
        scene[k] for k in ("closed", "deleted", "renamed_and_closed")
    ]
    nonsense = client.get(URL, {"show": "everything"})
    assert nonsense.status_code == 200
    assert len(nonsense.context["rows"]) == 4
    assert "Unknown filter" in nonsense.content.decode()


def test_the_page_is_paginated(
    client: Client,
    reviewer: User,
    make_company: Callable[..., Company],
    make_declaration: Callable[..., Declaration],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from partnership.review import master_views

    monkeypatch.setattr(master_views, "PAGE_SIZE", 2)
    for i in range(5):
        company = make_company(name=f"株式会社改名{i}")
        master(company, name=f"株式会社新名{i}", update_date=dt.date(2026, 4, 10 - i))
        make_declaration(company, Status.PUBLISHED)
    sign_in_staff(client, reviewer)

    first = client.get(URL)
    third = client.get(URL, {"page": 3})

    assert [row.corporation.name for row in first.context["rows"]] == [
        "株式会社新名0",
        "株式会社新名1",
    ]
    assert first.context["page"].paginator.num_pages == 3
    assert [row.corporation.name for row in third.context["rows"]] == ["株式会社新名4"]
    assert "page=2" in first.content.decode()


def test_an_empty_master_is_explained(client: Client, reviewer: User) -> None:
    sign_in_staff(client, reviewer)

    response = client.get(URL)

    assert response.status_code == 200
    assert "The corporation master is empty" in response.content.decode()
    assert "No published declaration is contradicted" in response.content.decode()


def test_only_staff_with_a_second_factor_get_in(
    client: Client, make_user: Callable[..., User], reviewer: User, administrator: User
) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

    client.force_login(make_user())  # a company user
    assert client.get(URL).status_code == 403

    client.force_login(reviewer)  # no second factor yet
    assert client.get(URL)["Location"].startswith(reverse("accounts:two_factor"))

    sign_in_staff(client, administrator)
    assert client.get(URL).status_code == 200
    assert client.post(URL).status_code == 405
