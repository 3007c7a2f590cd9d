"""The Content-Security-Policy breaks nothing: in a real browser, the pages of every kind of
visitor (public pages with their SVG charts, the company's forms, the staff console, the
two-factor QR code, the Django admin, the API docs) load with no violation reported, and the
inline SVG charts and QR code are drawn.

Chromium reports each blocked inline script, style or resource as a ``securitypolicyviolation``
event (collected by a script Playwright adds before the page's own) and on the console.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnership.core.tests.security_world import World, build_world

pytestmark = pytest.mark.django_db(transaction=True)

COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


def _sign_in(page: Any, live_server: Any, world: World, role: str) -> None:
    client: Client = world.client(role)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )


def _visit(page: Any, url: str, console: list[str]) -> list[str]:
    """Open ``url``; the policy violations it caused."""
    console.clear()
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    seen = list(page.evaluate("window.__violations"))
    return seen + [text for text in console if "Content Security Policy" in text]


@pytest.fixture
def world(settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def _open(new_page: Any) -> tuple[Any, list[str]]:
    page = new_page()
    page.add_init_script(COLLECT_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    return page, console


def test_public_pages_and_the_api_docs_keep_to_the_policy(
    live_server: Any, new_page: Any, world: World
) -> None:
    page, console = _open(new_page)
    number = world.company.corporate_number
    for path in (
        "/",
        "/declarations/",
        f"/declarations/{number}/",
        f"/declarations/{number}/versions/1/",
        f"/declarations/{number}/certificate/",
        "/en/statistics/",
        "/verify/",
        "/open-data/",
        "/accounts/login/",
        "/api/v1/docs",
    ):
        assert _visit(page, live_server.url + path, console) == [], path
        if path == "/en/statistics/":
            charts = page.locator("svg.chart")
            assert charts.count() >= 4
            box = charts.first.bounding_box()
            assert box is not None
            assert box["width"] > 200
            assert box["height"] > 50
    # The watch works: an inline style added to the page now is refused and reported.
    page.goto(live_server.url + "/")
    page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<p style="color:red">x</p>')""")
    page.wait_for_function("window.__violations.length > 0")
    assert "style-src" in page.evaluate("window.__violations")[0]
    # The API docs are drawn by their script (Swagger UI from local static files).
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", state="visible")


def test_company_pages_keep_to_the_policy(live_server: Any, new_page: Any, world: World) -> None:
    page, console = _open(new_page)
    _sign_in(page, live_server, world, "owner")
    base = f"{live_server.url}/mypage/companies/{world.company.corporate_number}"
    for path in (
        "/mypage/",
        f"{base}/",
        f"{base}/members/",
        f"{base}/declarations/2/",
        f"{base}/declarations/2/steps/company/",
        f"{base}/declarations/2/steps/supply_chain/",
        f"{base}/declarations/2/steps/promotion_standards/",
        f"{base}/declarations/2/review/",
        f"{base}/declarations/2/preview/",
        f"{base}/declarations/2/upload/",
    ):
        url = path if path.startswith("http") else live_server.url + path
        assert _visit(page, url, console) == [], path


def test_staff_pages_the_qr_code_and_the_admin_keep_to_the_policy(
    live_server: Any, new_page: Any, world: World
) -> None:
    page, console = _open(new_page)
    _sign_in(page, live_server, world, "reviewer_pending")
    assert _visit(page, live_server.url + "/accounts/two-factor/setup/", console) == []
    box = page.locator(".qr-code svg").bounding_box()
    assert box is not None
    assert box["width"] >= 200
    assert box["height"] >= 200

    page, console = _open(new_page)
    _sign_in(page, live_server, world, "administrator")
    for path in (
        "/staff/",
        f"/staff/declarations/{world.submitted.pk}/",
        "/staff/dashboard/",
        f"/staff/templates/{world.template_copy.pk}/",
        "/staff/audit/",
        "/staff/staff/",
        "/staff/api-keys/",
        "/admin/",
        "/admin/companies/company/",
        f"/admin/companies/company/{world.company.pk}/change/",
        "/admin/core/prefecture/13/change/",
    ):
        assert _visit(page, live_server.url + path, console) == [], path
        if path == "/staff/dashboard/":
            assert page.locator("svg.chart").count() >= 1
