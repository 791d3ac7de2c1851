"""Score extraction against a labelled development set (issue 14: extraction that generalises).

The labels (tests/eval/labels.yaml documents the format) say, for each file, the cases a
careful reader lists and, per case, its type, subject, title, year, board, themes,
agencies and recommendations (addressees, statuses). `evaluate()` runs the real extraction
(readers.read_document + extract.extract_document with the pipeline's matchers; no graph)
on every labelled file, aligns the predicted cases with the labelled ones, and counts per
field what was right, with every miss listed so a reader sees why.

Alignment: within a document, a predicted case pairs with the labelled case of the same
subject (pseudonyms compared without case, quotes or spacing); then, in a document of one
labelled case, a single predicted case left over pairs with it too (a single review found
with its subject wrong is still that review). Unpaired predictions are spurious cases.

Themes are compared through the taxonomy: a predicted theme counts for a labelled one when
it is the same node or one is the other's ancestor below the domain level (queries roll
sub-themes up, so `coercive_control` is domestic abuse).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewgraph.loaders.errors import InputError
from reviewgraph.loaders.extract import Matchers, extract_document, is_review
from reviewgraph.loaders.models import DocumentExtraction, ReviewExtraction
from reviewgraph.loaders.readers import read_document
from reviewgraph.loaders.statuses import CLASSES, STATUSES, status_class
from reviewgraph.loaders.yamlfile import read_yaml

SPLITS = (
    "dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7",
    "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13",
    "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20",
    "heldout21", "heldout22", "heldout23", "heldout24", "heldout25", "heldout26",
    "heldout27", "heldout28", "heldout29", "heldout30", "heldout31", "heldout32", "heldout33",
    "heldout34", "heldout35", "heldout36", "heldout37", "heldout38",
    "all"
)  # fmt: skip
DOC_SPLITS = SPLITS[:-1]
FIELDS = ("type", "subject", "title", "year", "board")


# --------------------------------------------------------------------------- labels


@dataclass
class LabelledCase:
    type: str | None
    subject: str | None
    title: str | None = None
    titles_also: list[str] = field(default_factory=list)
    year: int | None = None
    board: str | None = None
    themes: list[str] = field(default_factory=list)
    agencies: list[str] | None = None  # None: not labelled, not scored
    recommendations: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class LabelledDocument:
    file: str  # ROOT/NAME
    split: str
    review: bool
    cases: list[LabelledCase]


def _case(raw: dict[str, Any]) -> LabelledCase:
    recs = raw.get("recommendations") or []
    if isinstance(recs, int):
        recs = [{} for _ in range(recs)]
    return LabelledCase(
        type=raw.get("type"),
        subject=raw.get("subject"),
        title=raw.get("title"),
        titles_also=list(raw.get("title_also") or []),
        year=raw.get("year"),
        board=raw.get("board"),
        themes=list(raw.get("themes") or []),
        agencies=list(raw["agencies"]) if "agencies" in raw else None,
        recommendations=[dict(r or {}) for r in recs],
    )


def load_labels(path: Path, m: Matchers | None = None) -> list[LabelledDocument]:
    """The labelled documents; with `m`, theme and agency ids are checked against the
    taxonomy and gazetteer (a typo in a label is an error, not a silent miss)."""
    data = read_yaml(path)
    docs = []
    for raw in data.get("documents") or []:
        doc = LabelledDocument(
            file=str(raw["file"]),
            split=str(raw.get("split", "dev")),
            review=bool(raw.get("review", True)),
            cases=[_case(c) for c in raw.get("cases") or []],
        )
        if doc.split not in DOC_SPLITS:
            raise InputError(str(path), f"{doc.file}: split must be one of {', '.join(DOC_SPLITS)}")
        docs.append(doc)
    if m is not None:
        _check_ids(path, docs, m)
    return docs


def _check_ids(path: Path, docs: list[LabelledDocument], m: Matchers) -> None:
    agencies = {row["id"] for row in m.gazetteer.rows()}
    bad = []
    for doc in docs:
        for case in doc.cases:
            bad += [f"{doc.file}: theme {t}" for t in case.themes if t not in m.taxonomy.nodes]
            ids = list(case.agencies or [])
            for rec in case.recommendations:
                for addressee in rec.get("to") or []:
                    ids += addressee if isinstance(addressee, list) else [addressee]
            bad += [f"{doc.file}: agency {a}" for a in ids if a not in agencies]
    if bad:
        raise InputError(str(path), "unknown ids: " + "; ".join(bad))


# --------------------------------------------------------------------------- comparing


def norm_subject(subject: str | None) -> str:
    text = re.sub(r"[\"'‘’“”]", "", subject or "").lower()
    return re.sub(r"\s+", " ", re.sub(r"\s*/\s*", "/", text)).strip()


def _tokens(text: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", (text or "").lower().replace("'", ""))


def title_ok(got: str | None, expected: str | None, also: Iterable[str] = ()) -> bool:
    """The document's own title, allowing for punctuation, a subtitle or a dropped word;
    never a fragment (a word or two out of it) or a sentence of the body."""
    if expected is None:
        return got is None
    want_all = [expected, *also]
    have = _tokens(got)
    if not have:
        return False
    for want in (_tokens(w) for w in want_all):
        common = sum(min(have.count(t), want.count(t)) for t in set(want))
        if common >= 0.8 * len(want) and len(have) <= 1.6 * len(want) + 2:
            return True
    return False


_BOARD_KINDS = [
    ("children", re.compile(r"children|\blscb\b|\blscp\b|\bscp\b", re.I)),
    ("adults", re.compile(r"adults?\b|\bsab\b", re.I)),
    ("community", re.compile(r"community safety|\bcsp\b", re.I)),
]
_BOARD_WORDS = re.compile(
    r"\b(?:local|safeguarding|children'?s?|adults?|community|safety|board|partnership|"
    r"regional|lscb|lscp|sab|csp|scp)\b.*$",
    re.I,
)


def _board_parts(board: str) -> tuple[str, str | None]:
    place = _BOARD_WORDS.sub("", board).strip().lower()
    kind = next((k for k, p in _BOARD_KINDS if p.search(board)), None)
    return place, kind


def board_ok(got: str | None, expected: str | None) -> bool:
    """Same place and, when both say it, the same kind of board (children's, adults',
    community safety); 'Cumbria LSCB' is 'Cumbria Local Safeguarding Children Board'."""
    if expected is None or got is None:
        return got is expected
    (gp, gk), (ep, ek) = _board_parts(got), _board_parts(expected)
    return gp == ep and bool(gp) and (gk is None or ek is None or gk == ek)


def _related(m: Matchers, a: str, b: str) -> bool:
    """Same theme, or one is the other's ancestor (domains excepted)."""
    if a == b:
        return True
    nodes = m.taxonomy.nodes
    if a not in nodes or b not in nodes or "domain" in (nodes[a].level, nodes[b].level):
        return False
    return a in m.taxonomy.ancestors(b) or b in m.taxonomy.ancestors(a)


