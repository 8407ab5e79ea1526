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

This module finds and types triggers; the rest of the extractor lives beside it:
:mod:`geo.lexicon` (word knowledge from ``data/``), :mod:`geo.syntax` (parse-tree
helpers), :mod:`geo.event_filters` (clauses that state no act),
:mod:`geo.agents` (who acts, via the actor registry), :mod:`geo.arguments`
(places, actors, dates, fatalities) and :mod:`geo.merge`.  ``find_events``,
``merge``, ``EventDraft``, ``PlaceSpan``, ``DateSpan`` and ``load_lexicon`` stay
importable from here.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from geo.agents import (
    acting_tokens,
    agent_kind,
    border_cue,
    countries_of_agent,
    countries_of_target,
    crosses_to_neighbour,
    disputed_ground,
    follows_armed_act,
    force_states,
    has_armed,
    has_named_agent,
    has_riot_crowd,
    launched_across,
    other_parties,
    participation_verb,
    state_names,
)
from geo.arguments import (
    DateSpan,
    PlaceSpan,
    coordinated_event_places,
    date_spans,
    fatalities_of,
    nearby_places,
    place_spans,
    speaker_tokens,
)
from geo.coreference import detail_reason, link_details
from geo.crowds import gathered_crowd, has_protesters
from geo.event_filters import is_filtered
from geo.lexicon import Lexicon, TriggerSpec, load_lexicon, load_words
from geo.merge import merge
from geo.misparse import resultative_specs
from geo.participants import PREVIOUS_PARAGRAPH, actor_names
from geo.records import PRECEDENCE, Article
from geo.syntax import (
    after_comma,
    agent_tokens,
    announced_head,
    argument_tokens,
    bare_phrase,
    completed_head,
    dateline_tokens,
    in_force,
    is_locative,
    lemma_forms,
    own_places_apart,
    relative_antecedent,
    side_objects,
    subject_of_unreal_clause,
    target_tokens,
)

# clause helpers moved to geo.syntax; the old private names stay importable from here
from geo.syntax import clause_of as _clause_of  # noqa: F401
from geo.syntax import depth as _depth
from geo.syntax import linked as _linked
from geo.syntax import own_clauses as _own_clauses
from geo.syntax import own_parent as _own_parent  # noqa: F401
from geo.syntax import sequel as _sequel  # noqa: F401

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

__all__ = ["DateSpan", "EventDraft", "Lexicon", "PlaceSpan", "TriggerSpec", "find_events", "load_lexicon", "merge"]


# --------------------------------------------------------------------- drafts

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
    detail: str = ""  # why the clause only details an act told before ("killed in the incident"); geo.coreference


@dataclass
class _Candidate:
    """A trigger token that passed the filters, with its decided type and why."""

    token: Token
    spec: TriggerSpec
    type: str
    evidence: list[str] = field(default_factory=list)
    state_agents: tuple[str, ...] = ()


# ------------------------------------------------------------------ detection

def find_events(article: Article, parsed: Sequence[tuple[int, Doc]]) -> list[EventDraft]:
    """Event drafts of one article from its parsed chunks (``geo.nlp.parse_article``)."""
    lex = load_lexicon()
    drafts: list[EventDraft] = []
    previous = None
    for offset, doc in parsed:
        if previous is not None:
            doc.user_data[PREVIOUS_PARAGRAPH] = previous  # "he" and "it" often point one paragraph back
        previous = doc
        for sent in doc.sents:
            if len(sent.text.strip()) < 12:
                continue
            drafts.extend(_sentence_events(article, offset, sent, lex))
    drafts = _fold_references(drafts)
    if not drafts:
        return drafts
    spans = tuple((offset + e.start_char, offset + e.end_char) for offset, doc in parsed
                  for e in doc.ents if e.label_ in ("GPE", "LOC") and is_locative(e))
    return [replace(d, article_places=spans) for d in drafts]


