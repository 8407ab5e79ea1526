"""The spaCy pipeline, built once per process, and article parsing in bounded chunks.

Why an EntityRuler: spaCy's small English model tags militia names such as
"Kataib Hezbollah" as PERSON and misses many of them.  The actor registry
(``data/actors.yaml``) knows the aliases, so its patterns are added *before*
the statistical NER with ``overwrite_ents`` and win over it.

Why chunks: one 950,000-character document took 45 s and 3.3 GB in spaCy.
:func:`parse_article` splits an article at paragraph boundaries into pieces of at
most :data:`geo.settings.MAX_PARSE_CHARS` characters and parses them with
``nlp.pipe``; excluded spans (teasers, captions) are blanked out first so that
offsets into ``Document.text`` stay exact.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from geo import settings
from geo.records import Article

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

_PARA = re.compile(r"\n\s*\n|\n")


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The project's pipeline: the English model plus the actor registry's entities.

    Built lazily and once per process (``lru_cache``): loading costs ~0.5 s and
    150 MB, so nothing happens (and nothing is registered) at import time.

    The registry's names are set as entities *before* the statistical NER, which
    keeps them and labels only the rest, so the registry wins ("Kataib Hezbollah"
    is an ORG, not a PERSON).  A spaCy ``EntityRuler`` with the registry's 3,000
    token patterns does the same but its Matcher took 69 of 87 s on the five
    seeds; :meth:`geo.actors.Registry.match` finds the same names in 0.1 s per
    100,000 characters, so the component calls it instead.
    """
    import spacy
    from spacy.language import Language

    nlp = spacy.load(settings.SPACY_MODEL)
    if not Language.has_factory(REGISTRY_COMPONENT):
        Language.factory(REGISTRY_COMPONENT, func=_make_registry_component)
    nlp.add_pipe(REGISTRY_COMPONENT, before="ner")
    if not Language.has_factory(PLACE_COMPONENT):
        Language.factory(PLACE_COMPONENT, func=_make_place_component)
    nlp.add_pipe(PLACE_COMPONENT, after="ner")
    return nlp


REGISTRY_COMPONENT = "geo_registry_entities"
PLACE_COMPONENT = "geo_place_names"


def _registry():
    """The actor registry (a broken data/actors.yaml raises DataError: no silent fallback)."""
    from geo.actors import get_registry

    return get_registry()


def _make_registry_component(nlp: Language, name: str):
    """spaCy factory: a component that sets registry actors as entities (ORG, or
    PERSON for persons; the entity ID is the actor id).  Place names standing for a
    government ("Tehran said") are left to the NER, which tags them as places."""
    from spacy.util import filter_spans

    registry = _registry()

    def registry_entities(doc: Doc) -> Doc:
        spans = []
        for m in registry.match(doc.text):
            if m.metonym:
                continue
            label = "PERSON" if m.actor.kind == "person" else "ORG"
            span = doc.char_span(m.start, m.end, label=label, span_id=m.actor.id, alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
        if spans:
            doc.ents = filter_spans(spans + list(doc.ents))
        return doc

    return registry_entities


# Labels the small model gives to place names it does not know ("Sanaa" PERSON,
# "Abdali (Jahra" WORK_OF_ART); registry actors (with an entity id) are never relabelled.
_MISREAD_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})
_FAMOUS_POPULATION = 100_000
_PLACE_LABEL = {"site": "FAC", "region": "LOC", "water": "LOC", "border": "LOC", "continent": "LOC"}


