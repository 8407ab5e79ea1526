"""Reading files into documents and articles: real files in, what a user would notice out."""
from __future__ import annotations

import builtins
import hashlib
import json
import os
import pickle
import re
import shutil
from pathlib import Path

import pytest

from geo import corpus, dates
from geo.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"


def visible(loaded: corpus.Loaded, article) -> str:
    """The article text extraction sees: its range minus the excluded spans."""
    text = loaded.document.text
    chars = list(text[article.start:article.end])
    for s, e in article.excluded:
        for k in range(s, e):
            chars[k - article.start] = " "
    return "".join(chars)


def check_offsets(loaded: corpus.Loaded) -> None:
    """Articles index Document.text, in order, without overlap; excluded spans lie inside them."""
    text = loaded.document.text
    previous_end = 0
    for i, a in enumerate(loaded.articles):
        assert a.index == i and a.doc == loaded.document.name
        assert previous_end <= a.start < a.end <= len(text)
        assert a.text == text[a.start:a.end]
        for s, e in a.excluded:
            assert a.start <= s < e <= a.end
        previous_end = a.end


# ---------------------------------------------------------------- splitting


@pytest.fixture(scope="module")
def feed():
    return corpus.load(FIXTURES / "feed_page.txt")


def test_feed_page_splits_into_its_two_articles(feed):
    check_offsets(feed)
    titles = [a.title for a in feed.articles]
    assert titles == ["Drone Strike Hits Weapons Depot Near Syrian Border",
                      "Students Rally In Basra Over Power Cuts And Unemployment"]
    first, second = feed.articles
    assert "weapons depot" in visible(feed, first) and "Basra" not in visible(feed, first)
    assert "tear gas" in visible(feed, second) and "drone" not in visible(feed, second).lower()


def test_feed_page_datelines_come_from_each_head(feed):
    first, second = feed.articles
    assert (first.dateline.iso, first.dateline.precision) == ("2019-05-14", "day")
    assert second.dateline.iso == "2019-05-13" and "Published" in second.dateline.how


def test_teasers_captions_and_widgets_are_kept_out_of_extraction(feed):
    seen = " ".join(visible(feed, a) for a in feed.articles)
    for furniture in ("Skip to main content", "Share this article", "Comments", "Related articles",
                      "Image Credit", "Smoke rises over the depot", "Parliament Delays Vote", "Kurdish Leaders",
                      "revenue sharing", "By Staff Writer"):
        assert furniture not in seen, furniture
    kinds = {s.kind for s in feed.spans}
    assert {"widget", "section", "teaser", "caption", "byline", "dateline"} <= kinds
    # the body around the caption is still there
    assert "No country claimed the strike" in seen


def test_blog_page_in_markdown(tmp_path):
    loaded = corpus.load(FIXTURES / "blog_page.md")
    check_offsets(loaded)
    (article,) = loaded.articles
    seen = visible(loaded, article)
    assert article.dateline.iso == "2022-01-30"
    assert "exchanged fire with armed smugglers" in seen
    assert "patrols would be doubled" in seen  # body after the teaser run still belongs to the article
    for teaser in ("trade corridor", "budget session", "Floods cut roads", "Guards inspect a seized truck"):
        assert teaser not in seen, teaser


def test_repeated_headline_is_read_once():
    text = ("Skip to main content\n\nCouncil Elects New Governor In Basra\n\nCouncil Elects New Governor In Basra\n"
            "Monday, 02 September 2019 10:15\n\nThe provincial council elected a new governor on Monday after "
            "weeks of talks between the main blocs.\n\nThe vote passed with a narrow majority, members said.\n")
    loaded = corpus.load_text(text, "repeat.txt")
    (article,) = loaded.articles
    assert visible(loaded, article).count("Council Elects New Governor") == 1
    assert article.title == "Council Elects New Governor In Basra"
    assert article.dateline.iso == "2019-09-02"


def test_teaser_block_inside_an_article_does_not_swallow_the_rest():
    text = ("Tribal Fighters Clash With Militia Near Desert Crossing\n\n8 August 2021\n\n"
            "Tribal fighters clashed with a militia near the desert crossing on Saturday, local officials said.\n\n"
            "Also read\n\nCouncil approves new budget\n\nFarmers protest water shortages\n\n"
            "The fighting lasted several hours and left four people dead, according to a hospital source.\n\n"
            "Elders from both sides later agreed to a truce mediated by the provincial governor.\n")
    loaded = corpus.load_text(text, "inline.txt")
    (article,) = loaded.articles
    seen = visible(loaded, article)
    assert "Council approves" not in seen and "Farmers protest" not in seen and "Also read" not in seen
    assert "left four people dead" in seen and "agreed to a truce" in seen


