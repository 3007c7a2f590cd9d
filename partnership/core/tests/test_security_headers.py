"""Security headers and cookies, under the real production settings.

Production settings are the default of ``partnership/settings.py`` (no DEBUG): they are read in
a child process with only ``SECRET_KEY`` and ``ALLOWED_HOSTS`` set, as an operator would, and
requests go through the whole middleware stack there. Collecting static files for a full page
would take most of a minute, so the child asks for answers that render no page (the health
check, redirects); pages are checked in this process, with the production values of the
security settings applied (``production_security_settings``).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from partnership.accounts.models import User

ROOT = Path(__file__).resolve().parents[3]
HOST = "registry.example.jp"
# Variables of this process that would change what production means for the child.
CLEARED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "SECURE_HTTPS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "CSRF_TRUSTED_ORIGINS",
    "VAR_DIR",
    "DJANGO_SETTINGS_MODULE",
    # Set by e2e/conftest.py for Playwright's event loop, in any worker that collected it;
    # check --deploy rightly refuses it in production (async.E001).
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
SECURITY_SETTINGS = (
    "SECURE_HTTPS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_FAILURE_VIEW",
    "LANGUAGE_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
)


def run_production(tmp_path: Path, args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python *args`` with the production settings: a real secret key and host only."""
    clean = {key: value for key, value in os.environ.items() if key not in CLEARED}
    production = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "partnership.settings",
    }
    return subprocess.run(
        [sys.executable, *args],
        env={**clean, **production, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def production_security_settings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = run_production(tmp_path_factory.mktemp("var"), ["-c", code])
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


# --- the deployment checklist --------------------------------------------------------------


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    result = run_production(tmp_path, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_https_is_turned_off(tmp_path: Path) -> None:
    """The same check notices an unsafe configuration (so the clean result above means
    something): without HTTPS there is no HSTS, no redirect and no secure cookies."""
    result = run_production(
        tmp_path,
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECURE_HTTPS="0",
    )
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


# --- production settings ----------------------------------------------------------------------


def test_production_settings_harden_cookies_and_headers(
    production_security_settings: dict[str, Any],
) -> None:
    s = production_security_settings
    assert s["SECURE_HTTPS"] is True
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["SESSION_COOKIE_HTTPONLY"] is True
    assert s["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert s["CSRF_FAILURE_VIEW"] == "partnership.core.views.csrf_failure"
    assert s["LANGUAGE_COOKIE_SECURE"] is True
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert s["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert s["X_FRAME_OPTIONS"] == "DENY"
    assert s["SECURE_REFERRER_POLICY"] == "same-origin"


PROBE = """
import json
import django
django.setup()
from django.test import Client

client = Client(HTTP_HOST="registry.example.jp")
answers = {
    "https": client.get("/healthz", HTTP_X_FORWARDED_PROTO="https"),
    "http": client.get("/declarations/"),
    "spoofed": client.get("/declarations/", HTTP_X_FORWARDED_PROTO="http"),
    "health": client.get("/healthz"),
}
print(json.dumps({
    name: {"status": r.status_code, "headers": dict(r.headers)} for name, r in answers.items()
}))
"""


@pytest.fixture(scope="module")
def production_answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = run_production(tmp_path_factory.mktemp("var"), ["-c", PROBE])
    assert result.returncode == 0, result.stderr
    answers: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return answers


def test_production_answers_over_https_carry_every_security_header(
    production_answers: dict[str, Any],
) -> None:
    answer = production_answers["https"]
    assert answer["status"] == 200
    headers = answer["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("name", ["http", "spoofed"])
def test_production_redirects_plain_http_to_https(
    production_answers: dict[str, Any], name: str
) -> None:
    """Without ``X-Forwarded-Proto: https`` from the proxy the request came over plain HTTP."""
    answer = production_answers[name]
    assert answer["status"] == 301
    assert answer["headers"]["Location"] == f"https://{HOST}/declarations/"
    assert "Strict-Transport-Security" not in answer["headers"]  # only ever sent over HTTPS


def test_the_health_check_answers_over_plain_http(production_answers: dict[str, Any]) -> None:
    """Load balancers check /healthz over HTTP: it is exempt from the redirect."""
    answer = production_answers["health"]
    assert answer["status"] == 200
    assert answer["headers"]["X-Content-Type-Options"] == "nosniff"


# --- real pages with the production values, in this process ------------------------------


@pytest.fixture
def production(settings: Any, production_security_settings: dict[str, Any]) -> Any:
    for name, value in production_security_settings.items():
        setattr(settings, name, value)
    return settings


# As the app sees a request that came over HTTPS to the proxy (port 443, the proxy's header).
HTTPS: dict[str, Any] = {"HTTP_X_FORWARDED_PROTO": "https", "SERVER_PORT": "443"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/en/declarations/", "/statistics/", "/accounts/login/", "/verify/"]
)
def test_pages_carry_the_content_security_policy_and_hsts(
    client: Client, production: Any, path: str
) -> None:
    response = client.get(path, **HTTPS)
    assert response.status_code == 200
    policy = dict(
        [*directive.split(" ", 1), ""][:2]
        for directive in response["Content-Security-Policy"].split("; ")
    )
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_login_cookies_are_secure_httponly_and_lax(make_user: Any, production: Any) -> None:
    user: User = make_user()
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/", **HTTPS)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    response = client.post(
        "/accounts/login/",
        {
            "username": user.email,
            "password": "correct horse battery",
            "csrfmiddlewaretoken": csrf.value,
        },
        HTTP_ORIGIN="https://testserver",  # as a browser sends it with a form over HTTPS
        **HTTPS,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


@pytest.mark.django_db
def test_without_https_settings_there_is_no_hsts(client: Client) -> None:
    """The test settings run without HTTPS (SECURE_HTTPS=0): no HSTS even if a client claims
    HTTPS, so a development server never pins a browser to HTTPS."""
    response = client.get("/", **HTTPS)
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
    assert "Content-Security-Policy" in response
