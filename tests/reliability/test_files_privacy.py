"""Issue 13, items 8 and 9: who can read the data, and folders others could plant things in.

Item 8: the data dir was created 0755 and the store's files 0644, so every user of the
machine could read every review. The data dir is now 0700 and the files 0600 (the
redis-server child runs with umask 077); an existing open dir is tightened on start, with a
warning naming it.

Item 9: the upload folder was a predictable /tmp/reviewgraph-upload-<hash>, reused whoever
owned it, and uploads followed symlinks (a planted link overwrote another file); the socket
folder /tmp/reviewgraph-<uid> was reused whoever owned it. Uploads now go to a private
folder in the data dir (owner and mode checked), are written with O_NOFOLLOW|O_EXCL, and a
runtime folder owned by someone else or open to others is refused.
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewgraph.graph.config import Settings
from reviewgraph.graph.embedded_server import check_data_dir, socket_path_for
from reviewgraph.graph.errors import DataDirError
from reviewgraph.graph.store import GraphStore, open_store

pytestmark = pytest.mark.timeout(120)
NOBODY = 65534
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder away")

TEXT = """Serious Case Review: Child {child}

This fictional review was commissioned by the Westmarsh Safeguarding Children Partnership.

3. Recommendations

1. Children's social care should {what}.
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _open_to_others(folder: Path) -> list[str]:
    """Everything under `folder` (itself included) that group or others may use."""
    found = [folder] + [Path(root) / n for root, dirs, files in os.walk(folder) for n in dirs + files]
    return [f"{p} {_mode(p):04o}" for p in found if not p.is_symlink() and _mode(p) & 0o077]


