"""Sentences that name an act without telling one happen: speech, background, practice.

Split from :mod:`geo.event_filters` (which calls :func:`not_an_act` first): a
commentator's judgement or a group's accusation, a person's or group's past in a
perfect relative clause, a running tally, a recurring or stated campaign, a
reaction formula ("promised a response"), a boycott of a sitting, an act ranked
by a copula or used as the time landmark of something else, an act placed over a
span of months.  Each was a false point on the map of unseen articles.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

from geo import settings
from geo.agents import agent_kind
from geo.lexicon import Lexicon, load_words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

_DEFINITE = ("the", "this", "that", "these", "those")


@lru_cache(maxsize=1)
def _filter_words() -> dict[str, frozenset[str]]:
    """The word lists of ``data/lexicon.yaml`` only this module reads (``vague_responses``,
    ``sittings``); kept as data beside the other grammar lists."""
    raw = yaml.safe_load((settings.DATA_DIR / "lexicon.yaml").read_text(encoding="utf-8"))
    return {k: frozenset(str(x).lower() for x in raw.get(k) or ()) for k in ("vague_responses", "sittings")}


def not_an_act(tok: Token, lex: Lexicon) -> bool:
    """Speech, background and practice that name an act without telling one happen."""
    extra = _filter_words()
    if _objects_only(tok, extra["vague_responses"]):
        return True  # "promised a response", "vowed revenge": a reaction formula, no act named
    if _sitting_boycott(tok, extra["sittings"]):
        return True  # "lawmakers boycotted the session": a stance in an institution, not a demonstration
    if tok.lemma_.lower() == "protest" and tok.dep_ == "pobj" and tok.head.lower_ == "in" and any(
            _sitting_boycott(h, extra["sittings"]) for _, h in ancestors(tok.head, 2)):
        return True  # "boycotted the vote in protest at the arrests": the motive of that boycott
    if tok.pos_ == "VERB" and tok.lemma_.lower() in load_words().comment_verbs and \
            agent_kind(tok, lex)[0] in ("armed", "proxy"):
        return True  # "Hezbollah accused the party of planting snipers": a group's comment, not its act
    if _biography(tok):
        return True  # "Al-X, who had fought in Syria, was ...": a person's past, no dated act
    if _running_count(tok) or (tok.dep_ in ("conj", "advcl") and _perfect(tok) and _running_count(tok.head)):
        return True  # "... have been killed since October, while a dozen have been killed in Israel": a tally
    verb = tok.head if tok.pos_ == "NOUN" and tok.dep_ == "dobj" else tok  # "have been exchanging fire"
    if _recurring(verb, lex) or (verb is not tok and (_running_count(verb) or (
            verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ == "been" for c in verb.children)))):
        return True  # "every summer", "almost daily since October 8": a recurring activity, not one event
    if _ranked(tok):
        return True  # "the drone strike was the first in Baghdad since the truce": an act told before, ranked
    if _time_landmark(tok):
        return True  # "talks resumed after a pause following the Jordan attack": a known act as a landmark
    if _over_a_span(tok, lex):
        return True  # "the most senior commander killed in three months of clashes": a ranking over a span
    if tok.tag_ == "NNS" and any(s.cls == "violence" for s in lex.specs(tok)) and _span_noun(tok.head.head, lex) \
            and tok.dep_ == "pobj" and tok.head.lower_ == "of":
        return True  # "three months of clashes", "years of attacks": many incidents counted in time
    return _practice(tok, lex)


def _recurring(verb: Token, lex: Lexicon) -> bool:
    """The act recurs: a time phrase with "every/each" ("every summer", "each Friday")
    or a frequency adverb ("daily", "weekly", "routinely") on its verb."""
    f = lex.filters
    for c in verb.children:
        if c.dep_ == "advmod" and c.lower_ in f["habitual_adverbs"] | f["aggregate_modifiers"]:
            return True
        if c.dep_ in ("npadvmod", "advmod", "prep") and any(
                t.lower_ in ("every", "each") and t.head.ent_type_ == "DATE" or t.head.lemma_.lower() in (
                    "day", "week", "month", "year", "summer", "winter", "spring", "autumn", "weekend")
                for t in c.subtree if t.lower_ in ("every", "each")):
            return True
    return False


def _ranked(tok: Token) -> bool:
    """A definite act noun with nothing of its own, ranked by a copula ("the attack was
    the deadliest since 2019", "the strike was the first in Baghdad since the truce"):
    the sentence classifies an act told before; the place and date it names belong to
    the ranking.  "The attack on the base on Monday was the deadliest" names its own."""
    if tok.pos_ != "NOUN" or tok.dep_ != "nsubj" or tok.head.lemma_.lower() not in load_words().copular:
        return False
    if not any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE + ("its", "their") for c in tok.children):
        return False
    if any(c.dep_ in ("prep", "acl", "relcl", "appos") for c in tok.children):
        return False
    attr = [c for c in tok.head.children if c.dep_ in ("attr", "acomp")]
    return bool(attr) and (attr[0].tag_ == "JJS" or attr[0].ent_type_ == "ORDINAL" or any(
        g.tag_ == "JJS" or g.ent_type_ == "ORDINAL" or g.lower_ in ("latest", "most")
        for g in attr[0].subtree if g.i < attr[0].i or g is attr[0]))


def _time_landmark(tok: Token) -> bool:
    """A definite act noun that dates another thing ("a pause following the Jordan
    attack", "the weeks after the bombing", "calm before the protests"): the act is a
    landmark already known to the reader, told (if at all) where it happened.  Only
    on a noun: "gunmen were killed after the attack" tells an act's sequel, and a
    landmark with its own date may be the first word of it."""
    if tok.pos_ != "NOUN" or not any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE)
                                     for c in tok.children):  # "the Jordan attack", "the militia's attack"
        return False
    link = tok.head
    if tok.dep_ == "pobj" and link.lower_ in ("after", "before", "since", "following", "preceding"):
        pass
    elif not (tok.dep_ == "dobj" and link.lower_ in ("following", "preceding") and link.dep_ in ("acl", "prep")):
        return False
    return link.head.pos_ in ("NOUN", "PROPN") and not any(t.ent_type_ in ("DATE", "TIME") for t in tok.subtree)


def _over_a_span(tok: Token, lex: Lexicon) -> bool:
    """The act is placed "in/during/over" a span of many days of conflict ("killed in
    three months of clashes", "wounded during weeks of protests"): it ranks or counts
    over that span, the act itself is told elsewhere or not at all."""
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ not in ("in", "during", "over", "throughout"):
            continue
        for g in c.children:
            if g.dep_ == "pobj" and _span_noun(g, lex) and any(
                    p.dep_ == "prep" and p.lower_ == "of" for p in g.children):
                return True
    return False


def _span_noun(tok: Token, lex: Lexicon) -> bool:
    """A plural of a unit of time ("months", "weeks", "years"): a span of many days."""
    units = {w.rstrip("s") for w in lex.filters["duration_heads"]} | {"year", "decade"}
    return tok.tag_ == "NNS" and tok.lemma_.lower() in units


def _objects_only(tok: Token, words: frozenset[str]) -> bool:
    """The verb's objects (direct, or after "for/of/with") are all among ``words``."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    objs += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "with") for g in c.children
             if g.dep_ == "pobj"]
    if tok.dep_ in ("acl", "relcl") and tok.tag_ == "VBN":
        objs.append(tok.head)  # "a session boycotted by most members"
    objs += [g for o in list(objs) for g in o.children if g.dep_ == "conj"]
    return tok.pos_ == "VERB" and bool(objs) and all(o.lemma_.lower() in words or o.lower_ in words for o in objs)


def _sitting_boycott(tok: Token, sittings: frozenset[str]) -> bool:
    """"Boycotted the session", "a vote boycotted by the opposition"."""
    return tok.lemma_.lower() == "boycott" and tok.pos_ == "VERB" and _objects_only(tok, sittings)


def _biography(tok: Token) -> bool:
    """A (plu)perfect relative clause on a person or group with no date of its own ("the
    commander, who had fought in Syria", "the militia, which has fought alongside the
    army"): a past told to introduce them, not an act the report is about."""
    if tok.dep_ not in ("relcl", "conj"):
        return False
    rel = tok if tok.dep_ == "relcl" else tok.head
    if rel.dep_ != "relcl" or not any(c.dep_ == "aux" and c.lower_ in ("had", "has", "have") for c in rel.children):
        return False
    if not any(c.dep_ == "nsubj" and c.lower_ in ("who", "which") for c in rel.children):
        return False  # "the militia, which has fought alongside the army": the group's record
    return not any(t.ent_type_ in ("DATE", "TIME") for t in rel.subtree)


def _perfect(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("have", "has") for c in tok.children)


def _running_count(tok: Token) -> bool:
    """A perfect with "since" ("at least 83 people have been killed since the protests
    began"): a count that runs to the time of writing, not one event."""
    return _perfect(tok) and (any(c.lower_ == "since" for c in tok.children if c.dep_ in ("prep", "mark", "advcl"))
                              or any(g.lower_ == "since" for c in tok.children if c.dep_ == "advcl"
                                     for g in c.children if g.dep_ == "mark"))


def _practice(tok: Token, lex: Lexicon) -> bool:
    """A present progressive violent act on a bare plural ("they are targeting ships
    linked to Israel", "militias are attacking convoys") in an undated sentence: a
    campaign or a practice described, not one act; "are attacking a tanker off
    Hodeidah" tells one."""
    if tok.tag_ != "VBG" or not any(c.dep_ == "aux" and c.lower_ in ("is", "are", "am", "'re") for c in tok.children):
        return False
    if not any(s.cls == "violence" for s in lex.specs(tok)):
        return False
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    objs += [g for o in list(objs) for g in o.children if g.dep_ == "conj"]
    if not objs or not all(o.tag_ == "NNS" and not any(g.dep_ in ("det", "poss", "nummod") for g in o.children)
                           for o in objs):
        return False
    return not any(t.ent_type_ in ("DATE", "TIME") for t in tok.sent)


def ancestors(tok: Token, hops: int) -> list[tuple[Token, Token]]:
    """(child, head) links from the token up towards the root, at most ``hops`` of them."""
    out: list[tuple[Token, Token]] = []
    cur = tok
    while len(out) < hops and cur.head.i != cur.i:
        out.append((cur, cur.head))
        cur = cur.head
    return out