def _make_place_component(nlp: Language, name: str):
    """spaCy factory: a component that gives gazetteer places their place label back.

    The small English model reads many Arabic place names as persons or
    organisations ("south of Sanaa city", "a farm in Abdali (Jahra)"), and then no
    rule downstream sees a place.  A name the gazetteer knows becomes a GPE (a FAC
    for a site, a LOC for a region or sea) when it is a capital, a country or a
    city of 100,000 people or more by its main name, or when the sentence uses it as a place: after
    a locative preposition ("in", "near", "from"), as what a place verb acts on
    ("shelled Sderot"), in front of or after a place
    noun ("Sanaa city", "the town of Amarah"), or in the parentheses ACLED-style
    notes put after a place for its province ("Camp Taji (Baghdad)").  A weapon's
    name the NER read as a place or group ("Katyusha rockets") loses its label: it
    is neither where the act happened nor who did it.
    """
    from spacy.tokens import Span
    from spacy.util import filter_spans

    from geo.gazetteer import get_gazetteer
    from geo.lexicon import load_lexicon, load_words

    gazetteer = get_gazetteer()
    words = load_words()
    weapons = load_lexicon().cues["weapon"]
    locative = words.locative_preps | {"to", "from", "of"}

    def place_label(text: str, in_context: bool) -> str | None:
        best = None
        for hit in gazetteer.hits(text, fuzzy=False):
            e = hit.entry
            famous = hit.match == 0 and (e.feature == "country" or gazetteer.is_capital(hit.index) or (
                e.feature == "city" and e.population >= _FAMOUS_POPULATION))
            if famous or in_context:
                best = _PLACE_LABEL.get(e.feature, "GPE")
                if famous:
                    return best
        return best

    def used_as_place(doc: Doc, start: int, end: int) -> bool:
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if before is not None and before.lower_ in locative:
            return before.lower_ != "of" or (start > 1 and doc[start - 2].lemma_.lower() in
                                             words.place_heads | words.area_heads | words.compass_words)
        if after is not None and after.lemma_.lower() in words.area_heads:
            return True  # "Sanaa city", "Saladin province"
        root = doc[start:end].root
        if root.dep_ == "dobj" and root.head.lemma_.lower() in words.place_object_verbs:
            return True  # "shelled Sderot", "visited Amarah"
        if before is not None and before.text == "(" and after is not None and after.text == ")" and start > 1:
            return doc[start - 2].ent_type_ in ("GPE", "LOC", "FAC")  # ACLED: "Abdali (Jahra)"
        return False

    def modifies_a_site(span) -> bool:
        """"Erbil airport", "Evin prison": the phrase is the place, read as a whole downstream."""
        root = span.root
        return root.dep_ == "compound" and root.head.i >= span.end and \
            root.head.lemma_.lower() in words.place_heads - words.area_heads

    def weapon_name(ent) -> bool:
        """"Katyusha rockets", "Burkan missiles": a weapon's name the NER read as a place or group."""
        if ent.ent_id_ or ent.label_ not in ("GPE", "LOC", "ORG", "PRODUCT", "PERSON", "NORP"):
            return False
        root = ent.root
        if ent.text.lower() in weapons:
            return True
        if root.dep_ not in ("compound", "amod", "nmod") or root.head.lemma_.lower() not in weapons \
                or gazetteer.demonym(ent.text):
            return False
        return place_label(ent.text, False) is None

    def place_names(doc: Doc) -> Doc:
        keep, new = [], []
        for ent in doc.ents:
            if weapon_name(ent):
                continue
            if ent.label_ not in _MISREAD_LABELS or ent.ent_id_:
                keep.append(ent)
                continue
            if modifies_a_site(ent):
                keep.append(ent)
                continue
            parts = _paren_parts(ent)
            found = []
            for s, e in parts:
                label = place_label(doc[s:e].text, used_as_place(doc, s, e))
                if label:
                    found.append(Span(doc, s, e, label=label))
            if found:
                new.extend(found)
            else:
                keep.append(ent)
        if new or len(keep) != len(doc.ents):
            doc.ents = filter_spans(keep + new)
        # proper names the NER left unlabelled, used as places: "shelled Sderot", "in Amarah",
        # a province in parentheses after a place ("Camp Taji (Baghdad)")
        extra = []
        for t in doc:
            if t.ent_type_ or t.pos_ != "PROPN" or (t.dep_ == "compound" and t.head.i > t.i):
                continue  # a name's head token stands for the whole name
            start = min((c.left_edge.i for c in t.children if c.dep_ == "compound" and c.i < t.i), default=t.i)
            if any(doc[i].ent_type_ for i in range(start, t.i + 1)):
                continue
            if modifies_a_site(doc[start:t.i + 1]) or not used_as_place(doc, start, t.i + 1):
                continue
            label = place_label(doc[start:t.i + 1].text, True)
            if label:
                extra.append(Span(doc, start, t.i + 1, label=label))
        if extra:
            doc.ents = filter_spans(list(doc.ents) + extra)
        return doc

    return place_names