@pytest.fixture
def usual_umask() -> object:
    """The usual umask 022, under which the data used to be readable by everyone."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


# -- item 8 ----------------------------------------------------------------------------------


def test_a_new_store_is_readable_by_its_owner_only(tmp_path: Path, usual_umask: object) -> None:
    data = tmp_path / "data"
    store = open_store(Settings(data_dir=data))
    try:
        store.write("CREATE (:Review {id: 'r1', subject: 'Child A'})")
        assert _mode(data) == 0o700
        assert (data / "server.json").exists() and (data / "falkordb").is_dir()
        assert _open_to_others(data) == []
    finally:
        store.close()
    assert _open_to_others(data) == []


def test_an_open_data_dir_is_tightened_on_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, usual_umask: object
) -> None:
    data = tmp_path / "data"
    (data / "falkordb").mkdir(parents=True)
    (data / "falkordb" / "appendonly.aof").write_text("x")
    (data / "falkordb.log").write_text("x")
    os.chmod(data, 0o755)
    with caplog.at_level(logging.WARNING):
        check_data_dir(data)
    assert _open_to_others(data) == []
    assert _mode(data / "falkordb.log") == 0o600
    messages = [r.getMessage() for r in caplog.records]
    assert f"tightened permissions of {data} to 0700 (was 0755)" in messages
    assert any("3 files and folders" in m and str(data) in m for m in messages), messages
    caplog.clear()
    check_data_dir(data)  # already private: nothing to say
    assert caplog.records == []


# -- item 9: the socket's runtime folder -----------------------------------------------------


@pytest.fixture
def long_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data dir whose socket path is too long, so the socket goes to the runtime folder,
    with the temporary folder moved under tmp_path."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp_path / ("d" * 60) / ("e" * 60)


def test_runtime_folder_is_created_private(long_data_dir: Path) -> None:
    sock = socket_path_for(long_data_dir)
    assert sock.parent == Path(tempfile.gettempdir()) / f"reviewgraph-{os.getuid()}"
    assert _mode(sock.parent) == 0o700


def test_runtime_folder_open_to_others_is_refused(long_data_dir: Path) -> None:
    runtime = Path(tempfile.gettempdir()) / f"reviewgraph-{os.getuid()}"
    runtime.mkdir(mode=0o777)
    os.chmod(runtime, 0o777)
    with pytest.raises(DataDirError, match=r"others can write to it \(mode 0777\)"):
        socket_path_for(long_data_dir)


def test_runtime_folder_that_is_a_symlink_is_refused(long_data_dir: Path) -> None:
    runtime = Path(tempfile.gettempdir()) / f"reviewgraph-{os.getuid()}"
    elsewhere = runtime.parent / "planted"
    elsewhere.mkdir(mode=0o700)
    runtime.symlink_to(elsewhere)
    with pytest.raises(DataDirError, match="is a symlink"):
        socket_path_for(long_data_dir)


@as_root
def test_runtime_folder_owned_by_someone_else_is_refused(long_data_dir: Path) -> None:
    runtime = Path(tempfile.gettempdir()) / f"reviewgraph-{os.getuid()}"
    runtime.mkdir(mode=0o700)
    os.chown(runtime, NOBODY, NOBODY)
    with pytest.raises(DataDirError, match=f"owned by uid {NOBODY}, not by you"):
        socket_path_for(long_data_dir)


# -- item 9: uploads -------------------------------------------------------------------------


@dataclass
class Upload:
    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


def test_the_upload_folder_is_private_stable_and_in_the_data_dir(tmp_path: Path) -> None:
    from reviewgraph.dashboard import loading

    settings = Settings(data_dir=tmp_path / "data")
    folder = loading.upload_dir(settings)
    assert folder.is_relative_to(tmp_path / "data")
    assert _mode(folder) == 0o700 and folder.stat().st_uid == os.getuid()
    assert loading.upload_dir(settings) == folder  # same name, same path: a re-upload replaces


def test_an_upload_never_follows_a_planted_symlink(tmp_path: Path) -> None:
    from reviewgraph.dashboard import loading

    folder = loading.upload_dir(Settings(data_dir=tmp_path / "data"))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (folder / "review.txt").symlink_to(victim)
    [saved] = loading.save([Upload("review.txt", b"uploaded")], folder)
    assert victim.read_text() == "precious"
    assert not saved.is_symlink() and saved.read_bytes() == b"uploaded"
    assert _mode(saved) == 0o600


@as_root
def test_an_upload_folder_owned_by_someone_else_is_refused(tmp_path: Path) -> None:
    from reviewgraph.dashboard import loading

    settings = Settings(data_dir=tmp_path / "data")
    folder = loading.upload_dir(settings)
    os.chown(folder, NOBODY, NOBODY)
    with pytest.raises(DataDirError, match="not by you"):
        loading.upload_dir(settings)


def test_a_corrected_upload_replaces_the_previous_version(
    embedded: GraphStore, tmp_path: Path
) -> None:
    from reviewgraph.dashboard import loading

    settings = Settings(data_dir=tmp_path / "data")
    for what in ("record strategy discussions", "share records with health"):
        folder = loading.upload_dir(settings)
        [doc] = loading.save([Upload("child-a.txt", TEXT.format(child="A", what=what).encode())],
                             folder)  # fmt: skip
        try:
            report = loading.run(embedded, loading.Batch([doc]), lambda *a: None)
        finally:
            loading.remove([doc])
        assert [f.status for f in report.files] == ["loaded"]
    assert embedded.read("MATCH (d:Document) RETURN count(d) AS n") == [{"n": 1}]
    [rec] = embedded.read("MATCH (c:Recommendation) RETURN c.text AS text")
    assert "share records" in rec["text"]


# -- the sample corpus ----------------------------------------------------------------------


def test_load_sample_on_a_new_data_dir_is_private_and_quiet(
    tmp_path: Path, usual_umask: object, caplog: pytest.LogCaptureFixture
) -> None:
    """The sample corpus is built in the data dir: it must not make the first run warn about
    permissions it set itself."""
    from click.testing import CliRunner

    from reviewgraph.cli import cli
    from reviewgraph.graph.embedded_server import EmbeddedServer

    data = tmp_path / "data"
    caplog.set_level(logging.WARNING, logger="reviewgraph")
    try:
        result = CliRunner().invoke(cli, ["--data-dir", str(data), "load", "--sample",
                                          "--no-progress"])  # fmt: skip
    finally:
        if (data / "server.json").exists():
            EmbeddedServer(data).stop()
    assert result.exit_code == 0, result.output
    assert [r.getMessage() for r in caplog.records if "tightened" in r.getMessage()] == []
    assert _open_to_others(data) == []


def test_the_sample_corpus_is_never_built_in_a_shared_folder(tmp_path: Path) -> None:
    """With Neo4j it went to /tmp/reviewgraph-sample-corpus, a name anyone could take first."""
    from reviewgraph.cli.common import Context
    from reviewgraph.cli.load import sample_dir

    for backend in ("embedded", "neo4j"):
        folder = sample_dir(Context(Settings(backend=backend, data_dir=tmp_path / "data")))  # type: ignore[arg-type]
        assert folder.is_relative_to(tmp_path / "data"), (backend, folder)
