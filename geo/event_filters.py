"""Clauses that mention an act without stating that it happened.

Negated, modal, conditional, habitual or purpose clauses, aggregates over many
incidents ("39 rocket attacks"), running counts and anaphoric references to an
event told before are not new events; :func:`is_filtered` says so for one
trigger token so :mod:`geo.events` can drop it.
"""
from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from geo.lexicon import Lexicon, hyphen_forms, load_words
from geo.non_acts import ancestors as _ancestors
from geo.non_acts import not_an_act
from geo.syntax import number_value

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

log = logging.getLogger(__name__)


def is_filtered(tok: Token, lex: Lexicon) -> bool:
    """True when the clause does not state that the act happened."""
    if not_an_act(tok, lex):
        return True
    return _filtered(tok, lex)


def _filtered(tok: Token, lex: Lexicon) -> bool:
    """The older checks of :func:`is_filtered` (negation, modality, aggregates, views ...)."""
    f = lex.filters
    # negation on the trigger (or on the verb a nominal trigger depends on)
    heads = [tok]
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj"):
        heads.append(tok.head if tok.dep_ != "pobj" else tok.head.head)
    for k, h in enumerate(heads):
        if k and h.lemma_.lower() in lex.reporting | load_words().writer_verbs:
            continue  # "it should be noted the attack ...": the modal is the writer's, the attack happened
        for c in h.children:
            if c.dep_ == "neg":
                return True
            if c.dep_ == "aux" and c.lower_ in f["modals"]:
                return True
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ == "no":
            return True
        if c.dep_ in ("nsubjpass", "dobj") and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children):
            return True  # "no cabinet has been agreed", "reached no deal": the act did not happen
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
    if tok.tag_ in ("VBZ", "VBP") and not any(
            c.dep_ in ("aux", "auxpass") for c in tok.children) and not _dated_entry(tok.sent):
        return True  # "Iran fights wars through proxies", "the doctrine calls for": a habit or a description
    if tok.tag_ == "VBN" and not _dated_entry(tok.sent) and [c.lower_ for c in tok.children if c.dep_ in (
            "aux", "auxpass")] in (["is"], ["are"]):
        return True  # "envoys are appointed from the Guards": a simple present passive describes a practice
    if tok.pos_ == "NOUN" and tok.dep_ == "attr" and tok.head.lemma_.lower() in load_words().copular and not any(
            c.dep_ == "expl" for c in tok.head.children) and any(c.dep_ in ("det", "poss") for c in tok.children):
        # "it was the first provincial vote in a decade": classifies what was told, no new act (a determiner
        # makes it a noun phrase; "it was overrun", a participle tagged as a noun, stays)
        return True
    if tok.pos_ == "NOUN" and _in_backdrop(tok, f["backdrop_preps"]):
        return True  # "amid the chaos of protests", "despite the resignation": a backdrop, not the news
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "since" for c in tok.head.children):
        return True  # "since protests erupted on Oct. 1, many have accused Iran": the start of a period, a backdrop
    if tok.pos_ == "NOUN" and tok.dep_ == "compound" and tok.head.pos_ == "NOUN":
        return True  # "the attack sites", "protest leaders": a modifier naming a kind of thing, no act told
    verb = tok.head if tok.pos_ == "NOUN" and tok.dep_ == "dobj" else tok  # "are holding talks"
    if verb.tag_ == "VBG" and any(s.cls == "political" for s in lex.specs(tok)) and any(
            c.dep_ == "aux" and c.lower_ in ("is", "are", "was", "were", "am") for c in verb.children):
        return True  # "crowds were demanding a new government", "are holding talks": a state of affairs, no one act
    if tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in tok.children) and \
            _country_objects_only(tok) and not any(t.ent_type_ in ("DATE", "TIME") for t in tok.sent):
        return True  # "its proxies have attacked Israel": an undated record against a whole country
    if _adjunct_of_a_state(tok):
        return True  # "Iraqis have been critical of Iran during protests, burning its flag": a description
    if _generic_appeal(tok, f["generic_appeals"]):
        return True
    if _under_view(tok, lex):
        return True
    if _labelled(tok, f["label_verbs"]):
        return True  # "called his arrest a first step towards justice for the massacre": a name, not an act
    if _present_perception(tok, f["perception_verbs"], f["generic_subjects"]):
        return True  # "that is why you are seeing an uprising": a trend told through someone's eyes
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "of" and \
            tok.head.head.lemma_.lower() in f["characterisation_heads"]:
        return True  # "sentiments have been a staple of the protests": characterises many, tells none
    if _under_quantity_change(tok, f["quantity_change_heads"]):
        return True  # "a spike in operations changing from smuggling to armed clashes": counted, not told
    if tok.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "had" for c in tok.children) and any(
            c.dep_ == "dobj" and (c.tag_ in ("WDT", "WP") or c.lower_ in ("that", "which", "whom"))
            for c in tok.children) and not any(
            t.ent_type_ in ("DATE", "TIME") for t in tok.subtree):
        return True  # "reopened highways that demonstrators had blocked": describes the thing, no dated act
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and \
            tok.head.lemma_.lower() in f["unrealised_subject_heads"] and tok.head.tag_ != "VBD":
        return True  # "protests are planned for Friday", "talks are expected next week": not yet
    if _vague_toll(tok, lex):
        return True  # "blamed for the killing of hundreds of protesters in 2019": a toll over many incidents
    if _charged_practice(tok, lex):
        return True  # "has been accused of kidnapping activists": a charge about a practice, no one act
    if tok.pos_ == "VERB" and _undated_perfect_charge(tok) and any(c.dep_ == "auxpass" for c in tok.children) \
            and not any(c.dep_ == "agent" for c in tok.children):
        return True  # "has been accused of ...": nobody accuses on a day; a standing charge
    if _in_infinitive(tok) and not _by_means(tok, f["means_verbs"]):
        return True  # "to create a front of missile launches", "gathered to protest": a purpose
    if tok.tag_ == "NNS" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in load_words().copular and not any(
            c.dep_ in ("det", "poss") for c in tok.children):
        return True  # "protests have become a summer ritual": a description of many, not one event
    if tok.pos_ == "VERB" and tok.lemma_.lower() in ("protest", "demonstrate") and any(
            c.dep_ == "dobj" for c in tok.children):
        return True  # "protested the massacre": objected to it, no demonstration
        if tok.pos_ == "NOUN" and c.lemma_.lower() in f["future_modifiers"] and c.dep_ in ("amod", "acl", "compound"):
            return True
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in f["deliberation_heads"]:
        return True  # "U.S. weighs strikes on militias", "mulls sanctions": the act is only under discussion
    if tok.pos_ == "NOUN" and _aggregate(tok, lex) and not _sustained(tok, f):
        return True
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "of") and \
            tok.head.head.lemma_.lower() in f["aggregate_heads"] - {"number"} and not _sustained(tok, f):
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
            if link in ("xcomp", "prep", "dobj") and any(c.dep_ == "aux" and c.lower_ in f["modals"]
                                                         for c in cur.children):
                return True  # "plans that would attack", "would boycott the sessions in protest": not yet
        if link not in ("xcomp", "ccomp", "pobj", "prep", "pcomp", "dobj", "conj"):
            break
    return False


