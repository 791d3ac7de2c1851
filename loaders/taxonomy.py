"""The theme taxonomy (reference/themes.yaml) and the phrase matcher that links text to it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewgraph.loaders.models import Evidence, ThemeHit
from reviewgraph.loaders.phrases import PhraseMatcher, split_phrase
from reviewgraph.loaders.rows import ParentRow, ThemeRow
from reviewgraph.loaders.yamlfile import read_yaml

THEMES_PATH = Path(__file__).parent / "reference" / "themes.yaml"
LAYERS = ("person", "team", "organisation", "governance", "circumstance", "other")
LEVELS = ("domain", "theme", "subtheme")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")

# Only circumstance themes (what was in the person's life) can be negated: for practice
# themes a negation is usually the finding itself ("did not share the information").
NEGATABLE_LAYERS = frozenset({"circumstance"})
# A negation before the phrase: a negator, then only filler words ("no evidence of",
# "there was no history of", "not any recorded"), within the same clause.
_NEGATORS = frozenset("no nor never without neither denied denies deny denying".split())
_NEGATOR_PAIRS = frozenset(
    {("not", "any"), ("ruled", "out"), ("absence", "of"), ("free", "from"), ("free", "of")}
    | {("not", "known"), ("no", "known")}
)
_FILLER = frozenset(
    "any known recorded reported previous prior further current evidence history indication "
    "indications suggestion suggestions record records report reports mention sign signs concern "
    "concerns disclosure disclosures information of about that to suggest suggesting significant "
    "obvious other apparent feature features issue issues there was were had been a an the "
    "identified formal reason reasons believe for involving regarding relating ongoing active past "
    "recent wider physical his her their parental have".split()
)
_CLAUSE_WORDS = frozenset("but however although though whereas while".split())
_CLAUSE_END = (",", ";", ":", "(", ")", "[", "]", ".")
_NEG_AFTER = re.compile(
    r"[\s'’\"]*(?:[\w'’-]+\s+){0,3}?(?:(?:was|were|is|are|has|had)\s+(?:not|never)\s+(?:been\s+)?"
    r"(?:a\s+|an\s+|considered\s+(?:to\s+be\s+)?(?:a\s+)?)?"
    r"(?:feature|factor|issue|present|evident|apparent|concern|relevant)|did\s+not\s+feature"
    r"|(?:was|were)\s+ruled\s+out)\b",
    re.I,
)
_PREFERRED_SECTION = re.compile(
    r"finding|learning|lesson|analysis|conclusion|theme|key (?:issue|practice)|appraisal", re.I
)
_MAX_EVIDENCE_CHARS = 600


@dataclass(frozen=True)
class ThemeNode:
    id: str
    name: str
    level: str  # domain | theme | subtheme
    parent: str | None
    domain: str
    layer: str
    definition: str
    phrases: tuple[str, ...] = ()
    all_of: tuple[str, ...] = ()
    defining: bool = False  # what happened in the case: counted whenever the case names it


# -- loading and validation ----------------------------------------------------------------


def _require(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: missing or empty '{key}'")
    return value.strip()


def _node_from_yaml(
    raw: Any, level: str, parent: str | None, domain: str | None, layer: str | None, where: str
) -> ThemeNode:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping, got {type(raw).__name__}")
    node_id = raw.get("id")
    if not isinstance(node_id, str) or not _ID.match(node_id):
        raise ValueError(f"{where}: id {node_id!r} must be snake_case")
    where = f"{where} '{node_id}'"
    if level == "domain":
        layer = raw.get("layer")
        if layer not in LAYERS:
            raise ValueError(f"{where}: layer {layer!r} must be one of {', '.join(LAYERS)}")
    phrases = raw.get("phrases") or []
    if not isinstance(phrases, list) or (level != "domain" and not phrases):
        raise ValueError(f"{where}: 'phrases' must be a non-empty list")
    for phrase in phrases:
        text, is_regex = split_phrase(phrase, where)
        if is_regex:
            try:
                re.compile(text)
            except re.error as e:
                raise ValueError(f"{where}: bad regex {text!r}: {e}") from e
            if "(?P<" in text:
                raise ValueError(f"{where}: named groups are not allowed in {text!r}")
    all_of = raw.get("all_of") or []
    if not isinstance(all_of, list):
        raise ValueError(f"{where}: 'all_of' must be a list of theme ids")
    defining = raw.get("defining", False)
    if not isinstance(defining, bool):
        raise ValueError(f"{where}: 'defining' must be true or false")
    assert layer is not None
    return ThemeNode(
        id=node_id,
        name=_require(raw, "name", where),
        level=level,
        parent=parent,
        domain=domain or node_id,
        layer=layer,
        definition=_require(raw, "definition", where),
        phrases=tuple(phrases),
        all_of=tuple(all_of),
        defining=defining,
    )


def _walk(data: Any, source: str) -> list[tuple[ThemeNode, Any]]:
    """Flatten domains -> themes -> subthemes into (node, raw) pairs, parents first."""
    if not isinstance(data, dict) or not isinstance(data.get("domains"), list):
        raise ValueError(f"{source}: expected a top-level 'domains' list")
    out: list[tuple[ThemeNode, Any]] = []
    children_key = {"domain": ("themes", "theme"), "theme": ("subthemes", "subtheme")}

    def visit(raw: Any, level: str, parent: ThemeNode | None, where: str) -> None:
        node = _node_from_yaml(
            raw,
            level,
            parent.id if parent else None,
            parent.domain if parent else None,
            parent.layer if parent else None,
            where,
        )
        out.append((node, raw))
        key, child_level = children_key.get(level, (None, None))
        for bad in {"themes", "subthemes"} - {key}:
            if raw.get(bad):
                raise ValueError(f"{where} '{node.id}': a {level} cannot have '{bad}'")
        if key and child_level:
            kids = raw.get(key) or []
            if not isinstance(kids, list):
                raise ValueError(f"{where} '{node.id}': '{key}' must be a list")
            for i, kid in enumerate(kids):
                visit(kid, child_level, node, f"{source}: {child_level} #{i + 1} of '{node.id}'")

    for i, raw in enumerate(data["domains"]):
        visit(raw, "domain", None, f"{source}: domain #{i + 1}")
    return out


def _check(nodes: list[ThemeNode], source: str) -> dict[str, ThemeNode]:
    by_id: dict[str, ThemeNode] = {}
    for node in nodes:
        if node.id in by_id:
            raise ValueError(f"{source}: duplicate theme id '{node.id}'")
        by_id[node.id] = node
    seen_phrases: dict[str, str] = {}
    for node in nodes:
        if node.parent is not None and node.parent not in by_id:
            raise ValueError(f"{source}: theme '{node.id}' has unknown parent '{node.parent}'")
        for ref in node.all_of:
            if ref not in by_id:
                raise ValueError(f"{source}: theme '{node.id}': all_of names unknown theme '{ref}'")
        for raw in node.phrases:
            text, is_regex = split_phrase(raw, node.id)
            key = ("re:" if is_regex else "") + " ".join(text.lower().split())
            if key in seen_phrases and seen_phrases[key] != node.id:
                raise ValueError(
                    f"{source}: phrase {text!r} is in both '{seen_phrases[key]}' and '{node.id}'"
                )
            seen_phrases[key] = node.id
    return by_id


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read and validate the taxonomy YAML; raise ValueError naming the faulty node."""
    path = Path(path) if path else THEMES_PATH
    data = read_yaml(path)
    nodes = [node for node, _ in _walk(data, str(path))]
    return Taxonomy(_check(nodes, str(path)))


