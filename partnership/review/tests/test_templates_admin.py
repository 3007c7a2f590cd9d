"""Administrators' template tools: copy a version, edit it while it is not in use, reorder and
validate its items, make it current after confirming."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from partnership.accounts.models import User
from partnership.accounts.testing import verify_staff
from partnership.audit.models import AuditEvent
from partnership.companies.models import Company
from partnership.core.errors import NotAllowed
from partnership.declarations.models import Status, TemplateItem, TemplateVersion
from partnership.declarations.template_services import (
    BODY_MAX,
    TemplateNotEditable,
    template_item_add,
    template_item_move,
    template_item_remove,
    template_item_update,
    template_section_update,
    template_version_copy,
    template_version_update,
)


@pytest.fixture(autouse=True)
def _english_pages() -> None:
    """These tests read the English wording: ``reverse`` gives the /en/ pages."""
    from django.utils import translation

    translation.activate("en")


def _copy(template: TemplateVersion, administrator: User, code: str = "2027-01") -> TemplateVersion:
    return template_version_copy(
        source=template, code=code, effective_date=dt.date(2027, 1, 1), actor=administrator
    )


def _catalogue(template: TemplateVersion) -> list[tuple[str, list[str]]]:
    return [
        (section.key, [item.key for item in section.items.order_by("position")])
        for section in template.sections.order_by("position")
    ]


def _keys(template: TemplateVersion, section: str = "supply_chain") -> list[str]:
    return list(
        TemplateItem.objects.filter(section__template=template, section__key=section)
        .order_by("position")
        .values_list("key", flat=True)
    )


def _item(template: TemplateVersion, key: str, section: str = "supply_chain") -> TemplateItem:
    return TemplateItem.objects.select_related("section__template").get(
        section__template=template, section__key=section, key=key
    )


@pytest.fixture
def admin_client(client: Client, administrator: User) -> Client:
    verify_staff(client, administrator)
    return client


@pytest.fixture
def draft_version(template: TemplateVersion, administrator: User) -> TemplateVersion:
    """A copy of the current version: not current, not used, so editable."""
    return _copy(template, administrator)


# --- copy --------------------------------------------------------------------------------------


def test_copy_keeps_every_section_and_item_with_the_same_keys(
    template: TemplateVersion, administrator: User
) -> None:
    copy = _copy(template, administrator)

    assert _catalogue(copy) == _catalogue(template)
    assert copy.code == "2027-01"
    assert copy.effective_date == dt.date(2027, 1, 1)
    assert not copy.is_current
    assert copy.title_ja == template.title_ja
    original = _item(template, "beta")
    copied = _item(copy, "beta")
    assert (copied.label_ja, copied.text_en) == (original.label_ja, original.text_en)
    assert copied.pk != original.pk
    assert AuditEvent.objects.filter(action="template.copy", object_id=str(copy.pk)).exists()


@pytest.mark.parametrize("code", ["2027-1", "27-01", "2027-13", "2027/01", "", "2027-01x"])
def test_copy_rejects_a_malformed_code(
    template: TemplateVersion, administrator: User, code: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _copy(template, administrator, code=code)
    assert "code" in caught.value.message_dict


def test_copy_rejects_an_existing_code(template: TemplateVersion, administrator: User) -> None:
    with pytest.raises(ValidationError) as caught:
        _copy(template, administrator, code=template.code)
    assert "code" in caught.value.message_dict


def test_only_administrators_can_copy(template: TemplateVersion, reviewer: User) -> None:
    with pytest.raises(NotAllowed):
        _copy(template, reviewer)


def test_copy_page_creates_the_version_and_shows_errors(
    admin_client: Client, template: TemplateVersion
) -> None:
    url = reverse("review:template_copy", args=[template.pk])
    bad = admin_client.post(url, {"code": "2027-13", "effective_date": "2027-01-01"})
    assert bad.status_code == 200
    assert "01 to 12" in bad.content.decode()

    response = admin_client.post(url, {"code": "2027-01", "effective_date": "2027-01-01"})
    copy = TemplateVersion.objects.get(code="2027-01")
    assert response.status_code == 302
    assert response["Location"] == reverse("review:template", args=[copy.pk])
    assert _catalogue(copy) == _catalogue(template)


# --- editing is refused for versions in use -----------------------------------------------------


def test_the_current_version_cannot_be_edited(
    template: TemplateVersion, administrator: User
) -> None:
    section = template.sections.get(key="supply_chain")
    with pytest.raises(TemplateNotEditable):
        template_version_update(template=template, actor=administrator, title_en="Changed")
    with pytest.raises(TemplateNotEditable):
        template_section_update(section=section, actor=administrator, heading_en="Changed")
    with pytest.raises(TemplateNotEditable):
        template_item_add(
            section=section, key="delta", label_ja="デルタ", label_en="Delta", actor=administrator
        )
    with pytest.raises(TemplateNotEditable):
        template_item_update(item=_item(template, "alpha"), actor=administrator, label_en="X")
    with pytest.raises(TemplateNotEditable):
        template_item_remove(item=_item(template, "alpha"), actor=administrator)
    with pytest.raises(TemplateNotEditable):
        template_item_move(item=_item(template, "beta"), direction="up", actor=administrator)
    template.refresh_from_db()
    assert template.title_en == "Declaration"
    assert _keys(template) == ["alpha", "beta", "gamma"]


def test_a_version_used_by_a_declaration_cannot_be_edited(
    draft_version: TemplateVersion,
    administrator: User,
    make_company: Callable[..., Company],
    make_declaration: Callable[..., Any],
) -> None:
    make_declaration(make_company(), Status.DRAFT, template=draft_version)
    with pytest.raises(TemplateNotEditable) as caught:
        template_item_remove(item=_item(draft_version, "alpha"), actor=administrator)
    assert "2027-01" in str(caught.value)
    assert _keys(draft_version) == ["alpha", "beta", "gamma"]


def test_direct_posts_cannot_edit_a_version_in_use(
    admin_client: Client, template: TemplateVersion
) -> None:
    """Even without the (hidden) buttons, every editing URL refuses the current version."""
    section = template.sections.get(key="supply_chain")
    alpha, beta = _item(template, "alpha"), _item(template, "beta")
    posts = [
        (
            reverse("review:template_edit", args=[template.pk]),
            {
                "effective_date": "2026-01-01",
                "title_ja": "改",
                "title_en": "Changed",
                "preamble_ja": "改",
                "preamble_en": "Changed",
            },
        ),
        (
            reverse("review:template_section", args=[template.pk, section.pk]),
            {"heading_ja": "改", "heading_en": "Changed", "required": "on"},
        ),
        (
            reverse("review:template_item_add", args=[template.pk, section.pk]),
            {"key": "delta", "label_ja": "デルタ", "label_en": "Delta"},
        ),
        (
            reverse("review:template_item", args=[template.pk, alpha.pk]),
            {"label_ja": "改", "label_en": "Changed"},
        ),
        (reverse("review:template_item_remove", args=[template.pk, alpha.pk]), {}),
        (reverse("review:template_item_move", args=[template.pk, beta.pk]), {"direction": "up"}),
    ]
    for url, data in posts:
        response = admin_client.post(url, data, follow=True)
        assert response.status_code == 200, url
        assert "cannot be edited" in response.content.decode() or "cannot be changed" in (
            response.content.decode()
        ), url
    template.refresh_from_db()
    section.refresh_from_db()
    assert template.title_en == "Declaration"
    assert section.heading_en == "Co-prosperity"
    assert _keys(template) == ["alpha", "beta", "gamma"]
    assert _item(template, "alpha").label_en == "alpha"


def test_detail_page_says_why_a_version_is_fixed(
    admin_client: Client, template: TemplateVersion
) -> None:
    page = admin_client.get(reverse("review:template", args=[template.pk])).content.decode()
    assert "This version cannot be edited." in page
    assert reverse("review:template_edit", args=[template.pk]) not in page


# --- editing a version not in use ---------------------------------------------------------------


def test_version_texts_are_cleaned_bounded_and_audited(
    draft_version: TemplateVersion, administrator: User
) -> None:
    updated = template_version_update(
        template=draft_version,
        actor=administrator,
        title_en="  Revised declaration\x07 ",
        effective_date=dt.date(2027, 4, 1),
    )
    assert updated.title_en == "Revised declaration"
    assert updated.effective_date == dt.date(2027, 4, 1)
    event = AuditEvent.objects.get(action="template.update")
    assert event.after == {"title_en": "Revised declaration", "effective_date": "2027-04-01"}

    with pytest.raises(ValidationError) as caught:
        template_version_update(
            template=draft_version,
            actor=administrator,
            title_ja="",
            preamble_en="x" * (BODY_MAX + 1),
        )
    assert set(caught.value.message_dict) == {"title_ja", "preamble_en"}


def test_own_items_only_in_choice_sections(
    draft_version: TemplateVersion, administrator: User
) -> None:
    confirm = draft_version.sections.get(key="promotion_standards")
    with pytest.raises(ValidationError) as caught:
        template_section_update(section=confirm, actor=administrator, allow_own_items=True)
    assert "allow_own_items" in caught.value.message_dict
    updated = template_section_update(
        section=confirm, actor=administrator, body_en="New fixed text.", required=False
    )
    assert (updated.body_en, updated.required) == ("New fixed text.", False)


def test_section_page_saves(admin_client: Client, draft_version: TemplateVersion) -> None:
    section = draft_version.sections.get(key="supply_chain")
    url = reverse("review:template_section", args=[draft_version.pk, section.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "heading_ja": "新しい見出し",
            "heading_en": "New heading",
            "body_ja": "本文",
            "body_en": "Body",
            "required": "on",
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.heading_en, section.allow_own_items) == ("New heading", False)


@pytest.mark.parametrize(
    "key",
    ["", "Delta", "delta item", "デルタ", "delta__two", "_delta", "delta-", "d" * 51, "alpha"],
)
def test_item_keys_are_validated(
    draft_version: TemplateVersion, administrator: User, key: str
) -> None:
    section = draft_version.sections.get(key="supply_chain")
    with pytest.raises(ValidationError) as caught:
        template_item_add(
            section=section, key=key, label_ja="デルタ", label_en="Delta", actor=administrator
        )
    assert "key" in caught.value.message_dict
    assert _keys(draft_version) == ["alpha", "beta", "gamma"]


def test_added_item_goes_last_with_its_key(
    draft_version: TemplateVersion, administrator: User
) -> None:
    section = draft_version.sections.get(key="supply_chain")
    item = template_item_add(
        section=section,
        key="green-transformation_2",
        label_ja="グリーン化",
        label_en="Greening",
        text_ja="説明",
        actor=administrator,
    )
    assert item.position == 4
    assert _keys(draft_version) == ["alpha", "beta", "gamma", "green-transformation_2"]
    with pytest.raises(ValidationError) as caught:
        template_item_add(
            section=section, key="other", label_ja="", label_en="x" * 201, actor=administrator
        )
    assert set(caught.value.message_dict) == {"label_ja", "label_en"}


def test_free_text_sections_take_no_items(
    draft_version: TemplateVersion, administrator: User
) -> None:
    free = draft_version.sections.get(key="own_initiatives")
    with pytest.raises(Exception, match="free text"):
        template_item_add(
            section=free, key="delta", label_ja="デルタ", label_en="Delta", actor=administrator
        )


def test_add_item_page_shows_the_key_error(
    admin_client: Client, draft_version: TemplateVersion
) -> None:
    section = draft_version.sections.get(key="supply_chain")
    url = reverse("review:template_item_add", args=[draft_version.pk, section.pk])
    response = admin_client.post(url, {"key": "Bad Key", "label_ja": "ラベル", "label_en": "L"})
    assert response.status_code == 200
    assert "lower-case letters" in response.content.decode()
    duplicate = admin_client.post(url, {"key": "beta", "label_ja": "ラベル", "label_en": "L"})
    assert "already has an item" in duplicate.content.decode()
    ok = admin_client.post(url, {"key": "delta", "label_ja": "デルタ", "label_en": "Delta"})
    assert ok.status_code == 302
    assert _keys(draft_version)[-1] == "delta"


def test_items_can_be_edited_but_keep_their_key(
    admin_client: Client, draft_version: TemplateVersion
) -> None:
    beta = _item(draft_version, "beta")
    url = reverse("review:template_item", args=[draft_version.pk, beta.pk])
    response = admin_client.post(
        url, {"key": "changed", "label_ja": "ベータ改", "label_en": "Beta revised", "text_en": "T"}
    )
    assert response.status_code == 302
    beta.refresh_from_db()
    assert (beta.key, beta.label_en, beta.text_en) == ("beta", "Beta revised", "T")


def test_items_are_reordered_up_and_down(
    draft_version: TemplateVersion, administrator: User
) -> None:
    template_item_move(item=_item(draft_version, "gamma"), direction="up", actor=administrator)
    assert _keys(draft_version) == ["alpha", "gamma", "beta"]
    template_item_move(item=_item(draft_version, "alpha"), direction="down", actor=administrator)
    assert _keys(draft_version) == ["gamma", "alpha", "beta"]
    # The ends do not move.
    template_item_move(item=_item(draft_version, "gamma"), direction="up", actor=administrator)
    template_item_move(item=_item(draft_version, "beta"), direction="down", actor=administrator)
    assert _keys(draft_version) == ["gamma", "alpha", "beta"]
    assert AuditEvent.objects.filter(action="template.item_move").count() == 2


def test_reorder_by_post(admin_client: Client, draft_version: TemplateVersion) -> None:
    beta = _item(draft_version, "beta")
    url = reverse("review:template_item_move", args=[draft_version.pk, beta.pk])
    assert admin_client.get(url).status_code == 405
    response = admin_client.post(url, {"direction": "down"})
    assert response.status_code == 302
    assert _keys(draft_version) == ["alpha", "gamma", "beta"]
    admin_client.post(url, {"direction": "sideways"})
    assert _keys(draft_version) == ["alpha", "gamma", "beta"]


def test_removing_an_item_asks_first_and_renumbers(
    admin_client: Client, draft_version: TemplateVersion
) -> None:
    alpha = _item(draft_version, "alpha")
    url = reverse("review:template_item_remove", args=[draft_version.pk, alpha.pk])
    assert "Remove the item" in admin_client.get(url).content.decode()
    assert _keys(draft_version) == ["alpha", "beta", "gamma"]
    admin_client.post(url)
    assert _keys(draft_version) == ["beta", "gamma"]
    positions = TemplateItem.objects.filter(
        section__template=draft_version, section__key="supply_chain"
    ).order_by("position")
    assert [i.position for i in positions] == [1, 2]
    assert AuditEvent.objects.get(action="template.item_remove").before["item"] == "alpha"


def test_edit_page_saves_texts_and_effective_date(
    admin_client: Client, draft_version: TemplateVersion
) -> None:
    url = reverse("review:template_edit", args=[draft_version.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    response = admin_client.post(
        url,
        {
            "effective_date": "2027-04-01",
            "title_ja": "パートナーシップ構築宣言",
            "title_en": "Declaration",
            "preamble_ja": "前文",
            "preamble_en": "Preamble",
            "closing_ja": "",
            "closing_en": "",
        },
    )
    assert response.status_code == 302
    draft_version.refresh_from_db()
    assert draft_version.effective_date == dt.date(2027, 4, 1)
    assert draft_version.closing_en == ""


# --- making a version current ---------------------------------------------------------------


def test_make_current_asks_for_confirmation_with_the_outdated_count(
    admin_client: Client,
    template: TemplateVersion,
    draft_version: TemplateVersion,
    make_company: Callable[..., Company],
    make_declaration: Callable[..., Any],
) -> None:
    for _ in range(3):
        make_declaration(make_company(), Status.PUBLISHED)
    make_declaration(make_company(), Status.DRAFT)
    url = reverse("review:template_make_current", args=[draft_version.pk])

    page = admin_client.get(url).content.decode()
    assert "3 published declarations will become outdated" in page

    admin_client.post(url, {})
    draft_version.refresh_from_db()
    assert not draft_version.is_current

    response = admin_client.post(url, {"confirm": draft_version.code})
    assert response.status_code == 302
    draft_version.refresh_from_db()
    template.refresh_from_db()
    assert draft_version.is_current
    assert not template.is_current
    assert AuditEvent.objects.filter(action="template.make_current").exists()
    # Once current, it is fixed.
    detail = admin_client.get(reverse("review:template", args=[draft_version.pk]))
    assert "This version cannot be edited." in detail.content.decode()


def test_list_page_shows_versions_and_usage(
    admin_client: Client,
    template: TemplateVersion,
    draft_version: TemplateVersion,
    make_company: Callable[..., Company],
    make_declaration: Callable[..., Any],
) -> None:
    make_declaration(make_company(), Status.PUBLISHED)
    page = admin_client.get(reverse("review:templates"))
    assert page.status_code == 200
    rows = {row.template.code: row for row in page.context["rows"]}
    assert rows["2026-01"].declarations == 1
    assert not rows["2026-01"].editable
    assert rows["2027-01"].editable
    assert page.context["staff_section"] == "templates"


# --- access ---------------------------------------------------------------------------------


def _all_urls(template: TemplateVersion) -> list[str]:
    section = template.sections.get(key="supply_chain")
    item = _item(template, "alpha")
    return [
        reverse("review:templates"),
        reverse("review:template", args=[template.pk]),
        reverse("review:template_copy", args=[template.pk]),
        reverse("review:template_edit", args=[template.pk]),
        reverse("review:template_make_current", args=[template.pk]),
        reverse("review:template_section", args=[template.pk, section.pk]),
        reverse("review:template_item_add", args=[template.pk, section.pk]),
        reverse("review:template_item", args=[template.pk, item.pk]),
        reverse("review:template_item_remove", args=[template.pk, item.pk]),
        reverse("review:template_item_move", args=[template.pk, item.pk]),
        reverse("review:campaigns"),
        reverse("review:campaign", args=[1]),
        reverse("review:campaign_send", args=[1]),
    ]


def test_reviewers_get_403_on_every_administrator_url(
    client: Client, reviewer: User, draft_version: TemplateVersion
) -> None:
    verify_staff(client, reviewer)
    for url in _all_urls(draft_version):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"direction": "up", "confirm": "2027-01"}).status_code == 403, url
    assert _keys(draft_version) == ["alpha", "beta", "gamma"]


def test_administrators_without_second_factor_are_sent_to_verify(
    client: Client, administrator: User, draft_version: TemplateVersion
) -> None:
    client.force_login(administrator)
    response = client.get(reverse("review:templates"))
    assert response.status_code == 302
    assert reverse("accounts:two_factor") in response["Location"]
