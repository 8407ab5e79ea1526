"""Parsed sentences -> typed, unlocated event drafts; and merging of located events.

Detection works from linguistic evidence, not bare keyword hits: a trigger word
(``data/triggers.yaml``) counts only with the arguments the dependency parse
gives it (who did what to whom, where), and its type follows GUIDELINES.md with
the precedence protest > border_incident > militia_activity > political.  What
is not an event is left out: negated or denied acts, modal and future clauses,
conditionals, questions, aggregates over many incidents and general trends.

:func:`find_events` returns :class:`EventDraft` records (sentence, trigger,
candidate places with their roles, dates, actors, fatalities, evidence);
:mod:`geo.geocode` turns them into located :class:`~geo.records.Event` records and
:func:`merge` joins mentions of the same event in one document.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from geo.dates import find_dates
from geo.lexicon import Lexicon, TriggerSpec, load_lexicon, load_words
from geo.merge import merge
from geo.records import PRECEDENCE, Article

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

__all__ = ["DateSpan", "EventDraft", "Lexicon", "PlaceSpan", "TriggerSpec", "find_events", "load_lexicon", "merge"]


PLACE_LABELS = ("GPE", "LOC", "FAC")


ACTOR_LABELS = ("ORG", "PERSON", "NORP", "GPE")


@dataclass(frozen=True)
class PlaceSpan:
    """A place name in the sentence and the role it plays for the event.

    ``role``: ``event`` (where the act happened: "in Nasiriyah", "at the border"),
    ``context`` (elsewhere in the sentence), ``actor`` (a country acting, "Iran
    attacked ..."), ``descriptor`` ("70 km from the border"), ``speaker`` (the
    place of a source; never used).
    """

    start: int  # Document.text offsets
    end: int
    text: str
    role: str
    label: str
    distance: int = 0  # tokens between the place and the trigger
    coordinated: bool = False  # one of a list of places ("in Najaf, Karbala and Basra")
    hops: int = 9  # prepositions between the place and the trigger's clause (fewer: more its own)


@dataclass(frozen=True)
class DateSpan:
    """A date mention in the sentence, with its resolved value when known."""

    start: int
    end: int
    text: str
    iso: str | None
    precision: str | None
    how: str = ""
    in_clause: bool = False
    direct: bool = False  # attached to the trigger itself, not to another verb of the sentence
    nearby: bool = False  # from a sentence before, in the same paragraph


@dataclass(frozen=True)
class EventDraft:
    """An event found in one sentence, before it is located and dated."""

    type: str
    trigger: str  # lemma
    trigger_text: str
    trigger_start: int  # Document.text offsets
    sent_start: int
    sent_end: int
    quote: str
    article: int
    places: tuple[PlaceSpan, ...] = ()
    dates: tuple[DateSpan, ...] = ()
    actors: tuple[str, ...] = ()
    fatalities: int | None = None
    confidence: float = 0.5
    evidence: tuple[str, ...] = ()
    split_place: PlaceSpan | None = None  # set when "protests in A, B and C" became one draft per place
    article_places: tuple[tuple[int, int], ...] = ()  # every place name of the article (for its focus)
    state_agents: tuple[str, ...] = ()  # ISO2 of the state whose forces act (cross-border test in geocode)
    agent_countries: tuple[str, ...] = ()  # ISO2 of whoever acts (a government's seat for political acts)
    past: bool = True  # the trigger is told in a past tense (or is a noun)
    cls: str = ""  # the trigger's class: violence | border | protest | arrest | political
    target_countries: tuple[str, ...] = ()  # ISO2 of whom the act targets (where sanctions are placed)
    refers_back: bool = False  # "was blamed for the attack": attributes an act told before


@dataclass
class _Candidate:
    token: Token
    spec: TriggerSpec
    type: str
    evidence: list[str] = field(default_factory=list)
    state_agents: tuple[str, ...] = ()


def find_events(article: Article, parsed: Sequence[tuple[int, Doc]]) -> list[EventDraft]:
    """Event drafts of one article from its parsed chunks (``geo.nlp.parse_article``)."""
    lex = load_lexicon()
    drafts: list[EventDraft] = []
    for offset, doc in parsed:
        for sent in doc.sents:
            if len(sent.text.strip()) < 12:
                continue
            drafts.extend(_sentence_events(article, offset, sent, lex))
    drafts = _fold_references(drafts)
    if not drafts:
        return drafts
    spans = tuple((offset + e.start_char, offset + e.end_char) for offset, doc in parsed
                  for e in doc.ents if e.label_ in ("GPE", "LOC") and _locative(e))
    return [replace(d, article_places=spans) for d in drafts]


def _fold_references(drafts: list[EventDraft]) -> list[EventDraft]:
    """A sentence that only attributes an act told before ("Kataib Hezbollah was
    blamed for the attack") adds its actors to that act instead of making a new one."""
    out: list[EventDraft] = []
    for d in drafts:
        if d.refers_back:
            for i in range(len(out) - 1, -1, -1):
                if out[i].type == d.type:
                    actors = tuple(dict.fromkeys(out[i].actors + d.actors))
                    out[i] = replace(out[i], actors=actors, evidence=out[i].evidence + (
                        f"actors {', '.join(d.actors)} from a later attribution: '{d.quote[:80]}'",))
                    break
            else:
                out.append(replace(d, refers_back=False))
            continue
        out.append(d)
    return out


def _locative(ent: Span) -> bool:
    """A place named as where something is or happens ("in Basra", "Basra's governor"
    is not), not an adjective inside a compound ("Iran-backed")."""
    if _hyphen_compound(ent):
        return False
    root = ent.root
    while root.dep_ in ("compound", "conj", "appos") and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in load_words().place_heads:
        return True  # "the town of Kut"
    return root.dep_ == "pobj" and root.head.lower_ in load_words().locative_preps | {"to", "from"}


_QUOTES = {"“": "”", '"': '"', "‘": "’"}


def _quoted_tokens(sent: Span) -> set[int]:
    """Token indices inside quotation marks."""
    out: set[int] = set()
    opener = None
    for t in sent:
        if opener is None and t.text in _QUOTES:
            opener = t.text
            continue
        if opener is not None and t.text == _QUOTES[opener]:
            opener = None
            continue
        if opener is not None:
            out.add(t.i)
    return out


def _modifier_only(ent: Span) -> bool:
    """A country name used as a modifier of a thing ("a U.S. air strike", "Iran's
    parliament"), not as a place; "Iraq's Saladin province" stays a place."""
    root = ent.root
    head = root.head
    return root.dep_ in ("compound", "amod", "nmod", "poss") and head.pos_ == "NOUN" and head.i not in range(
        ent.start, ent.end) and head.lemma_.lower() not in load_words().place_heads


def _hyphen_compound(ent: Span) -> bool:
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    before = doc[ent.start - 1] if ent.start > 0 else None
    return (after is not None and after.text in ("-", "–") and not ent[-1].whitespace_) or \
        (before is not None and before.text in ("-", "–") and not before.whitespace_)


def _sentence_events(article: Article, offset: int, sent: Span, lex: Lexicon) -> list[EventDraft]:
    """Drafts stated by one sentence: at most one per clause tree, highest precedence wins."""
    text = sent.text.strip()
    if text.endswith("?") or _headline(sent):
        return []
    low = sent.text.lower()
    trend = any(p in low for p in lex.filters["trend_phrases"])
    cands = [c for tok in sent if (c := _candidate(tok, lex)) is not None]
    if trend:  # a trend sentence states an event only with its own specifics ("the attack on X in Y")
        cands = [c for c in cands if _own_specifics(c.token)]
    if not cands:
        return []
    kept = _resolve_overlaps(cands)
    drafts: list[EventDraft] = []
    for cand in kept:
        drafts.extend(_draft(article, offset, sent, cand, lex))
    return drafts


def _headline(sent: Span) -> bool:
    """A title, teaser or caption line: it has no sentence-final punctuation (its
    event, if any, is told again in the body)."""
    text = sent.text.strip()
    line_end = sent.end == len(sent.doc) or "\n" in sent.doc[sent.end - 1].whitespace_ or \
        (sent.end < len(sent.doc) and sent.doc[sent.end].is_space)
    if not line_end:
        return False
    return not text.rstrip("”’\"') ").endswith((".", "!", "?", ";", ":"))


def _own_specifics(tok: Token) -> bool:
    """The trigger's own phrase names a place, a date or an organisation."""
    return tok.pos_ == "NOUN" and any(
        t.ent_type_ in ("GPE", "FAC", "LOC", "DATE", "ORG") for t in tok.subtree if t.i != tok.i)


def _candidate(tok: Token, lex: Lexicon) -> _Candidate | None:
    """A trigger token that survives the filters, with its type decided from its arguments."""
    specs = lex.specs(tok)
    if not specs or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL"):
        return None
    for spec in specs:
        if _filtered(tok, lex):
            return None
        if spec.needs and not _needs_met(tok, spec.needs, lex):
            continue
        if spec.needs == "phrasal":
            if not _phrasal_met(tok, spec):
                continue
        elif (spec.objects or spec.preps) and not _frame_met(tok, spec):
            continue
        decided = _decide_type(tok, spec, lex)
        if decided is None:
            continue
        etype, why, states = decided
        return _Candidate(tok, spec, etype, [why], states)
    return None


def _phrasal_met(tok: Token, spec: TriggerSpec) -> bool:
    """A verb + preposition + object expression: "took to the streets"."""
    for c in tok.children:
        if c.dep_ in ("prep", "prt", "dative") and c.lower_ in spec.preps:
            if any(g.lemma_.lower() in spec.objects or g.lower_ in spec.objects for g in c.children):
                return True
    return False


def _frame_met(tok: Token, spec: TriggerSpec) -> bool:
    """Verbs that are events only with a certain object or preposition ("hold talks", "call on")."""
    if spec.preps and any(c.dep_ in ("prep", "prt") and c.lower_ in spec.preps for c in tok.children):
        return True
    if spec.objects:
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        if not objs:  # intransitive use: "the embassy reopened", "talks were held"
            objs = [c for c in tok.children if c.dep_ == "nsubj"]
        objs += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        objs += [g for o in list(objs) for g in o.children if g.dep_ == "conj"]
        if tok.dep_ in ("acl", "relcl") and tok.head.pos_ == "NOUN":
            objs.append(tok.head)  # "the deal signed last week"
        return any(o.lemma_.lower() in spec.objects for o in objs)
    return False


def _arguments(tok: Token) -> list[Token]:
    """Tokens of the trigger's arguments: its dependents' subtrees, and for a
    nominal trigger under a light verb ("launched an attack") that verb's subject.
    A reported-speech head or a nested clause is not an argument."""
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("ccomp", "advcl", "parataxis", "relcl", "conj", "cc", "punct", "mark"):
            continue
        out.extend(child.subtree)
    head = tok.head
    if tok.pos_ == "NOUN" and head.i != tok.i:
        if head.pos_ in ("VERB", "AUX") and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
            for child in head.children:
                if child.i != tok.i and child.dep_ in ("nsubj", "nsubjpass", "agent", "dobj", "prep"):
                    out.extend(child.subtree)
            if head.dep_ == "xcomp" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
                # "the protesters started to set fire to the HQ": the subject of the governing verb
                out.extend(t for c in head.head.children if c.dep_ == "nsubj" for t in c.subtree)
        elif tok.dep_ == "pobj" and head.head.pos_ == "NOUN":
            out.extend(t for t in head.head.subtree if t not in tok.subtree)
    if tok.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        out.append(head)  # "a rocket targeting the airport": the rocket is the subject
        out.extend(c for c in head.children if c.dep_ in ("compound", "amod", "nummod"))
    if tok.dep_ == "xcomp" or (tok.dep_ == "conj" and tok.head.pos_ == "VERB"):
        out.extend(t for c in head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree)
    return out


def _lemmas(tokens: Iterable[Token]) -> set[str]:
    """Lemmas and lower-cased forms; a plural the tagger left unlemmatised
    (a capitalised "Rockets" read as a name) also gives its singular."""
    tokens = list(tokens)
    out = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    return out | {w[:-1] for w in out if len(w) > 3 and w.endswith("s")}


def _has_protesters(tokens: Sequence[Token], lex: Lexicon) -> bool:
    words = _lemmas(t for t in tokens if t.ent_type_ not in ("DATE", "TIME") and t.pos_ != "PROPN")  # not "March"
    return bool(words & (lex.cues["protest_people"] | lex.cues["protest_nouns"]))


def _border_cue(tok: Token, args: Sequence[Token], lex: Lexicon) -> str | None:
    """Why the border is the point of this act, or None.  Verbs joined to the
    trigger share its frame ("abducted two men and took them across the border")."""
    clause = list(args) + [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ == "VERB":
            clause.extend(c.subtree)
    for t in clause:
        word = t.lemma_.lower()
        if "cross-border" in t.lower_:
            return "a cross-border act"
        if (word in lex.cues["border"] or "border" in t.lower_) and _border_is_the_point(t, tok):
            return f"border cue '{t.text}'"
    for t in clause:
        if t.dep_ == "prep" and t.lower_ in ("into", "across") and t.head in (tok, *args):
            obj = [c for c in t.children if c.dep_ == "pobj"]
            if obj and obj[0].ent_type_ == "GPE":
                return f"act '{t.lower_} {obj[0].text}' crosses into another country"
    return None


def _border_is_the_point(border: Token, trig: Token) -> bool:
    """The border is what the act is about ("crossed the border", "clashed on the
    border", "across the border"), not a locator of a place ("an outpost near the
    Syrian border", "the town of al-Qaim, on the border with Syria")."""
    node = border
    while node.dep_ in ("compound", "amod", "conj") and node.head.i != node.i:
        node = node.head
    frame = {trig.i} | {c.i for c in trig.children if c.dep_ == "conj" and c.pos_ == "VERB"}
    if trig.pos_ == "NOUN" and trig.dep_ in ("dobj", "nsubj", "nsubjpass"):
        frame.add(trig.head.i)  # "exchanged fire at the border"
    if node.dep_ in ("dobj", "nsubj", "nsubjpass") and node.head.i in frame:
        return True  # "crossed the border", "the border was breached"
    if node.dep_ == "pobj":
        prep = node.head
        if prep.lower_ in ("near", "close", "along", "off") and prep.head.i not in frame:
            return False
        if prep.lower_ in ("across", "over", "at", "on", "along", "near", "through", "from", "into") and (
                prep.head.i in frame or (prep.head.head.i in frame and prep.head.dep_ in ("dobj", "advmod"))):
            return True  # "clashed on the border", "were hit across the border", "took them across the border"
    return trig.i == border.i or (trig.pos_ == "NOUN" and border in trig.subtree and border.head.i == trig.i)


def _armed(args: Sequence[Token], lex: Lexicon) -> bool:
    words = _lemmas(args)
    if words & (lex.cues["armed"] | lex.cues["weapon"]):
        return True
    return any(t.ent_type_ == "ORG" and _is_armed_actor(t) for t in args)


def _is_armed_actor(tok: Token) -> bool:
    """Whether a registry actor under this entity token is an armed non-state
    group (or a state force that works through them, such as the IRGC)."""
    actor = _actor_for_entity_id(tok.ent_id_) if tok.ent_id_ else None
    if actor is None:
        return False
    lex = load_lexicon()
    return actor.kind in lex.armed_kinds or _proxy(actor, lex)


def _proxy(actor, lex: Lexicon) -> bool:
    """A state force that works through armed groups (the IRGC and its branches)."""
    return actor.id in lex.proxy_actors or (actor.kind == "state_force" and actor.alignment in lex.proxy_alignment
                                            and actor.parent in lex.proxy_actors)


def _needs_met(tok: Token, need: str, lex: Lexicon) -> bool:
    """Whether the trigger has the argument its group needs to count at all."""
    args = _arguments(tok)
    words = _lemmas(args)
    if need == "armed_or_target":
        wanted = lex.cues["armed"] | lex.cues["weapon"] | lex.cues["target"] | lex.cues["protest_people"]
        return bool(words & wanted) or _armed(args, lex)
    if need == "weapon_subject":
        subj = [t for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
        if tok.dep_ in ("acl", "relcl"):
            subj.append(tok.head)
        return bool(_lemmas(subj) & lex.cues["weapon"])
    if need == "armed_actor":
        return _armed(args, lex)
    if need == "border_or_armed":
        return _border_cue(tok, args, lex) is not None or _armed(args, lex)
    if need == "protest_arg":
        return _has_protesters(args, lex)
    if need == "protest_or_armed":
        return _has_protesters(args, lex) or _armed(args, lex) or _armed(list(tok.sent), lex)
    if need == "phrasal":
        return True
    if need == "person_object":
        objs = [t for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for t in _phrase(c)]
        return any(t.ent_type_ in ("PERSON", "ORG", "NORP") or t.lemma_.lower() in lex.title_words for t in objs)
    if need == "labour_strike":
        if any(c.lower_ in ("general", "hunger", "labour", "labor", "nationwide", "national", "sit-down")
               for c in tok.children if c.dep_ in ("amod", "compound")):
            return True
        return tok.dep_ == "pobj" and tok.head.lower_ == "on" and tok.head.head.lemma_.lower() in ("go", "be", "stay")
    if need == "crowd":
        if tok.pos_ == "VERB" and any(c.dep_ == "dobj" for c in tok.children):
            return False  # "gather intelligence"
        if tok.pos_ == "NOUN" and any(c.dep_ == "compound" for c in tok.children):
            return False  # "intelligence gathering"
        return bool(words & (lex.crowd_words | lex.cues["protest_people"])) or any(t.like_num for t in args)
    if need in ("named_actor", "named_or_armed"):
        if need == "named_or_armed" and (_armed(args, lex) or _has_protesters(args, lex)):
            return True
        return _named_agent(tok, args)
    return True


def _named_agent(tok: Token, args: Sequence[Token]) -> bool:
    """A political act needs someone who acts: a named entity or an institution.
    A verb with a subject needs that subject to be one ("the doctrine calls for",
    "the people called on" are not acts of an actor)."""
    if tok.pos_ == "VERB" and any(c.dep_ in ("nsubj", "agent") for c in tok.children):
        agents = _agent_tokens(tok)
        if agents and all(t.pos_ == "PRON" for t in agents):
            return True  # "he met", "they agreed": someone named before
        return any(t.ent_type_ in ACTOR_LABELS or t.lemma_.lower() in load_words().actor_heads for t in agents)
    for t in args:
        if t.ent_type_ in ACTOR_LABELS:
            return True
        if t.lemma_.lower() in load_words().actor_heads and t.dep_ in (
                "nsubj", "nsubjpass", "pobj", "dobj", "poss", "compound"):
            return True
    return False


def _filtered(tok: Token, lex: Lexicon) -> bool:
    """True when the clause does not state that the act happened."""
    f = lex.filters
    # negation on the trigger (or on the verb a nominal trigger depends on)
    heads = [tok]
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj"):
        heads.append(tok.head if tok.dep_ != "pobj" else tok.head.head)
    for k, h in enumerate(heads):
        if k and h.lemma_.lower() in lex.reporting | {"note", "recall", "remember", "mention", "know", "see"}:
            continue  # "it should be noted the attack ...": the modal is the writer's, the attack happened
        for c in h.children:
            if c.dep_ == "neg":
                return True
            if c.dep_ == "aux" and c.lower_ in f["modals"]:
                return True
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ == "no":
            return True
        if c.dep_ == "advmod" and c.lower_ in f["habitual_adverbs"]:
            return True
        if c.dep_ == "nsubjpass" and _vague_many(c, lex) and any(s.cls == "violence" for s in lex.specs(tok)):
            return True
        if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN" and lex.specs(c) and _aggregate(c, lex):
            return True  # "39 rocket attacks targeted US interests"
    if tok.tag_ == "VBG" and tok.dep_ in ("acl", "amod"):
        return True  # "militias fighting ISIS", "bases hosting U.S. forces": a description
    if tok.pos_ == "NOUN" and _anaphoric(tok, lex):
        return True
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in f["conflict_nouns"] and any(
            c.dep_ in ("det", "poss") and c.lower_ in f["anaphoric_dets"] for c in tok.children):
        return True  # "the fight against ISIS": a long conflict, not one event
    if tok.tag_ == "VBG" and any(c.lower_ == "been" for c in tok.children if c.dep_ == "aux"):
        return True  # "had been fighting", "have been protesting for weeks": an activity, not an event
    if any(c.lower_ in ("have", "has") for c in tok.children if c.dep_ == "aux") and any(
            c.lower_ == "since" for c in tok.children if c.dep_ in ("prep", "mark", "advcl")) or any(
            g.lower_ == "since" for c in tok.children if c.dep_ == "advcl" for g in c.children if g.dep_ == "mark"):
        return True  # "at least 83 people have been killed since the protests began": a running count
    if tok.tag_ in ("VBZ", "VBP") and any(s.cls == "violence" for s in lex.specs(tok)) and not any(
            c.dep_ in ("aux", "auxpass") for c in tok.children) and not _dated_entry(tok.sent):
        return True  # "Iran fights wars through proxies": a simple present states a habit, not an act
    if _in_infinitive(tok):
        return True  # "to create a front of missile launches", "gathered to protest": a purpose
    if tok.tag_ == "NNS" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in load_words().copular and not any(
            c.dep_ in ("det", "poss") for c in tok.children):
        return True  # "protests have become a summer ritual": a description of many, not one event
    if tok.pos_ == "VERB" and tok.lemma_.lower() in ("protest", "demonstrate") and any(
            c.dep_ == "dobj" for c in tok.children):
        return True  # "protested the massacre": objected to it, no demonstration
        if tok.pos_ == "NOUN" and c.lemma_.lower() in f["future_modifiers"] and c.dep_ in ("amod", "acl", "compound"):
            return True
    if tok.pos_ == "NOUN" and _aggregate(tok, lex):
        return True
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "of") and \
            tok.head.head.lemma_.lower() in f["aggregate_heads"] - {"number"}:
        return True  # "a surge in smuggling", "six weeks of protests"
    if tok.tag_ == "NNS" and not _specific_plural(tok, lex) and any(
            s.cls == "violence" for s in lex.specs(tok)):
        return True  # "the attacks, which started a year ago": many incidents, no one event
    # irrealis and conditional context up the tree: "plans to attack", "denied it attacked", "if they protest"
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ == "mark" and c.lower_ in f["conditionals"]:
                return True
        if cur.head.i == cur.i:
            break
        link = cur.dep_
        cur = cur.head
        if link in ("xcomp", "ccomp", "pcomp", "pobj", "prep") and cur.lemma_.lower() in f["irrealis_heads"] \
                and cur.pos_ in ("VERB", "AUX"):
            return True
        if link in ("pobj", "pcomp") and cur.lower_ == "in" and cur.head.lemma_.lower() in f["reference_nouns"]:
            return True  # "denied any involvement in the attack", "his role in the killing": a reference
        if link in ("nsubj", "nsubjpass") and any(c.dep_ == "mark" and c.lower_ in f["conditionals"]
                                                  for c in cur.children):
            return True  # "if Israel's bombardment of Gaza continued"
        if link == "ccomp" and any(c.dep_ == "acomp" and c.lemma_.lower() in f["irrealis_adjectives"]
                                   for c in cur.children):
            return True
        if link in ("xcomp", "ccomp", "advcl", "pcomp", "pobj", "dobj", "prep") and cur.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "aux" and c.lower_ in f["modals"] for c in cur.children) and link == "xcomp":
                return True
        if link not in ("xcomp", "ccomp", "pobj", "prep", "pcomp", "dobj", "conj"):
            break
    return False


_DATELINE_PREFIX = re.compile(
    r"^\s*[A-Z][\w'.\-]+(?: [A-Z][\w'.\-]+){0,3}(?:,[\w .,]{1,32}?)?\s*(?:\([^)]{2,30}\))?\s*[-\u2013\u2014]\s")


def _dated_entry(sent: Span) -> bool:
    """A timeline or log entry that opens with its date ("Dec. 25, 2023 - A drone
    attack ... wounds three"): its present tense is historical, the act happened."""
    return any(t.ent_type_ == "DATE" for t in sent[:6]) and bool(re.search(r"\b(19|20)\d\d\b", sent.text[:40]))


def _dateline_tokens(sent: Span) -> set[int]:
    """The dateline at the head of a report ("DUBAI, Jan 17 (Reuters) -", "Baghdad,
    Iraq -"): the reporter's place, not the event's."""
    if sent.start != 0:
        return set()
    m = _DATELINE_PREFIX.match(sent.text)
    if not m:
        return set()
    end = sent.start_char + m.end()
    return {t.i for t in sent if t.idx < end}


def _in_infinitive(tok: Token) -> bool:
    """The trigger is (or hangs on) a to-infinitive of purpose or intent."""
    cur = tok
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "aux" and c.tag_ == "TO" for c in cur.children) and cur.dep_ in (
                    "xcomp", "advcl", "acl", "relcl", "ccomp"):
                return True
            return False
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _vague_many(subj: Token, lex: Lexicon) -> bool:
    """A subject counted vaguely as many ("many opponents", "thousands of people")."""
    words = {c.lower_ for c in subj.children if c.dep_ in ("amod", "det", "nummod", "quantmod")} | {subj.lower_}
    return bool(words & lex.filters["aggregate_subjects"])


