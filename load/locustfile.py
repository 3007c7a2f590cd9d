"""Load scenario of the registry: the public, verifiers, companies and reviewers at once.

Run by ``load/run.py`` (``make load``), which prepares the database and the accounts file
(``load/prepare.py``) and serves the site with gunicorn on loopback. Environment:

- ``LOAD_ACCOUNTS``: the JSON file written by ``load/prepare.py`` (required);
- ``LOAD_OUTCOMES``: where to write the counts of business outcomes at the end (optional);
- ``LOAD_SPREAD_ADDRESSES`` (default 1): each simulated user connects from its own loopback
  address (127.0.x.y), as different clients do, so that the per-address limits of
  production (API, login, second factor, CSV uploads) apply to each client as they would,
  unchanged. With 0 every user shares 127.0.0.1 and, with enough users, runs into them.

Every request checks its answer (status code, and for pages a marker that the right page
came back); anything else is a failure. Names group requests by endpoint and kind, e.g.
``GET /declarations/?q=kana``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import threading
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from django_otp.oath import totp
from html_forms import Form, form_with, forms
from locust import HttpUser, between, events, task
from locust.clients import LocustHttpAdapter
from urllib3 import PoolManager

with open(os.environ["LOAD_ACCOUNTS"], encoding="utf-8") as _file:
    ACCOUNTS: dict[str, Any] = json.load(_file)

NUMBERS: list[str] = ACCOUNTS["corporate_numbers"]
TIMEOUT = 30  # seconds; a slower answer is a failure
OUTCOMES: Counter[str] = Counter()
_lock = threading.Lock()
_addresses = itertools.count(10)
_accounts = {"company": itertools.count(), "reviewer": itertools.count()}

# Search terms people type: kana (hiragana and katakana), kanji, romaji, a corporate-number
# prefix, one- and two-character terms (their own index), and a term that finds nothing.
SEARCHES = {
    "kana": ["やまだ", "サウス", "きかい", "ケンセツ", "とうきょう", "ハクサン", "こうぎょう"],
    "kanji": ["工業", "製作所", "白山", "機材", "建設", "株式会社", "食品", "山田商事"],
    "short": ["山", "工", "エ", "北海"],
    "latin": ["Industry", "Tokyo", "Co., Ltd.", "south"],
    "number": ["1100", "52", "2200572"],
    "none": ["存在しない会社名ぽぽぽ"],
}
PREFECTURES = [f"{n:02d}" for n in range(1, 48)]
INDUSTRIES = list("ABCDEFGHIJKLMNOPQRST")
REGIONS = ["hokkaido", "tohoku", "kanto", "chubu", "kinki", "chugoku", "shikoku", "kyushu"]
CAPITAL_BANDS = ["le10m", "le50m", "le100m", "le300m", "lt1b", "ge1b"]
EMPLOYEE_BANDS = ["le5", "le20", "le50", "le100", "le300", "le1000", "gt1000"]
SORTS = ["newest", "oldest", "name", "number"]
DAYS = ["2024-04-01", "2025-06-30", "2026-01-15"]
DECLARATION_LINK = re.compile(r'href="(?:/en)?/declarations/(\d{13})/"')
ERROR_ITEM = re.compile(r"errorlist[^>]*>\s*<li>(?:<a [^>]*>)?([^<]+)")
REVIEW_LINK = re.compile(r'href="/staff/declarations/(\d+)/"')


def _today() -> str:
    return dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=9))).date().isoformat()


def _outcome(name: str) -> None:
    with _lock:
        OUTCOMES[name] += 1


def _next_account(kind: str) -> dict[str, Any]:
    accounts = ACCOUNTS["company_users" if kind == "company" else "reviewers"]
    with _lock:
        index = next(_accounts[kind])
    if index >= len(accounts):
        # Two simulated users on one account would fight over its draft and its TOTP codes.
        raise RuntimeError(f"more {kind} users than prepared accounts ({len(accounts)})")
    return accounts[index]


def _why(response: Any) -> str:
    """What went wrong: the connection error, or the page's error messages, or its start."""
    if response.status_code == 0:
        return repr(response.error)
    listed = ERROR_ITEM.findall(response.text)
    return " / ".join(e.strip() for e in listed[:3]) if listed else response.text[:200]


@events.test_stop.add_listener
def _write_outcomes(environment: Any, **_kwargs: Any) -> None:
    path = os.environ.get("LOAD_OUTCOMES")
    if path:
        with open(path, "w", encoding="utf-8") as file:
            json.dump(dict(sorted(OUTCOMES.items())), file, ensure_ascii=False, indent=1)


