"""The actor registry: who is who, who answers to whom, and how each name is spelled.

``data/actors.yaml`` holds the knowledge (canonical names, aliases, kind,
alignment, parent, chain of command, front groups, years, sources); this module
turns it into lookups:

* :meth:`Registry.resolve` maps one name to its canonical :class:`~geo.records.Actor`;
* :meth:`Registry.match` finds every registry actor mentioned in a text;
* :meth:`Registry.entity_patterns` gives spaCy EntityRuler patterns so the
  registry wins over the statistical NER ("Kataib Hezbollah" is not a PERSON);
* :meth:`Registry.chain`, :meth:`Registry.children`, :meth:`Registry.groups` and
  :meth:`Registry.expand` answer the network questions the app and exports ask.

Why a phonetic key: the same group is written Kataib / Kata'ib / Kataeb,
Hezbollah / Hizballah / Hizbullah, Haq / Haqq, and a missed spelling is a missed
actor.  Listing every variant is impossible, so names are compared at three
levels, each only where it is safe:

1. *exact*: accents, apostrophes and ayn marks, hyphens, Arabic articles
   (al-, el-, ash-...), "the" and possessives removed, case folded;
2. *phonetic*: consonant digraphs folded (q->k, dh->z, kh->k, gh->g, ph->f),
   doubled letters collapsed and each run of vowels folded to one ("ou", "u",
   "o" agree) -- for single words only when the key has at least 5 letters;
3. *skeleton*: the consonants only, word boundaries ignored ("Hizb Allah" =
   "Hezbollah") -- only for keys of at least 5 consonants.

:meth:`Registry.resolve` adds a strict rapidfuzz comparison on top.  Acronyms
("KH", "US") are matched case-sensitively in running text, and a capitalised
alias needs a capitalised first word in the text, so "hashed out" or "us" never
become actors.
"""
from __future__ import annotations

import argparse
import itertools
import logging
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from geo import settings
from geo.errors import DataError
from geo.records import Actor

log = logging.getLogger(__name__)

ALIGNMENTS = ("iran_aligned", "us_aligned", "gulf_aligned", "turkey_aligned", "israel", "russia_aligned",
              "independent", "unknown")
"""Alignments an actor may have; the YAML may label them for the app's group filter."""

_APOSTROPHES = "'’‘`´ʼʹʻʽʾʿ′"
_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}(?![A-Za-z])|[^\W_]+(?:[" + _APOSTROPHES + r"][^\W_]+)*")
_POSSESSIVE_RE = re.compile(r"[" + _APOSTROPHES + r"]s$", re.IGNORECASE)
_ALTERNATION_RE = re.compile(r"\{([^{}]*)\}")
_YEARS_RE = re.compile(r"\(\s*\d{4}\s*[-–]\s*(?:\d{4})?\s*\)")
_GAP_RE = re.compile(r"[\s\-‐‑]{0,3}|\s?[()]\s?")  # between the words of one name; "Fatah (Conquest) alliance"

ARTICLES = frozenset({"al", "el", "ul", "il", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "the"})
"""Words dropped inside names: the Arabic article and its sun-letter forms, and "the"."""

TITLES = frozenset({
    "general", "gen", "maj", "major", "lt", "lieutenant", "col", "colonel", "brig", "brigadier", "commander",
    "sheikh", "shaykh", "sheik", "sayyed", "sayyid", "seyed", "sayed", "ayatollah", "grand", "hojatoleslam",
    "mr", "mrs", "ms", "dr", "president", "prime", "minister", "king", "prince", "crown", "emir", "cleric",
    "leader", "haj", "hajj", "mullah", "imam", "speaker", "secretary",
})
"""Honorifics and titles that :meth:`Registry.resolve` strips from the start of a name."""

GENERIC_HEADS = frozenset({
    "rebel", "rebels", "fighter", "fighters", "militia", "militias", "militiaman", "militiamen", "movement",
    "group", "groups", "supporter", "supporters", "loyalist", "loyalists", "member", "members", "official",
    "officials", "leader", "leaders", "leadership", "commander", "commanders", "unit", "units", "spokesman",
    "spokesperson", "spokeswoman", "operatives", "operative", "forces", "force", "gunmen", "network", "wing",
    "organisation", "organization", "party", "followers", "cadres", "elements", "affiliates", "affiliated",
    "backed", "linked", "aligned", "allied", "led", "run", "controlled",
})
"""Trailing words :meth:`Registry.resolve` may drop ("Houthi rebels" -> "Houthi")."""

_SPACY_ACRONYM_MAX = 6  # all-caps alias words up to this length are acronyms (case-sensitive)


# --------------------------------------------------------------------------- keys


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Lower-case ASCII-ish form: accents and combining marks dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class _Tok(NamedTuple):
    """One word of a text or an alias with its three comparison keys."""

    start: int
    end: int
    raw: str
    norm: str  # exact key: folded, no apostrophes, no possessive, no dots
    phon: str
    skel: str
    caps: bool  # written in capitals (an acronym or a shouted headline)
    upper_initial: bool
    article: bool  # an Arabic article or "the": skipped inside names


