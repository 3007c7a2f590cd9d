"""Shapes of the API's answers (OpenAPI components)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import StrictInt, StrictStr


class ErrorDetail(Schema):
    loc: list[str | int] = Field(description='Where the problem is, e.g. ["query", "date"].')
    msg: str = Field(description="The problem, in the language asked for (Accept-Language).")
    type: str = Field(description="A stable code, e.g. checksum, length, digits, invalid.")


class Error(Schema):
    detail: str | list[ErrorDetail] = Field(
        description="What went wrong: a sentence, or one entry per invalid parameter."
    )


class Code(Schema):
    code: str
    name: str


class DeclarationSummary(Schema):
    corporate_number: str
    company_name: str
    company_name_kana: str
    company_name_en: str
    prefecture: Code
    industry: Code | None
    version: int
    published_at: dt.datetime
    template: str
    template_outdated: bool
    url: str = Field(description="The company's public page.")
    api_url: str


class DeclarationPage(Schema):
    count: int = Field(description="Matches, exact up to count_cap.")
    count_capped: bool = Field(description="True when there are more than `count` matches.")
    page: int
    per_page: int
    has_next: bool
    next: str | None = Field(description="URL of the next page, if any.")
    problems: list[str] = Field(
        description="Parameters that could not be understood and were ignored, explained."
    )
    results: list[DeclarationSummary]


class Version(Schema):
    version: int
    status: str = Field(description="published, superseded, withdrawn or removed.")
    published_at: dt.datetime
    ended_at: dt.datetime | None
    end_reason_category: str = Field(description="For removals: the reason category.")
    end_reason: str = Field(description="The public reason of a withdrawal or removal.")
    template: str
    url: str = Field(description="The version's public page.")


class Interval(Schema):
    start: dt.datetime
    end: dt.datetime | None


class Company(Schema):
    corporate_number: str
    name: str
    name_kana: str
    name_en: str
    prefecture: Code
    industry: Code | None
    capital_yen: int | None
    employees: int | None
    website: str


class DeclarationDetail(Schema):
    company: Company
    status: str = Field(
        description="The company's state now: published, withdrawn or removed (of its latest "
        "version)."
    )
    current: Version | None = Field(description="The version public now, if any.")
    versions: list[Version] = Field(description="Every version ever published, newest first.")
    intervals: list[Interval] = Field(description="When the company was published.")
    url: str
    certificate_url: str


class VerifyResult(Schema):
    input: str = Field(description="The number exactly as given.")
    corporate_number: str = Field(description="The number normalised (13 digits if valid).")
    valid: bool
    problem: str = Field(description="Why the number is invalid, in the language asked for.")
    problem_code: str = Field(description="empty, digits, length or checksum.")
    declared: bool = Field(description="Published at some moment of the date (Japan time).")
    company_name: str
    version: int | None
    published_at: dt.datetime | None = Field(description="Start of the version in force.")
    ended_at: dt.datetime | None = Field(description="End of the version in force, if ended.")
    template: str
    template_outdated: bool
    url: str = Field(description="The company's public page, when it has one.")


class VerifyAnswer(VerifyResult):
    date: dt.date


class VerifyRequest(Schema):
    date: str | None = Field(
        None,
        description="YYYY-MM-DD, a day in Japan time; default today.",
        pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
    )
    numbers: list[StrictStr | StrictInt] = Field(
        ..., max_length=10_000, description="Corporate numbers, up to 10,000."
    )


class VerifyBatch(Schema):
    date: dt.date
    count: int
    declared: int
    invalid: int
    results: list[VerifyResult]


class Change(Schema):
    at: dt.datetime
    kind: str = Field(description="published, superseded, withdrawn or removed.")
    corporate_number: str
    company_name: str
    version: int
    template: str
    url: str
    api_url: str


class ChangeList(Schema):
    since: dt.datetime
    changes: list[Change]
    next_cursor: str | None = Field(
        description="Pass as `cursor` (with the same `since`) for the next batch; null at the end."
    )


Statistics = dict[str, Any]
