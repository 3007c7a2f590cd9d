"""Steps that several browser journeys take the same way: signing up, signing in (with the
staff second factor), claiming a company and filling the declaration form's steps.

Each helper drives the page as a person would (typing into the labelled boxes, pressing the
buttons) and waits for the page it leads to, so the journeys stay free of sleeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from django.core import mail

from partnership.accounts.testing import current_code
from partnership.companies.corporate_number import with_check_digit

PASSWORD = "a-long-Passphrase-2026"  # noqa: S105 (test accounts)

Shoot = Callable[[str], None]


def prefix(language: str) -> str:
    """The path prefix of the pages in ``language`` (Japanese has none)."""
    return "/en" if language == "en" else ""


def make_number(seed: int) -> str:
    """A valid corporate number: ``seed`` (12 digits) with its check digit in front."""
    return with_check_digit(str(seed))


def link_in(message: Any, fragment: str) -> str:
    """The path of the first link in ``message`` that contains ``fragment``."""
    match = re.search(r"https?://\S*" + re.escape(fragment) + r"\S*", message.body)
    assert match, message.body
    return re.sub(r"^https?://[^/]+", "", match.group(0))


def sign_up(
    page: Any, server: str, language: str, *, email: str, full_name: str, shoot: Shoot
) -> None:
    """Sign up at ``server`` in ``language`` and open the confirmation link of the email."""
    page.goto(server + prefix(language) + "/accounts/signup/")
    shoot("sign up")
    page.fill("#id_email", email)
    page.fill("#id_full_name", full_name)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/signup/done/"))
    shoot("check your email")
    confirmation = next(m for m in reversed(mail.outbox) if m.to == [email])
    page.goto(server + link_in(confirmation, "/accounts/verify/"))
    shoot("email confirmed")


def sign_in(page: Any, base: str, email: str) -> None:
    """Log in with email and password (staff are then asked for their second factor)."""
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def pass_second_factor(page: Any, device: Any, shoot: Shoot | None = None) -> None:
    """On the two-factor page after a staff login, type the authenticator app's code."""
    page.wait_for_url(re.compile(r"/accounts/two-factor/"))
    if shoot:
        shoot("second factor")
    page.fill("#id_code", current_code(device))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/$"))


def claim_company(
    page: Any, base: str, number: str, profile: Mapping[str, str], shoot: Shoot
) -> None:
    """Add a company at /mypage/ by its number, typed with hyphens and full-width digits as
    people type it, then fill the details (``profile``: field name → value; select boxes
    by their value). Ends on the company's home in /mypage/."""
    page.goto(base + "/mypage/companies/claim/")
    typed = f"{number[0]}-{number[1:5]}-{number[5:9]}-{number[9:]}".translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    page.fill("#id_corporate_number", typed)
    shoot("corporate number")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(f"/mypage/companies/claim/{number}/"))
    for field, value in profile.items():
        if field.endswith("_id"):
            page.select_option(f"#id_{field}", value)
        else:
            page.fill(f"#id_{field}", value)
    shoot("company details")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(f"/mypage/companies/{number}/$"))


def start_declaration(page: Any) -> None:
    """From the company's home, start a declaration: ends on its first step."""
    page.click("form[action$='/declarations/start/'] button")
    page.wait_for_url(re.compile(r"/steps/company/"))


def continue_to(page: Any, next_step: str) -> None:
    """Press "save and continue" and wait for the next step (``review`` is the check page)."""
    page.click("button[value=continue]")
    page.wait_for_url(re.compile(rf"/{next_step}/$"))


def choose_items(page: Any, items: Mapping[str, str]) -> None:
    """On a choice step, tick each item (by key) and write what the company will do."""
    for key, text in items.items():
        page.check(f"#id_item__{key}")
        page.fill(f"#id_text__{key}", text)


def fill_signer(page: Any, *, title: str, name: str, date: str) -> None:
    page.fill("#id_signer_title", title)
    page.fill("#id_signer_name", name)
    page.check("#id_signer_attested")
    page.fill("#id_document_date", date)


def declare(
    page: Any,
    *,
    items: Mapping[str, str],
    own_initiatives: str,
    signer: Mapping[str, str],
    shoot: Shoot,
) -> None:
    """Walk every step of a new declaration from its first step to the check-your-answers
    page, on the demo template (supply chain, promotion standards, own initiatives)."""
    shoot("step company")
    continue_to(page, "steps/supply_chain")
    choose_items(page, items)
    shoot("step supply chain")
    continue_to(page, "steps/promotion_standards")
    page.check("#id_confirmed")
    shoot("step promotion standards")
    continue_to(page, "steps/own_initiatives")
    page.fill("#id_text", own_initiatives)
    shoot("step own initiatives")
    continue_to(page, "steps/signer")
    fill_signer(page, **signer)
    shoot("step signer")
    continue_to(page, "review")
    shoot("check your answers")
    assert not page.is_visible("#error-summary")


def submit(page: Any) -> None:
    """On the check-your-answers page, submit: ends on the version's status page."""
    page.click("form[action$='/submit/'] button")
    page.wait_for_url(re.compile(r"/declarations/\d+/$"))
