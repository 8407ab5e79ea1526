"""Who takes part in an event: the actors of one trigger.

Registry matches, ad-hoc organisations from NER, institution noun phrases and
generic crowds, without the sources and commentators a report quotes; pronouns
("he", "the group") resolved to the subject the narrative keeps.  Places, dates
and fatalities of the trigger are in :mod:`geo.arguments`.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span

from geo.agents import (
    actor_for_entity_id,
    country_of,
    has_protesters,
    instrument_states,
    registry_country,
    registry_matches,
    registry_name,
    state_names,
)
from geo.arguments import PLACE_LABELS
from geo.lexicon import Lexicon, load_lexicon, load_words
from geo.syntax import (
    agent_tokens,
    argument_tokens,
    dateline_tokens,
    is_locative,
    is_name_like,
    lemma_forms,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

log = logging.getLogger(__name__)


def political_sources(sent: Span, trig: Token, lex: Lexicon) -> set[int]:
    """Sources of a political act, which (unlike its speaker) take no part in it:
    the dateline, "according to X", whom one told ("told AFP"), media outlets
    ("the newspaper X reported"), and the subject of a reporting verb whose
    reported clause holds the act ("On Saturday he met X, the ministry said").
    A reporting verb that is the act itself ("Iran warned", "X said it would")
    keeps its subject."""
    out = set(dateline_tokens(sent))
    media = load_words().media_heads
    for t in sent:
        if t.lower_ == "according" and t.dep_ in ("prep", "advmod", "case"):
            out.update(c.i for c in t.subtree)
            nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
            if nxt is not None and nxt.lower_ == "to":
                out.update(x.i for x in nxt.subtree)
        lemma = t.lemma_.lower()
        if lemma not in lex.source_verbs or t.pos_ not in ("VERB", "AUX") or t.i == trig.i:
            continue
        holds_act = any(c.dep_ in ("ccomp", "parataxis") and trig in c.subtree for c in t.children) or (
            t.dep_ in ("parataxis", "ccomp") and t.i > t.head.i and trig in t.head.subtree and trig not in t.subtree)
        for c in t.children:
            if (c.dep_ == "dative" or (c.dep_ == "dobj" and lemma == "tell")) and not _hangs_on(trig, t):
                out.update(x.i for x in c.subtree)  # "told AFP" (but "told X during a meeting": X met)
            elif c.dep_ == "nsubj":
                words = {x.lemma_.lower() for x in c.subtree}
                if words & media or (holds_act and not _same_referent(trig, c)):
                    out.update(x.i for x in c.subtree)
    for t in sent:  # "the newspaper Al-Jarida", "Al-Manar television": an outlet wherever it stands
        if t.lemma_.lower() in media and t.pos_ == "NOUN":
            out.update(x.i for x in t.subtree if x.dep_ not in ("relcl", "acl") and x.i <= t.i + 3)
            if t.dep_ in ("compound", "appos") or (t.head.ent_type_ and t.dep_ != "nsubj"):
                out.update(x.i for x in t.head.subtree if abs(x.i - t.head.i) <= 3 and x.pos_ in ("PROPN", "PART"))
    return out


def _commentators(trig: Token) -> set[int]:
    """Who judges the act rather than takes part: the subject of a comment verb
    whose object or complement holds the act ("Iran condemned the U.S. strikes",
    "Tehran denied any role in the attack", "Baghdad accused Ankara of shelling
    villages"), or its "by" agent in the passive ("the raid was condemned by the UN").
    Whom one blames or accuses stays: that is who the speaker says acted."""
    verbs = load_words().comment_verbs
    cur = trig
    for _ in range(8):
        head = cur.head
        if head.i == cur.i or cur.dep_ in ("nsubj", "csubj", "relcl", "acl", "conj"):
            return set()
        if head.lemma_.lower() in verbs and head.pos_ == "VERB":
            role = "agent" if cur.dep_ == "nsubjpass" else "nsubj"
            return {t.i for c in head.children if c.dep_ == role for t in c.subtree}
        cur = head
    return set()


def _relation_parties(sent: Span, speakers: set[int]) -> list[Span]:
    """Named parties of a relation noun ("talks between Iran and Saudi Arabia",
    "cooperation between the government of Iran and Russia")."""
    out: list[Span] = []
    nouns = load_words().relation_nouns
    for ent in sent.ents:
        if ent.label_ not in ("GPE", "ORG", "PERSON", "NORP") or any(t.i in speakers for t in ent):
            continue
        cur = ent.root
        for _ in range(6):  # up through "and", "the government of", to "between"
            if cur.dep_ == "pobj" and cur.head.lower_ == "between":
                if cur.head.head.lemma_.lower() in nouns or cur.head.head.lower_ in nouns:
                    out.append(ent)
                break
            if cur.dep_ not in ("conj", "pobj", "prep", "appos") or cur.head.i == cur.i:
                break
            cur = cur.head
    return out


def _title_states(sent: Span, speakers: set[int], lex: Lexicon) -> list[str]:
    """States whose office holders take part: a country owning a title in front
    of a named person ("Iran's foreign minister X", "Iraqi Prime Minister Y")."""
    isos: list[str] = []
    for t in sent:
        if t.i in speakers or t.dep_ not in ("poss", "amod", "compound") or not (
                t.ent_type_ in ("GPE", "NORP") or (t.dep_ == "poss" and t.is_title)):
            continue
        if t.head.ent_type_ == "PERSON" and any(c.dep_ == "compound" and c.lower_ in lex.title_words
                                                for c in t.head.children):
            iso = country_of(t.text)  # "Jordan's Foreign Minister Ayman Safadi" parsed as Jordan's Safadi
            if iso and t.head.i not in speakers:
                isos.append(iso)
            continue
        title = t.head
        while title.dep_ == "compound" and title.head.lower_ in lex.title_words | {title.head.lower_} \
                and title.head.ent_type_ != "PERSON":
            title = title.head
        person = title.head
        if title.lower_ in lex.title_words and title.dep_ == "compound" and person.ent_type_ == "PERSON" \
                and person.i not in speakers:
            iso = country_of(t.text)
            if iso:
                isos.append(iso)
    return state_names(list(dict.fromkeys(isos)))


def _office_states(tokens: Sequence[Token], lex: Lexicon) -> list[str]:
    """ISO2 of the states whose office holders, named by office only, take part
    ("the Turkish ambassador was summoned", "his Iranian counterpart", "Saudi and
    Iranian security officials signed"): an office holder acts for the state.  A
    nationality on other people ("Iraqi protesters") says nothing of a state."""
    out: list[str] = []
    for t in tokens:
        if t.ent_type_ not in ("GPE", "NORP") or t.ent_id_:
            continue
        mod = t
        while mod.dep_ == "conj" and mod.head.i != mod.i and mod.head.ent_type_ in ("GPE", "NORP"):
            mod = mod.head  # "Saudi and Iranian officials": Iranian hangs on Saudi
        if mod.dep_ not in ("amod", "compound", "nmod", "poss"):
            continue
        office = mod.head
        while office.dep_ == "compound" and office.head.pos_ in ("NOUN", "PROPN") and office.head.i > office.i:
            office = office.head  # "security officials", "foreign minister"
        if office.lemma_.lower() in lex.title_words and office.pos_ in ("NOUN", "PROPN") \
                and office.ent_type_ != "PERSON" and office.i in {x.i for x in tokens}:
            iso = country_of(t.text)
            if iso:
                out.append(iso)
    return list(dict.fromkeys(out))


def _hangs_on(trig: Token, verb: Token) -> bool:
    """The trigger is an argument or adjunct of this verb, not inside what it reports."""
    cur = trig
    for _ in range(8):
        if cur.i == verb.i:
            return True
        if cur.dep_ in ("ccomp", "parataxis") or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _same_referent(trig: Token, subject: Token) -> bool:
    """The act's agent is a pronoun that stands for the reporting subject ("the
    ministry said it had summoned ...", "Sadr said he would ..."): the speaker acted."""
    agents = agent_tokens(trig)
    if not agents or not all(t.pos_ == "PRON" for t in agents):
        return False
    person = any(x.ent_type_ == "PERSON" or (x.ent_id_ and getattr(actor_for_entity_id(x.ent_id_), "kind", "")
                                             == "person") for x in subject.subtree)
    return (agents[0].lower_ in ("he", "she")) == person



def actor_names(sent: Span, trig: Token, speakers: set[int], lex: Lexicon, etype: str) -> list[str]:
    """Canonical actor names: registry matches in the sentence (not sources), ad-hoc
    organisations from NER, institution noun phrases, and generic crowds."""
    names: list[str] = []
    if etype == "political":
        speakers = political_sources(sent, trig, lex)  # a statement, threat or demand is its speaker's own act
    else:
        speakers = speakers | _commentators(trig)  # "Iran condemned the U.S. strikes": Iran takes no part
    args = set(t.i for t in argument_tokens(trig)) | {trig.i} | _shared_arguments(trig, lex)
    clause = {t.i for t in trig.sent}  # sentence scope for named actors

    def add(name: str) -> None:
        name = clean_name(name)
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)

    for start, end, name, metonym in registry_matches(sent):
        if any(i in speakers for i in range(start, end)):
            continue
        root = sent.doc[start:end].root
        if root.lemma_.lower() in load_words().place_heads and _beside(root):
            continue  # "a rally near the Israeli embassy": the building is where, not who
        if metonym and _inside_person(sent.doc[start:end]):
            continue  # "Jordan Salim", "Kuwait Ahmed": part of someone's name
        if metonym and not _acting(Span(sent.doc, start, end, label="GPE"), args):
            continue  # "near Baghdad airport" names a place, not the Iraqi government
        other = _other_state_owner(sent.doc[start:end], registry_country(name))
        if other:
            add(_chunk_text(sent.doc[start:end].root))  # "Iraq's foreign ministry" is not Iran's
            add(other)
            continue
        add(name)
    for ent in sent.ents:
        if ent.label_ not in ("ORG", "PERSON", "GPE", "NORP") or any(t.i in speakers for t in ent):
            continue
        label = ent.label_
        if label == "ORG" and not ent.ent_id_ and len(ent) == 1 and country_of(ent.text):
            label = "NORP"  # "the Kuwaiti ministry": a nationality the NER read as an ORG
        if label in ("ORG", "PERSON") and not ent.ent_id_ and _country_name(ent.text):
            label = "GPE"  # "called on Armenia and Azerbaijan": a country the NER read as a person
        if ent.start not in clause or (ent.root.lemma_.lower() in load_words().place_heads and _beside(ent.root)):
            continue
        if label in ("GPE", "NORP") and not _acting(ent, args):
            continue
        if not ent.ent_id_ and _place_like(ent):
            continue  # "Anbar province", "the town of Tartar", "north of Erbil": a place name
        country = country_of(ent.text) if label in ("GPE", "NORP") and not ent.ent_id_ else None
        if label == "NORP" and (ent.root.pos_ == "ADJ" or ent.root.dep_ in ("amod", "compound")) \
                and (len(ent) == 1 or country):
            continue  # "Shiite leaders", "Iraqi security": an adjective ("Saudi Aramco" is a name)
        if not ent.ent_id_ and (
                lemma_forms([ent.root]) & lex.cues["weapon"]
                or (ent.root.dep_ == "compound" and lemma_forms([ent.root.head]) & lex.cues["weapon"])):
            continue  # "a Katyusha rocket", a sentence-initial "Drones": a weapon, not an organisation
        if label in ("ORG", "PERSON") and not ent.ent_id_ and _name_like(ent) and is_locative(ent):
            continue  # "in al-Qaim": a place the NER misread
        add(registry_name(ent.text) or (state_names([country])[0] if country else ent.text))
        if label == "ORG" and not ent.ent_id_:
            for name in state_names(instrument_states(list(ent))):
                add(name)  # "the Azerbaijani Defense Ministry": an organ of that state, which takes part
    for t in sent:
        if t.i in speakers or t.i not in args or _beside(t):
            continue
        words = load_words()
        if t.lemma_.lower() in words.actor_heads | words.person_heads | lex.cues["armed"] and _common_noun(t) and \
                t.dep_ != "compound" and not lemma_forms([t]) & lex.cues["weapon"]:  # "drones" act for someone
            chunk = _chunk_text(t)
            if chunk.lower() not in words.vague_heads | words.person_heads | lex.title_words and not t.ent_id_ \
                    and not set(chunk.lower().split()) <= lex.title_words | _RANKS and not _describes_person(t):
                add(chunk)  # "Iraqi officials", not a bare "officials"
    arg_tokens = [t for t in sent if t.i in args and t.i not in speakers and not _beside(t)]
    for name in state_names(list(instrument_states(arg_tokens)) + _designation_states(arg_tokens)):
        add(name)  # "U.S. warships struck", "an attack on a U.S. outpost": the state takes part
    if etype == "political":
        for ent in _relation_parties(sent, speakers):
            add(registry_name(ent.text) or ent.text)  # "cooperation between Iran and Russia"
    for name in state_names(_office_states(arg_tokens, lex)):
        add(name)  # "summoned the Turkish ambassador", "Saudi and Iranian officials signed": their state's act
    for name in _title_states(sent, speakers, lex):
        add(name)  # "Iran's foreign minister Hossein Amir-Abdollahian met ...": he acts for Iran
    if etype == "protest" or has_protesters([t for t in sent if t.i in args], lex):
        add("protesters")
    antecedent = _antecedent(trig)
    if antecedent:
        add(antecedent)
        for name in state_names(instrument_states([t for t in sent if t.i not in args and t.text in antecedent])):
            add(name)  # "the Iraqi foreign ministry said it ...": Iraq acted
    for name in _object_antecedents(trig, args):
        add(name)
    return names


_QUOTES = "\"“”„«»"
_RANKS = frozenset({"prime", "vice", "deputy", "senior", "top", "chief"})
"""Words that with a title still name an office, not who holds it ("the prime minister's office")."""


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


def _beside(t: Token) -> bool:
    """The word belongs to a building or site the act is only beside ("a rally outside
    the Israeli embassy", "protesters near the provincial council"): a place, not a party."""
    head = t
    while head.dep_ in ("amod", "compound", "poss", "nmod", "case", "det") and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in load_words().vicinity_preps and head.pos_ in ("NOUN", "PROPN")


def _describes_person(t: Token) -> bool:
    """The noun phrase only describes a person named beside it ("Ali al-Sistani,
    Iraq's top Shiite cleric, said"): the person is the actor, named once."""
    if t.dep_ != "appos":
        return False
    head = t.head
    return head.ent_type_ == "PERSON" or bool(
        head.ent_id_ and getattr(actor_for_entity_id(head.ent_id_), "kind", "") in ("person", "religious_authority"))


def _common_noun(t: Token) -> bool:
    """A common noun, also one the tagger read as a proper noun outside any entity
    ("Iraq's foreign ministry summoned ...")."""
    return t.pos_ == "NOUN" or (t.pos_ == "PROPN" and not t.ent_type_ and t.is_lower)


def _name_like(ent: Span) -> bool:
    """Capitalised like a name, also when the tokenizer split its article off ("al - Qaim")."""
    return is_name_like(ent) or ent.text.lower().startswith(tuple(load_words().name_articles))


def _inside_person(span: Span) -> bool:
    """The span is part of a longer PERSON name the NER found."""
    ent = next((e for e in span.doc.ents if e.start <= span.start and span.end <= e.end), None)
    return ent is not None and ent.label_ == "PERSON" and len(ent) > len(span)


def _country_name(text: str) -> bool:
    """A country's own name ("Armenia"), not a nationality ("Armenian") and not a
    person's name: the NER's PERSON or ORG label on it is a misreading."""
    from geo.gazetteer import get_gazetteer

    return " " not in text.strip() and text[:1].isupper() and country_of(text) is not None \
        and get_gazetteer().demonym(text) is None


def _designation_states(tokens: Sequence[Token]) -> list[str]:
    """ISO2 of states whose forces act through a named model of a weapon or craft
    ("a U.S. AC-130 gunship", "Israeli F-35 jets", "an Iranian Shahed drone"): the
    nationality modifies the model name, which modifies the instrument.  Also a
    country's capital-letter code the NER left unlabelled ("US F-15 aircraft")."""
    heads = load_words().state_instruments | load_lexicon().cues["weapon"]
    out: list[str] = []
    for t in tokens:
        model = t.head
        code = not t.ent_type_ and t.is_upper and len(t.text.strip(".")) >= 2
        if t.dep_ not in ("compound", "amod", "nmod") or not (t.ent_type_ in ("GPE", "NORP") or code) or t.ent_id_:
            continue
        if code and model.lemma_.lower() in heads and model.pos_ == "NOUN":
            model = t  # "US aircraft": the code modifies the instrument itself
        elif model.pos_ != "PROPN" or model.dep_ != "compound" or model.ent_id_:
            continue
        if model.head.lemma_.lower() in heads and model.head.pos_ == "NOUN":
            iso = country_of(t.text)
            if iso:
                out.append(iso)
    return list(dict.fromkeys(out))


def _other_state_owner(span: Span, country: str | None) -> str | None:
    """The state named as owner of an institution the registry gives to another
    state ("Iraq's foreign ministry" matched as a generic "foreign ministry")."""
    if not country:
        return None
    for t in span.root.children:
        if t.i < span.start and t.dep_ in ("poss", "amod", "compound", "nmod") and t.ent_type_ in ("GPE", "NORP"):
            iso = country_of(t.text)
            if iso and iso != country:
                names = state_names([iso])
                return names[0] if names else None
    return None


def _antecedent(trig: Token) -> str | None:
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
    reported, name = _reporting_subject(trig, want_person)
    if reported:
        return name  # "the ministry said it ...": never someone from an earlier sentence
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
                name = clean_name(_chunk_text(heads[0])) or None  # "the Iraqi foreign ministry said it ..."
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


def _object_antecedents(trig: Token, args: set[int]) -> list[str]:
    """Who "him" or "her" is when the act's target is a pronoun ("the strike that
    killed him"): the subject of a sentence before in the paragraph."""
    out: list[str] = []
    for i in sorted(args):
        t = trig.doc[i]
        if t.lower_ in ("him", "her") and t.dep_ in ("dobj", "pobj", "nsubjpass"):
            name = _subject_before(trig.sent, True)
            if name:
                out.append(name)
    return out


def _pronoun_kind(head: Token) -> bool | None:
    """True for a person pronoun, False for a group ("it", "they", "the group"), None otherwise."""
    if head.lower_ in ("he", "she"):
        return True
    if head.lower_ in ("it", "they") or (head.lemma_.lower() in load_words().group_nouns and any(
            c.lower_ == "the" for c in head.children if c.dep_ == "det")):
        return False
    if head.lemma_.lower() in load_lexicon().cues["armed"] | {"member", "unit", "commander"} and any(
            c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.children):
        return False  # "its fighters", "their gunmen": the group's
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


def _nearest_registry(tokens: Span, want_person: bool) -> str | None:
    """The nearest registry actor of the wanted kind among these tokens, from the end."""
    for t in reversed(list(tokens)):
        if not t.ent_id_ or t.ent_iob_ != "B":
            continue
        actor = actor_for_entity_id(t.ent_id_)
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
        if c.dep_ == "advcl" and c.tag_ == "VBG" and not any(g.dep_ in ("nsubj", "mark") for g in c.children):
            # "attacked a sit-in, killing two protesters and a policeman": whom the act killed took part
            out.update(t.i for g in c.children if g.dep_ == "dobj" for t in g.subtree)
        if c.dep_ in ("relcl", "acl") and c.pos_ in ("VERB", "AUX") and trig.pos_ == "NOUN":
            # "protests that were suppressed by the government": who the act met or was met by
            for v in [c] + [g for g in c.children if g.dep_ == "conj" and g.pos_ == "VERB"]:
                out.update(t.i for g in v.children if g.dep_ == "agent" for t in g.subtree)
    if trig.dep_ == "advcl" and trig.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "nsubjpass", "mark")
                                                               for c in trig.children):
        # "a U.S. gunship struck a car ..., killing two": the participle's doer is its clause's subject
        out.update(t.i for c in trig.head.children if c.dep_ in ("nsubj", "agent") for t in c.subtree)
    head = trig
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    while head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX"):
        head = head.head  # "to reach a ceasefire and opt for negotiations"
    if head.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children) \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        # "called on Armenia and Azerbaijan to reach a ceasefire", "urged Iraq to expel them":
        # who urges and who is urged both take part in the act asked for
        for c in head.head.children:
            if c.dep_ in ("nsubj", "dobj"):
                out.update(t.i for t in c.subtree)
            elif c.dep_ == "prep" and c.lower_ == "on":
                out.update(t.i for g in c.children if g.dep_ == "pobj" for t in g.subtree)
    if head.dep_ == "ccomp" and head.head.lemma_.lower() in lex.reporting - lex.source_verbs:
        out.update(t.i for c in head.head.children if c.dep_ == "nsubj" for t in c.subtree)
    return out


