"""Case characteristics (what happened in the case), kept apart from practice themes.

loaders/reference/characteristics.yaml lists them: which taxonomy themes found in a report's
text are a characteristic of its case, and which register tag records one. A review's theme
hits on those taxonomy ids become characteristic links (with the passages); every other hit
stays a practice theme.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reviewgraph.loaders.rows import CharacteristicRow, HitRow
from reviewgraph.loaders.yamlfile import read_yaml

CHARACTERISTICS_FILE = Path(__file__).parent / "reference" / "characteristics.yaml"


@dataclass(frozen=True)
class Characteristics:
    rows: tuple[CharacteristicRow, ...]
    by_theme: dict[str, str]  # taxonomy theme id -> characteristic id
    by_register_tag: dict[str, dict[str, str]]  # register name (dhrd) -> {column: id}

    def split(self, hits: list[HitRow]) -> tuple[list[HitRow], list[HitRow]]:
        """(practice theme hits, characteristic hits): hits on a characteristic's taxonomy
        themes move to the characteristic; two themes of one characteristic (neglect and
        intergenerational neglect) merge into one link with their passages."""
        themes: list[HitRow] = []
        merged: dict[str, HitRow] = {}
        for hit in hits:
            cid = self.by_theme.get(hit["id"])
            if cid is None:
                themes.append(hit)
            elif cid in merged:
                old = merged[cid]
                old["mentions"] += hit["mentions"]
                if hit["source"] == "text":  # a phrase found it: not the model's alone
                    old["source"] = "text"
                for text, page in zip(hit["evidence"], hit["pages"], strict=True):
                    if text not in old["evidence"] and len(old["evidence"]) < 5:
                        old["evidence"].append(text)
                        old["pages"].append(page)
            else:
                merged[cid] = HitRow(id=cid, mentions=hit["mentions"],
                                     evidence=list(hit["evidence"]), pages=list(hit["pages"]),
                                     source=hit["source"])  # fmt: skip
        return themes, list(merged.values())


@functools.cache
def load_characteristics(path: Path = CHARACTERISTICS_FILE) -> Characteristics:
    """The characteristics file, checked: unique ids, known groups."""
    data = read_yaml(path) or {}
    groups: dict[str, str] = data.get("groups") or {}
    rows: list[CharacteristicRow] = []
    by_theme: dict[str, str] = {}
    by_tag: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    for entry in data.get("characteristics") or []:
        cid, group = entry["id"], entry["group"]
        if cid in seen:
            raise ValueError(f"{path.name}: duplicate characteristic id '{cid}'")
        if group not in groups:
            raise ValueError(f"{path.name}: '{cid}' has unknown group '{group}'")
        seen.add(cid)
        rows.append(CharacteristicRow(id=cid, name=entry["name"], group=group,
                                      group_name=groups[group],
                                      definition=entry.get("definition")))  # fmt: skip
        for theme in entry.get("themes") or []:
            if theme in by_theme:
                raise ValueError(f"{path.name}: theme '{theme}' is in two characteristics")
            by_theme[theme] = cid
        for register in ("dhrd",):
            if entry.get(register):
                by_tag.setdefault(register, {})[entry[register]] = cid
    return Characteristics(tuple(rows), by_theme, by_tag)
