"""A hand-written graph of six reviews whose query answers are known (tests/test_queries*.py).

Taxonomy (domain > theme > sub-theme):
  practice (person)       > risk_assessment > cumulative_risk, risk_fluid
                          > professional_curiosity
  interagency (team)      > information_sharing > records_not_read, phone_referrals
                          > escalation
  context (circumstance)  > domestic_abuse, substance_misuse

Reviews (R5 is unpublished, so hidden by default); theme links:
  R1 SCR  North 2014 under 1 fatal      records_not_read, cumulative_risk, domestic_abuse
  R2 SAR  North 2016 adult   non-fatal  phone_referrals, substance_misuse, professional_curiosity
  R3 DHR  South 2018 adult   fatal      domestic_abuse, information_sharing, risk_fluid
  R4 CSPR South 2020 1-5     fatal      records_not_read, cumulative_risk, escalation
  R5 SCR  North 2019 6-10    fatal      information_sharing, domestic_abuse
  R6 SAR  South 2021 adult   fatal      substance_misuse, professional_curiosity, records_not_read

Known answers with the default filters (R5 left out), at theme level:
  information_sharing in 5 reviews (R1 R2 R3 R4 R6), risk_assessment 3, then 2 each for
  domestic_abuse, professional_curiosity, substance_misuse, and escalation 1.
  Co-occurrence: information_sharing+risk_assessment in 3 reviews (lift 1.0, Jaccard 0.6);
  domestic_abuse+risk_assessment in 2 (lift 5*2/(2*3) = 1.667, Jaccard 2/3).
  Repeat recommendations: csc on information_sharing in R1, R2, R4; police on domestic_abuse
  in R1, R3.
  Action plans: R1/rec/2 and R3/rec/1 complete; R2/rec/1 in progress but due 2017 (overdue);
  one action matches no recommendation.
  Open on a recurring theme: R1/rec/1, R2/rec/1, R3/rec/2, R4/rec/1 (information_sharing) and
  R2/rec/2 (substance_misuse); the complete ones on domestic_abuse are not.
  Near-identical recommendations: R1/rec/1 and R4/rec/1 (one cluster).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from graph.config import Settings
from graph.embedded_server import EmbeddedServer
from graph.store import GraphStore, open_store
from queries.graph_rows import GraphRows, write_rows

R1, R2, R3 = "scr-north-child-a-2014", "sar-north-adult-b-2016", "dhr-south-c-2018"
R4, R5, R6 = "cspr-south-child-d-2020", "scr-north-child-e-2019", "sar-south-adult-f-2021"

THEMES = [
    # id, name, level, parent, domain, layer
    ("practice", "Direct practice", "domain", None, "practice", "person"),
    ("interagency", "Inter-agency working", "domain", None, "interagency", "team"),
    ("context", "Family context", "domain", None, "context", "circumstance"),
    ("risk_assessment", "Risk assessment", "theme", "practice", "practice", "person"),
    ("professional_curiosity", "Professional curiosity", "theme", "practice", "practice", "person"),
    ("information_sharing", "Information sharing", "theme", "interagency", "interagency", "team"),
    ("escalation", "Escalation", "theme", "interagency", "interagency", "team"),
    ("domestic_abuse", "Domestic abuse", "theme", "context", "context", "circumstance"),
    ("substance_misuse", "Substance misuse", "theme", "context", "context", "circumstance"),
    ("cumulative_risk", "Cumulative risk", "subtheme", "risk_assessment", "practice", "person"),
    ("risk_fluid", "Risk is fluid", "subtheme", "risk_assessment", "practice", "person"),
    ("records_not_read", "Records not read", "subtheme", "information_sharing", "interagency",
     "team"),
    ("phone_referrals", "Phone referrals not confirmed", "subtheme", "information_sharing",
     "interagency", "team"),
]  # fmt: skip

AGENCIES = [
    ("gp", "GP", "health"),
    ("health_visitor", "Health visitor", "health"),
    ("police", "Police", "police"),
    ("csc", "Children's social care", "social care"),
    ("board", "Safeguarding board", "inter-agency"),
    ("school", "School", "education"),
]

# id, type, board, year, age_band, outcome, published, subject, themes
REVIEWS: list[tuple[Any, ...]] = [
    (R1, "SCR", "North", 2014, "under 1", "fatal", None, "Child A",
     ["records_not_read", "cumulative_risk", "domestic_abuse"]),
    (R2, "SAR", "North", 2016, "adult", "non-fatal", None, "Adult B",
     ["phone_referrals", "substance_misuse", "professional_curiosity"]),
    (R3, "DHR", "South", 2018, "adult", "fatal", True, "C",
     ["domestic_abuse", "information_sharing", "risk_fluid"]),
    (R4, "CSPR", "South", 2020, "1-5", "fatal", None, "Child D",
     ["records_not_read", "cumulative_risk", "escalation"]),
    (R5, "SCR", "North", 2019, "6-10", "fatal", False, "Child E",
     ["information_sharing", "domestic_abuse"]),
    (R6, "SAR", "South", 2021, "adult", "fatal", True, "Adult F",
     ["substance_misuse", "professional_curiosity", "records_not_read"]),
]  # fmt: skip

# what a review's introduction says of its subject: gender, age as written, harm
SUBJECTS = {
    R1: ("male", "4 months", "non-accidental head injury"),
    R2: ("female", "67 years", "self-neglect"),
    R3: ("female", "34 years", "intimate partner homicide"),
    R4: ("female", "2 years", "neglect"),
    R5: ("male", "8 years", "physical abuse"),
    R6: ("male", "52 years", "self-neglect"),
}
LOADED_AT = "2024-05-01T09:00:00+00:00"

# review, number, text, agencies, themes
RECS = [
    (R1, "1", "Children's social care should ensure that case records are read and shared with "
     "partner agencies before a case is closed.", ["csc"], ["records_not_read"]),
    (R1, "2", "Police should refer every domestic abuse incident to MARAC within 24 hours.",
     ["police"], ["domestic_abuse"]),
    (R2, "1", "Adult and children's social care should confirm telephone referrals in writing.",
     ["csc"], ["phone_referrals"]),
    (R2, "2", "GP practices should ask about alcohol and drug use at every review.", ["gp"],
     ["substance_misuse"]),
    (R3, "1", "Police should review how stalking reports are risk assessed.", ["police"],
     ["domestic_abuse"]),
    (R3, "2", "The board should audit information sharing between health and police.",
     ["board"], ["information_sharing"]),
    (R4, "1", "Children's social care should ensure that case records are read and shared with "
     "partner agencies before case closure.", ["csc"], ["records_not_read"]),
    (R5, "1", "Children's social care should share strategy discussion minutes with schools.",
     ["csc"], ["information_sharing"]),
]  # fmt: skip

# review, number, text, kind, theme, page
FINDINGS = [
    (R1, "1", "Records held by the GP were not read before the case was closed.", "finding",
     "records_not_read", 12),
    (R4, "1", "Practitioners did not escalate their concerns about the baby's injuries.",
     "finding", "escalation", 20),
    (R6, "1", "Alcohol use was seen as a lifestyle choice rather than a risk.", "learning",
     "substance_misuse", 9),
]  # fmt: skip

ACTIONS_DOC = "actions-doc"
# row, review_ref, rec id, status, due, owner, recommendation text as the plan quotes it
ACTIONS: list[tuple[int, str, str | None, str, str, str, str | None]] = [
    (2, "SCR Child A", f"{R1}/rec/2", "complete", "2015-06-30", "police", None),
    (3, "SAR Adult B", f"{R2}/rec/1", "in progress", "2017-03-31", "csc", None),
    (4, "DHR C", f"{R3}/rec/1", "complete", "2019-12-31", "police", None),
    (
        5,
        "SCR Child Z",
        None,
        "open",
        "2022-01-31",
        "csc",
        "Schools should be invited to every strategy discussion.",
    ),
]


def _evidence(review: str, theme: str) -> tuple[list[str], list[int]]:
    name = next(t[1] for t in THEMES if t[0] == theme)
    subject = next(r[7] for r in REVIEWS if r[0] == review)
    return [f"{subject}: practitioners' {name.lower()} was a concern."], [3]


def tiny_rows() -> GraphRows:
    """The rows of the tiny graph."""
    g = GraphRows()
    for tid, name, level, parent, domain, layer in THEMES:
        g.themes.append({"id": tid, "name": name, "level": level, "domain": domain,
                         "layer": layer, "definition": f"{name} (test taxonomy)"})  # fmt: skip
        if parent:
            g.parents.append({"child": tid, "parent": parent})
    for aid, name, sector in AGENCIES:
        g.agencies.append({"id": aid, "name": name, "sector": sector, "sector_id": sector,
                           "collective": False})  # fmt: skip
    g.boards = [{"id": b.lower(), "name": b, "kind": "partnership"} for b in ("North", "South")]
    for rid, rtype, board, year, band, outcome, published, subject, themes in REVIEWS:
        doc = f"doc-{rid}"
        g.documents.append({"id": doc, "sha256": doc, "path": f"/reviews/{rid}.pdf",
                            "name": f"{rid}.pdf", "format": "pdf", "pages": 30,
                            "kind": "review", "title": f"{rtype} {subject}",
                            "loaded_at": LOADED_AT})  # fmt: skip
        gender, age, harm = SUBJECTS[rid]
        props = {"id": rid, "type": rtype, "board": board, "year": year, "age_band": band,
                 "age": age, "gender": gender, "outcome": outcome, "harm": harm,
                 "subject": subject, "title": f"{rtype} {subject}", "doc": doc,
                 "source": "document", "first_page": 1, "last_page": 30}  # fmt: skip
        if published is not None:
            props["published"] = published
        g.reviews.append({"id": rid, "props": props, "board_id": board.lower(), "doc": doc})
        for theme in themes:
            evidence, pages = _evidence(rid, theme)
            g.has_theme.append({"review": rid, "theme": theme, "props": {
                "mentions": 2, "evidence": evidence, "pages": pages, "source": "text",
                "doc": doc}})  # fmt: skip
            g.passages.append({"props": {"id": f"{doc}/p3/{theme}", "text": evidence[0],
                                         "page": 3, "doc": doc, "review_id": rid},
                               "themes": [theme]})  # fmt: skip
        for agency in ("gp", "police", "csc"):
            g.involved.append({"review": rid, "agency": agency, "props": {
                "mentions": 1, "evidence": [], "pages": [], "doc": doc}})  # fmt: skip
    for review, number, text, agencies, themes in RECS:
        rec_id = f"{review}/rec/{number}"
        doc = f"doc-{review}"
        g.recs.append({"review": review, "props": {"id": rec_id, "number": number, "text": text,
                                                   "page": 25, "section": "Recommendations",
                                                   "review_id": review,
                                                   "doc": doc}})  # fmt: skip
        g.addressed += [{"rec": rec_id, "agency": a, "doc": doc} for a in agencies]
        g.rec_themes += [{"rec": rec_id, "theme": t, "doc": doc} for t in themes]
    for review, number, text, kind, theme, page in FINDINGS:
        fid = f"{review}/finding/{number}"
        g.findings.append({"review": review, "props": {"id": fid, "number": number, "text": text,
                                                       "kind": kind, "page": page,
                                                       "section": "Findings",
                                                       "review_id": review,
                                                       "doc": f"doc-{review}"}})  # fmt: skip
        g.finding_themes.append({"finding": fid, "theme": theme})
    g.documents.append({"id": ACTIONS_DOC, "sha256": ACTIONS_DOC, "path": "/plans/actions.csv",
                        "name": "actions.csv", "format": "csv", "pages": 0,
                        "kind": "actions"})  # fmt: skip
    for row, ref, tracked, status, due, owner, rec_text in ACTIONS:
        g.actions.append({"props": {"id": f"{ACTIONS_DOC}/{row}", "review_ref": ref,
                                    "rec_number": tracked.rsplit("/", 1)[1] if tracked else "9",
                                    "action": "agreed action", "owner": owner, "due": due,
                                    "status": status, "rec_text": rec_text,
                                    "evidence": "Audit of case files" if status == "complete"
                                    else None,
                                    "doc": ACTIONS_DOC, "rec_id": tracked,
                                    "match": "number" if tracked else None},
                          "owners": [owner]})  # fmt: skip
    return g


def build_tiny(store: GraphStore) -> dict[str, int]:
    """Write the tiny graph into an (empty) store; returns rows written per kind."""
    return write_rows(store, tiny_rows())


TODAY = date(2025, 1, 1)  # the day the tiny graph's action plans are judged on


@contextmanager
def tiny_store(folder: Path, *, analysed: bool = False) -> Iterator[GraphStore]:
    """An embedded store in `folder` holding the tiny graph (analysed as of TODAY when
    asked); its server is stopped when the block ends, whoever started it."""
    store = open_store(Settings.from_env("embedded", folder))
    try:
        store.clear()
        build_tiny(store)
        if analysed:
            from queries.analytics import analyse

            analyse(store, today=TODAY)
        yield store
    finally:
        store.close()
        EmbeddedServer(folder).stop()
