import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MFA_KEY = "xZ1oYpo2YmHg8A0m2wqK6Yf9mC8bqJ1Qm0h0b3ZkS1E="
DATA_KEY = "q1Jm2WnH5p0uXo3Yv8RkT4cLsA7dE9fGhB6iZ2yN0xM="


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "CFLI_MFA_KEYS",
            "CFLI_DATA_KEYS",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "cfli.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "production-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="grants.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/cfli",
        CFLI_MFA_KEYS=MFA_KEY,
        CFLI_DATA_KEYS=DATA_KEY,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CFLI_MFA_KEYS", "CFLI_DATA_KEYS"]
)
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "grants.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cfli",
        "CFLI_MFA_KEYS": MFA_KEY,
        "CFLI_DATA_KEYS": DATA_KEY,
    }
    del env[missing]

    result = manage("check", **env)

    assert result.returncode != 0
    assert f"Production settings need these environment variables: {missing}." in result.stderr
