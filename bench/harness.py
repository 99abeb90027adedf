"""What every benchmark here shares: a throwaway PostgreSQL database, the environment its Django
steps run in, running those steps as subprocesses, and writing the figures to var/bench/."""

import json
import os
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _admin_connect():
    import psycopg

    return psycopg.connect(ADMIN_URL, autocommit=True)


def run(cmd: list[str], env: dict[str, str], what: str) -> float:
    """Run a command from the repository root; stop the benchmark if it fails. Returns seconds."""
    started = time.monotonic()
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{what} failed (exit {result.returncode}): {' '.join(cmd)}")
    elapsed = time.monotonic() - started
    print(f"  {what}: {elapsed:.1f} s")
    return elapsed


def results_write(name: str, figures: dict) -> Path:
    """Every benchmark leaves its figures in var/bench/<name>.json, to compare by script."""
    path = ROOT / "var" / "bench" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Harness:
    """One benchmark's database (`db_name`) and its script, re-run with `--step` for the
    Django-side steps (which write their result as JSON to `--out`)."""

    db_name: str
    script: str

    def database_recreate(self) -> str:
        with _admin_connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.db_name}"')
            return conn.execute("SHOW server_version").fetchone()[0]

    def server_version(self) -> str:
        with _admin_connect() as conn:
            return conn.execute("SHOW server_version").fetchone()[0]

    def database_drop(self) -> None:
        with _admin_connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    def env(self, var_dir: str) -> dict[str, str]:
        admin = urllib.parse.urlsplit(ADMIN_URL)
        env = dict(os.environ)
        # Tasks run inline and nothing reaches a developer's broker or database.
        for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
            env.pop(name, None)
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.demo",
            DATABASE_URL=urllib.parse.urlunsplit(admin._replace(path=f"/{self.db_name}")),
            HOCSO_VAR_DIR=var_dir,
            LOG_LEVEL="WARNING",
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env

    def django_step(self, step: str, env: dict[str, str], tmp: str, *extra: str) -> dict:
        out = Path(tmp) / f"{step}.json"
        run(
            [sys.executable, self.script, "--step", step, "--out", str(out), *extra],
            env,
            f"step {step}",
        )
        return json.loads(out.read_text(encoding="utf-8"))
