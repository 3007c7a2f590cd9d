"""Every operation of the public API (/api/v1/), driven by its OpenAPI schema: each path and
query parameter and each field of each JSON body gets the corpus, the others valid.

Never a 5xx; a value the schema refuses (wrong type, out of range, not matching its pattern,
too long, an impossible date) is a 4xx with a JSON ``detail``; messages in the language asked
for (``Accept-Language``: Japanese by default, English with ``en``). Wrong bodies (not JSON,
form data, text, truncated, deeply nested, bytes that are not UTF-8) are refused the same way.
New operations are covered as soon as they are in the schema.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.test import Client

from partnership.core.tests.hostile import engine
from partnership.core.tests.hostile.corpus import CORPUS, Case
from partnership.core.tests.hostile.world import World

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/openapi.json"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # path, query or body
    schema: dict[str, Any]
    required: bool


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    parameters: tuple[Parameter, ...]

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        node: Any = spec
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return dict(node)
    return schema


def operations(spec: dict[str, Any]) -> list[Operation]:
    found = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            parameters = [
                Parameter(p["name"], p["in"], p.get("schema", {}), p.get("required", False))
                for p in operation.get("parameters", [])
            ]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                model = _resolve(body["schema"], spec)
                required = set(model.get("required", []))
                parameters.extend(
                    Parameter(name, "body", _resolve(prop, spec), name in required)
                    for name, prop in model.get("properties", {}).items()
                )
            found.append(Operation(method, path, tuple(parameters)))
    return found


# --- valid values, from the schema and the world -------------------------------------------


def _types(schema: dict[str, Any]) -> set[str]:
    if "type" in schema:
        return {schema["type"]}
    return {t for option in schema.get("anyOf", []) for t in _types(option)}


def _formats(schema: dict[str, Any]) -> set[str]:
    own = {schema["format"]} if "format" in schema else set()
    return own | {f for option in schema.get("anyOf", []) for f in _formats(option)}


def valid_value(parameter: Parameter, world: World) -> Any:
    """A value the operation accepts: the schema's default, else one that fits its name."""
    name, schema = parameter.name, parameter.schema
    if name == "corporate_number":
        return world.company.corporate_number
    if name == "numbers":
        return [world.company.corporate_number, "1234"]
    if name == "since":
        return "2000-01-01T00:00:00+09:00"
    if "date" in _formats(schema) or name == "date":
        return dt.date.today().isoformat()
    if "default" in schema:
        return schema["default"]
    types = _types(schema)
    if "integer" in types:
        return schema.get("minimum", 1)
    if "boolean" in types:
        return False
    if "array" in types:
        return []
    return "テスト"


# --- what the schema refuses -------------------------------------------------------------------


def _is_int(text: str) -> bool:
    return re.fullmatch(r"\s*[+-]?\d+\s*", text) is not None


def must_refuse(parameter: Parameter, value: str) -> bool:
    """True when the schema itself rules ``value`` out for this parameter."""
    schema, types = parameter.schema, _types(parameter.schema)
    if value == "" and parameter.location != "body":
        # An empty query parameter means "not given" for optional ones.
        return parameter.required and parameter.location == "path"
    if "integer" in types:
        if not _is_int(value):
            return True
        number = int(value)
        return number < schema.get("minimum", -(10**100)) or number > schema.get("maximum", 10**100)
    if "boolean" in types:
        return value.strip().lower() not in {"true", "false", "1", "0", "yes", "no", "on", "off"}
    if "date" in _formats(schema):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return True
        return False
    options = [schema, *schema.get("anyOf", [])]
    strings = [o for o in options if o.get("type") == "string"]
    for option in strings:
        if len(value) > option.get("maxLength", 10**9):
            return True
        if "pattern" in option and not re.search(option["pattern"], value):
            return True
    return False


# --- sending -------------------------------------------------------------------------------


def _path(operation: Operation, values: dict[str, Any]) -> str:
    path = operation.path
    for parameter in operation.parameters:
        if parameter.location == "path":
            value = values[parameter.name]
            encoded = (
                quote_from_bytes(value) if isinstance(value, bytes) else quote(str(value), safe="")
            )
            path = path.replace("{" + parameter.name + "}", encoded)
    return path


