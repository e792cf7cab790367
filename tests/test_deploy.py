"""deploy/compose.yaml as Docker Compose reads it (`docker compose config`, or Debian's docker-compose)."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

COMPOSE = Path(__file__).resolve().parents[1] / "deploy" / "compose.yaml"


def compose_command():
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip("neither `docker compose` nor docker-compose is installed (make install-test installs it)")


def config(**env):
    full = {k: v for k, v in os.environ.items() if k not in ("POSTGRES_PASSWORD", "SOURCEMARK_REPLICAS")}
    return subprocess.run([*compose_command(), "-f", str(COMPOSE), "config"], capture_output=True, text=True,
                           env={**full, **env}, timeout=60)


def test_compose_file_is_valid_and_wires_replicas_to_postgres_and_redis():
    done = config(POSTGRES_PASSWORD="pw", SOURCEMARK_REPLICAS="3")
    assert done.returncode == 0, done.stderr
    services = yaml.safe_load(done.stdout)["services"]
    assert set(services) == {"lb", "api", "migrate", "postgres", "redis"}
    api = services["api"]
    assert api["deploy"]["replicas"] == 3
    assert api["environment"]["SOURCEMARK_DATABASE_URL"] == "postgresql://sourcemark:pw@postgres:5432/sourcemark"
    assert api["environment"]["SOURCEMARK_REDIS_URL"].startswith("redis://redis:")
    assert api["environment"]["SOURCEMARK_TRUSTED_PROXIES"] == "1"
    assert "/readyz" in " ".join(api["healthcheck"]["test"])
    # v2 writes long syntax, Debian's v1 "models:/app/models:rw".
    assert any(str(v).startswith("models:/app/models") or (isinstance(v, dict) and v.get("target") == "/app/models")
               for v in api["volumes"])
    assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["entrypoint"] == ["sourcemark", "db", "upgrade"]
    assert all("healthcheck" in services[name] for name in ("lb", "api", "postgres", "redis"))


def test_compose_refuses_to_start_without_a_database_password():
    done = config()
    assert done.returncode != 0 and "POSTGRES_PASSWORD" in done.stderr
