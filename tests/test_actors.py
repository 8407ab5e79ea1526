"""The actor registry: spellings users will meet, networks, spaCy patterns and the CLI.

Sentences here are written for these tests (wire, analysis and ACLED-note styles);
none is copied from the seed documents.
"""
from __future__ import annotations

import pytest

from geo.actors import Registry, expand_alias, get_registry, load_registry
from geo.cli import main
from geo.errors import DataError


@pytest.fixture(scope="module")
def reg() -> Registry:
    return get_registry()


# --------------------------------------------------------------------------- the data


def test_registry_is_large_and_every_actor_is_sourced(reg):
    assert len(reg.actors) >= 80
    for actor in reg:
        assert actor.sources, f"{actor.id} has no source"
        assert actor.kind != "unknown", actor.id
    people = [a for a in reg if a.kind == "person"]
    assert len(people) >= 30
    assert all(p.leads or p.member_of for p in people), "every person is linked to what they lead or belong to"


def test_alias_alternations_expand():
    assert expand_alias("{Iran-backed|pro-Iranian} {militia|factions}") == [
        "Iran-backed militia", "Iran-backed factions", "pro-Iranian militia", "pro-Iranian factions"]
    assert expand_alias("{US |}forces") == ["US forces", "forces"]


# --------------------------------------------------------------------------- resolve


@pytest.mark.parametrize("name, actor_id", [
    ("Kata'ib Hizballah", "kh"),
    ("Kataeb Hezbollah", "kh"),
    ("Katai'b Hizbullah", "kh"),
    ("KH", "kh"),
    ("Hezbollah Brigades", "kh"),
    ("Asa'ib Ahl al-Haqq", "aah"),
    ("Asaib Ahl Al-Haq", "aah"),
    ("League of the Righteous", "aah"),
    ("the Khazali network", "aah"),
    ("Ansar Allah", "houthis"),
    ("Ansarullah", "houthis"),
    ("Huthi", "houthis"),
    ("Houthi rebels", "houthis"),
    ("the Huthis", "houthis"),
    ("Hizbullah", "hezbollah"),
    ("Hizb Allah", "hezbollah"),
    ("Hezbollah's", "hezbollah"),
    ("Hezbollah fighters", "hezbollah"),
    ("Hashd al-Sha'bi", "pmf"),
    ("al-Hashd ash-Shaabi", "pmf"),
    ("Hashed al-Shaabi", "pmf"),
    ("PMF", "pmf"),
    ("Popular Mobilisation Units", "pmf"),
    ("pro-Iranian militias", "iran_backed_militias"),
    ("Iran-aligned factions", "iran_backed_militias"),
    ("Tehran-backed Shiite militiamen", "iran_backed_militias"),
    ("armed groups loyal to Iran", "iran_backed_militias"),
    ("Kataib Sayyed al-Shuhadaa", "kss"),
    ("Harakat al-Nujabaa", "nujaba"),
    ("Saraya as-Salam", "saraya_salam"),
    ("Jaish al-Mahdi", "mahdi_army"),
    ("the Revolutionary Guards", "irgc"),
    ("IRGC-QF", "irgc_qf"),
    ("Qods Force", "irgc_qf"),
    ("Basij militia", "basij"),
    ("Gasht-e Ershad", "morality_police"),
    ("Qasim Sulaimani", "qassem_soleimani"),
    ("Gen. Qassem Soleimani", "qassem_soleimani"),
    ("Ismail Ghaani", "esmail_qaani"),
    ("Abu Mahdi al-Mohandes", "abu_mahdi_muhandis"),
    ("Sheikh Qais al-Khazali", "qais_khazali"),
    ("Hadi al-Amiri", "hadi_ameri"),
    ("Moqtada al-Sadr", "muqtada_sadr"),
    ("Faleh al-Fayyad", "falih_fayyadh"),
    ("Akram al-Ka'bi", "akram_kaabi"),
    ("Sayyed Hasan Nasrallah", "hassan_nasrallah"),
    ("Abdulmalik al-Huthi", "abdul_malik_houthi"),
    ("Nuri al-Maliki", "nouri_maliki"),
    ("Ayatollah Ali Khamenei", "ali_khamenei"),
    ("Ayatollah Khomeini", "ruhollah_khomeini"),  # not Khamenei, however the vowels are folded
    ("Mustafa al-Khadhimi", "mustafa_kadhimi"),
    ("Fatemiyoun Brigade", "fatemiyoun"),
    ("Liwa Zeinabiyoun", "zainabiyoun"),
    ("Daesh", "isis"),
    ("ISIL", "isis"),
    ("Jabhat al-Nusrah", "nusra_front"),
    ("Israeli Defence Forces", "idf"),
    ("Pentagon", "dod"),
    ("the US-led coalition", "cjtf_oir"),
    ("Saudi-led coalition", "saudi_led_coalition"),
    ("Turkish jets", "tsk"),
    ("Jordanian border guards", "jaf"),
    ("U.S. troops", "us_forces"),
    ("demonstrators", "protesters"),
    ("mourners", "protesters"),
    ("Iranian-backed drug smugglers", "iran_backed_smugglers"),
    ("arms smugglers", "smugglers"),
    ("kh", "kh"),  # typed on the command line
])
def test_resolve_spelling_variants(reg, name, actor_id):
    actor = reg.resolve(name)
    assert (actor.id if actor else None) == actor_id


