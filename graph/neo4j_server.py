"""A local Neo4j 5 Community server from Neo4j's own jars on Maven Central, with no Docker.

`fetch` asks Maven once for the runtime dependencies of `org.neo4j.assembly:
neo4j-community-standalone` (the jar set of the official tarball's lib/) into a cache outside
the repository; `LocalNeo4j.start` writes a configuration of ours into a server folder
(loopback only, a free Bolt port, HTTP off, small memory), sets the initial password the
first time, starts `org.neo4j.server.CommunityEntryPoint` as a child process and waits until
Bolt answers; `stop` ends it with SIGTERM (Neo4j then checkpoints and exits).

Needs `java` (17 for the 5.26 LTS line) and `mvn` on the PATH.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from reviewgraph.graph.errors import StoreUnavailable

NEO4J_VERSION = "5.26.30"  # the 5.26 LTS line, which runs on Java 17
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 60.0
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.server.startup.Neo4jAdminBoot"
JVM_OPTIONS = [
    "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024", "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
]  # fmt: skip
_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.reviewgraph</groupId><artifactId>neo4j-fetch</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies><dependency>
    <groupId>org.neo4j.assembly</groupId><artifactId>neo4j-community-standalone</artifactId>
    <version>{version}</version><type>pom</type>
  </dependency></dependencies>
</project>
"""


def cache_dir() -> Path:
    """Where the jars are kept: REVIEWGRAPH_NEO4J_CACHE, else the user cache dir."""
    env = os.environ.get("REVIEWGRAPH_NEO4J_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reviewgraph", appauthor=False)) / "neo4j"


