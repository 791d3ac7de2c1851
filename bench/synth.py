"""A synthetic graph with a realistic fan-out, for benchmarks (and tests at small sizes).

Deterministic for a seed. Shapes follow docs/DOMAIN.md: 8-15 themes per review, skewed towards
a few popular ones; recommendations per review median about 7, range 0-40, 18% none; about 30
canonical agencies in 10 sectors; 50 boards; years 2010-2025; SCR until 2019 then CSPR; SARs,
DHRs and a few others. Usage: `python -m bench.synth 1000 --data-dir /tmp/rg-1k`.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from reviewgraph.graph.config import Settings
from reviewgraph.graph.store import GraphStore, open_store
from reviewgraph.loaders.characteristics import load_characteristics
from reviewgraph.loaders.rows import (
    ActionRow,
    AgencyRow,
    BoardRow,
    CharacteristicRow,
    DocumentRows,
    FindingRow,
    HitRow,
    ParentRow,
    PassageRow,
    RecommendationRow,
    ReviewRows,
    ThemeRow,
    document_rows,
)
from reviewgraph.loaders.writer import write_new_documents, write_reference
from reviewgraph.queries.analytics import RELINK_ACTIONS, roll_up_themes

# domain (layer) -> theme -> sub-themes
TAXONOMY: dict[tuple[str, str], dict[str, list[str]]] = {
    ("practice", "person"): {
        "risk_assessment": ["cumulative_risk", "risk_is_fluid", "known_and_knowable"],
        "assessment_quality": ["history_ignored", "incidents_in_isolation", "carer_capacity"],
        "voice": ["voice_of_the_child", "voice_of_the_adult", "disclosures_not_acted_on"],
        "professional_curiosity": ["disguised_compliance", "hidden_men", "respectful_challenge"],
        "mental_capacity": ["capacity_assessment", "self_determination"],
    },
    ("team", "team"): {
        "information_sharing": ["records_not_read", "phone_referrals", "gp_records"],
        "think_family": ["whole_household", "adult_services_ask_about_children"],
        "escalation": ["professional_disagreement", "deference_to_seniors"],
        "transitions": ["moving_areas", "hospital_discharge", "early_case_closure"],
        "multi_agency_meetings": ["strategy_discussions", "marac", "mash"],
    },
    ("organisation", "organisation"): {
        "supervision": ["management_oversight", "workload", "reflective_supervision"],
        "training": ["training_gaps", "guidance_not_followed"],
        "recording": ["case_records", "chronologies"],
    },
    ("governance", "governance"): {
        "board_assurance": ["action_plan_monitoring", "multi_agency_audit"],
        "commissioning": ["service_gaps", "thresholds"],
    },
    ("circumstances", "circumstance"): {
        "domestic_abuse": ["coercive_control", "separation", "stalking", "perpetrator_history"],
        "mental_health": ["parental_mental_health", "adult_mental_health", "self_harm"],
        "substance_misuse": ["alcohol", "drugs", "toxic_trio"],
        "neglect": ["intergenerational_neglect", "self_neglect"],
        "non_engagement": ["was_not_brought", "missed_appointments"],
        "exploitation": ["sexual_exploitation", "criminal_exploitation", "going_missing"],
        "housing_and_poverty": ["homelessness", "poverty"],
        "disability": ["learning_disability", "additional_needs"],
        "culture_and_language": ["interpreters", "isolation"],
        "education": ["school_attendance", "missing_education"],
    },
    ("response", "organisation"): {
        "emergency_response": ["calls_999", "ambulance_response"],
        "good_practice": ["good_practice_noted"],
    },
}
SECTORS = {
    "health": ["gp", "health_visitor", "midwifery", "school_nurse", "emergency_department",
               "ambulance", "nhs_111", "camhs", "adult_mental_health", "mental_health_liaison"],
    "police": ["police"],
    "social care": ["csc", "asc", "early_help"],
    "probation/justice": ["probation", "yot"],
    "education": ["school", "college", "nursery"],
    "housing": ["housing"],
    "third sector": ["idva", "domestic_abuse_service", "substance_misuse_service",
                     "home_care"],
    "legal": ["cafcass", "courts"],
    "inter-agency": ["board", "mash", "marac"],
    "family/community": ["family"],
}  # fmt: skip
TYPES = ["SCR", "CSPR", "SAR", "DHR", "CPR", "TTR", "OTHER"]
TYPE_WEIGHTS = [0.25, 0.20, 0.25, 0.22, 0.03, 0.03, 0.02]
CHILD_BANDS = ["under 1", "1-5", "6-10", "11-15", "16-17"]
VERBS = ["should ensure that", "should review how", "should seek assurance that",
         "should develop guidance on", "should provide training on", "should audit"]  # fmt: skip
TAILS = ["within six months.", "and report to the board.", "across the partnership.",
         "for all front-line staff.", "in line with national guidance.", "."]  # fmt: skip
PLACES = ["North", "South", "East", "West", "Upper", "Lower", "Great", "Little", "New", "Old"]
ROOTS = ["field", "shire", "bridge", "ford", "wick"]


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


DEFINED = "A synthetic theme (bench/synth.py)."
LOADED_AT = "2025-01-01T00:00:00+00:00"
HARMS = ["neglect", "physical abuse", "self-neglect", "intimate partner homicide", "suicide"]
AGES = {"under 1": "5 months", "1-5": "3 years", "6-10": "8 years", "11-15": "14 years",
        "16-17": "16 years", "adult": "45 years"}  # fmt: skip


def taxonomy_rows(themes: list[ThemeRow], parents: list[ParentRow]) -> list[str]:
    """Add the taxonomy to the rows; returns the linkable (theme and sub-theme) ids."""
    linkable = []
    for (domain, layer), children in TAXONOMY.items():
        themes.append(ThemeRow(id=domain, name=_label(domain), level="domain", domain=domain,
                               layer=layer, definition=DEFINED))  # fmt: skip
        for theme, subs in children.items():
            themes.append(ThemeRow(id=theme, name=_label(theme), level="theme", domain=domain,
                                   layer=layer, definition=DEFINED))  # fmt: skip
            parents.append(ParentRow(child=theme, parent=domain))
            linkable.append(theme)
            for sub in subs:
                themes.append(ThemeRow(id=sub, name=_label(sub), level="subtheme",
                                       domain=domain, layer=layer,
                                       definition=DEFINED))  # fmt: skip
                parents.append(ParentRow(child=sub, parent=theme))
                linkable.append(sub)
    return linkable


def _skewed(rng: np.random.Generator, n: int, power: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** power
    rng.shuffle(weights)
    return weights / weights.sum()


def _rec_count(rng: np.random.Generator) -> int:
    if rng.random() < 0.18:
        return 0
    return int(min(40, max(1, round(rng.lognormal(np.log(8.0), 0.65)))))


def _review_props(rng: np.random.Generator, i: int, board: str) -> dict[str, Any]:
    year = int(rng.integers(2010, 2026))
    rtype = str(rng.choice(TYPES, p=TYPE_WEIGHTS))
    if rtype in ("SCR", "CSPR"):
        rtype = "SCR" if year < 2019 else "CSPR"
    child = rtype in ("SCR", "CSPR", "CPR") or (rtype in ("TTR", "OTHER") and rng.random() < 0.5)
    band = str(rng.choice(CHILD_BANDS)) if child else "adult"
    props: dict[str, Any] = {
        "id": f"synth-{i:06d}", "type": rtype, "board": board, "year": year,
        "subject": f"{'Child' if child else 'Adult'} {i}", "title": f"{rtype} {i}",
        "age_band": band, "gender": str(rng.choice(["female", "male"])),
        "outcome": "fatal" if rng.random() < 0.6 else "non-fatal", "source": "report",
        "age": AGES[band], "harm": HARMS[i % len(HARMS)], "first_page": 1, "last_page": 40,
    }  # fmt: skip
    roll = rng.random()
    if roll < 0.03:
        props["published"] = False
    elif roll < 0.10:
        props["published"] = True
    return props


@dataclass
class Synthetic:
    """A synthetic graph as the loaders' rows: reference data and one DocumentRows a review."""

    themes: list[ThemeRow] = field(default_factory=list)
    parents: list[ParentRow] = field(default_factory=list)
    agencies: list[AgencyRow] = field(default_factory=list)
    characteristics: list[CharacteristicRow] = field(default_factory=list)
    documents: list[DocumentRows] = field(default_factory=list)