@pytest.mark.parametrize("name", [
    "Kata", "Haq", "Ahl", "Hezb", "Reuters", "Amnesty International", "Human Rights Watch", "Associated Press",
    "Amara", "Mosque", "Hama", "Homs", "Michel Suleiman", "Imam Khomeini International Airport",
    "Basra Oil Company", "", "Sadr City", "the weather service",
])
def test_resolve_rejects_unrelated_names(reg, name):
    assert reg.resolve(name) is None


@pytest.mark.parametrize("name, actor_id", [
    ("Military Forces of Iraq (2020-)", "isf"),
    ("Police Forces of Iran (1989-)", "iran_police"),
    ("Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps", "irgc"),  # the unit, not its parent
    ("PMF: Popular Mobilization Forces", "pmf"),
    ("KH: Kataib Hezbollah", "kh"),
    ("Protesters (Iraq)", "protesters"),
    ("Rioters (Lebanon)", "protesters"),
    ("Unidentified Armed Group (Syria)", "gunmen"),
    ("Civilians (Iraq)", None),
])
def test_resolve_acled_actor_names(reg, name, actor_id):
    actor = reg.resolve(name)
    assert (actor.id if actor else None) == actor_id


def test_demonyms_only_on_request(reg):
    assert reg.by_demonym("Israeli").id == "israel"
    assert reg.by_demonym("Iranians").id == "iran"
    assert reg.by_demonym("U.S.").id == "usa"
    assert reg.by_demonym("Martian") is None
    assert reg.resolve("Iraqi") is None, "an Iraqi is not the Iraqi government"
    assert reg.match("an Iraqi man and two Israeli tourists") == []


def test_resolve_accepts_ids(reg):
    assert reg.resolve("kh").name == "Kataib Hezbollah"
    assert reg.get("aah").name == "Asaib Ahl al-Haq"


# --------------------------------------------------------------------------- match


def _found(reg, text, **kw):
    return [(m.surface, m.actor.id) for m in reg.match(text, **kw)]


def test_match_wire_sentence_longest_first(reg):
    text = ("BAGHDAD, May 4 (Wire) - Kata'ib Hizballah, an Iran-backed faction of the Hashd al-Shaabi, "
            "said on Tuesday its fighters had not fired the rockets at U.S. forces.")
    found = _found(reg, text)
    assert ("Kata'ib Hizballah", "kh") in found
    assert ("Hashd al-Shaabi", "pmf") in found
    assert ("U.S. forces", "us_forces") in found
    assert not any(aid == "hezbollah" for _, aid in found), "Hezbollah inside Kataib Hezbollah is not a second actor"


