"""Dependency-tree helpers shared by event detection and argument extraction.

Who does what to whom, where: these functions read the spaCy parse of one
sentence (a trigger's arguments, its agent and targets, whether a place is
named as a location, a dateline, quotations) and know nothing of the actor
registry or the gazetteer, so every rule module can use them without cycles.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from geo.lexicon import Lexicon, load_lexicon, load_words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

log = logging.getLogger(__name__)


# ------------------------------------------------------ places and quotations

def is_locative(ent: Span) -> bool:
    """A place named as where something is or happens ("in Basra", "Basra's governor"
    is not), not an adjective inside a compound ("Iran-backed")."""
    if in_hyphen_compound(ent):
        return False
    root = ent.root
    while root.dep_ in ("compound", "conj", "appos") and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in load_words().place_heads:
        return True  # "the town of Kut"
    return root.dep_ == "pobj" and root.head.lower_ in load_words().locative_preps | {"to", "from"}


_QUOTES = {"“": "”", '"': '"', "‘": "’"}


def quoted_tokens(sent: Span) -> set[int]:
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


def is_modifier_only(ent: Span) -> bool:
    """A country name used as a modifier of a thing ("a U.S. air strike", "Iran's
    parliament"), not as a place; "Iraq's Saladin province" stays a place."""
    root = ent.root
    head = root.head
    return root.dep_ in ("compound", "amod", "nmod", "poss") and head.pos_ == "NOUN" and head.i not in range(
        ent.start, ent.end) and head.lemma_.lower() not in load_words().place_heads


def in_hyphen_compound(ent: Span) -> bool:
    """Whether the name is glued by a hyphen to another word ("Iran-backed"):
    then it is part of an adjective, neither a place nor an actor."""
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    before = doc[ent.start - 1] if ent.start > 0 else None
    return (after is not None and after.text in ("-", "–") and not ent[-1].whitespace_) or \
        (before is not None and before.text in ("-", "–") and not before.whitespace_)


# ------------------------------------------------- arguments, agents, targets

def argument_tokens(tok: Token) -> list[Token]:
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


def lemma_forms(tokens: Iterable[Token]) -> set[str]:
    """Lemmas and lower-cased forms; a plural the tagger left unlemmatised
    (a capitalised "Rockets" read as a name) also gives its singular."""
    tokens = list(tokens)
    out = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    return out | {w[:-1] for w in out if len(w) > 3 and w.endswith("s")}


_DATELINE_PREFIX = re.compile(
    r"^\s*[A-Z][\w'.\-]+(?: [A-Z][\w'.\-]+){0,3}(?:,[\w .,]{1,32}?)?\s*(?:\([^)]{2,30}\))?\s*[-\u2013\u2014]\s")


def dateline_tokens(sent: Span) -> set[int]:
    """The dateline at the head of a report ("DUBAI, Jan 17 (Reuters) -", "Baghdad,
    Iraq -"): the reporter's place, not the event's."""
    if sent.start != 0:
        return set()
    m = _DATELINE_PREFIX.match(sent.text)
    if not m:
        return set()
    end = sent.start_char + m.end()
    return {t.i for t in sent if t.idx < end}


def target_tokens(tok: Token) -> list[Token]:
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


def side_objects(tok: Token) -> list[Token]:
    """Objects of verbs that continue the act ("stormed the camp, beating demonstrators")."""
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("advcl", "conj") and c.pos_ == "VERB":
            out.extend(t for g in c.children if g.dep_ == "dobj" for t in g.subtree)
    return out


def agent_tokens(tok: Token) -> list[Token]:
    """Who does it: the subject of an active trigger, "by X" of a passive or nominal
    one, the possessor or nationality of a nominal one ("Hamas's assault",
    "Jordanian raids"), the subject of a light verb ("launched raids")."""
    out: list[Token] = []
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or tok.dep_ == "acl"
    for c in tok.children:
        if c.dep_ == "nsubj" and not passive:
            out.extend(bare_phrase(c))
        elif c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            out.extend(t for g in c.children for t in bare_phrase(g))
        elif tok.pos_ == "NOUN" and c.dep_ in ("poss", "compound", "amod") and c.ent_type_ in ("NORP", "GPE", "ORG"):
            out.extend(c.subtree)
            out.append(tok)  # "an Israeli strike": the nationality and the act it qualifies
    if out:
        dateline = dateline_tokens(tok.sent)
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


def bare_phrase(head: Token) -> list[Token]:
    """A noun phrase without its locative modifiers ("a bomb in Iraq's Saladin
    province" is a bomb, not Iraq)."""
    skip: set[int] = set()
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in load_words().locative_preps | {"from", "to"}:
            skip.update(t.i for t in c.subtree)
    return [t for t in head.subtree if t.i not in skip]


def is_name_like(ent: Span) -> bool:
    """Capitalised like a place name ("Maysan", "al-Qaim"), not a common phrase."""
    def ok(word: str) -> bool:
        return word[:1].isupper() or word.lower().startswith(load_words().name_articles)

    return ok(ent[0].text) and ok(ent[-1].text)


def near_in_tree(attach: Token, trig: Token) -> bool:
    """The preposition attaches to the trigger, to the verb whose argument a
    nominal trigger is ("launched an attack on ... in Basra"), to that verb's
    arguments ("gunmen in Basra attacked"), or to a verb the trigger continues
    ("opened fire ..., killing"); not to a clause the trigger is only mentioned in
    ("relations between Iran and Saudi Arabia deteriorated after the attack")."""
    if attach.i == trig.i or attach in trig.subtree:
        return True
    frame = trig
    if trig.pos_ in ("NOUN", "PROPN"):
        if trig.dep_ == "conj" and attach.i == trig.head.i and own_place_names(trig, attach):
            return False  # "a crackdown in Basra and an attack on a sit-in in Nasiriyah": the first act's place
        if trig.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and trig.head.pos_ in ("VERB", "AUX"):
            frame = trig.head
            if attach.head.i == frame.i and attach.dep_ == trig.dep_ and attach.i != trig.i:
                return False  # "a crackdown in Iraq and an attack ... in Beirut": a co-subject's own place
            return attach.i == frame.i or attach in frame.children or trig in attach.subtree
        return trig in attach.subtree
    for _ in range(3):
        if attach.i == frame.i or (frame.pos_ in ("VERB", "AUX") and attach in frame.children):
            return True
        if frame.dep_ in ("xcomp", "advcl", "conj", "ccomp") and frame.head.i != frame.i and not _sequel_clause(frame):
            frame = frame.head
        else:
            break
    return trig in attach.subtree


def _sequel_clause(verb: Token) -> bool:
    """An after/before clause with a subject of its own ("the attack came after forces
    drove the Houthis out of Shabwa"): another act, whose places are not the main
    clause's."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("after", "before") for c in verb.children) \
        and any(c.dep_ == "nsubj" and c.pos_ != "PRON" for c in verb.children)


def clause_tokens(trig: Token) -> list[Token]:
    """Tokens of the clause the trigger belongs to (its nearest verb's subtree):
    the scope in which a date counts as the act's own."""
    head = trig
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return list(head.subtree)


def participant_subject(tok: Token) -> list[Token]:
    """Who takes part in a nominal act named in a prepositional phrase of an
    ordinary verb: "the Framework emerged victorious in the elections", "its allies
    came first in the vote", "officials took part in the talks".  The verb says how
    its subject fared in the act, so the subject is the act's agent.

    Only for the prepositions of participation (``cues.participation_preps``) and an
    active verb whose subject is not a commentator: "turnout in the elections was
    low" has no verb above the phrase, "analysts see the elections as a test" holds
    the act as an object, not in a phrase."""
    lex = load_lexicon()
    prep = tok.head
    if tok.pos_ != "NOUN" or tok.dep_ != "pobj" or prep.lower_ not in lex.cues["participation_preps"]:
        return []
    verb = prep.head
    if verb.pos_ != "VERB" or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return []
    subj = [t for c in verb.children if c.dep_ == "nsubj" for t in bare_phrase(c)]
    if any(t.lemma_.lower() in lex.commentators for t in subj):
        return []
    return subj


def speaking_of_itself(tok: Token) -> list[Token]:
    """The named subject of the reporting verb a pronoun-led act is told under:
    "Hezbollah said it launched drones at ...", "the army said they shelled ...": a
    group reporting its own act (the pronoun is the reporter)."""
    clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in load_lexicon().reporting:
        return []
    subj = [c for c in clause.head.children if c.dep_ == "nsubj"]
    if not subj or subj[0].pos_ == "PRON":
        return []
    return bare_phrase(subj[0])


def names_ground(place: Token) -> bool:
    """The phrase is a piece of land (a named place or a place noun: "the disputed
    region of X", "disputed Kirkuk"), not "the disputed election results"."""
    return place.ent_type_ in ("GPE", "LOC", "FAC") or place.lemma_.lower() in load_words().place_heads


# ------------------------------------------------------------ clauses and acts

def depth(tok: Token) -> int:
    """Distance to the root: the main clause's act is stated, a subordinate one is background."""
    n = 0
    while tok.head.i != tok.i and n < 20:
        tok, n = tok.head, n + 1
    return n


def linked(a: Token, b: Token) -> bool:
    """Whether two triggers belong to one act (one governs the other, or they share a
    head), unless each sits in a clause of its own with its own subject, joined as
    coordinate or relative clauses ("a strike near A killed three, and Hezbollah
    responded by firing rockets at B"; "the court ratified the results after rejecting a
    lawsuit by the alliance, whose supporters had staged sit-ins"): two acts."""
    if own_clauses(a, b) or own_places_apart(a, b):
        return False
    return a in b.subtree or b in a.subtree or a.head.i == b.head.i


def own_places_apart(a: Token, b: Token) -> bool:
    """Two triggers, at least one nominal, each with a place of its own, and the places
    differ ("a crackdown in Iraq and an attack on the protest camp in Beirut"; "met
    Nasrallah in Beirut on Friday, after talks in Baghdad on Thursday"): two acts at
    two places, not one act named twice."""
    if a.pos_ != "NOUN" and b.pos_ != "NOUN":
        return False
    noun = b if a.pos_ != "NOUN" else a if b.pos_ != "NOUN" else None
    if noun is not None and not any(t.ent_type_ == "DATE" for t in noun.subtree):
        return False  # beside a verb, a named act needs its own day: "in response to the group's attacks in X"
    pa, pb = own_place_names(a, b), own_place_names(b, a)
    return bool(pa) and bool(pb) and not pa & pb


def own_place_names(tok: Token, other: Token) -> set[str]:
    """Names of places (GPE, LOC, FAC) in the trigger's own prepositional phrases,
    leaving out whatever lies in the other trigger's phrase (a conjunct hangs below
    the first trigger)."""
    skip = {t.i for t in other.subtree} if other in tok.subtree else set()
    return {t.text for c in tok.children if c.dep_ == "prep" and c.lower_ in load_words().locative_preps | {"on"}
            for t in c.subtree if t.ent_type_ in ("GPE", "LOC", "FAC") and t.i not in skip}


def clause_of(tok: Token) -> Token:
    """The verb heading the trigger's clause: the nearest verb (itself included) with a
    subject of its own, else the root."""
    cur = tok
    for _ in range(10):
        if cur.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children):
            return cur
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def own_clauses(a: Token, b: Token) -> bool:
    """The two triggers sit in different clauses, one of which is a past coordinate,
    relative or after/before clause with an agent of its own (an active subject that is
    not a pronoun) hanging on the other's clause, or both hang so on one clause ("after
    a barrage killed X, US jets bombed Y, and supporters stormed Z").  A passive of harm
    ("..., and 125 people were injured") tells the result of the same act, and
    "protesters who had blocked roads" describes its target."""
    ca, cb = clause_of(a), clause_of(b)
    if ca.i == cb.i:
        return False
    pa, pb = own_parent(ca), own_parent(cb)
    return (pa is not None and pa.i == cb.i) or (pb is not None and pb.i == ca.i) or \
        (pa is not None and pb is not None and pa.i == pb.i)


def own_parent(clause: Token) -> Token | None:
    """The clause this one hangs on when it tells an act of its own (see :func:`own_clauses`)."""
    y = clause
    if y.head.i == y.i or y.tag_ not in ("VBD", "VBN") or not any(
            c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT", "PRP") and c.lower_ != "that" for c in y.children):
        return None
    parent = clause_of(y.head)
    if y.dep_ in ("conj", "relcl") or (y.dep_ == "advcl" and sequel(parent, y)):
        return parent
    return None


def sequel(main: Token, sub: Token) -> bool:
    """"After a barrage killed a contractor, US jets bombed ...", "the attack came after
    forces drove the Houthis out": an after/before clause with its own agent tells an
    earlier or later act.  Not when the main clause tells a result ("two soldiers were
    killed after gunmen attacked", "three people died after a bomb exploded")."""
    if not any(c.dep_ == "mark" and c.lower_ in ("after", "before") for c in sub.children):
        return False
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in main.children)
    harm = main.lemma_.lower() in load_lexicon().death_verbs | {"wound", "injure"}
    return not passive and not harm


def completed_head(tok: Token, completion: frozenset[str]) -> Token:
    """The verb a complement hangs on when that verb says the act was done:
    "managed to form" and "succeeded in forming" tell that the forming happened, so
    the act's frame (its object, a relative clause it sits in) is that verb's.
    "tried to form", "hopes to form" are not climbed (their complement is filtered
    as a plan)."""
    cur = tok
    for _ in range(3):
        head = cur.head
        if cur.dep_ == "pcomp" and head.pos_ == "ADP" and head.lower_ == "in":
            head = head.head  # "succeeded in forming"
        elif cur.dep_ != "xcomp":
            break
        if head.i == cur.i or head.lemma_.lower() not in completion:
            break
        cur = head
    return cur


def announced_head(tok: Token, announcing: frozenset[str]) -> Token | None:
    """The verb announcing a political act of the announcer's own in a future clause:
    "the prime minister announced that he would submit his resignation", "Tehran
    declared it will expel the ambassador".  An official's announcement of what he will
    do is itself the act (GUIDELINES: acts "planned in concrete terms"), so it is
    judged by the announcing clause; a plan told by someone else ("analysts said he
    would resign") is not climbed."""
    verb = tok.head if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass") else tok
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in announcing:
        return None
    if not any(c.dep_ == "aux" and c.lower_ in ("would", "will", "'ll") for c in verb.children):
        return None
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    head_subj = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if not subj or not head_subj or not (subj[0].pos_ == "PRON" or subj[0].lower_ == head_subj[0].lower_):
        return None  # someone else's act
    return verb.head


def after_comma(tok: Token) -> bool:
    """The phrase starts right after a comma: an apposition ("outside the headquarters
    of the PMF, the state umbrella of ..."), not the object the parser made it."""
    start = tok.left_edge.i
    return start > 0 and tok.doc[start - 1].text == ","


def in_force(tok: Token, agreements: frozenset[str]) -> bool:
    """"The truce took effect", "a ceasefire came into force": an agreement or measure
    (``agreements``: data/triggers.yaml cues.agreements) as subject, and "effect" or
    "force" as object or after "into"."""
    ends = {c.lemma_.lower() for c in tok.children if c.dep_ == "dobj"} | {
        g.lemma_.lower() for c in tok.children if c.dep_ == "prep" and c.lower_ in ("into", "in")
        for g in c.children if g.dep_ == "pobj"}
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj and subj[0].tag_ in ("WDT", "WP") and (noun := relative_antecedent(tok)) is not None:
        subj = [noun]  # "the truce that took effect"
    return bool(ends & {"effect", "force"}) and any(s.lemma_.lower() in agreements for s in subj)


def subject_of_unreal_clause(tok: Token, heads: frozenset[str]) -> bool:
    """A nominal act that is the subject of a clause denied, feared or planned: "the
    army denied that any attack had taken place", "officials fear an attack may
    follow".  The act is asserted no more than its clause is."""
    clause = tok.head
    return tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and clause.dep_ == "ccomp" and \
        clause.head.lemma_.lower() in heads


def relative_antecedent(tok: Token) -> Token | None:
    """The noun a relative clause describes, when the trigger heads that clause or a
    completed complement of it ("the coalition that Sadr formed", "the coalition that
    Sadr has managed to form"): the relative pronoun stands for it."""
    if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    return None


def border_is_the_point(border: Token, trig: Token) -> bool:
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
        if prep.i > 1 and prep.nbor(-1).text == "," and prep.nbor(-2).ent_type_ in ("GPE", "LOC", "FAC"):
            return False  # "near al-Qaim, on the Syrian border,": set off after a place, it locates that place
        if prep.lower_ in ("at", "on") and prep.head.dep_ == "nsubj" and prep.head.head.i in frame:
            return True  # "customs officers at the border crossing seized ...": who acts is at the border
        if prep.lower_ in ("across", "over", "at", "on", "along", "near", "through", "from", "into") and (
                prep.head.i in frame or (prep.head.head.i in frame and prep.head.dep_ in ("dobj", "advmod"))):
            return True  # "clashed on the border", "were hit across the border", "took them across the border"
    return trig.i == border.i or (trig.pos_ == "NOUN" and border in trig.subtree and border.head.i == trig.i)


# -------------------------------------------------------------------- numbers

_NUM = re.compile(r"^\d{1,3}(,\d{3})*$|^\d+$")


def number_value(tok: Token, lex: Lexicon) -> int | None:
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


# ------------------------------------------------------------ lists of places

def first_conjunct(t: Token) -> Token:
    """The first of a list the token is in ("at al-Qaim and Akashat" -> al-Qaim)."""
    for _ in range(6):
        if t.dep_ != "conj" or t.head.i == t.i:
            break
        t = t.head
    return t


def conjoined_prep_head(prep: Token) -> Token:
    """What a preposition hangs on; for one conjoined to another ("sites at al-Qaim
    in Iraq, and at Deir ez-Zor in Syria", parsed with the second "at" as a conjunct
    of the verb or of the first "at"), the word the first one hangs on."""
    cur = prep
    for _ in range(4):
        if cur.dep_ != "conj" or cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.pos_ != "ADP":
            return cur  # "strike ..., and at Deir ez-Zor": the verb itself
    return cur.head if cur.pos_ == "ADP" else prep.head


RANGE_PREPS = ("from", "to", "up")
"""Prepositions that end a range of places ("from A to B", "up to C")."""


def range_anchor(prep: Token) -> Token | None:
    """The word a range of places hangs on, when ``prep`` is one of its ends.

    A range names where an act spread ("protests from Tripoli in the north to Tyre
    in the south", "from Beirut to Sidon and Tyre up to Tripoli"), so every town in
    it is a place of the act.  The parser hangs the later ends either on the verb
    or on "from" itself; "up to" is one more end.  A journey ("traveled from France
    to Iraq") is not a range: it names where someone came from and went."""
    if prep.lower_ not in RANGE_PREPS:
        return None
    start = prep
    for _ in range(3):  # climb "to" -> "up" -> "from"
        if start.lower_ == "from" or start.head.i == start.i or start.head.lower_ not in RANGE_PREPS:
            break
        start = start.head
    anchor = start.head
    if anchor.lemma_.lower() in load_words().journey_verbs:
        return None
    ends = {c.lower_ for c in anchor.children if c.dep_ == "prep"} | \
        {c.lower_ for c in start.children if c.dep_ == "prep"} | {start.lower_}
    if "from" in ends and ("to" in ends or "up" in ends):
        return anchor
    return None


def measured_from(prep: Token) -> bool:
    """A distance measured from a place ("70 km from the border", "landed 5 miles
    from Erbil"): the word before "from" is a counted noun that is not people."""
    if prep.i == 0:
        return False
    before = prep.doc[prep.i - 1]
    if before.pos_ not in ("NOUN", "PROPN") or is_people(before):
        return False
    return before.dep_ == "npadvmod" or any(c.dep_ in ("nummod", "quantmod") for c in before.children)


def is_people(tok: Token) -> bool:
    """A noun phrase of people ("an activist", "dozens", "pilgrims", "two", "those"):
    "from X" after it says where they come from."""
    words = load_words()
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX", "ADP"):
        return False
    return tok.ent_type_ in ("PERSON", "NORP") or tok.like_num or lemma in words.people_nouns or \
        tok.lower_ in words.people_nouns or lemma in words.person_heads or lemma in words.vague_heads