class RegistryUser(HttpUser):
    abstract = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if os.environ.get("LOAD_SPREAD_ADDRESSES", "1") != "0":
            with _lock:
                n = next(_addresses)
            address = f"127.0.{n // 250}.{n % 250 + 2}"
            pool = PoolManager(maxsize=1, source_address=(address, 0))
            self.client.mount("http://", LocustHttpAdapter(pool_manager=pool))

    # --- checked requests ---------------------------------------------------------------------

    def page(
        self,
        path: str,
        name: str,
        *,
        marker: str = "</html>",
        params: Any = None,
        expect: tuple[int, ...] = (200,),
    ) -> str:
        """GET a page; fail unless the status is expected and the page has ``marker``. Returns
        the page, or the target of an expected redirect."""
        with self.client.get(
            path,
            params=params,
            name=name,
            timeout=TIMEOUT,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in expect:
                response.failure(f"status {response.status_code} for {path}: {_why(response)}")
                return ""
            if response.status_code == 200 and marker not in response.text:
                response.failure(f"{marker!r} not on {response.url}")
                return ""
            response.success()  # an expected 404 is not a failure
            if response.status_code == 200:
                return response.text
            return response.headers.get("Location", "")  # a redirect's target; "" for a 404

    def post_form(
        self,
        path: str,
        form: Form,
        name: str,
        *,
        extra: list[tuple[str, str]] | None = None,
        redirect_to: str = "",
    ) -> str:
        """Submit ``form`` as a browser would; the answer must be a redirect (to a URL that
        contains ``redirect_to``). Returns the redirect's target."""
        action = form.action.split("#")[0] or path
        with self.client.post(
            action,
            data=form.fields + (extra or []),
            name=name,
            timeout=TIMEOUT,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302:
                response.failure(f"status {response.status_code} for {action}: {_why(response)}")
                return ""
            if redirect_to not in location:
                response.failure(f"redirected to {location}, expected {redirect_to}")
                return ""
            return location

    def log_in(self, email: str, password: str) -> str:
        html = self.page("/accounts/login/", "GET /accounts/login/", marker='name="username"')
        form = form_with(html, field_name="username")
        if form is None:
            raise RuntimeError("no login form")
        form.set("username", email)
        form.set("password", password)
        return self.post_form("/accounts/login/", form, "POST /accounts/login/")


class PublicVisitor(RegistryUser):
    """Someone browsing the list: searches (kana, kanji, …), filters, pages, declarations,
    statistics, open data; now and then in English."""

    weight = 25
    wait_time = between(1, 4)

    def _listing(self, params: dict[str, Any], name: str, prefix: str = "") -> str:
        html = self.page(f"{prefix}/declarations/", name, params=params, marker="</main>")
        numbers = DECLARATION_LINK.findall(html)
        if numbers and random.random() < 0.5:
            self.page(
                f"{prefix}/declarations/{random.choice(numbers)}/",
                "GET /declarations/[number]/",
            )
        return html

    @task(2)
    def home(self) -> None:
        self.page("/", "GET /")

    @task(6)
    def search(self) -> None:
        kind = random.choice(list(SEARCHES))
        params: dict[str, Any] = {"q": random.choice(SEARCHES[kind])}
        if random.random() < 0.2:
            params["page"] = random.randint(2, 5)
        self._listing(params, f"GET /declarations/?q={kind}")

    @task(3)
    def filters(self) -> None:
        choices: list[tuple[str, Any]] = [
            ("prefecture", random.sample(PREFECTURES, random.randint(1, 3))),
            ("industry", random.choice(INDUSTRIES)),
            ("region", random.choice(REGIONS)),
            ("capital", random.choice(CAPITAL_BANDS)),
            ("employees", random.choice(EMPLOYEE_BANDS)),
            ("sort", random.choice(SORTS)),
            ("published_from", "2025-01-01"),
            ("template", "2024-03"),
        ]
        params = dict(random.sample(choices, random.randint(1, 3)))
        if random.random() < 0.3:
            params["q"] = random.choice(SEARCHES["kanji"] + SEARCHES["kana"])
        self._listing(params, "GET /declarations/?filters")

    @task(2)
    def listing_pages(self) -> None:
        params = {"sort": random.choice(SORTS), "page": random.randint(1, 20)}
        self._listing(params, "GET /declarations/?page")

    @task(3)
    def declaration(self) -> None:
        self.page(
            f"/declarations/{random.choice(NUMBERS)}/",
            "GET /declarations/[number]/",
            expect=(200, 404),  # a number whose company has nothing public
        )

    @task(1)
    def statistics(self) -> None:
        self.page("/statistics/", "GET /statistics/")

    @task(1)
    def open_data(self) -> None:
        self.page("/open-data/", "GET /open-data/")

    @task(1)
    def english(self) -> None:
        self._listing(
            {"q": random.choice(SEARCHES["latin"] + SEARCHES["kanji"])},
            "GET /en/declarations/?q",
            prefix="/en",
        )


class Verifier(RegistryUser):
    """Subsidy and tax offices: one number on the verification page or the API, a batch
    through the API (with the office's API key) or as a CSV file on the page."""

    weight = 10
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.api_headers = {"X-API-Key": ACCOUNTS["api_key"]}

    @task(4)
    def verify_page(self) -> None:
        params = {"number": random.choice(NUMBERS), "date": random.choice([*DAYS, _today()])}
        self.page("/verify/", "GET /verify/?number", params=params, marker="</main>")

    @task(4)
    def verify_api_one(self) -> None:
        number = random.choice(NUMBERS)
        with self.client.get(
            f"/api/v1/verify/{number}",
            params={"date": random.choice(DAYS)},
            name="GET /api/v1/verify/[number]",
            timeout=TIMEOUT,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or response.json().get("corporate_number") != number:
                response.failure(f"status {response.status_code}: {response.text[:200]}")

    @task(1)
    def verify_api_bulk(self) -> None:
        numbers = random.sample(NUMBERS, random.randint(100, 1000))
        with self.client.post(
            "/api/v1/verify",
            json={"date": random.choice(DAYS), "numbers": numbers},
            headers=self.api_headers,
            name="POST /api/v1/verify (100-1,000 numbers, API key)",
            timeout=TIMEOUT,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or response.json().get("count") != len(numbers):
                response.failure(f"status {response.status_code}: {response.text[:200]}")

    @task(1)
    def verify_csv(self) -> None:
        html = self.page("/verify/", "GET /verify/", marker="check-file")
        form = form_with(html, action_contains="check-file")
        if form is None:
            return
        numbers = random.sample(NUMBERS, random.randint(50, 500))
        form.set("date", random.choice(DAYS))
        body = "法人番号\r\n" + "\r\n".join(numbers) + "\r\n"
        with self.client.post(
            "/verify/",
            data=form.fields,
            files={"file": ("numbers.csv", body.encode("utf-8"), "text/csv")},
            name="POST /verify/ (CSV of 50-500 numbers)",
            timeout=TIMEOUT,
            catch_response=True,
        ) as response:
            lines = response.text.count("\n")
            if response.status_code != 200 or not response.headers.get(
                "Content-Type", ""
            ).startswith("text/csv"):
                response.failure(f"status {response.status_code}: {response.text[:200]}")
            elif lines != len(numbers) + 1:
                response.failure(f"{lines} lines for {len(numbers)} numbers")


class CompanyUser(RegistryUser):
    """A company's user: revises its published declaration (every step of the form, one
    text changed), submits it, follows its status; fixes and resubmits what a reviewer
    returned."""

    weight = 10
    wait_time = between(3, 8)

    def on_start(self) -> None:
        account = _next_account("company")
        self.number = account["corporate_number"]
        self.home = f"/mypage/companies/{self.number}/"
        self.log_in(account["email"], account["password"])

    @task(1)
    def dashboard(self) -> None:
        self.page("/mypage/", "GET /mypage/")

    @task(4)
    def work_on_declaration(self) -> None:
        html = self.page(self.home, "GET /mypage/companies/[number]/", marker="</main>")
        start = form_with(html, action_contains="/declarations/start/")
        if start is not None:
            location = self.post_form(
                start.action,
                start,
                "POST …/declarations/start/",
                redirect_to="/steps/company/",
            )
            if not location:
                return
            _outcome("company: started a new version")
            url = location
            base = location.split("steps/")[0]
            html = self.page(url, "GET …/steps/[step]/", marker="</main>")
        else:
            # A version is in progress (the page links to it): continue it if it can still be
            # edited (a draft, or returned by a reviewer).
            versions = re.findall(rf'href="{re.escape(self.home)}declarations/(\d+)/"', html)
            if not versions:
                _outcome("company: nothing to work on")
                return
            base = f"{self.home}declarations/{max(map(int, versions))}/"
            url = f"{base}steps/company/"
            html = self.page(url, "GET …/steps/[step]/", expect=(200, 302), marker="</main>")
            if html.startswith("/"):  # submitted: redirected to its status, awaiting review
                self.page(base, "GET …/declarations/[version]/ (status)", marker="</main>")
                _outcome("company: waiting for the review")
                return
            _outcome("company: continued a draft or returned version")
        for _ in range(12):  # the company step, one per template section, the signer
            form = self._step_form(html)
            if form is None:
                return
            self._fill(form)
            location = self.post_form(
                url, form, "POST …/steps/[step]/", extra=[("action", "continue")]
            )
            if not location:
                return
            if location.rstrip("/").endswith("/review"):
                break
            url = location
            html = self.page(url, "GET …/steps/[step]/", marker="</main>")
        review = self.page(f"{base}review/", "GET …/review/", marker="/submit/")
        submit = form_with(review, action_contains="/submit/")
        if submit is None:
            return
        if self.post_form(submit.action, submit, "POST …/submit/", redirect_to=base):
            _outcome("company: submitted")
            self.page(base, "GET …/declarations/[version]/ (status)", marker="</main>")

    @staticmethod
    def _step_form(html: str) -> Form | None:
        """The step's own form (the page also has the language and logout forms)."""
        for form in forms(html):
            if form.method == "post" and not any(
                part in form.action for part in ("setlang", "logout")
            ):
                return form
        return None

    @staticmethod
    def _fill(form: Form) -> None:
        """Keep the prefilled answers, tick the required confirmations, date the document
        today, choose an initiative where none is chosen and reword one, as a company revising
        its declaration would."""
        for name, value in form.checkboxes:
            if name in ("confirmed", "signer_attested"):
                form.set(name, value)
        if form.value("document_date") == "":
            form.set("document_date", _today())
        chosen = [n.removeprefix("item__") for n, _ in form.fields if n.startswith("item__")]
        offered = [(n, v) for n, v in form.checkboxes if n.startswith("item__")]
        if offered and not chosen:
            # A renewal whose earlier choices the new template no longer has: choose one.
            name, value = random.choice(offered)
            form.set(name, value)
            chosen = [name.removeprefix("item__")]
        if chosen:
            key = random.choice(chosen)
            form.set(
                f"text__{key}",
                f"取引先と定期的に協議し、{_today()}時点の計画に沿って着実に取り組みます。",
            )


class Reviewer(RegistryUser):
    """Association staff: log in with password and authenticator code, work the queue (its
    oldest and newest submissions), read a submission and approve or return it."""

    weight = 5
    wait_time = between(2, 6)

    def on_start(self) -> None:
        account = _next_account("reviewer")
        self.log_in(account["email"], account["password"])
        # The console sends staff whose session has not passed the second factor to the
        # code page.
        location = self.page("/staff/", "GET /staff/ (before the second factor)", expect=(302,))
        html = self.page(location, "GET /accounts/two-factor/", marker='name="code"')
        form = form_with(html, field_name="code")
        if form is None:
            raise RuntimeError("no two-factor form")
        code = totp(
            bytes.fromhex(account["totp_key"]),
            step=account["totp_step"],
            t0=account["totp_t0"],
            digits=account["totp_digits"],
        )
        form.set("code", f"{code:0{account['totp_digits']}d}")
        self.post_form(
            "/accounts/two-factor/", form, "POST /accounts/two-factor/", redirect_to="/staff/"
        )

    @task(2)
    def queue(self) -> None:
        params = random.choice([{}, {"outcome": "pass"}, {"template": "2026-01"}, {"page": 2}])
        self.page("/staff/", "GET /staff/ (queue)", params=params, marker="</main>")

    @task(5)
    def decide(self) -> None:
        # The oldest submissions, or the last page, where this run's submissions arrive.
        params = {"page": 9999} if random.random() < 0.5 else {}
        html = self.page("/staff/", "GET /staff/ (queue)", params=params, marker="</main>")
        ids = REVIEW_LINK.findall(html)
        if not ids:
            _outcome("reviewer: empty queue")
            return
        pk = random.choice(ids)
        page = self.page(
            f"/staff/declarations/{pk}/", "GET /staff/declarations/[id]/", marker="</main>"
        )
        form = form_with(page, action_contains="/decide/")
        if form is None:
            _outcome("reviewer: already decided (no form)")
            return
        if random.random() < 0.7:
            form.set("decision", "publish")
        else:
            form.set("decision", "return")
            form.set("message", "取組の具体的な内容を、取引先にわかる言葉で書き直してください。")
        location = self.post_form(
            form.action, form, "POST /staff/declarations/[id]/decide/", redirect_to="/staff/"
        )
        if urlsplit(location).path.rstrip("/").endswith(f"declarations/{pk}"):
            # Someone decided first: the page says so plainly (not an error).
            _outcome("reviewer: lost a race, told plainly")
        elif location:
            _outcome(f"reviewer: {form.value('decision')}")
