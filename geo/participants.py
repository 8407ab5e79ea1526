"""Who takes part in an event: the actors of one trigger.

Registry matches, ad-hoc organisations from NER, institution noun phrases and
generic crowds, without the sources and commentators a report quotes; pronouns
("he", "the group") resolved by :mod:`geo.antecedents` to the subject the
narrative keeps.  Places, dates and fatalities of the trigger are in
:mod:`geo.arguments`.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from spacy.tokens import Span

from geo.actor_text import (
    chunk_text,
    clean_name,
    flight_names,
    kin_owners,
    kin_phrases,
    party_words,
    vessel_names,
)
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
from geo.antecedents import PREVIOUS_PARAGRAPH, antecedent, object_antecedents, title_holder
from geo.arguments import PLACE_LABELS
from geo.lexicon import Lexicon, load_lexicon, load_words
from geo.state_parties import (
    designation_states,
    home_government,
    leaders_government,
    office_states,
    other_state_owner,
    title_states,
)
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

__all__ = ["PREVIOUS_PARAGRAPH", "actor_names", "clean_name", "political_sources"]


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
        if t.lemma_.lower() in media and t.pos_ == "NOUN" and not _patient(t, trig):
            out.update(x.i for x in t.subtree if x.dep_ not in ("relcl", "acl") and x.i <= t.i + 3)
            if t.dep_ in ("compound", "appos") or (t.head.ent_type_ and t.dep_ != "nsubj"):
                out.update(x.i for x in t.head.subtree if abs(x.i - t.head.i) <= 3 and x.pos_ in ("PROPN", "PART"))
    return out


def _patient(t: Token, trig: Token) -> bool:
    """The phrase of ``t`` is what the act is done to ("arrested journalist X",
    "reporter Y was detained", "the arrest of a journalist"): a target, so a
    reporter there takes part instead of being the outlet that reports."""
    head = t
    while head.dep_ in ("compound", "amod", "appos", "conj") and head.head.i != head.i:
        head = head.head
    if head.dep_ in ("dobj", "nsubjpass") and head.head.i == trig.i:
        return True
    return head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.i == trig.i and trig.pos_ == "NOUN"


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






def _headline_parties(sent: Span, trig: Token, speakers: set[int]) -> list[Span]:
    """Named parties in front of the act in a sentence the parser read without a
    verb (a timeline or headline line, "Jan. 27, 2024 - Iraq and the United States
    open talks in Baghdad", where "open" was read as an adjective): with no verb the
    tree cannot say who the subject is, so a name before the act and outside any
    prepositional phrase is taken as one."""
    if any(t.pos_ in ("VERB", "AUX") for t in sent):
        return []
    out: list[Span] = []
    names = [Span(sent.doc, start, end, label="GPE") for start, end, _, _ in registry_matches(sent)]
    for ent in list(sent.ents) + names:  # the NER may miss a country the registry knows
        if ent.label_ not in ("GPE", "ORG", "PERSON", "NORP") or ent.end > trig.i or any(
                t.i in speakers for t in ent):
            continue
        path = [ent.root, *ent.root.ancestors]
        if not any(t.dep_ in ("prep", "pobj", "agent") for t in path):
            out.append(ent)
    return out


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
    speakers = speakers | kin_owners(sent)  # "the son of Iran's Supreme Leader": the leader takes no part
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
        if _describes_name(sent.doc[start:end]):
            continue  # "activist Ali Hassan": what the named person is, not a second actor
        if metonym and not _acting(Span(sent.doc, start, end, label="GPE"), args):
            continue  # "near Baghdad airport" names a place, not the Iraqi government
        if metonym and _city_modifier(sent.doc[start:end]):
            continue  # "a Baghdad checkpoint", "a Basra police station": where, not whose
        other = other_state_owner(sent.doc[start:end], registry_country(name))
        if other:
            add(chunk_text(sent.doc[start:end].root))  # "Iraq's foreign ministry" is not Iran's
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
        if ent.ent_id_ and _describes_name(ent):
            continue  # "activist Ali Hassan": the person is the actor
        if label in ("GPE", "NORP") and not _acting(ent, args):
            continue
        if not ent.ent_id_ and _place_like(ent):
            continue  # "Anbar province", "the town of Tartar", "north of Erbil": a place name
        country = country_of(ent.text) if label in ("GPE", "NORP") and not ent.ent_id_ else None
        if label == "NORP" and (ent.root.pos_ == "ADJ" or ent.root.dep_ in ("amod", "compound")) \
                and (len(ent) == 1 or country or all(country_of(t.text) for t in ent if t.text != "-")):
            continue  # "Shiite leaders", "Iraqi security": an adjective ("Saudi Aramco" is a name)
        if not ent.ent_id_ and (
                lemma_forms([ent.root]) & lex.cues["weapon"]
                or (ent.root.dep_ == "compound" and lemma_forms([ent.root.head]) & lex.cues["weapon"])):
            continue  # "a Katyusha rocket", a sentence-initial "Drones": a weapon, not an organisation
        if label in ("ORG", "PERSON") and not ent.ent_id_ and _name_like(ent) and is_locative(ent):
            continue  # "in al-Qaim": a place the NER misread
        if _names_a_thing(ent, label):
            continue  # "four million Captagon pills": a product's name the NER read as a place
        add(registry_name(ent.text) or (state_names([country])[0] if country else _person_text(ent)))
        if label == "ORG" and not ent.ent_id_:
            for name in state_names(instrument_states(list(ent))):
                add(name)  # "the Azerbaijani Defense Ministry": an organ of that state, which takes part
    for name in vessel_names(sent, args - speakers):
        add(name)  # "seized the Galaxy Leader cargo ship": the named ship is the target
    for name in flight_names(sent, args - speakers):
        add(name)  # "brought down the Ukrainian Airline flight 752": the airliner is the target
    for name in kin_phrases(sent, args - speakers):
        add(name)  # "talks with the son of Iran's Supreme Leader": the relative, named through the kin
    for name in _listed_persons(sent, speakers):
        add(name)  # "X, Baktash Abtin and Y were sentenced": a name the NER missed in a list of persons
    for t in sent:
        if t.i in speakers or t.i not in args or _beside(t):
            continue
        words = load_words()
        if t.lemma_.lower() in words.actor_heads | words.person_heads | lex.cues["armed"] and _common_noun(t) and \
                t.dep_ != "compound" and not lemma_forms([t]) & lex.cues["weapon"]:  # "drones" act for someone
            chunk = chunk_text(t)
            if chunk.lower() not in words.vague_heads | words.person_heads | lex.title_words and not t.ent_id_ \
                    and not set(chunk.lower().split()) <= lex.title_words | _RANKS and not _describes_person(t):
                # "Iraqi officials", not a bare "officials"
                add(home_government(t, trig) or leaders_government(t) or chunk)
    arg_tokens = [t for t in sent if t.i in args and t.i not in speakers and not _beside(t)]
    for t in arg_tokens:
        if t.lemma_.lower() in lex.title_words and _common_noun(t) and t.dep_ != "compound":
            add(title_holder(t) or "")  # "called on the prime minister to resign": the one named before
    for name in state_names(list(instrument_states(arg_tokens)) + designation_states(arg_tokens)):
        add(name)  # "U.S. warships struck", "an attack on a U.S. outpost": the state takes part
    if etype == "political":
        for ent in _relation_parties(sent, speakers) + _headline_parties(sent, trig, speakers):
            add(registry_name(ent.text) or ent.text)  # "cooperation between Iran and Russia"
    for name in state_names(office_states(arg_tokens, lex)):
        add(name)  # "summoned the Turkish ambassador", "Saudi and Iranian officials signed": their state's act
    for name in title_states(sent, speakers, lex):
        add(name)  # "Iran's foreign minister Hossein Amir-Abdollahian met ...": he acts for Iran
    if etype == "protest" or has_protesters([t for t in sent if t.i in args], lex):
        add("protesters")
    antecedent_name = antecedent(trig)
    if antecedent_name:
        add(antecedent_name)
        for name in state_names(instrument_states([t for t in sent if t.i not in args and t.text in antecedent_name])):
            add(name)  # "the Iraqi foreign ministry said it ...": Iraq acted
    for name in object_antecedents(trig, args):
        add(name)
    return names


_RANKS = frozenset({"prime", "vice", "deputy", "senior", "top", "chief"})
"""Words that with a title still name an office, not who holds it ("the prime minister's office")."""


def _beside(t: Token) -> bool:
    """The word belongs to a building or site the act is only beside ("a rally outside
    the Israeli embassy", "protesters near the provincial council"): a place, not a party."""
    head = t
    while head.dep_ in ("amod", "compound", "poss", "nmod", "case", "det") and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in load_words().vicinity_preps and head.pos_ in ("NOUN", "PROPN")


def _city_modifier(span: Span) -> bool:
    """A capital standing for its government only as a modifier of a site or
    building ("a Baghdad checkpoint", "a Tehran hospital"): a city's name there
    says where the site is; a nationality would say whose ("an Iraqi checkpoint"),
    and "the Baghdad government" or a misparsed "demanded that Damascus act" still
    name the state."""
    root = span.root
    if root.dep_ not in ("compound", "nmod") or root.head.pos_ != "NOUN" or country_of(span.text):
        return False
    head = root.head
    while head.dep_ == "compound" and head.head.pos_ == "NOUN" and head.head.i > head.i:
        head = head.head  # "a Basra police station": the phrase's head
    words = load_words()
    return head.lemma_.lower() in words.place_heads | words.installations | words.scene_nouns | party_words(
        "city_sites") and head.lemma_.lower() not in words.state_instruments


def _describes_person(t: Token) -> bool:
    """The noun phrase only describes a person named beside it ("Ali al-Sistani,
    Iraq's top Shiite cleric, said"): the person is the actor, named once."""
    if t.dep_ != "appos":
        return False
    head = t.head
    return head.ent_type_ == "PERSON" or bool(
        head.ent_id_ and getattr(actor_for_entity_id(head.ent_id_), "kind", "") in ("person", "religious_authority"))




def _listed_persons(sent: Span, speakers: set[int]) -> list[str]:
    """Names the NER left unlabelled in a list whose other members it tagged as
    persons ("Reza Khandan, Baktash Abtin and Keyvan Bijan"): members of one list
    are of one kind, so a capitalised name among persons is a person."""
    out: list[str] = []
    for t in sent:
        if t.ent_type_ or t.pos_ != "PROPN" or t.dep_ not in ("appos", "conj") or t.i in speakers:
            continue
        name = [x for x in t.subtree if x.i <= t.i]
        if name[0].i < t.head.i or not all(x.pos_ == "PROPN" and not x.ent_type_ and x.text[:1].isupper()
                                            for x in name if x.dep_ != "punct"):
            continue
        kin = [t.head] + [c for c in t.children if c.dep_ == "conj"]
        if any(k.ent_type_ == "PERSON" and not k.ent_id_ for k in kin):
            out.append(sent.doc[name[0].i:t.i + 1].text)
    return out




def _names_a_thing(ent: Span, label: str) -> bool:
    """An unknown name labelled a place that only modifies a thing ("Captagon
    pills", "Brent crude"): neither a country nor the owner of people or forces."""
    root, words = ent.root, load_words()
    if label != "GPE" or ent.ent_id_ or root.dep_ != "compound" or root.head.pos_ != "NOUN" or country_of(ent.text):
        return False
    owners = words.actor_heads | words.person_heads | words.people_nouns | words.state_instruments
    return root.head.lemma_.lower() not in owners | load_lexicon().cues["armed"]


def _describes_name(span: Span) -> bool:
    """A common noun standing as a title in front of a person's name ("activist
    Ali Hassan", "the lawyer Ali Jasb"): it says what the person is."""
    root = span.root
    if len(span) != 1 or not (root.is_lower or root.is_sent_start):
        return False
    if root.dep_ in ("compound", "amod") and root.head.ent_type_ == "PERSON" and root.head.i > root.i:
        return True
    return any(c.dep_ == "appos" and c.ent_type_ == "PERSON" and c.left_edge.i == root.i + 1
               for c in root.children)  # "activist Ali Hassan" parsed as an apposition


def _person_text(ent: Span) -> str:
    """A PERSON entity without the trade or office word the NER took in at its
    start ("Lawyer Ali Jasb", "Activist Saja al-Hashemi" at a sentence's start)."""
    words = load_words()
    if ent.label_ == "PERSON" and len(ent) > 2 and ent[0].lower_ in (
            words.people_nouns | words.person_heads | load_lexicon().title_words):
        return ent[1:].text
    return ent.text


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






def _shared_arguments(trig: Token, lex: Lexicon) -> set[int]:
    """Arguments the trigger shares with its clause: verbs joined to it ("pulled out
    and imposed sanctions on Iran") and the author of an announced or claimed act
    ("Saudi Arabia announced it had busted a cell")."""
    out: set[int] = set()
    for c in trig.children:
        if c.dep_ == "conj" and c.pos_ == "VERB":
            out.update(t.i for t in c.subtree)
        if c.dep_ == "advcl" and trig.pos_ == "VERB" and any(
                g.dep_ in ("advmod", "mark") and g.lower_ == "when" for g in c.children):
            # "X died when an Israeli drone struck his car": who did what the act came of takes part
            out.update(t.i for g in c.children if g.dep_ in ("nsubj", "dobj", "agent") for t in g.subtree)
        if c.dep_ == "advcl" and c.tag_ == "VBG" and not any(g.dep_ in ("nsubj", "mark") for g in c.children):
            # "attacked a sit-in, killing two protesters and a policeman": whom the act killed took part
            out.update(t.i for g in c.children if g.dep_ == "dobj" for t in g.subtree)
        if c.dep_ in ("relcl", "acl") and c.pos_ in ("VERB", "AUX") and trig.pos_ == "NOUN":
            # "protests that were suppressed by the government": who the act met or was met by
            for v in [c] + [g for g in c.children if g.dep_ == "conj" and g.pos_ == "VERB"]:
                out.update(t.i for g in v.children if g.dep_ == "agent" for t in g.subtree)
    if trig.dep_ == "dobj" and trig.pos_ == "NOUN" and trig.head.pos_ == "VERB":
        # "gave the government a two-week deadline", "sent Tehran a warning": whom the act is addressed to
        out.update(t.i for c in trig.head.children if c.dep_ == "dative" for t in c.subtree)
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
            | party_words("water_heads") \
            and owner not in words.state_instruments:  # "the embassy of Iran" is Iran's
        return True
    return root.dep_ == "appos" and (head.ent_type_ in PLACE_LABELS or head.lemma_.lower() in words.place_heads
                                     or (head.dep_ == "pobj" and head.head.lower_ in words.locative_preps))


def _in_place_list(ent: Span) -> bool:
    """A later member of a list of places the parser hung elsewhere ("Protesters in
    Baghdad, Basra and Nasiriyah" parsed with Basra joined to "Protesters"): walk
    back over "," and "and" through members of the same label to the first, and
    see whether that one is where ("in Baghdad")."""
    doc, start = ent.doc, ent.start
    first: Span | None = None
    for _ in range(12):
        i = start - 1
        while i >= 0 and doc[i].text in (",", "and", "or"):
            i -= 1
        if i < 0 or i == start - 1 or doc[i].ent_type_ != ent.label_:
            break
        first = next((e for e in doc.ents if e.start <= i < e.end), None)
        if first is None:
            break
        start = first.start
    if first is None:
        return False
    root = ent.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
        if root.i == first.root.i:
            return False  # parsed as one list: the first member's own role decides
    return first.root.dep_ == "pobj" and first.root.head.lower_ in load_words().locative_preps


def _acting(ent: Span, args: set[int]) -> bool:
    """A country or nationality that acts or is acted on, not a location or an adjective of one."""
    root = ent.root
    if root.i not in args and root.head.i not in args:
        return False
    while root.dep_ == "conj" and root.head.i != root.i and root.head.ent_type_ == ent.label_:
        root = root.head  # "in Baghdad, Karbala and Basra": a list attaches through its first member
    if _place_like(ent) or _in_place_list(ent):
        return False
    owner = actor_for_entity_id(root.head.ent_id_) if root.dep_ == "poss" and root.head.ent_id_ else None
    if owner is not None and owner.kind not in load_lexicon().state_kinds:
        return False  # "Yemen's Houthi movement": the group acts, not the state
    if root.dep_ == "pobj" and root.head.lower_ in ("on", "against") and root.head.head.pos_ in ("NOUN", "VERB"):
        return True  # the target: "the assault on Israel", "sanctions on Iran"
    if root.dep_ == "pobj" and root.head.lower_ in load_words().locative_preps:
        return False
    return root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "dative", "appos", "amod", "compound")
