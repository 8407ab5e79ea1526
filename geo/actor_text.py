"""How an actor phrase reads as a name in the actors column.

Shared by :mod:`geo.participants` (who takes part) and :mod:`geo.antecedents`
(who a pronoun stands for), so both name an actor the same way.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geo.lexicon import load_words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

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
    owns it ("its envoy", "their fighters"): that names nobody on its own."""
    left = [c for c in t.children if c.i < t.i and c.dep_ in ("compound", "amod", "poss", "nmod", "case")]
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in left):
        return ""
    start = min((c.left_edge.i for c in left), default=t.i)
    while start < t.i and (t.doc[start].pos_ == "DET" or t.doc[start].dep_ in ("det", "punct")):
        start += 1
    return t.doc[start:t.i + 1].text