def _place_like(ent: Span) -> bool:
    """A name used as a place, whatever the NER's label: it modifies a place noun
    ("Anbar province", "Deir ez-Zor city"), follows "of" after one or after a
    compass word ("the town of Tartar", "north of Erbil"), or describes a place
    in apposition ("at Abqaiq (Eastern Province)")."""
    words = load_words()
    root = ent.root
    while root.dep_ == "conj" and root.head.i != root.i and root.head.ent_type_:
        root = root.head
    head = root.head
    if root.dep_ in ("compound", "poss", "nmod") and head.lemma_.lower() in words.place_heads and head.i not in \
            range(ent.start, ent.end) and (ent.label_ in ("GPE", "LOC", "FAC") or root.dep_ != "poss"):
        return True  # "Deir ez-Zor city", "the K1 military base" (but "Hamas's base" is Hamas's)
    if root.dep_ == "pobj" and head.lower_ == "from" and ent.label_ in ("GPE", "LOC", "FAC"):
        return True  # "infiltrators from Syria", "from Yemen to Lebanon": where someone comes from
    if root.dep_ == "pobj" and head.lower_ == "to" and any(
            c.dep_ == "prep" and c.lower_ == "from" for c in head.head.children):
        return True  # "from Tripoli in the north to Nabatiyeh in the south"
    if root.dep_ == "pobj" and head.lower_ == "of" and (head.head.ent_type_ == "PERSON"
                                                         or head.head.lower_ in load_lexicon().title_words):
        return True  # "Secretary of State Mike Pompeo": part of a title
    owner = head.head.lemma_.lower()
    if root.dep_ == "pobj" and head.lower_ == "of" and owner in words.place_heads | words.compass_words \
            and owner not in words.state_instruments:  # "the embassy of Iran" is Iran's
        return True
    return root.dep_ == "appos" and (head.ent_type_ in PLACE_LABELS or head.lemma_.lower() in words.place_heads
                                     or (head.dep_ == "pobj" and head.head.lower_ in words.locative_preps))


def _acting(ent: Span, args: set[int]) -> bool:
    """A country or nationality that acts or is acted on, not a location or an adjective of one."""
    root = ent.root
    if root.i not in args and root.head.i not in args:
        return False
    while root.dep_ == "conj" and root.head.i != root.i and root.head.ent_type_ == ent.label_:
        root = root.head  # "in Baghdad, Karbala and Basra": a list attaches through its first member
    if _place_like(ent):
        return False
    owner = actor_for_entity_id(root.head.ent_id_) if root.dep_ == "poss" and root.head.ent_id_ else None
    if owner is not None and owner.kind not in load_lexicon().state_kinds:
        return False  # "Yemen's Houthi movement": the group acts, not the state
    if root.dep_ == "pobj" and root.head.lower_ in ("on", "against") and root.head.head.pos_ in ("NOUN", "VERB"):
        return True  # the target: "the assault on Israel", "sanctions on Iran"
    if root.dep_ == "pobj" and root.head.lower_ in load_words().locative_preps:
        return False
    return root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "dative", "appos", "amod", "compound")


def _chunk_text(t: Token) -> str:
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
