"""The agency gazetteer (reference/agencies.yaml): agencies in text, recommendation addressees."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from re import _parser as _sre_parse  # type: ignore[attr-defined]  # how re reads a pattern
from typing import Any

from reviewgraph.loaders.models import AgencyHit, Evidence
from reviewgraph.loaders.phrases import PhraseMatcher
from reviewgraph.loaders.rows import AgencyRow
from reviewgraph.loaders.yamlfile import read_yaml

AGENCIES_PATH = Path(__file__).parent / "reference" / "agencies.yaml"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_ACRONYM_BOUNDS = (r"(?<![A-Za-z0-9&])", r"s?(?![A-Za-z0-9&])")
_MAX_EVIDENCE_CHARS = 600

# Capitalised words joined by spaces, commas or small words: a possible organisation name.
_WORD = r"(?:St\.|[A-Z][\w'’&-]*)"
_SEP = r"(?:,?\s+(?:(?:and|of|for|the|upon|on|&)\s+)?)"
# Words that may open a name-like run without being part of the name.
_LEADING = frozenset(
    "The A An This That These Those Both Each Every All And But Or In On At By For From To With "
    "Within When While Whilst Where After Before During Although However Our Their His Her Its "
    "Neither Nor Either If As Of Then Also Including Between Under Over Following Since Until "
    "Because Through Into Via Whether Once Where Why How What Which Who Whereas".split()
)
# Generic words: a name made only of these is a kind of service, not an organisation.
_GENERIC = frozenset(
    "nhs trust foundation service services team partnership board agency association unit clinic "
    "hospital hospitals centre center practice school college academy charity project housing "
    "homes group authority hub network society institute nursery refuge court prison care aid "
    "support council police constabulary surgery children's childrens children adult adults "
    "adult's social health mental community local safeguarding early help family families young "
    "people person's public primary secondary junior infant high special general district county "
    "borough city national regional multi-agency youth offending justice domestic abuse violence "
    "sexual substance misuse drug alcohol drugs learning disability disabilities good best poor "
    "women's women men's victim victims crisis home emergency review reviews serious case "
    "safeguarding commissioning clinical integrated designated named lead new our your their "
    "specialist statutory voluntary independent fire rescue ambulance probation education "
    "department services' liaison advice support assessment quality other ethnic parents parent "
    "code policy".split()
)
# Title-case headings end in "Practice" far more often than organisations do.
# Not a body: "Good Practice", "Experience of Victimhood and Agency", "Study Team", and the
# column headings of a chronology or action table read across ("Date Event Agency").
_NOT_UNKNOWN = re.compile(
    r"\bPractice$|^(?:Experience|Study|Analysis|Review|Date)\b"
    r"|\b(?:Conference|Meeting|Review|Model|Plan)$"  # glossary terms: meetings and reviews
    r"|^(?:(?:Date|Event|Agency|Agencies|Action|Actions|Owner|Lead|Status|Outcome|Progress|"
    r"Timescale|Target|Evidence|Recommendation|No)\s*)+$"
)
# Characters no name contains: _WORD and _SEP take only word characters, spaces, ' ’ & - ,
# and the full stop of "St.".
_NAME_BREAK = re.compile(r"[^\w\s'’&,.-]|(?<!St)\.")
_LAST_BREAK = re.compile(r"(?s:.*)(?:" + _NAME_BREAK.pattern + ")")  # .end(): after the last
_JOIN_SPLIT = re.compile(r"(,?\s+(?:and|&)\s+|,\s+)")
_OWNER_LABEL = re.compile(
    r"(?:^|[|\n;]|\s)\s*(?:owner|owners|lead agency|lead agencies|lead organisation|lead|agency|"
    r"agencies|responsible(?: agency| agencies| organisation| lead| officer)?|recommendation for|"
    r"addressed to|for the attention of|action by|action owner)\s*[:\-–]\s*([^|\n;]{2,120})",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^\s*(?:(?:recommendation|rec\.?|r)\s*\d+[a-z]?\s*[:.)\-–]?\s*|\(?\d+(?:\.\d+)*[a-z]?[.)]\s*|"
    r"[a-z][.)]\s+|[-•*]\s*)*"
    r"(?:(?:it is|we|the (?:review|panel|author|reviewer|overview author)s?) "
    r"(?:is )?(?:recommend(?:s|ed)?|propose(?:s|d)?|suggest(?:s|ed)?) (?:that )?)?(?:that\s+)?",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(?:should|must|will|shall|needs? to|ought to|is to|are to|"
    r"(?:is|are) (?:asked|requested|recommended|expected|invited|required|encouraged) to|"
    r"(?:is|are) (?:told|reminded|informed|made aware|trained)\b|"
    r"to (?:ensure|review|develop|consider|provide|undertake|seek|establish|update|audit|produce|"
    r"raise|promote|work|share|deliver|implement|strengthen|explore|agree|assure|evaluate|"
    r"monitor|improve|commission|revise|publish|issue|disseminate|embed|clarify|identify))\b",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"\b(?:ensure|review|develop|consider|provide|seek|undertake|work|establish|make|commission|"
    r"produce|update|amend|promote|raise|remind|continue|implement|introduce|agree|explore|require|"
    r"take|write|issue|audit|monitor|evaluate|share|liaise|deliver|strengthen|disseminate|clarify|"
    r"report|satisfy|assure|identify|embed|adopt|include|give|use|support|engage|improve|publish|"
    r"arrange|revise|record|check|offer|refer|train|inform|notify|follow|hold|extend|create"
    r"|consult|close|discharge|ask|visit|contact|tell|keep|appoint|launch|relaunch|re-launch)s?\b"
)
# a recommendation that opens with its verb ("Develop guidance …", "Launch a campaign …"),
# not with a noun of the same spelling ("Review of the pathway …")
_OPENING_WORDS = re.compile(r"([A-Z][a-z-]+)\s+(\S+)")
_JOINER = re.compile(
    r"^\s*(?:with|working with|together with|in partnership with|in conjunction with|jointly with|"
    r"supported by|and|including|through|via|alongside)\b",
    re.IGNORECASE,
)
_ASSURANCE_FROM = re.compile(
    r"\bassurances?\s+(?:\w+\s+){0,3}?from\s+(.{2,200}?)"
    r"(?:\s+(?:that|about|on|regarding|as to|in relation to|how|whether)\b|[.;:]|$)",
    re.IGNORECASE,
)
_PASSIVE_BY = re.compile(
    r"\bby\s+(?:the\s+)?(.{2,80}?)(?:[.;,]|\s+(?:to|and\s+\w+ed|in|within|by)\b|$)"
)


Spans = list[tuple[int, int, str]]  # (start, end, agency id)


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    sector: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    text_patterns: tuple[str, ...] = ()
    collective: bool = False


def sector_id(sector: str) -> str:
    """Sector node id, the loader's slug: 'probation/justice' -> 'probation-justice'."""
    return re.sub(r"[^a-z0-9]+", "-", sector.lower()).strip("-")