def _fold_references(drafts: list[EventDraft]) -> list[EventDraft]:
    """A sentence that only attributes an act told before ("Kataib Hezbollah was
    blamed for the attack") adds its actors to that act instead of making a new one;
    for the map's types it becomes a detail (geo.coreference), so its quote stays
    among the act's mentions."""
    out: list[EventDraft] = []
    for d in drafts:
        if d.refers_back and d.type != "political":
            out.append(replace(d, refers_back=False, detail=d.detail or "names who did the act told before"))
            continue
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
    return link_details(out)  # "killed in the incident": a mention of the act told before


def _sentence_events(article: Article, offset: int, sent: Span, lex: Lexicon) -> list[EventDraft]:
    """Drafts stated by one sentence: at most one per clause tree, highest precedence wins."""
    text = sent.text.strip()
    if text.endswith("?") or _headline(sent):
        return []
    low = sent.text.lower()
    trend = any(p in low for p in lex.filters["trend_phrases"] | lex.filters["background_phrases"])
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
    specs = lex.specs(tok) or resultative_specs(tok, lex)  # "shot dead" tagged as a noun
    if not specs or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL"):
        return None
    # "managed to form", "succeeded in forming": the act is stated as done exactly when
    # the completing verb's clause is (not negated, not a plan, not a modal)
    asserted = completed_head(tok, lex.cues["completion_verbs"])
    if any(s.cls == "political" for s in specs):
        asserted = announced_head(tok, lex.cues["announcing_verbs"]) or participation_verb(tok) or asserted
    if subject_of_unreal_clause(tok, lex.filters["irrealis_heads"]):
        return None
    for spec in specs:
        if is_filtered(asserted, lex) and not _presupposed(tok, lex):
            return None
        if spec.needs and not _needs_met(tok, spec.needs, lex):
            continue
        if spec.needs == "phrasal":
            if not _phrasal_met(tok, spec):
                continue
        elif (spec.objects or spec.preps) and not _frame_met(tok, spec, lex):
            continue
        decided = _decide_type(tok, spec, lex)
        if decided is None:
            continue
        etype, why, states = decided
        return _Candidate(tok, spec, etype, [why], states)
    return None


def _presupposed(tok: Token, lex: Lexicon) -> bool:
    """An act named with its own specifics inside "involvement/role/part in ...":
    "Iran denied any involvement in Hamas's October 7 assault on Israel" asserts that
    the assault happened, whatever is said of the involvement (denied, claimed,
    doubted).  The reference filter (``filters.reference_nouns``) stays right for a
    bare "involvement in the attack", an act told before.

    The act needs a named agent, date or place of its own, and must be one act: a
    singular noun without a future, aggregate or negating modifier ("any role in
    future attacks", "involvement in repeated attacks" stay out)."""
    f = lex.filters
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.dep_ != "pobj" or tok.head.lower_ != "in":
        return False
    ref = tok.head.head
    nouns = [ref] + [c for c in ref.children if c.dep_ == "dobj"] if ref.pos_ == "VERB" else [ref]
    if not any(n.lemma_.lower() in f["reference_nouns"] for n in nouns):
        return False  # (the parser may hang "in" on the verb: "denied [any role] [in the killing]")
    mods = [c for c in tok.children if c.dep_ in ("amod", "det", "compound", "nmod")]
    if any(c.lower_ in f["future_modifiers"] | f["aggregate_modifiers"] | f["negation_dets"] for c in mods):
        return False
    victims = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if any(v.tag_ == "NNS" and not any(c.dep_ == "nummod" for c in v.children) for v in victims):
        return False  # "a role in the killing of protesters in 2019": uncounted victims, a toll of many acts
    own = [t for c in tok.children if c.dep_ in ("poss", "compound", "nmod", "prep", "amod", "nummod")
           for t in c.subtree]
    names = ("ORG", "NORP", "GPE", "LOC", "FAC", "DATE", "PERSON")
    return any(t.ent_type_ in names and t.pos_ in ("PROPN", "NUM") for t in own)  # not "protesters" read as ORG