def synth_rows(n_reviews: int, seed: int = 7) -> Synthetic:
    """The rows of a synthetic graph with `n_reviews` reviews."""
    rng = np.random.default_rng(seed)
    g = Synthetic()
    linkable = taxonomy_rows(g.themes, g.parents)
    parent = {p["child"]: p["parent"] for p in g.parents}
    names = {t["id"]: t["name"] for t in g.themes}
    agencies = [(a, s) for s, ids in SECTORS.items() for a in ids]
    g.agencies = [AgencyRow(id=a, name=_label(a), sector=s, sector_id=s.replace(" ", "_"),
                            collective=False) for a, s in agencies]  # fmt: skip
    boards = [f"{p}{r}" for p in PLACES for r in ROOTS]
    g.characteristics = list(load_characteristics().rows)
    # a generator of their own, so adding characteristics left the rest of the graph as it was
    case_rng = np.random.default_rng(seed + 1)
    theme_p = _skewed(rng, len(linkable), 0.9)
    agency_p = _skewed(rng, len(agencies), 1.1)
    for i in range(n_reviews):
        board = boards[int(rng.integers(len(boards)))]
        props = _review_props(rng, i, board)
        rid, doc = props["id"], f"doc-{i:06d}"
        props["doc"] = doc
        rows = document_rows({"id": doc, "sha256": doc, "path": f"/synth/{rid}.pdf",
                              "name": f"{rid}.pdf", "format": "pdf", "pages": 40,
                              "kind": "review", "title": props["title"],
                              "loaded_at": LOADED_AT})  # fmt: skip
        review = ReviewRows(id=rid, props=props, themes=[], agencies=[], recs=[], findings=[],
                            boards=[BoardRow(id=board.lower(), name=board,
                                             kind="partnership")])  # fmt: skip
        k = int(round(rng.triangular(8, 9, 15)))
        themes = [str(t) for t in rng.choice(linkable, size=k, replace=False, p=theme_p)]
        for j, t in enumerate(themes):
            text = f"{props['subject']}: {names[t].lower()} was a concern (passage {j})."
            page = int(rng.integers(1, 40))
            review["themes"].append(HitRow(id=t, mentions=int(rng.integers(1, 9)),
                                           evidence=[text], pages=[page], source="text",
                                           strength=float(k - j), rank=j + 1))  # fmt: skip
            if j < 5:
                rows["passages"].append(PassageRow(
                    props={"id": f"{doc}/p{page}/{j}", "text": text, "page": page, "doc": doc,
                           "review_id": rid},
                    themes=[t]))  # fmt: skip
        # a passing mention below the cut (MENTIONS_THEME), chosen without drawing from rng
        weak = next(str(t) for t in linkable if str(t) not in themes)
        review["weak_themes"] = [HitRow(id=weak, mentions=1, evidence=[f"{rid}: {weak}."],
                                        pages=[3], source="text", strength=1.0,
                                        rank=len(themes) + 1)]  # fmt: skip
        involved = rng.choice(len(agencies), size=int(rng.integers(5, 16)), replace=False,
                              p=agency_p)  # fmt: skip
        for a in involved:
            review["agencies"].append(HitRow(id=agencies[int(a)][0],
                                             mentions=int(rng.integers(1, 20)), evidence=[],
                                             pages=[], source="text"))  # fmt: skip
        _recs(rng, rows, review, doc, themes, agencies, agency_p, names, parent, props["year"])
        for f in range(int(rng.poisson(4))):
            theme = themes[int(rng.integers(len(themes)))]
            review["findings"].append(FindingRow(props={
                "id": f"{rid}/finding/{f + 1}", "number": str(f + 1), "kind": "finding",
                "section": "Findings", "page": 30, "doc": doc, "review_id": rid,
                "text": f"Finding on {names[theme].lower()} in {rid}."},
                themes=[theme]))  # fmt: skip
        picked = case_rng.choice(len(g.characteristics), size=int(case_rng.integers(0, 4)),
                                 replace=False)  # fmt: skip
        review["characteristics"] = [
            HitRow(id=g.characteristics[int(c)]["id"], mentions=1, evidence=[
                f"{props['subject']}: {g.characteristics[int(c)]['name'].lower()}."],
                pages=[2], source="text") for c in picked
        ]  # fmt: skip
        rows["reviews"].append(review)
        g.documents.append(rows)
    return g


