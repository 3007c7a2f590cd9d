"""Claiming a company, members and invitations, and who may see what under /mypage/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from partnership.accounts.models import Membership, MembershipRole, User
from partnership.accounts.services import membership_grant
from partnership.companies.models import Company, Corporation, Invitation
from partnership.companies.services import invitation_create
from partnership.conftest import new_corporate_number
from partnership.declarations.models import Declaration, Status

pytestmark = pytest.mark.django_db


def en(name: str, *args: Any) -> str:
    """The English URL of a view (``/en/…``)."""
    with translation.override("en"):
        return reverse(name, args=args)


def ja(name: str, *args: Any) -> str:
    with translation.override("ja"):
        return reverse(name, args=args)


PROFILE = {
    "name": "株式会社青空テック",
    "name_kana": "アオゾラテック",
    "name_en": "Aozora Tech Inc.",
    "prefecture_id": "31",
    "address": "鳥取市東町1-220",
    "industry_id": "G",
    "capital_yen": "10,000,000",
    "employees": "25",
    "website": "",
}


@pytest.fixture
def person(make_user: Callable[..., User], client: Client) -> User:
    user = make_user(full_name="佐藤 花子")
    client.force_login(user)
    return user


def test_anonymous_visitors_are_sent_to_login(client: Client, company: Company) -> None:
    for path in (
        reverse("companies:dashboard"),
        reverse("companies:home", args=[company.corporate_number]),
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_unverified_users_are_asked_to_confirm_their_email(
    client: Client, make_user: Callable[..., User]
) -> None:
    client.force_login(make_user(email_verified=False))
    response = client.get(reverse("companies:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify_pending"))


def test_claiming_a_number_prefills_from_the_master_and_makes_an_owner(
    client: Client, person: User
) -> None:
    number = new_corporate_number()
    Corporation.objects.create(
        corporate_number=number,
        name="株式会社青空テック",
        name_kana="アオゾラテック",
        prefecture_code="31",
        prefecture_name="鳥取県",
        city_name="鳥取市",
        street="東町１丁目２２０",
    )
    typed = f"{number[0]}-{number[1:5]}-{number[5:9]}-{number[9:]}".translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    response = client.post(reverse("companies:claim"), {"corporate_number": typed})
    assert response["Location"] == reverse("companies:claim_confirm", args=[number])
    page = client.get(response["Location"])
    assert page.context["form"].initial["name"] == "株式会社青空テック"
    assert page.context["form"].initial["address"] == "鳥取市東町１丁目２２０"
    response = client.post(reverse("companies:claim_confirm", args=[number]), PROFILE)
    assert response["Location"] == reverse("companies:home", args=[number])
    company = Company.objects.get(corporate_number=number)
    assert company.capital_yen == 10_000_000
    assert Membership.objects.get(company=company).role == MembershipRole.OWNER


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("123456789012", "13"),
        ("12345678901234", "13"),
        ("12345678901ab", "digits"),
        ("2835678256246", "check digit"),
        ("", "Enter"),
    ],
)
def test_claim_explains_what_is_wrong_with_the_number(
    client: Client, person: User, typed: str, fragment: str
) -> None:
    response = client.post(en("companies:claim"), {"corporate_number": typed})
    assert response.status_code == 200
    english = response.context["form"].errors["corporate_number"][0]
    assert fragment in english
    japanese = client.post(ja("companies:claim"), {"corporate_number": typed})
    assert japanese.context["form"].errors["corporate_number"][0] != english


def test_a_company_with_an_owner_can_only_be_joined_by_invitation(
    client: Client, person: User, company: Company, owner: User
) -> None:
    response = client.post(en("companies:claim"), {"corporate_number": company.corporate_number})
    assert response.status_code == 200
    assert "invite" in response.context["form"].errors["corporate_number"][0]
    response = client.post(
        reverse("companies:claim_confirm", args=[company.corporate_number]), PROFILE
    )
    assert not Membership.objects.filter(user=person, company=company).exists()


def test_invitation_round_trip(
    client: Client,
    company: Company,
    owner: User,
    make_user: Callable[..., User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    invitee = make_user(language="en")
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("companies:members", args=[company.corporate_number]),
            {"email": invitee.email.upper(), "role": "member"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [invitee.email]
    assert "Invitation" in message.subject  # the invitee's language
    link = next(line for line in message.body.splitlines() if "/invitations/" in line)
    path = link.strip().split("127.0.0.1:8000")[1]
    assert path.startswith("/en/mypage/invitations/")

    # Someone else cannot use the link.
    stranger = make_user()
    client.force_login(stranger)
    client.post(path)
    assert not Membership.objects.filter(user=stranger, company=company).exists()

    client.force_login(invitee)
    page = client.get(path)
    assert page.status_code == 200 and page.context["matches"]
    response = client.post(path)
    assert response["Location"] == en("companies:home", company.corporate_number)
    assert Membership.objects.get(user=invitee, company=company).role == MembershipRole.MEMBER
    # A link works once.
    client.post(path)
    assert Membership.objects.filter(user=invitee, company=company).count() == 1


def test_expired_and_revoked_invitations_do_not_work(
    client: Client, company: Company, owner: User, make_user: Callable[..., User]
) -> None:
    invitee = make_user()
    invitation, token = invitation_create(
        company=company, email=invitee.email, role="member", actor=owner
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(invitee)
    path = reverse("companies:invitation", args=[token])
    client.post(path)
    assert not Membership.objects.filter(user=invitee, company=company).exists()
    assert client.get(reverse("companies:invitation", args=["nonsense"])).status_code == 404


def test_members_cannot_manage_others_and_the_last_owner_cannot_leave(
    client: Client, company: Company, owner: User, make_user: Callable[..., User]
) -> None:
    member_user = make_user()
    member = membership_grant(company=company, user=member_user, role=MembershipRole.MEMBER)
    own = Membership.objects.get(user=owner, company=company)
    client.force_login(member_user)
    cn = company.corporate_number
    assert client.post(reverse("companies:member_remove", args=[cn, own.pk])).status_code == 404
    assert (
        client.post(reverse("companies:member_role", args=[cn, member.pk]), {"role": "owner"})
    ).status_code == 404
    assert (
        client.post(reverse("companies:members", args=[cn]), {"email": "x@example.jp"}).status_code
        == 404
    )
    client.force_login(owner)
    client.post(reverse("companies:member_remove", args=[cn, own.pk]))
    assert Membership.objects.filter(pk=own.pk).exists()
    client.post(reverse("companies:member_remove", args=[cn, member.pk]))
    assert not Membership.objects.filter(pk=member.pk).exists()


def _company_urls(
    company: Company, declaration: Declaration, membership: Membership
) -> list[tuple[str, str]]:
    cn, v = company.corporate_number, declaration.version
    return [
        ("get", reverse("companies:home", args=[cn])),
        ("get", reverse("companies:profile", args=[cn])),
        ("post", reverse("companies:profile", args=[cn])),
        ("get", reverse("companies:members", args=[cn])),
        ("post", reverse("companies:members", args=[cn])),
        ("post", reverse("companies:member_remove", args=[cn, membership.pk])),
        ("post", reverse("companies:member_role", args=[cn, membership.pk])),
        ("post", reverse("companies:invitation_revoke", args=[cn, 1])),
        ("post", reverse("declarations:start", args=[cn])),
        *(
            (method, reverse(f"declarations:{name}", args=[cn, v]))
            for method, name in (
                ("get", "status"),
                ("get", "review"),
                ("post", "submit"),
                ("get", "preview"),
                ("get", "pdf"),
                ("get", "upload"),
                ("post", "upload"),
                ("get", "signed_pdf"),
                ("get", "withdraw"),
                ("post", "withdraw"),
                ("post", "discard"),
            )
        ),
        ("get", reverse("declarations:step", args=[cn, v, "company"])),
        ("post", reverse("declarations:step", args=[cn, v, "supply_chain"])),
    ]


def test_a_user_of_company_a_gets_404_for_every_url_of_company_b(
    client: Client,
    make_company: Callable[..., Company],
    make_user: Callable[..., User],
    make_declaration: Callable[..., Declaration],
) -> None:
    company_a, company_b = make_company(), make_company()
    user_a = make_user(company=company_a)
    user_b = make_user(company=company_b)
    draft_b = make_declaration(company_b, Status.DRAFT, signed_pdf="declarations/x.pdf")
    membership_b = Membership.objects.get(user=user_b)
    client.force_login(user_a)
    urls = _company_urls(company_b, draft_b, membership_b)
    for method, path in urls:
        response = getattr(client, method)(path)
        assert response.status_code == 404, (method, path, response.status_code)
    # Nothing changed behind the 404s.
    draft_b.refresh_from_db()
    assert draft_b.status == Status.DRAFT
    assert Membership.objects.filter(pk=membership_b.pk).exists()
    # And anonymous visitors are sent to log in for every one of them.
    client.logout()
    for method, path in urls:
        response = getattr(client, method)(path)
        assert response.status_code == 302, (method, path)
        assert reverse("accounts:login") in response["Location"]
