"""Every URL pattern × every role × GET/POST answers as the matrix says, and changes nothing else."""

from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import ROLES, World, data_counts, sign_in
from .matrix import ADMIN_LOGIN, GET, LOGIN, MATRIX, POST, Outcome, Redirect, Row, W

# Wagtail's admin and document URLs are Wagtail's own: the matrix holds representative rows.
REPRESENTED_PREFIXES = ("admin/", "documents/")


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """(route, key) of every pattern, with `key` = "namespace:name", else the route."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield route, name or route


def resolve_value(value, world: World):
    return world[value.name] if isinstance(value, W) else value


def row_url(row: Row, world: World) -> str:
    args = [resolve_value(arg, world) for arg in row.args]
    path = reverse(row.key, args=args)
    query = {name: resolve_value(value, world) for name, value in row.query.items()}
    return path + ("?" + urlencode(query) if query else "")


def row_data(row: Row, world: World) -> dict:
    return resolve_value(row.data, world) if row.data is not None else {}


def send(client, method: str, url: str, data: dict):
    if method == GET:
        return client.get(url)
    return client.post(url, data=data)


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def outcome_problem(response: HttpResponse, expected: Outcome, world: World) -> str | None:
    """What differs between the answer and the expected outcome; None when they match."""
    location = response.get("Location", "")
    got = f"{response.status_code} {location}".strip()
    if isinstance(expected, int):
        return None if response.status_code == expected else got
    if response.status_code != 302:
        return got
    path = urlsplit(location).path
    if expected is LOGIN:
        return None if path == resolve_url(settings.LOGIN_URL) else got
    if expected is ADMIN_LOGIN:
        return None if path == reverse("wagtailadmin_login") else got
    assert isinstance(expected, Redirect)
    logins = {resolve_url(settings.LOGIN_URL), reverse("wagtailadmin_login")}
    if expected.to is None:
        return None if path not in logins else got
    return None if path == world[expected.to] else got


def cases():
    for row in MATRIX:
        for method, outcomes in ((GET, row.get), (POST, row.post)):
            if outcomes is None:
                continue
            for role in ROLES:
                yield pytest.param(row, role, method, id=f"{row.id}-{role}-{method}")


def test_every_url_pattern_has_a_row():
    """A new URL without a row, or a row for a URL that went away, fails here by name."""
    patterns = dict(url_patterns())
    found = {
        key
        for route, key in patterns.items()
        if not route.lstrip("^").startswith(REPRESENTED_PREFIXES)
    }
    rows = {row.key for row in MATRIX if not row.admin}
    assert not found - rows, (
        f"URL patterns without a row in tests/security/matrix.py: {found - rows}"
    )
    stale = {row.key for row in MATRIX} - set(patterns.values())
    assert not stale, f"matrix rows for URL patterns that no longer exist: {stale}"
    misfiled = {row.key for row in MATRIX if row.admin} & found
    assert not misfiled, (
        f"rows marked admin=True for URLs outside /admin/ and /documents/: {misfiled}"
    )


def test_every_row_names_every_role():
    for row in MATRIX:
        for method, outcomes in ((GET, row.get), (POST, row.post)):
            if outcomes is not None:
                assert set(outcomes) == set(ROLES), f"{row.id} {method}: roles missing"
        assert row.post is not None or row.admin, f"{row.id}: POST outcomes missing"


@pytest.mark.parametrize(("row", "role", "method"), list(cases()))
def test_permission(row: Row, role: str, method: str, world: World, client):
    sign_in(client, world, role, bearer=row.bearer)
    url = row_url(row, world)
    before = data_counts()
    response = send(client, method, url, row_data(row, world))
    expected = (row.get if method == GET else row.post)[role]
    problem = outcome_problem(response, expected, world)
    assert problem is None, f"{method} {url} as {role}: expected {expected}, got {problem}"

    if method == GET or role not in row.writes:
        assert data_counts() == before, f"{method} {url} as {role} changed data"
    if row.shows is not None and response.status_code == 200:
        text = world[row.shows.name]
        visible = text in body_text(response)
        assert visible == (role in row.seen_by), (
            f"{method} {url} as {role}: {text!r} {'shown' if visible else 'missing'}"
        )