def _phrasal_met(tok: Token, spec: TriggerSpec) -> bool:
    """A verb + preposition + object expression: "took to the streets"."""
    for c in tok.children:
        if c.dep_ in ("prep", "prt", "dative") and c.lower_ in spec.preps:
            if any(g.lemma_.lower() in spec.objects or g.lower_ in spec.objects for g in c.children):
                return True
    return False


def _frame_met(tok: Token, spec: TriggerSpec, lex: Lexicon) -> bool:
    """Verbs that are events only with a certain object or preposition ("hold talks", "call on")."""
    if spec.preps and any(c.dep_ in ("prep", "prt") and c.lower_ in spec.preps for c in tok.children):
        return True
    if spec.preps and any(c.dep_ in ("advcl", "ccomp", "xcomp") and any(
            m.dep_ == "mark" and m.lower_ in spec.preps for m in c.children) for c in tok.children):
        return True  # "called for US troops to leave": the preposition parsed as the mark of a clause
    if spec.objects:
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        if not objs:  # intransitive use: "the embassy reopened", "talks were held"
            objs = [c for c in tok.children if c.dep_ == "nsubj"]
        objs += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        objs += [g for o in list(objs) for g in o.children if g.dep_ == "conj"]
        counted = [o for o in objs if o.like_num or o.lower_ in ("hundreds", "thousands", "dozens", "scores")]
        objs += [g for o in counted for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
                 for g in p.children if g.dep_ == "pobj"]  # "sent hundreds of fighters": the fighters
        if tok.dep_ in ("acl", "relcl") and tok.head.pos_ == "NOUN":
            objs.append(tok.head)  # "the deal signed last week"
        top = completed_head(tok, lex.cues["completion_verbs"])
        if top.i != tok.i:  # "managed to form a government", "the coalition that Sadr managed to form"
            objs += [c for c in top.children if c.dep_ == "dobj"]
            if (noun := relative_antecedent(top)) is not None:
                objs.append(noun)
        return any(o.lemma_.lower() in spec.objects for o in objs)
    return False


# --------------------------------------------------------------------- typing

