"""Register records apart from reports: their own views equal counting the CSV with pandas, and
loading a register never changes a board's default practice-theme counts.

The DHRD (../shared/corpus/dhrd/incidents.csv) is used when present; a small fictional
register in the DHRD's layout, written by the test, always runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.characteristics import load_characteristics
from reviewgraph.loaders.pipeline import load_actions, load_register
from reviewgraph.loaders.sample.build import build_sample_corpus
from reviewgraph.queries.analytics import analyse
from reviewgraph.queries.registry import run_query
from tests.conftest import CORPUS

DHRD = CORPUS / "dhrd" / "incidents.csv"
TAGS = ["intimate_partner_violence", "familial_homicide", "parricide", "homicide_suicide",
        "children_present", "coercive_control", "economic_abuse", "faith_based_marriage",
        "forced_marriage", "honour_based_violence", "physical_abuse", "emotional_abuse",
        "separation", "sexual_abuse", "stalking"]  # fmt: skip
HEADER = ["incident_id", "csp", "region", "death_date", "multiple_victims", "cause_of_death",
          "location_of_death", *TAGS]  # fmt: skip
# Fictional rows in the DHRD's layout: places and dates made up for this test.
FICTIONAL = [
    ("X-1", "Marrowby", "North East", "March 2019", "False", "stab wounds", "other",
     {"intimate_partner_violence", "coercive_control", "separation"}),
    ("X-2", "Marrowby", "North East", "2019", "True", "unknown", "residential_location",
     {"intimate_partner_violence", "homicide_suicide"}),
    ("X-3", "Tallow Vale", "South West", "June 2021", "False", "", "public_place",
     {"familial_homicide", "coercive_control", "economic_abuse"}),
    ("X-4", "Tallow Vale", "", "unknown", "False", "strangulation", "other", set()),
    ("X-5", "Quillham", "South West", "January 2017", "False", "blunt force", "other",
     {"parricide", "stalking", "coercive_control"}),
]  # fmt: skip
UNKNOWN = {"", "NA", "N/A", "unknown", "Unknown"}  # what a register cell says for "not known"


def write_fictional(folder: Path) -> Path:
    rows = []
    for incident, csp, region, date, multiple, cause, place, tagged in FICTIONAL:
        rows.append([incident, csp, region, date, multiple, cause, place,
                     *("True" if t in tagged else "False" for t in TAGS)])  # fmt: skip
    path = folder / "register.csv"
    pd.DataFrame(rows, columns=HEADER).to_csv(path, index=False)
    return path


def pandas_counts(csv: Path) -> dict[str, dict[Any, int]]:
    """What the register view must show, counted from the CSV with pandas."""
    df = pd.read_csv(csv, dtype=str, keep_default_na=False)
    known = df.map(lambda v: None if v.strip() in UNKNOWN else v.strip())
    years = known["death_date"].map(
        lambda v: (
            int(m.group(1))
            if isinstance(v, str) and (m := re.search(r"\b(19\d\d|20\d\d)\b", v))
            else None
        )
    )
    by_tag = load_characteristics().by_register_tag["dhrd"]
    tags = {by_tag[c]: int(df[c].str.lower().eq("true").sum()) for c in by_tag if c in df}
    return {
        "region": known["region"].value_counts(dropna=False).to_dict(),
        "board": (known["csp"] + " Community Safety Partnership").value_counts().to_dict(),
        "incident_year": years.value_counts(dropna=False).to_dict(),
        "characteristic": {k: v for k, v in tags.items() if v},
        "total": {"records": len(df)},
    }


def _plain(key: Any) -> Any:
    return None if key is None or (isinstance(key, float) and pd.isna(key)) else key


def assert_views_equal_pandas(store: GraphStore, csv: Path) -> None:
    expected = pandas_counts(csv)
    for by in ("region", "board", "incident_year", "characteristic"):
        rows = run_query(store, "register_counts", {"by": by})
        assert {r["records_in_view"] for r in rows} == {expected["total"]["records"]}, by
        got = {_plain(r["key"]): r["records"] for r in rows}
        want = {_plain(k): int(v) for k, v in expected[by].items()}
        assert got == want, by
        # the live answer and the stored view agree
        assert run_query(store, "register_counts", {"by": by}, precomputed=False) == rows


def test_fictional_register_views_equal_pandas(empty_store: GraphStore, tmp_path: Path) -> None:
    csv = write_fictional(tmp_path)
    assert not load_register(empty_store, csv, "dhrd").failed
    analyse(empty_store)
    assert_views_equal_pandas(empty_store, csv)
    by_year = {r["key"]: r["records"] for r in
               run_query(empty_store, "register_counts", {"by": "incident_year"})}  # fmt: skip
    assert by_year == {2019: 2, 2021: 1, 2017: 1, None: 1}
    tags = {r["value"]: r["records"] for r in
            run_query(empty_store, "register_counts", {"by": "characteristic"})}  # fmt: skip
    assert tags["Coercive control"] == 3 and tags["Intimate partner"] == 2
    # a register record is never counted by a practice-theme view, switch or not
    assert run_query(empty_store, "recurring_themes", {"include_register": True}) == []
    # by default nothing counts them: they are not reports
    assert run_query(empty_store, "overview_totals")[0]["reviews"] == 0
    on = run_query(empty_store, "overview_totals", {"include_register": True})[0]
    assert (on["reviews"], on["register_records"], on["reports"]) == (5, 5, 0)
    cases = {r["characteristic_id"]: r for r in
             run_query(empty_store, "characteristics", {"include_register": True})}  # fmt: skip
    assert cases["coercive_control"]["from_register"] == 3


def test_dhrd_register_views_equal_pandas(empty_store: GraphStore) -> None:
    if not DHRD.is_file():
        pytest.skip(f"{DHRD} is absent (the shared corpus sits beside the project)")
    assert not load_register(empty_store, DHRD, "dhrd").failed
    analyse(empty_store)
    assert_views_equal_pandas(empty_store, DHRD)
    regions = run_query(empty_store, "register_counts", {"by": "region"})
    assert sum(r["records"] for r in regions) == 647


DEFAULT_VIEWS = [  # (query, params): what a board's pages open with
    ("recurring_themes", {}),
    ("recurring_themes", {"level": "subtheme"}),
    ("theme_by_type", {}),
    ("theme_cooccurrence", {}),
    ("open_on_recurring_theme", {}),
    ("overview_totals", {}),
    ("agency_theme_matrix", {}),
    ("characteristic_themes", {}),
]


def _default_views(store: GraphStore) -> dict[str, list[dict[str, Any]]]:
    return {f"{name} {params}": run_query(store, name, params) for name, params in DEFAULT_VIEWS}


@pytest.mark.timeout(300)
def test_loading_a_register_leaves_the_default_theme_ranking(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    corpus = tmp_path / "sample"
    build_sample_corpus(corpus)
    assert not load_register(empty_store, corpus / "register.csv", "sample").failed
    assert not load_actions(empty_store, corpus / "action_plan.csv").failed
    analyse(empty_store)
    alone = _default_views(empty_store)
    top = alone["recurring_themes {}"][0]
    assert top["theme_id"] == "information_sharing" and top["reviews"] >= 9
    register = DHRD if DHRD.is_file() else write_fictional(tmp_path)
    assert not load_register(empty_store, register, "dhrd").failed
    analyse(empty_store)
    assert _default_views(empty_store) == alone
    # the register is there, counted on purpose only
    on = run_query(empty_store, "overview_totals", {"include_register": True})[0]
    expected = 647 if register == DHRD else len(FICTIONAL)
    assert on["register_records"] == expected + 3  # the sample register: 3 published rows
    assert {t["theme_id"] for t in run_query(empty_store, "recurring_themes")}.isdisjoint(
        {c["id"] for c in load_characteristics().rows}
    )