def _anaphoric(tok: Token, lex: Lexicon) -> bool:
    """A definite nominal trigger with nothing of its own ("curb the protests",
    "after backing the demonstrations"): it refers back to an event already told,
    it does not state a new one.  With its own place, date, target or agent
    ("the attack on the consulate in Karbala on 3 November") it does."""
    dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
    if not dets or not any(d.lower_ in lex.filters["anaphoric_dets"] for d in dets):
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ in ("for", "behind") and \
            tok.head.head.lemma_.lower() in ("blame", "claim", "responsibility", "accuse", "hold", "responsible"):
        return False  # "X was blamed for the attack": names who did it; merged with the attack told before
    for c in tok.children:
        if c.dep_ in ("prep", "acl", "relcl", "amod", "compound", "nummod", "appos"):
            for t in c.subtree:
                if t.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "ORG", "NORP", "PERSON", "TIME"):
                    return False
                if c.dep_ == "prep" and t.lemma_.lower() in lex.cues["target"] | lex.cues["protest_people"]:
                    return False
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        # "the attack launched on 3 November", "the protests began on October 17"
        if any(t.ent_type_ in ("DATE", "GPE", "LOC", "FAC", "TIME") for t in tok.head.subtree if t not in tok.subtree):
            return False
    return True


def _specific_plural(tok: Token, lex: Lexicon) -> bool:
    """Plural violence nouns state one event only with a specific target or place
    ("attacks on oil facilities", "clashes in Sadr City", "clashes between X and Y")."""
    if tok.lemma_.lower() in ("clash", "hostility"):
        return True
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "in", "near", "at", "between", "targeting"):
            for t in c.subtree:
                if t.ent_type_ in ("GPE", "FAC", "LOC", "ORG") or t.lemma_.lower() in lex.cues["target"]:
                    return True
    return False


