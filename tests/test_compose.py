"""docker-compose.yml, Dockerfile and .env.example, checked as data (no Docker engine here)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):  # the `- KEY=value` form
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def test_services(compose: dict[str, Any]) -> None:
    assert {"neo4j", "dashboard"} <= set(compose["services"])


def test_neo4j_image_is_a_pinned_neo4j_5_community_tag(compose: dict[str, Any]) -> None:
    from reviewgraph.graph.neo4j_server import NEO4J_VERSION

    image = compose["services"]["neo4j"]["image"]
    assert re.fullmatch(r"neo4j:5\.\d+(\.\d+)?-community", image), image
    # the version the tests ran against (make test-neo4j) is the one Docker users get
    assert image == f"neo4j:{NEO4J_VERSION}-community"


def test_every_port_is_bound_to_localhost_only(compose: dict[str, Any]) -> None:
    published = {}
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert isinstance(port, str), (
                f"{name}: write ports as strings, e.g. '127.0.0.1:7687:7687'"
            )
            host_ip, host_port, container_port = port.split(":")
            assert host_ip == "127.0.0.1", f"{name} publishes {port} beyond this machine"
            published[name, container_port] = host_port
    assert {("neo4j", "7474"), ("neo4j", "7687"), ("dashboard", "8501")} <= set(published)


def test_neo4j_healthcheck(compose: dict[str, Any]) -> None:
    check = compose["services"]["neo4j"]["healthcheck"]
    assert check["test"][0] in ("CMD", "CMD-SHELL")
    assert "7474" in " ".join(check["test"]) or "cypher-shell" in " ".join(check["test"])
    assert re.fullmatch(r"\d+s", check["interval"])
    assert int(check["retries"]) >= 3


def test_volumes_are_named_and_declared(compose: dict[str, Any]) -> None:
    mounts = dict(v.split(":", 1) for v in compose["services"]["neo4j"]["volumes"])
    assert set(mounts.values()) >= {"/data", "/logs"}
    for volume in mounts:
        assert not volume.startswith((".", "/", "~")), f"{volume} is a bind mount, not a volume"
        assert volume in compose["volumes"]


def test_memory_settings_use_neo4j_5_names(compose: dict[str, Any]) -> None:
    env = _env(compose["services"]["neo4j"])
    assert "NEO4J_server_memory_heap_max__size" in env
    assert "NEO4J_server_memory_pagecache_size" in env
    assert not [k for k in env if k.startswith("NEO4J_dbms_memory")], "Neo4j 4 names"


def test_password_comes_from_the_env_file(compose: dict[str, Any]) -> None:
    neo4j_env = _env(compose["services"]["neo4j"])
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD(:?\?[^}]*)?\}", neo4j_env["NEO4J_AUTH"])
    # The image writes every other NEO4J_* variable into neo4j.conf as a setting.
    assert "NEO4J_PASSWORD" not in neo4j_env
    dashboard_env = _env(compose["services"]["dashboard"])
    assert dashboard_env["NEO4J_PASSWORD"].startswith("${NEO4J_PASSWORD")


def test_dashboard_talks_bolt_to_the_neo4j_service(compose: dict[str, Any]) -> None:
    dashboard = compose["services"]["dashboard"]
    assert _env(dashboard)["NEO4J_URI"] == "bolt://neo4j:7687"
    assert dashboard["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert dashboard["build"] in (".", {"context": "."})


def test_dockerfile_installs_the_project_and_runs_the_dashboard_on_neo4j() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.M)
    assert re.search(r"^RUN pip install \.", dockerfile, re.M)
    cmd = re.search(r"^CMD (\[.*\])", dockerfile, re.M)
    assert cmd, "no CMD"
    args = yaml.safe_load(cmd.group(1))  # a JSON array is YAML too
    assert args[:4] == ["reviewgraph", "--backend", "neo4j", "dashboard"]
    assert args[args.index("--host") + 1] == "0.0.0.0"
    assert args[args.index("--port") + 1] == "8501"


def test_secrets_stay_out_of_the_image_and_the_repo() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored and ".git" in ignored
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(r"^NEO4J_PASSWORD=change-me", example, re.M), "keep a placeholder only"


def test_the_neo4j_suite_names_every_test_module() -> None:
    """`make test-neo4j` runs every module that touches a store; a new module is placed in
    MODULES, EMBEDDED_ONLY (with the reason) or NO_STORE, never forgotten."""
    from tests.neo4j_suite import EMBEDDED_ONLY, MODULES, NO_STORE

    placed = [*MODULES, *EMBEDDED_ONLY, *NO_STORE]
    assert len(placed) == len(set(placed)), "a module is in two lists"
    found = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").glob("test_*.py"))
    assert sorted(placed) == found
    for module in NO_STORE:  # a module that opens a store belongs in MODULES
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        opens = {n.func.id for n in ast.walk(tree)
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}  # fmt: skip
        asks = {a.arg for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
                for a in n.args.args}  # fmt: skip
        assert not opens & STORE_OPENERS and not asks & STORE_FIXTURES, module


STORE_OPENERS = {"open_store", "open_test_store", "tiny_store"}
STORE_FIXTURES = {"store", "embedded", "empty_store", "sample_store"}
