"""Two-factor authentication for staff: enrolment, codes, backup codes, and what it guards."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.accounts.models import User
from partnership.accounts.testing import current_code, verify_staff
from partnership.accounts.two_factor_services import (
    format_backup_code,
    totp_secret,
)
from partnership.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TWO_FACTOR = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"
BACKUP_CODES = "/accounts/two-factor/backup-codes/"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"


def enrolled(user: User, *, backup_codes: bool = True) -> tuple[TOTPDevice, list[str]]:
    """A staff member who set up an app earlier (and has backup codes)."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    codes: list[str] = []
    if backup_codes:
        static = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(10)]
        StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return device, codes


def actions(user: User) -> list[str]:
    return list(
        AuditEvent.objects.filter(actor=user, action__startswith="user.otp")
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- enrolment -------------------------------------------------------------------------------


def test_staff_without_an_app_are_sent_to_set_one_up_keeping_next(
    client: Client, reviewer: User
) -> None:
    client.force_login(reviewer)
    response = client.get(TWO_FACTOR, {"next": "/staff/"})
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fstaff%2F"


def test_setup_shows_an_svg_qr_code_and_the_secret(client: Client, reviewer: User) -> None:
    client.force_login(reviewer)
    response = client.get(SETUP)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=reviewer)
    assert not device.confirmed
    assert re.search(r'<svg[^>]*role="img"', html)
    assert "<path" in html and "<script" not in html and "<img" not in html
    secret = totp_secret(device)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)
    assert secret in html
    assert "otpauth://totp/Partnership%20Registry%3A" in html
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    # Coming back shows the same app setup, not a new secret.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1


