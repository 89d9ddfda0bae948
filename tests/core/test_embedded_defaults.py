"""`make run`'s embedded default: every migration applies on SQLite and the demo seeds there.

The suite itself runs on PostgreSQL, so a migration only PostgreSQL accepts (an index with
NULLS LAST, say) would pass every other test and still break `make run` on a fresh clone."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_every_migration_applies_on_sqlite_and_the_demo_seeds(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(CFLI_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="cfli.settings.dev")
    for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "cfli.sqlite3").exists()
    assert "Demo data:" in result.stdout