def _aggregate(tok: Token, lex: Lexicon) -> bool:
    """A plural nominal trigger that counts many incidents: "39 rocket attacks", "a wave of protests"."""
    if tok.tag_ != "NNS":
        return False
    f = lex.filters
    for c in tok.children:
        if c.dep_ == "nummod" and _number(c, lex) not in (None, 1):
            return True
        if c.dep_ in ("amod", "quantmod") and c.lemma_.lower() in f["aggregate_modifiers"]:
            return True
    if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "in") and tok.head.head.lemma_.lower() in f["aggregate_heads"]:
        return True
    return False


def _decide_type(tok: Token, spec: TriggerSpec, lex: Lexicon) -> tuple[str, str, tuple[str, ...]] | None:
    """The event type with the precedence rule, why, and the states whose forces act.

    None when the act is not one of the map's types: violence by a state's own
    forces that hits neither protesters nor crosses a border, or violence with no
    sign of an armed actor or weapon at all."""
    args = _arguments(tok)
    if spec.cls == "protest":
        return "protest", f"protest trigger '{tok.text}'", ()
    if spec.protest and (_has_protesters(args, lex) or _has_protesters(_side_objects(tok), lex)):
        return "protest", f"'{tok.text}' with protesters as subject or target", ()
    if spec.cls == "border":
        return "border_incident", f"border trigger '{tok.text}'", ()
    if spec.border:
        cue = _border_cue(tok, args, lex)
        if cue:
            return "border_incident", f"'{tok.text}': {cue}", ()
    if spec.cls == "arrest" and spec.militia and _armed(args, lex):
        return "militia_activity", f"'{tok.text}' of an armed group", ()
    if spec.cls in ("political", "arrest"):
        if any(t.lemma_.lower() in lex.commentators for t in _agent_tokens(tok) if t.dep_ in ("nsubj", "pobj")):
            return None  # "analysts warn that ...": commentary, not a political act
        if spec.militia and _agent(tok, lex)[0] == "armed":
            return "militia_activity", f"'{tok.text}' by an armed group", ()
        return spec.type, f"{spec.cls} trigger '{tok.text}'", ()
    kind, states, who = _agent(tok, lex)
    if kind == "proxy":
        # the IRGC and its branches: militia activity at home and through groups,
        # a border incident when it strikes another country (decided in geocode)
        return spec.type, f"{spec.cls} trigger '{tok.text}' by Iran's Revolutionary Guards ({who})", \
            tuple(f"proxy:{c}" for c in states)
    if kind == "armed":
        return spec.type, f"{spec.cls} trigger '{tok.text}' by an armed group ({who})", ()
    if kind == "state":
        if _armed(_targets(tok), lex):
            # a state's forces hitting an armed group: geocode decides between a
            # border incident (a neighbour striking across) and militia activity
            return spec.type, f"{spec.cls} trigger '{tok.text}' by a state's forces on an armed group ({who})", \
                tuple(states) + ("target:armed",)
        if states:
            return spec.type, f"{spec.cls} trigger '{tok.text}' by a state's forces ({who})", states
        return None
    if spec.armed:
        return spec.type, f"armed act '{tok.text}'", ()
    if _armed(args, lex) or _armed(list(tok.sent), lex):
        return spec.type, f"{spec.cls} trigger '{tok.text}' with an armed actor or weapon", ()
    return None


