"""Accounts for the load test, in a registry already seeded with ``seed_demo``.

    DEBUG=1 DATABASE_URL=… .venv/bin/python load/prepare.py --out accounts.json \
        [--company-users 50] [--reviewers 50]

Creates company users (email confirmed), each the owner of its own company that has a
published declaration and nothing in progress, so that the user can start a new version,
fill it in and submit it; reviewers with a confirmed authenticator app whose key is written
to the output file (the locustfile computes the current code from it, as the app would); and
an API key for the integration clients. Refuses to run on a registry that has load-test
accounts already. ``load/run.py`` runs it on a throw-away database: never run it on a
registry that matters (every password is written to the output file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Known to the load test only; the database is created and dropped by load/run.py.
PASSWORD = "load-test-password-2026"  # noqa: S105
EMAIL_DOMAIN = "load.example.jp"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="where to write the accounts")
    parser.add_argument("--company-users", type=int, default=50)
    parser.add_argument("--reviewers", type=int, default=50)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    import django

    django.setup()

    from django.db.models import Exists, OuterRef
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partnership.accounts.models import MembershipRole, StaffRole, User
    from partnership.accounts.services import membership_grant, user_create
    from partnership.accounts.two_factor_services import TOTP_DEVICE_NAME
    from partnership.api.services import api_key_issue
    from partnership.companies.models import Company
    from partnership.declarations.models import Declaration, Status

    if User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
        sys.exit("This registry already has load-test accounts: use a fresh database.")
    administrator = User.objects.filter(staff_role=StaffRole.ADMINISTRATOR).first()
    if administrator is None:
        sys.exit("No administrator (run seed_demo first).")

    # Companies whose published declaration can be revised now: nothing in progress, and no
    # member yet (the demo company user has one).
    in_progress = Declaration.objects.filter(company=OuterRef("pk")).in_progress()
    published = Declaration.objects.filter(company=OuterRef("pk"), status=Status.PUBLISHED)
    companies = list(
        Company.objects.filter(Exists(published), ~Exists(in_progress), memberships__isnull=True)
        .order_by("corporate_number")
        .values_list("pk", "corporate_number")[: args.company_users]
    )
    if len(companies) < args.company_users:
        sys.exit(f"Only {len(companies)} companies can be revised: seed more companies.")

    company_users = []
    for index, (company_pk, number) in enumerate(companies, start=1):
        email = f"company-{index:03d}@{EMAIL_DOMAIN}"
        user = user_create(
            email=email, password=PASSWORD, full_name=f"負荷 試験{index}", email_verified=True
        )
        membership_grant(
            company=Company.objects.get(pk=company_pk), user=user, role=MembershipRole.OWNER
        )
        company_users.append({"email": email, "password": PASSWORD, "corporate_number": number})

    reviewers = []
    for index in range(1, args.reviewers + 1):
        email = f"reviewer-{index:03d}@{EMAIL_DOMAIN}"
        user = user_create(
            email=email,
            password=PASSWORD,
            full_name=f"審査 負荷{index}",
            staff_role=StaffRole.REVIEWER,
            email_verified=True,
        )
        # The same kind of device the setup page confirms; its key is what the QR code holds.
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
        reviewers.append(
            {
                "email": email,
                "password": PASSWORD,
                "totp_key": device.key,
                "totp_step": device.step,
                "totp_t0": device.t0,
                "totp_digits": device.digits,
            }
        )

    _api_key, secret = api_key_issue(
        actor=administrator, name="Load test integration client", requests_per_minute=6000
    )
    numbers = list(Company.objects.order_by("?").values_list("corporate_number", flat=True)[:5000])
    args.out.write_text(
        json.dumps(
            {
                "company_users": company_users,
                "reviewers": reviewers,
                "api_key": secret,
                "corporate_numbers": numbers,
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    print(
        f"{len(company_users)} company users, {len(reviewers)} reviewers, 1 API key, "
        f"{len(numbers):,} corporate numbers → {args.out}"
    )


if __name__ == "__main__":
    main()
