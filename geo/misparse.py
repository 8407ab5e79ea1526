"""Trigger verbs the small tagger reads as nouns, recovered from their frame.

In ACLED-style notes ("unidentified gunmen on a motorcycle shot dead prominent
activist X") the small English model often tags "shot" as a noun ("shot dead
activist" read as one noun phrase), so no trigger is found.  A past participle
followed by a resultative word ("shot dead", "gunned down") is always the verb:
no noun "shot" is followed by "dead".  The forms and words are data
(``resultatives`` in data/triggers.yaml).
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

from geo import settings
from geo.lexicon import Lexicon, TriggerSpec

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


@lru_cache(maxsize=1)
def _resultatives() -> tuple[dict[str, str], frozenset[str]]:
    """(participle -> verb lemma, resultative words) from data/triggers.yaml."""
    raw = yaml.safe_load((settings.DATA_DIR / "triggers.yaml").read_text(encoding="utf-8"))
    block = raw.get("resultatives") or {}
    forms = {str(k).lower(): str(v).lower() for k, v in (block.get("participles") or {}).items()}
    return forms, frozenset(str(w).lower() for w in block.get("words") or ())


def resultative_specs(tok: Token, lex: Lexicon) -> tuple[TriggerSpec, ...]:
    """The verb trigger groups of a participle the tagger made a noun or adjective
    before a resultative word ("shot dead", "gunned down"); () otherwise."""
    forms, words = _resultatives()
    if tok.pos_ not in ("NOUN", "ADJ", "PROPN") or tok.lower_ not in forms or tok.i + 1 >= len(tok.doc):
        return ()
    if tok.doc[tok.i + 1].lower_ not in words:
        return ()
    return tuple(s for s in lex.triggers.get(forms[tok.lower_], ()) if "VERB" in s.pos)