def _needs_met(tok: Token, need: str, lex: Lexicon) -> bool:
    """Whether the trigger has the argument its group needs to count at all."""
    args = argument_tokens(tok)
    words = lemma_forms(args)
    if need in ("armed_or_target", "armed_target_or_border"):
        wanted = lex.cues["armed"] | lex.cues["weapon"] | lex.cues["target"] | lex.cues["protest_people"]
        if bool(words & wanted) or has_armed(args, lex) or follows_armed_act(tok, lex):
            return True
        return need == "armed_target_or_border" and border_cue(tok, args, lex) is not None
    if need == "weapon_subject":
        subj = [t for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
        if tok.dep_ in ("acl", "relcl"):
            subj.append(tok.head)
        return bool(lemma_forms(subj) & lex.cues["weapon"])
    if need == "armed_actor":
        return has_armed(args, lex)
    if need == "border_or_armed":
        return border_cue(tok, args, lex) is not None or has_armed(args, lex)
    if need == "protest_arg":
        return has_protesters(args, lex)
    if need == "protest_or_armed":
        return has_protesters(args, lex) or has_armed(args, lex) or has_armed(list(tok.sent), lex)
    if need == "phrasal":
        return True
    if need == "person_object":
        objs = [t for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for t in bare_phrase(c)]
        return any(t.ent_type_ in ("PERSON", "ORG", "NORP") or t.lemma_.lower() in lex.title_words for t in objs)
    if need == "labour_strike":
        if any(c.lower_ in load_words().labour_strike_modifiers
               for c in tok.children if c.dep_ in ("amod", "compound")):
            return True
        return tok.dep_ == "pobj" and tok.head.lower_ == "on" and tok.head.head.lemma_.lower() in ("go", "be", "stay")
    if need == "crowd":
        if tok.pos_ == "VERB" and any(c.dep_ == "dobj" and not after_comma(c) for c in tok.children):
            return False  # "gather intelligence" (not an apposition the parser hung on the verb)
        if tok.pos_ == "NOUN" and any(c.dep_ == "compound" for c in tok.children):
            return False  # "intelligence gathering"
        if any(c.dep_ in ("xcomp", "advcl") and any(sp.cls == "protest" for sp in lex.specs(c)) for c in tok.children):
            return True  # "worshippers gathered outside a police station to protest": the gathering is the protest
        return bool(words & (lex.crowd_words | lex.cues["protest_people"])) or any(t.like_num for t in args)
    if need == "agreement_in_force":
        return in_force(tok, lex.cues["agreements"])
    if need in ("named_actor", "named_or_armed"):
        if need == "named_or_armed" and (has_armed(args, lex) or has_protesters(args, lex)):
            return True
        return has_named_agent(tok, args)
    return True


def _decide_type(tok: Token, spec: TriggerSpec, lex: Lexicon) -> tuple[str, str, tuple[str, ...]] | None:
    """The event type with the precedence rule, why, and the states whose forces act.

    None when the act is not one of the map's types: violence by a state's own
    forces that hits neither protesters nor crosses a border, or violence with no
    sign of an armed actor or weapon at all."""
    args = argument_tokens(tok)
    if spec.cls == "protest":
        return "protest", f"protest trigger '{tok.text}'", ()
    if spec.protest and (has_protesters(args, lex) or has_protesters(side_objects(tok), lex)):
        return "protest", f"'{tok.text}' with protesters as subject or target", ()
    if spec.protest and spec.cls == "violence" and gathered_crowd(target_tokens(tok), lex):
        return "protest", f"'{tok.text}' on people who had gathered: a rally", ()
    if spec.protest and spec.cls == "violence" and has_riot_crowd(tok, lex):
        return "protest", f"'{tok.text}' by a crowd of supporters: a riot", ()
    if spec.cls == "border":
        return "border_incident", f"border trigger '{tok.text}'", ()
    if spec.border:
        cue = border_cue(tok, args, lex)
        if cue:
            return "border_incident", f"'{tok.text}': {cue}", ()
    if spec.cls == "arrest" and spec.militia and has_armed(args, lex):
        return "militia_activity", f"'{tok.text}' of an armed group", ()
    if spec.cls in ("political", "arrest"):
        if any(t.lemma_.lower() in lex.commentators for t in agent_tokens(tok) if t.dep_ in ("nsubj", "pobj")):
            return None  # "analysts warn that ...": commentary, not a political act
        if spec.militia and agent_kind(tok, lex)[0] == "armed":
            return "militia_activity", f"'{tok.text}' by an armed group", ()
        return spec.type, f"{spec.cls} trigger '{tok.text}'", ()
    kind, states, who = agent_kind(tok, lex)
    if spec.border and kind in ("state", "unknown") and tok.lemma_.lower() in lex.cues["reciprocal"]:
        sides = set(states) | force_states(acting_tokens(tok) + other_parties(tok), lex)
        if len(sides) >= 2 and not has_armed(target_tokens(tok) + other_parties(tok), lex):
            return "border_incident", f"'{tok.text}' between the forces of two states ({'/'.join(sorted(sides))})", ()
        ground = disputed_ground(tok, lex)
        if ground and len(sides) != 1 and not has_armed(target_tokens(tok) + other_parties(tok), lex):
            # (one state's forces on both sides, "federal forces clashed with the Peshmerga in
            # disputed Kirkuk", is an internal dispute, not a line between states)
            return "border_incident", f"'{tok.text}' on disputed territory ({ground})", ()
    if kind == "armed" and spec.border and (across := crosses_to_neighbour(tok, lex)):
        return "border_incident", f"{spec.cls} trigger '{tok.text}' by an armed group of {across[0]} " \
            f"on its neighbour {across[1]} ({who})", ()
    if kind in ("unknown", "armed") and spec.border and (across := launched_across(tok, lex)):
        return "border_incident", f"'{tok.text}' launched from {across[0]} at a target in {across[1]}", ()
    if kind == "proxy" and tok.lemma_.lower() in lex.cues["through_groups"]:
        return spec.type, f"'{tok.text}' by Iran's Revolutionary Guards with armed groups ({who})", ()
    if kind == "proxy":
        # the IRGC and its branches: militia activity at home and through groups,
        # a border incident when it strikes another country (decided in geocode)
        return spec.type, f"{spec.cls} trigger '{tok.text}' by Iran's Revolutionary Guards ({who})", \
            tuple(f"proxy:{c}" for c in states)
    if kind == "armed":
        return spec.type, f"{spec.cls} trigger '{tok.text}' by an armed group ({who})", ()
    if kind == "state":
        if has_armed(target_tokens(tok) + other_parties(tok) + side_objects(tok), lex):
            # a state's forces hitting an armed group: geocode decides between a
            # border incident (a neighbour striking across) and militia activity; a verb
            # joined to the act tells its target too ("raided a farm and seized a cache
            # of weapons", "stormed a house, arresting three militants")
            return spec.type, f"{spec.cls} trigger '{tok.text}' by a state's forces on an armed group ({who})", \
                tuple(states) + ("target:armed",)
        if states:
            return spec.type, f"{spec.cls} trigger '{tok.text}' by a state's forces ({who})", states
        return None
    if spec.armed:
        return spec.type, f"armed act '{tok.text}'", ()
    if has_armed(args, lex) or has_armed(list(tok.sent), lex):
        return spec.type, f"{spec.cls} trigger '{tok.text}' with an armed actor or weapon", ()
    if follows_armed_act(tok, lex):
        return spec.type, f"'{tok.text}' continues the armed act told just before", ()
    return None


# ---------------------------------------------------- one act per clause tree

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
            if _linked(c.token, k.token) or (k.type == c.type and not _own_clauses(c.token, k.token)
                                             and not own_places_apart(c.token, k.token)):
                clash = True
                break
        if not clash:
            kept.append(c)
    return kept


# ---------------------------------------------------- drafting and confidence

def _draft(article: Article, offset: int, sent: Span, cand: _Candidate, lex: Lexicon) -> list[EventDraft]:
    """The draft(s) of one kept trigger: arguments, confidence, and one draft a place
    when the sentence lists several event places."""
    tok = cand.token
    sent_text = sent.text
    lead = len(sent_text) - len(sent_text.lstrip())
    s_start = offset + sent.start_char + lead
    at = s_start - article.start  # the document's own characters: the parser saw odd spaces made plain (geo.nlp)
    quote = article.text[at:at + len(sent_text.strip())]
    speakers = speaker_tokens(sent, lex) | dateline_tokens(sent)
    places = place_spans(sent, tok, speakers, offset) + nearby_places(sent, offset)
    if not any(p.role == "event" for p in places):
        places += _misparsed_sites(sent, tok, offset, places)
    actors = list(dict.fromkeys(actor_names(sent, tok, speakers, lex, cand.type) + state_names(cand.state_agents)))
    dates = date_spans(article, sent, tok, offset)
    fatalities = fatalities_of(sent, lex) if cand.spec.cls in ("violence", "protest", "border") else None
    conf = _confidence(cand, places, dates, actors, tok, lex)
    base = EventDraft(
        type=cand.type, trigger=tok.lemma_.lower(), trigger_text=tok.text, trigger_start=offset + tok.idx,
        sent_start=s_start, sent_end=s_start + len(quote), quote=quote, article=article.index,
        places=tuple(places), dates=tuple(dates), actors=tuple(actors), fatalities=fatalities,
        confidence=conf, evidence=tuple(cand.evidence), state_agents=cand.state_agents, cls=cand.spec.cls,
        target_countries=countries_of_target(tok),
        refers_back=_attribution(tok), detail=detail_reason(tok, lex, places, dates),
        agent_countries=countries_of_agent(tok),
        past=tok.tag_ in ("VBD", "VBN") or tok.pos_ == "NOUN" or any(c.tag_ in ("VBD",) for c in tok.children
                                                                      if c.dep_ in ("aux", "auxpass")),
    )
    # "protests in Najaf, Karbala and Basra", strikes "at al-Qaim, Akashat and Mayadin": one event a place
    split = [p for p in coordinated_event_places(places) if p.coordinated]
    if len(split) < 2:
        split = _contained_sites(sent, offset, places) or split
    # a political act addressed to several countries ("called on Armenia and Azerbaijan
    # to ...") is one act where its author is, not one per addressee
    if len(split) > 1 and cand.type != "political":
        return [replace(base, split_place=p) for p in split]
    return [base]


_SITE_AFTER_PREP = re.compile(
    r"\b(?:on|at|near)\s+(?:the\s+)?((?:[A-Z][\w’'-]*|al-\w+|el-\w+)(?:[\s-](?:[A-Z][\w’'-]*|al-\w+|el-\w+|"
    r"air base|airport|base|camp))*)(?!\s*['’]s\b)")


def _misparsed_sites(sent: Span, tok: Token, offset: int, places: Sequence[PlaceSpan]) -> list[PlaceSpan]:
    """Names after "on/at/near" that the parser broke apart ("an attack on Ain al-Asad
    lightly wounds ...", where the name became a person and the subject of the verb).

    Only used when the clause has no event place of its own; a name that the
    gazetteer does not know is dropped when the drafts are located, and a
    possessive ("on Soleimani's convoy") is a person's, not a place."""
    taken = [(p.start, p.end) for p in places]
    out: list[PlaceSpan] = []
    base = offset + sent.start_char
    for m in _SITE_AFTER_PREP.finditer(sent.text):
        start, end = base + m.start(1), base + m.end(1)
        if any(s < end and start < e for s, e in taken):
            continue
        span = sent.doc.char_span(m.start(1) + sent.start_char, m.end(1) + sent.start_char, alignment_mode="expand")
        if span is None or any(t.ent_id_ or t.ent_type_ in ("DATE", "TIME", "NORP") for t in span):
            continue  # a registry group ("at Kataib Hezbollah") or a date is not a site
        out.append(PlaceSpan(start, end, m.group(1), "event", "MISREAD", abs(span.start - tok.i), False, 2))
    return out


def _contained_sites(sent: Span, offset: int, places: Sequence[PlaceSpan]) -> list[PlaceSpan]:
    """Sites listed inside the event's region ("strike targets at A, B and C in Syria",
    a timeline entry's list of struck sites): the region named by "in" only locates the
    list, so each listed site is a place of the event (ACLED codes one event a site).

    Empty unless every event place is such a locating region and at least two sites are
    listed under it; the sites get the role "event"."""
    def token_of(p: PlaceSpan) -> Token | None:
        span = sent.doc.char_span(p.start - offset, p.end - offset, alignment_mode="expand")
        return span.root if span is not None else None

    events = [p for p in places if p.role == "event"]
    if not events:
        return []
    sites: list[PlaceSpan] = []
    for region in events:
        tok = token_of(region)
        if tok is None or tok.dep_ != "pobj" or tok.head.lower_ != "in":
            return []
        scope = tok.head.head  # "Deir ez-Zor ... in Syria", "sites at ... in Iraq"
        if scope.pos_ not in ("NOUN", "PROPN"):
            return []  # "In Tahrir Square, protesters chanted against America and Iran": the act's own place
        for p in (p for p in places if p is not region and p.coordinated):
            t = token_of(p)
            if t is not None and (t.i == scope.i or t in scope.subtree) and p not in sites:
                sites.append(p)
    if len(sites) < 2:
        return []
    return [replace(p, role="event") for p in sites]


def _attribution(tok: Token) -> bool:
    """A definite act named only to say who did it ("was blamed for the attack",
    "claimed responsibility for the bombing")."""
    if tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.lower_ in ("for", "behind") and \
            tok.head.head.lemma_.lower() in load_words().attribution_heads:
        # "blamed separatist gunmen for attacking the police station": a definite object told before
        return any(c.dep_ == "dobj" and any(g.dep_ == "det" and g.lower_ in ("the", "this", "that")
                                            for g in c.children) for c in tok.children)
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in ("for", "behind") and \
        tok.head.head.lemma_.lower() in load_words().attribution_heads and \
        any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)


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