def _targets(tok: Token) -> list[Token]:
    """What the act hits: its object, "on/against/at X", or the object of its light verb."""
    out: list[Token] = []
    heads = [tok]
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj":
        heads.append(tok.head)
    for h in heads:
        for c in h.children:
            if c.dep_ == "dobj" and c.i != tok.i:
                out.extend(c.subtree)
            elif c.dep_ == "prep" and c.lower_ in ("on", "against", "at"):
                out.extend(c.subtree)
    return out


def _side_objects(tok: Token) -> list[Token]:
    """Objects of verbs that continue the act ("stormed the camp, beating demonstrators")."""
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("advcl", "conj") and c.pos_ == "VERB":
            out.extend(t for g in c.children if g.dep_ == "dobj" for t in g.subtree)
    return out


def _agent_tokens(tok: Token) -> list[Token]:
    """Who does it: the subject of an active trigger, "by X" of a passive or nominal
    one, the possessor or nationality of a nominal one ("Hamas's assault",
    "Jordanian raids"), the subject of a light verb ("launched raids")."""
    out: list[Token] = []
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or tok.dep_ == "acl"
    for c in tok.children:
        if c.dep_ == "nsubj" and not passive:
            out.extend(_phrase(c))
        elif c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            out.extend(t for g in c.children for t in _phrase(g))
        elif tok.pos_ == "NOUN" and c.dep_ in ("poss", "compound", "amod") and c.ent_type_ in ("NORP", "GPE", "ORG"):
            out.extend(c.subtree)
            out.append(tok)  # "an Israeli strike": the nationality and the act it qualifies
    if out:
        dateline = _dateline_tokens(tok.sent)
        out = [t for t in out if t.i not in dateline]
    head = tok.head
    if not out and tok.pos_ == "NOUN" and tok.dep_ == "dobj" and head.lemma_.lower() in load_words().light_verbs:
        out.extend(t for c in head.children if c.dep_ == "nsubj" for t in c.subtree)
    if not out and tok.dep_ in ("xcomp", "conj") and head.pos_ == "VERB":
        out.extend(t for c in head.children if c.dep_ == "nsubj" for t in c.subtree)
    pobj = tok
    while pobj.dep_ == "conj" and pobj.head.i != pobj.i:
        pobj = pobj.head  # "answered with artillery and a drone strike"
    if not out and tok.pos_ == "NOUN" and pobj.dep_ == "pobj" and pobj.head.head.pos_ in ("VERB", "AUX"):
        # "X told Y during a meeting in Geneva": the meeting is X's
        out.extend(t for c in pobj.head.head.children if c.dep_ == "nsubj" for t in c.subtree)
    return out


