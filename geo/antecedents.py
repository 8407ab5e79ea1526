"""Who a pronoun or "the group" stands for, as a reader of a news report resolves it.

Wire reports name an actor once and then say "he", "it", "the group" or "its
fighters"; an analyst reading the actors column needs the name.  The rules keep
the subject the narrative is about (the subject of a sentence before, in this
paragraph or the one before it), the speaker of reported speech ("the ministry
said it had summoned ..."), else the nearest registry actor of the right kind
(a person for he/she, an organisation for it/they).  Used by
:func:`geo.participants.actor_names`.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from geo.actor_text import chunk_text, clean_name
from geo.agents import actor_for_entity_id, registry_name
from geo.lexicon import load_lexicon, load_words
from geo.syntax import agent_tokens, is_name_like

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token


def antecedent(trig: Token) -> str | None:
    """Who "he", "they" or "the group" is: the subject of a sentence before in the
    paragraph (a reader keeps the topic of the narrative), else the nearest
    registry actor named before (a person for he/she, an organisation for the group/it)."""
    agents = agent_tokens(trig)
    if not agents and trig.dep_ == "dobj" and trig.pos_ == "NOUN":
        agents = agent_tokens(trig.head)  # "its fighters opened fire": the doer of the verb the act is named by
    heads = [t for t in agents if t.head.i not in {a.i for a in agents} or t.head.i == t.i]
    if len(heads) != 1:
        return None
    want_person = _pronoun_kind(heads[0])
    if want_person is None:
        return None
    if heads[0].pos_ == "PRON" or any(c.dep_ == "poss" for c in heads[0].children):
        reported, name = _reporting_subject(trig, want_person)
        if reported:
            return name  # "the ministry said it ...": never someone from an earlier sentence
    # "the group fired drones, U.S. Central Command said": a speaker calls itself "it" or "we", never "the group"
    return _subject_before(trig.sent, want_person) or _nearest_registry(trig.doc[:agents[0].i], want_person)


def _reporting_subject(trig: Token, want_person: bool) -> tuple[bool, str | None]:
    """Who "it" or "he" is in reported speech: the subject of the verb that reports
    the act ("the ministry said it had summoned ...", "Sadr said he had ordered ...").
    (whether the act is reported by a named subject, that subject's name)."""
    cur = trig
    for _ in range(6):
        if cur.dep_ == "ccomp" and cur.head.i != cur.i:
            heads = [c for c in cur.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
            if not heads:
                return False, None
            subj = list(heads[0].subtree)
            name = _named_in(subj, want_person)
            if name is None and not want_person and heads[0].pos_ in ("NOUN", "PROPN"):
                name = clean_name(chunk_text(heads[0])) or None  # "the Iraqi foreign ministry said it ..."
            if name is None and want_person and not _may_be_person(heads[0]):
                return False, None  # "he met X, the ministry said": he is someone named before
            return True, name
        if cur.head.i == cur.i:
            return False, None
        cur = cur.head
    return False, None


def _may_be_person(head: Token) -> bool:
    """The head of a subject that can stand for "he" or "she": a person's name or a
    word for a person ("a spokesman", "an official"), not an institution or outlet."""
    words = load_words()
    return head.ent_type_ == "PERSON" or head.lemma_.lower() in (
        load_lexicon().title_words | words.person_heads | words.vague_heads | words.people_nouns) \
        and head.lemma_.lower() not in words.actor_heads - load_lexicon().title_words - words.person_heads


def object_antecedents(trig: Token, args: set[int]) -> list[str]:
    """Who "him", "her", a passive "he" or a relative "who" is when the act's
    target is a pronoun ("the strike that killed him", "he was abducted", "X, who
    was kidnapped in 2020, said ..."): see :func:`_target_of`."""
    out: list[str] = []
    for i in sorted(args):
        name = _target_of(trig.doc[i], trig)
        if name:
            out.append(name)
    return out


def _target_of(t: Token, trig: Token) -> str | None:
    """The named person a target pronoun stands for: the noun a relative "who"
    hangs on; the speaker of "X said he was detained"; the subject of this
    sentence's main clause when the act is told in a clause under it ("Her son
    Karim was 24 when he was killed"); else the subject of a sentence before."""
    if t.lower_ in ("who", "whom") and t.dep_ in ("nsubjpass", "dobj") and trig.dep_ == "relcl":
        noun = trig.head
        return _named_in([x for x in noun.subtree if x.i <= noun.i], True)
    if t.lower_ in ("its", "their") and t.dep_ == "poss" and _pronoun_kind(t.head) is False \
            and _target_phrase(t.head, trig):
        # "Hezbollah said one of its fighters was killed": the group lost a member
        reported, name = _reporting_subject(trig, False)
        return name if reported else _subject_before(trig.sent, False)
    passive_he = t.lower_ in ("he", "she") and t.dep_ == "nsubjpass"
    if not passive_he and not (t.lower_ in ("him", "her") and t.dep_ in ("dobj", "pobj", "nsubjpass")):
        return None
    if passive_he:
        reported, name = _reporting_subject(trig, True)
        if reported:  # "Ali Kareem said he was detained": the speaker himself, or no one named
            return name
    return _main_subject(t) or _subject_before(trig.sent, True)


def _target_phrase(noun: Token, trig: Token) -> bool:
    """The noun is what the act was done to: its passive subject or object,
    also through "one of" ("one of its fighters was killed")."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NUM", "PRON", "NOUN"):
        noun = noun.head.head
    return noun.head.i == trig.i and noun.dep_ in ("nsubjpass", "dobj")


def _main_subject(pronoun: Token) -> str | None:
    """The named person subject of the main clause that governs the pronoun's clause
    through an adverbial or relative clause ("X was 24 when he was killed", "X,
    who was abducted ..."), never through reported speech: "X said gunmen killed
    him" is about someone else."""
    cur, through = pronoun.head, False
    for _ in range(8):
        if cur.dep_ in ("ccomp", "parataxis", "conj") or cur.head.i == cur.i:
            break
        through = through or cur.dep_ in ("advcl", "relcl")
        cur = cur.head
    if not through or cur.head.i != cur.i or cur.lemma_.lower() in load_lexicon().reporting:
        return None
    subjects = [t for c in cur.children if c.dep_ == "nsubj" for t in c.subtree]
    if pronoun.i in {t.i for t in subjects}:
        return None
    return _named_in(subjects, True)


def _pronoun_kind(head: Token) -> bool | None:
    """True for a person pronoun, False for a group ("it", "they", "the group"), None otherwise."""
    if head.lower_ in ("he", "she"):
        return True
    if head.lower_ in ("it", "they") or (head.lemma_.lower() in load_words().group_nouns and any(
            c.lower_ == "the" for c in head.children if c.dep_ == "det")):
        return False
    owned = load_lexicon().cues["armed"] | load_words().state_instruments | {"member", "unit", "commander"}
    if head.lemma_.lower() in owned and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.children):
        return False  # "its fighters", "their gunmen", "its fighter jets": the group's or the state's
    return None


PREVIOUS_PARAGRAPH = "previous_paragraph"
"""``Doc.user_data`` key under which the caller may leave the parsed paragraph
before this one: wire reports put one sentence in each paragraph, so "he" and
"it" usually point into the paragraph before."""


def _sentences_before(sent: Span, n: int = 3) -> list[Span]:
    """Up to ``n`` sentences before this one: in its paragraph, then in the paragraph
    before it when the caller left it in ``Doc.user_data`` (one paragraph back only)."""
    out = [s for s in sent.doc.sents if s.end <= sent.start]
    prev = sent.doc.user_data.get(PREVIOUS_PARAGRAPH)
    if len(out) < n and prev is not None:
        out = list(prev.sents) + out
    return out[-n:]


def _subject_before(sent: Span, want_person: bool) -> str | None:
    """The named subject of the nearest sentence before (in the paragraph, or the one
    before it) that has one of the wanted kind (a PERSON for he/she; an organisation
    or a country for it/they)."""
    for s in reversed(_sentences_before(sent)):
        subjects = [t for v in _main_verbs(s.root) for c in v.children if c.dep_ in ("nsubj", "nsubjpass")
                    for t in c.subtree]
        name = _named_in(subjects, want_person)
        if name:
            return name
        if subjects and not all(_refers_back(t) for t in subjects if t.dep_ in ("nsubj", "nsubjpass")):
            return None  # the topic changed to someone unnamed ("The talks ended. It ..."): do not guess
    return None


def _refers_back(subject: Token) -> bool:
    """A subject that keeps the topic: a pronoun, or a noun a pronoun owns ("His
    death leaves ...", "Its fighters ...")."""
    return subject.pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children)


def _main_verbs(root: Token) -> list[Token]:
    """The sentence root and verbs coordinated with it."""
    return [root] + [c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]


def _named_in(tokens: Sequence[Token], want_person: bool) -> str | None:
    """The first registry actor or named entity of the wanted kind among these tokens."""
    for t in tokens:
        if t.ent_id_ and t.ent_iob_ == "B":
            actor = actor_for_entity_id(t.ent_id_)
            if actor is not None and (actor.kind == "person") == want_person and actor.kind != "protesters":
                return actor.name
    if want_person:
        named = _kin_name(tokens)
        if named:
            return named
    wanted = ("PERSON",) if want_person else ("ORG", "GPE")
    for t in tokens:
        if t.ent_iob_ == "B" and t.ent_type_ in wanted and not t.ent_id_:
            ent = next((e for e in t.doc.ents if e.start == t.i), None)
            if ent is not None and ent.root.dep_ in ("amod", "nmod", "compound", "poss") and ent.root.head in tokens:
                continue  # "the Kuwaiti foreign ministry": the owner, not the subject
            if ent is not None and is_name_like(ent):
                name = clean_name(registry_name(ent.text) or ent.text)
                if name:
                    return name
    return None


def _kin_name(tokens: Sequence[Token]) -> str | None:
    """The name in apposition to a noun a person owns ("her son Karim", "his
    brother Ahmed"): a person, whatever label the NER gave a rare given name."""
    for t in tokens:
        if t.pos_ == "PROPN" and t.dep_ == "appos" and t.head.pos_ == "NOUN" and any(
                c.dep_ == "poss" and c.lower_ in ("his", "her") for c in t.head.children):
            name = clean_name(t.doc[t.left_edge.i:t.i + 1].text)
            if name:
                return name
    return None


def _nearest_registry(tokens: Span, want_person: bool) -> str | None:
    """The nearest registry actor of the wanted kind among these tokens, from the end."""
    for t in reversed(list(tokens)):
        if not t.ent_id_ or t.ent_iob_ != "B":
            continue
        actor = actor_for_entity_id(t.ent_id_)
        if actor is not None and (actor.kind == "person") == want_person and actor.kind != "protesters":
            return actor.name
    return None


_RANK_WORDS = frozenset({"prime", "vice", "deputy", "foreign", "defence", "defense", "interior", "supreme"})
"""Words that are part of an office's name ("prime minister", "foreign minister")."""


def title_holder(office: Token) -> str | None:
    """Who "the prime minister" or "the president" is: the person last named with
    that office before, in this sentence, the sentences before it in the
    paragraph, or the paragraph before ("Prime Minister Adel Abdul Mahdi promised
    reforms. Sadr called on the prime minister to resign").  None when no one
    was named with it: the office alone names nobody."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in office.children) or office.head.ent_type_ == "PERSON":
        return None
    words = [c.lower_ for c in office.children if c.dep_ in ("compound", "amod") and c.i < office.i
             and c.lower_ in _RANK_WORDS] + [office.lower_]
    sent = office.sent
    spans = [*_sentences_before(sent), office.doc[sent.start:office.i]]
    for span in reversed(spans):
        for ent in reversed([e for e in span.ents if e.label_ == "PERSON" or _is_registry_person(e)]):
            if _titled(ent, words):
                return clean_name(registry_name(ent.text) or ent.text) or None
    return None


def _is_registry_person(ent: Span) -> bool:
    actor = actor_for_entity_id(ent.ent_id_) if ent.ent_id_ else None
    return actor is not None and actor.kind == "person"


def _titled(ent: Span, words: Sequence[str]) -> bool:
    """The person is named with this office: in front of the name ("Prime Minister
    X", "Iraqi President Y") or in apposition after it ("X, the prime minister")."""
    doc, n = ent.doc, len(words)
    before = [t.lower_ for t in doc[max(ent.start - n, 0):ent.start]]
    if before == list(words):
        return True
    after = doc[ent.end:min(ent.end + 6, len(doc))]
    if len(after) < 2 or after[0].text != ",":
        return False
    low = [t.lower_ for t in after]
    for i in range(1, len(low) - n + 1):
        if low[i:i + n] == list(words):
            return all(t.dep_ in ("det", "poss", "case", "amod", "compound") or t.ent_type_ in ("GPE", "NORP")
                       for t in after[1:i])
    return False
