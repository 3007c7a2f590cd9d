"""Print the demo accounts (for `make run`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partnership.accounts.models import User
from partnership.declarations.demo.builder import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins created by seed_demo."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = []
        staff_shown = False
        for email, _name, role in DEMO_USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                continue
            company = user.memberships.select_related("company").first()
            what = role or "company user"
            staff_shown = staff_shown or bool(role)
            if company is not None:
                what += f" of {company.company.name} ({company.company.corporate_number})"
            rows.append(f"  {email:<22} {DEMO_PASSWORD}   {what}")
        if not rows:
            self.stdout.write("No demo accounts (run: python manage.py seed_demo).")
            return
        self.stdout.write(
            "\nDemo logins (local demo only):\n"
            + "\n".join(rows)
            + "\n\nSite:  http://127.0.0.1:8000/   English: http://127.0.0.1:8000/en/\n"
            "Login: http://127.0.0.1:8000/accounts/login/   Admin: http://127.0.0.1:8000/admin/\n"
        )
        if staff_shown:
            self.stdout.write(
                "Staff (reviewer, administrator): the first visit of /staff/ asks you to set up "
                "an authenticator app\n(two-factor authentication: scan the QR code, enter its "
                "6-digit code, keep the backup codes).\n"
            )
