"""Many phrases matched at once: the engine behind the taxonomy and the gazetteer.

Literal phrases (and small regexes that expand to a finite set of strings) are joined
into one character-trie regex run on lower-cased text; the remaining regexes run only
when one of their anchor words occurs. Python's re then does in one pass what would
otherwise be thousands of separate searches.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable
from typing import Any

_SQUASH = re.compile(r"[\s\-‐–—'’]+")
# Before literal matching every whitespace or dash character becomes a space and a curly
# apostrophe a straight one (offsets unchanged), so the trie needs no character classes:
# a space in a phrase matches one or more spaces, a hyphen zero or more, an apostrophe is
# optional. (Character classes made the trie regex take seconds to compile.)
_SEPARATORS = "\t\n\r\f\v\xa0-‐–—"


def normalise(text: str) -> str:
    """Whitespace and dashes to spaces, curly apostrophes to straight ones; same length."""
    for ch in _SEPARATORS:
        if ch in text:
            text = text.replace(ch, " ")
    return text.replace("’", "'") if "’" in text else text


# Joins texts for find_each: a control character no phrase holds, read as no letter.
_JOIN = "\x00"
_UNITS = {" ": " +", "-": " *", "'": "'?", "’": "'?"}


def _unit_regex(ch: str) -> str:
    return _UNITS.get(ch, re.escape(ch))


def _trie_regex(words: Iterable[str]) -> str:
    """One regex for many literal words, as a character trie: fast in Python's re."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [_unit_regex(ch) + emit(kid) for ch, kid in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return emit(trie)


def _matching_paren(p: str, start: int) -> int:
    depth, i = 0, start
    while i < len(p):
        if p[i] == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(p[i], 0)
        if depth == 0:
            return i
        i += 1
    return len(p)