def _country_objects_only(tok: Token) -> bool:
    """The act's objects are whole countries ("have attacked Israel", "has fought the
    United States"), not a site, a person or a group."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    objs += [g for o in list(objs) for g in o.children if g.dep_ == "conj"]
    return bool(objs) and all(o.ent_type_ == "GPE" for o in objs)


def _adjunct_of_a_state(tok: Token) -> bool:
    """The trigger only elaborates a state told by a copula and an adjective ("have
    been openly critical of Iran during protests, burning its flag and attacking
    offices"): participles and time phrases hanging on "be + adjective" say how
    people are, not that one act happened."""
    cur = tok
    if tok.pos_ == "NOUN":
        if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
            return False
        cur = tok.head.head
    elif tok.tag_ != "VBG":
        return False
    for _ in range(5):
        if cur.lemma_.lower() == "be" and any(c.dep_ == "acomp" for c in cur.children):
            return cur.dep_ == "ROOT"  # under "ruled that the law was void, ordering ...", the act is the ruling
        if cur.dep_ not in ("advcl", "conj") or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _generic_appeal(tok: Token, appeals: frozenset[str]) -> bool:
    """A call whose only object is a formula ("called for calm", "urged restraint
    and dialogue")."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    objs += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "to") for g in c.children
             if g.dep_ == "pobj"]
    objs += [g for o in list(objs) for g in o.children if g.dep_ == "conj"]
    return bool(objs) and all(o.lemma_.lower() in appeals for o in objs)


def _in_backdrop(tok: Token, preps: frozenset[str]) -> bool:
    """The noun (or the noun phrase it completes, "the chaos of protests") is the
    object of a backdrop preposition ("amid", "despite", "since")."""
    cur = tok
    for _ in range(3):
        if cur.dep_ != "pobj":
            return False
        if cur.head.lower_ in preps:
            return True
        if cur.head.lower_ != "of" or cur.head.head.pos_ not in ("NOUN", "PROPN"):
            return False
        cur = cur.head.head
    return False