def _strings(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def _agency_from_yaml(raw: Any, sectors: list[str], where: str) -> Agency:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping")
    agency_id = raw.get("id")
    if not isinstance(agency_id, str) or not _ID.match(agency_id):
        raise ValueError(f"{where}: id {agency_id!r} must be snake_case")
    where = f"{where} '{agency_id}'"
    name, sector = raw.get("name"), raw.get("sector")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{where}: missing 'name'")
    if sector not in sectors:
        raise ValueError(f"{where}: sector {sector!r} is not one of {', '.join(sectors)}")
    agency = Agency(
        id=agency_id,
        name=name.strip(),
        sector=sector,
        aliases=_strings(raw, "aliases", where),
        acronyms=_strings(raw, "acronyms", where),
        patterns=_strings(raw, "patterns", where),
        text_patterns=_strings(raw, "text_patterns", where),
        collective=bool(raw.get("collective", False)),
    )
    if not (agency.aliases or agency.acronyms or agency.patterns or agency.text_patterns):
        raise ValueError(f"{where}: needs at least one alias, acronym or pattern")
    for pattern in agency.patterns + agency.text_patterns:
        try:
            re.compile(pattern)
        except re.error as e:
            raise ValueError(f"{where}: bad regex {pattern!r}: {e}") from e
    return agency


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read and validate the gazetteer YAML; raise ValueError naming the faulty agency."""
    path = Path(path) if path else AGENCIES_PATH
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
        raise ValueError(f"{path}: expected a top-level 'agencies' list")
    sectors = data.get("sectors")
    if not isinstance(sectors, list) or not sectors:
        raise ValueError(f"{path}: expected a 'sectors' list")
    agencies: dict[str, Agency] = {}
    for i, raw in enumerate(data["agencies"]):
        agency = _agency_from_yaml(raw, sectors, f"{path}: agency #{i + 1}")
        if agency.id in agencies:
            raise ValueError(f"{path}: duplicate agency id '{agency.id}'")
        agencies[agency.id] = agency
    name_words = data.get("name_words") or []
    if not isinstance(name_words, list) or not name_words:
        raise ValueError(f"{path}: expected a 'name_words' list")
    return Gazetteer(agencies, [str(s) for s in sectors], [str(w) for w in name_words])


def _last_chars(regex: re.Pattern[str]) -> frozenset[str] | None:
    """The characters a match of a "...$" regex can end with; None when it cannot tell."""
    items = _sre_parse.parse(regex.pattern).data
    if regex.flags & re.IGNORECASE or not items or items[-1] != (_sre_parse.AT, _sre_parse.AT_END):
        return None
    chars, empty = _ends(items)
    return None if empty else chars


def _ends(items: Any) -> tuple[frozenset[str] | None, bool]:
    """(last characters of a match of the parsed sequence or None, can it match nothing)."""
    p, chars = _sre_parse, frozenset[str]()
    for op, av in reversed(items):
        if op in (p.AT, p.ASSERT, p.ASSERT_NOT):
            continue  # takes no character
        if op is p.LITERAL:
            return chars | {chr(av)}, False
        if op is p.SUBPATTERN and not (av[1] or av[2]):  # a group without flags
            found, empty = _ends(av[3])
        elif op is p.BRANCH:
            each = [_ends(alt) for alt in av[1]]
            if any(found is None for found, _ in each):
                return None, False
            found = frozenset().union(*(found for found, _ in each if found))
            empty = any(empty for _, empty in each)
        elif op in (p.MAX_REPEAT, p.MIN_REPEAT):
            found, empty = _ends(av[2])
            empty = empty or av[0] == 0
        else:
            return None, False
        if found is None:
            return None, False
        chars |= found
        if not empty:
            return chars, False
    return chars, True


def _by_start_longest(span: tuple[int, int, str]) -> tuple[int, int]:
    return span[0], span[0] - span[1]


def _dedupe(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


_SMALL_WORDS = frozenset({"and", "of", "the", "for", "in", "on", "&"})


def _glossary_pieces(name: str) -> list[str]:
    """A glossary's lines read as one name, split where an acronym starts the next entry.

    "Family Group Conference FMU Forced Marriage Unit" is two entries: an interior acronym
    whose letters the following words begin with ("FMU": Forced Marriage Unit) starts a new
    one. An acronym inside a name ("Shires Health NHS Foundation Trust") is left alone. A
    first piece that does not start with an acronym is the end of an entry cut off above.
    """
    words = name.split()
    pieces, start = [], 0
    for i in range(1, len(words) - 1):
        if not _is_acronym(words[i]):
            continue
        acronym = words[i].strip(",()")
        initials = "".join(w[0] for w in words[i + 1 :] if w.lower() not in _SMALL_WORDS)
        shared = min(len(acronym), len(initials))
        if shared >= 2 and initials[:shared].upper() == acronym[:shared] and initials[:2].isupper():
            pieces.append(" ".join(words[start:i]))
            start = i
    pieces.append(" ".join(words[start:]))
    if len(pieces) > 1 and not _is_acronym(pieces[0].split()[0]):
        pieces.pop(0)  # the wrapped end of the entry before ("… Action Meeting")
    return [p for p in pieces if p]


def _is_acronym(word: str) -> bool:
    word = word.strip(",()")
    return word.isalpha() and word.isupper() and len(word) >= 2


# A mention that does not make an agency involved in the case (Gazetteer.incidental):
# a contact denied just before the name ("was not known to mental health services", "had
# no contact with", "was never heard at MARAC", "did not tell the police or ..."), a life
# outside the case ("had worked as a school cook", "a retired nurse", "studying for an
# Open University degree", "a flat rented from a housing association"), hospital as a
# place ("died in hospital", "visited him in hospital"; not "admitted to hospital", where
# the hospital acted, nor "the hospital"), and
# names of an outcome after the events (the coroner, a hospital order).
_NEGATED_CONTACT = re.compile(
    r"(?i:\b(?:not|never)\s+(?:been\s+|yet\s+)?(?:known|referred|registered|open|notified|told"
    r"|informed|involved|in\s+contact|heard|discussed|considered)\s*(?:to|with|by|at|in|for)?"
    r"|\bno\s+(?:contact|involvement|referral|notification|dealings)\s+(?:with|to|from|by)"
    r"|\b(?:did\s+not|didn't|never|failed\s+to)\s+(?:tell|inform|notify|contact|alert"
    r"|refer\s+(?:\w+\s+)?to)\b"
    # "No referral was made to children's social care", "No agency referred her to MARAC"
    r"|\bno\s+(?:referral|notification|request)\s+was\s+(?:ever\s+)?(?:made|sent)\s+to"
    r"|\bno\s+(?:one|agency|professional|practitioner|service)\s+(?:ever\s+)?referred"
    r"\s+(?:\w+\s+)?to)"
)
# Someone's own childhood, before the case ("Her mother had been in the care of the local
# authority as a child and had a social worker until she was 18").
_OWN_CHILDHOOD = re.compile(
    r"(?i:\bas\s+a\s+(?:child|teenager|young\s+person)(?=\s*(?:[,.;:)]|and\b|or\b|$))"
    r"|\bin\s+(?:his|her|their)\s+(?:own\s+)?(?:childhood|teens|youth)\b"
    r"|\bwhen\s+(?:he|she|they)\s+(?:was|were)\s+(?:a\s+child|young|a\s+teenager)\b)"
)
_BEYOND_CASE = re.compile(
    r"(?i:\b(?:worked|working|employed|retired|studying|studied|volunteered|volunteering"
    r"|rented|renting)\b)"
)
# A job held before or outside the case, with no verb: "a bus driver and, for some years,
# a caretaker at a primary school", "formerly a porter at the hospital".
_PAST_JOB = re.compile(
    r"(?i:\b(?:retired|retiring|used\s+to|career|former(?:ly)?|for\s+(?:some|many|a\s+few)\s+years)\b)"
)
_A_JOB_AT = re.compile(r"\ba\s+[a-z]+(?:\s+[a-z]+)?\s+(?:at|in|for|with)\s+(?:a|an|the)\s+$")
# The rest of an Act's name after an agency's words: "Social Services and Well-being
# (Wales) Act 2014", "Children and Social Work Act".
_ACT_NAME = re.compile(r"(?:\s+(?:and|of|for|the|&|\([A-Z][\w-]*\)|[A-Z][\w'-]*))*\s+Act\b")
_BARE_PLACE = re.compile(r"(?i:\bin\s+)$")
# A contact denied after the name: "the referral to MARAC was not sent", "children's social
# care were not contacted" (not information kept from an agency that was involved: "the
# district nurses were not told when her ulcer got worse").
_DENIED_AFTER = re.compile(
    r"(?i:\s*(?:\([^()]{1,40}\)\s*)?"
    # another agency joined to it as the subject: "The fire service and Shelter Cymru had
    # never been contacted" (a capitalised name after "and" / "or" / a comma)
    r"(?:(?:,|and|or)\s+(?:the\s+)?(?-i:[A-Z][\w'’&-]*)(?:\s+(?:(?-i:[A-Z][\w'’&-]*)|of|for)){0,4}"
    r"\s+)?"
    r"(?:(?:was|were|had)\s+(?:\w+\s+but\s+)?(?:not|never)\s+"
    r"(?:been\s+)?(?:sent|made|completed|submitted|contacted|called|involved|consulted|convened"
    r"|invited)|had\s+no\s+(?:record|knowledge|contact|involvement))\b)"
)
# A service offered, not yet used, or refused: "was offered a place in a refuge", "offered
# a referral to the drug service" (if taken up, what followed says so).
_OFFERED = re.compile(
    r"(?i:\boffered\s+(?:a|an|her|him|them)?\s*(?:\w+\s+)?(?:place|bed|room|space|referral"
    r"|appointment)s?\s+(?:in|at|with|to|from)\s+(?:a|an|the)?\s*"
    # or refused: "he usually declined to go to hospital", "refused a referral to CAMHS"
    r"|\b(?:declined|refused|did\s+not\s+want)\s+(?:to\s+(?:go|be\s+taken|be\s+admitted)"
    r"\s+(?:to|into)|(?:a\s+|any\s+)?(?:referral|admission|transfer)\s+to)\s+(?:a|an|the)?\s*)$"
)
# What would, could or should have happened, not what did: "her daughters would have had to
# change school", "she should have been referred to MARAC".
_HYPOTHETICAL = re.compile(r"(?i:\b(?:would|could|might|should)(?:\s+not)?\s+have\b)")
# A relative's own place, not the person's: "His wife had spent her last year in a care
# home", "her father was in prison".
_RELATIVES_PLACE = re.compile(
    r"(?i:\b(?:his|her|their)\s+(?:late\s+)?(?:wife|husband|partner|mother|father|son|daughter"
    r"|brother|sister|parents?|grandmother|grandfather|grandparents?)\b(?:\s+[\w']+){0,4}?"
    r"\s+(?:lived|living|spent|stayed|was|were|had\s+been|moved|died|went)\b[^.;]{0,40}?"
    r"\b(?:in|at|into|to)\s+(?:a|an|the)\s+)$"
)
# A hospital named only as where a service is: "the emergency department at Lowbridge
# Royal Infirmary", "a paediatrician at the hospital".
_HOUSES = re.compile(r"\s+(?:at|of|in)\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){0,3}")
_HOSPITALS = frozenset({"acute_hospital", "nhs_trust"})
_CLAUSE_BREAK = re.compile(r"[.;:!?]|,\s+(?:but|and|while|although)\s")
_OUTCOME = re.compile(r"(?i:coroner|hospital\s+order)")
_QUALIFIER_GAP = re.compile(r"(?:'s|’s)\s+|\s*\(\s*(?:the\s+)?")


# A sentence about the review's panel, not the case: "The panel included representatives
# of the police, the ICB and probation", "senior managers from … sat on the review panel".
# Panel members are chosen for their role, whether or not they met the person; the
# agencies that sent the review reports ("Individual Management Reviews were received
# from …") are those that did, and still count.
_REVIEW_PROCESS = re.compile(
    r"(?i:\bpanel\s+(?:also\s+)?(?:included|comprised|consisted|was\s+made\s+up|members?"
    r"|membership|was\s+chaired|had\s+(?:members|representatives))"
    r"|\b(?:representatives|senior\s+managers|members)\s+(?:of|from)\b[^.]{0,200}"
    r"\b(?:sat|served)\s+on\s+(?:the|its)\s+(?:\w+\s+)?panel\b"
    r"|\bpanel\s+(?:members|membership)\s+(?:were|was|came)\b)"
)


def about_the_review(text: str) -> bool:
    """Whether a sentence is about the review's panel rather than the case: the agencies it
    names as members are not thereby involved."""
    return bool(_REVIEW_PROCESS.search(text))


FAMILY_SECTOR = "family/community"
_HEALTH = frozenset(
    "gp health_visiting midwifery school_nursing emergency_department acute_hospital paediatrics "
    "ambulance_service nhs_111 camhs adult_mental_health mh_liaison substance_misuse_service "
    "sexual_health dentistry community_health".split()
)
# An unspecified body -> the agencies that say which one it was.
SPECIFIC_KINDS: dict[str, frozenset[str]] = {
    "social_care": frozenset({"csc", "asc"}),
    "local_authority": frozenset({"csc", "asc", "early_help", "housing_options",
                                  "education_services", "commissioners"}),
    "nhs_trust": _HEALTH,
    "safeguarding_board": frozenset({"lscb", "sab", "csp"}),
    "emergency_calls": frozenset({"police", "ambulance_service"}),
}  # fmt: skip


def denied_contact(text: str, found: Spans, index: int) -> bool:
    """Whether the contact with the agency named at found[index] is denied, just before the
    name ("was not known to", "no referral to") or after it ("… was not contacted")."""
    start, end, _ = found[index]
    clause = _CLAUSE_BREAK.split(text[max(0, start - 60) : start])[-1]
    denied = next(reversed(list(_NEGATED_CONTACT.finditer(clause))), None)
    if denied is not None and " by " not in clause[denied.start() :]:
        gap = clause[denied.end() :]
        if len(gap) <= 45 and not re.search(r"\b(?:but|because|until|after|when)\b", gap):
            return True
    return bool(_DENIED_AFTER.match(text, end))


def incidental(text: str, found: Spans, index: int) -> bool:
    """Whether the agency named at found[index] in `text` is named without being involved:
    after a denied contact, in a life outside the case, hospital as a place, an outcome
    after the events, or an organisation that only qualifies the service named next
    ("Kestrelford Hospitals NHS Trust (midwifery)", "the hospital's liaison team")."""
    start, end, _ = found[index]
    name = text[start:end]
    if _OUTCOME.match(text, start):
        return True
    clause = _CLAUSE_BREAK.split(text[max(0, start - 60) : start])[-1]
    if denied_contact(text, found, index):
        return True
    if _BEYOND_CASE.search(clause[-35:]):
        return True
    low = clause.lower()  # a substring test first: most clauses hold none of these words
    if (
        ("offered" in low or "declined" in low or "refused" in low or "did not want" in low)
        and _OFFERED.search(clause)
    ) or (" have" in low and _HYPOTHETICAL.search(clause)):
        return True
    if ("his " in low or "her " in low or "their " in low) and _RELATIVES_PLACE.search(clause):
        return True
    if (
        index > 0
        and found[index][2] in _HOSPITALS
        and found[index - 1][2] not in _HOSPITALS
        and _HOUSES.fullmatch(text[found[index - 1][1] : start])
    ):
        return True
    sentence_end = _CLAUSE_BREAK.search(text, end)
    if _OWN_CHILDHOOD.search(
        text, max(0, start - 120), sentence_end.start() if sentence_end else len(text)
    ):
        return True
    if _A_JOB_AT.search(text, max(0, start - 40), start) and _PAST_JOB.search(
        text, max(0, start - 90), start
    ):
        return True
    if name[:1].isupper() and " Act" in text[end : end + 60] and _ACT_NAME.match(text, end):
        return True
    if name.lower() in ("hospital", "hospitals") and _BARE_PLACE.search(text[:start]):
        return True
    if index + 1 < len(found):
        nxt = found[index + 1]
        # "(the Partnership)" after the SAB's name is a short name, not a service within it
        if (
            nxt[2] != found[index][2]
            and nxt[2] not in SPECIFIC_KINDS
            and _QUALIFIER_GAP.fullmatch(text[end : nxt[0]])
        ):
            return True
    return False


class Gazetteer:
    """Agencies, their names and how to find them in review text."""

    def __init__(self, agencies: dict[str, Agency], sectors: list[str], name_words: list[str]):
        self.agencies = agencies
        self.sectors = sectors
        self._aliases = PhraseMatcher(
            [(a.id, alias, False) for a in agencies.values() for alias in a.aliases]
            + [(a.id, p, True) for a in agencies.values() for p in a.text_patterns]
        )
        self._acronyms = PhraseMatcher(
            [(a.id, ac, False) for a in agencies.values() for ac in a.acronyms],
            case_sensitive=True,
            bounds=_ACRONYM_BOUNDS,
        )
        self._patterns = [(re.compile(p), a.id) for a in agencies.values() for p in a.patterns]
        # A name is tried only on the patterns whose match can end with its last character.
        ends = [_last_chars(regex) for regex, _ in self._patterns]
        self._any_end = tuple(i for i, chars in enumerate(ends) if chars is None)
        self._by_end = {
            c: tuple(i for i, chars in enumerate(ends) if chars is None or c in chars)
            for c in set().union(*(chars for chars in ends if chars))
        }
        words = "|".join(re.escape(w) for w in sorted(name_words, key=len, reverse=True))
        # Every name starts with a capital (a _WORD or a name word): the lookahead makes re
        # drop any other position at once instead of trying all the name words there.
        capital = "(?=[A-Z])" if all(re.match("[A-Z]", w) for w in name_words) else ""
        self._org = re.compile(rf"{capital}(?:{_WORD}{_SEP}){{0,7}}(?:{words})(?![\w'’-])")
        # Every name holds a name word: most sentences have none and need no name scan.
        self._name_word = re.compile(words)
        # Name words made of letters and spaces cannot cross a _NAME_BREAK (see _org_matches).
        self._breakable = all(re.fullmatch(r"[A-Za-z ]+", w) for w in name_words)
        self._ends_name = re.compile(rf"\b(?:{words})$")
        self._collective = frozenset(a.id for a in agencies.values() if a.collective)
        known_words = {w for a in agencies.values() for n in a.aliases for w in n.lower().split()}
        known_words |= {ac.lower() for a in agencies.values() for ac in a.acronyms}
        self._generic = _GENERIC | known_words | {w.lower() for w in name_words}

    # -- finding agencies ------------------------------------------------------------------

    def _org_matches(self, text: str) -> Iterator[re.Match[str]]:
        r"""What self._org.finditer(text) gives, scanning only the stretches that can match.

        A name never contains a _NAME_BREAK character, and the one look past its end,
        (?![\w'’-]), reads a break the same as the end of the text. So the text between
        two breaks can be scanned on its own, and only a stretch holding a name word can
        hold a name: the regex, slow to start at every character, runs on far less text.
        """
        if not self._breakable:
            yield from self._org.finditer(text)
            return
        done = 0  # the text before this is scanned (or holds no name word)
        while (hit := self._name_word.search(text, done)) is not None:
            last = _LAST_BREAK.match(text, done, hit.start())
            stop = _NAME_BREAK.search(text, hit.end())
            start = last.end() if last else done
            done = stop.start() if stop else len(text)
            yield from self._org.finditer(text, start, done)

    def _names(self, text: str) -> Iterable[tuple[int, str]]:
        """(offset, name) of organisation-like names, split at "and"/commas between names."""
        for cand in self._org_matches(text):
            start, name = cand.start(), cand.group()
            pieces = _JOIN_SPLIT.split(name)
            offset, current = 0, ""
            for i in range(0, len(pieces), 2):
                current += pieces[i]
                if self._ends_name.search(current) or i == len(pieces) - 1:
                    yield start + offset, current
                    offset += len(current) + (len(pieces[i + 1]) if i + 1 < len(pieces) else 0)
                    current = ""
                else:
                    current += pieces[i + 1]

    def _pattern_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Organisation names in the text classified by the agencies' name patterns."""
        out = []
        for offset, name in self._names(text):
            best: tuple[int, int, str] | None = None
            tried = (
                range(len(self._patterns))
                if name.endswith("\n")  # $ matches before it
                else self._by_end.get(name[-1:], self._any_end)
            )
            for i in tried:
                regex, agency_id = self._patterns[i]
                m = regex.search(name)
                if m and (best is None or m.end() - m.start() > best[1] - best[0]):
                    best = (m.start(), m.end(), agency_id)
            if best:
                out.append((offset + best[0], offset + best[1], best[2]))
        return out

    def find(self, text: str, collective: bool = False) -> list[tuple[int, int, str]]:
        """(start, end, agency id) of every agency named in the text, longest name first."""
        found = self._pattern_spans(text) + self._aliases.find(text) + self._acronyms.find(text)
        return self._apart(found, collective)

    def _find_each(self, texts: list[str]) -> list[Spans]:
        """find() of each text (not collective), each phrase matcher run over all at once."""
        aliases, acronyms = self._aliases.find_each(texts), self._acronyms.find_each(texts)
        return [
            # (every name holds a name word: a quick look spares most texts the name scan)
            self._apart((self._pattern_spans(text) if self._name_word.search(text) else []) + a + c)
            for text, a, c in zip(texts, aliases, acronyms, strict=True)
        ]

    def _apart(self, found: Spans, collective: bool = False) -> Spans:
        """Longest name first where names overlap; collective addressees only if asked."""
        if not found:
            return found
        found.sort(key=_by_start_longest)
        out, last_end = [], -1
        for start, end, agency_id in found:
            if start >= last_end:
                last_end = end
                if collective or agency_id not in self._collective:
                    out.append((start, end, agency_id))
        return out

    def match_text(self, text: str, collective: bool = False) -> list[str]:
        """Agency ids named in a text, in order of first mention."""
        return _dedupe(agency_id for _, _, agency_id in self.find(text, collective))

    def match_agencies(
        self,
        sentences: Iterable[tuple[str, int, str | None]],
        max_evidence: int = 5,
        forward: Collection[str] = (),
        involved_only: bool = False,
    ) -> dict[str, AgencyHit]:
        """Agencies over (text, page, section) sentences: sentence counts and evidence passages.

        Collective addressees ("all agencies", "health partners") are not agencies involved
        in a case and are left out. `mentions` counts sentences naming the agency.
        `forward`: sections (by heading) that look forward, recommendations and action
        plans, whose agencies are asked to act rather than were involved: skipped.
        `involved_only`: leave out the mentions that do not involve the agency
        (`incidental`: a denied contact, a life outside the case, hospital as a place).
        """
        hits: dict[str, AgencyHit] = {}
        seen: dict[str, set[str]] = {}
        sentences = list(sentences)
        spans = self._find_each([text for text, _, _ in sentences])
        for (text, page, section), found in zip(sentences, spans, strict=True):
            if section is not None and section in forward:
                continue
            if involved_only:
                if about_the_review(text):
                    continue
                # an agency whose contact the sentence denies is not involved by its other
                # mention there either ("she had asked the school for an early help
                # assessment, but no referral to early help was made")
                denied = (
                    {span[2] for i, span in enumerate(found) if denied_contact(text, found, i)}
                    if len(found) > 1
                    else set()
                )
                found = [
                    span
                    for i, span in enumerate(found)
                    if span[2] not in denied and not incidental(text, found, i)
                ]
            ids = _dedupe(agency_id for _, _, agency_id in found)
            if not ids:
                continue
            passage = ""  # made when an agency still wants evidence: most have enough
            for agency_id in ids:
                hit = hits.get(agency_id) or hits.setdefault(agency_id, AgencyHit(agency_id))
                hit.mentions += 1
                if len(hit.evidence) >= max_evidence:
                    continue
                if not passage:
                    passage = " ".join(text.split())[:_MAX_EVIDENCE_CHARS]
                keys = seen.setdefault(agency_id, set())
                if passage.lower() not in keys:
                    keys.add(passage.lower())
                    hit.evidence.append(Evidence(passage, page, section))
        return dict(sorted(hits.items(), key=lambda kv: -kv[1].mentions))

    def involved(self, hits: dict[str, AgencyHit]) -> list[AgencyHit]:
        """The agencies a reader lists as involved in a case: not family, friends or
        neighbours (the family/community sector), and not a body named without its kind
        ("the council", "social care", "an NHS trust", "the board", "a 999 call") when the
        case names the kind too (children's social care, the acute trust, the SAB, police)."""
        present = set(hits)
        out = []
        for agency_id, hit in hits.items():
            agency = self.agencies.get(agency_id)
            if agency is not None and agency.sector == FAMILY_SECTOR:
                continue
            if present & SPECIFIC_KINDS.get(agency_id, frozenset()):
                continue
            out.append(hit)
        return out

    # -- recommendations -------------------------------------------------------------------

    def addressees(self, recommendation_text: str) -> list[str]:
        """Agency ids a recommendation is addressed to.

        In order: a labelled owner ("Owner: Police", "Recommendation for: GP practices");
        short table cells that name agencies ("3 | Police | ..."); otherwise the subject
        of the first "should/must/will/to ensure…" ("The LSCB should…", "That the CCG
        reviews…"). When a board seeks assurance from named agencies, those agencies
        follow the board: they are the ones that must act. Collective addressees
        (all_agencies, health_partners, commissioners) count. Imperatives without a
        subject ("Ensure that…") give [].
        """
        text = recommendation_text.strip()
        labelled = [
            i for m in _OWNER_LABEL.finditer(text) for i in self.match_text(m.group(1), True)
        ]
        if labelled:
            return _dedupe(labelled)
        cells = [c.strip() for c in text.split("|")]
        if len(cells) > 1:
            owners = [i for c in cells if 0 < len(c) <= 60 for i in self._names_only(c)]
            body = max(cells, key=len)
            return _dedupe(owners + self._subject_addressees(body))
        return self._subject_addressees(text)

    def _names_only(self, cell: str) -> list[str]:
        """Agencies in a cell that is little more than agency names (an owner column)."""
        spans = self.find(cell, collective=True)
        named = sum(end - start for start, end, _ in spans)
        letters = len(re.sub(r"[^A-Za-z]", "", cell))
        return [a for _, _, a in spans] if spans and named >= 0.5 * letters else []

    def _subject_addressees(self, text: str) -> list[str]:
        body = " ".join(text.split())
        body = body[_LEAD_IN.match(body).end() :]  # type: ignore[union-attr]
        opening = _OPENING_WORDS.match(body)
        word = opening.group(1).lower() if opening else ""
        if (
            opening
            and opening.group(2) != "of"
            and not word.endswith("s")
            and _VERB.fullmatch(word)
        ):
            return []  # "Develop guidance for all partners …": no subject names who acts
        stops = [m for m in (_MODAL.search(body), _VERB.search(body)) if m]
        if not stops:
            return []
        stop = min(stops, key=lambda m: m.start())
        subject = self._subject_clause(body[: stop.start()])
        ids = self.match_text(subject, collective=True)
        rest = body[stop.end() :]
        if not ids and not subject.strip():
            return []
        if not ids and re.match(r"\s*be\b", rest):  # passive: "… should be commissioned by the CSP"
            by = _PASSIVE_BY.search(rest)
            ids = self.match_text(by.group(1), collective=True) if by else []
        sought = _ASSURANCE_FROM.search(rest)
        if sought:
            ids += self.match_text(sought.group(1), collective=True)
        return _dedupe(ids)

    @staticmethod
    def _subject_clause(subject: str) -> str:
        """The part of the text before the modal that names who acts."""
        subject = re.split(r"(?<=[a-z)])\.\s+(?=[A-Z])", subject)[-1]
        parts = subject.split(",")
        keep = [parts.pop()]
        while parts and (_JOINER.match(keep[0]) or not keep[0].strip()):
            keep.insert(0, parts.pop())
        return ",".join(keep)

    # -- organisations the gazetteer does not know -----------------------------------------

    def unknown_organisations(self, text: str) -> list[str]:
        """Organisation-like names in the text that no alias, acronym or pattern recognises."""
        out: dict[str, str] = {}
        known: set[str] = set()  # a document names the same bodies again and again
        for raw in (piece for _, found in self._names(text) for piece in _glossary_pieces(found)):
            name = self._clean_name(raw)
            if name is None or name in known or name.lower() in out or _NOT_UNKNOWN.search(name):
                continue
            spans = self.find(name, collective=True)
            if spans and spans[-1][1] >= len(name) - 1:
                known.add(name)
                continue
            out[name.lower()] = name
        # "Welcome Centre" is the end of "Hollowmere Welcome Centre", seen once without its place
        names = list(out.values())
        return [n for n in names if not any(o != n and o.endswith(" " + n) for o in names)]

    def _clean_name(self, raw: str) -> str | None:
        words = " ".join(raw.split()).split(" ")
        while words and (
            words[0].strip(",") in _LEADING
            or words[0].lower() in ("and", "of", "for", "the", "upon", "on", "&")
            or (words[0].isupper() and len(words) > 2)  # glossary lines: "DAS Depression and…"
        ):
            words.pop(0)
        if len(words) < 2:
            return None
        proper = [w for w in words if w.strip(",").lower() not in self._generic and w[:1].isupper()]
        return " ".join(words).strip(" ,") if proper else None

    # -- rows for the graph ----------------------------------------------------------------

    def rows(self) -> list[AgencyRow]:
        """Agency rows (id, name, sector, sector_id, collective); sector_id gives IN_SECTOR."""
        return [
            AgencyRow(id=a.id, name=a.name, sector=a.sector, sector_id=sector_id(a.sector),
                      collective=a.collective)
            for a in self.agencies.values()
        ]  # fmt: skip

    def sector_rows(self) -> list[dict[str, str]]:
        """Sector rows (id, name)."""
        return [{"id": sector_id(s), "name": s} for s in self.sectors]

    def in_sector_rows(self) -> list[dict[str, str]]:
        """IN_SECTOR pairs (agency id, sector id)."""
        return [{"agency": a.id, "sector": sector_id(a.sector)} for a in self.agencies.values()]