def _strip_lookarounds(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _matching_paren(pattern, i) + 1
        else:
            out.append(pattern[i])
            i += 1
    return "".join(out)


def _split_top(p: str) -> list[str]:
    parts, depth, last, i = [], 0, 0, 0
    while i < len(p):
        if p[i] == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(p[i], 0)
        if p[i] == "|" and depth == 0:
            parts.append(p[last:i])
            last = i + 1
        i += 1
    return parts + [p[last:]]


def _items(p: str) -> list[tuple[str, str, bool]]:
    """Top-level items of a regex sequence: (kind, text, optional), kind lit|group|other."""
    items: list[tuple[str, str, bool]] = []
    i = 0
    while i < len(p):
        ch = p[i]
        if ch == "(":
            j = _matching_paren(p, i) + 1
            inner = p[i + 1 : j - 1]
            inner = (
                inner[2:]
                if inner.startswith("?:")
                else inner[4:]
                if inner.startswith("?-i:")
                else inner
            )
            kind, text = "group", inner
        elif ch == "[":
            j = p.index("]", i + 2) + 1
            kind, text = "other", p[i:j]
        elif ch == "\\":
            j, kind, text = i + 2, "other", p[i:j]
        elif ch.isalnum() or ch == " ":
            j, kind, text = i + 1, "lit", ch
        else:
            j, kind, text = i + 1, "other", ""
        optional = j < len(p) and (p[j] in "?*" or p.startswith("{0", j))
        while j < len(p) and p[j] in "?*+{":
            j = p.index("}", j) + 1 if p[j] == "{" else j + 1
        if kind == "lit" and items and items[-1][0] == "lit" and not items[-1][2] and not optional:
            items[-1] = ("lit", items[-1][1] + text, False)
        else:
            items.append((kind, text, optional))
        i = j
    return items


def _anchors(pattern: str, initial: bool = True) -> list[str] | None:
    """Lower-case literals one of which must occur in any text the regex matches.

    "^word" must start a word of the text, "word" may sit anywhere in one; None means no
    usable anchor (the regex always runs). The most selective required item is chosen.
    """
    p = _strip_lookarounds(pattern).replace(r"\b", "")
    alts = _split_top(p)
    if len(alts) > 1:
        out: list[str] = []
        for alt in alts:
            found = _anchors(alt, initial)
            if not found:
                return None
            out += found
        return out
    best: list[str] | None = None
    for kind, text, optional in _items(p):
        cands: list[str] | None = None
        if kind == "lit" and not optional:
            words = [
                (m.group(), initial or m.start() > 0)
                for m in re.finditer(r"[a-z0-9]+", text.lower())
            ]
            if words:
                word, at_start = max(words, key=lambda w: len(w[0]))
                cands = [("^" if at_start else "") + word]
        elif kind == "group" and not optional:
            cands = _anchors(text, initial)
        if cands and (best is None or _selectivity(cands) > _selectivity(best)):
            best = cands
        initial = _ends_word(kind, text, optional, initial)
    return best if best and min(len(a.lstrip("^")) for a in best) >= 2 else None


def _ends_word(kind: str, text: str, optional: bool, before: bool) -> bool:
    """Whether what follows this regex item starts a new word."""
    if kind == "lit":
        ends = text.endswith(" ")
    elif kind == "group":
        ends = all(alt.endswith(" ") for alt in _split_top(text))
    else:
        ends = text.startswith((r"\s", r"[\s"))
    return ends and before if optional else ends


# Words so common in review prose that they make poor anchors.
_COMMON = frozenset(
    "child children mother father parent parents family baby person people information concern "
    "concerns practice work review risk record history plan made call view response contact "
    "check visit was were not the and her his their she he had have has with for of to in a an "
    "on at by is be as or it that this".split()
)


def _selectivity(anchors: list[str]) -> int:
    words = [a.lstrip("^") for a in anchors]
    return min(map(len, words)) - (10 if any(w in _COMMON for w in words) else 0)


_NOT_FINITE = ("(?=", "(?!", "(?<", "(?-i:", "\\w", "\\S", "\\d", "\\W", "*", "+", "{")
_CASED = re.compile(r"^\\b\(\?-i:([^()]*(?:\([^()]*\)[^()]*)*)\)\\b$")


def _expand(pattern: str, limit: int = 300) -> list[str] | None:
    """All strings a small finite regex matches (None if not finite or too many).

    Regex phrases that are only alternatives and optional parts become literals, which
    the trie matches far faster than running the regex. Spaces and hyphens stand for
    the trie's flexible separators, and "." for an apostrophe.
    """
    p = pattern.replace(r"\b", "").replace("[\\s-]+", " ").replace("[\\s-]", " ")
    p = p.replace("[\\s\\-]", " ").replace("\\s+", " ").replace("\\s", " ").replace("{0,1}", "?")
    if any(bad in p for bad in _NOT_FINITE):
        return None
    out = _expand_alts(p, limit)
    if out is None:
        return None
    words = {" ".join(w.split()) for w in out}
    return sorted(w for w in words if w[:1].isalnum() and w[-1:].isalnum())


def _expand_alts(p: str, limit: int) -> list[str] | None:
    out: list[str] = []
    for alt in _split_top(p):
        seq = _expand_seq(alt, limit)
        if seq is None or len(out) + len(seq) > limit:
            return None
        out += seq
    return out


def _expand_seq(p: str, limit: int) -> list[str] | None:
    acc = [""]
    i = 0
    while i < len(p):
        ch = p[i]
        if ch == "(":
            j = _matching_paren(p, i) + 1
            inner = p[i + 1 : j - 1]
            options = _expand_alts(inner[2:] if inner.startswith("?:") else inner, limit)
        elif ch == "[":
            j = p.index("]", i) + 1
            body = p[i + 1 : j - 1]
            options = list(body) if body.isalpha() else None
        elif ch == "\\":
            j, options = i + 2, [p[i + 1]] if not p[i + 1].isalnum() else None
        else:
            j, options = i + 1, ["'" if ch == "." else ch]
        if options is None or ch in "|)":
            return None
        if j < len(p) and p[j] == "?":
            options, j = options + [""], j + 1
        acc = [a + o for a in acc for o in options]
        if len(acc) > limit:
            return None
        i = j
    return acc


def squash(text: str) -> str:
    """Key for a literal phrase: lower case, no spaces, hyphens or apostrophes."""
    return _SQUASH.sub("", text.lower())


def _uncapture(pattern: str) -> str:
    """Turn capturing groups into non-capturing ones."""
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)