# -- the matcher ---------------------------------------------------------------------------


def _negated_before(before: str) -> bool:
    words = before.lower().split()[-12:]
    for j in range(len(words) - 1, -1, -1):
        word = words[j]
        if j < len(words) - 1 and word.endswith(_CLAUSE_END):
            return False
        word = word.strip("'\"‘’“”")
        if word in _NEGATORS or (j and (words[j - 1], word) in _NEGATOR_PAIRS):
            return True
        if word in _CLAUSE_WORDS or word not in _FILLER:
            return False
    return False


def _negated(text: str, start: int, end: int) -> bool:
    """A negator shortly before the phrase, or "was not a feature" just after it."""
    if _negated_before(text[max(0, start - 120) : start]):
        return True
    return bool(_NEG_AFTER.match(text, end, end + 70))


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


class Taxonomy:
    """The theme tree and its phrase matcher."""

    def __init__(self, nodes: dict[str, ThemeNode]):
        self.nodes = nodes
        self._ancestors = {nid: self._chain(nid)[1:] for nid in nodes}
        self._order = {nid: i for i, nid in enumerate(nodes)}
        entries = [
            (node.id, *split_phrase(raw, node.id))
            for node in nodes.values()
            for raw in node.phrases
        ]
        self._matcher = PhraseMatcher(entries)
        self._negatable = {nid for nid, n in nodes.items() if n.layer in NEGATABLE_LAYERS}
        self.defining = frozenset(nid for nid, n in nodes.items() if n.defining)
        self._all_of = [
            (n.id, [self.subtree(ref) for ref in n.all_of]) for n in nodes.values() if n.all_of
        ]

    def _chain(self, node_id: str) -> list[str]:
        chain = [node_id]
        while (parent := self.nodes[chain[-1]].parent) is not None:
            chain.append(parent)
        return chain

    def ancestors(self, node_id: str) -> tuple[str, ...]:
        """Parent, grandparent… of a node."""
        return tuple(self._ancestors[node_id])

    def subtree(self, node_id: str) -> frozenset[str]:
        """The node and all nodes below it."""
        return frozenset(n for n in self.nodes if n == node_id or node_id in self._ancestors[n])

    def match_sentence(self, text: str) -> list[str]:
        """Theme ids a sentence signals, most specific node only, in order of appearance."""
        return self._themes(text, self._matcher.find(text))

    def _themes(self, text: str, matches: list[tuple[int, int, str]]) -> list[str]:
        """match_sentence() from the phrase matches in the sentence."""
        if not matches:
            return []
        found: dict[str, None] = {}
        for start, end, node_id in matches:
            if node_id in found:
                continue
            if node_id in self._negatable and _negated(text, start, end):
                continue
            found[node_id] = None
        if not found:
            return []  # an all_of theme needs a found theme in each of its groups
        for node_id, groups in self._all_of:
            if node_id not in found and all(any(f in g for f in found) for g in groups):
                found[node_id] = None
        covered = {a for nid in found for a in self._ancestors[nid]}
        return [nid for nid in found if nid not in covered]

    def match_themes(
        self,
        sentences: Iterable[tuple[str, int, str | None]],
        max_evidence: int = 5,
        memo: dict[str, list[str]] | None = None,
    ) -> dict[str, ThemeHit]:
        """Themes over (text, page, section) sentences: sentence counts and evidence passages.

        `mentions` counts the sentences that signal the theme. Evidence is up to
        `max_evidence` distinct sentences, those from findings/learning/analysis sections
        first, then the rest in document order. `memo` (text -> theme ids) lets a second
        call over some of the same sentences skip matching them again.
        """
        hits: dict[str, ThemeHit] = {}
        preferred: dict[str, list[Evidence]] = {}
        others: dict[str, list[Evidence]] = {}
        seen: dict[str, set[str]] = {}
        good_sections: dict[str | None, bool] = {}  # sentences come section by section
        sentences = list(sentences)
        memo = {} if memo is None else memo
        new = list(dict.fromkeys(text for text, _, _ in sentences if text not in memo))
        for text, found in zip(new, self._matcher.find_each(new), strict=True):
            memo[text] = self._themes(text, found)
        for text, page, section in sentences:
            ids = memo[text]
            if not ids:
                continue
            good = good_sections.get(section)
            if good is None:
                good = good_sections[section] = bool(section and _PREFERRED_SECTION.search(section))
            passage = key = ""  # made when a theme still wants evidence: most have enough
            evidence = preferred if good else others
            for nid in ids:
                hit = hits.get(nid) or hits.setdefault(
                    nid, ThemeHit(theme_id=nid, defining=nid in self.defining)
                )
                hit.mentions += 1
                bucket = evidence.get(nid)
                if bucket is None:
                    bucket = evidence[nid] = []
                if len(bucket) >= max_evidence:
                    continue
                if not passage:
                    passage = " ".join(text.split())[:_MAX_EVIDENCE_CHARS]
                    key = _norm(passage)
                keys = seen.setdefault(nid, set())
                if key not in keys:
                    keys.add(key)
                    bucket.append(Evidence(passage, page, section))
        for nid, hit in hits.items():
            hit.evidence = (preferred.get(nid, []) + others.get(nid, []))[:max_evidence]
        return dict(sorted(hits.items(), key=lambda kv: (-kv[1].mentions, self._order[kv[0]])))

    def rows(self) -> tuple[list[ThemeRow], list[ParentRow]]:
        """Theme rows (id, name, level, domain, layer, definition) and PART_OF (child, parent)."""
        themes = [
            ThemeRow(id=n.id, name=n.name, level=n.level, domain=n.domain, layer=n.layer,
                     definition=n.definition)
            for n in self.nodes.values()
        ]  # fmt: skip
        parents = [ParentRow(child=n.id, parent=n.parent) for n in self.nodes.values() if n.parent]
        return themes, parents
