"""The agency gazetteer: names, acronyms, organisation patterns, addressees, unknown names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reviewgraph.loaders.gazetteer import AGENCIES_PATH, Gazetteer, load_gazetteer
from reviewgraph.loaders.models import AgencyHit

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_gazetteer_shape(gaz: Gazetteer) -> None:
    assert len(gaz.agencies) >= 55
    assert len(gaz.sectors) == 10
    rows = gaz.rows()
    assert {r["sector"] for r in rows} == set(gaz.sectors)
    sector_ids = {s["id"] for s in gaz.sector_rows()}
    assert {r["sector_id"] for r in rows} == sector_ids
    assert {"agency": "probation", "sector": "probation-justice"} in gaz.in_sector_rows()
    for key in [
        "gp",
        "health_visiting",
        "midwifery",
        "csc",
        "asc",
        "police",
        "emergency_calls",
        "mash",
        "marac",
        "lscb",
        "sab",
        "csp",
        "all_agencies",
        "health_partners",
    ]:
        assert key in gaz.agencies, key
    assert gaz.agencies["health_partners"].sector == "health"
    assert gaz.agencies["all_agencies"].sector == "inter-agency"


# -- addressees ----------------------------------------------------------------------------

ADDRESSEES = [
    ("The LSCB should ensure that multi-agency training is provided.", ["lscb"]),
    ("Health partners should seek assurance that GPs record domestic abuse.", ["health_partners"]),
    ("GP practices should review how they follow up children who are not brought.", ["gp"]),
    ("Police and Children's Social Care should review joint working.", ["police", "csc"]),
    (
        "The Board should seek assurance from Police and Children's Social Care that strategy "
        "discussions are held.",
        ["safeguarding_board", "police", "csc"],
    ),
    ("That the CCG reviews its safeguarding training.", ["icb_ccg"]),
    ("Recommendation for: GP practices", ["gp"]),
    ("3. Owner: Police | Review the DASH process | March 2024", ["police"]),
    ("R4 | Kestrelford Constabulary | Improve call handling | Open", ["police"]),
    (
        "It is recommended that the Safeguarding Adults Board seeks assurance on self-neglect.",
        ["sab"],
    ),
    ("5. The CSP should run a public awareness campaign on stalking.", ["csp"]),
    ("All partner agencies should remind staff of the escalation policy.", ["all_agencies"]),
    ("Training on coercive control should be commissioned by the CSP.", ["csp"]),
    (
        "The Local Authority, working with partners, should develop a neglect strategy.",
        ["local_authority", "all_agencies"],
    ),
    (
        "Kestrelford Hospitals NHS Foundation Trust should ensure that midwives ask.",
        ["acute_hospital"],
    ),
    (
        "Fenmarsh District Council housing should ensure that families have space for a cot.",
        ["local_authority", "housing_options"],
    ),
    ("In light of the GP's findings, the SAB should publish a self-neglect protocol.", ["sab"]),
    ("Ensure that all staff are trained.", []),
]


@pytest.mark.parametrize(("text", "expected"), ADDRESSEES)
def test_addressees(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert gaz.addressees(text) == expected


# -- agencies in text ----------------------------------------------------------------------


def test_acronyms_are_case_sensitive_whole_tokens(gaz: Gazetteer) -> None:
    assert gaz.match_text("The ED was busy.") == ["emergency_department"]
    assert gaz.match_text("It was used and reviewed; EDUCATION and REPORTED.") == []
    assert gaz.match_text("The HV and the GPs met; A&E staff called.") == [
        "health_visiting",
        "gp",
        "emergency_department",
    ]
    assert gaz.match_text("The gp and the hv") == []  # acronyms in lower case do not count
    assert gaz.match_text("A shiver; the CAMHSS form; aCSC") == []


def test_999_and_101_only_in_call_contexts(gaz: Gazetteer) -> None:
    assert gaz.match_text("She called 999 at 3am.") == ["emergency_calls"]
    assert gaz.match_text("The 101 call was not answered.") == ["emergency_calls"]
    assert gaz.match_text("He dialled 999.") == ["emergency_calls"]
    assert gaz.match_text("There were 999 cases and 101 reviews in 2014.") == []
    assert gaz.match_text("She rang NHS 111 twice.") == ["nhs_111"]


@pytest.mark.parametrize(
    ("name", "agency"),
    [
        ("Cumbria Partnership NHS Foundation Trust", "adult_mental_health"),
        ("Kestrelford Hospitals NHS Foundation Trust", "acute_hospital"),
        ("University Hospitals of Morecambe Bay NHS Foundation Trust", "acute_hospital"),
        ("North West Ambulance Service NHS Trust", "ambulance_service"),
        ("Kestrelford Community Health Services NHS Trust", "community_health"),
        ("Oxford Health NHS Foundation Trust", "nhs_trust"),
        ("Cumbria Constabulary", "police"),
        ("Central Shires Police", "police"),
        ("Fenmarsh County Council", "local_authority"),
        ("Hollowmere Borough Council", "local_authority"),
        ("Kestrelford Local Safeguarding Children Board", "lscb"),
        ("Fenmarsh Safeguarding Children Partnership", "lscb"),
        ("Hollowmere Safeguarding Adults Board", "sab"),
        ("Kestrelford Community Safety Partnership", "csp"),
        ("Millbrook Surgery", "gp"),
        ("Fenmarsh Youth Offending Team", "youth_justice"),
        ("St Mary's Primary School", "school"),
        ("Kestrelford Women's Aid", "domestic_abuse_service"),
    ],
)
def test_named_organisations(gaz: Gazetteer, name: str, agency: str) -> None:
    assert gaz.match_text(f"A letter from {name} arrived.") == [agency]


def test_longest_name_wins(gaz: Gazetteer) -> None:
    assert gaz.match_text("The school nurse saw her.") == ["school_nursing"]
    assert gaz.match_text("Adult social care and children's social care met.") == ["asc", "csc"]
    assert gaz.match_text("The domestic abuse service and the MASH.") == [
        "domestic_abuse_service",
        "mash",
    ]


def test_match_agencies_leaves_collectives_out(gaz: Gazetteer) -> None:
    sentences = [
        ("The health visitor visited; all agencies were told.", 2, "Chronology"),
        ("The health visitor visited; all agencies were told.", 3, "Chronology"),
        ("Kestrelford Constabulary attended after she called 999.", 3, "Chronology"),
        ("Health partners and partner agencies met.", 4, "Findings"),
    ]
    hits = gaz.match_agencies(sentences, max_evidence=1)
    assert set(hits) == {"health_visiting", "police", "emergency_calls"}
    hv = hits["health_visiting"]
    assert isinstance(hv, AgencyHit) and hv.mentions == 2 and len(hv.evidence) == 1
    assert hv.evidence[0].page == 2


# -- unknown organisations -----------------------------------------------------------------


def test_unknown_organisations(gaz: Gazetteer) -> None:
    text = (
        "Riverside Youth Project and Smithfield Family Centre supported her, as did "
        "Kestrelford Women's Aid. The Riverside Youth Project closed. She was seen at "
        "Kestrelford Hospitals NHS Foundation Trust and by Children's Social Care. "
        "The Hollowmere Welcome Centre ran classes. Keeping Children Safe in Schools and "
        "Colleges applies. Good Practice was noted. The Welcome Centre was closed.\n"
        "Date Event Agency\nThe Study Team read the Experience of Victimhood and Agency."
    )
    assert gaz.unknown_organisations(text) == [
        "Riverside Youth Project",
        "Hollowmere Welcome Centre",
    ]


def test_glossary_lines_read_as_one_name_are_split(gaz: Gazetteer) -> None:
    text = (
        "Glossary\nPartnership Action Meeting\nBRT Brookfield Recovery Team\n"
        "FGC Family Group Conference\nHVS Harbour Visiting Service\n\n"
        "The Shires Health and Care NHS Foundation Trust saw the Fenwick Advocacy Project."
    )
    assert gaz.unknown_organisations(text) == [
        "Brookfield Recovery Team",  # not "… Action Meeting BRT Brookfield Recovery Team"
        "Harbour Visiting Service",  # the Family Group Conference is a meeting, not a body
        "Fenwick Advocacy Project",  # the NHS trust is known: not cut at its "NHS"
    ]


# -- validation ----------------------------------------------------------------------------


def write(tmp_path: Path, agencies: list[dict], **top: object) -> Path:
    data = yaml.safe_load(AGENCIES_PATH.read_text())
    data["agencies"] = agencies
    data.update(top)
    path = tmp_path / "agencies.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


GP = {"id": "gp", "name": "GP", "sector": "health", "aliases": ["general practice"]}


@pytest.mark.parametrize(
    ("agencies", "message"),
    [
        ([{**GP, "sector": "medicine"}], "'gp': sector 'medicine' is not one of"),
        ([GP, GP], "duplicate agency id 'gp'"),
        ([{**GP, "patterns": ["(unclosed"]}], "'gp': bad regex"),
        ([{"id": "gp", "name": "GP", "sector": "health"}], "'gp': needs at least one alias"),
        ([{**GP, "name": ""}], "'gp': missing 'name'"),
        ([{**GP, "id": "General Practice"}], "must be snake_case"),
    ],
)
def test_validator_rejects_bad_yaml(tmp_path: Path, agencies: list[dict], message: str) -> None:
    with pytest.raises(ValueError) as err:
        load_gazetteer(write(tmp_path, agencies))
    assert message in str(err.value)


def test_a_small_valid_file_loads(tmp_path: Path) -> None:
    gaz = load_gazetteer(write(tmp_path, [{**GP, "acronyms": ["GP"]}]))
    assert gaz.match_text("The GP and the general practice.") == ["gp"]


# -- real text -----------------------------------------------------------------------------


def test_health_briefing_agencies(gaz: Gazetteer) -> None:
    path = CORPUS / "triennial-briefing-health.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpus sits beside the project)")
    text = path.read_text(encoding="utf-8")
    found = gaz.match_text(text)
    for agency in ["gp", "health_visiting", "midwifery", "school_nursing", "camhs", "lscb"]:
        assert agency in found, agency
    assert len(gaz.unknown_organisations(text)) <= 3  # title-case headings are not names