def _recs(
    rng: np.random.Generator,
    rows: DocumentRows,
    review: ReviewRows,
    doc: str,
    themes: list[str],
    agencies: list[tuple[str, str]],
    agency_p: np.ndarray,
    names: dict[str, str],
    parent: dict[str, str],
    year: int,
) -> None:
    rid = review["id"]
    planned = rng.random() < 0.3
    for n in range(_rec_count(rng)):
        rec_id = f"{rid}/rec/{n + 1}"
        picked = rng.choice(len(agencies), size=1 + int(rng.random() < 0.2), replace=False,
                            p=agency_p)  # fmt: skip
        on = [themes[int(t)] for t in rng.choice(len(themes), size=1 + int(rng.random() < 0.3),
                                                   replace=False)]  # fmt: skip
        lead = _label(agencies[int(picked[0])][0])
        topic = names[parent.get(on[0], on[0])].lower() + " and " + names[on[0]].lower()
        text = f"{lead} {rng.choice(VERBS)} practice on {topic} {rng.choice(TAILS)}"
        review["recs"].append(RecommendationRow(
            id=rec_id,
            props={"id": rec_id, "number": str(n + 1), "text": text, "page": 35,
                   "section": "Recommendations", "review_id": rid, "doc": doc},
            agencies=[agencies[int(a)][0] for a in picked], themes=on))  # fmt: skip
        if planned:
            status = str(rng.choice(["complete", "in progress", "open", "overdue"],
                                    p=[0.5, 0.25, 0.15, 0.1]))  # fmt: skip
            matched = rng.random() > 0.03
            rows["actions"].append(ActionRow(props={
                "id": f"plan-{rid}/{n + 2}", "review_ref": rid, "rec_number": str(n + 1),
                "rec_text": text, "owner": lead, "action": "agreed action",
                "due": f"{year + 1 + int(rng.integers(0, 2))}-03-31", "status": status,
                "evidence": "Audit of case files" if status == "complete" else None,
                "doc": doc, "rec_id": rec_id if matched else None,
                "match": "number" if matched else None},
                owners=[agencies[int(picked[0])][0]]))  # fmt: skip


def build_synth(store: GraphStore, n_reviews: int, seed: int = 7) -> int:
    """Generate a synthetic graph and write it into an empty store through the loaders' own
    writer, attaching its action plans and rolling theme links up the taxonomy (RAISES) as a
    load does; returns the documents written."""
    g = synth_rows(n_reviews, seed)
    write_reference(store, g.themes, g.parents, g.agencies, g.characteristics)
    written = write_new_documents(store, g.documents)
    store.write(RELINK_ACTIONS)
    roll_up_themes(store)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("reviews", type=int)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    with open_store(Settings(data_dir=args.data_dir)) as store:
        store.clear()
        written = build_synth(store, args.reviews, args.seed)
    print(f"wrote {written} documents in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
