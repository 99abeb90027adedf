"""Real processes for the operations tests: gunicorn nodes and an S3-compatible server."""

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from tests import factories
from tests.conftest import require_or_skip, server_database_url

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_postgres_and_redis() -> None:
    require_or_skip(
        connection.vendor == "postgresql" and bool(settings.REDIS_URL),
        what="PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
        required_by="HOCSO_REQUIRE_BROKER",
    )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_until_answering(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            requests.get(url, timeout=10)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer in {STARTUP_SECONDS} s:\n{log.read_text()}")


@dataclass
class Node:
    url: str
    log: Path


@pytest.fixture
def start_node(tmp_path) -> Iterator[Callable[..., Node]]:
    """Start gunicorn nodes (1 worker each) on the test database; all stopped after the test."""
    processes = []

    def start(**extra_env: str) -> Node:
        port = free_port()
        log = tmp_path / f"gunicorn-{port}.log"
        env = {
            **os.environ,  # HOCSO_VAR_DIR, REDIS_URL, the S3 settings: the same as this process
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": server_database_url(),
            **extra_env,
        }
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--access-logfile",
                    "-",
                ],
                cwd=Path(settings.BASE_DIR),
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        _wait_until_answering(f"{url}/healthz", process, log)
        return Node(url=url, log=log)

    try:
        yield start
    finally:
        for process in processes:
            _stop(process)


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def log_in(session: requests.Session, node: Node, *, username: str) -> None:
    """Log in through the real login form (CSRF token included) on one node."""
    page = session.get(f"{node.url}/dang-nhap/", timeout=10)
    response = session.post(
        f"{node.url}/dang-nhap/",
        data={
            "username": username,
            "password": factories.PASSWORD,
            "csrfmiddlewaretoken": _csrf_token(page.text),
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text
    assert "sessionid" in session.cookies


def post(session: requests.Session, url: str) -> requests.Response:
    """A form POST carrying the CSRF cookie's token, as the site's own forms do."""
    return session.post(
        url,
        headers={"X-CSRFToken": session.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=10,
    )


@pytest.fixture
def moto_server(tmp_path) -> Iterator[str]:
    """A local S3-compatible server (moto's server mode) for this test; its endpoint URL."""
    pytest.importorskip("moto.server", reason="moto[server] is a dev dependency: make install")
    port = free_port()
    log = tmp_path / "moto.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(f"{endpoint}/moto-api/", process, log)
        yield endpoint
    finally:
        _stop(process)