_FIRST_VOWEL = {"a": "a", "e": "i", "i": "i", "o": "u", "u": "u"}
_CONSONANT_FOLDS = (("dh", "z"), ("ph", "f"), ("kh", "k"), ("gh", "g"), ("ck", "k"), ("q", "k"), ("dj", "j"),
                    ("w", "u"))


def _fold_consonants(norm: str) -> str:
    t = norm
    for a, b in _CONSONANT_FOLDS:
        t = t.replace(a, b)
    t = re.sub(r"c(?!h)", "k", t)
    t = re.sub(r"y$", "i", t)
    return re.sub(r"([a-z])\1+", r"\1", t)


@lru_cache(maxsize=65536)
def _phon(norm: str) -> str:
    """Phonetic key of one word (see the module docstring for the rules and why).

    The first vowel keeps its class (a / e,i / o,u) so Khomeini != Khamenei;
    later runs of vowels fold to one (Hezbollah = Hizballah = Hizbullah).
    """
    t = _fold_consonants(norm)
    first = [True]

    def vowel(m: re.Match) -> str:
        if first[0]:
            first[0] = False
            return _FIRST_VOWEL[m.group()[0]]
        return "a"

    t = re.sub(r"[aeiou]+", vowel, t)
    return re.sub(r"(?<=[aiu])h$", "", t)


@lru_cache(maxsize=65536)
def _skel(norm: str) -> str:
    """Skeleton of one word: its phonetic key without the vowels after the first
    ("Hashed" = "Hashd"), used only for multi-word names."""
    p = _phon(norm)
    m = re.search(r"[aiu]", p)
    if not m:
        return p
    return p[:m.end()] + re.sub(r"[aiu]", "", p[m.end():])


@lru_cache(maxsize=65536)
def _word(raw: str) -> tuple[str, str, str, bool, bool, bool]:
    """(norm, phon, skel, caps, upper_initial, article) of one raw word."""
    base = _POSSESSIVE_RE.sub("", raw) if len(raw) > 3 else raw
    base = base.replace(".", "")
    for ch in _APOSTROPHES:
        base = base.replace(ch, "")
    norm = re.sub(r"[^a-z0-9]", "", _fold(base))
    letters = [c for c in base if c.isalpha()]
    caps = len(letters) >= 2 and all(c.isupper() for c in letters)
    upper_initial = bool(letters) and letters[0].isupper()
    return norm, _phon(norm), _skel(norm), caps, upper_initial, norm in ARTICLES