def _under_view(tok: Token, lex: Lexicon) -> bool:
    """The trigger's clause is someone's view, not a report of an act: it hangs
    (through complement clauses) on a verb of belief ("analysts believe Iran armed
    the group") or on what a commentator says ("experts say the militias have
    been recruiting")."""
    beliefs = lex.filters["belief_verbs"]
    cur = tok
    for _ in range(4):
        if cur.head.i == cur.i:
            return False
        link, cur = cur.dep_, cur.head
        if link not in ("ccomp", "xcomp", "conj", "advcl", "dobj", "pobj", "prep", "pcomp", "oprd", "relcl",
                        "nsubj", "nsubjpass"):
            return False  # "analysts said the clashes were the worst in years": the act as the subject judged
        if cur.pos_ not in ("VERB", "AUX"):
            continue
        if link in ("ccomp", "xcomp", "oprd") and cur.lemma_.lower() in beliefs:
            return True
        if cur.lemma_.lower() in lex.reporting and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in lex.commentators for c in cur.children):
            return True
    return False


def _labelled(tok: Token, verbs: frozenset[str]) -> bool:
    """The trigger is inside the name a labelling verb gives ("called his arrest an
    important step towards justice for the massacre", "described the raid as a
    massacre"): the speaker names something; no act is told by the name."""
    for child, head in _ancestors(tok, 6):
        if head.pos_ == "VERB" and head.lemma_.lower() in verbs:
            return child.dep_ == "oprd" or (child.dep_ == "prep" and child.lower_ == "as")
    return False


def _present_perception(tok: Token, verbs: frozenset[str], generic: frozenset[str]) -> bool:
    """The trigger is what someone sees or witnesses in the present tense, with a
    generic subject ("you are seeing an uprising") or a clause as object ("parties are
    seeing their offices burned"): a trend.  A perfect or past ("has seen clashes")
    reports what happened, and "Lebanon is witnessing protests" tells one that goes on."""
    for child, head in _ancestors(tok, 4):
        if child.dep_ not in ("dobj", "ccomp", "xcomp", "oprd", "conj"):
            return False
        if head.pos_ != "VERB" or head.lemma_.lower() not in verbs:
            continue
        present = head.tag_ in ("VBZ", "VBP") or (head.tag_ == "VBG" and any(
            c.dep_ == "aux" and c.lower_ in ("is", "are", "am", "'re", "'s") for c in head.children))
        subj = [c.lower_ for c in head.children if c.dep_ == "nsubj"]
        return present and (child.dep_ in ("ccomp", "xcomp", "oprd") or bool(set(subj) & generic))
    return False


def _under_quantity_change(tok: Token, heads: frozenset[str]) -> bool:
    """The trigger is inside the "in/of" phrase of a noun of change in quantity ("a spike
    in operations that are changing to armed clashes", "a surge in attacks")."""
    for child, head in _ancestors(tok, 14):
        if head.pos_ == "NOUN" and head.lemma_.lower() in heads and child.dep_ == "prep" and \
                child.lower_ in ("in", "of"):
            return True
    return False


def _dated_entry(sent: Span) -> bool:
    """A timeline or log entry that opens with its date ("Dec. 25, 2023 - A drone
    attack ... wounds three"): its present tense is historical, the act happened."""
    return any(t.ent_type_ == "DATE" for t in sent[:6]) and bool(re.search(r"\b(19|20)\d\d\b", sent.text[:40]))


def _in_infinitive(tok: Token) -> bool:
    """The trigger is (or hangs on) a to-infinitive of purpose or intent."""
    cur = tok
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX"):
            # "to negotiate with the government and curb the protests": a verb joined to a
            # to-infinitive shares its "to"
            inf = cur.head if cur.dep_ == "conj" and cur.head.pos_ in ("VERB", "AUX") else cur
            if inf.dep_ == "xcomp" and inf.tag_ == "VB" and not any(c.tag_ == "TO" for c in inf.children):
                inf = inf.head  # "are there to help fight IS", "to help push out the premier": a bare infinitive
            if any(c.dep_ == "aux" and c.tag_ == "TO" for c in inf.children) and inf.dep_ in (
                    "xcomp", "advcl", "acl", "relcl", "ccomp"):
                return True
            return False
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _by_means(tok: Token, verbs: frozenset[str]) -> bool:
    """"Security forces used tear gas to disperse protesters": the infinitive completes a
    past verb of means, so the act it names was done, not only intended."""
    head = tok.head if tok.pos_ == "NOUN" else tok
    return head.tag_ == "VB" and head.dep_ in ("xcomp", "advcl") and head.head.tag_ == "VBD" and \
        head.head.lemma_.lower() in verbs


