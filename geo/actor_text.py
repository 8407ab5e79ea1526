"""How an actor phrase reads as a name in the actors column.

Shared by :mod:`geo.participants` (who takes part) and :mod:`geo.antecedents`
(who a pronoun stands for), so both name an actor the same way.  Also the two
phrase shapes that decide whether a name is a party at all: a relative's owner
("the son of X" is not X) and a named vessel ("the Galaxy Leader cargo ship").
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import yaml

from geo import settings
from geo.errors import DataError
from geo.lexicon import load_words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

_QUOTES = "\"“”„«»"


def clean_name(name: str) -> str:
    """An actor name as analysts should read it: no leading article, no possessive
    "'s", no stray quotes; "" for a fragment that names nobody ("the", "al-")."""
    name = name.strip(" ,.;:'\"’‘“”()[]")
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"\s*['’]s$", "", name).strip(" ,.;:-")
    if any(q in name for q in _QUOTES):
        return ""  # a name cut across a quotation ("Corps”a Lebanese movement")
    rest = [w for w in re.split(r"[\s-]+", name.lower()) if w and f"{w}-" not in load_words().name_articles]
    if not any(sum(ch.isalnum() for ch in w) >= 2 for w in rest) or name.lower() in ("the", "a", "an"):
        return ""
    low = name.lower()
    if low in load_words().group_nouns or (low.endswith("s") and (low[:-1] in load_words().group_nouns
                                                                  or low[:-3] + "y" in load_words().group_nouns)):
        return ""  # a bare "group" or "party" that no antecedent resolved names nobody
    return name


def chunk_text(t: Token) -> str:
    """The noun phrase headed by ``t`` without determiners and relative clauses, as
    written ("pro-Iranian militias", "IRGC-affiliated groups"); "" when a pronoun
    owns it ("its envoy", "their fighters") or a common noun does ("the group's senior
    commanders", "the country's army"): a possessive of a generic noun is no name,
    and the phrase names nobody on its own."""
    left = [c for c in t.children if c.i < t.i and c.dep_ in ("compound", "amod", "poss", "nmod", "case")]
    if any(c.dep_ == "poss" and (c.pos_ == "PRON" or (c.pos_ == "NOUN" and c.is_lower and not c.ent_type_))
           for c in left):
        return ""
    start = min((c.left_edge.i for c in left), default=t.i)
    while start < t.i and (t.doc[start].pos_ == "DET" or t.doc[start].dep_ in ("det", "punct")):
        start += 1
    return t.doc[start:t.i + 1].text


@lru_cache(maxsize=8)
def party_words(key: str) -> frozenset[str]:
    """A word list of the "who takes part" part of ``data/lexicon.yaml``
    (``kinship_nouns``, ``vessel_nouns``, ``city_sites``, ``numbered_craft``,
    ``water_heads``), read here because the shared :class:`geo.lexicon.Words`
    does not carry it."""
    p = settings.DATA_DIR / "lexicon.yaml"
    raw: dict[str, Any] = yaml.safe_load(p.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get(key), list):
        raise DataError(f"{p}: word list '{key}' is missing or not a list; see the packaged data/lexicon.yaml")
    return frozenset(str(x).lower() for x in raw[key])


def kin_owners(sent: Span) -> set[int]:
    """Tokens naming the person or group a relative is tied to ("the son of Iran's
    Supreme Leader", "the brother of a PMF commander", "Nasrallah's nephew"): the
    act reaches the relative, so the one named through the kinship word takes no
    part by that mention.  A name in apposition to the relative stays ("his son,
    Ali")."""
    kin = party_words("kinship_nouns")
    out: set[int] = set()
    for t in sent:
        if t.lower_ not in kin or t.pos_ != "NOUN" or not t.is_lower:
            continue  # "Sons of Iraq" is a name
        for c in t.children:
            if c.dep_ == "poss" and c.pos_ != "PRON":
                out.update(x.i for x in c.subtree)
            elif c.dep_ == "prep" and c.lower_ == "of":
                out.update(x.i for g in c.children if g.dep_ == "pobj" for x in _owner_tokens(g))
            elif c.dep_ == "appos" and c.i > t.i + 2 and t.doc[c.left_edge.i - 1].text != ",":
                out.update(x.i for x in c.subtree)  # "the son of Iran's Supreme Leader" misparsed
    return out


def kin_phrases(sent: Span, args: set[int]) -> list[str]:
    """A relative who takes part, named through the one they are tied to ("talks
    with the son of Iran's Supreme Leader", "gunmen killed the nephew of Hezbollah
    leader Hassan Nasrallah"): the kinship phrase is the only name the report gives
    that relative.  Only when the owner is named (a proper noun): "the family of
    every martyr" names nobody, and a relative with a name of their own ("his son
    Ahmed") is named by it."""
    kin = party_words("kinship_nouns")
    out: list[str] = []
    for t in sent:
        if t.lower_ not in kin or t.pos_ != "NOUN" or not t.is_lower or t.i not in args:
            continue
        own = [c for c in t.children if c.ent_type_ == "PERSON" and (
            c.dep_ in ("compound", "nmod") or (c.dep_ == "appos" and t.doc[c.left_edge.i - 1].text == ","))]
        if own:
            continue  # "his son Ahmed", "the son of X, Ahmed": named by their own name
        of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        owner = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if owner is None:
            continue
        # the owner's noun phrase up to its head ("a PMF commander", not "... in Basra"), and a
        # name the parser hung on the relative ("the son of Iran's Supreme Leader" read as an apposition)
        words = [x for x in owner.subtree if x.i <= owner.i] + [
            x for c in t.children if c.dep_ == "appos" and c.i > owner.i for x in c.subtree if x.i <= c.i]
        last = max(x.i for x in words)
        if any(x.pos_ == "PROPN" for x in words) and last - t.i <= 9:
            out.append(t.doc[t.i:last + 1].text)
    return out


def _owner_tokens(owner: Token) -> list[Token]:
    """The owner phrase of a kinship word without a trailing person's name in
    apposition ("the son of Iran's Supreme Leader, Mojtaba Khamenei"): written
    after a comma, the name may be the relative's own, and a written name is kept."""
    keep = {x.i for c in owner.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"
            and owner.doc[c.left_edge.i - 1].text == "," for x in c.subtree}
    return [x for x in owner.subtree if x.i not in keep]


def vessel_names(sent: Span, args: set[int]) -> list[str]:
    """Names of ships the act is done to or by ("seized the Galaxy Leader cargo
    ship", "attacked the tanker Marlin Luanda"): capitalised proper nouns beside a
    vessel noun that is an argument of the act.  Flags and owners ("a Liberian-flagged
    tanker", "a Greek ship") are nationalities, not names."""
    vessels = party_words("vessel_nouns")
    out: list[str] = []
    for t in sent:
        if t.lower_ not in vessels or t.pos_ != "NOUN" or t.i not in args:
            continue
        name = _name_before(t) or _name_after(t)
        if name:
            out.append(" ".join(x.text for x in name))
    return out


def flight_names(sent: Span, args: set[int]) -> list[str]:
    """Numbered flights the act is done to ("brought down the Ukrainian Airline
    flight 752", "shot down Malaysia Airlines Flight MH17"): the airliner is the
    target, named by its operator and number.  A flight without a number ("the
    flight from Tehran") names nothing."""
    craft = party_words("numbered_craft")
    out: list[str] = []
    for t in sent:
        if t.lower_ not in craft:
            continue
        head = t.head if t.dep_ == "compound" and t.head.i == t.i + 1 and t.head.pos_ == "PROPN" \
            and any(ch.isdigit() for ch in t.head.text) else t  # "Flight MH17"
        number = head if head is not t else next(
            (c for c in t.children if c.dep_ == "nummod" and c.i == t.i + 1 and c.like_num), None)
        if number is None or head.i not in args:
            continue
        left = [x for x in head.subtree if x.i < t.i and x.dep_ in ("compound", "amod", "nmod") or x.i in (t.i,)]
        start = min((x.i for x in left), default=t.i)
        out.append(t.doc[start:number.i + 1].text)
    return out


def _ship_word(x: Token) -> bool:
    """A capitalised proper noun that can be part of a ship's name (not a country
    or nationality: "a Greek tanker" is owned or flagged, not named)."""
    return x.pos_ == "PROPN" and x.text[:1].isupper() and x.ent_type_ not in ("GPE", "NORP", "DATE", "TIME")


def _name_before(t: Token) -> list[Token]:
    """"the Galaxy Leader cargo ship": proper nouns in front of the vessel noun and
    its common-noun modifiers ("cargo", "oil"), inside its phrase."""
    doc, sub = t.doc, {x.i for x in t.subtree}
    j = t.i - 1
    while j >= 0 and j in sub and doc[j].pos_ == "NOUN" and doc[j].dep_ == "compound":
        j -= 1
    name: list[Token] = []
    while j >= 0 and j in sub and _ship_word(doc[j]) and doc[j].dep_ in ("compound", "nmod"):
        name.insert(0, doc[j])
        j -= 1
    return name


def _name_after(t: Token) -> list[Token]:
    """"the tanker Stena Impero", "the vessel, Marlin Luanda": proper nouns right
    after the vessel noun, inside its phrase."""
    doc, sub = t.doc, {x.i for x in t.subtree}
    j = t.i + 1
    if j < len(doc) and doc[j].text in (",", "\"", "“") and j in sub:
        j += 1
    name: list[Token] = []
    while j < len(doc) and j in sub and _ship_word(doc[j]):
        name.append(doc[j])
        j += 1
    return name
