"""Screenshots of pages in Japanese and English, on a phone and a desktop window, for review.

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--login EMAIL]
        [--out var/screenshots] PATH [PATH ...]

PATH is a Japanese path such as ``/`` or ``/declarations/``; the English one is ``/en`` + PATH.
With ``--login`` the browser signs in first with the demo password. Uses Debian's chromium.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WINDOWS = {"phone": (390, 844), "desktop": (1366, 900)}


def staff_code(email: str) -> str:
    """A current one-time code for ``email`` from a confirmed device in the local database
    (created if missing). Local demo use only."""
    import os
    import sys

    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    os.environ.setdefault("DEBUG", "1")
    # Called between Playwright steps, whose event loop runs in this thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    django.setup()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partnership.accounts.models import User
    from partnership.accounts.testing import current_code

    user = User.objects.get(email=email)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="screenshots", confirmed=True)
    return current_code(device)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--login", default="")
    parser.add_argument("--password", default="demo-password-2026")
    parser.add_argument("--out", default="var/screenshots")
    parser.add_argument(
        "--staff",
        action="store_true",
        help="after login, pass the second factor with a TOTP device made in the local database",
    )
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        # One browser context (one sign-in: a one-time code cannot be used twice), resized
        # for each window.
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        if args.login:
            page.goto(f"{args.base}/accounts/login/")
            page.fill("input[name=username]", args.login)
            page.fill("input[name=password]", args.password)
            page.click("main button[type=submit]")
            page.wait_for_load_state()
            if args.staff:
                page.goto(f"{args.base}/accounts/two-factor/")
                page.fill("#id_code", staff_code(args.login))
                page.click("main button[type=submit]")
                page.wait_for_load_state()
        for path in args.paths:
            for lang, prefix in (("ja", ""), ("en", "/en")):
                for window, (width, height) in WINDOWS.items():
                    page.set_viewport_size({"width": width, "height": height})
                    response = page.goto(f"{args.base}{prefix}{path}")
                    slug = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
                    target = out / f"{slug}-{lang}-{window}.png"
                    page.screenshot(path=str(target), full_page=True)
                    status = response.status if response else "?"
                    print(f"{status} {prefix}{path} -> {target}")
        context.close()
        browser.close()


if __name__ == "__main__":
    main()