@pytest.mark.parametrize("text, surface, actor_id", [
    ("Kataib Hezbollah fighters stormed a checkpoint near Jurf al-Sakhar overnight.", "Kataib Hezbollah", "kh"),
    ("Asaib Ahl al-Haq militiamen blocked the road to the airport, police said.", "Asaib Ahl al-Haq", "aah"),
    ("Analysts say Kataib Sayyid al-Shuhada fighters now man posts on the border.",
     "Kataib Sayyid al-Shuhada", "kss"),
    ("Harakat Hezbollah al-Nujaba fighters paraded in Baghdad.", "Harakat Hezbollah al-Nujaba", "nujaba"),
])
def test_match_leftmost_mention_wins_over_a_longer_alias_inside_it(reg, text, surface, actor_id):
    # "Hezbollah fighters" is an alias of Hezbollah and longer in characters
    # than "Kataib Hezbollah"; the name that starts first must keep its words.
    found = _found(reg, text)
    assert (surface, actor_id) in found
    assert not any(aid == "hezbollah" for _, aid in found)


def test_match_acled_note(reg):
    text = ("On 12 March 2021, unidentified gunmen believed to be from Asa'ib Ahl al-Haqq shot at demonstrators "
            "in front of the KDP office; the Huthis' statement was not related.")
    found = _found(reg, text)
    assert ("unidentified gunmen", "gunmen") in found
    assert ("Asa'ib Ahl al-Haqq", "aah") in found
    assert ("demonstrators", "protesters") in found
    assert ("KDP", "kdp") in found
    assert ("Huthis", "houthis") in found


def test_match_diplomatic_missions_stand_for_their_state(reg):
    text = "Crowds stormed the Saudi embassy in Tehran and set fire to Iran's consulate in Najaf."
    assert _found(reg, text, metonyms=False) == [("Saudi embassy", "saudi_arabia"), ("Iran's consulate", "iran")]


def test_match_possessive_and_plural(reg):
    found = _found(reg, "Hezbollah's drones and the Houthis' missiles")
    assert found == [("Hezbollah", "hezbollah"), ("Houthis", "houthis")]


def test_match_acronyms_need_capitals(reg):
    assert _found(reg, "they told us the kh was late") == []
    assert ("KH", "kh") in _found(reg, "a KH commander told us")


def test_match_common_words_need_capitals(reg):
    assert _found(reg, "the deal was hashed out and amal is hope") == []


def test_match_metonyms_are_flagged(reg):
    matches = reg.match("Tehran denied it, Iran-backed militias said.")
    tehran = [m for m in matches if m.surface == "Tehran"]
    assert tehran and tehran[0].metonym and tehran[0].actor.id == "iran"
    assert "Tehran" not in [m.surface for m in reg.match("Tehran denied it.", metonyms=False)]


def test_match_blockers_are_not_actors(reg):
    assert _found(reg, "Rockets hit Sadr City overnight.") == []
    assert ("Muqtada al-Sadr", "muqtada_sadr") in _found(reg, "Muqtada al-Sadr called for calm.")
    assert _found(reg, "The National Security Council met before the Security Council vote.") == [
        ("Security Council", "unsc")]
    assert _found(reg, "a portrait of Mohammad Sadiq al-Sadr") == [("Mohammad Sadiq al-Sadr", "sadiq_sadr")]


def test_match_unlisted_spellings(reg):
    found = _found(reg, "A Kataeb Hizbollah commander and the Fatemiyoun Division met Qassem Sulaimani.")
    assert [aid for _, aid in found] == ["kh", "fatemiyoun", "qassem_soleimani"]