def tokens(text: str) -> list[_Tok]:
    """Words of ``text`` with character offsets and comparison keys."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        keys = _word(raw)
        if keys[0]:
            out.append(_Tok(m.start(), m.end(), raw, *keys))
    return out


def _is_proper(name: str) -> bool:
    """Whether a canonical name is a proper name ("al-Qaeda") rather than a descriptor ("protesters")."""
    words = [t for t in tokens(name) if not t.article]
    return bool(words) and words[0].upper_initial


@lru_cache(maxsize=65536)
def _depluralise(norm: str) -> str | None:
    """The singular of a plural-looking word ("Houthis" -> "houthi"), else None."""
    if len(norm) > 4 and norm.endswith("ies"):
        return norm[:-3] + "y"
    if len(norm) > 4 and norm.endswith("es") and norm[-3] in "sxz":
        return norm[:-2]
    if len(norm) > 3 and norm.endswith("s") and not norm.endswith("ss"):
        return norm[:-1]
    return None


def expand_alias(alias: str) -> list[str]:
    """Expand ``{a|b|}`` alternations of a YAML alias into plain strings.

    ``"{Iran-backed|pro-Iranian} {militias|factions}"`` gives four aliases; an
    empty alternative makes a part optional.  This keeps generic descriptors
    (prefix x head noun) readable as data instead of hundreds of lines.
    """
    parts = _ALTERNATION_RE.split(alias)
    if len(parts) == 1:
        return [" ".join(alias.split())]
    fixed, choices = parts[0::2], [p.split("|") for p in parts[1::2]]
    out = []
    for combo in itertools.product(*choices):
        text = "".join(f + c for f, c in zip(fixed, (*combo, ""), strict=False))
        out.append(" ".join(text.split()))
    return [a for a in dict.fromkeys(out) if a]


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class ActorMatch:
    """One registry actor found in a text: ``text[start:end] == surface``.

    ``how`` is the comparison level that matched ("exact", "phonetic",
    "skeleton"); ``metonym`` marks a place name standing for the actor
    ("Tehran said", "Iran") which callers may want to treat as a place instead.
    """

    start: int
    end: int
    surface: str
    actor: Actor
    how: str = "exact"
    metonym: bool = False


@dataclass(frozen=True)
class _Entry:
    """One alias in the index: which actor, and what the text must look like."""

    actor_id: str | None  # None for a blocker (a place name that is not an actor)
    alias: str
    acronyms: tuple[bool, ...]  # per content word: must be written in capitals
    upper_initial: bool  # the alias starts with a capital: the text must too
    metonym: bool


@dataclass
class _Index:
    """Alias keys at the three comparison levels with prefix sets for fast scans."""

    exact: dict[tuple[str, ...], list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    phon: dict[tuple[str, ...], list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    skel: dict[tuple[str, ...], list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    exact_prefix: set[tuple[str, ...]] = field(default_factory=set)
    phon_prefix: set[tuple[str, ...]] = field(default_factory=set)
    skel_prefix: set[tuple[str, ...]] = field(default_factory=set)
    fuzzy: dict[str, _Entry] = field(default_factory=dict)
    max_words: int = 1


# --------------------------------------------------------------------------- loading


def _as_tuple(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise DataError(f"{where}: '{key}' must be a string or a list of strings, not {type(value).__name__}")


def _actor_from_row(row: Any, where: str) -> Actor:
    """One YAML mapping -> :class:`Actor` (aliases expanded), or a DataError naming the row."""
    if not isinstance(row, dict):
        raise DataError(f"{where}: each actor must be a mapping, got {type(row).__name__}")
    for key in ("id", "name"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise DataError(f"{where}: missing or empty '{key}'")
    alignment = row.get("alignment", "unknown")
    if alignment not in ALIGNMENTS:
        raise DataError(f"{where} ({row['id']}): unknown alignment {alignment!r}; use one of {', '.join(ALIGNMENTS)}")
    aliases: list[str] = []
    for alias in _as_tuple(row.get("aliases"), where, "aliases"):
        aliases.extend(expand_alias(alias))
    years = row.get("years_active")
    return Actor(
        id=row["id"], name=row["name"].strip(),
        aliases=tuple(a for a in dict.fromkeys(aliases) if a != row["name"]),
        kind=str(row.get("kind", "unknown")), alignment=alignment,
        parent=row.get("parent"), country=row.get("country"),
        metonyms=_as_tuple(row.get("metonyms"), where, "metonyms"),
        demonyms=_as_tuple(row.get("demonyms"), where, "demonyms"),
        commanded_by=_as_tuple(row.get("commanded_by"), where, "commanded_by"),
        member_of=_as_tuple(row.get("member_of"), where, "member_of"),
        leads=_as_tuple(row.get("leads"), where, "leads"),
        fronts=_as_tuple(row.get("fronts"), where, "fronts"),
        years_active=None if years is None else str(years),
        sources=_as_tuple(row.get("sources"), where, "sources"),
        notes=str(row.get("notes") or "").strip(),
    )


def _check_links(actors: dict[str, Actor], path: Path) -> None:
    """Every id an actor points to exists, and parents form no cycle."""
    for actor in actors.values():
        refs = [("parent", actor.parent)] if actor.parent else []
        refs += [(k, r) for k in ("commanded_by", "member_of", "leads", "fronts") for r in getattr(actor, k)]
        for key, ref in refs:
            if ref not in actors:
                raise DataError(f"{path}: actor '{actor.id}' has {key} '{ref}', which is not an actor id")
    for actor in actors.values():
        seen = {actor.id}
        cur = actor
        while cur.parent:
            if cur.parent in seen:
                raise DataError(f"{path}: parent cycle through '{actor.id}'")
            seen.add(cur.parent)
            cur = actors[cur.parent]


def load_yaml(path: Path) -> dict[str, Any]:
    """Read the registry file; any problem becomes a DataError naming the file."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"{path}: cannot read the actor registry ({exc})") from exc
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise DataError(f"{path}: expected a mapping with an 'actors' list")
    return data


# --------------------------------------------------------------------------- the registry