def test_article_without_a_dateline_inherits_the_pages_date():
    text = ("Rocket Fire Reported Near Airport\n\n12 January 2020\n\nA rocket landed near the airport on "
            "Sunday, police said.\n\nNo group claimed responsibility for the attack.\n\n"
            "Protesters Block Main Highway Into The City\n\nDemonstrators blocked the highway on Saturday "
            "with burning tyres.\n\nTraffic was diverted for hours, drivers said.\n")
    loaded = corpus.load_text(text, "page.txt")
    first, second = loaded.articles
    assert first.dateline.iso == "2020-01-12"
    assert second.dateline.iso == "2020-01-12" and "inherited" in second.dateline.how


def test_wire_story_credits_and_file_photo_are_excluded():
    text = ("Armed Group Vows To Retaliate For Strikes Near Border\n\nBy Jane Roe\n\n4 Min Read\n\n"
            "FILE PHOTO: Fighters parade in the capital, June 30, 2019. WIRE/Some Photographer\n\n"
            "CAPITAL (Wire) - An armed group vowed to retaliate for air strikes on its bases near the border.\n\n"
            "The strikes killed at least 25 fighters, the group said.\n\n"
            "Reporting by Jane Roe; Additional reporting by John Doe; Editing by Someone Else\n\n"
            "Our Standards: The Trust Principles.\n")
    loaded = corpus.load_text(text, "wire.txt")
    (article,) = loaded.articles
    seen = visible(loaded, article)
    assert "vowed to retaliate" in seen and "killed at least 25" in seen
    for furniture in ("FILE PHOTO", "Min Read", "Reporting by", "Our Standards", "By Jane Roe"):
        assert furniture not in seen, furniture
    assert article.dateline is None  # a file photo's date is not the story's date


def test_plain_text_without_structure_is_one_article():
    text = "Gunmen attacked a checkpoint near Samarra on Tuesday, killing two soldiers, police said.\n"
    loaded = corpus.load_text(text)
    (article,) = loaded.articles
    assert article.text == text.strip() and article.dateline is None and article.excluded == ()


# ----------------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def page():
    return corpus.load(FIXTURES / "page.html")


def test_html_keeps_visible_text_only(page):
    text = page.document.text
    for hidden in ("tracker", "Rockets fired at embassy", "font-weight", "Tear gas fired", "Militia convoy",
                   "enable JavaScript", "Hidden template text", "Home", "Copyright"):
        assert hidden not in text, hidden
    assert "Angry demonstrators stormed the provincial council building" in text
    assert "tear gas & rubber bullets" in text  # entities decoded
    assert "NASIRIYAH, Iraq — Angry" in text
    assert "\n" in text and "<" not in text


def test_html_offsets_map_back_to_the_source(page):
    source = (FIXTURES / "page.html").read_text(encoding="utf-8")
    doc = page.document
    for m in re.finditer(r"[A-Za-z]+", doc.text):
        s = doc.source_offset(m.start())
        assert source[s:s + len(m.group())] == m.group(), m.group()
    amp = doc.text.index("&")
    assert source[doc.source_offset(amp):].startswith("&amp;")
    article = page.articles[0]
    quote = "stormed the provincial council building"
    i = doc.text.index(quote)
    assert source[doc.source_offset(i):doc.source_offset(i + len(quote) - 1) + 1] == quote
    assert article.start <= i < article.end


def test_html_entities_and_bare_ampersands():
    src = "<p>Talks with AT&T and a Q&amp;A session &#8212; then&nbsp;a vote.</p>"
    doc = corpus.load_text(src, "amp.html", "html").document
    assert doc.text == "Talks with AT&T and a Q&A session — then a vote."
    for i, ch in enumerate(doc.text):
        assert src[doc.source_offset(i)] in (ch, "&", " ")


def test_page_of_furniture_only_is_an_input_error():
    with pytest.raises(InputError, match="no article text"):
        corpus.load_text("Skip to main content\n\nComments\n\nShare this article\n", "furniture.txt")


def test_html_metadata_title_date_and_caption(page):
    doc = page.document
    assert doc.kind == "html" and doc.source == "Example News"
    assert doc.url == "https://news.example.org/2020/02/11/council"
    assert doc.title.startswith("Protesters storm council building")
    (article,) = page.articles
    assert article.dateline.iso == "2020-02-11" and "metadata" in article.dateline.how
    seen = visible(page, article)
    assert "Smoke billows" not in seen and "Oil exports rise" not in seen and "By A. Reporter" not in seen
    assert "The governor called for calm." in seen


STORY = "<p>A drone strike killed a commander near the airport on Friday, officials said.</p>"