def _phrase(head: Token) -> list[Token]:
    """A noun phrase without its locative modifiers ("a bomb in Iraq's Saladin
    province" is a bomb, not Iraq)."""
    skip: set[int] = set()
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in load_words().locative_preps | {"from", "to"}:
            skip.update(t.i for t in c.subtree)
    return [t for t in head.subtree if t.i not in skip]


def _agent(tok: Token, lex: Lexicon) -> tuple[str, tuple[str, ...], str]:
    """("armed" | "state" | "unknown", ISO2 of acting states, the agent's words)."""
    toks = _agent_tokens(tok)
    who = " ".join(t.text for t in toks[:8])
    states: list[str] = []
    kind = "unknown"
    for t in toks:
        actor = _actor_for_entity_id(t.ent_id_) if t.ent_id_ else None
        if actor is not None:
            if _proxy(actor, lex):
                return "proxy", ((actor.country,) if actor.country else ()), who
            if actor.kind in lex.armed_kinds:
                return "armed", (), who
            if actor.kind in lex.state_kinds:
                kind = "state"
                if actor.country:
                    states.append(actor.country)
    words = _lemmas(toks)
    if words & lex.cues["armed"]:
        return "armed", (), who
    if kind == "unknown" and (words & lex.state_nouns or any(t.ent_type_ == "GPE" and t.dep_ in ("nsubj", "poss")
                                                              for t in toks)):
        kind = "state"
    armed_nouns = lex.cues["weapon"] | {"fire", "strike", "airstrike", "shelling", "raid", "bombardment", "attack"}
    if kind == "unknown" and any(_nationality(t) and t.dep_ in ("amod", "compound")
                                 and t.head.lemma_.lower() in armed_nouns for t in toks):
        kind = "state"  # "an Iranian missile", "an Israeli strike", "Israeli tank fire": a state's weapon
    if kind == "state":
        for t in toks:
            if _nationality(t):
                iso = _country_of(t.text)
                if iso:
                    states.append(iso)
    return kind, tuple(dict.fromkeys(states)), who


def _agent_countries(tok: Token) -> tuple[str, ...]:
    """Countries of the agent: a registry actor's country, or a country or
    nationality word in the agent's phrase ("Iran's parliament", "the Iraqi PM").
    A pronoun agent in reported speech is the reporting subject ("Saudi Arabia
    announced that it had busted a cell")."""
    out: list[str] = []
    agents = _agent_tokens(tok)
    if agents and all(t.pos_ == "PRON" for t in agents):
        head = tok
        while head.dep_ != "ccomp" and head.head.i != head.i:
            head = head.head
        if head.dep_ == "ccomp":
            agents = [t for c in head.head.children if c.dep_ == "nsubj" for t in c.subtree]
    ids = {t.i for t in agents}
    heads = {t.i for t in agents if t.head.i not in ids or t.head.i == t.i}
    for t in agents:  # "millions of Iranians", "thousands of Iraqis": the people counted
        if t.i in heads and (t.like_num or t.lower_ in load_lexicon().numbers):
            heads.update(g.i for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj")
    for t in agents:
        # only the agent's head and its direct modifiers: "protesters angry at a U.S. strike" are not American
        if t.i not in heads and t.head.i not in heads:
            continue
        actor = _actor_for_entity_id(t.ent_id_) if t.ent_id_ else None
        if actor is not None and actor.country:
            out.append(actor.country)
        elif _nationality(t) and not t.ent_id_:
            iso = _country_of(t.text)
            if iso:
                out.append(iso)
    return tuple(dict.fromkeys(out))


def _nationality(t: Token) -> bool:
    """A country or nationality word, also where the NER missed it ("Jordanian warplanes")."""
    if t.ent_type_ in ("NORP", "GPE"):
        return True
    return t.is_title and t.pos_ in ("ADJ", "PROPN") and not t.ent_type_ and _country_of(t.text) is not None


@lru_cache(maxsize=4096)
def _country_of(word: str) -> str | None:
    """ISO2 of a country name or demonym ("Jordanian" -> JO), from the gazetteer."""
    try:
        from geo.gazetteer import get_gazetteer
    except ImportError:
        return None
    g = get_gazetteer()
    entry = g.demonym(word)
    if entry is not None:
        return entry.country if entry.feature == "country" else None
    for e in g.candidates(word):
        if e.feature == "country":
            return e.country
    return None


def _resolve_overlaps(cands: list[_Candidate]) -> list[_Candidate]:
    """Keep one candidate per connected act: when two triggers are linked in the
    tree (one governs the other), the higher-precedence type wins; a sentence
    states one event per type unless the triggers are unrelated clauses."""
    rank = {t: i for i, t in enumerate(PRECEDENCE)}
    cands = sorted(cands, key=lambda c: (rank[c.type], _depth(c.token), -c.spec.weight, c.token.i))
    kept: list[_Candidate] = []
    for c in cands:
        clash = False
        for k in kept:
            if _linked(c.token, k.token) or k.type == c.type:
                clash = True
                break
        if not clash:
            kept.append(c)
    return kept


def _depth(tok: Token) -> int:
    """Distance to the root: the main clause's act is stated, a subordinate one is background."""
    n = 0
    while tok.head.i != tok.i and n < 20:
        tok, n = tok.head, n + 1
    return n


def _linked(a: Token, b: Token) -> bool:
    return a in b.subtree or b in a.subtree or a.head.i == b.head.i


def _draft(article: Article, offset: int, sent: Span, cand: _Candidate, lex: Lexicon) -> list[EventDraft]:
    tok = cand.token
    sent_text = sent.text
    lead = len(sent_text) - len(sent_text.lstrip())
    quote = sent_text.strip()
    s_start = offset + sent.start_char + lead
    speakers = _speaker_tokens(sent, lex) | _dateline_tokens(sent)
    places = _places(sent, tok, speakers, offset) + _nearby_places(sent, offset)
    actors = list(dict.fromkeys(_actors(sent, tok, speakers, lex, cand.type) + _state_names(cand.state_agents)))
    dates = _dates(article, sent, tok, offset)
    fatalities = _fatalities(sent, lex) if cand.spec.cls in ("violence", "protest", "border") else None
    conf = _confidence(cand, places, dates, actors, tok, lex)
    base = EventDraft(
        type=cand.type, trigger=tok.lemma_.lower(), trigger_text=tok.text, trigger_start=offset + tok.idx,
        sent_start=s_start, sent_end=s_start + len(quote), quote=quote, article=article.index,
        places=tuple(places), dates=tuple(dates), actors=tuple(actors), fatalities=fatalities,
        confidence=conf, evidence=tuple(cand.evidence), state_agents=cand.state_agents, cls=cand.spec.cls,
        target_countries=_target_countries(tok),
        refers_back=_attribution(tok),
        agent_countries=_agent_countries(tok),
        past=tok.tag_ in ("VBD", "VBN") or tok.pos_ == "NOUN" or any(c.tag_ in ("VBD",) for c in tok.children
                                                                      if c.dep_ in ("aux", "auxpass")),
    )
    # "protests in Najaf, Karbala and Basra", strikes "at al-Qaim, Akashat and Mayadin": one event a place
    split = [p for p in _coordinated_event_places(places) if p.coordinated]
    if len(split) > 1:
        return [replace(base, split_place=p) for p in split]
    return [base]


def _nearby_places(sent: Span, offset: int) -> list[PlaceSpan]:
    """Places named where something happens in the two sentences before, in the
    same paragraph: the setting a reader carries over ("In Basra, ... . Gunmen ...")."""
    out: list[PlaceSpan] = []
    doc = sent.doc
    prev = [s for s in doc.sents if s.end <= sent.start][-2:]
    for k, s in enumerate(reversed(prev)):
        for ent in s.ents:
            if ent.label_ in ("GPE", "LOC", "FAC") and _locative(ent):
                out.append(PlaceSpan(offset + ent.start_char, offset + ent.end_char, ent.text, "nearby",
                                     ent.label_, 100 * (k + 1) + (sent.start - ent.end)))
    return out


def _coordinated_event_places(places: Sequence[PlaceSpan]) -> list[PlaceSpan]:
    """Towns listed together as the event's place ("protests in Najaf, Karbala and Basra"):
    ACLED codes one event per location, so does this."""
    return [p for p in places if p.role == "event" and p.label in ("GPE", "LOC", "FAC", "MISREAD")]


def _speaker_tokens(sent: Span, lex: Lexicon) -> set[int]:
    """Token indices of sources and commentators: subjects of reporting verbs,
    "according to X", "told AFP", and places attached to them ("from Beirut")."""
    out: set[int] = set()
    for t in sent:
        lemma = t.lemma_.lower()
        if lemma in lex.source_verbs and t.pos_ in ("VERB", "AUX"):
            for c in t.children:
                if c.dep_ in ("nsubj", "dative", "dobj") or (c.dep_ == "prep" and c.lower_ in ("from", "to")):
                    if c.dep_ == "dobj" and lemma not in ("tell",):
                        continue
                    out.update(x.i for x in c.subtree)
        if t.lower_ == "according" and t.dep_ in ("prep", "advmod", "case"):
            for c in t.subtree:
                out.add(c.i)
            nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
            if nxt is not None and nxt.lower_ == "to":
                out.update(x.i for x in nxt.subtree)
    return out


def _places(sent: Span, trig: Token, speakers: set[int], offset: int) -> list[PlaceSpan]:
    """Place spans of the sentence with their roles for this trigger."""
    out: list[PlaceSpan] = []
    seen: set[tuple[int, int]] = set()
    quoted = _quoted_tokens(sent)
    for span, label in _place_phrases(sent):
        key = (span.start, span.end)
        if key in seen or (label != "PHRASE" and (_hyphen_compound(span) or _modifier_only(span))):
            continue
        if span.start in quoted and trig.i not in quoted:
            continue  # a slogan or a quotation ("Death to America") names no place of the event
        seen.add(key)
        role = _place_role(span, trig, speakers)
        dist = min(abs(span.start - trig.i), abs(span.end - 1 - trig.i))
        root = span.root
        listed = (root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children) or _from_to(root)) \
            and not _in_descriptor(root)
        out.append(PlaceSpan(offset + span.start_char, offset + span.end_char, span.text, role, label, dist, listed,
                             _hops(root, trig)))
    return out


