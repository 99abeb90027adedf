"""A real OpenID Connect provider for the sign-on tests: oidc-provider (npm) under Node, started
from tests/agencies/oidc_provider.mjs on 127.0.0.1 and a free port, stopped by its own pid."""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

import requests

from tests.agencies.directory import free_port

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
PACKAGE = ROOT / "node_modules" / "oidc-provider" / "package.json"
CLIENT_ID = "hocso-test"
CLIENT_SECRET = "hocso-test-client-secret"  # noqa: S105 - a throwaway client of a test server
# Where the provider sends the browser back: Django's test client answers as "testserver".
TEST_ORIGIN = "http://testserver"
CALLBACK_URL = f"{TEST_ORIGIN}/dang-nhap/oidc/xac-nhan/"
SIGNED_OUT_URL = f"{TEST_ORIGIN}/"


def node_path() -> str | None:
    return shutil.which("node")


def provider_available() -> bool:
    return node_path() is not None and PACKAGE.exists()


class OidcProvider:
    """oidc-provider with one confidential client (HọcSố) and the given accounts' claims."""

    def __init__(self, accounts: dict[str, dict]):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.accounts = accounts
        self.process: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix="hocso-oidc-", suffix=".log")[1])
        self.discovery: dict = {}

    def start(self) -> None:
        config = {
            "port": self.port,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [CALLBACK_URL],
            "post_logout_redirect_uris": [SIGNED_OUT_URL],
            "accounts": self.accounts,
        }
        environment = {**os.environ, "OIDC_TEST_PROVIDER": json.dumps(config)}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [node_path(), str(SCRIPT)],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 20
        while True:
            try:
                answer = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1)
                if answer.status_code == 200:
                    self.discovery = answer.json()
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"oidc-provider did not start: {self.log.read_text()}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def cleanup(self) -> None:
        self.stop()
        self.log.unlink(missing_ok=True)


def _form_action(page: requests.Response) -> str:
    match = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert match, f"no form on the provider's page: {page.text[:500]}"
    return urljoin(page.url, match.group(1))


def provider_authorize(agent: requests.Session, url: str, *, login: str) -> str:
    """Play the person at the provider: follow the authorization request, sign in on the
    development login page as `login` when asked, and return the address the provider sends
    the browser back to (ours, with the code and state)."""
    response = agent.get(url, allow_redirects=False, timeout=10)
    for _step in range(10):
        if response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(TEST_ORIGIN):
                return location
            response = agent.get(location, allow_redirects=False, timeout=10)
        elif response.status_code == 200 and 'name="login"' in response.text:
            response = agent.post(
                _form_action(response),
                data={"prompt": "login", "login": login, "password": "any"},
                allow_redirects=False,
                timeout=10,
            )
        else:
            raise AssertionError(f"provider answered {response.status_code}: {response.text[:500]}")
    raise AssertionError("the provider never sent the browser back")


def provider_sign_out(agent: requests.Session, url: str) -> str:
    """Confirm the provider's sign-out page; return where it sends the browser afterwards."""
    page = agent.get(url, allow_redirects=False, timeout=10)
    assert page.status_code == 200, page.text[:500]
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text))
    fields["logout"] = "yes"
    done = agent.post(_form_action(page), data=fields, allow_redirects=False, timeout=10)
    assert done.is_redirect, done.text[:500]
    return urljoin(done.url, done.headers["Location"])
