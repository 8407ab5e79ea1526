"""Crowds in an act's arguments: whether the people an act hits or who act are a protest.

Protesters as subject or target make any act a protest event (GUIDELINES precedence).
These helpers read only the parse and the word lists of data/triggers.yaml (``cues``):
no registry, no gazetteer.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from geo.lexicon import Lexicon
from geo.syntax import lemma_forms

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def modifies_one_person(tok: Token, roles: frozenset[str]) -> bool:
    """``tok`` is a modifier naming one person's role ("a protest activist", "the
    protest leader"): the act is on that person, not on a crowd the word names."""
    head = tok.head
    return tok.dep_ in ("compound", "amod") and head.i != tok.i and head.tag_ == "NN" \
        and head.lemma_.lower() in roles


def has_protesters(tokens: Sequence[Token], lex: Lexicon) -> bool:
    """Whether protesters or a protest noun are among these tokens: protesters as subject or
    target make any act a protest event (GUIDELINES precedence); not "March", not "a protest activist"."""
    words = lemma_forms(t for t in tokens if t.ent_type_ not in ("DATE", "TIME") and t.pos_ != "PROPN"
                        and not modifies_one_person(t, lex.cues["movement_roles"]))
    return bool(words & (lex.cues["protest_people"] | lex.cues["protest_nouns"]))



def gathered_crowd(targets: Sequence[Token], lex: Lexicon) -> bool:
    """The people hit are told as having gathered or marched ("fired on supporters who had
    gathered outside the party office"): a crowd met to rally, so the act is violence on a
    protest, whatever the crowd is called.  A gathering for another purpose ("worshippers
    who had gathered for Friday prayers") is not a rally."""
    ids = {t.i for t in targets}
    return any(t.dep_ in ("relcl", "acl") and t.head.i in ids and t.head.pos_ == "NOUN"
               and any(s.cls == "protest" for s in lex.specs(t)) and _rally_purpose(t, lex) for t in targets)


def _rally_purpose(verb: Token, lex: Lexicon) -> bool:
    """The gathering has no stated purpose, or a protest one ("gathered for a rally") or a
    demand ("gathered to demand jobs"); "for prayers", "to pray", "for a wedding" make it
    another gathering."""
    purposes = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"
                for g in c.children if g.dep_ == "pobj"]
    purposes += [c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"]
    protest_words = lex.cues["protest_nouns"] | lex.cues["protest_people"]
    return not purposes or any(p.lemma_.lower() in protest_words or any(
        s.cls == "protest" or (s.cls == "political" and p.pos_ == "VERB") for s in lex.specs(p)) for p in purposes)