def _addressee_ok(got: list[str], expected: list[Any]) -> bool:
    return all(any(g in (e if isinstance(e, list) else [e]) for g in got) for e in expected)


# Not letters: a share done keeps its digits ("0% complete" is not "complete").
_STATUS = re.compile(r"[^a-z0-9%]+")
_SHARE = re.compile(r"^\d{1,3}\s*%")


def _status(value: Any) -> str | None:
    """A status as written, in lower case without punctuation; the plans' own synonyms
    are one status ("Completed" and "complete"), and a share done is its class."""
    words = _STATUS.sub(" ", str(value).lower()).strip() if value else ""
    if _SHARE.match(words):
        return status_class(str(value))
    return STATUSES.get(words, words) or None


def _status_right(got: Any, want: Any, got_class: str | None = None) -> tuple[bool, bool]:
    """Whether a status is right as written, and whether its class is. As written: the
    board's words; or, where the label gives a class word (a key's meaning for a colour
    or a tick), the class of what was read. Class: complete, in progress, open, overdue;
    words that name no class must match as written. `got_class`: the class the extraction
    gave (through the report's key), else the class of its words."""
    said, meant = _status(got), _status(want)
    want_class = status_class(str(want)) if want else None
    got_class = got_class or (status_class(str(got)) if got else None)
    written = said is not None and (said == meant or (meant in CLASSES and got_class == meant))
    klass = written if want_class is None else got_class == want_class
    return written, klass


