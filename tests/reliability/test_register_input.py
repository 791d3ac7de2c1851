"""Issue 13, items 7 and 12: what a register may name and how its values are read.

Item 7: a register's Document column used to read any file on the machine
(`/etc/passwd`, `../../x`), also through the dashboard's upload. A document must now lie
inside the register's folder or the folder named with `--documents-root`, after symlinks
are resolved; anything else is refused for its row, with a warning naming the row.

Item 12: `Published = maybe` became false and `Year = abc` was dropped without a word.
Unknown values now stay unknown (None) and each is reported with its row and column.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.pipeline import load_batch, load_register
from reviewgraph.loaders.register import load_mapping, register_rows

pytestmark = pytest.mark.timeout(120)

HEADER = "Board,Review type,Subject,Year,Age band,Gender,Outcome,Category of harm,Published,Document"
TEXT = """Serious Case Review: {child}

This fictional review was commissioned by the Westmarsh Safeguarding Children Partnership.

3. Recommendations

1. Children's social care should record every strategy discussion in writing.
"""


def _register(folder: Path, documents: list[str]) -> Path:
    lines = [HEADER]
    for i, doc in enumerate(documents):
        lines.append(f"Westmarsh,SCR,Child {chr(65 + i)},2019,1-5,Female,Fatal,Neglect,Yes,{doc}")
    path = folder / "register.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _documents(store: GraphStore) -> set[str]:
    return {Path(r["path"]).name for r in store.read("MATCH (d:Document) RETURN d.path AS path")}


def test_documents_outside_the_register_folder_are_refused(
    embedded: GraphStore, tmp_path: Path
) -> None:
    folder = tmp_path / "board" / "register"
    folder.mkdir(parents=True)
    secret = tmp_path / "board" / "secret.txt"
    secret.write_text(TEXT.format(child="Child S"))
    (folder / "inside.txt").write_text(TEXT.format(child="Child A"))
    os.symlink(secret, folder / "link-out.txt")  # inside by name, outside once resolved
    os.mkfifo(folder / "pipe.txt")
    register = _register(
        folder, ["inside.txt", "../secret.txt", str(secret), "link-out.txt", "pipe.txt"]
    )
    report = load_register(embedded, register, "sample")
    assert _documents(embedded) == {"register.csv", "inside.txt"}
    warnings = report.files[0].warnings
    assert len(warnings) == 4, warnings
    assert warnings[0].startswith("row 3: document ../secret.txt refused: outside the register's")
    assert "--documents-root" in warnings[0]
    assert warnings[1].startswith(f"row 4: document {secret} refused: outside")
    assert warnings[2].startswith("row 5: document link-out.txt refused: outside")
    assert warnings[3] == "row 6: document pipe.txt refused: not a regular file (FIFO)"
    # The refused rows still describe their reviews, without the document.
    assert report.files[0].reviews == 4


def test_documents_root_allows_another_folder(embedded: GraphStore, tmp_path: Path) -> None:
    registers, reviews = tmp_path / "registers", tmp_path / "reviews"
    registers.mkdir()
    reviews.mkdir()
    (reviews / "child-a.txt").write_text(TEXT.format(child="Child A"))
    (tmp_path / "other.txt").write_text(TEXT.format(child="Child O"))
    register = _register(registers, ["child-a.txt", str(reviews / "child-a.txt"), "../other.txt"])
    report = load_batch(embedded, register=register, documents_root=reviews)
    assert _documents(embedded) == {"register.csv", "child-a.txt"}
    [warning] = report.files[0].warnings
    assert warning.startswith("row 4: document ../other.txt refused: outside the register's")
    assert str(reviews) in warning


def test_load_command_takes_documents_root(tmp_path: Path) -> None:
    from reviewgraph.cli import cli

    registers, reviews = tmp_path / "registers", tmp_path / "reviews"
    registers.mkdir()
    reviews.mkdir()
    (reviews / "child-a.txt").write_text(TEXT.format(child="Child A"))
    register = _register(registers, ["child-a.txt", "/etc/passwd"])
    data = tmp_path / "data"
    try:
        result = CliRunner().invoke(
            cli,
            ["--data-dir", str(data), "load", "--register", str(register), "--documents-root",
             str(reviews), "--no-progress"],
        )  # fmt: skip
    finally:
        from reviewgraph.graph.embedded_server import EmbeddedServer

        if (data / "server.json").exists():
            EmbeddedServer(data).stop()
    assert result.exit_code == 0, result.output
    assert "row 3: document /etc/passwd refused: outside" in result.output
    assert "2 files: 2 loaded" in result.output


def test_uploaded_register_cannot_name_files_outside_the_upload(
    embedded: GraphStore, tmp_path: Path
) -> None:
    """The dashboard's Load page runs the same pipeline on the uploaded copies."""
    from reviewgraph.dashboard import loading

    upload = tmp_path / "upload"
    upload.mkdir()
    (tmp_path / "home-file.txt").write_text(TEXT.format(child="Child H"))
    (upload / "register.csv").write_text(
        HEADER + "\nWestmarsh,SCR,Child H,2019,1-5,Female,Fatal,Neglect,Yes,../home-file.txt\n"
    )
    batch = loading.Batch([], upload / "register.csv", "sample", None)
    report = loading.run(embedded, batch, lambda *a: None)
    assert _documents(embedded) == {"register.csv"}
    assert "refused: outside" in report.files[0].warnings[0]


