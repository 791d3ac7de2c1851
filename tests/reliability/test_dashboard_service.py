"""Issue 13, items 13 and 14: the dashboard as a service others might reach.

Item 13: `streamlit run dashboard/app.py` bound every interface and would send usage
statistics; the favicon (`page_icon=":material/hub:"`) was fetched from fonts.gstatic.com.
Now .streamlit/config.toml (repository root, and beside the script) binds 127.0.0.1, and a
headless browser records every request the pages make: all go to 127.0.0.1.

Item 14: there was no way to restrict the dashboard. An optional password
(REVIEWGRAPH_DASHBOARD_PASSWORD or `--password-file`) or a trusted header set by a login
proxy (REVIEWGRAPH_DASHBOARD_AUTH_HEADER / `--auth-header`) gates every page; binding
another address than loopback without either is refused.

Every server and browser started here is stopped in `finally`, even when a test fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from bench.serving import free_port, stop, wait_until_serving
from tests.fixtures.browser import CHROMIUM, CHROMIUM_ARGS, FIRST, settled
from tests.fixtures.tiny import tiny_store

pytestmark = pytest.mark.timeout(240)

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
PASSWORD = "correct horse battery staple"
PAGES = ["", "themes", "agencies", "recommendations", "case_explorer", "workbench", "load"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("service") / "data"
    with tiny_store(folder):
        yield folder


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEWGRAPH_DASHBOARD_")}
    env.update(REVIEWGRAPH_BACKEND="embedded", REVIEWGRAPH_DATA=str(data_dir), **extra)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


@contextmanager
def serving(command: list[str], port: int, cwd: Path, env: dict[str, str]) -> Iterator[str]:
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_serving(url, proc, 60)
        except RuntimeError as e:
            pytest.fail(f"{command} did not serve ({e})")
        yield url
    finally:
        stop(proc, 20)


def listening(port: int) -> set[str]:
    """The local addresses on which something listens on TCP `port` (from /proc/net)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with open(table) as fh:
            next(fh)
            for line in fh:
                fields = line.split()
                address, hex_port = fields[1].split(":")
                if fields[3] != "0A" or int(hex_port, 16) != port:
                    continue
                raw = bytes.fromhex(address)
                # /proc/net stores each 32-bit word in host (little-endian) order.
                words = [raw[i:i + 4][::-1] for i in range(0, len(raw), 4)]
                ip = b"".join(words)
                if width == 8:
                    found.add(".".join(str(b) for b in ip))
                else:
                    import ipaddress

                    found.add(str(ipaddress.IPv6Address(ip)))
    return found


# -- item 13: configuration -----------------------------------------------------------------