# --------------------------------------------------------------------------- scoring


@dataclass
class Miss:
    document: str
    case: str
    field: str
    expected: Any
    got: Any


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def rate(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class Scores:
    documents: int = 0
    missing_files: list[str] = field(default_factory=list)
    labelled_cases: int = 0
    predicted_cases: int = 0
    found_cases: int = 0
    non_reviews: int = 0
    non_reviews_skipped: int = 0
    reviews_wrongly_skipped: int = 0
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    theme_tp_pred: int = 0  # predicted themes that are right
    theme_pred: int = 0
    theme_tp_label: int = 0  # labelled themes found
    theme_label: int = 0
    agency_tp_pred: int = 0
    agency_pred: int = 0
    agency_tp_label: int = 0
    agency_label: int = 0
    recs_labelled: int = 0
    recs_predicted: int = 0
    recs_count_exact: Tally = field(default_factory=Tally)
    addressees: Tally = field(default_factory=Tally)
    statuses: Tally = field(default_factory=Tally)
    status_classes: Tally = field(default_factory=Tally)
    misses: list[Miss] = field(default_factory=list)

    def table(self) -> dict[str, Any]:
        """The headline numbers, as printed and as JSON."""

        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        tp, tr = (
            ratio(self.theme_tp_pred, self.theme_pred),
            ratio(self.theme_tp_label, self.theme_label),
        )
        f1 = round(2 * tp * tr / (tp + tr), 3) if tp and tr else None
        found = self.found_cases
        out: dict[str, Any] = {
            "documents": self.documents,
            "cases": {
                "labelled": self.labelled_cases,
                "predicted": self.predicted_cases,
                "found": found,
                "recall": ratio(found, self.labelled_cases),
                "precision": ratio(found, self.predicted_cases),
                "spurious": self.predicted_cases - found,
            },
        }
        for name, tally in self.fields.items():
            out[name] = {"right": tally.right, "of": tally.total, "rate": _round(tally.rate())}
        out["themes"] = {
            "precision": tp,
            "recall": tr,
            "f1": f1,
            "per_case_predicted": ratio(self.theme_pred, found),
            "per_case_labelled": ratio(self.theme_label, found),
        }
        out["agencies"] = {
            "precision": ratio(self.agency_tp_pred, self.agency_pred),
            "recall": ratio(self.agency_tp_label, self.agency_label),
        }
        out["recommendations"] = {
            "labelled": self.recs_labelled,
            "predicted": self.recs_predicted,
            "cases_count_exact": self.recs_count_exact.right,
            "of": self.recs_count_exact.total,
        }
        out["addressees"] = {"right": self.addressees.right, "of": self.addressees.total}
        out["statuses"] = {"right": self.statuses.right, "of": self.statuses.total}
        out["status_classes"] = {
            "right": self.status_classes.right,
            "of": self.status_classes.total,
        }
        out["not_a_review"] = {
            "files": self.non_reviews,
            "skipped": self.non_reviews_skipped,
            "reviews_wrongly_skipped": self.reviews_wrongly_skipped,
        }
        out["missing_files"] = self.missing_files
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _label_of(case: LabelledCase) -> str:
    return case.subject or case.title or case.type or "?"


def align(
    labelled: list[LabelledCase], predicted: list[ReviewExtraction]
) -> tuple[list[tuple[LabelledCase, ReviewExtraction]], list[LabelledCase], list[ReviewExtraction]]:
    """(pairs, labelled cases not found, spurious predictions)."""
    pairs = []
    left_l = list(labelled)
    left_p = list(predicted)
    for case in labelled:
        want = norm_subject(case.subject)
        if not want:
            continue
        match = next((p for p in left_p if norm_subject(p.meta.subject) == want), None)
        if match is not None:
            pairs.append((case, match))
            left_l.remove(case)
            left_p.remove(match)
    if len(labelled) == 1 and len(left_l) == 1 and len(left_p) == 1:
        pairs.append((left_l[0], left_p[0]))
        left_l, left_p = [], []
    return pairs, left_l, left_p


def score_case(s: Scores, doc: str, case: LabelledCase, got: ReviewExtraction, m: Matchers) -> None:
    name = _label_of(case)
    meta = got.meta

    def check(field_name: str, ok: bool, expected: Any, value: Any) -> None:
        s.fields[field_name].add(ok)
        if not ok:
            s.misses.append(Miss(doc, name, field_name, expected, value))

    check("type", meta.type == case.type, case.type, meta.type)
    check(
        "subject",
        norm_subject(meta.subject) == norm_subject(case.subject),
        case.subject,
        meta.subject,
    )
    check("title", title_ok(meta.title, case.title, case.titles_also), case.title, meta.title)
    check("year", meta.year == case.year, case.year, meta.year)
    check("board", board_ok(meta.board, case.board), case.board, meta.board)

    themes = [t.theme_id for t in got.themes if t.strong]  # what the default views count
    s.theme_pred += len(themes)
    s.theme_label += len(case.themes)
    wrong = [t for t in themes if not any(_related(m, t, lab) for lab in case.themes)]
    missed = [lab for lab in case.themes if not any(_related(m, t, lab) for t in themes)]
    s.theme_tp_pred += len(themes) - len(wrong)
    s.theme_tp_label += len(case.themes) - len(missed)
    if missed:
        s.misses.append(Miss(doc, name, "themes missed", missed, None))
    if wrong:
        s.misses.append(Miss(doc, name, "themes not expected", None, wrong))

    if case.agencies is not None:
        agencies = [a.agency_id for a in got.agencies]
        s.agency_pred += len(agencies)
        s.agency_label += len(case.agencies)
        s.agency_tp_pred += sum(a in case.agencies for a in agencies)
        a_missed = [a for a in case.agencies if a not in agencies]
        s.agency_tp_label += len(case.agencies) - len(a_missed)
        a_wrong = [a for a in agencies if a not in case.agencies]
        if a_missed:
            s.misses.append(Miss(doc, name, "agencies missed", a_missed, None))
        if a_wrong:
            s.misses.append(Miss(doc, name, "agencies not expected", None, a_wrong))

    recs = got.recommendations
    s.recs_labelled += len(case.recommendations)
    s.recs_predicted += len(recs)
    s.recs_count_exact.add(len(recs) == len(case.recommendations))
    if len(recs) != len(case.recommendations):
        s.misses.append(Miss(doc, name, "recommendations", len(case.recommendations), len(recs)))
    for i, want in enumerate(case.recommendations, start=1):
        rec = recs[i - 1] if i <= len(recs) else None
        if "to" in want:
            got_to = rec.agencies if rec else []
            ok = rec is not None and _addressee_ok(got_to, want["to"])
            s.addressees.add(ok)
            if not ok:
                s.misses.append(Miss(doc, name, f"rec {i} addressees", want["to"], got_to))
        if want.get("status"):
            got_status = getattr(rec, "status", None) if rec else None
            got_class = getattr(rec, "status_class", None) if rec else None
            ok, klass = _status_right(got_status, want["status"], got_class)
            s.statuses.add(ok)
            s.status_classes.add(klass)
            if not ok:
                said = f"{got_status} ({got_class})" if got_status else None
                s.misses.append(Miss(doc, name, f"rec {i} status", want["status"], said))


def score_document(
    s: Scores, doc: LabelledDocument, extraction: DocumentExtraction | None, m: Matchers
) -> None:
    """Add one document's extraction (None: it could not be read) to the scores."""
    s.documents += 1
    skip = is_review(extraction) if extraction is not None else "unreadable"
    predicted = [] if skip or extraction is None else extraction.reviews
    if not doc.review:
        s.non_reviews += 1
        s.non_reviews_skipped += bool(skip)
        if not skip:
            s.misses.append(Miss(doc.file, "-", "not a review", "skipped", "loaded"))
    elif skip:
        s.reviews_wrongly_skipped += 1
        s.misses.append(Miss(doc.file, "-", "skipped", "loaded", skip))
    s.labelled_cases += len(doc.cases)
    s.predicted_cases += len(predicted)
    pairs, not_found, spurious = align(doc.cases, predicted)
    s.found_cases += len(pairs)
    for case in not_found:
        s.misses.append(Miss(doc.file, _label_of(case), "case not found", case.subject, None))
    for p in spurious:
        s.misses.append(
            Miss(doc.file, "-", "spurious case", None, f"{p.meta.type} {p.meta.subject}")
        )
    for case, got in pairs:
        score_case(s, doc.file, case, got, m)


def evaluate(
    docs: list[LabelledDocument],
    roots: dict[str, Path],
    m: Matchers,
    split: str = "dev",
    extract: Callable[[Path], DocumentExtraction] | None = None,
    only: str | None = None,
) -> Scores:
    """Run the extraction on every labelled file of `split` under `roots` (ROOT/NAME ->
    roots[ROOT]/NAME) and score it; files whose root or file is absent are listed in
    `missing_files` and not scored. `only`: score the files of that root alone."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    run = extract or (lambda p: extract_document(read_document(p), "0" * 64, m))
    s = Scores()
    for doc in docs:
        if split != "all" and doc.split != split:
            continue
        root, _, name = doc.file.partition("/")
        if only and root != only:
            continue
        base = roots.get(root)
        path = base / name if base is not None else None
        if path is None or not path.is_file():
            s.missing_files.append(doc.file)
            continue
        try:
            extraction: DocumentExtraction | None = run(path)
        except InputError as e:
            extraction = None
            s.misses.append(Miss(doc.file, "-", "read", "readable", e.reason))
        except Exception as e:  # a fault of the extraction's own: scored as nothing found
            extraction = None
            s.misses.append(Miss(doc.file, "-", "read", "extracted", f"{type(e).__name__}: {e}"))
        score_document(s, doc, extraction, m)
    return s


# --------------------------------------------------------------------------- report


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def format_table(table: dict[str, Any], title: str = "") -> list[str]:
    """The headline numbers as a Markdown table."""
    c = table["cases"]
    rows = [
        ("documents scored", str(table["documents"])),
        ("cases found (recall)", f"{c['found']}/{c['labelled']} ({_pct(c['recall'])})"),
        (
            "cases right (precision)",
            f"{c['found']}/{c['predicted']} ({_pct(c['precision'])}), {c['spurious']} spurious",
        ),
    ]
    for name in FIELDS:
        f = table[name]
        rows.append((name, f"{f['right']}/{f['of']} ({_pct(f['rate'])})"))
    t = table["themes"]
    rows.append(
        (
            "themes P / R / F1",
            f"{_pct(t['precision'])} / {_pct(t['recall'])} / {_pct(t['f1'])}",
        )
    )
    rows.append(
        (
            "themes per case (got / labelled)",
            f"{t['per_case_predicted'] or 0:.1f} / {t['per_case_labelled'] or 0:.1f}",
        )
    )
    a = table["agencies"]
    rows.append(("agencies P / R", f"{_pct(a['precision'])} / {_pct(a['recall'])}"))
    r = table["recommendations"]
    rows.append(
        (
            "recommendations (got / labelled)",
            f"{r['predicted']}/{r['labelled']}; "
            f"count exact in {r['cases_count_exact']}/{r['of']} cases",
        )
    )
    for name, label in (
        ("addressees", "addressees"),
        ("statuses", "statuses (as written)"),
        ("status_classes", "status class"),
    ):
        rows.append((label, f"{table[name]['right']}/{table[name]['of']}"))
    n = table["not_a_review"]
    rows.append(
        (
            "not-a-review files skipped",
            f"{n['skipped']}/{n['files']}; reviews wrongly skipped {n['reviews_wrongly_skipped']}",
        )
    )
    out = [f"### {title}", ""] if title else []
    out += ["| field | score |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    if table["missing_files"]:
        out += ["", "not scored (absent): " + ", ".join(table["missing_files"])]
    return out


def format_misses(misses: list[Miss]) -> list[str]:
    return [
        f"{m.document} | {m.case} | {m.field} | expected {m.expected!r} | got {m.got!r}"
        for m in misses
    ]