def test_match_reads_through_parenthesised_glosses(reg):
    found = _found(reg, "Analysts expect the Fatah (Conquest) alliance and Saraya al-Salam (Peace Companies) to gain.")
    assert found == [("Fatah (Conquest) alliance", "fatah_alliance"), ("Saraya al-Salam", "saraya_salam"),
                     ("Peace Companies", "saraya_salam")]


def test_match_offsets_point_into_text(reg):
    text = "Analysis: why the Popular Mobilization Units matter"
    (m,) = reg.match(text)
    assert text[m.start:m.end] == m.surface == "Popular Mobilization Units"


# --------------------------------------------------------------------------- spaCy


def test_entity_patterns_shape(reg):
    patterns = reg.entity_patterns()
    assert {p["label"] for p in patterns} == {"ORG", "PERSON"}
    ids = {p["id"] for p in patterns}
    assert {"kh", "qais_khazali", "houthis"} <= ids
    persons = {p["id"] for p in patterns if p["label"] == "PERSON"}
    assert "qais_khazali" in persons and "kh" not in persons


def test_entity_patterns_in_an_entity_ruler(nlp, reg):
    """The patterns work in a spaCy EntityRuler on the model's own tokenizer and vocab."""
    from spacy.pipeline import EntityRuler

    ruler = EntityRuler(nlp, name="registry_ruler", phrase_matcher_attr="LOWER", overwrite_ents=True)
    with nlp.select_pipes(enable=[]):  # tokenise the patterns only (see geo.actors.add_entity_ruler)
        ruler.add_patterns(reg.entity_patterns())
    doc = ruler(nlp.make_doc("KATAIB HEZBOLLAH and Kataeb Hizbullah thanked Abu Fadak, not us, but U.S. troops "
                             "and the Popular Mobilisation Forces' protesters in Iran."))
    ents = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("KATAIB HEZBOLLAH", "ORG", "kh") in ents
    assert ("Kataeb Hizbullah", "ORG", "kh") in ents
    assert ("Abu Fadak", "PERSON", "abu_fadak") in ents
    assert ("U.S. troops", "ORG", "us_forces") in ents
    assert ("Popular Mobilisation Forces", "ORG", "pmf") in ents
    assert not {"us", "protesters", "Iran"} & {e.text for e in doc.ents}, "no acronym in lower case, no common nouns"


def test_the_project_pipeline_tags_militias_as_org(nlp):
    doc = nlp("Kataib Hezbollah and Kata'ib Hizbullah denied it, while Qais al-Khazali blamed the Hashd al-Sha'bi "
              "and Iran.")
    ents = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("Kataib Hezbollah", "ORG", "kh") in ents
    assert ("Kata'ib Hizbullah", "ORG", "kh") in ents
    assert ("Qais al-Khazali", "PERSON", "qais_khazali") in ents
    assert ("Hashd al-Sha'bi", "ORG", "pmf") in ents
    assert any(e.text == "Iran" and e.label_ == "GPE" for e in doc.ents), "country names stay places for the NER"


# --------------------------------------------------------------------------- network


def test_chain_goes_up_to_the_state(reg):
    assert [a.id for a in reg.chain("irgc_qf")] == ["irgc_qf", "irgc", "iran_armed_forces", "iran"]
    assert [a.id for a in reg.chain("kh")] == ["kh", "pmf"]
    assert [a.id for a in reg.command("kh")] == ["irgc_qf"]
    assert [a.id for a in reg.chain("rab_allah")] == ["rab_allah", "kh", "pmf"]


def test_children(reg):
    direct = {a.id for a in reg.children("pmf", recursive=False)}
    assert {"kh", "aah", "badr", "kss", "nujaba"} <= direct
    assert "rab_allah" not in direct
    assert "rab_allah" in {a.id for a in reg.children("pmf")}