def _query(operation: Operation, values: dict[str, Any]) -> str:
    pairs: list[tuple[str, Any]] = []
    for parameter in operation.parameters:
        if parameter.location != "query":
            continue
        value = values[parameter.name]
        if value == parameter.schema.get("default", object()) and not parameter.required:
            continue  # as clients send it: a parameter at its default is left out
        if isinstance(value, list):
            pairs.extend((parameter.name, item) for item in value)
        elif isinstance(value, bool):
            pairs.append((parameter.name, "true" if value else "false"))
        elif value is not None:
            pairs.append((parameter.name, value))
    return urlencode(pairs)


def request(
    client: Client, operation: Operation, values: dict[str, Any], language: str, **extra: Any
) -> engine.Outcome:
    url = _path(operation, values)
    query = _query(operation, values)
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language != "ja" else {}
    if operation.method == "get":
        return engine.send(client, "GET", f"{url}?{query}", follow=False, **headers, **extra)
    body = {p.name: values[p.name] for p in operation.parameters if p.location == "body"}
    return engine.send(
        client,
        operation.method.upper(),
        f"{url}?{query}" if query else url,
        body=json.dumps(body, ensure_ascii=False).encode(),
        content_type="application/json",
        follow=False,
        **headers,
        **extra,
    )


def problems_with(outcome: engine.Outcome, *, refuse: bool, language: str) -> list[str]:
    if outcome.error:
        return [f"raised {outcome.error}"]
    status = outcome.status
    if status >= 500:
        return [f"answered {status}"]
    if refuse and not 400 <= status < 500:
        return [f"accepted (answered {status})"]
    problems = []
    response = outcome.response
    assert response is not None
    if 400 <= status < 500:
        try:
            detail = json.loads(response.content)["detail"]
        except (ValueError, KeyError, TypeError):
            return [f"answered {status} without a JSON detail: {response.content[:80]!r}"]
        messages = [detail] if isinstance(detail, str) else [d["msg"] for d in detail]
        for message in messages:
            japanese = bool(JAPANESE.search(message))
            if language == "ja" and not japanese:
                problems.append(f"English message for Japanese: {message[:100]!r}")
            if language == "en" and japanese:
                problems.append(f"Japanese message for English: {message[:100]!r}")
    return problems


@pytest.fixture(scope="module")
def spec(world: World, django_db_blocker: Any) -> dict[str, Any]:
    with django_db_blocker.unblock():
        response = world.clients["anonymous"].get(SCHEMA_URL)
    assert response.status_code == 200
    return dict(response.json())


def _cases() -> Iterator[Case]:
    yield from CORPUS


def _sent(value: str | bytes) -> str:
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def test_every_api_route_is_in_the_schema(spec: dict[str, Any]) -> None:
    """Every URL pattern under /api/ is an operation of the schema (and so fuzzed below), or
    the schema and its documentation page themselves."""
    paths = {re.sub(r"\{(\w+)\}", r"<\1>", p) for p in spec["paths"]}
    routes = {"/" + r.route for r in engine.routes() if r.is_api}
    served_by_ninja = {"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/"}
    assert routes - served_by_ninja == paths
    assert len(operations(spec)) >= 6


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_api_parameter_survives_the_corpus(
    world: World, spec: dict[str, Any], language: str
) -> None:
    client = world.clients["anonymous"]
    problems: list[str] = []
    requests = 0
    # The full corpus in Japanese (the default); the values the schema refuses in English.
    for operation in operations(spec):
        base = {p.name: valid_value(p, world) for p in operation.parameters}
        outcome = request(client, operation, base, language)
        assert outcome.status == 200, f"{operation} with valid values: {outcome.status}"
        for parameter in operation.parameters:
            for case in _cases():
                text = _sent(case.value)
                if parameter.location == "path" and not text.strip("/"):
                    continue  # no segment at all: another URL (tests of paths cover those)
                refuse = must_refuse(parameter, text)
                if language == "en" and not refuse:
                    continue
                values = dict(base)
                if parameter.location == "body":
                    # JSON carries text only: bytes that are not UTF-8 are tested as bodies.
                    if isinstance(case.value, bytes):
                        continue
                    values[parameter.name] = (
                        [case.value] if "array" in _types(parameter.schema) else case.value
                    )
                    refuse = refuse and "array" not in _types(parameter.schema)
                else:
                    values[parameter.name] = (
                        [case.value] if "array" in _types(parameter.schema) else case.value
                    )
                requests += 1
                outcome = request(client, operation, values, language)
                if parameter.location == "path" and "/" in text:
                    # The segment splits in two: no longer this operation's URL at all.
                    if outcome.status != 404:
                        problems.append(f"{operation} {case.id}: {outcome.status}, not 404")
                    continue
                problems.extend(
                    f"{operation} {parameter.location}:{parameter.name}={case.id} ({language}): {p}"
                    for p in problems_with(outcome, refuse=refuse, language=language)
                )
    assert requests >= 100
    assert problems == [], "\n".join(problems)