def test_html_subheadings_do_not_split_an_article():
    page = (f"<html><body><article><h1>Militia Commander Killed In Strike</h1>{STORY}"
            "<h2>What Happens Next For The Alliance</h2><p>Analysts expect retaliation, diplomats said.</p>"
            "</article></body></html>")
    (article,) = corpus.load_text(page, "one.html", "html").articles
    assert article.title == "Militia Commander Killed In Strike" and "retaliation" in article.text


def test_html_page_with_several_articles_is_split():
    page = (f"<html><body><article><h2>Militia Commander Killed In Strike</h2>{STORY}</article>"
            "<article><h2>Protesters rally in the capital</h2><p>Thousands rallied on Saturday.</p></article>"
            "</body></html>")
    loaded = corpus.load_text(page, "two.html", "html")
    titles = [a.title for a in loaded.articles]
    assert titles == ["Militia Commander Killed In Strike", "Protesters rally in the capital"]


def test_offset_map_is_compact_and_picklable(page):
    m = page.document.offset_map
    assert len(m) == len(page.document.text)
    assert m[-1] == m[len(m) - 1] and list(m)[:5] == [m[i] for i in range(5)]
    assert pickle.loads(pickle.dumps(page.document)) == page.document


# ---------------------------------------------------------------------- JSONL


def test_jsonl_lines_become_articles_and_bad_lines_problems():
    loaded = corpus.load(FIXTURES / "notes.jsonl")
    check_offsets(loaded)
    assert [a.title for a in loaded.articles] == ["Consulate attacked", None]
    first, second = loaded.articles
    assert first.dateline.iso == "2019-11-04" and "date" in first.dateline.how
    assert first.url == "https://example.org/notes/1" and first.source == "ACLED-style note"
    assert second.dateline.iso == "2021-03-12" and second.source == "Wire"
    reasons = sorted(p.reason for p in loaded.problems)
    assert len(reasons) == 2
    assert reasons[0].startswith("line 2: not valid JSON")
    assert reasons[1].startswith("line 3: no 'text' field")
    assert all(p.path.endswith("notes.jsonl") for p in loaded.problems)
    doc = loaded.document
    assert doc.text == first.text + "\n\n" + second.text


def test_jsonl_offsets_point_into_the_file(tmp_path):
    rows = [{"text": 'Crowds chanted "out, out" in Tahrir Square.\nPolice fired tear gas.', "date": "2019-10-25"},
            {"text": "Caf\u00e9 owners closed early in Beirut \u2014 a strike."}]
    path = tmp_path / "escapes.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    loaded = corpus.load(path)
    source = path.read_text(encoding="utf-8")
    doc = loaded.document
    for word in ("Tahrir", "Police", "owners", "Beirut", "strike"):
        i = doc.text.index(word)
        s = doc.source_offset(i)
        assert source[s:s + len(word)] == word
    i = doc.text.index("\u00e9")
    assert source[doc.source_offset(i):].startswith("\\u00e9")