def _vague_toll(tok: Token, lex: Lexicon) -> bool:
    """A violence noun whose victims are counted vaguely ("the killing of hundreds of
    protesters"), in a sentence with no place and no date finer than a year: a toll over
    many incidents, not one event."""
    if tok.pos_ != "NOUN" or not any(s.cls == "violence" for s in lex.specs(tok)):
        return False
    victims = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj"]
    if not victims or not any(_vague_many(v, lex) for v in victims):
        return False
    sent = tok.sent
    if any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in sent):
        return False
    return not any(t.ent_type_ in ("DATE", "TIME") and not re.fullmatch(r"(19|20)\d\d", t.text) for t in sent)


def _charged_practice(tok: Token, lex: Lexicon) -> bool:
    """"Kataib Hezbollah has been accused of kidnapping activists and journalists": a
    gerund under a perfect accuse/blame with no date in the sentence and a bare plural
    object charges a practice, not one act."""
    if tok.tag_ != "VBG" or tok.dep_ != "pcomp" or tok.head.lower_ not in ("of", "for"):
        return False
    verb = tok.head.head
    if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ == "dobj":
        verb = verb.head  # "has accused [the militia of kidnapping]"
    if not _undated_perfect_charge(verb):
        return False
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    return bool(objs) and all(o.tag_ == "NNS" and not any(g.dep_ in ("det", "poss", "nummod") for g in o.children)
                              for o in objs)


def _undated_perfect_charge(verb: Token) -> bool:
    """"X has been accused of ...", "militias have been blamed for ...": a perfect
    accusation with no date in its sentence is a standing charge, not a dated act."""
    return verb.lemma_.lower() in load_words().attribution_heads and any(
        c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children) and not any(
        t.ent_type_ in ("DATE", "TIME") for t in verb.sent)


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
            tok.head.head.lemma_.lower() in load_words().attribution_heads:
        return False  # "X was blamed for the attack": names who did it; merged with the attack told before
    for c in tok.children:
        if c.dep_ in ("prep", "acl", "relcl", "amod", "compound", "nummod", "appos"):
            for t in c.subtree:
                if t.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "ORG", "NORP", "PERSON", "TIME"):
                    return False
                if c.dep_ == "prep" and t.lemma_.lower() in lex.cues["target"] | lex.cues["protest_people"]:
                    return False
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        # "the attack launched on 3 November", "the protests began on October 17"; not what another
        # clause names ("the attack came days after Israel killed an official in Beirut")
        other = {t.i for c in tok.head.children if c.dep_ in ("advcl", "ccomp", "conj", "parataxis")
                 for t in c.subtree}
        if any(t.ent_type_ in ("DATE", "GPE", "LOC", "FAC", "TIME") for t in tok.head.subtree
               if t not in tok.subtree and t.i not in other):
            return False
    return True


def _sustained(tok: Token, f: dict[str, frozenset[str]]) -> bool:
    """"Weeks of sit-ins near parliament": a protest that lasts by its nature, counted
    in time, is one sustained event; "weeks of protests" stays many."""
    words = {tok.lemma_.lower(), *hyphen_forms(tok)}
    return bool(words & f["sustained_protests"]) and tok.dep_ == "pobj" and tok.head.lower_ == "of" and \
        tok.head.head.lower_ in f["duration_heads"]


def _specific_plural(tok: Token, lex: Lexicon) -> bool:
    """Plural violence nouns state one event only with a specific target or place
    ("attacks on oil facilities", "clashes in Sadr City", "clashes between X and Y")."""
    if tok.lemma_.lower() in ("clash", "hostility"):
        return True
    if tok.lemma_.lower() in lex.filters["campaign_nouns"]:
        around = list(tok.children) + (list(tok.head.children) if tok.dep_ == "dobj" else [])
        if any(c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by") for c in around):
            return True  # "received threats from Asaib": one campaign with its source
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
        if c.dep_ == "nummod" and number_value(c, lex) not in (None, 1):
            return True
        if c.dep_ in ("amod", "quantmod") and c.lemma_.lower() in f["aggregate_modifiers"]:
            return True
    if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "in") and tok.head.head.lemma_.lower() in f["aggregate_heads"]:
        return True
    return False