def fetch(version: str = NEO4J_VERSION, cache: Path | None = None) -> Path:
    """The folder holding Neo4j `version`'s lib/ (fetched with Maven the first time)."""
    home = (cache or cache_dir()) / f"neo4j-community-{version}"
    if (home / ".complete").exists():
        return home
    for tool in ("mvn", "java"):
        if shutil.which(tool) is None:
            raise StoreUnavailable(
                f"cannot fetch Neo4j {version}: `{tool}` is not installed (apt-get install "
                "maven openjdk-17-jre-headless), or use Docker: docker compose up -d neo4j"
            )
    partial = home.with_name(home.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with tempfile.TemporaryDirectory() as work:
        pom = Path(work) / "pom.xml"
        pom.write_text(_POM.format(version=version))
        done = subprocess.run(
            ["mvn", "-B", "-q", "-Dstyle.color=never", "-f", str(pom),
             "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
             "-DincludeScope=runtime", "-DexcludeTypes=pom",
             f"-DoutputDirectory={partial / 'lib'}"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    if done.returncode != 0 or not any((partial / "lib").glob("neo4j-*.jar")):
        raise StoreUnavailable(
            f"Maven could not fetch Neo4j {version} (exit {done.returncode}):\n"
            + (done.stdout + done.stderr)[-2000:]
        )
    (partial / ".complete").write_text(version)
    partial.rename(home)
    return home


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Running:
    """What `start` reports and `server.json` keeps."""

    pid: int
    port: int
    version: str

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


class LocalNeo4j:
    """One Neo4j server whose configuration, data and logs live in `folder`."""

    def __init__(self, folder: Path, version: str = NEO4J_VERSION, java: str = "java") -> None:
        self.folder = Path(folder).absolute()
        self.version = version
        self.java = java
        self.conf = self.folder / "conf"
        self.info_file = self.folder / "server.json"
        self.password_file = self.folder / "password"
        self.log_file = self.folder / "logs" / "console.log"
        self._proc: subprocess.Popen[bytes] | None = None

    # -- what is running ---------------------------------------------------------------------

    def running(self) -> Running | None:
        try:
            info = json.loads(self.info_file.read_text())
            pid, port = int(info["pid"]), int(info["port"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        cmdline = Path(f"/proc/{pid}/cmdline")
        with contextlib.suppress(OSError):
            if MAIN_CLASS.encode() in cmdline.read_bytes():
                return Running(pid, port, str(info.get("version", self.version)))
        return None

    def password(self) -> str:
        """The password set for user neo4j (made and kept 0600 in the folder the first time)."""
        if not self.password_file.exists():
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(18))
        return self.password_file.read_text().strip()

    # -- start and stop -------------------------------------------------------------------------

    def _configure(self, port: int) -> None:
        for sub in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        d = self.folder
        (self.conf / "neo4j.conf").write_text(
            "\n".join([
                "server.default_listen_address=127.0.0.1",
                "server.default_advertised_address=127.0.0.1",
                f"server.bolt.listen_address=127.0.0.1:{port}",
                f"server.bolt.advertised_address=127.0.0.1:{port}",
                "server.bolt.tls_level=DISABLED",
                "server.http.enabled=false",
                "server.https.enabled=false",
                f"server.directories.data={d / 'data'}",
                f"server.directories.logs={d / 'logs'}",
                f"server.directories.run={d / 'run'}",
                f"server.directories.import={d / 'import'}",
                f"server.directories.plugins={d / 'plugins'}",
                "server.memory.heap.initial_size=1g",
                "server.memory.heap.max_size=1g",
                "server.memory.pagecache.size=256m",
                "dbms.security.auth_enabled=true",
                "dbms.usage_report.enabled=false",
                # stop in about a second instead of two 5 s network quiet periods
                "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
                "internal.dbms.bolt.netty_server_shutdown_timeout=2",
                # reads are bounded (issue 13): a runaway query is stopped, not left to wedge
                "db.transaction.timeout=120s",
                # one query may hold 512 MiB of the 1 GiB heap, all of them together 768 MiB
                "db.memory.transaction.total.max=768m",
                "db.memory.transaction.max=512m",
                "",
            ])
        )  # fmt: skip

    def _classpath(self, home: Path) -> str:
        return f"{self.conf}/*:{home / 'lib'}/*"

    def _set_initial_password(self, home: Path) -> None:
        if (self.folder / "data" / "dbms" / "auth.ini").exists() or (
            self.folder / "data" / "databases" / "system"
        ).exists():
            return
        env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(self.conf)}
        done = subprocess.run(
            [self.java, "-cp", self._classpath(home), ADMIN_CLASS, "dbms",
             "set-initial-password", "--", self.password()],  # "--": a password may start with -
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise StoreUnavailable(
                f"neo4j-admin could not set the initial password: {done.stderr[-1000:]}"
            )

    def start(self, cache: Path | None = None) -> Running:
        """Start the server (or find it running) and wait until Bolt answers."""
        found = self.running()
        if found is not None:
            return found
        home = fetch(self.version, cache)
        port = free_port()
        self._configure(port)
        self._set_initial_password(home)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            self._proc = subprocess.Popen(
                [self.java, *JVM_OPTIONS, "-cp", self._classpath(home), MAIN_CLASS,
                 f"--home-dir={home}", f"--config-dir={self.conf}", "--console-mode"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        running = Running(self._proc.pid, port, self.version)
        self.info_file.write_text(json.dumps(vars(running)))
        try:
            self._wait_for_bolt(running)
        except BaseException:
            self.stop()
            raise
        return running

    def _wait_for_bolt(self, running: Running) -> None:
        import neo4j

        deadline = time.monotonic() + START_TIMEOUT_S
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise StoreUnavailable(
                    f"Neo4j exited with code {self._proc.returncode} while starting; "
                    f"see {self.log_file}:\n{self.log_tail()}"
                )
            try:
                with neo4j.GraphDatabase.driver(
                    running.uri, auth=("neo4j", self.password())
                ) as driver:
                    driver.verify_connectivity()
                    return
            except Exception as e:  # noqa: BLE001 - not up yet: try again until the deadline
                last = e
                time.sleep(0.25)
        raise StoreUnavailable(
            f"Neo4j did not answer on {running.uri} within {START_TIMEOUT_S:.0f} s ({last}); "
            f"see {self.log_file}"
        )

    def stop(self) -> bool:
        """Stop the server cleanly (SIGTERM, then SIGKILL after a minute); False if none ran."""
        found = self.running()
        pid = found.pid if found else (self._proc.pid if self._proc else None)
        if pid is None:
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if not self._wait_exit(pid, STOP_TIMEOUT_S):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            self._wait_exit(pid, 10)
        with contextlib.suppress(FileNotFoundError):
            self.info_file.unlink()
        return True

    def _wait_exit(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.pid == pid:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._proc.wait(timeout=0.2)
                    return True
            else:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, os.WNOHANG)
                if not Path(f"/proc/{pid}").exists():
                    return True
                time.sleep(0.2)
        return False

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"
