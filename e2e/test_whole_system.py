"""The whole system in a real browser, in Japanese and in English.

A company signs up and declares; a reviewer (password and authenticator code) returns the
declaration with a comment; the company fixes it and submits again; the reviewer publishes
it; a member of the public finds it by its reading typed in hiragana and reads it; a verifier
checks the corporate number on a date, one number and then a CSV file; an administrator
(also with a second factor) removes it with a public reason; the public page and the API then
show the removal.

Only what nobody can create through the pages is made beforehand: the template (loaded by
administrators from the official wording) and the staff accounts with their authenticator
apps. Everything else is typed and clicked, each person in a browser of their own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.accounts.models import StaffRole
from partnership.accounts.services import user_create
from partnership.core.dates import JST
from partnership.declarations.demo.builder import load_demo_templates
from partnership.declarations.models import Declaration

from .helpers import (
    PASSWORD,
    claim_company,
    continue_to,
    declare,
    make_number,
    pass_second_factor,
    prefix,
    sign_in,
    sign_up,
    start_declaration,
    submit,
)

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "株式会社若葉精工"
KANA = "ワカバセイコウ"  # stored in katakana, searched in hiragana
NAME_EN = "Wakaba Seiko Co., Ltd."
COMMENT = "署名者は代表権のある方（代表取締役など）としてください。"
REASON = "取引先への支払遅延が繰り返し確認されたため。"

TEXT = {
    "ja": {
        "submitted": "提出済み",
        "make_changes": "指摘事項を修正する",
        "returned_note": "事務局から宣言が差し戻されました",
        "returned_done": "コメントを付けて企業に差し戻しました。",
        "published_done": "承認し、公表しました。",
        "one_result": "1件の宣言",
        "no_result": "条件に合う公表中の宣言はありません。",
        "published": "公表中",
        "declared": "宣言あり",
        "not_declared": "宣言なし",
        "declared_on": "宣言の有無（{day}）",
        "version_1": "第1版",
        "remove_link": "公表を取り消す…",
        "removed_done": "宣言の公表を取り消しました。",
        "removed": "公表取消し",
        "removed_note": "この宣言は、事務局により公表を取り消されました。",
        "not_honoured": "宣言の内容が履行されていない",
    },
    "en": {
        "submitted": "Submitted",
        "make_changes": "Make the requested changes",
        "returned_note": "The registry returned your declaration for changes",
        "returned_done": "Returned to the company with your comment.",
        "published_done": "Approved and published.",
        "one_result": "1 declaration",
        "no_result": "No published declaration matches.",
        "published": "Published",
        "declared": "Declared",
        "not_declared": "Not declared",
        "declared_on": "Declared on {day}",
        "version_1": "Version 1",
        "remove_link": "Remove from publication…",
        "removed_done": "The declaration was removed from publication.",
        "removed": "Removed",
        "removed_note": "This declaration was removed from publication by the registry.",
        "not_honoured": "The company does not honour its declaration",
    },
}


def written_date(day: dt.date, language: str) -> str:
    """A date as the public pages write it."""
    if language == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"


def searched(query: str) -> Callable[[str], bool]:
    """Matches the listing's address once it shows the results for ``query``."""

    def matches(url: str) -> bool:
        parts = urlsplit(url)
        return parts.path.endswith("/declarations/") and parse_qs(parts.query).get("q") == [query]

    return matches


def hyphenated(number: str) -> str:
    return f"{number[0]}-{number[1:5]}-{number[5:9]}-{number[9:]}"


