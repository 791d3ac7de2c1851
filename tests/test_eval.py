"""The evaluator's arithmetic on a hand-made label set, the `reviewgraph eval` command on the
dev split, and files that are not reviews being skipped."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from reviewgraph.cli.main import cli
from reviewgraph.loaders.evaluate import (
    LabelledCase,
    LabelledDocument,
    Scores,
    align,
    board_ok,
    load_labels,
    score_document,
    title_ok,
)
from reviewgraph.loaders.models import (
    AgencyHit,
    DocumentExtraction,
    Recommendation,
    ReviewExtraction,
    ReviewMeta,
    ThemeHit,
)
from reviewgraph.loaders.pipeline import matchers

HERE = Path(__file__).resolve().parent
LABELS = HERE / "eval" / "labels.yaml"
SHARED_CORPUS = HERE.parents[1] / "shared" / "corpus"


def _review(
    subject: str, themes: list[str], agencies: list[str], recs: list[list[str]]
) -> ReviewExtraction:
    return ReviewExtraction(
        meta=ReviewMeta(
            type="SAR", subject=subject, year=2020, board="Ashgrove SAB", title="SAR X"
        ),
        themes=[ThemeHit(t) for t in themes],
        agencies=[AgencyHit(a) for a in agencies],
        recommendations=[
            Recommendation(str(i), "should", 1, agencies=a) for i, a in enumerate(recs)
        ],
    )


def _doc(*reviews: ReviewExtraction) -> DocumentExtraction:
    return DocumentExtraction("0" * 64, "x.pdf", "pdf", 1, None, list(reviews))


def test_arithmetic_on_a_tiny_label_set() -> None:
    m = matchers()
    labelled = LabelledDocument(
        "eval/x.pdf",
        "dev",
        True,
        [
            LabelledCase(
                "SAR", "Adult D", "SAR X", year=2020, board="Ashgrove Safeguarding Adults Board",
                themes=["self_neglect", "domestic_abuse", "carers"], agencies=["asc", "gp"],
                recommendations=[{"to": ["asc"], "status": "complete"}, {"to": [["gp", "nhs_trust"]]}],
            ),
            LabelledCase("SAR", "Mrs V", "SAR X", year=2020, board="Ashgrove SAB"),
        ],
    )  # fmt: skip
    # Adult D found with 4 themes: self_neglect (right), coercive_control (a sub-theme of
    # domestic_abuse: right), housing_poverty and training (wrong); carers missed.
    # Mrs V not found; "Child Q" is spurious.
    got = _doc(
        _review("adult d", ["self_neglect", "coercive_control", "housing_poverty", "training"],
                ["asc", "police"], [["asc"], ["police"], ["sab"]]),
        _review("Child Q", [], [], []),
    )  # fmt: skip
    s = Scores()
    score_document(s, labelled, got, m)
    t = s.table()
    assert t["cases"] == {
        "labelled": 2, "predicted": 2, "found": 1, "recall": 0.5, "precision": 0.5, "spurious": 1,
    }  # fmt: skip
    assert t["subject"]["right"] == 1 and t["board"]["right"] == 1
    assert t["themes"]["precision"] == 0.5  # 2 of 4 predicted
    assert t["themes"]["recall"] == 0.667  # 2 of 3 labelled
    assert t["themes"]["f1"] == round(2 * 0.5 * 0.667 / 1.167, 3)
    assert t["themes"]["per_case_predicted"] == 4.0
    assert t["agencies"] == {"precision": 0.5, "recall": 0.5}
    assert t["recommendations"] == {"labelled": 2, "predicted": 3, "cases_count_exact": 0, "of": 1}
    assert t["addressees"] == {"right": 1, "of": 2}
    assert t["statuses"] == {"right": 0, "of": 1}
    fields = {(miss.case, miss.field) for miss in s.misses}
    assert ("Mrs V", "case not found") in fields
    assert ("Adult D", "themes missed") in fields
    assert ("Adult D", "rec 2 addressees") in fields
    assert ("Adult D", "rec 1 status") in fields


def test_a_single_case_pairs_even_with_its_subject_wrong() -> None:
    case = LabelledCase("SAR", "Adult C", None)
    wrong = _review("Risk", [], [], [])
    pairs, missed, spurious = align([case], [wrong])
    assert pairs == [(case, wrong)] and not missed and not spurious


def test_titles_and_boards() -> None:
    assert title_ok("Serious Case Review: Baby T", "Serious Case Review - Baby T")
    assert not title_ok(
        "Department", "Pathways to harm, pathways to protection: a triennial analysis"
    )
    assert not title_ok("- 'Sarah' DHR", "Domestic Homicide Review: Sarah")
    assert board_ok("Cumbria LSCB", "Cumbria Local Safeguarding Children Board")
    assert not board_ok("Cumbria Safeguarding Adults Board", "Cumbria LSCB")
    assert not board_ok("Fenmarsh LSCB", "Kestrelford LSCB")


def test_labels_use_known_ids_and_hold_out_at_least_four_documents() -> None:
    docs = load_labels(LABELS, matchers())  # raises on an unknown theme or agency id
    held = [d for d in docs if d.split == "heldout"]
    assert len(held) >= 4
    assert len([d for d in docs if d.file.startswith("eval/")]) >= 12
    assert all(3 <= len(c.themes) <= 8 for d in docs for c in d.cases)


def test_eval_command_on_the_dev_split(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", str(LABELS), "--split", "dev"])
    assert result.exit_code == 0, result.output
    for name in (
        "cases found", "type", "subject", "title", "year", "board", "themes P / R / F1",
        "agencies P / R", "recommendations", "addressees", "statuses", "not-a-review",
    ):  # fmt: skip
        assert f"| {name}" in result.output
    assert "misses (document | case | field | expected | got)" in result.output
    as_json = CliRunner().invoke(cli, ["eval", str(LABELS), "--json", "--only", "eval"])
    table = json.loads(as_json.output)
    assert table["documents"] >= 9 and table["cases"]["labelled"] >= 10


def test_eval_command_rejects_a_label_with_an_unknown_theme(tmp_path: Path) -> None:
    bad = tmp_path / "labels.yaml"
    bad.write_text(
        yaml.safe_dump(
            {"documents": [{"file": "x/y.txt", "cases": [{"type": "SAR", "themes": ["nope"]}]}]}
        )
    )
    result = CliRunner().invoke(cli, ["eval", str(bad)])
    assert result.exit_code == 1 and "theme nope" in result.output