def _from_to(root: Token) -> bool:
    """One end of a range: "from Tripoli in the north to Nabatiyeh in the south"."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ("from", "to"):
        return False
    other = "to" if prep.lower_ == "from" else "from"
    return any(c.dep_ == "prep" and c.lower_ == other for c in prep.head.children)


def _in_descriptor(root: Token) -> bool:
    """Inside a description of another place ("Nasiriyah, a city between Basra and Baghdad")."""
    cur = root
    for _ in range(5):
        if cur.dep_ == "appos" or (cur.dep_ == "prep" and cur.lower_ == "between"):
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _hops(root: Token, trig: Token) -> int:
    """Prepositions on the way from a place up to the trigger or its verb: "in Yemen,
    ... struck" is 1, "struck ... in response to attacks in the Red Sea" is 3."""
    stop = {trig.i, trig.head.i} if trig.pos_ == "NOUN" else {trig.i}
    n, cur = 0, root
    for _ in range(12):
        if cur.i in stop:
            return n
        if cur.dep_ == "prep":
            n += 1
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return 9


def _place_phrases(sent: Span) -> list[tuple[Span, str]]:
    """Named places (GPE/LOC/FAC entities) and place phrases built on a place noun
    ("Baghdad airport", "the Syrian-Jordanian border", "Saladin province")."""
    out: list[tuple[Span, str]] = []
    for ent in sent.ents:
        if ent.label_ in PLACE_LABELS and ent.text.strip():
            out.append((ent, ent.label_))
        elif ent.label_ in ("PERSON", "ORG") and ent.root.dep_ in ("pobj", "conj") and len(ent) <= 5 \
                and _name_like(ent) and _locative(ent):
            # "to Nabatiyeh", "in Maysan": the NER's label is wrong; "in the Kremlin":
            # a name that stands for a government is a place after a locative preposition
            out.append((ent, "MISREAD"))
    for t in sent:
        if t.pos_ == "PROPN" and not t.ent_type_ and t.dep_ in ("pobj", "conj") and \
                t.head.lower_ in load_words().locative_preps:
            # a proper name after a locative preposition that the NER missed ("on Ain al-Asad")
            start = min((c.left_edge.i for c in t.children if c.dep_ == "compound"), default=t.i)
            span = sent.doc[start:t.i + 1]
            if span.start >= sent.start and _name_like(span):
                out.append((span, "MISREAD"))
        if t.lemma_.lower() not in load_words().place_heads or t.pos_ != "NOUN":
            continue
        mods = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod") and c.i < t.i
                and (c.pos_ == "PROPN" or c.ent_type_ in ("GPE", "NORP", "LOC", "FAC") or "-" in c.text
                     or (c.pos_ == "ADJ" and c.is_title))]  # "the Syrian-Jordanian border"
        if not mods or any(m.ent_id_ or m.ent_type_ == "PERSON" for m in mods):
            continue  # "Asaib Ahl al-Haq headquarters" is a group's building, not a place name
        start = min(m.left_edge.i for m in mods)
        span = sent.doc[start:t.i + 1]
        if span.start < sent.start:
            continue
        out.append((span, "PHRASE"))
    return out


def _name_like(ent: Span) -> bool:
    """Capitalised like a place name ("Maysan", "al-Qaim"), not a common phrase."""
    def ok(word: str) -> bool:
        return word[:1].isupper() or word.lower().startswith(load_words().name_articles)

    return ok(ent[0].text) and ok(ent[-1].text)


def _place_role(span: Span, trig: Token, speakers: set[int]) -> str:
    if _relative_clause_of(span, trig):
        return "event"  # "the town of Nasiriyah, which has seen violent clashes"
    if any(t.i in speakers for t in span):
        return "speaker"
    root = span.root
    # walk up from the place to see how it attaches
    cur, prep = root, None
    for _ in range(8):
        if cur.dep_ == "pobj" and cur.head.dep_ == "prep":
            prep = cur.head
            if prep.lower_ == "of" and prep.head.lemma_.lower() in load_words().place_heads and \
                    prep.head.head.i != prep.head.i:
                cur, prep = prep.head, None  # "the southeastern city of Zahedan": where the city attaches
                continue
        if cur.head.i == cur.i:
            break
        if prep is not None:
            break
        if cur.dep_ in ("compound", "appos", "conj", "poss", "amod", "nmod"):
            cur = cur.head
            continue
        break
    if prep is not None:
        p = prep.lower_
        attach = prep.head
        if p == "from" and any(c.dep_ == "npadvmod" or c.dep_ == "nummod" for c in attach.subtree if c.i < prep.i):
            return "descriptor"
        if p == "to" and attach.i == trig.i:
            return "event"  # "his visit to Iraq", "sent troops to Syria"
        if p in load_words().locative_preps or p in ("from", "between", "of"):
            if _near_in_tree(attach, trig):
                if p == "from":
                    if any(c.dep_ == "prep" and c.lower_ == "to" for c in attach.children):
                        return "event"  # "from Tripoli in the north to Nabatiyeh in the south"
                    return "origin"  # "infiltrators from Syria", "an officer, down from Baghdad"
                return "event" if p != "of" or attach.lemma_.lower() in load_words().place_heads else "context"
            return "context"
    if root.dep_ == "dobj" and root.head.i == trig.i and trig.lemma_.lower() in load_words().place_object_verbs:
        return "event"  # "visited Tehran", "shelled Tartar"
    if root.dep_ in ("nsubj", "nsubjpass", "dobj", "poss") and root.ent_type_ == "GPE":
        return "actor"
    return "context"


def _relative_clause_of(span: Span, trig: Token) -> bool:
    """The trigger is in a relative clause that describes this place."""
    cur = trig
    for _ in range(6):
        if cur.dep_ == "relcl":
            h = cur.head
            right_before = span.end <= cur.left_edge.i and cur.left_edge.i - span.end <= 2  # "Kut, which saw"
            return h.i in range(span.start, span.end) or (
                (h.lemma_.lower() in load_words().place_heads or right_before) and span.root in h.subtree)
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _near_in_tree(attach: Token, trig: Token) -> bool:
    """The preposition attaches to the trigger, to the verb whose argument a
    nominal trigger is ("launched an attack on ... in Basra"), to that verb's
    arguments ("gunmen in Basra attacked"), or to a verb the trigger continues
    ("opened fire ..., killing"); not to a clause the trigger is only mentioned in
    ("relations between Iran and Saudi Arabia deteriorated after the attack")."""
    if attach.i == trig.i or attach in trig.subtree:
        return True
    frame = trig
    if trig.pos_ in ("NOUN", "PROPN"):
        if trig.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and trig.head.pos_ in ("VERB", "AUX"):
            frame = trig.head
            return attach.i == frame.i or attach in frame.children or trig in attach.subtree
        return trig in attach.subtree
    for _ in range(3):
        if attach.i == frame.i or (frame.pos_ in ("VERB", "AUX") and attach in frame.children):
            return True
        if frame.dep_ in ("xcomp", "advcl", "conj", "ccomp") and frame.head.i != frame.i:
            frame = frame.head
        else:
            break
    return trig in attach.subtree