def _paren_parts(ent) -> list[tuple[int, int]]:
    """Token ranges of an entity split at parentheses ("Abdali (Jahra" -> Abdali, Jahra)."""
    parts, start = [], ent.start
    for t in ent:
        if t.text in ("(", ")"):
            if t.i > start:
                parts.append((start, t.i))
            start = t.i + 1
    if ent.end > start:
        parts.append((start, ent.end))
    return parts


def article_chunks(article: Article, max_chars: int | None = None) -> list[tuple[int, str]]:
    """Split an article into (document offset, text) chunks of at most ``max_chars``.

    Excluded spans are replaced by spaces (same length) so offsets stay exact and
    teasers or captions never reach the parser.  Each line (paragraph) is its own
    chunk; a line longer than the limit is cut after a sentence end or a space.
    """
    limit = max(200, max_chars or settings.MAX_PARSE_CHARS)
    text = _blank_excluded(article)
    chunks: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        # one paragraph (line) per parse: a sentence never runs across a line
        # break, so headlines and captions stay apart from the body text
        if line.strip():
            for start, piece in _pieces(line, limit):
                if piece.strip():
                    chunks.append((article.start + pos + start, piece.rstrip("\r\n")))
        pos += len(line)
    return chunks


# no-break, thin and figure spaces: web copy puts them inside names ("Lt.\u00a0Gen. Abdul\u00a0Wahab"),
# where spaCy's tokenizer keeps them as tokens of their own and the name falls apart
_ODD_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u202f"})


def _blank_excluded(article: Article) -> str:
    """The article text as the parser sees it: every excluded span overwritten by
    spaces, and odd spaces made plain ones (one character for one, so offsets hold;
    quotes are cut from the document's own text)."""
    text = article.text.translate(_ODD_SPACES)
    if not article.excluded:
        return text
    chars = list(text)
    for s, e in article.excluded:
        lo, hi = max(s - article.start, 0), min(e - article.start, len(chars))
        for i in range(lo, hi):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _pieces(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Greedy packing of paragraphs into pieces no longer than ``limit``."""
    cur_start, cur_end = 0, 0
    for end in [m.end() for m in _PARA.finditer(text)] + [len(text)]:
        if end - cur_start <= limit:
            cur_end = end
            continue
        if cur_end > cur_start:
            yield cur_start, text[cur_start:cur_end]
            cur_start = cur_end
        while end - cur_start > limit:  # one paragraph longer than the limit
            cut = _cut_point(text, cur_start, cur_start + limit)
            yield cur_start, text[cur_start:cut]
            cur_start = cut
        cur_end = end
    if cur_end > cur_start:
        yield cur_start, text[cur_start:cur_end]


def _cut_point(text: str, lo: int, hi: int) -> int:
    """A cut between ``lo`` and ``hi``: after the last '. ', else the last space, else ``hi``."""
    window = text[lo:hi]
    for sep in (". ", "\n", " "):
        k = window.rfind(sep)
        if k > len(window) // 2:
            return lo + k + len(sep)
    return hi


def parse_article(nlp: Language, article: Article, *, max_chars: int | None = None) -> list[tuple[int, Doc]]:
    """Parse an article in bounded chunks: ``[(offset into Document.text, Doc), ...]``.

    ``doc[i].idx + offset`` is the token's offset in ``Document.text``.
    """
    chunks = article_chunks(article, max_chars)
    docs = nlp.pipe((text for _, text in chunks), batch_size=64)
    return [(offset, doc) for (offset, _), doc in zip(chunks, docs, strict=True)]