class Registry:
    """The actors of ``data/actors.yaml`` with name lookups and network queries.

    Parameters
    ----------
    actors
        Actors by id, in file order (the order breaks ties between aliases).
    labels
        Display labels of alignments ("iran_aligned" -> "Iran-aligned").
    group_labels
        Optional group names per parent id ("pmf" -> "PMF factions").
    blockers
        Phrases that contain an alias but are not the actor ("Sadr City").
    """

    def __init__(self, actors: dict[str, Actor], labels: dict[str, str] | None = None,
                 group_labels: dict[str, str] | None = None, blockers: Iterable[str] = (),
                 path: Path | None = None):
        self.actors: dict[str, Actor] = dict(actors)
        self.path = path
        self.labels = {a: (labels or {}).get(a, a.replace("_", " ")) for a in ALIGNMENTS}
        self.group_labels = dict(group_labels or {})
        self._by_parent: dict[str, list[str]] = defaultdict(list)
        for actor in self.actors.values():
            if actor.parent:
                self._by_parent[actor.parent].append(actor.id)
        self._index = _Index()
        self._cache: dict[tuple, Any] = {}
        self._demonyms = {_fold(d): a for a in self.actors.values() for d in a.demonyms}
        for actor in self.actors.values():
            self._add(actor.id, actor.name, metonym=actor.name in actor.metonyms)
            for alias in actor.aliases:
                self._add(actor.id, alias, metonym=False)
            for alias in actor.metonyms:
                self._add(actor.id, alias, metonym=True)
        for phrase in blockers:
            for alias in expand_alias(phrase):
                self._add(None, alias, metonym=False)

    # ----------------------------------------------------------------- index

    def _add(self, actor_id: str | None, alias: str, metonym: bool) -> None:
        words = [t for t in tokens(alias) if not t.article]
        if not words:
            return
        acronyms = tuple(t.caps and len(t.norm) <= _SPACY_ACRONYM_MAX for t in words)
        entry = _Entry(actor_id, alias, acronyms, words[0].upper_initial, metonym)
        idx = self._index
        exact = tuple(t.norm for t in words)
        clash = [e for e in idx.exact.get(exact, ()) if e.actor_id != actor_id]
        if clash and actor_id is not None and clash[0].actor_id is not None:
            where = self.path or "actor registry"
            raise DataError(f"{where}: alias {alias!r} of '{actor_id}' is also an alias of '{clash[0].actor_id}'")
        if any(e.actor_id == actor_id for e in idx.exact.get(exact, ())):
            return
        idx.exact[exact].append(entry)
        idx.exact_prefix.update(exact[:i] for i in range(1, len(exact) + 1))
        idx.max_words = max(idx.max_words, len(words))
        generic = actor_id is None or not _is_proper(self.actors[actor_id].name)
        if any(acronyms) or metonym or generic or not words[0].upper_initial:
            return  # acronyms, place names and common-noun descriptors ("rioters") are compared exactly only
        phon = tuple(t.phon for t in words)
        if len(words) > 1 or len(words[0].norm) >= 6:
            idx.phon[phon].append(entry)
            idx.phon_prefix.update(phon[:i] for i in range(1, len(phon) + 1))
        skel = tuple(t.skel for t in words)
        if len(words) > 1 and min(map(len, skel)) >= 2 and sum(map(len, skel)) >= 6:
            idx.skel[skel].append(entry)
            idx.skel_prefix.update(skel[:i] for i in range(1, len(skel) + 1))
        joined = " ".join(phon)
        if len(joined) >= 6 and actor_id is not None:
            idx.fuzzy.setdefault(joined, entry)

    # ----------------------------------------------------------------- lookups

    def by_demonym(self, word: str) -> Actor | None:
        """The state actor an adjective names ("Iranian" -> Iran, "U.S." -> United States), or None.

        Kept apart from :meth:`resolve` and :meth:`match` on purpose: "an Iraqi
        man" is not the Iraqi government, so only a caller that knows the
        adjective stands for the state ("Israeli strikes") should ask.
        """
        key = _fold(word.strip())
        key = key[:-1] if key.endswith("s") and key[:-1] in self._demonyms else key  # "Iranians"
        return self._demonyms.get(key)

    def get(self, actor_id: str) -> Actor:
        """The actor with this id; KeyError if there is none."""
        return self.actors[actor_id]

    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())

    def _accept(self, entries: list[_Entry], words: list[_Tok], strict_case: bool) -> _Entry | None:
        """The first entry whose spelling constraints the text words satisfy."""
        for entry in entries:
            if strict_case:
                if entry.upper_initial and not (words[0].upper_initial or words[0].caps):
                    continue
                if len(entry.acronyms) == len(words) and any(
                        need and not w.caps for need, w in zip(entry.acronyms, words, strict=True)):
                    continue
            return entry
        return None

    def _lookup(self, words: list[_Tok], strict_case: bool) -> tuple[_Entry, str] | None:
        """Match a whole word sequence at the exact, phonetic, then skeleton level.

        Only the exact level accepts a plural last word ("Houthis" -> "Houthi"):
        phonetic keys of plurals collide with unrelated words ("policies").
        """
        idx = self._index
        exact = tuple(w.norm for w in words)
        hit = self._accept(idx.exact.get(exact, []), words, strict_case)
        if hit:
            return hit, "exact"
        sing = _depluralise(exact[-1])
        if sing:
            hit = self._accept(idx.exact.get((*exact[:-1], sing), []), words, strict_case)
            if hit:
                return hit, "exact"
        hit = self._accept(idx.phon.get(tuple(w.phon for w in words), []), words, strict_case)
        if hit:
            return hit, "phonetic"
        if len(words) > 1:
            hit = self._accept(idx.skel.get(tuple(w.skel for w in words), []), words, strict_case)
            if hit:
                return hit, "skeleton"
        return None

    def _content(self, name: str) -> list[_Tok]:
        """Words of a name without articles and leading titles."""
        words = [t for t in tokens(name) if not t.article]
        while len(words) > 1 and words[0].norm in TITLES:
            words = words[1:]
        return words

    def resolve(self, name: str) -> Actor | None:
        """The canonical actor a name refers to, or None.

        Tries, in order: the whole name (ids too), the name without trailing
        generic words ("Houthi rebels"), a strict fuzzy comparison of phonetic
        keys, and finally a registry mention that covers most of the name
        ("the Iranian-backed Kataib Hezbollah militia").
        """
        if not name or not name.strip():
            return None
        if name.strip() in self.actors:
            return self.actors[name.strip()]
        name = _YEARS_RE.sub(" ", name)  # ACLED's "Military Forces of Iraq (2020-)"
        words = self._content(name)
        if not words:
            return None
        strict = len(words) > 1  # a lone "kh" or "pmf" typed on the command line is fine
        for cut in range(len(words), 0, -1):
            if cut < len(words) and words[cut].norm not in GENERIC_HEADS:
                break
            hit = self._lookup(words[:cut], strict_case=strict)
            if hit and hit[0].actor_id:
                return self.actors[hit[0].actor_id]
        fuzzy = self._fuzzy(words)
        if fuzzy:
            return fuzzy
        return self._covering_match(name)

    def _fuzzy(self, words: list[_Tok]) -> Actor | None:
        """Strict rapidfuzz on phonetic keys: same word count, every word close."""
        from rapidfuzz import fuzz, process

        query = " ".join(w.phon for w in words)
        if len(query) < 6:
            return None
        best = process.extractOne(query, list(self._index.fuzzy), scorer=fuzz.ratio, score_cutoff=88)
        if not best:
            return None
        cand = best[0].split(" ")
        if len(cand) != len(words):
            return None
        for w, c in zip(words, cand, strict=True):
            if w.phon != c and (len(c) <= 4 or len(w.phon) <= 4 or fuzz.ratio(w.phon, c) < 75):
                return None
        entry = self._index.fuzzy[best[0]]
        return self.actors[entry.actor_id] if entry.actor_id else None

    def _covering_match(self, name: str) -> Actor | None:
        """The one actor mentioned in ``name`` when its mentions cover at least half of it.

        Several mentions of one actor ("PMF: Popular Mobilization Forces") count
        together; mentions of a unit and its parent ("Military Forces of Iran
        ... Islamic Revolutionary Guard Corps") give the unit.
        """
        found = [m for m in self.match(name) if not m.metonym]
        if not found:
            return None
        actors = {m.actor.id: m.actor for m in found}
        deepest = max(actors.values(), key=lambda a: len(self.chain(a.id)))
        lineage = {a.id for a in self.chain(deepest.id)}
        if not set(actors) <= lineage:
            return None
        letters = sum(c.isalpha() for c in name)
        covered = sum(c.isalpha() for m in found for c in m.surface)
        return deepest if letters and covered / letters >= 0.5 else None

    def match(self, text: str, metonyms: bool = True) -> list[ActorMatch]:
        """Every registry actor mentioned in ``text``, in text order.

        Mentions never overlap: the one starting leftmost wins, and of those
        starting at one word the longest ("Kataib Hezbollah fighters" is one
        mention of Kataib Hezbollah, not Hezbollah).  Acronyms must be in capitals and capitalised
        aliases must start with a capital in the text.  With ``metonyms=False``
        place names standing for an actor ("Tehran") are left out.
        """
        words = tokens(text)
        idx = self._index
        spans: list[tuple[int, int, _Entry, str]] = []
        n = len(words)
        for i in range(n):
            if words[i].article:
                continue
            best = None
            exact: tuple[str, ...] = ()
            phon: tuple[str, ...] = ()
            skel: tuple[str, ...] = ()
            content: list[_Tok] = []
            j = i
            live_e = live_p = live_s = True
            while j < n and len(content) < idx.max_words:
                w = words[j]
                if j > i and not _GAP_RE.fullmatch(text, words[j - 1].end, w.start):
                    break  # punctuation or a sentence break ends a name
                j += 1
                if w.article:
                    continue
                content.append(w)
                exact, phon, skel = (*exact, w.norm), (*phon, w.phon), (*skel, w.skel)
                sing = _depluralise(w.norm) if live_e else None
                plural_end = bool(sing) and (*exact[:-1], sing) in idx.exact
                live_e = live_e and exact in idx.exact_prefix
                live_p = live_p and phon in idx.phon_prefix
                live_s = live_s and skel in idx.skel_prefix
                if not (live_e or live_p or live_s or plural_end):
                    break
                hit = self._lookup(content, strict_case=True)
                if hit:
                    best = (i, j - 1, hit[0], hit[1])
            if best:
                spans.append(best)
        # Leftmost-longest, as in a regex alternation: ``spans`` holds the
        # longest mention starting at each word, in text order, and a mention
        # that starts earlier keeps its words even when a later overlapping one
        # is longer in characters ("Kataib Hezbollah fighters" is Kataib
        # Hezbollah, not the alias "Hezbollah fighters").
        taken = bytearray(n)
        out: list[ActorMatch] = []
        for a, b, entry, how in spans:
            if any(taken[a:b + 1]):
                continue
            taken[a:b + 1] = b"\x01" * (b + 1 - a)
            if entry.actor_id is None or (entry.metonym and not metonyms):
                continue
            start, end = words[a].start, words[b].end
            if len(words[b].raw) > 3 and _POSSESSIVE_RE.search(words[b].raw):
                end -= 2  # "Hezbollah's" -> "Hezbollah"
            out.append(ActorMatch(start, end, text[start:end], self.actors[entry.actor_id], how, entry.metonym))
        out.sort(key=lambda m: m.start)
        return out

    # ----------------------------------------------------------------- spaCy

    def entity_patterns(self, tokenizer: Any = None, max_variants: int = 6) -> list[dict]:
        """spaCy EntityRuler patterns: label ORG (PERSON for persons), ``id`` = actor id.

        Why two shapes: token patterns with ``IN`` lists run Python code at every
        token (they doubled the parse time of the corpus), so ordinary aliases
        become *phrase* patterns (strings, matched on LOWER when the ruler's
        ``phrase_matcher_attr`` is "LOWER", as in :mod:`geo.nlp`), one per
        written variant: straight/curly/no apostrophes, hyphen or space, and the
        registry's other spellings of each word ("Kataeb Hizbullah" because
        some alias spells Kataeb and another Hizbullah).  Aliases with acronyms
        become token patterns on exact ORTH (with dotted forms: "U.S."), so "us"
        never matches.  Metonyms (country and city names) are left out so the
        NER keeps them as places.
        """
        cache_key = ("patterns", max_variants)
        if tokenizer is None and cache_key in self._cache:
            return [dict(p) for p in self._cache[cache_key]]
        patterns = self._entity_patterns(tokenizer, max_variants)
        if tokenizer is None:
            self._cache[cache_key] = patterns
        return [dict(p) for p in patterns]

    def _entity_patterns(self, tokenizer: Any, max_variants: int) -> list[dict]:
        if tokenizer is None:
            import spacy

            tokenizer = spacy.blank("en").tokenizer
        spellings: dict[str, set[str]] = defaultdict(set)
        for actor in self.actors.values():
            for alias in (actor.name, *actor.aliases):
                for t in tokens(alias):
                    if not t.caps and t.upper_initial:
                        spellings[t.phon].add(t.raw)
        patterns: list[dict] = []
        for actor in self.actors.values():
            label = "PERSON" if actor.kind == "person" else "ORG"
            places = set(actor.metonyms)
            seen: set[str] = set()
            for alias in (actor.name, *actor.aliases):
                if alias in places:
                    continue
                words = tokens(alias)
                if not any(w.upper_initial for w in words):
                    continue  # common-noun descriptors ("protesters") are not named entities
                if any(w.caps and len(w.norm) <= _SPACY_ACRONYM_MAX for w in words):
                    for pattern in self._acronym_patterns(alias, tokenizer):
                        key = repr(pattern)
                        if key not in seen:
                            seen.add(key)
                            patterns.append({"label": label, "pattern": pattern, "id": actor.id})
                    continue
                for variant in self._phrase_variants(alias, words, spellings, max_variants):
                    if variant.lower() not in seen:
                        seen.add(variant.lower())
                        patterns.append({"label": label, "pattern": variant, "id": actor.id})
        return patterns

    @staticmethod
    def _phrase_variants(alias: str, words: list[_Tok], spellings: dict[str, set[str]], limit: int) -> list[str]:
        """Written forms of one alias (see :meth:`entity_patterns`), at most ``limit``."""
        options: list[list[str]] = []
        pieces: list[str] = []
        pos = 0
        for w in words:
            pieces.append(alias[pos:w.start])
            pos = w.end
            forms = [w.raw]
            if w.upper_initial and not w.caps:
                forms += sorted(spellings.get(w.phon, set()) - {w.raw})
            options.append(forms)
        tail = alias[pos:]
        out: list[str] = []
        for combo in itertools.product(*options):
            text = "".join(p + c for p, c in zip(pieces, combo, strict=True)) + tail
            out.append(text)
            if len(out) >= limit:
                break
        more: list[str] = []
        for text in out:
            more.append(text)
            if any(ch in text for ch in _APOSTROPHES):
                more.append(re.sub("[" + _APOSTROPHES + "]", "’", text))
                more.append(re.sub("[" + _APOSTROPHES + "]", "'", text))
                more.append(re.sub("[" + _APOSTROPHES + "]", "", text))
            if "-" in text:
                more.append(text.replace("-", " "))
        return list(dict.fromkeys(more))

    @staticmethod
    def _acronym_patterns(alias: str, tokenizer: Any) -> list[list[dict]]:
        """Token patterns for an alias with acronyms: exact ORTH for acronyms, LOWER otherwise."""
        alternatives: list[list[dict]] = []
        for tok in tokenizer(alias):
            norm, _phon_, _skel_, caps, _up, _art = _word(tok.text)
            if caps and len(norm) <= _SPACY_ACRONYM_MAX:
                forms = sorted({tok.text, norm.upper(), ".".join(norm.upper()) + "."})
                alternatives.append([{"ORTH": f} for f in forms])
            else:
                alternatives.append([{"LOWER": tok.text.lower()}])
        return [list(combo) for combo in itertools.product(*alternatives)][:16]

    # ----------------------------------------------------------------- network

    def chain(self, actor_id: str) -> list[Actor]:
        """The actor, its parent, grandparent... up to the top of its hierarchy."""
        out = [self.actors[actor_id]]
        while out[-1].parent:
            out.append(self.actors[out[-1].parent])
        return out

    def command(self, actor_id: str) -> list[Actor]:
        """Who the actor answers to: its own ``commanded_by`` or its nearest ancestor's."""
        for actor in self.chain(actor_id):
            if actor.commanded_by:
                return [self.actors[a] for a in actor.commanded_by]
        return []

    def children(self, actor_id: str, recursive: bool = True) -> list[Actor]:
        """Actors whose parent is ``actor_id`` (and their children when ``recursive``)."""
        out: list[Actor] = []
        todo = list(self._by_parent.get(actor_id, ()))
        while todo:
            child = self.actors[todo.pop(0)]
            out.append(child)
            if recursive:
                todo.extend(self._by_parent.get(child.id, ()))
        return out

    def people(self, actor_ids: Iterable[str]) -> list[Actor]:
        """Persons who lead or belong to any of these actors."""
        ids = set(actor_ids)
        return [a for a in self.actors.values() if a.kind == "person" and ids & (set(a.leads) | set(a.member_of))]

    def network(self, actor_id: str) -> set[str]:
        """Ids covered by an actor: itself, its descendants, fronts, and what answers to it."""
        ids = {actor_id}
        todo = [actor_id]
        while todo:
            cur = todo.pop()
            more = [c.id for c in self.children(cur, recursive=False)]
            more += list(self.actors[cur].fronts)
            more += [a.id for a in self.actors.values() if cur in a.commanded_by]
            for m in more:
                if m not in ids:
                    ids.add(m)
                    todo.append(m)
        return ids

    def groups(self) -> dict[str, list[str]]:
        """Named groups of canonical names for filters.

        * ``"All <alignment label>"`` for each alignment that has actors;
        * for each actor with children, ``group_label`` from the YAML or
          ``"<name> and subordinates"``: the actor, its descendants and fronts;
        * for each actor others answer to, ``"<name> network"``: everything in
          its chain of command;
        * for each alliance or coalition, ``"<name> members"``: the alliance,
          its member organisations and their subordinates.
        """
        out: dict[str, list[str]] = {}
        for alignment in ALIGNMENTS:
            names = sorted(a.name for a in self.actors.values() if a.alignment == alignment)
            if names:
                out[f"All {self.labels[alignment]}"] = names
        commanders = {c for a in self.actors.values() for c in a.commanded_by}
        for actor in self.actors.values():
            if self._by_parent.get(actor.id) or actor.fronts:
                label = self.group_labels.get(actor.id) or f"{actor.name} and subordinates"
                ids = {actor.id} | {c.id for c in self.children(actor.id)} | set(actor.fronts)
                out[label] = sorted(self.actors[i].name for i in ids)
            if actor.id in commanders:
                out[f"{actor.name} network"] = sorted(self.actors[i].name for i in self.network(actor.id))
        members: dict[str, set[str]] = defaultdict(set)
        for actor in self.actors.values():
            if actor.kind != "person":
                for org in actor.member_of:
                    members[org].add(actor.id)
        for org, ids in members.items():
            ids = {org} | ids | {c.id for i in ids for c in self.children(i)}
            out[f"{self.actors[org].name} members"] = sorted(self.actors[i].name for i in ids)
        return out

    def expand(self, group_or_name: str) -> set[str]:
        """Canonical names covered by a group, an alignment, or an actor with its subordinates.

        A group name from :meth:`groups` (case-insensitive), an alignment key
        ("iran_aligned") or label, or any name :meth:`resolve` knows (the actor,
        its descendants, fronts, and the persons who lead or belong to them).
        Unknown names give an empty set.
        """
        query = group_or_name.strip()
        groups = self.groups()
        for label, names in groups.items():
            if label.lower() == query.lower():
                return set(names)
        for alignment, label in self.labels.items():
            if query.lower() in (alignment, label.lower()):
                return {a.name for a in self.actors.values() if a.alignment == alignment}
        actor = self.resolve(query)
        if actor is None:
            return set()
        ids = {actor.id} | {c.id for c in self.children(actor.id)} | set(actor.fronts)
        ids |= {p.id for p in self.people(ids)}
        return {self.actors[i].name for i in ids}


