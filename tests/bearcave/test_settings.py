"""The settings refuse unsafe configurations and pass Django's deployment checklist."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from tests.bearcave.environments import PRODUCTION_ENV
from tests.servers import ROOT


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_a_secret_key_and_debug_off_the_app_refuses_to_start(tmp_path):
    result = run_manage(
        "check", env={"DEBUG": "off", "SECRET_KEY": "", "PYTHONDONTWRITEBYTECODE": "1"}
    )

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_mode_runs_with_a_development_key():
    result = run_manage("check", env={"DEBUG": "on", "SECRET_KEY": ""})

    assert result.returncode == 0, result.stderr


def test_deploy_checklist_is_clean_under_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@override_settings(ALLOWED_HOSTS=["*"])
def test_a_wildcard_allowed_hosts_is_refused_because_it_disables_the_origin_check():
    with pytest.raises(SystemCheckError, match=r"bearcave\.E001"):
        call_command("check")


def test_a_wildcard_allowed_hosts_stops_the_asgi_server_from_starting():
    result = subprocess.run(
        [sys.executable, "-c", "import bearcave.asgi"],
        cwd=ROOT,
        env={**os.environ, "ALLOWED_HOSTS": "*"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "ALLOWED_HOSTS contains '*'" in result.stderr


SINGLE_SIGN_ON_ENV = {
    **PRODUCTION_ENV,
    "OIDC_PROVIDER_NAME": "Acme SSO",
    "OIDC_ISSUER": "https://id.example.com/realms/acme",
    "OIDC_AUTHORIZATION_ENDPOINT": "https://id.example.com/realms/acme/auth",
    "OIDC_TOKEN_ENDPOINT": "https://id.example.com/realms/acme/token",
    "OIDC_USERINFO_ENDPOINT": "https://id.example.com/realms/acme/userinfo",
    "OIDC_JWKS_ENDPOINT": "https://id.example.com/realms/acme/certs",
    "OIDC_CLIENT_ID": "bearcave",
    "OIDC_CLIENT_SECRET": "a-secret",
    "OIDC_GROUP_ROLES": "bearcave-admins=admin,trainers=facilitator",
}


def test_single_sign_on_passes_the_deploy_checklist_when_fully_configured():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=SINGLE_SIGN_ON_ENV)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"OIDC_TOKEN_ENDPOINT": ""}, "OIDC_CLIENT_ID is set, so OIDC_TOKEN_ENDPOINT must be set"),
        ({"OIDC_GROUP_ROLES": ""}, "OIDC_CLIENT_ID is set, so OIDC_GROUP_ROLES must be set"),
        (
            {"OIDC_GROUP_ROLES": "trainers=superuser"},
            "OIDC_GROUP_ROLES: 'superuser' (for group 'trainers') is not a role",
        ),
    ],
)
def test_half_configured_single_sign_on_stops_the_app_from_starting(change, says):
    result = run_manage("check", env={**SINGLE_SIGN_ON_ENV, **change})

    assert result.returncode != 0
    assert says in result.stderr