def split_phrase(raw: Any, where: str) -> tuple[str, bool]:
    """(pattern text, is_regex) for a YAML phrase: a string, 're: ...' or {re: ...}."""
    if isinstance(raw, dict) and set(raw) == {"re"} and isinstance(raw["re"], str):
        return raw["re"], True
    if isinstance(raw, str) and raw.strip():
        if raw.startswith("re:"):
            return raw[3:].strip(), True
        return raw, False
    raise ValueError(
        f"{where}: a phrase must be a non-empty string or {{re: pattern}}, got {raw!r}"
    )


def _compile_regex(pattern: str, flags: int, owner: str) -> tuple[re.Pattern[str], str, bool, bool]:
    """(regex, owner, runs on lower-cased text, start boundary checked by the caller).

    Python's re scans much faster without IGNORECASE and when a pattern opens with a
    literal rather than \\b, so case-insensitive regexes run on lower-cased text and a
    leading \\b is checked after the match instead.
    """
    text = _uncapture(pattern)
    boundary = (
        text.startswith(r"\b") and text[2:3] not in ("(", "\\", "[") or text.startswith(r"\b(?:")
    )
    if boundary:
        text = text[2:]
    on_lower = bool(flags & re.IGNORECASE) and "(?-i:" not in text
    if on_lower and re.search(r"(?<!\\)[A-Z]", re.sub(r"\\.", "", text)):
        on_lower = False
    return re.compile(text, 0 if on_lower else flags), owner, on_lower, boundary


_LOOKBEHIND = re.compile(r"\(\?<!(\[[^\[\]]+\])\)")


def _late_boundary(before: str, after: str, words: list[str]) -> re.Pattern[str] | None:
    """The character class of a `(?<![...])` start bound, when it may be checked after matching.

    A regex that opens with a lookbehind makes re try every position of the text; without
    it, re skips straight to the characters a phrase can start with, several times faster.
    Dropping it is safe when every character a match can take is in the class: then no
    right match can start inside (or right after) a match found in the wrong place, so
    skipping the wrong ones afterwards leaves exactly the matches the bound would give.
    """
    bound = _LOOKBEHIND.fullmatch(before)
    suffix = re.sub(r"\(\?<?[!=][^()]*\)|\\b", "", after)  # lookarounds consume nothing
    if bound is None or not words or re.search(r"[^\w()?:|]", suffix):
        return None
    inside = re.compile(bound.group(1))
    taken = {c for w in words for c in w} | set(re.sub(r"[()?:|]", "", suffix))
    return inside if all(inside.match(c) for c in taken) else None


def _ends_like_text(bounds: tuple[str, str]) -> bool:
    """Whether the start and end bounds read _JOIN the way they read the ends of a text."""
    before, after = re.compile(bounds[0]), re.compile(bounds[1])
    return all(
        bool(before.match(_JOIN + c, 1)) == bool(before.match(c))
        and bool(after.match(c + _JOIN, 1)) == bool(after.match(c, 1))
        for c in "aZ0 -&'.s"
    )


