"""Production settings refuse to guess what only the deployment knows."""

import pytest

from .conftest import run_manage


@pytest.mark.parametrize("variable", ["SITE_URL", "CERTIFICATE_SIGNER_PASSPHRASE"])
@pytest.mark.parametrize("value", [None, ""])
def test_production_refuses_to_start_without(production_env, variable, value):
    if value is None:
        del production_env[variable]
    else:
        production_env[variable] = value
    result = run_manage(production_env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the {variable} environment variable" in result.stderr


def test_production_starts_with_the_variables_set(production_env):
    result = run_manage(production_env, "diffsettings", "--output", "unified")
    assert result.returncode == 0, result.stderr
    assert "+ SITE_URL = 'https://hocso.ninhbinh.gov.vn'" in result.stdout


def test_site_url_without_a_scheme_is_refused(production_env):
    production_env["SITE_URL"] = "hocso.ninhbinh.gov.vn"
    result = run_manage(production_env, "check")
    assert result.returncode != 0
    assert "SITE_URL must start with https://" in result.stderr


def test_production_has_no_demo_seed_command(production_env):
    result = run_manage(production_env, "help", "--commands")
    assert result.returncode == 0, result.stderr
    commands = result.stdout.split()
    assert "migrate" in commands
    assert "seed_demo" not in commands


def test_demo_settings_keep_the_seed_command(production_env):
    production_env["DJANGO_SETTINGS_MODULE"] = "config.settings.demo"
    del production_env["SITE_URL"]
    result = run_manage(production_env, "help", "--commands")
    assert result.returncode == 0, result.stderr
    assert "seed_demo" in result.stdout.split()