def _actors(sent: Span, trig: Token, speakers: set[int], lex: Lexicon, etype: str) -> list[str]:
    """Canonical actor names: registry matches in the sentence (not sources), ad-hoc
    organisations from NER, institution noun phrases, and generic crowds."""
    names: list[str] = []
    if etype == "political":
        speakers = set()  # a statement, threat or demand is its speaker's own act
    args = set(t.i for t in _arguments(trig)) | {trig.i} | _shared_arguments(trig, lex)
    clause = {t.i for t in trig.sent}  # sentence scope for named actors

    def add(name: str) -> None:
        name = name.strip(" ,.;:'\"’‘“”")
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)

    for start, end, name, metonym in _registry_matches(sent):
        if any(i in speakers for i in range(start, end)):
            continue
        if metonym and not _acting(sent.doc[start:end], args):
            continue  # "near Baghdad airport" names a place, not the Iraqi government
        add(name)
    for ent in sent.ents:
        if ent.label_ not in ("ORG", "PERSON", "GPE", "NORP") or any(t.i in speakers for t in ent):
            continue
        if ent.start not in clause:
            continue
        if ent.label_ in ("GPE", "NORP") and not _acting(ent, args):
            continue
        if ent.label_ == "GPE" and ent.root.dep_ == "compound" and \
                ent.root.head.lemma_.lower() in load_words().place_heads:
            continue  # "Anbar province", "Baghdad airport": a place name
        if ent.label_ == "NORP" and (ent.root.pos_ == "ADJ" or ent.root.dep_ in ("amod", "compound")):
            continue  # "Shiite leaders", "Iraqi security": an adjective, not an actor
        if ent.label_ == "ORG" and not ent.ent_id_ and ent.root.lemma_.lower() in lex.cues["weapon"]:
            continue  # "a Katyusha rocket": a weapon, not an organisation
        if ent.label_ in ("ORG", "PERSON") and not ent.ent_id_ and _name_like(ent) and _locative(ent):
            continue  # "in al-Qaim": a place the NER misread
        add(_registry_name(ent.text) or ent.text)
    for t in sent:
        if t.i in speakers or t.i not in args:
            continue
        if t.lemma_.lower() in load_words().actor_heads | lex.cues["armed"] and t.pos_ == "NOUN" and \
                t.dep_ != "compound":
            add(_chunk_text(t))
    if etype == "protest" or _has_protesters([t for t in sent if t.i in args], lex):
        add("protesters")
    antecedent = _antecedent(trig)
    if antecedent:
        add(antecedent)
    return names


def _antecedent(trig: Token) -> str | None:
    """Who "he", "they" or "the group" is: the nearest registry actor named before
    in the paragraph (a person for he/she, an organisation for the group/it)."""
    agents = _agent_tokens(trig)
    heads = [t for t in agents if t.head.i not in {a.i for a in agents} or t.head.i == t.i]
    if len(heads) != 1:
        return None
    head = heads[0]
    if head.lower_ in ("he", "she"):
        want_person = True
    elif head.lower_ in ("it", "they") or (head.lemma_.lower() in load_words().group_nouns and any(
            c.lower_ == "the" for c in head.children if c.dep_ == "det")):
        want_person = False
    else:
        return None
    for t in reversed(list(trig.doc[:agents[0].i])):
        if not t.ent_id_ or t.ent_iob_ != "B":
            continue
        actor = _actor_for_entity_id(t.ent_id_)
        if actor is not None and (actor.kind == "person") == want_person and actor.kind != "protesters":
            return actor.name
    return None


def _shared_arguments(trig: Token, lex: Lexicon) -> set[int]:
    """Arguments the trigger shares with its clause: verbs joined to it ("pulled out
    and imposed sanctions on Iran") and the author of an announced or claimed act
    ("Saudi Arabia announced it had busted a cell")."""
    out: set[int] = set()
    for c in trig.children:
        if c.dep_ == "conj" and c.pos_ == "VERB":
            out.update(t.i for t in c.subtree)
    head = trig
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    if head.dep_ == "ccomp" and head.head.lemma_.lower() in lex.reporting - lex.source_verbs:
        out.update(t.i for c in head.head.children if c.dep_ == "nsubj" for t in c.subtree)
    return out


def _attribution(tok: Token) -> bool:
    """A definite act named only to say who did it ("was blamed for the attack",
    "claimed responsibility for the bombing")."""
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in ("for", "behind") and \
        tok.head.head.lemma_.lower() in ("blame", "claim", "responsibility", "accuse", "hold", "responsible") and \
        any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)


def _target_countries(tok: Token) -> tuple[str, ...]:
    """Countries of whom the act targets: a registry actor's country or a country
    named as object ("sanctions on Iran", "designated Qais al-Khazali")."""
    out: list[str] = []
    for t in _targets(tok) + [t for c in tok.children if c.dep_ == "dobj" for t in c.subtree]:
        actor = _actor_for_entity_id(t.ent_id_) if t.ent_id_ else None
        if actor is not None and actor.country:
            out.append(actor.country)
        elif (t.ent_type_ == "GPE" or (_nationality(t) and t.dep_ in ("amod", "compound")
                                       and t.head.lemma_.lower() in load_words().installations)) and not t.ent_id_:
            iso = _country_of(t.text)  # "sanctions on Iran", "fired at Emirati targets" (not "U.S. soldiers")
            if iso:
                out.append(iso)
    return tuple(dict.fromkeys(out))


def _state_names(isos: Sequence[str]) -> list[str]:
    """Canonical names of the states whose forces act ("an Iranian missile" -> Iran)."""
    out = []
    for iso in isos:
        if ":" in iso:
            continue  # "proxy:IR" (the Revolutionary Guards are named already), "target:armed"
        try:
            from geo.gazetteer import get_gazetteer
        except ImportError:
            break
        e = get_gazetteer().country(iso)
        if e is not None:
            out.append(_registry_name(e.name) or e.name)
    return out


def _acting(ent: Span, args: set[int]) -> bool:
    """A country or nationality that acts or is acted on, not a location or an adjective of one."""
    root = ent.root
    if root.i not in args and root.head.i not in args:
        return False
    if root.dep_ == "pobj" and root.head.lower_ in ("on", "against") and root.head.head.pos_ in ("NOUN", "VERB"):
        return True  # the target: "the assault on Israel", "sanctions on Iran"
    if root.dep_ == "pobj" and root.head.lower_ in load_words().locative_preps:
        return False
    return root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "dative", "appos", "amod", "compound")


def _chunk_text(t: Token) -> str:
    """The noun phrase headed by ``t`` without determiners and relative clauses."""
    left = [c for c in t.children if c.i < t.i and c.dep_ in ("compound", "amod", "poss", "nmod", "case")]
    start = min((c.left_edge.i for c in left), default=t.i)
    words = [x for x in t.doc[start:t.i + 1] if x.dep_ not in ("det", "punct") and x.pos_ != "DET"]
    return " ".join(w.text for w in words).replace(" ’s", "’s").replace(" 's", "'s")


@lru_cache(maxsize=1)
def _registry():
    try:
        from geo.actors import get_registry
    except ImportError:
        return None
    try:
        return get_registry()
    except (OSError, ValueError, KeyError) as exc:
        log.warning("actor registry unavailable: %s", exc)
        return None


def _actor_for_entity_id(actor_id: str):
    reg = _registry()
    if reg is None:
        return None
    getter = getattr(reg, "get", None) or getattr(reg, "by_id", None)
    if getter is not None:
        try:
            return getter(actor_id)
        except (KeyError, LookupError):
            return None
    return reg.resolve(actor_id)


def _registry_name(text: str) -> str | None:
    reg = _registry()
    if reg is None:
        return None
    actor = reg.resolve(text)
    return actor.name if actor else None


