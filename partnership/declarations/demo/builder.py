"""A realistic, deterministic demo registry.

Bulk loading is the one place that writes rows without calling the life-cycle services one by
one (100,000 companies through per-row services would take an hour); it writes exactly the rows
and audit events those services would have written, with the same invariants, in batches.
The same ``seed`` and ``as_of`` always give the same registry.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.db import transaction

from partnership.accounts.models import MembershipRole, StaffRole, User
from partnership.accounts.services import membership_grant, user_create
from partnership.audit.models import AuditEvent
from partnership.companies.corporate_number import with_check_digit
from partnership.companies.models import Company, Corporation
from partnership.core.bulk import insert_rows, reserve_ids, reset_sequences
from partnership.core.dates import JST
from partnership.core.progress import Progress
from partnership.core.reference_data import PREFECTURES
from partnership.declarations import listing_index
from partnership.declarations.demo import names
from partnership.declarations.models import (
    Declaration,
    RemovalCategory,
    ReviewAction,
    ReviewKind,
    SectionKind,
    Status,
    TemplateVersion,
)
from partnership.declarations.services import template_version_import, template_version_make_current

DEMO_DIR = Path(__file__).resolve().parent
TEMPLATE_FILES = ("template_2024-03.json", "template_2026-01.json")
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for local demos only
DEMO_USERS = (
    ("company@example.jp", "山田　太郎", StaffRole.NONE),
    ("reviewer@example.jp", "審査　花子", StaffRole.REVIEWER),
    ("admin@example.jp", "管理　一郎", StaffRole.ADMINISTRATOR),
)
BATCH = 5000
COMPANY_COLUMNS = tuple(f.attname for f in Company._meta.concrete_fields)
DECLARATION_COLUMNS = tuple(f.attname for f in Declaration._meta.concrete_fields)
AUDIT_COLUMNS = (
    "id",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "company_id",
    "before",
    "after",
    "ip_address",
    "user_agent",
)
REVIEWER_ACTIONS = frozenset(
    (
        "declaration.publish",
        "declaration.return",
        "declaration.reject",
        "declaration.supersede",
        "declaration.remove",
    )
)

# Rough shares of declarations by prefecture (the real registry follows business density:
# Tokyo, Osaka and Aichi lead). Weights per JIS code, in the order of PREFECTURES.
PREFECTURE_WEIGHTS = (
    40,
    8,
    8,
    14,
    6,
    7,
    12,
    16,
    12,
    12,
    35,
    28,
    200,
    50,
    20,
    10,
    11,
    8,
    6,
    14,
    14,
    26,
    70,
    11,
    9,
    18,
    90,
    36,
    7,
    7,
    5,
    5,
    14,
    24,
    9,
    5,
    7,
    9,
    5,
    40,
    6,
    9,
    12,
    9,
    7,
    11,
    9,
)
# JSIC major divisions weighted like the registry: manufacturing and construction largest.
INDUSTRY_WEIGHTS = {
    "A": 1, "B": 0.3, "C": 0.3, "D": 24, "E": 30, "F": 0.8, "G": 6, "H": 5, "I": 12,
    "J": 0.8, "K": 2.5, "L": 5, "M": 1.5, "N": 1.5, "O": 0.6, "P": 2.5, "Q": 0.6, "R": 4,
    "S": 0.1, "T": 0.5,
}  # fmt: skip

# What happened to each company, with shares (must sum to 1.0).
SCENARIOS = (
    ("published_old", 0.50),  # one version, on the 2024-03 template (outdated now)
    ("renewed", 0.18),  # 2024-03 version superseded by a 2026-01 version
    ("published_new", 0.10),  # first declared on 2026-01
    ("revising", 0.04),  # published, with a new version in progress
    ("submitted", 0.06),  # first declaration waiting for review
    ("draft", 0.03),
    ("returned", 0.03),
    ("rejected", 0.015),
    ("withdrawn", 0.025),
    ("removed", 0.005),
    ("renewed_twice", 0.015),  # three versions: two superseded
)

# Fictional municipalities and towns for demo addresses.
CITY_STEMS = (
    "若葉",
    "青葉",
    "桜台",
    "朝日",
    "東山",
    "西原",
    "南丘",
    "北浜",
    "緑川",
    "白石",
    "高森",
    "三ツ木",
)
TOWNS = ("本町", "栄町", "港町", "旭町", "錦町", "幸町", "新町", "緑町", "中央")

ACTION_SENTENCES = (
    "取引先との定例会議で{label}の進め方を共有し、年度ごとに成果を確認します。",
    "サプライチェーン全体で{label}に取り組み、中小の取引先にも必要なノウハウを提供します。",
    "{label}について専任の担当者を置き、取引先からの相談に応じます。",
    "地域の取引先と協力し、{label}の具体的な計画を策定して実行します。",
    "{label}に関する社内研修を実施し、調達部門と取引先の双方で取組を広げます。",
    "取引先の規模にかかわらず、{label}の機会を公平に提供します。",
)
OWN_INITIATIVES = (
    "取引先向けの相談窓口を設け、価格交渉の申し入れに30日以内に回答します。",
    "地元の教育機関と連携し、若手技術者の育成を取引先と共同で行います。",
    "災害時の相互支援協定を主要な取引先と締結しています。",
    "取引先の省エネ設備導入に関する情報提供会を年2回開催します。",
    "",
)
RETURN_MESSAGES = (
    "署名者の役職が代表権を持つ方のものか確認し、修正してください。",
    "取組内容が一般的な記述にとどまっています。具体的な取組を記載してください。",
    "会社名の表記が法人番号の登録情報と異なります。確認してください。",
)
REJECT_REASONS = ("法人番号に対応する法人が確認できませんでした。", "同一内容の重複申請のため。")
REMOVAL_REASONS = ("取引先への支払条件が宣言の内容に反していることが確認されたため。",)
WITHDRAW_REASONS = ("事業再編に伴い宣言を取り下げます。", "会社の解散のため。", "")


class Output(Protocol):
    def write(self, text: str, /) -> Any: ...


@dataclass
class Rows:
    # The corporation master's rows for these companies (most companies are in it).
    corporations: list[tuple[Any, ...]] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    # (declaration index, kind, message, when)
    reviews: list[tuple[int, str, str, dt.datetime]] = field(default_factory=list)
    # (declaration index, action, when, after)
    audits: list[tuple[int, str, dt.datetime, dict[str, Any]]] = field(default_factory=list)


def load_demo_templates(out: Output | None = None) -> tuple[TemplateVersion, TemplateVersion]:
    """Load the paraphrased demo templates unless present; make the newest current."""
    loaded = []
    for filename in TEMPLATE_FILES:
        data = json.loads((DEMO_DIR / filename).read_text(encoding="utf-8"))
        template = TemplateVersion.objects.filter(code=data["code"]).first()
        if template is None:
            template = template_version_import(data=data)
            if out:
                out.write(f"template {template.code} loaded\n")
        loaded.append(template)
    old, new = loaded
    if TemplateVersion.objects.current() is None:
        template_version_make_current(template=new, actor=None)
    return old, new


class DemoBuilder:
    def __init__(self, *, companies: int, seed: int, as_of: dt.date, out: Output) -> None:
        self.count = companies
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.out = out
        self.now = dt.datetime.combine(as_of, dt.time(18, 0), tzinfo=JST)

    # -- public ---------------------------------------------------------------------------------

    def build(self) -> dict[str, int]:
        old, new = load_demo_templates(self.out)
        self.templates = {"old": old, "new": new}
        self.catalogue = {key: self._catalogue(t) for key, t in self.templates.items()}
        progress = Progress(self.out, "companies", self.count)
        totals = {"companies": 0, "declarations": 0, "review_actions": 0, "audit_events": 0}
        bodies = self.rng.sample(range(10**11, 10**12), self.count)
        self._reviewer()  # created (and audited) before the ids below are reserved
        self.company_ids = iter(reserve_ids(Company, self.count))
        # Generous upper bounds: a company has at most three declarations and each declaration
        # at most two review actions and five audit events.
        self.declaration_ids = iter(reserve_ids(Declaration, 3 * self.count))
        self.review_ids = iter(reserve_ids(ReviewAction, 6 * self.count))
        self.audit_ids = iter(reserve_ids(AuditEvent, 16 * self.count))
        self.corporation_ids = iter(reserve_ids(Corporation, self.count))
        for start in range(0, self.count, BATCH):
            rows = Rows()
            for body in bodies[start : start + BATCH]:
                self._company(rows, with_check_digit(str(body)))
            with transaction.atomic():
                self._write(rows, totals)
            progress.advance(len(rows.companies))
        reset_sequences(Company, Declaration, ReviewAction, AuditEvent, Corporation)
        self._prechecks()
        listing_index.rebuild()
        progress.finish()
        self._demo_users()
        return totals

    # -- generation -----------------------------------------------------------------------------

    def _catalogue(self, template: TemplateVersion) -> list[tuple[str, str, list[tuple[str, str]]]]:
        return [
            (s.key, s.kind, [(i.key, i.label_ja) for i in s.items.all()])
            for s in template.sections.prefetch_related("items")
        ]

    def _company(self, rows: Rows, number: str) -> None:
        rng = self.rng
        industry = rng.choices(list(INDUSTRY_WEIGHTS), weights=list(INDUSTRY_WEIGHTS.values()))[0]
        prefecture = rng.choices(PREFECTURES, weights=PREFECTURE_WEIGHTS)[0]
        name = names.company_name(rng, industry)
        capital: int | None
        if rng.random() < 0.15:
            capital = rng.choice((1_000, 1_500, 2_000, 3_000, 5_000, 10_000, 30_000)) * 1_000_000
            employees = rng.randint(300, 8000)
        else:
            capital = rng.choice((3, 5, 10, 10, 10, 20, 30, 50, 50, 80, 100, 300, 500)) * 1_000_000
            employees = max(1, int(rng.lognormvariate(3.2, 1.0)))
        if name.legal_form in ("一般社団法人", "社会福祉法人", "学校法人", "医療法人社団"):
            capital = None
        city = f"{prefecture.name_ja}{rng.choice(CITY_STEMS)}市{rng.choice(TOWNS)}"
        company = Company(
            id=next(self.company_ids),
            corporate_number=number,
            name=name.name,
            name_kana=name.kana,
            name_en=name.english,
            prefecture_id=prefecture.code,
            address=f"{city}{rng.randint(1, 9)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号",
            industry_id=industry,
            capital_yen=capital,
            employees=employees,
            website=f"https://www.{number}.example.jp/" if rng.random() < 0.6 else "",
            created_at=self.now,
            updated_at=self.now,
        )
        company.refresh_search_fields()
        rows.companies.append(company)
        self._corporation(rows, company, name.legal_form)
        self._history(rows, company, name.legal_form)

    def _history(self, rows: Rows, company: Company, legal_form: str) -> None:
        rng = self.rng
        scenario = rng.choices([s for s, _ in SCENARIOS], weights=[w for _, w in SCENARIOS])[0]
        old_start = dt.datetime(2024, 3, 1, 9, tzinfo=JST)
        new_start = dt.datetime(2026, 1, 5, 9, tzinfo=JST)
        signer = names.person_name(rng)[0], names.representative_title(rng, legal_form)[0]

        def when(start: dt.datetime, end: dt.datetime) -> dt.datetime:
            span = max(1, int((end - start).total_seconds()))
            return start + dt.timedelta(seconds=rng.randrange(span))

        old_end = min(dt.datetime(2025, 12, 31, 17, tzinfo=JST), self.now)
        plan: list[tuple[str, Status, dt.datetime]] = []  # (template, final status, submitted at)
        # Submissions still waiting are from the last twelve days; everything older has been
        # decided (a review takes one to ten days).
        recent = self.now - dt.timedelta(days=12)
        if scenario == "published_old":
            plan = [("old", Status.PUBLISHED, when(old_start, old_end))]
        elif scenario in ("renewed", "renewed_twice"):
            first = when(old_start, old_end - dt.timedelta(days=60))
            plan = [("old", Status.SUPERSEDED, first)]
            if scenario == "renewed_twice":
                plan.append(
                    ("old", Status.SUPERSEDED, when(first + dt.timedelta(days=10), old_end))
                )
            plan.append(("new", Status.PUBLISHED, when(new_start, recent)))
        elif scenario == "published_new":
            plan = [("new", Status.PUBLISHED, when(new_start, recent))]
        elif scenario == "revising":
            plan = [
                ("old", Status.PUBLISHED, when(old_start, old_end)),
                (
                    "new",
                    rng.choice((Status.DRAFT, Status.SUBMITTED, Status.RETURNED)),
                    when(recent, self.now),
                ),
            ]
        elif scenario in ("submitted", "draft", "returned"):
            plan = [("new", Status(scenario), when(recent, self.now))]
        elif scenario == "rejected":
            plan = [("new", Status.REJECTED, when(new_start, recent))]
        elif scenario in ("withdrawn", "removed"):
            plan = [("old", Status(scenario), when(old_start, old_end))]
        # Review takes one to ten days; a successor's publication ends its predecessor at the
        # same instant.
        decided = [
            min(self.now, at + dt.timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 8)))
            for _, _, at in plan
        ]
        for index, (template_key, status, submitted) in enumerate(plan):
            successor = decided[index + 1] if index + 1 < len(plan) else None
            self._declaration(
                rows,
                company,
                index + 1,
                template_key,
                status,
                submitted,
                decided[index],
                successor,
                signer,
            )

    def _answers(self, template_key: str) -> dict[str, Any]:
        rng = self.rng
        answers: dict[str, Any] = {}
        for key, kind, items in self.catalogue[template_key]:
            if kind == SectionKind.CHOICE:
                chosen = rng.sample(items, k=min(len(items), rng.randint(1, 4)))
                answers[key] = {
                    "items": [
                        {"key": item_key, "text": rng.choice(ACTION_SENTENCES).format(label=label)}
                        for item_key, label in sorted(chosen)
                    ],
                    "own_items": [],
                }
            elif kind == SectionKind.CONFIRM:
                answers[key] = {"confirmed": True}
            else:
                answers[key] = {"text": rng.choice(OWN_INITIATIVES)}
        return answers

    def _declaration(
        self,
        rows: Rows,
        company: Company,
        version: int,
        template_key: str,
        status: Status,
        submitted: dt.datetime,
        decided: dt.datetime,
        superseded_at: dt.datetime | None,
        signer: tuple[str, str],
    ) -> None:
        rng = self.rng
        created = submitted - dt.timedelta(hours=rng.randint(1, 72))
        declaration = Declaration(
            id=next(self.declaration_ids),
            company=company,
            version=version,
            template=self.templates[template_key],
            status=status,
            answers=self._answers(template_key),
            company_name=company.name,
            signer_name=signer[0],
            signer_title=signer[1],
            signer_attested=status != Status.DRAFT or rng.random() < 0.5,
            document_date=created.astimezone(JST).date(),
            created_at=created,
            updated_at=submitted,
        )
        events: list[tuple[str, dt.datetime, dict[str, Any]]] = [
            ("create", created, {"status": "draft"})
        ]
        reviews: list[tuple[str, str, dt.datetime]] = []
        if status != Status.DRAFT:
            declaration.submitted_at = submitted
            events.append(("submit", submitted, {"status": "submitted"}))
        if status == Status.RETURNED:
            declaration.decided_at = decided
            message = rng.choice(RETURN_MESSAGES)
            reviews.append((ReviewKind.RETURNED, message, decided))
            events.append(("return", decided, {"status": "returned", "message": message}))
        elif status == Status.REJECTED:
            declaration.decided_at = decided
            reason = rng.choice(REJECT_REASONS)
            reviews.append((ReviewKind.REJECTED, reason, decided))
            events.append(("reject", decided, {"status": "rejected", "message": reason}))
        elif status in (Status.PUBLISHED, Status.SUPERSEDED, Status.WITHDRAWN, Status.REMOVED):
            declaration.decided_at = declaration.published_at = decided
            reviews.append((ReviewKind.PUBLISHED, "", decided))
            events.append(("publish", decided, {"status": "published"}))
            if status == Status.SUPERSEDED:
                assert superseded_at is not None
                declaration.ended_at = superseded_at
                events.append(("supersede", superseded_at, {"status": "superseded"}))
            elif status in (Status.WITHDRAWN, Status.REMOVED):
                end = decided + dt.timedelta(days=rng.randint(30, 500))
                latest = self.now - dt.timedelta(hours=rng.randint(1, 24 * 30))
                declaration.ended_at = max(decided, min(end, latest))
                if status == Status.WITHDRAWN:
                    declaration.end_reason = rng.choice(WITHDRAW_REASONS)
                else:
                    declaration.end_reason_category = RemovalCategory.NOT_HONOURED
                    declaration.end_reason = rng.choice(REMOVAL_REASONS)
                    reviews.append(
                        (ReviewKind.REMOVED, declaration.end_reason, declaration.ended_at)
                    )
                action = "remove" if status == Status.REMOVED else "withdraw"
                events.append((action, declaration.ended_at, {"status": str(status)}))
        declaration.updated_at = max(at for _, at, _ in events)
        index = len(rows.declarations)
        rows.declarations.append(declaration)
        rows.reviews += [(index, kind, message, at) for kind, message, at in reviews]
        rows.audits += [(index, f"declaration.{action}", at, after) for action, at, after in events]

    # -- writing --------------------------------------------------------------------------------

    def _corporation(self, rows: Rows, company: Company, legal_form: str) -> None:
        """A master row for about 95% of companies; a few with another registered name (a
        recent change of trade name) and a few closed, so the pre-checks have work to do."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.05:
            return
        name = company.name
        if draw < 0.08:
            name = name.replace(legal_form, "").strip() + "ホールディングス" + legal_form
        city, _, street = company.address.partition("市")
        rows.corporations.append(
            (
                next(self.corporation_ids),
                company.corporate_number,
                name,
                company.name_kana,
                company.name_en,
                company.prefecture_id,
                city + "市" if street else "",
                street or company.address,
                dt.date(2026, 10, 1) if draw > 0.995 else None,
            )
        )

    def _prechecks(self) -> None:
        """Pre-checks of the submissions waiting for review, as submitting computes them."""
        from partnership.declarations.prechecks import PrecheckCache, overall, run_prechecks

        waiting = list(
            Declaration.objects.filter(status=Status.SUBMITTED).select_related("company")
        )
        templates = {t.pk: t for t in TemplateVersion.objects.all()}
        for declaration in waiting:
            # One shared instance per template, so its sections are loaded once.
            declaration.template = templates[declaration.template_id]
        cache = PrecheckCache.for_declarations(waiting)
        for declaration in waiting:
            checks = run_prechecks(declaration, cache)
            declaration.prechecks = [c.as_data() for c in checks]
            declaration.precheck_outcome = overall(checks)
        Declaration.objects.bulk_update(
            waiting, ["prechecks", "precheck_outcome"], batch_size=BATCH
        )

    def _write(self, rows: Rows, totals: dict[str, int]) -> None:
        reviewer = self._reviewer()
        insert_rows(
            Company,
            COMPANY_COLUMNS,
            ([getattr(c, name) for name in COMPANY_COLUMNS] for c in rows.companies),
        )
        insert_rows(
            Declaration,
            DECLARATION_COLUMNS,
            ([getattr(d, name) for name in DECLARATION_COLUMNS] for d in rows.declarations),
        )
        insert_rows(
            ReviewAction,
            ("id", "declaration_id", "actor_id", "kind", "message", "created_at"),
            (
                (next(self.review_ids), rows.declarations[index].pk, reviewer.pk, kind, msg, at)
                for index, kind, msg, at in rows.reviews
            ),
        )
        insert_rows(AuditEvent, AUDIT_COLUMNS, self._audit_rows(rows, reviewer))
        insert_rows(
            Corporation,
            (
                "id",
                "corporate_number",
                "name",
                "name_kana",
                "name_en",
                "prefecture_code",
                "city_name",
                "street",
                "close_date",
            ),
            rows.corporations,
        )
        totals["companies"] += len(rows.companies)
        totals["declarations"] += len(rows.declarations)
        totals["review_actions"] += len(rows.reviews)
        totals["audit_events"] += len(rows.companies) + len(rows.audits)

    def _audit_rows(self, rows: Rows, reviewer: User) -> Iterator[tuple[Any, ...]]:
        # Columns as in AUDIT_COLUMNS.
        for company in rows.companies:
            yield (
                next(self.audit_ids),
                company.created_at,
                None,
                "demo",
                "company.register",
                "companies.company",
                str(company.pk),
                company.pk,
                None,
                None,
                None,
                "",
            )
        label = str(reviewer)
        for index, action, at, after in rows.audits:
            declaration = rows.declarations[index]
            by_reviewer = action in REVIEWER_ACTIONS
            yield (
                next(self.audit_ids),
                at,
                reviewer.pk if by_reviewer else None,
                label if by_reviewer else "demo",
                action,
                "declarations.declaration",
                str(declaration.pk),
                declaration.company_id,
                None,
                {**after, "version": declaration.version},
                None,
                "",
            )

    _reviewer_user: User | None = None

    def _reviewer(self) -> User:
        if self._reviewer_user is None:
            user = User.objects.filter(email=DEMO_USERS[1][0]).first()
            if user is None:
                user = user_create(
                    email=DEMO_USERS[1][0],
                    password=DEMO_PASSWORD,
                    full_name=DEMO_USERS[1][1],
                    staff_role=StaffRole.REVIEWER,
                )
            self._reviewer_user = user
        return self._reviewer_user

    def _demo_users(self) -> None:
        for email, full_name, role in DEMO_USERS:
            if not User.objects.filter(email=email).exists():
                user_create(
                    email=email,
                    password=DEMO_PASSWORD,
                    full_name=full_name,
                    staff_role=role,
                    email_verified=True,
                )
        company_user = User.objects.get(email=DEMO_USERS[0][0])
        if not company_user.memberships.exists():
            # The demo company user acts for a company with a published declaration and a
            # revision in progress, so every part of the company journey has something to show.
            company = (
                Company.objects.filter(declarations__status=Status.PUBLISHED)
                .filter(declarations__status__in=[Status.DRAFT, Status.RETURNED, Status.SUBMITTED])
                .order_by("corporate_number")
                .first()
                or Company.objects.order_by("corporate_number").first()
            )
            if company is not None:
                membership_grant(company=company, user=company_user, role=MembershipRole.OWNER)