class PhraseMatcher:
    """Find (start, end, owner) for many phrases at once; a longer match claims its words.

    Literal phrases go into one trie regex and are identified by a dictionary lookup;
    regexes run only when one of their anchor literals occurs in the text. Two matches of
    the same words go to a literal phrase, else to the regex listed first: never to
    whichever a set's order happened to give.
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, str, bool]],
        case_sensitive: bool = False,
        bounds: tuple[str, str] = (r"(?<![a-z0-9])", r"(?:s|es)?\b"),
    ):
        # Literals are matched case-sensitively on lower-cased text: much faster than re.I.
        self._case_sensitive = case_sensitive
        self._keys: dict[str, str] = {}
        self._regexes: list[tuple[re.Pattern[str], str, bool, bool]] = []
        self._always: list[int] = []
        self._match_cache: dict[str, tuple[str | None, tuple[int, ...]]] = {}
        entries = list(entries)
        literals = [(o, t) for o, t, is_regex in entries if not is_regex]
        for owner, text in literals:
            key = self._key(text)
            if self._keys.get(key, owner) != owner:
                raise ValueError(f"phrase {text!r} is claimed by '{self._keys[key]}' and '{owner}'")
            self._keys[key] = owner
        cased: list[tuple[str, str]] = []
        by_anchor: dict[str, list[int]] = {}
        for owner, text, is_regex in entries:
            if is_regex:
                self._add_regex(owner, text, literals, cased, by_anchor)
        # Case-sensitive acronyms from (?-i:...) regexes; the start boundary is checked in find.
        self._cased_keys = {_SQUASH.sub("", a): o for o, a in cased}
        cased_trie = _trie_regex(sorted({a for _, a in cased}))
        self._cased = re.compile(cased_trie + r"s?(?![A-Za-z0-9])") if cased else None
        # Anchors that must start a word are found in the literal pass; any anchor that
        # begins a matched word ("assess" in "assessed") triggers its regexes.
        self._triggers = {a[1:]: tuple(idx) for a, idx in by_anchor.items() if a[0] == "^"}
        self._inner = {a: tuple(idx) for a, idx in by_anchor.items() if a[0] != "^"}
        fold = (lambda t: t) if case_sensitive else str.lower
        words = sorted({" ".join(fold(t).split()) for _, t in literals})
        parts = [_trie_regex(words) + bounds[1]] if words else []
        if self._triggers and not case_sensitive:
            parts.append(_trie_regex(sorted(self._triggers)))
        before = bounds[0]
        self._inside = _late_boundary(before, bounds[1], words + sorted(self._triggers))
        if self._inside is not None:
            before = ""  # checked in find, after matching
        self._literal = re.compile(before + "(?:" + "|".join(parts) + ")") if parts else None
        every = words + sorted(self._triggers) + [a for _, a in cased]
        self._joinable = not any(_JOIN in w for w in every) and _ends_like_text(bounds)

    def _key(self, text: str) -> str:
        return _SQUASH.sub("", text) if self._case_sensitive else squash(text)

    def _add_regex(
        self,
        owner: str,
        text: str,
        literals: list[tuple[str, str]],
        cased: list[tuple[str, str]],
        by_anchor: dict[str, list[int]],
    ) -> None:
        """File a regex phrase as acronyms, expanded literals or a regex with anchors."""
        inner = _CASED.match(text)
        acronyms = _expand(inner.group(1)) if inner and not self._case_sensitive else None
        if acronyms:
            cased += [(owner, a) for a in acronyms]
            return
        expanded = None if self._case_sensitive else _expand(text)
        if expanded:
            for word in expanded:
                self._keys.setdefault(self._key(word), owner)  # explicit phrases win
            literals += [(owner, w) for w in expanded]
            return
        flags = 0 if self._case_sensitive else re.IGNORECASE
        self._regexes.append(_compile_regex(text, flags, owner))
        anchors = _anchors(text)
        for a in anchors or []:
            by_anchor.setdefault(a, []).append(len(self._regexes) - 1)
        if anchors is None:
            self._always.append(len(self._regexes) - 1)

    def _owner(self, matched: str) -> str | None:
        key = _SQUASH.sub("", matched)
        for k in (
            key,
            key[:-1] if key.endswith("s") else "",
            key[:-2] if key.endswith("es") else "",
        ):
            if k and k in self._keys:
                return self._keys[k]
        return None

    def _describe(self, matched: str) -> tuple[str | None, tuple[int, ...]]:
        """(owner, regexes to run) for a match of the literal/anchor pass; cached."""
        word = matched.split(" ", 1)[0]
        prefixes = (word[:n] for n in range(2, len(word) + 1))
        hit = tuple(sorted({i for p in prefixes for i in self._triggers.get(p, ())}))
        info = (self._owner(matched), hit)
        if len(self._match_cache) < 200_000:
            self._match_cache[matched] = info
        return info

    def _todo(self, todo: dict[int, set[int]], at: int) -> set[int]:
        """The regexes to run on text `at`, started as find() starts them."""
        found = todo.get(at)
        if found is None:
            found = todo[at] = set(self._always)
        return found

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping matches, leftmost first, the longer one where two start together."""
        return self.find_each([text])[0]

    def find_each(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """find() of each text, with one pass of the phrase regexes over them all.

        The texts are joined by _JOIN, which no phrase holds and every bound reads like
        the end of a text: no match crosses it, and each text gets exactly the matches it
        would alone. (re then starts its scans once per document, not once per sentence.)
        The regexes that need an anchor still run text by text.
        """
        if not self._joinable and len(texts) > 1:
            return [self.find(text) for text in texts]
        lowers = [_lower(text) for text in texts]
        joined, lower = _JOIN.join(texts), _JOIN.join(lowers)
        starts = [0] * len(texts)  # where each text starts in the joined ones
        for i in range(1, len(texts)):
            starts[i] = starts[i - 1] + len(texts[i - 1]) + len(_JOIN)
        found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        todo: dict[int, set[int]] = {}  # text -> regexes to run, filled in find()'s order
        if self._literal is not None:
            folded = normalise(joined if self._case_sensitive else lower)
            cache, describe, inside = self._match_cache, self._describe, self._inside
            at, base, after = 0, 0, 0
            for m in self._literal.finditer(folded):
                start = m.start()
                if inside is not None and start and inside.match(folded, start - 1):
                    continue
                if start >= after:  # into the next text
                    at, base, after = _text_at(starts, start)
                owner, hit = cache.get(matched := m.group()) or describe(matched)
                if owner:
                    found[at].append((start - base, m.end() - base, owner))
                if hit:
                    self._todo(todo, at).update(hit)
        if self._cased is not None:
            for m in self._cased.finditer(joined):
                start = m.start()
                if start == 0 or not joined[start - 1].isalnum():
                    at, base, _ = _text_at(starts, start)
                    key = self._cased_keys[_SQUASH.sub("", m.group())]
                    found[at].append((start - base, m.end() - base, key))
        for anchor, idx in self._inner.items():
            pos = lower.find(anchor)
            while pos >= 0:
                at, _, after = _text_at(starts, pos)
                self._todo(todo, at).update(idx)
                pos = lower.find(anchor, after)
        out = []
        for at, text in enumerate(texts):
            got = found[at]
            for i in sorted(todo.get(at) or self._always):
                rx, owner, on_lower, boundary = self._regexes[i]
                for m in rx.finditer(lowers[at] if on_lower else text):
                    start = m.start()
                    if m.end() > start and not (boundary and start and text[start - 1].isalnum()):
                        got.append((start, m.end(), owner))
            out.append(_longest_apart(got))
        return out


def _text_at(starts: list[int], pos: int) -> tuple[int, int, int]:
    """(index, start, start of the next) of the joined text that holds offset `pos`."""
    at = bisect.bisect_right(starts, pos) - 1
    return at, starts[at], starts[at + 1] if at + 1 < len(starts) else sys.maxsize


def _lower(text: str) -> str:
    """Lower case of the same length, so that offsets carry over."""
    lower = text.lower()
    if len(lower) != len(text):  # a few characters change length when lower-cased
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lower


def _longest_apart(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping matches, leftmost first, the longer one where two start together
    (the first found where they end together too: the sort is stable)."""
    if len(found) < 2:
        return found
    found.sort(key=lambda m: (m[0], -m[1]))
    out, last_end = [], -1
    for match in found:
        if match[0] >= last_end:
            out.append(match)
            last_end = match[1]
    return out