# -- item 12: values the register does not say clearly ---------------------------------------


def test_unclear_values_stay_unknown_and_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        HEADER + "\n"
        "Westmarsh,SCR,Child A,2019,1-5,Female,Fatal,Neglect,Yes,\n"
        "Westmarsh,SCR,Child B,2020,1-5,Female,Fatal,Neglect,no,\n"
        "Westmarsh,SCR,Child C,abc,1-5,Female,Fatal,Neglect,maybe,\n"
        "Westmarsh,SCR,Child D,,1-5,Female,Fatal,Neglect,unknown,\n"
    )
    rows = register_rows(path, load_mapping("sample"))
    assert [r.meta.get("published") for r in rows] == [True, False, None, None]
    assert [r.meta.get("year") for r in rows] == [2019, 2020, None, None]
    assert rows[2].warnings == [
        "row 4, column Year: 'abc' is not a year; left unknown",
        "row 4, column Published: 'maybe' is not yes/no; left unknown",
    ]
    assert rows[0].warnings == rows[1].warnings == rows[3].warnings == []


def test_unclear_tags_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text(
        "incident_id,csp,region,death_date,cause_of_death,location_of_death,coercive_control,"
        "stalking\n"
        "INC-1,Westmarsh,East,March 2019,,,True,False\n"
        "INC-2,Westmarsh,East,2020,,,perhaps,\n"
    )
    rows = register_rows(path, load_mapping("dhrd"))
    # the DHRD's tags are case characteristics (never practice themes)
    assert rows[0].characteristics == ["coercive_control"] and rows[0].warnings == []
    assert rows[0].tags == [] and rows[1].characteristics == []
    assert rows[1].warnings == [
        "row 3, column coercive_control: 'perhaps' is not yes/no; characteristic not tagged"
    ]


def test_load_register_reports_them_and_stores_no_false(
    embedded: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "\nWestmarsh,SCR,Child C,abc,1-5,Female,Fatal,Neglect,maybe,\n")
    report = load_register(embedded, path, "sample")
    assert report.files[0].warnings == [
        "row 2, column Year: 'abc' is not a year; left unknown",
        "row 2, column Published: 'maybe' is not yes/no; left unknown",
    ]
    [review] = embedded.read("MATCH (r:Review) RETURN r.published AS published, r.year AS year")
    assert review == {"published": None, "year": None}