def test_jsonl_without_any_usable_line_is_an_input_error(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text("{nope\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError, match="no usable JSONL lines"):
        corpus.load(path)


# ------------------------------------------------------------------ bad input


def _reason(path, **kw) -> str:
    with pytest.raises(InputError) as info:
        corpus.load(path, **kw)
    assert info.value.path == str(path)
    return info.value.reason


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert "empty" in _reason(tmp_path / "empty.txt")
    (tmp_path / "blank.md").write_text("  \n\n\t\n", encoding="utf-8")
    assert "whitespace" in _reason(tmp_path / "blank.md")


def test_binary_file(tmp_path):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    assert "binary" in _reason(tmp_path / "binary.txt")
    (tmp_path / "report.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02 stream")
    assert "PDF" in _reason(tmp_path / "report.txt")


def test_arabic_in_cp1256_is_named(tmp_path):
    arabic = "تظاهر آلاف العراقيين في بغداد ضد الفساد وطالبوا برحيل الحكومة"
    path = tmp_path / "arabic.txt"
    path.write_bytes(arabic.encode("cp1256"))
    reason = _reason(path)
    assert "not valid UTF-8" in reason and "re-save" in reason
    assert "1256" in reason or "arabic" in reason.lower()


def test_french_in_latin1_is_named(tmp_path):
    french = "Des manifestants se sont réunis à Beyrouth, près du Liban, pour réclamer des réformes."
    path = tmp_path / "french.txt"
    path.write_bytes(french.encode("latin-1"))
    reason = _reason(path)
    assert "not valid UTF-8" in reason and "re-save" in reason and "offset" in reason


def test_large_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: fast to create

    def no_open(*a, **k):
        raise AssertionError("the size must be checked before the file is opened")

    monkeypatch.setattr(builtins, "open", no_open)
    assert "too large" in _reason(path, max_bytes=1_000_000)
    assert "too large" in _reason(path)  # the default limit (settings.MAX_FILE_BYTES) is below 50 MB


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("Militia leaders met in secret on Monday.", encoding="utf-8")
    if os.geteuid() != 0:
        path.chmod(0)
        try:
            assert "permission denied" in _reason(path)
        finally:
            path.chmod(0o644)
    else:  # root can read anything: simulate the failure the way the OS reports it

        def denied(*a, **k):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(builtins, "open", denied)
        assert "permission denied" in _reason(path)


def test_folder_missing_and_unsupported(tmp_path):
    assert "folder" in _reason(tmp_path)
    assert "no such file" in _reason(tmp_path / "missing.txt")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    assert "unsupported" in _reason(tmp_path / "scan.pdf")


def test_bom_and_crlf_are_fine(tmp_path):
    path = tmp_path / "windows.txt"
    raw = "\ufeffTroops Deployed To Border Crossing\r\n\r\n3 April 2021\r\n\r\nSoldiers were sent to the " \
          "crossing on Friday.\r\n"
    path.write_bytes(raw.encode("utf-8"))
    loaded = corpus.load(path)
    (article,) = loaded.articles
    assert loaded.document.encoding == "utf-8-sig"
    assert loaded.document.sha256 == hashlib.sha256(raw.encode("utf-8")).hexdigest()
    assert article.title == "Troops Deployed To Border Crossing" and article.dateline.iso == "2021-04-03"
    assert "\r" not in article.title


def test_utf16_is_refused_with_advice(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Rockets hit the base.".encode("utf-16"))
    assert "UTF-16" in _reason(path)


def test_load_text_rejects_empty_text():
    with pytest.raises(InputError):
        corpus.load_text("   \n")


# ---------------------------------------------------------------------- paths


def test_expand_paths_walks_folders_and_reports_bad_paths(tmp_path):
    root = tmp_path / "inbox"
    (root / "sub").mkdir(parents=True)
    (root / ".cache").mkdir()
    shutil.copy(FIXTURES / "feed_page.txt", root / "b.txt")
    shutil.copy(FIXTURES / "page.html", root / "sub" / "a.html")
    shutil.copy(FIXTURES / "notes.jsonl", root / "c.jsonl")
    (root / "d.HTM").write_text("<p>Short page.</p>", encoding="utf-8")
    (root / "notes.md").write_text("Some notes.", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG")
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / ".cache" / "x.txt").write_text("cached", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF")
    files, problems = corpus.expand_paths([root, tmp_path / "scan.pdf", tmp_path / "nowhere", root / "b.txt"])
    names = [f.relative_to(root).as_posix() for f in files]
    assert names == ["b.txt", "c.jsonl", "d.HTM", "notes.md", "sub/a.html"]
    assert [(Path(p.path).name, p.stage) for p in problems] == [("scan.pdf", "read"), ("nowhere", "read")]
    assert "unsupported" in problems[0].reason and "no such" in problems[1].reason
    # every file found loads
    for f in files:
        assert corpus.load(f).articles


# ---------------------------------------------------------------------- seeds


def test_bundled_seed_pages_load(corpus_dir):
    files, problems = corpus.expand_paths([corpus_dir])
    assert len(files) == 5 and not problems, "the five bundled seed documents must be present"
    lex = corpus.boilerplate()
    for path in files:
        loaded = corpus.load(path)
        doc = loaded.document
        assert doc.name == path.name
        assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert loaded.articles and not loaded.problems
        check_offsets(loaded)
        for article in loaded.articles:
            for line in visible(loaded, article).splitlines():
                key = corpus._norm(line)
                assert key not in lex.widget_lines and key not in lex.teaser_sections, (path.name, line)
        # a page that shows a date line gets datelines
        dated_line = any(dates.find_dateline(line) for line in doc.text.splitlines() if len(line) < 100)
        if dated_line:
            assert any(a.dateline for a in loaded.articles), path.name
        for a in loaded.articles:
            if a.dateline:
                assert 1990 <= a.dateline.year <= 2030 and a.dateline.how


def test_bundled_feed_and_blog_pages_are_split(corpus_dir):
    """Pages that bundle many items (a news feed, a blog of reposts) give several articles,
    each with its own headline."""
    for name in ("002_8525c000e03591c7.txt", "004_985210b5ce981684.txt"):
        loaded = corpus.load(corpus_dir / name)
        assert len(loaded.articles) >= 3, name
        titles = [a.title for a in loaded.articles]
        assert all(titles) and len(set(titles)) >= 3
