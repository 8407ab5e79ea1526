"""Sentences that only give details of an act already told, joined to that act.

A report tells an act, then adds sentences about it: who died "in the incident",
what was found "in the raid", how "the protests turned" violent, which "other
targets were hit".  Each has a trigger word of its own, so read alone it becomes
a second event, usually placed at the article's focus country: a false point.

The evidence that a clause is such a detail is linguistic: a definite event noun
with nothing of its own as the clause's setting ("in/during the incident"), as
the subject of a development verb ("the clashes escalated"), or the clause's
subject being more parts of one strike ("two more sites were hit") -- and no
new date, place (except for parts) or agent of its own.  :func:`detail_reason`
reads that from the parse; :func:`link_details` finds the nearest act told
before in the same article and gives the detail that act's type, trigger, date
and place, so :func:`geo.merge.merge` joins the two located mentions into one
event that keeps both quotes.  A detail with a more precise place of its own
(the town of a country-level strike) keeps it, and the country-level mention
is then absorbed by it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from geo.lexicon import Lexicon, load_lexicon

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from geo.arguments import DateSpan, PlaceSpan
    from geo.events import EventDraft

# Written into a detail's evidence (and so into its event's ``why``); geo.merge
# looks for it to say that a mention was joined as a detail of the earlier event.
DETAIL_MARK = "a detail of the act told before"

# Added to that note when the detail names no place of its own: it is where the act is,
# whatever the gazetteer made of the act's places for this sentence.
NO_OWN_PLACE = "it names no place of its own"

# How far back (characters) the act a detail refers to may be told: about two
# paragraphs, the reach of "the incident" in a report.
WINDOW = 1500

# How much of the detailed act's quote the detail's evidence repeats: enough for
# geo.merge to find that act's event among the article's events.
HOST_PREFIX = 70

_DEFINITE = ("the", "this", "that", "these", "those")
_OWN_ENTITIES = ("GPE", "LOC", "FAC", "DATE", "ORG", "NORP", "PERSON", "TIME")
_NAMED_AGENT = ("GPE", "ORG", "NORP", "PERSON")
_CORE = ("militia_activity", "border_incident", "protest")


def host_quote(why: str) -> str | None:
    """The start of the quote of the act a detail event refers to, read back from
    its ``why`` (whose type evidence :func:`link_details` opened with the note),
    or None for other events, also for an act that a detail has joined."""
    m = re.match(r"type: " + re.escape(DETAIL_MARK) + r" \('(.*?)'\): ", why, flags=re.DOTALL)
    return m.group(1) if m else None


def detail_reason(tok: Token, lex: Lexicon, places: Sequence[PlaceSpan], dates: Sequence[DateSpan]) -> str:
    """Why the clause of trigger ``tok`` only details an act told before, or "".

    A clause with a date of its own is never a detail (the protests "resumed on
    Friday" are another day's); one with an event place of its own only when
    its subject is more parts of one strike, whose place may locate the act.
    """
    if any(d.direct or d.in_clause for d in dates):
        return ""
    own_place = any(p.role == "event" for p in places)
    part = _part_of_strike(tok, lex) or _restatement(tok, lex)
    if part:
        return part
    if own_place:
        return ""
    return _setting(tok, lex) or _development(tok, lex) or _casualty_report(tok)


_HARM_VERBS = ("kill", "wound", "injure", "die")
"""Verbs of a casualty count: with no agent, place or date of their own they count the
victims of an act told before."""


def _casualty_report(tok: Token) -> str:
    """An agentless passive count of victims, reported, with no place or date of its own:
    "the Houthis said five of their fighters were killed" after the strikes told just
    before.  It counts the victims of that act; read alone it becomes a second event at
    the article's focus.  With a "by" agent, or as the sentence's own news ("Three soldiers
    were killed in an ambush"), it is not: a setting noun makes it :func:`_setting`'s."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _HARM_VERBS or tok.tag_ != "VBN":
        return ""
    deps = {c.dep_ for c in tok.children}
    if "auxpass" not in deps or "agent" in deps or "prep" in deps or "advcl" in deps:
        return ""
    if tok.dep_ not in ("ccomp", "conj") or tok.head.pos_ != "VERB" or tok.head.lemma_.lower() in _HARM_VERBS:
        return ""  # reported ("X said five were killed"), not the sentence's own statement
    subj = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if not subj or not any(t.like_num or t.ent_type_ == "CARDINAL" for t in subj[0].subtree):
        return ""
    return f"'{subj[0].text} {tok.text}': victims of the act told before, counted by a source"


def _anaphoric_event_noun(n: Token, lex: Lexicon) -> bool:
    """A definite event noun that names nothing of its own ("the incident", "this
    attack"): it refers to an act told before.  "The attack on the consulate in
    Karbala" names its own place and may be a new act."""
    if n.pos_ != "NOUN" or not (lex.specs(n) or n.lemma_.lower() in lex.filters["anaphoric_event_nouns"]):
        return False
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in n.children):
        return False
    if any(c.ent_type_ == "ORDINAL" or c.lower_ in lex.filters["other_act_modifiers"] for c in n.children):
        return False  # "the second attack", "the new protests": another act
    for c in n.children:
        if c.dep_ in ("prep", "acl", "relcl", "amod", "compound", "nummod", "appos", "poss"):
            if any(t.ent_type_ in _OWN_ENTITIES or t.ent_id_ for t in c.subtree):
                return False
    return True


def _setting(tok: Token, lex: Lexicon) -> str:
    """The clause is set in a definite act told before: "were killed in the
    incident", "during the protests, security forces shot dead twelve" (the trigger
    may be the setting noun itself: "in the raid, weapons were seized").  After
    "after/following" only a passive or agentless clause is a detail: "jets struck
    after the attack" is a new act."""
    preps = lex.filters["detail_setting_preps"]
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in preps:
        found = [(tok, tok.head)]
    else:  # on the trigger's verb, a verb above it or a clause joined to those
        chain = {tok.i} | {a.i for a in tok.ancestors}  # "were arrested during the protests, ... were killed"
        verbs = [v for v in tok.sent if v.pos_ in ("VERB", "AUX") and (
            v.i in chain or (v.dep_ in ("conj", "ccomp") and v.head.i in chain))]
        found = [(g, c) for v in verbs for c in v.children if c.dep_ == "prep" and c.lower_ in preps
                 for g in c.children if g.dep_ == "pobj"]
    for noun, prep in found:
        verb = prep.head
        if verb.pos_ not in ("VERB", "AUX") or not _anaphoric_event_noun(noun, lex):
            continue
        if prep.lower_ in lex.filters["detail_sequel_preps"] and (_has_named_agent(verb) or not _agentless(verb)):
            continue  # "Israeli jets struck after the attack": a new act; "in the attack, militants killed": not
        return f"set '{prep.text} {noun.text}' with no place or date of its own"
    return ""


def _development(tok: Token, lex: Lexicon) -> str:
    """A development of a definite act told before, that act being the subject of
    the development verb: "the protests turned into riots", "the clashes escalated"."""
    verbs = lex.filters["development_verbs"]
    node = tok
    for _ in range(3):  # the trigger, or a noun under the verb's "into"/"to" phrase
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in verbs:
            break
        if node.head.i == node.i:
            return ""
        node = node.head
    else:
        return ""
    subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj or not _anaphoric_event_noun(subj[0], lex):
        return ""
    return f"'{subj[0].text} {node.text}': how the act told before developed"


def _restatement(tok: Token, lex: Lexicon) -> str:
    """A harm verb whose subject is a definite act told before: "the attack had
    targeted a garrison across the border", "the blast killed four".  What it adds
    (a victim, a claimed target) belongs to that act; a place it names may locate
    the act more precisely (decided when the two are joined, :mod:`geo.merge`).
    Protest and development verbs are left out: "the protests spread to Basra" is
    another town's protest."""
    if tok.pos_ == "NOUN" and tok.dep_ == "nsubj":  # the trigger is the subject noun itself
        noun, verb = tok, tok.head
    else:
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subj:
            return ""
        noun, verb = subj[0], tok
    if verb.pos_ != "VERB" or not any(s.cls in ("violence", "border") for s in lex.specs(verb)):
        return ""
    violent = any(s.cls in ("violence", "border") for s in lex.specs(noun)) or \
        noun.lemma_.lower() in lex.filters["anaphoric_event_nouns"]
    if not violent or not _anaphoric_event_noun(noun, lex):
        return ""  # "the protests", not "the strikes" (also a labour word)
    return f"'{noun.text} {verb.text}': the act told before, restated with what it did"


def _part_of_strike(tok: Token, lex: Lexicon) -> str:
    """More parts of one strike, with no agent of their own: "two more sites were
    hit", "other targets were struck near X".  Its place (if any) may locate the
    act told before more precisely; "another attack hit Erbil" is a new act."""
    if tok.pos_ != "VERB" or not any(c.dep_ == "auxpass" for c in tok.children):
        return ""
    if any(c.dep_ == "agent" and not _instrument(c, lex) for c in tok.children):
        return ""  # "were hit by Israeli jets": an agent of its own
    subj = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if not subj or subj[0].lemma_.lower() not in lex.filters["part_nouns"]:
        return ""
    mods = {t.lower_ for t in subj[0].subtree if t.i < subj[0].i}  # "two more sites", "(the) other targets"
    if not mods & lex.filters["part_modifiers"]:
        return ""
    return f"'{subj[0].text}': more parts of the act told before, with no agent of their own"


def _instrument(agent: Token, lex: Lexicon) -> bool:
    """A "by" phrase that names a weapon, not someone acting ("hit by missiles")."""
    return any(g.lemma_.lower() in lex.cues["weapon"] for g in agent.children if g.dep_ == "pobj")


def _has_named_agent(verb: Token) -> bool:
    """The clause's active subject names someone ("Israeli jets", "Hezbollah")."""
    for c in verb.children:
        if c.dep_ == "nsubj" and any(t.ent_type_ in _NAMED_AGENT or t.ent_id_ for t in c.subtree):
            return True
    return False


def _agentless(verb: Token) -> bool:
    """A passive clause without a "by" agent, or one with no subject acting
    ("two men died after the blast")."""
    deps = {c.dep_ for c in verb.children}
    if "auxpass" in deps or "nsubjpass" in deps:
        return "agent" not in deps
    return verb.lemma_.lower() in ("die", "perish", "succumb")


def link_details(drafts: list[EventDraft]) -> list[EventDraft]:
    """Give each detail the keys of the act it details, so the two merge.

    The act is the nearest one told before in the same article, within
    :data:`WINDOW` characters, of a map type (not political) and of the same
    type or trigger class.  The detail takes that act's type, trigger, class,
    dates, acting states and (when it has no event place of its own) its places;
    it keeps its own quote, actors and fatalities.  A detail with no such act
    stays what it was.
    """
    out: list[EventDraft] = []
    for d in drafts:
        host = _host(d, out) if d.detail else None
        if host is None:
            out.append(replace(d, detail="") if d.detail else d)
            continue
        out.append(_as_mention_of(d, host))
    return out


def _host(d: EventDraft, before: Sequence[EventDraft]) -> EventDraft | None:
    """The act told before that detail ``d`` refers to, or None.

    Among the acts of a map type, of the same type or trigger class, told in the
    same article within :data:`WINDOW` characters before, the one sharing most
    content words with the detail (lexical cohesion: "weapons were confiscated in
    the raid" refers to the act "confiscating weapons"), and of those the nearest.
    """
    if d.type not in _CORE:
        return None
    fits = [h for h in before if h.article == d.article and 0 <= d.trigger_start - h.trigger_start <= WINDOW
            and h.type in _CORE and (h.type == d.type or (h.cls and h.cls == d.cls))]
    if not fits:
        return None
    words = _content_words(d.quote)
    return max(reversed(fits), key=lambda h: len(words & _content_words(h.quote)))


def _content_words(text: str) -> set[str]:
    """Word stems (first five letters) of a sentence's longer words, without the
    words of sourcing and linking that any sentence may share."""
    lex = load_lexicon()
    ignored = lex.filters["cohesion_ignored"] | lex.reporting | lex.source_verbs
    return {w[:5] for w in re.findall(r"[a-z]{5,}", text.lower()) if w not in ignored}


def _as_mention_of(d: EventDraft, host: EventDraft) -> EventDraft:
    """Detail ``d`` carrying the keys of ``host``, with evidence saying so."""
    own_place = any(p.role == "event" for p in d.places)
    note = f"{DETAIL_MARK} ('{host.quote[:HOST_PREFIX]}'): {d.detail}" + ("" if own_place else f"; {NO_OWN_PLACE}")
    changes = dict(type=host.type, trigger=host.trigger, cls=host.cls, dates=host.dates,
                   state_agents=host.state_agents, agent_countries=host.agent_countries,
                   target_countries=host.target_countries, evidence=(note, *d.evidence))
    if not own_place:
        changes.update(places=host.places, split_place=host.split_place)
    return replace(d, **changes)
