"""Malformed values in every URL parameter and form field the matrix knows: never a 5xx.

NUL bytes, 8 KB strings, broken UTF-8, negative, huge and non-numeric ids, `../`, repeated
keys and JSON bodies are sent as each role that gets past the login to the view's parsing.
Run on SQLite by default and on PostgreSQL when DATABASE_URL points there: NUL bytes only
break PostgreSQL. A refused request (4xx) must also leave every row as it was.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import reverse

from .conftest import ANON, HR_IN, HR_OUT, LEARNER, OTHER, SUPER, World, data_counts, sign_in
from .matrix import ADMIN_LOGIN, GET, LOGIN, MATRIX, POST, Row, W
from .test_matrix import resolve_value, row_data, row_url

# Already percent-encoded, as a browser or an attacker would put them in a URL or a body.
EIGHT_KB = "x" * 8192
ENCODED_VALUES = [
    ("NUL", "%00"),
    ("NUL inside", "a%00b"),
    ("8 KB", EIGHT_KB),
    ("bad UTF-8", "%ff%fe"),
    ("overlong UTF-8", "%C0%AE%C0%AE"),
    ("negative", "-1"),
    ("zero", "0"),
    ("huge", "9" * 30),
    ("non-numeric", "abc"),
    ("decimal", "1.5"),
    ("dot-dot", "..%2F..%2Fetc%2Fpasswd"),
    ("empty", ""),
    ("Vietnamese", quote("Trần Thị Mai")),
    ("markup", quote("<script>alert(1)</script>")),
]
# Path segments: the same, plus a raw `../` the router sees as two segments.
PATH_VALUES = [*ENCODED_VALUES[:-3], ("raw dot-dot", "../"), ("8 KB digits", "9" * 8192)]
PATH_VALUES = [(label, value) for label, value in PATH_VALUES if value]

GET_PARAMETERS = {
    "certificates:verify_lookup": ["ma"],
    "compliance:hr_report": ["as_of", "view", "agency", "course", "q", "page"],
    "compliance:hr_report_export": ["as_of", "view", "agency", "course", "q"],
    "compliance_dashboard:dashboard": ["agency"],
    "compliance_dashboard:report": ["agency", "requirement", "category"],
    "compliance_dashboard:people": ["agency", "requirement", "status", "category", "q", "page"],
    "compliance_dashboard:certificates": ["agency", "issued_from", "issued_to", "q", "page"],
    "agencies:staff_imports": ["page"],
    "api:requirements": ["page", "page_size"],
    "api:compliance": ["requirement", "agency"],
    "api:assignments": ["requirement", "agency", "status", "category", "q", "page", "page_size"],
    "compliance_exports:new": ["kind", "requirement", "agency", "status", "category", "q"],
    "compliance_exports:list": ["page"],
    "compliance_exports:subscriptions": ["agency", "status", "frequency"],
    "agencies:staff_import": ["page"],
    "compliance_hr:person": ["page"],
    "login": ["next"],
    "agencies:oidc_start": ["next"],
    "agencies:oidc_callback": ["code", "state", "error"],
    "wagtail_serve": ["p", "q", "category", "area", "page"],
}
POST_FIELDS = {
    "login": ["username", "password"],
    "wagtailcore_login": ["username", "password"],
    "logout": ["next"],
    "set_language": ["language", "next"],
    "wagtailcore_authenticate_with_password": ["password", "return_url"],
    "learning:enroll": ["confirm"],
    "learning:quiz_start": ["confirm"],
    "learning:video_progress": ["block_id", "duration", "intervals"],
    "learning:attempt": ["confirm", W("answers_open")],
    "agencies:staff_imports": ["agency"],
    "compliance_exports:new": [
        "kind",
        "format",
        "requirement",
        "agency",
        "status",
        "category",
        "q",
    ],
    "compliance_exports:subscriptions": ["frequency", "format", "agency", "status", "q"],
    "agencies:staff_import_apply": ["confirm_left"],  # W: every q-<id> field of the attempt
    "reminders:preferences": ["digest"],
    "compliance_records:records_import_confirm": ["token"],
    "api_tokens:list": ["name"],
    "compliance_hr:assignment_extend": ["due_on", "reason", "confirmed"],
    "compliance_hr:assignment_exempt": ["exempt", "reason", "confirmed"],
}
# Roles whose requests reach the parsing of each view; the others stop at the login.
SWEEP_ROLES = (ANON, LEARNER, OTHER, HR_IN, HR_OUT, SUPER)
REFUSED_AT_THE_DOOR = (LOGIN, ADMIN_LOGIN, 403)


@dataclass(frozen=True)
class Probe:
    what: str
    method: str
    url: str
    body: bytes | str | dict | None = None
    content_type: str = "application/x-www-form-urlencoded"


def roles_reaching(outcomes: dict) -> list[str]:
    """Anonymous, and one role per different answer among those the view lets in.

    Roles that get the same answer run the same code: sweeping each of them again only costs time.
    """
    roles, answers = [ANON], set()
    for role in SWEEP_ROLES[1:]:
        answer = str(outcomes[role])
        if outcomes[role] not in REFUSED_AT_THE_DOOR and answer not in answers:
            roles.append(role)
            answers.add(answer)
    return roles


def path_probes(row: Row, world: World) -> Iterator[Probe]:
    url = row_url(row, world)
    for position, arg in enumerate(row.args):
        real = str(resolve_value(arg, world))
        name = arg.name if isinstance(arg, W) else f"argument {position + 1}"
        for label, value in PATH_VALUES:
            yield Probe(f"{name}={label}", GET, url.replace(real, value, 1))
            if row.post is not None:
                yield Probe(f"{name}={label}", POST, url.replace(real, value, 1), body=b"")


def query_probes(row: Row, world: World) -> Iterator[Probe]:
    path = reverse(row.key, args=[resolve_value(arg, world) for arg in row.args])
    for parameter in GET_PARAMETERS.get(row.key, []):
        for label, value in ENCODED_VALUES:
            yield Probe(f"?{parameter}={label}", GET, f"{path}?{parameter}={value}")
        yield Probe(f"?{parameter} repeated", GET, f"{path}?{parameter}=1&{parameter}=abc%00")
        yield Probe(f"?{parameter}[]", GET, f"{path}?{parameter}%5B%5D=1")
        yield Probe(f"?{parameter} NUL name", GET, f"{path}?{parameter}%00=1")


def field_names(row: Row, world: World) -> list[str]:
    names = []
    for field in POST_FIELDS.get(row.key, []):
        names.extend(world[field.name] if isinstance(field, W) else [field])
    return names


def post_probes(row: Row, world: World) -> Iterator[Probe]:
    url = row_url(row, world)
    base = dict(row_data(row, world))
    for field in field_names(row, world):
        others = "&".join(
            f"{quote(name)}={quote(str(value[0] if isinstance(value, list) else value))}"
            for name, value in base.items()
            if name != field
        )
        prefix = others + "&" if others else ""
        for label, value in ENCODED_VALUES:
            body = f"{prefix}{quote(field)}={value}".encode()
            yield Probe(f"{field}={label}", POST, url, body=body)
        yield Probe(
            f"{field} raw bytes",
            POST,
            url,
            body=prefix.encode() + field.encode() + b"=\xff\xfe\x00",
        )
        yield Probe(
            f"{field} repeated", POST, url, body=f"{prefix}{field}=0&{field}=1&{field}=%00".encode()
        )
        yield Probe(
            f"{field} as JSON object",
            POST,
            url,
            body=json.dumps({**base, field: {"$gt": ""}}),
            content_type="application/json",
        )
    yield Probe(
        "JSON list body",
        POST,
        url,
        body=json.dumps([1, None, "\u0000"]),
        content_type="application/json",
    )
    yield Probe("broken JSON", POST, url, body='{"a": ', content_type="application/json")
    yield Probe("NUL field name", POST, url, body=b"%00=1&q-%00=0")
    yield Probe("8 KB field name", POST, url, body=f"{EIGHT_KB}=1".encode())


def send(client, probe: Probe):
    if probe.method == GET:
        return client.get(probe.url)
    return client.post(probe.url, data=probe.body, content_type=probe.content_type)


def answer_problem(client, probe: Probe) -> str | None:
    """A 5xx, an exception, or a refused request that wrote rows; None when the answer is fine.

    Each probe runs in a savepoint that is rolled back, so one probe's writes or a database
    error (PostgreSQL aborts the transaction) cannot change what the next probe meets.
    """
    try:
        with transaction.atomic():
            before = data_counts()
            response = send(client, probe)
            changed = response.status_code >= 400 and data_counts() != before
            transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 - each failure is reported with its probe
        return f"raised {type(error).__name__}: {str(error)[:160]}"
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    if changed:
        return f"answered {response.status_code} but changed rows"
    return None


SWEEPS = {"path": path_probes, "query": query_probes, "form": post_probes}


def sweep_cases():
    """Each URL pattern once per sweep: its first row in the matrix stands for the others."""
    seen = set()
    for row in MATRIX:
        for kind in SWEEPS:
            if kind == "path" and not row.args:
                continue
            if kind == "query" and row.key not in GET_PARAMETERS:
                continue
            if kind == "form" and (row.key not in POST_FIELDS or row.post is None):
                continue
            if (kind, row.key) in seen:
                continue
            seen.add((kind, row.key))
            for role in roles_reaching(row.post if kind == "form" else row.get):
                yield pytest.param(kind, row, role, id=f"{kind}-{row.id}-{role}")


@pytest.mark.parametrize(("kind", "row", "role"), list(sweep_cases()))
def test_malformed_input_never_breaks_the_server(kind: str, row: Row, role: str, world, client):
    sign_in(client, world, role, bearer=row.bearer)
    problems = []
    for probe in SWEEPS[kind](row, world):
        problem = answer_problem(client, probe)
        if problem:
            url = probe.url if len(probe.url) < 160 else probe.url[:150] + "…"
            problems.append(f"{probe.method} {url} [{probe.what}] as {role}: {problem}")
    assert not problems, f"{len(problems)} malformed requests went wrong:\n" + "\n".join(problems)