@pytest.mark.parametrize("where", [ROOT / ".streamlit", ROOT / "dashboard" / ".streamlit"])
def test_shipped_streamlit_config_stays_local(where: Path) -> None:
    config = tomllib.loads((where / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False


def test_no_material_favicon(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit fetches a `:material/…:` favicon from fonts.gstatic.com (its page icons are
    a font it bundles, so they stay)."""
    assert ":material/" not in APP.read_text().split("st.set_page_config(", 1)[1].split(")")[0]


@pytest.mark.parametrize("cwd", ["elsewhere", "root"])
def test_streamlit_run_binds_loopback_only(data_dir: Path, tmp_path: Path, cwd: str) -> None:
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port)]
    folder = ROOT if cwd == "root" else tmp_path
    with serving(command, port, folder, _env(data_dir)):
        assert listening(port) == {"127.0.0.1"}


def test_reviewgraph_dashboard_binds_loopback_only(data_dir: Path, tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "reviewgraph", "--data-dir", str(data_dir), "dashboard",
               "--port", str(port)]  # fmt: skip
    with serving(command, port, tmp_path, _env(data_dir)):
        assert listening(port) == {"127.0.0.1"}


# -- item 14: who may open it ---------------------------------------------------------------


def test_another_address_without_a_login_is_refused(tmp_path: Path) -> None:
    from reviewgraph.cli import cli

    env = {k: "" for k in ("REVIEWGRAPH_DASHBOARD_PASSWORD", "REVIEWGRAPH_DASHBOARD_AUTH_HEADER",
                           "REVIEWGRAPH_DASHBOARD_PASSWORD_FILE")}  # fmt: skip
    result = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path / "data"), "dashboard", "--host", "0.0.0.0",
              "--port", str(free_port())], env=env,
    )  # fmt: skip
    assert result.exit_code == 1
    assert "refusing to serve on 0.0.0.0 without a login" in result.output
    assert "--password-file" in result.output and "--auth-header" in result.output
    assert not (tmp_path / "data" / "server.json").exists(), "refused before starting anything"


def test_an_empty_password_file_is_refused(tmp_path: Path) -> None:
    from reviewgraph.cli import cli

    empty = tmp_path / "password"
    empty.write_text("\n")
    result = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path / "data"), "dashboard", "--password-file", str(empty)]
    )
    assert result.exit_code != 0 and "is empty" in result.output


def test_the_command_passes_the_login_to_streamlit(tmp_path: Path) -> None:
    from reviewgraph.dashboard.serve import streamlit_env
    from reviewgraph.graph.config import Settings

    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n")
    env = streamlit_env(
        Settings(data_dir=tmp_path), read_only=False, password_file=secret, auth_header="X-User"
    )
    assert env["REVIEWGRAPH_DASHBOARD_PASSWORD_FILE"] == str(secret)
    assert env["REVIEWGRAPH_DASHBOARD_AUTH_HEADER"] == "X-User"
    assert PASSWORD not in env.values(), "the file's name is passed, not the password"


@pytest.fixture
def app_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REVIEWGRAPH_BACKEND", "embedded")
    monkeypatch.setenv("REVIEWGRAPH_DATA", str(data_dir))
    for name in ("PASSWORD", "PASSWORD_FILE", "AUTH_HEADER", "READ_ONLY"):
        monkeypatch.delenv(f"REVIEWGRAPH_DASHBOARD_{name}", raising=False)
    return data_dir


def _shown(at: AppTest) -> str:
    parts = [*at.title, *at.markdown, *at.caption, *at.info, *at.warning, *at.error]
    return "\n".join(str(p.value) for p in parts)


def test_no_login_by_default(app_env: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception and at.title[0].value == "Overview"
    assert not at.text_input


def test_a_password_gates_every_page(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWGRAPH_DASHBOARD_PASSWORD", PASSWORD)
    for page in ("views/overview.py", "views/workbench.py", "views/load.py"):
        at = AppTest.from_file(str(APP), default_timeout=30)
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        assert [t.value for t in at.title] == ["Sign in"], page
        assert not at.dataframe and not at.metric, f"{page} shows data before the login"
    at.text_input(key="rg-password").set_value("wrong")  # typed into the form, then submitted
    at.button(key="rg-sign-in").click().run()
    assert "Wrong password" in _shown(at) and [t.value for t in at.title] == ["Sign in"]
    at.text_input(key="rg-password").set_value(PASSWORD)
    at.button(key="rg-sign-in").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Load"  # the page asked for, once signed in
    assert "rg-password" not in at.session_state, "the typed password is not kept"


def test_a_password_file(app_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n")
    monkeypatch.setenv("REVIEWGRAPH_DASHBOARD_PASSWORD_FILE", str(secret))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert [t.value for t in at.title] == ["Sign in"]
    at.text_input(key="rg-password").set_value(PASSWORD)
    at.button(key="rg-sign-in").click().run()
    assert at.title[0].value == "Overview"


def test_the_auth_header_mode(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewgraph.dashboard import auth

    monkeypatch.setenv("REVIEWGRAPH_DASHBOARD_AUTH_HEADER", "X-Remote-User")
    monkeypatch.setattr(auth, "request_headers", lambda: {})
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception and not at.title or at.title[0].value != "Overview"
    assert "X-Remote-User" in _shown(at) and not at.metric
    monkeypatch.setattr(auth, "request_headers", lambda: {"x-remote-user": "a.manager"})
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception and at.title[0].value == "Overview"


# -- one browser: nothing leaves the machine, and the login works ----------------------------

SHOTS = ROOT / "test-artifacts" / "screenshots"



@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing")
def test_in_a_browser_every_request_stays_local_and_the_login_works(data_dir: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port",
               str(port)]  # fmt: skip — the shipped config does the rest, as for a user
    env = _env(data_dir, REVIEWGRAPH_DASHBOARD_PASSWORD=PASSWORD)
    requests: list[str] = []
    with serving(command, port, ROOT, env) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url)
            expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=FIRST)
            expect(page.get_by_test_id("stMetric")).to_have_count(0)
            settled(page)  # the first run has finished: the input is not redrawn under us
            box = page.locator("input[type=password]")
            box.fill(PASSWORD)
            expect(box).to_have_value(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            try:
                expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible(
                    timeout=2 * FIRST
                )
            except AssertionError:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / "login-failed.png"), full_page=True)
                raise
            for path in PAGES[1:]:  # through the sidebar: the login holds for the session
                page.get_by_test_id("stSidebarNav").locator(f"a[href$='/{path}']").click()
                expect(page).to_have_url(re.compile(rf"{url}/{path}(\?.*)?$"), timeout=FIRST)
                settled(page)
                expect(page.get_by_test_id("stException")).to_have_count(0)
                expect(page.get_by_role("heading", name="Sign in")).to_have_count(0)
            page.wait_for_timeout(1000)
        finally:
            browser.close()
    assert requests
    outside = sorted({u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
                      and urlparse(u).hostname != "127.0.0.1"})  # fmt: skip
    assert outside == [], outside


def test_no_login_is_an_explicit_choice_for_a_container(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a container, 0.0.0.0 is its own network and compose publishes the port on the
    host's 127.0.0.1: `--no-login` says so explicitly, and the image uses it."""
    import json

    from reviewgraph.cli import cli
    from reviewgraph.cli import dashboard as command

    served: list[dict[str, str]] = []
    monkeypatch.setattr(command, "serve", lambda cmd, env: served.append(env) or 0)
    monkeypatch.setattr(command, "port_in_use", lambda host, port: None)
    monkeypatch.setattr(command, "start_detached", lambda data_dir: (None, False))
    result = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path / "data"), "dashboard", "--host", "0.0.0.0",
              "--no-login"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "without a login" in result.output and len(served) == 1
    cmd = next(line for line in (ROOT / "Dockerfile").read_text().splitlines()
               if line.startswith("CMD"))  # fmt: skip
    args = json.loads(cmd[3:])
    assert "--host" in args and "--no-login" in args