def test_setup_refuses_a_wrong_code_with_a_message_naming_the_field(
    client: Client, reviewer: User
) -> None:
    client.force_login(reviewer)
    client.get("/en/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=reviewer)
    response = client.post("/en/accounts/two-factor/setup/", {"code": wrong_code(device)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_code">Verification code: This code is not correct' in html
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/staff/").status_code == 302
    assert actions(reviewer) == ["user.otp_fail"]


def test_setup_refuses_what_is_not_a_six_digit_code(client: Client, reviewer: User) -> None:
    client.force_login(reviewer)
    response = client.post("/en/accounts/two-factor/setup/", {"code": "12a4"})
    assert "Enter the 6 digits shown in your authenticator app" in response.content.decode()
    response = client.post("/en/accounts/two-factor/setup/", {"code": ""})
    assert "Enter the 6-digit code shown in your authenticator app." in response.content.decode()
    assert actions(reviewer) == []


def test_right_code_confirms_the_app_verifies_the_session_and_shows_ten_backup_codes(
    client: Client, reviewer: User
) -> None:
    client.force_login(reviewer)
    client.get(SETUP, {"next": "/staff/"})
    device = TOTPDevice.objects.get(user=reviewer)
    # Typed with a Japanese input method: full-width digits and a space.
    code = current_code(device)
    typed = (code[:3] + " " + code[3:]).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    response = client.post(SETUP, {"code": typed, "next": "/staff/"})
    assert response.status_code == 302
    assert response["Location"] == f"{BACKUP_CODES}?next=%2Fstaff%2F"
    device.refresh_from_db()
    assert device.confirmed

    response = client.get(response["Location"])
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    tokens = list(StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True))
    assert len(tokens) == 10
    for token in tokens:
        assert format_backup_code(token) in html
    assert 'href="/staff/"' in html
    # Shown once: the next visit says how many are left, not what they are.
    html = client.get(BACKUP_CODES).content.decode()
    assert not any(format_backup_code(token) in html for token in tokens)

    assert client.get("/staff/").status_code == 200
    assert actions(reviewer) == ["user.otp_enrol"]


def test_a_new_app_replaces_the_old_one_only_from_a_verified_session(
    client: Client, reviewer: User
) -> None:
    old, _codes = enrolled(reviewer)
    client.force_login(reviewer)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{TWO_FACTOR}?next=")
    assert TOTPDevice.objects.filter(user=reviewer, confirmed=False).count() == 0

    client.post(TWO_FACTOR, {"code": current_code(old)})
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    assert client.post(SETUP, {"code": current_code(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=reviewer)) == [new]


# --- entering a code -------------------------------------------------------------------------


def test_right_code_verifies_the_session_and_goes_to_next(client: Client, reviewer: User) -> None:
    device, _codes = enrolled(reviewer)
    client.force_login(reviewer)
    response = client.get(TWO_FACTOR, {"next": "/staff/?tab=mine"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert 'name="next" value="/staff/?tab=mine"' in html
    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": "/staff/?tab=mine"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/?tab=mine"
    assert actions(reviewer) == ["user.otp_verify"]
    # Already verified: the page sends people straight on.
    assert client.get(TWO_FACTOR, {"next": "/staff/"})["Location"] == "/staff/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/staff/", "//evil.example/", "javascript:alert(1)"]
)
def test_an_external_next_is_ignored(client: Client, reviewer: User, next_url: str) -> None:
    device, _codes = enrolled(reviewer)
    client.force_login(reviewer)
    assert next_url not in client.get(TWO_FACTOR, {"next": next_url}).content.decode()
    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_a_wrong_code_is_refused_with_a_message_and_audited(client: Client, reviewer: User) -> None:
    device, _codes = enrolled(reviewer)
    client.force_login(reviewer)
    response = client.post("/en/accounts/two-factor/", {"code": wrong_code(device)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_code">Verification code: This code is not correct' in html
    assert client.get("/staff/").status_code == 302
    assert actions(reviewer) == ["user.otp_fail"]


def test_a_backup_code_works_exactly_once(client: Client, reviewer: User) -> None:
    _device, codes = enrolled(reviewer)
    client.force_login(reviewer)
    response = client.get("/en/accounts/two-factor/", {"method": "backup"})
    html = response.content.decode()
    assert "Backup code" in html and 'inputmode="numeric"' not in html
    # Typed as shown on the printed list, in capitals.
    typed = format_backup_code(codes[0]).upper()
    response = client.post(TWO_FACTOR, {"code": typed, "method": "backup"})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert StaticToken.objects.filter(device__user=reviewer).count() == 9

    client.logout()
    client.force_login(reviewer)
    response = client.post("/en/accounts/two-factor/", {"code": codes[0], "method": "backup"})
    assert response.status_code == 200
    assert "Backup code: This backup code is not correct, or it has already been used." in (
        response.content.decode()
    )
    assert client.get("/staff/").status_code == 302
    assert actions(reviewer) == ["user.otp_verify", "user.otp_fail"]


def test_too_many_codes_get_429(client: Client, reviewer: User) -> None:
    device, _codes = enrolled(reviewer)
    client.force_login(reviewer)
    for _attempt in range(10):
        assert client.post(TWO_FACTOR, {"code": wrong_code(device)}).status_code == 200
    response = client.post(TWO_FACTOR, {"code": current_code(device)})
    assert response.status_code == 429
    assert "Retry-After" in response
    assert client.get("/staff/").status_code == 302


# --- backup codes ----------------------------------------------------------------------------


def test_new_backup_codes_replace_the_old_ones(client: Client, reviewer: User) -> None:
    _device, old_codes = enrolled(reviewer)
    client.force_login(reviewer)
    response = client.get(BACKUP_CODES)
    assert response["Location"].startswith(f"{TWO_FACTOR}?next=")  # needs a verified session
    verify_staff(client, reviewer)
    response = client.post(BACKUP_CODES)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    new_codes = list(
        StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True)
    )
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    assert all(format_backup_code(code) in html for code in new_codes)
    assert "user.otp_backup_codes" in actions(reviewer)


# --- who may use the pages -------------------------------------------------------------------


@pytest.mark.parametrize("url", [TWO_FACTOR, SETUP, BACKUP_CODES])
def test_company_users_get_403(client: Client, make_user: Callable[..., User], url: str) -> None:
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    assert client.post(url, {"code": "123456"}).status_code == 403


@pytest.mark.parametrize("url", [TWO_FACTOR, SETUP, BACKUP_CODES])
def test_anonymous_visitors_are_sent_to_log_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


# --- what the second factor guards -----------------------------------------------------------


def test_staff_pages_send_an_unverified_reviewer_to_the_code_and_let_a_verified_one_in(
    client: Client, reviewer: User
) -> None:
    client.force_login(reviewer)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == f"{TWO_FACTOR}?next=%2Fstaff%2F"
    verify_staff(client, reviewer)
    assert client.get("/staff/").status_code == 200


def test_the_admin_requires_the_second_factor(client: Client, administrator: User) -> None:
    response = client.get("/admin/login/", {"next": "/admin/"})
    assert response["Location"] == "/accounts/login/?next=/admin/"

    device, _codes = enrolled(administrator)
    client.force_login(administrator)
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])  # the admin's login page
    assert response.status_code == 302
    assert response["Location"] == f"{TWO_FACTOR}?next=%2Fadmin%2F"
    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_verify_staff_helper_verifies_the_session(client: Client, administrator: User) -> None:
    device = verify_staff(client, administrator)
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    # Twice in a row (within the same 30 seconds) works too.
    verify_staff(client, administrator)
    assert client.get("/staff/").status_code == 200


# --- account settings ------------------------------------------------------------------------


def test_settings_show_two_factor_status_to_staff_only(
    client: Client, reviewer: User, make_user: Callable[..., User]
) -> None:
    client.force_login(reviewer)
    html = client.get("/en/accounts/settings/").content.decode()
    assert "Two-factor authentication" in html and "Not set up yet" in html
    assert f'href="/en{SETUP}"' in html

    enrolled(reviewer)
    html = client.get("/en/accounts/settings/").content.decode()
    assert "Turned on" in html and "10 unused backup codes" in html
    assert f'href="/en{BACKUP_CODES}"' in html

    client.force_login(make_user())
    assert "Two-factor authentication" not in client.get("/en/accounts/settings/").content.decode()