# --------------------------------------------------------------------------- loading


def load_registry(path: Path | str | None = None) -> Registry:
    """Build a :class:`Registry` from a YAML file (default ``data/actors.yaml``)."""
    path = Path(path) if path else settings.DATA_DIR / "actors.yaml"
    data = load_yaml(path)
    actors: dict[str, Actor] = {}
    for i, row in enumerate(data["actors"]):
        actor = _actor_from_row(row, f"{path}: actor #{i + 1}")
        if actor.id in actors:
            raise DataError(f"{path}: duplicate actor id '{actor.id}'")
        actors[actor.id] = actor
    _check_links(actors, path)
    labels = data.get("alignments") or {}
    group_labels = {r["id"]: r["group_label"] for r in data["actors"] if r.get("group_label")}
    blockers = data.get("blockers") or []
    if not isinstance(labels, dict) or not isinstance(blockers, list):
        raise DataError(f"{path}: 'alignments' must be a mapping and 'blockers' a list")
    return Registry(actors, labels, group_labels, blockers, path=path)


@lru_cache(maxsize=1)
def get_registry() -> Registry:
    """The bundled registry, loaded once per process."""
    return load_registry()


def add_entity_ruler(nlp: Any, registry: Registry | None = None, before: str = "ner") -> Any:
    """Add the registry's EntityRuler to a spaCy pipeline, cheaply, and return it.

    Why not just ``nlp.add_pipe("entity_ruler", before="ner").add_patterns(...)``:
    spaCy runs every component *before* the ruler (tok2vec, tagger, parser...)
    over each phrase pattern while adding it, which took 44 s for the registry's
    patterns.  Adding them while only the ruler is enabled tokenises them (1-2 s),
    and the matcher works on LOWER, so nothing is lost.
    """
    reg = registry or get_registry()
    ruler = nlp.add_pipe("entity_ruler", before=before if before in nlp.pipe_names else None,
                         config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
    with nlp.select_pipes(enable=[ruler_name for ruler_name, pipe in nlp.pipeline if pipe is ruler]):
        ruler.add_patterns(reg.entity_patterns())
    return ruler


# --------------------------------------------------------------------------- CLI


def _describe(reg: Registry, actor: Actor) -> list[str]:
    lines = [f"{actor.name}  [{actor.id}]",
             f"  kind: {actor.kind}   alignment: {actor.alignment}   country: {actor.country or '-'}"
             f"   years: {actor.years_active or '-'}"]
    if actor.aliases:
        lines.append(f"  aliases: {'; '.join(actor.aliases[:40])}" + (" ..." if len(actor.aliases) > 40 else ""))
    chain = reg.chain(actor.id)
    if len(chain) > 1:
        lines.append("  chain: " + " -> ".join(a.name for a in chain))
    command = reg.command(actor.id)
    if command:
        lines.append("  answers to: " + ", ".join(a.name for a in command))
    for key in ("member_of", "leads", "fronts"):
        ids = getattr(actor, key)
        if ids:
            lines.append(f"  {key.replace('_', ' ')}: " + ", ".join(reg.actors[i].name for i in ids))
    kids = reg.children(actor.id)
    if kids:
        lines.append("  children: " + ", ".join(a.name for a in kids))
    people = reg.people([actor.id])
    if people:
        lines.append("  people: " + ", ".join(p.name for p in people))
    if actor.notes:
        lines.append(f"  notes: {actor.notes}")
    for source in actor.sources:
        lines.append(f"  source: {source}")
    return lines


def cli_actors(args: argparse.Namespace) -> int:
    """``geo actors list|show|resolve``."""
    try:
        reg = get_registry()
    except DataError as exc:
        print(f"geo actors: {exc}", file=sys.stderr)
        return 2
    cmd = args.actors_command
    if cmd == "list":
        if args.alignment and args.alignment not in ALIGNMENTS:
            print(f"geo actors: unknown alignment {args.alignment!r}; use one of {', '.join(ALIGNMENTS)}",
                  file=sys.stderr)
            return 2
        rows = [a for a in reg if (not args.alignment or a.alignment == args.alignment)
                and (not args.kind or a.kind == args.kind)]
        for a in rows:
            print(f"{a.id:28} {a.name:45} {a.kind:24} {a.alignment:15} {a.parent or '-'}")
        print(f"{len(rows)} actors", file=sys.stderr)
        return 0
    actor = reg.resolve(args.name)
    if actor is None and cmd == "show":
        group = {k.lower(): (k, v) for k, v in reg.groups().items()}.get(args.name.strip().lower())
        if group:
            print(f"{group[0]} ({len(group[1])} actors): " + "; ".join(group[1]))
            return 0
    if actor is None:
        print(f"no actor matches {args.name!r}", file=sys.stderr)
        return 1
    if cmd == "resolve":
        print(f"{actor.name}\t{actor.id}\t{actor.kind}\t{actor.alignment}")
        return 0
    print("\n".join(_describe(reg, actor)))
    return 0