def _registry_matches(sent: Span) -> list[tuple[int, int, str, bool]]:
    """(start token, end token, canonical name, metonym) of registry actors in the sentence."""
    reg = _registry()
    if reg is None:
        return []
    out = []
    base = sent.start_char
    for m in reg.match(sent.text):
        span = sent.doc.char_span(base + m.start, base + m.end, alignment_mode="expand")
        if span is None:
            continue
        out.append((span.start, span.end, m.actor.name, bool(getattr(m, "metonym", False))))
    return out


def _dates(article: Article, sent: Span, trig: Token, offset: int) -> list[DateSpan]:
    """Date mentions of the sentence resolved against the article's dateline."""
    base = offset + sent.start_char
    clause = {t.idx - sent.start_char for t in _clause_tokens(trig)}
    out: list[DateSpan] = []
    for m in find_dates(sent.text, article.dateline):
        if _modifies_other_noun(sent, m.start, m.end, trig):
            continue  # "the 1988 prison killings": the date of something else
        in_clause = any(m.start <= c < m.end for c in clause)
        value = m.value
        out.append(DateSpan(base + m.start, base + m.end, m.text, value.iso if value else None,
                            value.precision if value else None, getattr(m, "how", ""), in_clause,
                            _direct_date(sent, m.start, m.end, trig)))
    if not any(d.iso for d in out):
        out.extend(_own_year(trig, offset))
    if not any(d.iso for d in out):
        out.extend(_nearby_dates(article, sent, offset))
    return out


def _own_year(trig: Token, offset: int) -> list[DateSpan]:
    """A bare year modifying the trigger noun ("the 2014 massacre", "the 2019 protests")."""
    for c in trig.children:
        if c.dep_ in ("nummod", "compound", "amod") and _YEAR_IN_TEXT.fullmatch(c.text):
            return [DateSpan(offset + c.idx, offset + c.idx + len(c.text), c.text, c.text, "year",
                             f"year '{c.text}' modifying '{trig.text}'", True, True)]
    return []


_YEAR_IN_TEXT = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _nearby_dates(article: Article, sent: Span, offset: int) -> list[DateSpan]:
    """Dates with an explicit year in the two sentences before, in the same
    paragraph: a narrative keeps its time ("In late 2014, ... . He met ...")."""
    prev = [s for s in sent.doc.sents if s.end <= sent.start][-2:]
    out: list[DateSpan] = []
    for s in reversed(prev):
        for m in find_dates(s.text, article.dateline):
            if m.value is None or not _YEAR_IN_TEXT.search(m.text):
                continue
            if _modifies_other_noun(s, m.start, m.end, s.root):
                continue
            base = offset + s.start_char
            out.append(DateSpan(base + m.start, base + m.end, m.text, m.value.iso, m.value.precision,
                                f"{getattr(m, 'how', '')}; carried over from the sentence before", nearby=True))
        if out:
            break
    return out


def _direct_date(sent: Span, start: int, end: int, trig: Token) -> bool:
    """Whether the date hangs on the trigger (or on its noun's verb) and not on
    another verb of the sentence ("arrested in 2019, was convicted in 2022")."""
    span = sent.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    tok = span.root
    targets = {trig.i}
    if trig.pos_ == "NOUN" and trig.head.pos_ in ("VERB", "AUX"):
        targets.add(trig.head.i)
    for _ in range(6):
        if tok.i in targets:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.i not in targets:
            return False
    return False


def _modifies_other_noun(sent: Span, start: int, end: int, trig: Token) -> bool:
    span = sent.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    head = root.head
    if root.dep_ not in ("compound", "nummod", "amod", "nmod", "poss") or head in span or head.i == trig.i:
        return False
    if head.dep_ == "pobj" and head.head.lower_ in load_words().temporal_preps and _near_in_tree(head.head.head, trig):
        return False  # "imposed him after the May 2018 elections": the act's own time anchor
    return head.pos_ in ("NOUN", "PROPN") and head.ent_type_ != "DATE"


def _clause_tokens(trig: Token) -> list[Token]:
    head = trig
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return list(head.subtree)


_NUM = re.compile(r"^\d{1,3}(,\d{3})*$|^\d+$")


def _number(tok: Token, lex: Lexicon) -> int | None:
    """An integer from digits or a number word ("18", "1,200", "three", "dozens")."""
    w = tok.lower_.replace("\u2009", "")
    if _NUM.match(w):
        return int(w.replace(",", ""))
    if w in lex.numbers:
        return lex.numbers[w]
    if "-" in w:  # twenty-five
        parts = [lex.numbers.get(p) for p in w.split("-")]
        if all(parts):
            return sum(parts)  # type: ignore[arg-type]
    return None


def _fatalities(sent: Span, lex: Lexicon) -> int | None:
    """Deaths stated in the sentence: "killing 18 people", "three dead", "at least 110 were killed",
    "the death of three people", "dozens of protesters were killed"."""
    best: int | None = None
    for t in sent:
        lemma = t.lemma_.lower()
        if lemma not in lex.death_verbs and t.lower_ not in lex.death_verbs:
            continue
        n = _count_for_death(t, lex)
        if n is not None:
            best = max(best or 0, n)
    return best


def _count_for_death(t: Token, lex: Lexicon) -> int | None:
    groups: list[Token] = []
    lemma = t.lemma_.lower()
    if lemma in ("kill", "slay", "execute"):
        passive = any(c.dep_ == "auxpass" for c in t.children) or t.dep_ in ("acl", "amod")
        for c in t.children:
            if (passive and c.dep_ in ("nsubjpass", "nsubj")) or (not passive and c.dep_ == "dobj"):
                groups.append(c)
        if t.dep_ in ("acl", "amod") and t.head.pos_ in ("NOUN", "NUM"):
            groups.append(t.head)  # "18 people killed"
    elif lemma in ("die", "perish"):
        groups.extend(c for c in t.children if c.dep_ == "nsubj")
    elif lemma in ("dead",):
        if t.head.pos_ in ("NUM", "NOUN"):
            groups.append(t.head)  # "three dead"
        groups.extend(c for c in t.children if c.dep_ in ("nummod", "nsubj"))
        groups.extend(c for c in t.head.children if c.dep_ == "nsubj")
    elif lemma == "death":
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                groups.extend(x for x in c.children if x.dep_ == "pobj")
    for g in groups:
        n = _number_of_group(g, lex)
        if n is not None:
            return n
    return None


def _number_of_group(g: Token, lex: Lexicon) -> int | None:
    if g.pos_ == "NUM" or g.like_num:
        n = _number(g, lex)
        if n is not None and not (1900 <= n <= 2100 and g.text.isdigit()):
            return n
    for c in g.children:
        if c.dep_ in ("nummod", "quantmod") or (c.dep_ == "amod" and c.lower_ in lex.numbers):
            n = _number(c, lex)
            if n is not None:
                doc = c.doc
                if c.i >= 2 and doc[c.i - 1].text == "-" and doc[c.i - 2].lower_ in lex.numbers:
                    n += lex.numbers[doc[c.i - 2].lower_]  # "twenty-five" split in three tokens
                return n
        if c.dep_ == "prep" and c.lower_ == "of" and g.lower_ in lex.numbers:  # "dozens of people"
            return lex.numbers[g.lower_]
    if g.lower_ in lex.numbers and g.lower_ not in ("a", "an"):
        return lex.numbers[g.lower_]
    if g.lemma_.lower() in lex.death_nouns and g.tag_ in ("NN",) and g.lower_ not in ("people",):
        return 1  # "a protester was killed"
    return None


def _confidence(cand: _Candidate, places: Sequence[PlaceSpan], dates: Sequence[DateSpan],
                actors: Sequence[str], tok: Token, lex: Lexicon) -> float:
    """Evidence strength in [0, 1]: the trigger's weight, raised by an event place,
    a date in the clause and named actors; lowered inside quotations and headlines."""
    c = cand.spec.weight * 0.6
    if any(p.role == "event" for p in places):
        c += 0.15
    elif any(p.role == "context" for p in places):
        c += 0.05
    if any(d.in_clause for d in dates):
        c += 0.1
    if [a for a in actors if a not in load_words().generic_actors]:
        c += 0.1
    sent = tok.sent.text
    if sent.count("“") or sent.count('"') >= 2:
        c -= 0.1
    if not sent.rstrip().endswith((".", "!", "”", '"', "’", ")")):
        c -= 0.1  # a headline or a fragment
    return round(min(max(c, 0.05), 1.0), 3)
