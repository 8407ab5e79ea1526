"""The extractor's word knowledge, read from ``data/`` into frozen records.

Knowledge is data: which words are event triggers and what they give
(``data/triggers.yaml``), and the grammar word lists used to read a sentence's
arguments (``data/lexicon.yaml``: locative prepositions, place nouns,
institution nouns ...).  Both are read once per path and cached, so the rules
in :mod:`geo.events`, :mod:`geo.arguments` and :mod:`geo.merge` can ask for them
as often as they like, and nothing is read at import time.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from geo import settings
from geo.errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


# --------------------------------------------------------------------------- lexicon

@dataclass(frozen=True)
class TriggerSpec:
    """One trigger group of ``data/triggers.yaml``.

    A group shares a class, a default type and the conditions a word needs to
    count (``needs``, ``objects``, ``preps``), so one rule serves "attack",
    "assault" and "murder" alike; the YAML comments say what each field means.
    """

    lemmas: frozenset[str]
    pos: frozenset[str]
    cls: str
    type: str
    protest: bool = False
    border: bool = False
    militia: bool = False
    needs: str | None = None
    weight: float = 0.6
    objects: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    armed: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Everything the detector knows about trigger words, read from ``data/triggers.yaml``.

    Frozen and cached so every sentence of a run sees the same lexicon;
    ``cues`` and ``filters`` are the named word lists of that file.
    """

    triggers: dict[str, tuple[TriggerSpec, ...]]
    cues: dict[str, frozenset[str]]
    filters: dict[str, frozenset[str]]
    reporting: frozenset[str]
    source_verbs: frozenset[str]
    numbers: dict[str, int]
    death_nouns: frozenset[str]
    death_verbs: frozenset[str]
    armed_kinds: frozenset[str] = frozenset()
    state_kinds: frozenset[str] = frozenset()
    proxy_alignment: frozenset[str] = frozenset()
    proxy_actors: frozenset[str] = frozenset()
    state_nouns: frozenset[str] = frozenset()
    crowd_words: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()
    commentators: frozenset[str] = frozenset()

    def specs(self, token: Token) -> tuple[TriggerSpec, ...]:
        """Trigger groups that accept this token (lemma and part of speech).

        The lemma is tried first, then the lower-cased form, because the tagger
        sometimes leaves a nominalisation unlemmatised.
        """
        out = self.triggers.get(token.lemma_.lower(), ()) or self.triggers.get(token.lower_, ())
        for form in () if out else hyphen_forms(token):
            out = out or self.triggers.get(form, ())
        pos = "VERB" if token.pos_ in ("VERB", "AUX") else token.pos_
        return tuple(s for s in out if pos in s.pos)


