"""The arguments of one event trigger: its places, dates and fatalities.

Each argument keeps its role and offsets (provenance): a place is the event's
own ("in Nasiriyah"), context, an actor ("Iran attacked"), a descriptor ("70 km
from the border") or a speaker's (never used); dates say whether they hang on
the trigger itself.  :mod:`geo.geocode` chooses among them; who takes part is
:mod:`geo.participants`.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geo import place_names as names
from geo.dates import find_dates
from geo.lexicon import Lexicon, load_words
from geo.records import Article
from geo.syntax import (
    RANGE_PREPS,
    agent_tokens,
    clause_tokens,
    conjoined_prep_head,
    first_conjunct,
    in_hyphen_compound,
    is_locative,
    is_modifier_only,
    is_name_like,
    is_people,
    measured_from,
    near_in_tree,
    number_value,
    quoted_tokens,
    range_anchor,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

log = logging.getLogger(__name__)


PLACE_LABELS = ("GPE", "LOC", "FAC")


# -------------------------------------------------------------------- records

@dataclass(frozen=True)
class PlaceSpan:
    """A place name in the sentence and the role it plays for the event.

    ``role``: ``event`` (where the act happened: "in Nasiriyah", "at the border"),
    ``context`` (elsewhere in the sentence), ``actor`` (a country acting, "Iran
    attacked ..."), ``agent`` ("struck by Israel", "a complaint by Khalil"),
    ``descriptor`` ("70 km from the border"), ``origin`` (where a thing or a journey
    started: "a missile fired from Lebanon"), ``home`` (where people come from: "an
    activist from Basra"), ``hypothetical`` (in a clause of what could happen),
    ``aside`` (a journey told as before or after the act: "after a visit to Moscow"),
    ``speaker`` (a source's place), ``office`` (a posting in a title: "the ambassador
    to Pakistan"; ``posting``/``own_posting`` when the act meets him or is his: its
    capital is a guess) and
    ``host`` (the state, ``country``, whose head receives the act's agent: "met Iran's
    president"), ``election`` (the act is an election or its result: held across the
    country); the last five are never the place as named.
    ``capital``: a country stands for its capital ("the embassy in Saudi Arabia",
    "talks hosted by Oman").
    """

    start: int  # Document.text offsets
    end: int
    text: str
    role: str
    label: str
    distance: int = 0  # tokens between the place and the trigger
    coordinated: bool = False  # one of a list of places ("in Najaf, Karbala and Basra")
    hops: int = 9  # prepositions between the place and the trigger's clause (fewer: more its own)
    capital: bool = False  # a country that locates an embassy or hosts the act: it stands for its capital
    country: str = ""  # ISO2 of a ``host``


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


# --------------------------------------------------------------------- places

def nearby_places(sent: Span, offset: int) -> list[PlaceSpan]:
    """Places named where something happens in the two sentences before, in the
    same paragraph: the setting a reader carries over ("In Basra, ... . Gunmen ...")."""
    out: list[PlaceSpan] = []
    doc = sent.doc
    prev = [s for s in doc.sents if s.end <= sent.start][-2:]
    for k, s in enumerate(reversed(prev)):
        for ent in s.ents:
            if ent.label_ in ("GPE", "LOC", "FAC") and is_locative(ent):
                out.append(PlaceSpan(offset + ent.start_char, offset + ent.end_char, ent.text, "nearby",
                                     ent.label_, 100 * (k + 1) + (sent.start - ent.end)))
    return out


def coordinated_event_places(places: Sequence[PlaceSpan]) -> list[PlaceSpan]:
    """Towns listed together as the event's place ("protests in Najaf, Karbala and Basra"):
    ACLED codes one event per location, so does this."""
    return [p for p in places if p.role == "event" and p.label in ("GPE", "LOC", "FAC", "MISREAD")]


def speaker_tokens(sent: Span, lex: Lexicon) -> set[int]:
    """Token indices of sources and commentators: subjects of reporting verbs,
    "according to X", "told AFP", and places attached to them ("from Beirut")."""
    out: set[int] = set()
    speaking = load_words().speaking_verbs
    for t in sent:
        lemma = t.lemma_.lower()
        if lemma in speaking and t.pos_ == "VERB" and lemma not in lex.source_verbs:
            # "speaking from Beirut, an official said": the speaker's place only
            out.update(x.i for c in t.children if c.dep_ == "prep" and c.lower_ == "from" for x in c.subtree)
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


def place_spans(sent: Span, trig: Token, speakers: set[int], offset: int) -> list[PlaceSpan]:
    """Place spans of the sentence with their roles for this trigger."""
    out: list[PlaceSpan] = []
    seen: set[tuple[int, int]] = set()
    quoted = quoted_tokens(sent)
    for span, label in _place_phrases(sent):
        key = (span.start, span.end)
        if key in seen or (label != "PHRASE" and (in_hyphen_compound(span) or is_modifier_only(span))):
            continue
        if span.start in quoted and trig.i not in quoted:
            continue  # a slogan or a quotation ("Death to America") names no place of the event
        if _party_not_place(span, trig):
            continue  # "ships linked to Israel", "chanting against America": a party, not a site
        seen.add(key)
        hosted = names.hosted_by(span, trig)  # "talks hosted by Oman": at the host's seat
        role = "event" if hosted else _place_role(span, trig, speakers)
        dist = min(abs(span.start - trig.i), abs(span.end - 1 - trig.i))
        root = span.root
        listed = (root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children) or _from_to(root)) \
            and not _in_descriptor(root)
        out.append(PlaceSpan(offset + span.start_char, offset + span.end_char, span.text, role, label, dist, listed,
                             9 if hosted else _hops(root, trig), names.embassy_seat(span) or hosted))
    if not any(p.role == "event" for p in out):
        out.extend(_antecedent_place(sent, trig, offset))
        seat = names.seat_institution(trig)  # "stormed parliament": at the capital
        if seat is not None:
            out.append(PlaceSpan(offset + seat.idx, offset + seat.idx + len(seat.text), seat.text, "seat", "SEAT", 0))
    for tok, role, iso in names.political_markers(trig, agent_tokens(trig)):
        out.append(PlaceSpan(offset + tok.idx, offset + tok.idx + len(tok.text), tok.text, role, role.upper(),
                             abs(tok.i - trig.i), country=iso))
    return out


def _antecedent_place(sent: Span, trig: Token, offset: int) -> list[PlaceSpan]:
    """The place "it" stands for when a capture or siege is told of "it" ("Jurf
    al-Sakhar ... is lush with palm groves.  It was overrun by the Islamic State in
    2014"): the proper name that is the subject of the sentence before, in the same
    paragraph.  Only that one unambiguous candidate; a name the gazetteer does not
    know is dropped when the event is located."""
    if trig.lemma_.lower() not in load_words().place_object_verbs or not _it_undergoes(trig):
        return []
    prev = [s for s in sent.doc.sents if s.end <= sent.start][-1:]
    if not prev:
        return []
    root = prev[0].root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) != 1:
        return []
    head = subjects[0]
    if any(c.dep_ == "conj" for c in head.children):
        return []  # "Baghdad and Basra saw protests.  Militants stormed it": which one is unclear
    if head.ent_id_ or head.ent_type_ in ("ORG", "NORP", "DATE", "CARDINAL") or \
            (head.pos_ != "PROPN" and head.ent_type_ not in PLACE_LABELS):
        return []  # a registry group or an organisation is not what was overrun
    ents = [e for e in prev[0].ents if e.start <= head.i < e.end]
    if ents and ents[0].label_ in PLACE_LABELS:
        span = ents[0]
    else:
        start = min((c.left_edge.i for c in head.children if c.dep_ == "compound"), default=head.i)
        span = sent.doc[start:head.i + 1]
        if not is_name_like(span):
            return []
    return [PlaceSpan(offset + span.start_char, offset + span.end_char, span.text, "event", "ANTECEDENT",
                      sent.start - span.end + abs(trig.i - sent.start), False, 1)]


def _it_undergoes(trig: Token) -> bool:
    """The trigger's patient is "it": "it was overrun", "militants captured it"."""
    deps = ("nsubjpass", "dobj")
    heads = [trig]
    if trig.dep_ in ("attr", "acomp") or (trig.dep_ == "ROOT" and trig.pos_ == "NOUN"):
        heads.append(trig.head)  # the parser's "It was overrun" with "overrun" as a noun after "was"
        deps = ("nsubjpass", "dobj", "nsubj")
    elif any(c.dep_ == "auxpass" for c in trig.children):
        deps = ("nsubjpass", "nsubj")
    return any(c.dep_ in deps and c.lower_ == "it" for h in heads for c in h.children)


def _party_not_place(span: Span, trig: Token) -> bool:
    """A country named only as a party the act's participants are tied to or speak
    against: the object of "linked to / backed by / loyal to / aligned with" or of
    "against" after a word of voicing a stance ("chanting against America").  Such a
    name describes who, not where; read as a place it would move the event to that
    country or bias the reading of a town's name towards it.  "Against" hanging on
    a violent trigger itself ("strikes against Iran") is left alone: that is a target."""
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "against both America and Iran"
    if root.dep_ != "pobj" or span.label_ not in ("GPE", "NORP"):
        return False
    prep, words = root.head, load_words()
    head = prep.head
    lemma, low = head.lemma_.lower(), head.lower_
    if prep.lower_ == "against" and (lemma in words.stance_heads or low in words.stance_heads):
        return True  # "protesters chanted against America": whom they voice a stance against
    if prep.i == trig.i or head.i == trig.i:
        return False
    tied = lemma in words.affiliation_heads or low in words.affiliation_heads
    if prep.lower_ in ("to", "by", "with", "of") and tied:
        return prep.lower_ != "of" or low == "proxy"  # "a proxy of Iran"
    return False


def _from_to(root: Token) -> bool:
    """One end of a range: "from Tripoli in the north to Nabatiyeh in the south",
    "from the capital Beirut to Sidon ... up to Tripoli"."""
    while root.dep_ in ("appos", "conj", "compound") and root.head.i != root.i:
        root = root.head  # "the capital Beirut", "to Sidon and Tyre"
    return root.dep_ == "pobj" and range_anchor(root.head) is not None


def _in_descriptor(root: Token) -> bool:
    """Inside a description of another place ("Nasiriyah, a city between Basra and Baghdad")."""
    cur = root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.lemma_.lower() in load_words().place_heads:
        cur = root.head  # "the capital Beirut": the name of the place noun, not a description
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
                and is_name_like(ent) and is_locative(ent):
            # "to Nabatiyeh", "in Maysan": the NER's label is wrong; "in the Kremlin":
            # a name that stands for a government is a place after a locative preposition
            out.append((ent, "MISREAD"))
        elif ent.label_ not in PLACE_LABELS and names.named_by_place_noun(ent):
            out.append((ent, "MISREAD"))  # "the town of Saravan" read as a nationality
        elif ent.label_ == "NORP" and len(ent) <= 4 and ent.root.dep_ == "pobj" and ent.root.tag_ == "NNP" \
                and is_name_like(ent) and is_locative(ent):
            out.append((ent, "MISREAD"))  # "a base in Samarra, in ...": a town read as a nationality
        if ent.label_ in ("ORG", "FAC"):
            inner = names.site_town(ent)
            if inner is not None:
                out.append((inner, "INSIDE"))  # "the US embassy in Baghdad" named as one organisation
    for t in sent:
        if t.pos_ == "PROPN" and not t.ent_type_ and t.dep_ in ("pobj", "conj") and \
                first_conjunct(t).head.lower_ in load_words().locative_preps:
            # a proper name after a locative preposition that the NER missed ("on Ain al-Asad")
            start = min((c.left_edge.i for c in t.children if c.dep_ == "compound"), default=t.i)
            span = sent.doc[start:t.i + 1]
            if span.start >= sent.start and is_name_like(span):
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


def _place_role(span: Span, trig: Token, speakers: set[int]) -> str:
    """The place's role for this trigger (event, context, actor, descriptor, origin, speaker)."""
    if _relative_clause_of(span, trig):
        return "event"  # "the town of Nasiriyah, which has seen violent clashes"
    if any(t.i in speakers for t in span):
        return "speaker"
    if _in_hypothetical(span.root, trig):
        return "hypothetical"  # "a foothold from which they could launch attacks on Karbala"
    if _setting_of(span.root, trig):
        return "event"  # "Kashmir was the scene of fresh protests", "the town of Amara saw clashes"
    root = span.root
    # walk up from the place to see how it attaches
    cur, prep = root, None
    for _ in range(8):
        if cur.dep_ == "pobj" and (cur.head.dep_ == "prep" or (cur.head.dep_ == "conj" and cur.head.pos_ == "ADP")):
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
        attach = conjoined_prep_head(prep)
        if names.office_posting(prep) and attach.i != trig.i:  # "the Iranian ambassador to Pakistan": a title
            return names.posting_role(prep, trig, agent_tokens(trig)) or "office"
        journey = names.visit_role(prep, trig, near_in_tree)
        if journey is not None:
            return journey  # "during his visit to Iraq, he met ...": the visit's destination
        anchor = range_anchor(prep) if p in RANGE_PREPS else None
        if anchor is not None and near_in_tree(anchor, trig):
            return "event"  # "from Tripoli in the north to Nabatiyeh in the south", "up to Tripoli"
        if p == "by" and prep.dep_ in ("agent", "prep") and prep.head.pos_ in ("NOUN", "VERB"):
            return "agent"  # "a complaint by Khalil", "struck by Israel": who acts, not where
        if p == "from" and measured_from(prep):
            return "descriptor"  # "70 km from the border"; "two men from Nablus" are people
        if p == "to" and (attach.i == trig.i or names.deployed_to(prep, trig)):
            return "event"  # "his visit to Iraq", "sent troops to Syria", "promised to send troops to Syria"
        if p in load_words().locative_preps or p in ("from", "between", "of"):
            if near_in_tree(attach, trig):
                if p == "from":
                    if any(c.dep_ == "prep" and c.lower_ == "to" for c in attach.children) and \
                            attach.lemma_.lower() not in load_words().journey_verbs:
                        return "event"  # "from Tripoli in the north to Nabatiyeh in the south"
                    before = prep.doc[prep.i - 1]
                    if is_people(attach) or (before.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "appos")
                                              and is_people(before)):  # "killed pilgrims from Pakistan"
                        return "home"  # "an activist from Basra", "dozens from Canada": where people come from
                    return "origin"  # "infiltrators from Syria", "an officer, down from Baghdad"
                return "event" if p != "of" or attach.lemma_.lower() in load_words().place_heads else "context"
            return "context"
    if root.dep_ == "dobj" and root.head.i == trig.i and trig.lemma_.lower() in load_words().place_object_verbs:
        return "event"  # "visited Tehran", "shelled Tartar"
    journey = names.visiting_role(root, trig, near_in_tree)
    if journey is not None:
        return journey  # "while visiting Baghdad, the minister met ..."
    if root.dep_ in ("nsubj", "nsubjpass", "dobj", "poss") and root.ent_type_ == "GPE":
        return "actor"
    return "context"


_SETTING_VERBS = ("see", "witness", "experience")


def _setting_of(root: Token, trig: Token) -> bool:
    """The place is the subject that has seen the act or was its scene ("Kut has
    witnessed daily protests", "the town of Amara saw clashes", "Basra has been the
    site of repeated rocket attacks"): the act happened there."""
    while root.dep_ in ("compound", "appos", "conj") and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "of" and \
            root.head.head.lemma_.lower() in load_words().place_heads:
        root = root.head.head  # "the town of Amara"
    if root.dep_ != "nsubj":
        return False
    verb = root.head
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    if verb.lemma_.lower() in _SETTING_VERBS:
        return any(o.i == trig.i or (trig in o.subtree and trig.pos_ == "NOUN") for o in objects)
    if verb.lemma_.lower() != "be":
        return False
    for o in objects:
        if o.lemma_.lower() in load_words().scene_nouns:
            for prep in (c for c in o.children if c.dep_ == "prep" and c.lower_ == "of"):
                if any(x.i == trig.i for x in prep.children) or trig in prep.subtree:
                    return True
    return False


def _in_hypothetical(root: Token, trig: Token) -> bool:
    """The place sits in a clause of what could, would or was meant to happen, below
    the trigger ("overrun in 2014, giving militants a foothold from which they could
    launch attacks on Karbala", "gathered in the square to march on the Green Zone"):
    it is not where the trigger's act happened."""
    modals = load_words().hypothetical_modals
    cur = root
    for _ in range(12):
        if cur.i == trig.i or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.i == trig.i:
            return False
        if cur.head.i == trig.i and cur.dep_ in ("ccomp", "xcomp"):
            return False  # "warned that militants could attack Karbala": what the trigger is about
        if cur.pos_ in ("VERB", "AUX") and trig not in cur.subtree:
            aux = [c for c in cur.children if c.dep_ == "aux"]
            if any(c.lower_ in modals for c in aux):
                return True
            if cur.dep_ in ("advcl", "acl", "relcl") and any(c.lower_ == "to" for c in aux):
                return True
    return False


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


# ---------------------------------------------------------------------- dates

def date_spans(article: Article, sent: Span, trig: Token, offset: int) -> list[DateSpan]:
    """Date mentions of the sentence resolved against the article's dateline."""
    base = offset + sent.start_char
    clause = {t.idx - sent.start_char for t in clause_tokens(trig)}
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
        out.extend(_nearby_dates(article, sent, offset))
    return out


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
    """Whether the date modifies another noun ("the 1988 prison killings") and so
    dates something other than the act."""
    span = sent.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    head = root.head
    if root.dep_ not in ("compound", "nummod", "amod", "nmod", "poss") or head in span or head.i == trig.i:
        return False
    if head.dep_ == "pobj" and head.head.lower_ in load_words().temporal_preps and near_in_tree(head.head.head, trig):
        return False  # "imposed him after the May 2018 elections": the act's own time anchor
    return head.pos_ in ("NOUN", "PROPN") and head.ent_type_ != "DATE"


# ----------------------------------------------------------------- fatalities

def fatalities_of(sent: Span, lex: Lexicon) -> int | None:
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
    """The number of dead a death word states through its arguments, or None."""
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
    """The number a noun phrase counts ("18 people", "dozens of protesters",
    "a protester"), or None; a bare year is not a count."""
    if g.pos_ == "NUM" or g.like_num:
        n = number_value(g, lex)
        if n is not None and not (1900 <= n <= 2100 and g.text.isdigit()):
            return n
    for c in g.children:
        if c.dep_ in ("nummod", "quantmod") or (c.dep_ == "amod" and c.lower_ in lex.numbers):
            n = number_value(c, lex)
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