# Bodies that are not what the API takes.
BAD_BODIES: tuple[tuple[str, bytes, str], ...] = (
    ("empty", b"", "application/json"),
    ("not-json", b"{numbers: [1,", "application/json"),
    ("truncated", b'{"numbers": ["5835678256246"', "application/json"),
    ("array", b'["5835678256246"]', "application/json"),
    ("string", b'"5835678256246"', "application/json"),
    ("null", b"null", "application/json"),
    ("numbers-not-a-list", b'{"numbers": "5835678256246"}', "application/json"),
    ("numbers-objects", b'{"numbers": [{"a": 1}]}', "application/json"),
    ("numbers-floats", b'{"numbers": [1.5, 1e400]}', "application/json"),
    ("huge-integer", b'{"numbers": [' + b"9" * 5000 + b"]}", "application/json"),
    ("nul-escape", b'{"numbers": ["\\u0000"], "date": "2026-01-01\\u0000"}', "application/json"),
    ("invalid-utf8", b'{"numbers": ["\xff\xfe"]}', "application/json"),
    ("deep-nesting", b"[" * 50_000 + b"]" * 50_000, "application/json"),
    ("too-many-numbers", json.dumps({"numbers": ["1"] * 10_001}).encode(), "application/json"),
    ("form-data", b"numbers=5835678256246&date=2026-01-01", "application/x-www-form-urlencoded"),
    ("text-plain", b"5835678256246", "text/plain"),
    ("multipart", b"--x\r\n", "multipart/form-data; boundary=x"),
    ("xml", b"<numbers><n>5835678256246</n></numbers>", "application/xml"),
)


@pytest.mark.parametrize(
    ("case_id", "body", "content_type"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES]
)
def test_api_refuses_bodies_it_cannot_read(
    world: World, spec: dict[str, Any], case_id: str, body: bytes, content_type: str
) -> None:
    client = world.clients["anonymous"]
    posts = [o for o in operations(spec) if o.method == "post"]
    assert posts
    for operation in posts:
        for language in ("ja", "en"):
            headers = {"HTTP_ACCEPT_LANGUAGE": language} if language != "ja" else {}
            outcome = engine.send(
                client,
                "POST",
                _path(operation, {p.name: valid_value(p, world) for p in operation.parameters}),
                body=body,
                content_type=content_type,
                follow=False,
                **headers,
            )
            assert problems_with(outcome, refuse=True, language=language) == [], (
                f"{operation} {case_id} ({language})"
            )


def test_api_answers_a_lone_surrogate_with_valid_json(world: World, spec: dict[str, Any]) -> None:
    """JSON may escape half a surrogate pair ("\\ud800"): not a number, and the answer, which
    repeats the input, must still be JSON that encodes."""
    outcome = engine.send(
        world.clients["anonymous"],
        "POST",
        "/api/v1/verify",
        body=b'{"numbers": ["\\ud800", "5835678256246"]}',
        content_type="application/json",
        follow=False,
    )
    assert outcome.status == 200, outcome.error
    assert outcome.response is not None
    answer = json.loads(outcome.response.content)
    assert answer["results"][0]["input"] == "\ud800"
    assert [r["valid"] for r in answer["results"]] == [False, True]


def test_api_query_strings_with_bytes_that_are_not_utf8(world: World, spec: dict[str, Any]) -> None:
    client = world.clients["anonymous"]
    for operation in operations(spec):
        if operation.method != "get":
            continue
        base = {p.name: valid_value(p, world) for p in operation.parameters}
        path = _path(operation, base)
        for name in [p.name for p in operation.parameters if p.location == "query"] or ["x"]:
            raw = f"{name}=\xff\xfe\xc3\x28"
            outcome = engine.send(client, "GET", path, QUERY_STRING=raw, follow=False)
            assert outcome.status < 500 and not outcome.error, (
                f"{operation} {name}: {outcome.error}"
            )