def hyphen_forms(token: Token) -> tuple[str, ...]:
    """The hyphenated word the tokenizer split, ending at this token, and its singular:
    "sit-ins" arrives as "sit", "-", "ins", so the lexicon's "sit-in" never matched."""
    doc, i = token.doc, token.i
    if i < 2 or doc[i - 1].text != "-" or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
        return ()
    word = f"{doc[i - 2].lower_}-{token.lower_}"
    return (word, word[:-1]) if word.endswith("s") else (word,)


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read the trigger lexicon (cached per path).

    Parameters
    ----------
    path
        A YAML file like ``data/triggers.yaml``; the packaged one by default.

    Returns
    -------
    Lexicon
        Trigger groups indexed by lemma, and the cue, filter and number word lists.
    """
    p = Path(path) if path else settings.DATA_DIR / "triggers.yaml"
    raw: dict[str, Any] = yaml.safe_load(p.read_text(encoding="utf-8"))
    triggers: dict[str, list[TriggerSpec]] = {}
    for group in raw["triggers"]:
        spec = TriggerSpec(
            lemmas=frozenset(group["lemmas"]), pos=frozenset(group.get("pos", ["VERB", "NOUN"])),
            cls=group["class"], type=group["type"], protest=bool(group.get("protest")),
            border=bool(group.get("border")), militia=bool(group.get("militia")),
            needs=group.get("needs"), weight=float(group.get("weight", 0.6)),
            objects=frozenset(group.get("objects", ())), preps=frozenset(group.get("preps", ())),
            armed=bool(group.get("armed")),
        )
        for lemma in spec.lemmas:
            triggers.setdefault(lemma, []).append(spec)
    for group in raw.get("phrasal", ()):
        spec = TriggerSpec(
            lemmas=frozenset(group["verbs"]), pos=frozenset(["VERB"]), cls=group["type"], type=group["type"],
            weight=float(group.get("weight", 0.8)), objects=frozenset(group["objects"]),
            preps=frozenset(group["preps"]), needs="phrasal",
        )
        for lemma in spec.lemmas:
            triggers.setdefault(lemma, []).append(spec)
    as_set = {k: frozenset(str(x).lower() for x in v) for k, v in raw["cues"].items()}
    filters = {k: frozenset(str(x).lower() for x in v) for k, v in raw["filters"].items()}
    return Lexicon(
        triggers={k: tuple(v) for k, v in triggers.items()},
        cues=as_set, filters=filters,
        reporting=frozenset(raw["reporting_verbs"]),
        source_verbs=frozenset(raw.get("source_verbs", raw["reporting_verbs"])),
        numbers={str(k).lower(): int(v) for k, v in raw["numbers"].items()},
        death_nouns=frozenset(raw["death_words"]["nouns"]),
        death_verbs=frozenset(raw["death_words"]["verbs"]),
        armed_kinds=frozenset(raw["actor_kinds"]["armed"]),
        state_kinds=frozenset(raw["actor_kinds"]["state"]),
        proxy_alignment=frozenset(raw["actor_kinds"]["proxy_alignment"]),
        proxy_actors=frozenset(raw["actor_kinds"].get("proxy_actors", ())),
        state_nouns=frozenset(raw["state_nouns"]),
        crowd_words=frozenset(raw.get("crowd_words", ())),
        title_words=frozenset(raw.get("title_words", ())),
        commentators=frozenset(raw.get("commentators", ())),
    )


@dataclass(frozen=True)
class Words:
    """Grammar word lists of ``data/lexicon.yaml`` (see the comment of each list there).

    They are how the argument rules recognise a locative preposition, a place
    noun or an institution; kept as data so a reviewer can read and extend them
    without reading the rules.
    """

    locative_preps: frozenset[str]
    light_verbs: frozenset[str]
    generic_actors: frozenset[str]
    actor_heads: frozenset[str]
    place_heads: frozenset[str]
    place_object_verbs: frozenset[str]
    group_nouns: frozenset[str]
    installations: frozenset[str]
    copular: frozenset[str]
    temporal_preps: frozenset[str]
    name_articles: tuple[str, ...]  # a tuple: used with str.startswith
    attribution_heads: frozenset[str]
    labour_strike_modifiers: frozenset[str]
    writer_verbs: frozenset[str]
    state_act_nouns: frozenset[str]
    sanction_words: frozenset[str]
    site_heads: frozenset[str]
    area_heads: frozenset[str]
    dateline_non_names: frozenset[str]
    state_instruments: frozenset[str] = frozenset()
    compass_words: frozenset[str] = frozenset()
    media_heads: frozenset[str] = frozenset()
    relation_nouns: frozenset[str] = frozenset()
    vague_heads: frozenset[str] = frozenset()
    person_heads: frozenset[str] = frozenset()
    address_verbs: frozenset[str] = frozenset()
    affiliation_heads: frozenset[str] = frozenset()
    stance_heads: frozenset[str] = frozenset()
    journey_verbs: frozenset[str] = frozenset()
    settlement_heads: frozenset[str] = frozenset()
    people_nouns: frozenset[str] = frozenset()
    scene_nouns: frozenset[str] = frozenset()
    hypothetical_modals: frozenset[str] = frozenset()
    speaking_verbs: frozenset[str] = frozenset()
    comment_verbs: frozenset[str] = frozenset()
    vicinity_preps: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def load_words(path: str | None = None) -> Words:
    """Read the grammar word lists (cached per path).

    Parameters
    ----------
    path
        A YAML file like ``data/lexicon.yaml``; the packaged one by default.

    Returns
    -------
    Words
        Every list as a frozenset of lower-case strings (``name_articles`` as a tuple).

    Raises
    ------
    DataError
        When a list is missing or is not a list, naming the file and the list.
    """
    p = Path(path) if path else settings.DATA_DIR / "lexicon.yaml"
    raw: dict[str, Any] = yaml.safe_load(p.read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        if not isinstance(raw, dict) or not isinstance(raw.get(key), list):
            raise DataError(f"{p}: word list '{key}' is missing or not a list; see the packaged data/lexicon.yaml")
        return frozenset(str(x) for x in raw[key])

    return Words(
        locative_preps=words("locative_preps"), light_verbs=words("light_verbs"),
        generic_actors=words("generic_actors"), actor_heads=words("actor_heads"), place_heads=words("place_heads"),
        place_object_verbs=words("place_object_verbs"), group_nouns=words("group_nouns"),
        installations=words("installations"), copular=words("copular"), temporal_preps=words("temporal_preps"),
        name_articles=tuple(sorted(words("name_articles"))),
        attribution_heads=words("attribution_heads"), labour_strike_modifiers=words("labour_strike_modifiers"),
        writer_verbs=words("writer_verbs"), state_act_nouns=words("state_act_nouns"),
        sanction_words=words("sanction_words"), site_heads=words("site_heads"), area_heads=words("area_heads"),
        dateline_non_names=words("dateline_non_names"),
        state_instruments=words("state_instruments"), compass_words=words("compass_words"),
        media_heads=words("media_heads"), relation_nouns=words("relation_nouns"),
        vague_heads=words("vague_heads"), person_heads=words("person_heads"),
        address_verbs=words("address_verbs"),
        affiliation_heads=words("affiliation_heads"), stance_heads=words("stance_heads"),
        journey_verbs=words("journey_verbs"),
        settlement_heads=words("settlement_heads"), people_nouns=words("people_nouns"),
        scene_nouns=words("scene_nouns"), hypothetical_modals=words("hypothetical_modals"),
        speaking_verbs=words("speaking_verbs"), comment_verbs=words("comment_verbs"),
        vicinity_preps=words("vicinity_preps"),
    )
