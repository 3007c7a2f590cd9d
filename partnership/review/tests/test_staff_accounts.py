"""Staff accounts: who may manage them, opening an account (and its welcome email), changing
roles, deactivating, resetting the second factor, and the rules against locking oneself out."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse as django_reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.accounts import staff_services
from partnership.accounts.models import StaffRole, User
from partnership.accounts.testing import verify_staff
from partnership.audit.models import AuditEvent
from partnership.core.errors import Conflict, NotAllowed

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a much longer passphrase 42"


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()  # rate-limit counters of the login and password pages
    yield
    cache.clear()


@pytest.fixture
def admin_client(client: Client, administrator: User) -> Client:
    verify_staff(client, administrator)
    return client


@pytest.fixture
def send(admin_client: Client, django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """A request as the administrator whose on-commit email goes out before it returns."""

    def request(method: str, url: str, data: dict[str, Any] | None = None) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(admin_client, method)(url, data or {})

    return request


def reverse(name: str, args: list[Any] | None = None) -> str:
    """The Japanese (unprefixed) path, whatever language the last request left active."""
    with translation.override("ja"):
        return django_reverse(name, args=args)


def staff_urls(pk: int) -> list[str]:
    return [
        reverse("review:staff"),
        reverse("review:staff_create"),
        reverse("review:staff_detail", args=[pk]),
        reverse("review:staff_role", args=[pk]),
        reverse("review:staff_active", args=[pk]),
        reverse("review:staff_two_factor_reset", args=[pk]),
    ]


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def give_two_factor(user: User) -> None:
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    StaticToken.objects.create(device=device, token="abcd1234")


# --- who may come in ---------------------------------------------------------------------------


def test_the_url_names() -> None:
    assert reverse("review:staff") == "/staff/staff/"
    assert reverse("review:staff_create") == "/staff/staff/new/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client: Client, reviewer: User, method: str) -> None:
    for url in staff_urls(reviewer.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("method", ["get", "post"])
def test_reviewers_and_company_users_get_403(
    client: Client,
    reviewer: User,
    administrator: User,
    make_user: Callable[..., User],
    method: str,
) -> None:
    verify_staff(client, reviewer)
    for url in staff_urls(administrator.pk):
        assert getattr(client, method)(url).status_code == 403, url
    client.force_login(make_user())
    for url in staff_urls(administrator.pk):
        assert getattr(client, method)(url).status_code == 403, url
    assert User.objects.get(pk=administrator.pk).staff_role == StaffRole.ADMINISTRATOR


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_staff_with_role_state_and_second_factor(
    admin_client: Client,
    administrator: User,
    reviewer: User,
    make_user: Callable[..., User],
) -> None:
    company_user = make_user()
    inactive = make_user(staff_role=StaffRole.REVIEWER)
    staff_services.staff_set_active(actor=administrator, user=inactive, active=False)
    response = admin_client.get("/en/staff/staff/")
    assert response.status_code == 200
    members = {m.email: m for m in response.context["members"]}
    assert set(members) == {administrator.email, reviewer.email, inactive.email}
    assert company_user.email not in response.content.decode()
    assert members[administrator.email].has_two_factor  # verify_staff set one up
    assert not members[reviewer.email].has_two_factor
    html = response.content.decode()
    assert "Deactivated" in html and "Not set up yet" in html and "Never" in html
    # Active people first.
    assert list(members)[-1] == inactive.email


# --- opening an account ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "subject", "greeting", "prefix"),
    [
        ("ja", "職員アカウント開設のお知らせ", "花子 様", "/accounts/password-reset/"),
        ("en", "Your staff account", "Dear 花子,", "/en/accounts/password-reset/"),
    ],
)
def test_opening_a_staff_account_emails_a_link_to_set_the_password(
    send: Callable[..., Any],
    administrator: User,
    language: str,
    subject: str,
    greeting: str,
    prefix: str,
) -> None:
    response = send(
        "post",
        reverse("review:staff_create"),
        {
            "email": " Hanako@Example.JP ",
            "full_name": "花子",
            "staff_role": "reviewer",
            "language": language,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="hanako@example.jp")
    assert response["Location"] == reverse("review:staff_detail", args=[user.pk])
    assert (user.staff_role, user.is_staff, user.language) == ("reviewer", False, language)
    assert not user.has_usable_password()
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor_id == administrator.pk
    assert event.after["staff_role"] == "reviewer"

    (message,) = mail.outbox
    assert message.to == ["hanako@example.jp"]
    assert subject in message.subject
    assert greeting in message.body
    assert ("審査担当者" if language == "ja" else "Reviewer") in message.body
    assert "{%" not in message.body and "{{" not in message.body
    links = re.findall(re.escape(settings.SITE_URL) + r"(/\S*)", message.body)
    (link,) = [link for link in links if re.search(r"/password-reset/[^/]+/[^/]+/$", link)]
    assert link.startswith(prefix)

    # The link lets the person choose a password, which also confirms the address.
    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 302
    form_url = page["Location"]
    done = visitor.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.email_verified
    # Used once: the link no longer works.
    again = Client().get(link)
    assert again.status_code == 200
    assert "new_password1" not in again.content.decode()


def test_opening_an_administrator_account_gives_admin_site_access(
    send: Callable[..., Any],
) -> None:
    send(
        "post",
        reverse("review:staff_create"),
        {
            "email": "boss@example.jp",
            "full_name": "Boss",
            "staff_role": "administrator",
            "language": "en",
        },
    )
    user = User.objects.get(email="boss@example.jp")
    assert user.is_administrator and user.is_staff


def test_an_address_that_has_an_account_is_refused_with_a_way_forward(
    send: Callable[..., Any], make_user: Callable[..., User]
) -> None:
    existing = make_user()
    response = send(
        "post",
        "/en" + reverse("review:staff_create"),
        {
            "email": existing.email.upper(),
            "full_name": "X",
            "staff_role": "reviewer",
            "language": "ja",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "already exists" in html
    assert reverse("review:staff_role", args=[existing.pk]) in html
    assert mail.outbox == []
    existing.refresh_from_db()
    assert existing.staff_role == ""


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-address", "full_name": "X", "staff_role": "reviewer", "language": "ja"},
        {"email": "a@example.jp", "full_name": "", "staff_role": "reviewer", "language": "ja"},
        {"email": "a@example.jp", "full_name": "X", "staff_role": "superuser", "language": "ja"},
        {"email": "a@example.jp", "full_name": "X", "staff_role": "reviewer", "language": "fr"},
    ],
)
def test_bad_input_is_shown_on_the_form(send: Callable[..., Any], data: dict[str, str]) -> None:
    response = send("post", reverse("review:staff_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(email="a@example.jp").exists()
    assert mail.outbox == []


def test_only_administrators_may_open_staff_accounts(reviewer: User) -> None:
    with pytest.raises(NotAllowed):
        staff_services.staff_create(
            actor=reviewer, email="x@example.jp", full_name="X", staff_role="reviewer"
        )
    assert not User.objects.filter(email="x@example.jp").exists()


def test_the_service_refuses_a_duplicate(administrator: User, reviewer: User) -> None:
    with pytest.raises(Conflict):
        staff_services.staff_create(
            actor=administrator, email=reviewer.email, full_name="X", staff_role="reviewer"
        )


# --- roles -------------------------------------------------------------------------------------


def test_a_role_change_is_confirmed_before_it_is_made(
    admin_client: Client, administrator: User, reviewer: User
) -> None:
    url = reverse("review:staff_role", args=[reviewer.pk])
    assert admin_client.get(url).status_code == 200
    confirm = admin_client.post("/en" + url, {"staff_role": "administrator"})
    assert confirm.status_code == 200
    assert "Confirm the new role" in confirm.content.decode()
    reviewer.refresh_from_db()
    assert reviewer.staff_role == "reviewer"

    done = admin_client.post(url, {"staff_role": "administrator", "confirmed": "on"}, follow=True)
    assert done.status_code == 200
    reviewer.refresh_from_db()
    assert (reviewer.staff_role, reviewer.is_staff) == ("administrator", True)
    event = AuditEvent.objects.get(action="staff.change_role", object_id=str(reviewer.pk))
    assert event.actor_id == administrator.pk
    assert event.before["staff_role"] == "reviewer"
    assert event.after == {
        "staff_role": "administrator",
        "is_staff": True,
        "is_active": True,
        "is_superuser": False,
    }


def test_taking_the_staff_role_away_keeps_the_account(
    admin_client: Client, make_user: Callable[..., User]
) -> None:
    other_admin = make_user(staff_role=StaffRole.ADMINISTRATOR)
    User.objects.filter(pk=other_admin.pk).update(is_superuser=True)
    url = reverse("review:staff_role", args=[other_admin.pk])
    admin_client.post(url, {"staff_role": "none", "confirmed": "on"})
    other_admin.refresh_from_db()
    assert other_admin.staff_role == ""
    assert not other_admin.is_staff and not other_admin.is_superuser
    assert other_admin.is_active
    assert not other_admin.is_reviewer


def test_an_administrator_cannot_demote_themselves(
    admin_client: Client, administrator: User
) -> None:
    url = "/en" + reverse("review:staff_role", args=[administrator.pk])
    for role in ("reviewer", "none"):
        response = admin_client.post(url, {"staff_role": role, "confirmed": "on"}, follow=True)
        assert "You cannot take away your own administrator role" in " ".join(messages_of(response))
        administrator.refresh_from_db()
        assert administrator.staff_role == "administrator" and administrator.is_staff
    with pytest.raises(NotAllowed) as error:
        staff_services.staff_change_role(
            actor=administrator, user=administrator, staff_role=StaffRole.REVIEWER
        )
    assert error.value.code == "self_demotion"
    assert not AuditEvent.objects.filter(action="staff.change_role").exists()


def test_a_demoted_administrator_cannot_act_on_a_stale_session_object(
    administrator: User, make_user: Callable[..., User], reviewer: User
) -> None:
    other = make_user(staff_role=StaffRole.ADMINISTRATOR)
    stale_view_of_other = User.objects.get(pk=other.pk)
    staff_services.staff_change_role(actor=administrator, user=other, staff_role="reviewer")
    # ``stale_view_of_other`` still says "administrator"; the database no longer does.
    with pytest.raises(NotAllowed):
        staff_services.staff_change_role(
            actor=stale_view_of_other, user=administrator, staff_role="reviewer"
        )
    administrator.refresh_from_db()
    assert administrator.is_administrator


def test_an_unknown_role_is_refused_by_the_form(admin_client: Client, reviewer: User) -> None:
    url = reverse("review:staff_role", args=[reviewer.pk])
    response = admin_client.post(url, {"staff_role": "root", "confirmed": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors
    reviewer.refresh_from_db()
    assert reviewer.staff_role == "reviewer"


def test_services_refuse_reviewers(reviewer: User, administrator: User) -> None:
    with pytest.raises(NotAllowed):
        staff_services.staff_change_role(actor=reviewer, user=reviewer, staff_role="administrator")
    with pytest.raises(NotAllowed):
        staff_services.staff_set_active(actor=reviewer, user=administrator, active=False)
    with pytest.raises(NotAllowed):
        staff_services.staff_reset_two_factor(actor=reviewer, user=administrator)


# --- deactivation ------------------------------------------------------------------------------


def test_deactivation_is_confirmed_then_logs_the_person_out(
    admin_client: Client, administrator: User, reviewer: User
) -> None:
    reviewer_client = Client()
    verify_staff(reviewer_client, reviewer)
    assert reviewer_client.get(reverse("review:audit")).status_code == 200

    url = reverse("review:staff_active", args=[reviewer.pk])
    page = admin_client.get("/en" + url)
    assert page.status_code == 200
    assert "will no longer be able to log in" in page.content.decode()
    admin_client.post(url, {"active": "0"})
    reviewer.refresh_from_db()
    assert not reviewer.is_active
    event = AuditEvent.objects.get(action="staff.deactivate")
    assert event.actor_id == administrator.pk and event.object_id == str(reviewer.pk)
    # The reviewer's session no longer lets them in.
    response = reviewer_client.get(reverse("review:audit"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

    admin_client.post(url, {"active": "1"})
    reviewer.refresh_from_db()
    assert reviewer.is_active
    assert AuditEvent.objects.filter(action="staff.reactivate").count() == 1


def test_posting_the_same_state_twice_changes_nothing(admin_client: Client, reviewer: User) -> None:
    url = reverse("review:staff_active", args=[reviewer.pk])
    admin_client.post(url, {"active": "0"})
    admin_client.post(url, {"active": "0"})  # a double click
    assert AuditEvent.objects.filter(action="staff.deactivate").count() == 1
    response = admin_client.post(url, {"active": "maybe"}, follow=True)
    assert response.status_code == 200
    reviewer.refresh_from_db()
    assert not reviewer.is_active


def test_an_administrator_cannot_deactivate_themselves(
    admin_client: Client, administrator: User
) -> None:
    url = "/en" + reverse("review:staff_active", args=[administrator.pk])
    page = admin_client.get(url)
    assert "You cannot deactivate your own account" in page.content.decode()
    response = admin_client.post(url, {"active": "0"}, follow=True)
    assert "You cannot deactivate your own account" in " ".join(messages_of(response))
    administrator.refresh_from_db()
    assert administrator.is_active


# --- second factor -----------------------------------------------------------------------------


def test_resetting_two_factor_deletes_every_device_and_unverifies_sessions(
    admin_client: Client, administrator: User, reviewer: User
) -> None:
    reviewer_client = Client()
    device = verify_staff(reviewer_client, reviewer)
    give_two_factor(reviewer)
    assert reviewer_client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id

    url = reverse("review:staff_two_factor_reset", args=[reviewer.pk])
    page = admin_client.get("/en" + url)
    assert page.status_code == 200
    assert "lost their phone" in page.content.decode()
    response = admin_client.post("/en" + url, follow=True)
    assert "was reset (3 devices removed)" in " ".join(messages_of(response))
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert not StaticDevice.objects.filter(user=reviewer).exists()
    assert not StaticToken.objects.filter(device__user=reviewer).exists()
    event = AuditEvent.objects.get(action="staff.reset_two_factor")
    assert event.actor_id == administrator.pk
    assert event.before["devices"] == 3
    assert event.before["otp_totp.totpdevice"] == 2
    # The reviewer's session has to pass the second factor again.
    response = reviewer_client.get(reverse("review:audit"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))


def test_an_administrator_cannot_reset_their_own_second_factor(
    admin_client: Client, administrator: User
) -> None:
    url = "/en" + reverse("review:staff_two_factor_reset", args=[administrator.pk])
    response = admin_client.post(url, follow=True)
    assert "You cannot reset your own two-factor authentication" in " ".join(messages_of(response))
    assert TOTPDevice.objects.filter(user=administrator).exists()


# --- the detail page ---------------------------------------------------------------------------


def test_the_detail_page_shows_the_state_and_recent_changes(
    admin_client: Client, administrator: User, reviewer: User
) -> None:
    give_two_factor(reviewer)
    staff_services.staff_set_active(actor=administrator, user=reviewer, active=False)
    response = admin_client.get("/en" + reverse("review:staff_detail", args=[reviewer.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reviewer.email in html
    assert "Reactivate the account" in html
    assert "1 backup code left" in html
    assert "Account deactivated" in html  # from the audit trail
    own = admin_client.get("/en" + reverse("review:staff_detail", args=[administrator.pk]))
    assert "This is your own account" in own.content.decode()
    assert reverse("review:staff_active", args=[administrator.pk]) not in own.content.decode()
    assert admin_client.get(reverse("review:staff_detail", args=[999_999])).status_code == 404