def staff_member(email: str, role: str, language: str) -> TOTPDevice:
    """A staff account (made by an administrator in real life) with its authenticator app."""
    user = user_create(
        email=email,
        password=PASSWORD,
        full_name="審査 花子" if role == StaffRole.REVIEWER else "管理 太郎",
        language=language,
        staff_role=role,
        email_verified=True,
    )
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_declare_review_publish_find_verify_and_remove(
    live_server: Any, page: Any, new_page: Any, shoot: Any, tmp_path: Path, language: str
) -> None:
    load_demo_templates()
    reviewer_app = staff_member(f"reviewer-{language}@registry.example.jp", "reviewer", language)
    admin_app = staff_member(f"admin-{language}@registry.example.jp", "administrator", language)
    text = TEXT[language]
    server = live_server.url
    base = server + prefix(language)
    number = make_number(730000000001 if language == "ja" else 730000000002)

    # --- The company signs up, adds itself by corporate number and declares. ---------------
    owner_email = f"wakaba-{language}@wakaba-seiko.example.jp"
    sign_up(page, server, language, email=owner_email, full_name="若葉 五郎", shoot=shoot)
    page.click("main a.button")  # continue to my page
    page.wait_for_url(re.compile(r"/mypage/$"))
    profile = {
        "name": NAME,
        "name_kana": KANA,
        "name_en": NAME_EN,
        "prefecture_id": "20",
        "address": "長野県松本市中央１丁目２番３号",
        "industry_id": "E",
        "capital_yen": "30,000,000",
        "employees": "42",
    }
    claim_company(page, base, number, profile, shoot)
    shoot("company home")
    start_declaration(page)
    declare(
        page,
        items={
            "open_innovation": "地元の高専と共同で精密加工の新技術を開発し、協力会社と共有します。",
            "it_implementation": "受発注をクラウドに移し、協力会社の入力作業を減らします。",
        },
        own_initiatives="協力会社向けの技術相談会を年に二回開きます。",
        # Not a representative: the reviewer will return it.
        signer={"title": "総務部長", "name": "若葉 五郎", "date": "2026-11-20"},
        shoot=shoot,
    )
    submit(page)
    shoot("submitted")
    assert text["submitted"] in page.inner_text(".badge")

    # --- A reviewer signs in with password and authenticator code, and returns it. ---------
    reviewer = new_page()
    shoot_reviewer = partial(shoot, page=reviewer)
    sign_in(reviewer, base, reviewer_app.user.email)
    pass_second_factor(reviewer, reviewer_app, shoot_reviewer)
    shoot_reviewer("review queue")
    reviewer.get_by_role("link", name=NAME).click()
    reviewer.wait_for_url(re.compile(r"/staff/declarations/\d+/$"))
    shoot_reviewer("review page")
    assert "総務部長" in reviewer.inner_text("main")
    reviewer.check("input[name=decision][value=return]")
    reviewer.fill("#id_message", COMMENT)
    reviewer.click("form[action$='/decide/'] button[type=submit]")
    reviewer.wait_for_url(re.compile(r"/staff/$"))
    shoot_reviewer("returned")
    assert text["returned_done"] in reviewer.inner_text("main")

    # --- The company reads the comment, fixes the signer and submits again. -----------------
    page.goto(base + f"/mypage/companies/{number}/")
    page.get_by_role("link", name=text["make_changes"]).click()
    page.wait_for_url(re.compile(r"/declarations/1/review/$"))
    shoot("returned with a comment")
    note = page.inner_text("main")
    assert text["returned_note"] in note
    assert COMMENT in note
    page.click("main a[href*='/steps/signer/']")
    page.wait_for_url(re.compile(r"/steps/signer/"))
    page.fill("#id_signer_title", "代表取締役")
    shoot("signer fixed")
    continue_to(page, "review")
    submit(page)
    shoot("submitted again")
    assert text["submitted"] in page.inner_text(".badge")

    # --- The reviewer publishes it. ---------------------------------------------------------
    reviewer.goto(base + "/staff/")
    reviewer.get_by_role("link", name=NAME).click()
    reviewer.wait_for_url(re.compile(r"/staff/declarations/\d+/$"))
    assert "代表取締役" in reviewer.inner_text("main")
    reviewer.check("input[name=decision][value=publish]")
    shoot_reviewer("approving")
    reviewer.click("form[action$='/decide/'] button[type=submit]")
    reviewer.wait_for_url(re.compile(r"/staff/$"))
    shoot_reviewer("published")
    assert text["published_done"] in reviewer.inner_text("main")
    published_at = Declaration.objects.get(company__corporate_number=number).published_at
    assert published_at is not None
    day = published_at.astimezone(JST).date()  # the day of publication, in Japan

    # --- The public finds it by its reading, typed in hiragana, and reads it. ---------------
    visitor = new_page()
    shoot_visitor = partial(shoot, page=visitor)
    visitor.goto(base + "/")
    visitor.fill("#q", "わかばせいこう")
    shoot_visitor("home with a search in hiragana")
    visitor.press("#q", "Enter")
    visitor.wait_for_url(searched("わかばせいこう"))
    shoot_visitor("search results")
    assert text["one_result"] in visitor.inner_text("#results-heading")
    title = NAME_EN if language == "en" else NAME
    visitor.get_by_role("link", name=title).click()
    visitor.wait_for_url(re.compile(rf"/declarations/{number}/$"))
    shoot_visitor("public declaration")
    assert visitor.inner_text("h1") == title
    assert text["published"] in visitor.inner_text(".status-panel")
    assert "地元の高専と共同で精密加工の新技術を開発し" in visitor.inner_text("main")
    assert "代表取締役" in visitor.inner_text("main")
    # A reading that no company has finds nothing: the search does filter.
    visitor.go_back()
    visitor.wait_for_url(searched("わかばせいこう"))
    visitor.fill("#q", "ひまわりでんき")
    visitor.press("#q", "Enter")
    visitor.wait_for_url(searched("ひまわりでんき"))
    assert text["no_result"] in visitor.inner_text("main")

    # --- A verifier checks the number on two dates, then a CSV file. ------------------------
    verifier = new_page()
    shoot_verifier = partial(shoot, page=verifier)
    verifier.goto(base + "/verify/")
    for when, expected in ((day - dt.timedelta(days=1), "not_declared"), (day, "declared")):
        verifier.fill("#one-number", hyphenated(number))
        verifier.fill("#one-date", when.isoformat())
        verifier.click("#check-one button[type=submit]")
        verifier.wait_for_url(re.compile(rf"/verify/\?number=.*date={when.isoformat()}"))
        shoot_verifier(f"verified {expected.replace('_', ' ')}")
        assert verifier.inner_text("#result .badge") == text[expected]
        assert number in verifier.inner_text("#result")
    assert NAME in verifier.inner_text("#result")
    assert text["version_1"] in verifier.inner_text("#result")

    unknown = make_number(730000000099)
    upload = tmp_path / "numbers.csv"
    # As Japanese Excel saves "CSV (comma delimited)": Shift_JIS; the English run uses UTF-8.
    upload.write_text(
        f"法人番号,会社名\n{hyphenated(number)},{NAME}\n{unknown},未登録の会社\n1234567890123,誤り\n",
        encoding="cp932" if language == "ja" else "utf-8-sig",
    )
    verifier.fill("#csv-date", day.isoformat())
    verifier.set_input_files("#csv-file", str(upload))
    shoot_verifier("csv file chosen")
    with verifier.expect_download() as download_info:
        verifier.click("#check-file button[type=submit]")
    download = download_info.value
    assert download.suggested_filename == f"verification-{day.isoformat()}.csv"
    answer = Path(download.path()).read_bytes()
    assert answer.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
    rows = list(csv.reader(io.StringIO(answer.decode("utf-8-sig"))))
    assert rows[0][3] == text["declared_on"].format(day=day.isoformat())
    ours, other, wrong = rows[1:]
    assert ours[:5] == [hyphenated(number), number, "true", "true", NAME]
    assert other[:4] == [unknown, unknown, "true", "false"]
    assert wrong[2:4] == ["false", ""]
    assert wrong[8]  # the problem, in words

    # --- An administrator removes it with a public reason. ----------------------------------
    admin = new_page()
    shoot_admin = partial(shoot, page=admin)
    sign_in(admin, base, admin_app.user.email)
    pass_second_factor(admin, admin_app)
    admin.click("a[href$='/staff/companies/']")
    admin.wait_for_url(re.compile(r"/staff/companies/$"))
    admin.fill("#id_q", number)
    admin.click("main form[role=search] button[type=submit]")
    admin.wait_for_url(re.compile(r"/staff/companies/\?q="))
    shoot_admin("staff company search")
    admin.click("main td a[href*='/staff/declarations/']")
    admin.wait_for_url(re.compile(r"/staff/declarations/\d+/$"))
    admin.get_by_role("link", name=text["remove_link"]).click()
    admin.wait_for_url(re.compile(r"/staff/declarations/\d+/remove/$"))
    admin.select_option("#id_category", "not_honoured")
    admin.fill("#id_reason", REASON)
    admin.check("#id_confirm")
    shoot_admin("removal form")
    admin.click("main form button[type=submit]")
    admin.wait_for_url(re.compile(r"/staff/declarations/\d+/$"))
    shoot_admin("removed")
    assert text["removed_done"] in admin.inner_text("main")

    # --- The public page and the API show the removal. --------------------------------------
    visitor.goto(base + f"/declarations/{number}/")
    shoot_visitor("public page after the removal")
    panel = visitor.inner_text(".status-panel")
    assert text["removed"] in panel
    assert text["removed_note"] in panel
    assert text["not_honoured"] in panel
    assert REASON in panel
    assert written_date(day, language) in panel  # removed on the day, in Japan time

    headers = {"Accept-Language": language}
    record = visitor.request.get(f"{server}/api/v1/declarations/{number}", headers=headers)
    assert record.ok
    body = record.json()
    assert body["status"] == "removed"
    assert body["current"] is None
    [version] = body["versions"]
    assert version["status"] == "removed"
    assert version["end_reason_category"] == "not_honoured"
    assert version["end_reason"] == REASON
    assert version["ended_at"].startswith(day.isoformat())
    # Published and removed on the same day: declared that day, not the next.
    for when, declared in ((day, True), (day + dt.timedelta(days=1), False)):
        answer_json = visitor.request.get(
            f"{server}/api/v1/verify/{number}?date={when.isoformat()}", headers=headers
        ).json()
        assert answer_json["declared"] is declared, answer_json
    assert answer_json["url"]  # the company's page still exists, showing the removal
