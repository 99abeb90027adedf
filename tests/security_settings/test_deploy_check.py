"""`manage.py check --deploy` under production settings reports only what docs/deploy.md accepts."""

import re

from .conftest import ROOT, run_manage

# Each is explained in docs/deploy.md, "Security settings":
# W019: X_FRAME_OPTIONS is SAMEORIGIN because Wagtail's page preview frames our own pages.
# W021: HSTS preload is left to the operator (a separate submission for a registrable domain).
ACCEPTED = {"security.W019", "security.W021"}


def _reported(output: str) -> set[str]:
    return set(re.findall(r"\(([a-z_]+\.[A-Z]\d{3})\)", output))


def test_check_deploy_reports_only_the_documented_warnings(production_env):
    # A shared cache, as production has: rate limits must hold across processes.
    production_env["REDIS_URL"] = "redis://127.0.0.1:6379/12"
    result = run_manage(production_env, "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert _reported(result.stdout + result.stderr) == ACCEPTED


def test_check_deploy_refuses_a_per_process_cache_for_rate_limits(production_env):
    result = run_manage(production_env, "check", "--deploy")
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stderr


def test_accepted_warnings_are_documented():
    section = (ROOT / "docs" / "deploy.md").read_text().split("## Security settings", 1)[1]
    for check_id in ACCEPTED:
        assert check_id in section