def test_groups_for_filters(reg):
    groups = reg.groups()
    assert "Kataib Hezbollah" in groups["All Iran-aligned"]
    assert "Israel Defense Forces" in groups["All Israeli"]
    axis = set(groups["Axis of Resistance members"])
    assert {"Hezbollah", "Houthis", "Izz ad-Din al-Qassam Brigades"} <= axis and "Israel" not in axis
    assert {"Badr Organization", "State of Law Coalition"} <= set(groups["Coordination Framework members"])
    pmf = set(groups["PMF factions"])
    assert {"Popular Mobilization Forces", "Kataib Hezbollah", "Asaib Ahl al-Haq", "Rab'allah"} <= pmf
    assert "Hezbollah" not in pmf
    network = set(groups["Quds Force network"])
    assert {"Kataib Hezbollah", "Liwa Fatemiyoun", "Ashab al-Kahf"} <= network


def test_expand_group_alignment_and_name(reg):
    assert "Houthis" in reg.expand("All Iran-aligned")
    assert reg.expand("iran_aligned") == set(reg.groups()["All Iran-aligned"])
    kh = reg.expand("Kata'ib Hizballah")
    assert {"Kataib Hezbollah", "Rab'allah", "Abu Mahdi al-Muhandis"} <= kh
    assert "Asaib Ahl al-Haq" not in kh
    assert "Kataib Hezbollah" in reg.expand("pmf factions")
    assert reg.expand("Flat Earth Society") == set()


# --------------------------------------------------------------------------- loading errors


def test_malformed_registry_names_the_file(tmp_path):
    bad = tmp_path / "actors.yaml"
    bad.write_text("actors:\n  - id: x\n    name: X\n    parent: nowhere\n    sources: [me]\n", encoding="utf-8")
    with pytest.raises(DataError, match="actors.yaml.*nowhere"):
        load_registry(bad)
    bad.write_text("actors: [\n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid YAML"):
        load_registry(bad)
    bad.write_text("actors:\n  - id: x\n    name: X\n    alignment: martian\n", encoding="utf-8")
    with pytest.raises(DataError, match="unknown alignment"):
        load_registry(bad)


def test_duplicate_alias_between_actors_is_an_error(tmp_path):
    bad = tmp_path / "actors.yaml"
    bad.write_text("actors:\n  - {id: a, name: Alpha Group, aliases: [The Brigade]}\n"
                   "  - {id: b, name: Beta Group, aliases: [the brigade]}\n", encoding="utf-8")
    with pytest.raises(DataError, match="also an alias"):
        load_registry(bad)


# --------------------------------------------------------------------------- CLI


def test_cli_resolve(capsys):
    assert main(["actors", "resolve", "Kata'ib Hizballah"]) == 0
    assert capsys.readouterr().out.startswith("Kataib Hezbollah\tkh")
    assert main(["actors", "resolve", "Flat Earth Society"]) == 1
    assert "no actor matches" in capsys.readouterr().err


def test_cli_show_and_list(capsys):
    assert main(["actors", "show", "Asa'ib Ahl al-Haqq"]) == 0
    out = capsys.readouterr().out
    assert "Asaib Ahl al-Haq" in out and "chain: Asaib Ahl al-Haq -> Popular Mobilization Forces" in out
    assert "answers to: Quds Force" in out and "Qais al-Khazali" in out and "source:" in out
    assert main(["actors", "list", "--alignment", "israel", "--kind", "intelligence"]) == 0
    out = capsys.readouterr().out
    assert "Mossad" in out and "Hezbollah" not in out
    assert main(["actors", "show", "pmf factions"]) == 0
    assert "Kataib Hezbollah" in capsys.readouterr().out
    assert main(["actors", "list", "--alignment", "martian"]) == 2
    assert "unknown alignment" in capsys.readouterr().err


def test_cli_as_a_command(root):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "geo", "actors", "resolve", "Kataeb Hizbullah"], cwd=root,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("Kataib Hezbollah"), done.stderr
