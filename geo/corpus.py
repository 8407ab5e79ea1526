"""Files -> :class:`~geo.records.Document` -> :class:`~geo.records.Article`.

Reading is strict about what it cannot read and lenient about what it can:

* A whole file that cannot be read as text (missing, a folder, empty, binary,
  not UTF-8, too large, unreadable) raises :class:`~geo.errors.InputError` with
  a reason that says what to do.  The pipeline reports it and goes on.
* A ``.jsonl`` line that is broken becomes a :class:`~geo.records.Problem`
  naming the line; the other lines are still loaded.

Saved web pages bundle several articles with page furniture.  :func:`load`
splits them with general structural cues (a headline-like line followed by
body paragraphs, a byline or a dateline), and labels what extraction must not
see: widgets ("Skip to main content", "Comments"), teaser blocks for other
articles ("Popular posts from this blog"), photo captions and credits, repeated
headlines, bylines and dateline lines.  Those spans go into
``Article.excluded``; the vocabulary lives in ``data/boilerplate.yaml``.

Offsets: ``Article.start/end`` index ``Document.text``;
``Document.source_offset(i)`` gives the character offset in the decoded source
file (identity for .txt/.md; mapped through the markup for .html and through the
JSON escapes for .jsonl).  A UTF-8 byte-order mark is not counted.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import stat
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from geo import dates, settings
from geo.errors import InputError
from geo.records import Article, DateValue, Document, Problem

log = logging.getLogger(__name__)

SUPPORTED = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
"""File suffixes :func:`load` reads, and the ``Document.kind`` each gives."""

EXCLUDED_KINDS = ("widget", "markup", "section", "teaser", "caption", "repeat", "byline", "dateline")
"""Line kinds that extraction must skip (they go into ``Article.excluded``)."""

STOPWORDS = frozenset(
    "a an the of in on at to for and or but nor by with from as is are was be vs via into over after "
    "about than that this its it's his her their our".split()
)
"""Small words a Title Case headline may leave in lower case."""


# ---------------------------------------------------------------------- records


@dataclass(frozen=True)
class Span:
    """A labelled stretch of ``Document.text``: why a line is not article text (or is a head line)."""

    start: int
    end: int
    kind: str  # one of EXCLUDED_KINDS, or "headline"


@dataclass(frozen=True)
class Loaded:
    """What :func:`load` gives: the document, its articles and the problems met on the way.

    ``spans`` labels every line that is not plain body text (teasers, captions,
    widgets, headlines...), for inspection and for a stage that wants, say,
    the captions back.
    """

    document: Document
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()
    spans: tuple[Span, ...] = ()


class OffsetMap(Sequence):
    """Compact ``text index -> source offset`` map, stored as linear segments.

    HTML and JSONL text maps to the source piecewise linearly (a run of text is
    copied from the file, then markup is skipped), so a few segments replace one
    integer per character.  Behaves like the ``tuple[int, ...]`` that
    ``Document.offset_map`` documents: ``len``, indexing, iteration, equality.
    """

    __slots__ = ("_t", "_s", "_n")

    def __init__(self, text_starts: Sequence[int], source_starts: Sequence[int], length: int):
        self._t = array("q", text_starts)
        self._s = array("q", source_starts)
        self._n = length

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(self._n)))
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        k = bisect_right(self._t, i) - 1
        return self._s[k] + (i - self._t[k])

    def __iter__(self) -> Iterator[int]:
        return (self[i] for i in range(self._n))

    def __eq__(self, other) -> bool:
        if isinstance(other, OffsetMap):
            return (self._n, self._t, self._s) == (other._n, other._t, other._s)
        return tuple(self) == tuple(other) if isinstance(other, Sequence) else NotImplemented

    def __hash__(self) -> int:
        return hash((self._n, self._t.tobytes(), self._s.tobytes()))

    def __reduce__(self):
        return OffsetMap, (list(self._t), list(self._s), self._n)

    def __repr__(self) -> str:
        return f"OffsetMap(len={self._n}, segments={len(self._t)})"


class _MapBuilder:
    """Collects text pieces with their source offsets and compresses them into an :class:`OffsetMap`."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.t: list[int] = []
        self.s: list[int] = []
        self.n = 0

    def add(self, piece: str, source: int, linear: bool = True) -> None:
        """Append ``piece``; its characters map to ``source + k`` (or all to ``source``)."""
        if not piece:
            return
        if linear:
            self._segment(self.n, source)
        else:
            for k in range(len(piece)):
                self._segment(self.n + k, source)
        self.parts.append(piece)
        self.n += len(piece)

    def _segment(self, t: int, s: int) -> None:
        if self.t and s - t == self.s[-1] - self.t[-1]:
            return  # continues the previous linear segment
        self.t.append(t)
        self.s.append(s)

    def text(self) -> str:
        return "".join(self.parts)

    def offset_map(self) -> OffsetMap:
        return OffsetMap(self.t, self.s, self.n)


# -------------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class Boilerplate:
    """The page-furniture vocabulary of ``data/boilerplate.yaml``."""

    widget_lines: frozenset[str]
    widget_patterns: re.Pattern
    teaser_sections: frozenset[str]
    caption_markers: re.Pattern
    photo_agencies: frozenset[str]


@lru_cache(maxsize=4)
def boilerplate(path: str | None = None) -> Boilerplate:
    """Load the boilerplate lexicon once (``data/boilerplate.yaml`` by default)."""
    import yaml

    from geo.errors import DataError

    p = Path(path) if path else settings.DATA_DIR / "boilerplate.yaml"
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        return Boilerplate(
            widget_lines=frozenset(_norm(s) for s in raw.get("widget_lines", [])),
            widget_patterns=re.compile(
                "|".join(f"(?:{s})" for s in raw.get("widget_patterns", [])) or r"(?!x)x", re.IGNORECASE
            ),
            teaser_sections=frozenset(_norm(s) for s in raw.get("teaser_sections", [])),
            caption_markers=re.compile(
                "|".join(r"(?<!\w)" + re.escape(s) for s in raw.get("caption_markers", [])) or r"(?!x)x", re.I
            ),
            photo_agencies=frozenset(_norm(s) for s in raw.get("photo_agencies", [])),
        )
    except (OSError, yaml.YAMLError, re.error, AttributeError, TypeError) as exc:
        raise DataError(f"{p}: cannot read the boilerplate lexicon ({exc})") from exc


def _norm(s: str) -> str:
    """Lower case, single spaces, no surrounding punctuation: the key lines are compared by."""
    s = re.sub(r"\s+", " ", str(s).lower()).strip()
    return s.strip(" .:;,!?-–—|•·»«\"'“”‘’()[]")


# ------------------------------------------------------------------------ paths


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Files and folders -> the supported files to read, plus a problem per bad path.

    Folders are walked recursively in sorted order; hidden files and folders
    (name starting with ".") and unsupported suffixes inside folders are skipped
    quietly.  A path that does not exist, or a file named explicitly with an
    unsupported suffix, is a :class:`Problem`, never an exception.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def keep(f: Path) -> None:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            files.append(f)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if any(part.startswith(".") for part in rel):
                    continue
                if f.is_file() and f.suffix.lower() in SUPPORTED:
                    keep(f)
        elif p.is_file() or p.is_symlink():
            if p.suffix.lower() in SUPPORTED:
                keep(p)
            else:
                problems.append(Problem(str(p), "read", _unsupported(p)))
        elif not p.exists():
            problems.append(Problem(str(p), "read", "no such file or folder"))
        else:
            problems.append(Problem(str(p), "read", "not a regular file or folder"))
    return files, problems


def _unsupported(p: Path) -> str:
    suffix = p.suffix or "(no suffix)"
    return f"unsupported file type {suffix}; supported: {' '.join(SUPPORTED)}"


# ------------------------------------------------------------------------ reading


def load(path: str | Path, *, max_bytes: int | None = None) -> Loaded:
    """Read one file into a document and its articles.

    Parameters
    ----------
    path
        A ``.txt``, ``.md``, ``.html``/``.htm`` or ``.jsonl`` file.
    max_bytes
        Refuse larger files (checked with ``stat`` before reading); defaults to
        :data:`geo.settings.MAX_FILE_BYTES`.

    Raises
    ------
    InputError
        The whole file cannot be used; ``reason`` says why and what to do.
    """
    p = Path(path)
    data = _read_bytes(p, settings.MAX_FILE_BYTES if max_bytes is None else max_bytes)
    kind = SUPPORTED[p.suffix.lower()]
    text, encoding = _decode(data, str(p))
    sha = hashlib.sha256(data).hexdigest()
    return _load_decoded(text, str(p), p.name, sha, kind, encoding)


def load_text(text: str, name: str = "<text>", kind: str = "txt") -> Loaded:
    """Like :func:`load` for text already in memory (tests, the app's uploads)."""
    if kind not in SUPPORTED.values():
        raise InputError(name, f"unsupported kind {kind!r}; use one of {sorted(set(SUPPORTED.values()))}")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(name, "empty text: nothing to read")
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return _load_decoded(text, name, Path(name).name or name, sha, kind, "utf-8")


def _load_decoded(text: str, path: str, name: str, sha: str, kind: str, encoding: str) -> Loaded:
    """Decoded text of any kind -> the document and its articles (shared by load and load_text)."""
    if kind == "jsonl":
        return _load_jsonl(text, path, name, sha, encoding)
    meta: dict[str, str] = {}
    hints: list[Span] = []
    offset_map: Sequence[int] = ()
    if kind == "html":
        text, offset_map, meta, hints = html_to_text(text)
        if not text.strip():
            raise InputError(path, "the HTML page has no visible text")
    doc = Document(
        path=path, name=name, sha256=sha, text=text, kind=kind, encoding=encoding,
        offset_map=offset_map, title=meta.get("title"), source=meta.get("source"), url=meta.get("url"),
    )
    page_date = dates.parse_date(meta["date"]) if meta.get("date") else None
    if page_date:
        page_date = replace(page_date, how=f"page metadata: {page_date.how}")
    articles, spans = split_articles(doc, page_date=page_date, hints=hints)
    if not articles:
        raise InputError(path, "no article text: only page furniture (navigation, widgets, teasers)")
    if doc.title is None and articles and articles[0].title:
        doc = replace(doc, title=articles[0].title)
    return Loaded(doc, tuple(articles), (), tuple(spans))


def _read_bytes(p: Path, limit: int) -> bytes:
    """The file's bytes, after checking it exists, is a regular file and is not too large."""
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(str(p), "no such file") from None
    except PermissionError:
        raise InputError(str(p), "permission denied: cannot reach the file; check the folder's permissions") from None
    except OSError as exc:
        raise InputError(str(p), f"cannot read the file ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(str(p), "is a folder, not a file; pass folders to `geo extract` to read the files inside")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(str(p), "not a regular file")
    if p.suffix.lower() not in SUPPORTED:
        raise InputError(str(p), _unsupported(p))
    if st.st_size == 0:
        raise InputError(str(p), "empty file (0 bytes): nothing to read")
    if limit and st.st_size > limit:
        raise InputError(
            str(p),
            f"file too large ({_size(st.st_size)}, limit {_size(limit)}); split it into smaller files "
            "or raise the limit (--max-bytes / GEO_MAX_FILE_BYTES)",
        )
    try:
        with open(p, "rb") as f:
            return f.read()
    except PermissionError:
        raise InputError(str(p), "permission denied: the file is not readable; fix it with `chmod u+r`") from None
    except IsADirectoryError:
        raise InputError(str(p), "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(str(p), f"cannot read the file ({exc.strerror or exc})") from None


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n} bytes"


MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office (OLE) document"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\x7fELF", "an executable"),
)
"""File signatures named in the 'binary file' message, so the user knows what they passed."""


def _decode(data: bytes, path: str) -> tuple[str, str]:
    """Strict UTF-8 (a BOM is fine); anything else is refused with a reason that helps."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    else:
        encoding = "utf-8"
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        raise InputError(path, "UTF-32 text; re-save the file as UTF-8")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(path, "UTF-16 text; re-save the file as UTF-8")
    if b"\x00" in data:
        what = next((name for sig, name in MAGIC if data.startswith(sig)), None)
        raise InputError(path, f"binary file ({what or 'contains NUL bytes'}), not text; give a .txt/.md/.html/.jsonl")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        guess = _guess_encoding(data)
        hint = f"; it looks like {guess}" if guess else ""
        raise InputError(
            path, f"not valid UTF-8 (byte 0x{bad:02x} at offset {exc.start}){hint}; re-save the file as UTF-8"
        ) from None
    if not text.strip():
        raise InputError(path, "the file holds only whitespace: nothing to read")
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text[:100_000]) // 100):
        raise InputError(path, f"binary file ({controls} control characters), not text")
    return text, encoding


def _guess_encoding(data: bytes) -> str | None:
    """Name the likely encoding (and language) with charset_normalizer when it is installed."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    lang = best.language if best.language and best.language != "Unknown" else None
    return f"{best.encoding}" + (f" ({lang})" if lang else "")


# ---------------------------------------------------------------------------- HTML

_SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "nav", "footer",
         "select", "button", "form"}
"""Elements whose text is not article text: code, styles, navigation, footers, form controls."""
_BLOCK = {
    "p", "div", "section", "article", "header", "aside", "main", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "table", "tr", "td", "th", "thead", "tbody", "blockquote", "pre", "figure",
    "figcaption", "hr", "dl", "dt", "dd", "address", "details", "summary", "caption", "fieldset",
    "legend", "center", "body", "html", "title",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param",
         "track"}
_HINT_TAGS = {"figcaption": "caption", "aside": "teaser", "h1": "headline", "h2": "headline2", "h3": "subhead",
              "h4": "subhead", "h5": "subhead", "h6": "subhead"}
"""Elements whose text gets a kind from the markup itself; an ``h2`` opens an article only on
pages with several ``<article>`` elements or no ``h1`` (elsewhere it is a subheading)."""
_META_DATE = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
              "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
              "parsely-pub-date", "article.published", "originalpublicationdate")
_META_URL = ("og:url",)
_META_SOURCE = ("og:site_name", "application-name", "publisher")


class _HTMLText(HTMLParser):
    """Visible text with an offset map, page metadata, and structural hints (headings, captions)."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.src = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.out = _MapBuilder()
        self.skip: list[str] = []
        self.in_head = False
        self.in_title = False
        self.title_parts: list[str] = []
        self.pending_break = 0
        self.pending_space: int | None = None
        self.break_pos = 0
        self.meta: dict[str, str] = {}
        self.hints: list[Span] = []
        self.open_hints: list[tuple[str, str, int]] = []
        self.counts: dict[str, int] = {}

    # positions -------------------------------------------------------------
    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    # emission --------------------------------------------------------------
    def _break(self, n: int) -> None:
        if self.out.n:
            if n > self.pending_break:
                self.break_pos = self._pos()
            self.pending_break = max(self.pending_break, n)
            self.pending_space = None

    def _emit(self, s: str, pos: int, linear: bool = True) -> None:
        if self.pending_break:
            self.out.add("\n" * self.pending_break, self.break_pos, linear=False)
        elif self.pending_space is not None:
            self.out.add(" ", self.pending_space)
        self.pending_break = 0
        self.pending_space = None
        self.out.add(s, pos, linear)

    def _text(self, data: str, pos: int, linear: bool = True) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if self.skip or (self.in_head and not self.in_title):
            return
        for m in re.finditer(r"\S+|\s+", data):
            if m.group().isspace():
                if self.out.n and not self.pending_break:
                    self.pending_space = pos + m.start() if linear else pos
            else:
                self._emit(m.group(), pos + m.start() if linear else pos, linear)

    # parser callbacks ------------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        if tag == "meta":
            self._meta(dict(attrs))
        elif tag == "link":
            a = dict(attrs)
            if (a.get("rel") or "").lower() == "canonical" and a.get("href"):
                self.meta.setdefault("url", a["href"])
        elif tag == "time":
            a = dict(attrs)
            if a.get("datetime") and not self.skip:
                self.meta.setdefault("time", a["datetime"])
        if tag in _VOID:
            if tag in ("br",):
                self._break(1)
            elif tag == "hr":
                self._break(2)
            return
        if tag in _SKIP or self.skip:
            self.skip.append(tag)
            return
        if tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self._break(2)
        if tag in _HINT_TAGS:
            self.open_hints.append((tag, _HINT_TAGS[tag], self.out.n))
        self.counts[tag] = self.counts.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag == "head":
            self.in_head = False
        if tag == "title":
            self.in_title = False
        if tag in _HINT_TAGS:
            for k in range(len(self.open_hints) - 1, -1, -1):
                if self.open_hints[k][0] == tag:
                    _, kind, start = self.open_hints.pop(k)
                    if self.out.n > start:
                        self.hints.append(Span(start, self.out.n, kind))
                    break
        if tag in _BLOCK:
            self._break(2)

    def handle_data(self, data: str) -> None:
        self._text(data, self._pos())

    def handle_entityref(self, name: str) -> None:
        decoded = html.unescape(f"&{name};")
        if decoded == f"&{name};":  # not an entity ("AT&T"): keep the text as written
            self._text(f"&{name}", self._pos())
        else:
            self._text(decoded, self._pos(), linear=False)

    def handle_charref(self, name: str) -> None:
        self._text(html.unescape(f"&#{name};"), self._pos(), linear=False)

    def _meta(self, a: dict) -> None:
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        content = a.get("content")
        if not key or not content:
            return
        if key in _META_DATE:
            self.meta.setdefault("date", content)
        elif key in _META_URL:
            self.meta.setdefault("url", content)
        elif key in _META_SOURCE:
            self.meta.setdefault("source", content)
        elif key == "og:title":
            self.meta.setdefault("og_title", content)


def html_to_text(source: str) -> tuple[str, OffsetMap, dict[str, str], list[Span]]:
    """Visible text of an HTML page, the map back to ``source``, metadata and structural hints.

    Scripts, styles, ``noscript``, templates, navigation, footers and the
    ``<head>`` (except ``<title>``) are dropped, as are comments; block elements
    become blank lines and ``<br>`` a line break; entities are decoded.  Every
    character of the returned text maps to the source offset it came from (a
    decoded entity and an inserted line break map to the markup that caused it).
    """
    parser = _HTMLText(source)
    parser.feed(source)
    parser.close()
    meta = {}
    title = re.sub(r"\s+", " ", html.unescape("".join(parser.title_parts))).strip()
    if title or parser.meta.get("og_title"):
        meta["title"] = parser.meta.get("og_title") or title
    for k in ("url", "source"):
        if parser.meta.get(k):
            meta[k] = parser.meta[k]
    if parser.meta.get("date") or parser.meta.get("time"):
        meta["date"] = parser.meta.get("date") or parser.meta["time"]
    h2_opens = parser.counts.get("article", 0) >= 2 or not parser.counts.get("h1")
    hints = [replace(h, kind=("headline" if h2_opens else "subhead")) if h.kind == "headline2" else h
             for h in parser.hints]
    return parser.out.text(), parser.out.offset_map(), meta, hints


# --------------------------------------------------------------------------- JSONL


def _scan_string(line: str, i: int, base: int, out: _MapBuilder) -> int:
    """Copy the JSON string literal starting after the quote at ``i`` into ``out``, mapping
    each decoded character to its offset in the file; return the index after the closing quote."""
    j = i
    n = len(line)
    while j < n:
        ch = line[j]
        if ch == '"':
            return j + 1
        if ch == "\\":
            esc = line[j + 1]
            if esc == "u":
                code = int(line[j + 2:j + 6], 16)
                width = 6
                if 0xD800 <= code < 0xDC00 and line[j + 6:j + 8] == "\\u":
                    low = int(line[j + 8:j + 12], 16)
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    width = 12
                out.add(chr(code), base + j, linear=False)
                j += width
            else:
                out.add(json.loads(f'"\\{esc}"'), base + j, linear=False)
                j += 2
            continue
        k = j
        while k < n and line[k] not in '"\\':
            k += 1
        out.add(line[j:k], base + j)
        j = k
    raise ValueError("unterminated string")


def _text_value_start(line: str) -> int | None:
    """Index of the character after the opening quote of the top-level ``"text"`` value."""
    dec = json.JSONDecoder()
    i = line.index("{") + 1
    ws = re.compile(r"\s*")
    while True:
        i = ws.match(line, i).end()
        if line[i] == "}":
            return None
        key, i = json.decoder.scanstring(line, i + 1)
        i = ws.match(line, i).end() + 1  # the colon
        i = ws.match(line, i).end()
        if key == "text" and line[i] == '"':
            return i + 1
        _, i = dec.raw_decode(line, i)
        i = ws.match(line, i).end()
        if line[i] == ",":
            i += 1


def _load_jsonl(text: str, path: str, name: str, sha: str, encoding: str) -> Loaded:
    """One article per line (``text``; optional ``title``, ``date``, ``url``, ``source``)."""
    problems: list[Problem] = []
    out = _MapBuilder()
    records: list[tuple[int, int, dict, int]] = []
    pos = 0
    for lineno, line in enumerate(text.splitlines(keepends=True), start=1):
        base, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        problem = _jsonl_problem(body, lineno)
        if problem:
            problems.append(Problem(path, "read", problem))
            continue
        obj = json.loads(body)
        if out.n:
            out.add("\n\n", base, linear=False)
        start = out.n
        _scan_string(body, _text_value_start(body), base, out)
        records.append((start, out.n, obj, lineno))
    if not records:
        first = problems[0].reason if problems else "no lines"
        raise InputError(path, f"no usable JSONL lines (first problem: {first})")
    doc = Document(path=path, name=name, sha256=sha, text=out.text(), kind="jsonl", encoding=encoding,
                   offset_map=out.offset_map())
    articles: list[Article] = []
    spans: list[Span] = []
    for index, (start, end, obj, lineno) in enumerate(records):
        lines = _classify(doc.text, start, end)
        excluded = tuple((ln.start, ln.end) for ln in lines if ln.kind in EXCLUDED_KINDS)
        spans += [Span(ln.start, ln.end, ln.kind) for ln in lines if ln.kind != "body"]
        dateline = None
        if obj.get("date"):
            dateline = dates.parse_date(str(obj["date"]))
            if dateline is None:
                problems.append(Problem(path, "read", f"line {lineno}: cannot read date {obj['date']!r}; ignored"))
            else:
                dateline = replace(dateline, how=f"'date' field of line {lineno}: {dateline.how}")
        if dateline is None:
            dateline = dates.find_dateline(doc.text[start:end])
        articles.append(Article(
            doc=name, index=index, start=start, end=end, text=doc.text[start:end],
            title=_str_or_none(obj.get("title")), dateline=dateline, excluded=excluded,
            url=_str_or_none(obj.get("url")), source=_str_or_none(obj.get("source")),
        ))
    return Loaded(doc, tuple(articles), tuple(problems), tuple(spans))


def _str_or_none(v) -> str | None:
    return str(v).strip() or None if v is not None else None


def _jsonl_problem(line: str, lineno: int) -> str | None:
    """Why a JSONL line cannot be used, or None when it can."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"line {lineno}: not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(obj, dict):
        return f"line {lineno}: expected a JSON object with a 'text' field, got {type(obj).__name__}"
    if "text" not in obj:
        return f"line {lineno}: no 'text' field (keys: {', '.join(sorted(obj)) or 'none'})"
    if not isinstance(obj["text"], str):
        return f"line {lineno}: 'text' must be a string"
    if not obj["text"].strip():
        return f"line {lineno}: 'text' is empty"
    return None


# ------------------------------------------------------------------ line classes


@dataclass
class _Line:
    """A non-blank line of the document being split (working state, not a record)."""

    start: int
    end: int
    text: str
    blank_before: int
    kind: str = "body"
    strong: bool = False  # a headline that can open an article on its own
    words: int = 0
    extra: dict = field(default_factory=dict)


def _iter_lines(text: str, lo: int, hi: int) -> Iterator[_Line]:
    blank = 2  # the start of the text counts as a gap
    pos = lo
    while pos < hi:
        nl = text.find("\n", pos, hi)
        end = hi if nl < 0 else nl
        raw = text[pos:end]
        stripped = raw.strip()
        if stripped:
            s = pos + (len(raw) - len(raw.lstrip()))
            yield _Line(s, s + len(stripped), stripped, blank, words=len(stripped.split()))
            blank = 0
        else:
            blank += 1
        pos = end + 1


_BYLINE = re.compile(
    r"^\(?(?:by|written by|reported by|report by|words by|text by|(?:additional )?reporting by|editing by|"
    r"writing by|compiled by)\s+[A-Z\u00c0-\u024f]",
    re.I,
)
_NAME_ROLE = re.compile(r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3},\s+[A-Z][\w&' ]{2,40}$")
_MARKUP = re.compile(r"^<\s*/?\s*[a-zA-Z][\w-]*(?:\s[^>]*)?/?>?$|^<\s*(?:img|a|div|span|iframe|script)\b", re.I)
_TAIL = re.compile(r"[.!?”\"’)]\s+([^.!?]{1,100})$")
_DATE_KEYWORD = re.compile(r"^(?:published|posted|updated|last updated|created|date|dated|first published)\b", re.I)
_MD_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)")


def _is_headline_like(s: str, words: int) -> bool:
    """A short line that reads as a heading: no closing sentence punctuation, not a quote."""
    if not (2 <= len(s) <= 170) or words > 26:
        return False
    first = s[0]
    if not (first.isupper() or first.isdigit()):
        return False
    core = s.rstrip("\"'”’")
    if core and core[-1] in ".,;:!" and not s.endswith("..."):
        return False
    return True


def _is_titlecase(s: str) -> tuple[bool, int]:
    """Title Case (every content word capitalised) and the number of content words."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", s)
    content = [w for w in words if w.lower() not in STOPWORDS]
    if not content:
        return False, 0
    lower = sum(1 for w in content if w[0].islower())
    return (lower == 0 or (lower == 1 and len(content) >= 8)), len(content)


def _is_caption(s: str, lex: Boilerplate) -> str | None:
    """'caption' reason if the line is a photo caption or credit, else None."""
    if _MD_IMAGE.match(s):
        return "markdown image"
    if lex.caption_markers.search(s):
        return "caption marker"
    m = _TAIL.search(s)
    if not m:
        return None
    tail = m.group(1).strip()
    if len(tail.split()) > 9:
        return None
    parts = [_norm(x) for x in re.split(r"\s*(?:/|—|–|\|| via )\s*", tail) if x.strip()]
    if parts and all(p in lex.photo_agencies for p in parts):
        return "photo agency credit"
    if "/" in tail and re.fullmatch(r"[A-Z][\w.'’ -]{0,50}/\s*[A-Z].{0,60}", tail):
        return "photographer/agency credit"
    if re.fullmatch(r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3} for (?:the\s+)?[A-Z][\w.'’ -]{1,50}", tail, re.I):
        return "photographer credit"
    mentions = dates.find_dates(tail)
    if len(mentions) == 1 and mentions[0].value and mentions[0].value.precision == "day" \
            and len(mentions[0].text) >= len(tail) - 2:
        return "caption dated by its photo"
    return None


def _is_dateline_line(s: str, words: int) -> bool:
    """A short line that is essentially a date ("Thursday, 01 March 2018 08:09", "Updated: ...")."""
    if len(s) > 100 or not re.search(r"\d", s):
        return False
    found = dates.find_dates(s)
    if _DATE_KEYWORD.match(s) and any(m.value for m in found):
        return True
    explicit = [m for m in found if m.value and m.how.startswith(("explicit", "numeric"))]
    if not explicit:
        return False
    covered = sum(m.end - m.start for m in explicit)
    remainder = "".join(ch if not any(m.start <= k < m.end for m in explicit) else " " for k, ch in enumerate(s))
    rest = re.sub(r"[\W\d_]+", " ", remainder).split()
    allowed = {w.lower() for w in rest} <= {
        "published", "updated", "posted", "created", "date", "dated", "last", "first", "modified", "on", "at",
        "am", "pm", "gmt", "utc", "est", "edt", "et", "pt", "pst", "ast", "cet", "local", "time",
    } | set(dates.WEEKDAYS)
    return allowed or covered >= 0.6 * len(s.strip())


def _intrinsic(ln: _Line, lex: Boilerplate, md: bool) -> str:
    """The kind a line has on its own, before looking at its neighbours."""
    s = ln.text
    if md and s.startswith("#"):
        ln.extra["md_level"] = len(s) - len(s.lstrip("#"))
        s = s.lstrip("#").strip()
        if not s:
            return "widget"
        ln.text = s
    key = _norm(s)
    if not key or key in lex.widget_lines or lex.widget_patterns.search(key) or lex.widget_patterns.search(s):
        return "widget"
    if key in lex.teaser_sections:
        return "section"
    if _MARKUP.match(s):
        return "markup"
    reason = _is_caption(s, lex)
    if reason:
        ln.extra["caption"] = reason
        return "caption"
    if (_BYLINE.match(s) and ln.words <= 40) or (_NAME_ROLE.match(s) and ln.words <= 8):
        return "byline"
    if _is_dateline_line(s, ln.words):
        return "dateline"
    if ln.extra.get("md_level") or _is_headline_like(s, ln.words):
        tc, n = _is_titlecase(s)
        ln.strong = (tc and n >= 4) or ln.extra.get("md_level", 9) <= 2
        return "headline"
    return "body"


def _repeat_key(s: str) -> str:
    """Compare lines without a site-name suffix ("Title | Outlet") or a glued trailing date."""
    s = re.split(r"\s+[|–—-]\s+[^|]{1,40}$", s)[0] if " | " in s or " - " in s else s
    if not re.search(r"\d\W{0,3}$", s):
        return _norm(s)
    found = dates.find_dates(s)
    if found and found[-1].end >= len(s.rstrip()) - 1 and found[-1].how.startswith("explicit"):
        s = s[:found[-1].start]
    return _norm(s)


def _classify(text: str, lo: int, hi: int, hints: Sequence[Span] = (), md: bool = False) -> list[_Line]:
    """Every non-blank line of ``text[lo:hi]`` with its kind (widget, caption, headline, body...)."""
    lex = boilerplate()
    lines = list(_iter_lines(text, lo, hi))
    hint_at = _hint_lookup(hints)
    recent: list[str] = []
    for ln in lines:
        ln.kind = _intrinsic(ln, lex, md)
        hint = hint_at(ln.start)
        if hint == "caption" and ln.kind in ("body", "headline"):
            ln.kind, ln.extra["caption"] = "caption", "HTML figure caption"
        elif hint == "teaser" and ln.kind in ("body", "headline"):
            ln.kind = "teaser"
        elif hint == "headline" and ln.kind == "body" and ln.words <= 30:
            ln.kind, ln.strong = "headline", True
        elif hint == "headline" and ln.kind == "headline":
            ln.strong = True
        elif hint == "subhead" and ln.kind == "headline":
            ln.strong = False  # the markup says subheading, whatever its capitals say
        if ln.kind in ("headline", "body", "dateline", "byline"):
            key = _repeat_key(ln.text)
            if key and key in recent:
                ln.kind = "repeat"
            else:
                recent = (recent + [key])[-12:]
    _mark_teaser_sections(lines)
    return lines


def _hint_lookup(hints: Sequence[Span]):
    spans = sorted(hints, key=lambda s: s.start)

    def at(pos: int) -> str | None:
        for sp in spans:
            if sp.start <= pos < sp.end:
                return sp.kind
            if sp.start > pos:
                break
        return None

    return at


def _next_content(lines: list[_Line], i: int) -> int:
    """Index of the next line at or after ``i`` that extraction would see, or len(lines)."""
    while i < len(lines) and lines[i].kind in ("widget", "markup", "repeat", "caption"):
        i += 1
    return i


def _opens_article(lines: list[_Line], i: int) -> bool:
    """A headline run at ``i`` followed by a byline/dateline line and then body paragraphs."""
    j = i
    saw_head = False
    while j < len(lines) and j < i + 6:
        k = lines[j].kind
        if k in ("byline", "dateline"):
            saw_head = True
        elif k == "body":
            break
        elif k not in ("headline", "widget", "markup", "repeat", "caption"):
            return False
        j += 1
    if not saw_head:
        return False
    body = 0
    while j < len(lines) and lines[j].kind in ("body", "caption", "widget", "markup"):
        body += lines[j].kind == "body"
        j += 1
    return body >= 2


def _teaser_like(ln: _Line, headlines: list[str]) -> bool:
    """A teaser paragraph: it repeats the teaser headline above it, or shows a date early on
    ("Title 05 March 2018 Snippet...") the way blog widgets print them."""
    if any(h and ln.text.startswith(h) for h in headlines[-2:]):
        return True
    head = ln.text[:120]
    return any(m.value is not None and m.how.startswith("explicit date") for m in dates.find_dates(head))


def _mark_teaser_sections(lines: list[_Line]) -> None:
    """After a teaser heading, everything is teaser until a new article clearly opens,
    or until two plain body paragraphs in a row show the article itself going on."""
    i = 0
    while i < len(lines):
        if lines[i].kind != "section":
            i += 1
            continue
        j = i + 1
        headlines: list[str] = []
        plain: list[int] = []
        while j < len(lines):
            ln = lines[j]
            if ln.kind == "headline" and _opens_article(lines, j):
                break
            if ln.kind == "body" and not _teaser_like(ln, headlines):
                plain.append(j)
                if len(plain) == 2:
                    for k in plain:
                        lines[k].kind = "body"
                    j = plain[0]
                    break
            elif ln.kind not in ("widget", "markup"):
                plain = []
            if ln.kind == "headline":
                headlines.append(ln.text)
            if ln.kind in ("body", "headline", "dateline", "byline", "repeat", "caption"):
                ln.kind = "teaser"
            j += 1
        i = j


# ---------------------------------------------------------------------- splitting


def split_articles(
    document: Document, *, page_date: DateValue | None = None, hints: Sequence[Span] = ()
) -> tuple[list[Article], list[Span]]:
    """Split a page into articles, with excluded spans, titles and datelines.

    A new article opens at a headline-like line once the current article has
    body text, when the headline is strong (Title Case with four or more
    content words, an HTML ``h1``/``h2`` or a Markdown ``#``/``##``), when a
    byline or dateline line follows it, or when it stands after a wider gap
    and body text follows.  Three or more headline lines in a row inside an
    article, with no byline or dateline after them, are teasers of other
    articles and are excluded instead.

    Datelines come from each article's head (:func:`geo.dates.find_dateline`),
    else from a dated photo caption in the article, else from the page: its
    metadata, or the nearest article on the page that has one.  ``how`` says
    which.
    """
    text = document.text
    lines = _classify(text, 0, len(text), hints, md=document.kind == "md")
    starts = _article_starts(lines)
    spans = [Span(ln.start, ln.end, ln.kind) for ln in lines if ln.kind != "body"]
    if not starts:
        return [], spans
    articles: list[Article] = []
    for n, first in enumerate(starts):
        last = (starts[n + 1] if n + 1 < len(starts) else len(lines)) - 1
        while last > first and lines[last].kind in ("widget", "markup", "section", "teaser"):
            last -= 1  # trailing widgets and teaser blocks belong to no article
        members = lines[first:last + 1]
        start, end = members[0].start, members[-1].end
        excluded = tuple((ln.start, ln.end) for ln in members if ln.kind in EXCLUDED_KINDS)
        title = _title(members)
        dateline = _own_dateline(text, start, end, members)
        articles.append(Article(
            doc=document.name, index=n, start=start, end=end, text=text[start:end], title=title,
            dateline=dateline, excluded=excluded, url=document.url, source=document.source,
        ))
    return _inherit_datelines(articles, page_date), spans


def _article_starts(lines: list[_Line]) -> list[int]:
    """Indexes of the lines that open articles (see :func:`split_articles`)."""
    starts: list[int] = []
    in_head = True
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.kind in EXCLUDED_KINDS:
            i += 1
            continue
        if not starts:
            starts.append(i)
            in_head = ln.kind != "body"
            i += 1
            continue
        if ln.kind == "body":
            in_head = False
        elif ln.kind == "headline" and not in_head:
            run = [i]
            j = i + 1
            while (j := _next_content(lines, j)) < len(lines) and lines[j].kind == "headline":
                run.append(j)
                j += 1
            after = lines[j].kind if j < len(lines) else None
            gap = ln.blank_before >= 2 and ln.words >= 5 and after == "body"
            if after in ("byline", "dateline") or ((ln.strong or gap) and len(run) < 3):
                starts.append(i)
                in_head = True
            elif len(run) >= 3:
                for k in run:
                    lines[k].kind = "teaser"
                i = j
                continue
        i += 1
    return starts


def _clean_title(s: str) -> str:
    s = re.split(r"\s+\|\s+", s)[0]
    found = dates.find_dates(s)
    if found and found[-1].end >= len(s) - 1 and found[-1].how.startswith("explicit") and found[-1].start > 0:
        s = s[:found[-1].start]
    return s.strip(" -–—|:")


def _title(members: list[_Line]) -> str | None:
    """The article's headline: the first strong headline of its head (before the first body
    paragraph), else the first headline-like line there."""
    head: list[_Line] = []
    for ln in members:
        if ln.kind == "body":
            break
        if ln.kind == "headline":
            head.append(ln)
    if not head:
        return None
    best = next((ln for ln in head if ln.strong), head[0])
    return _clean_title(best.text) or None


def _own_dateline(text: str, start: int, end: int, members: list[_Line]) -> DateValue | None:
    """The dateline of an article's head; else the date of a dated photo caption in it."""
    hidden = [(ln.start, ln.end) for ln in members if ln.kind in ("widget", "markup", "teaser", "caption", "section")]
    head_end = min(end, start + dates.HEAD_CHARS)
    chars = list(text[start:head_end])
    for s, e in hidden:
        for k in range(max(s, start), min(e, head_end)):
            if chars[k - start] != "\n":
                chars[k - start] = " "
    found = dates.find_dateline("".join(chars))
    if found:
        return found
    for ln in members:
        if ln.kind != "caption" or re.search(r"\bfile\b|\barchive\b", ln.text, re.I):
            continue  # a file photo is dated when it was taken, not when the article appeared
        for m in dates.find_dates(ln.text):
            if m.value is not None and m.value.precision == "day":
                return DateValue(m.value.iso, "day", f"date of a photo caption in the article: '{m.text}'")
    return None


def _inherit_datelines(articles: list[Article], page_date: DateValue | None) -> list[Article]:
    """Give undated articles the page's date: its metadata, else the nearest dated article.

    On a page that bundles articles (a news feed, a blog), the items were
    published together or near each other; the nearest dated item is the best
    evidence the page holds.  ``how`` says the date was inherited.
    """
    if page_date is None and articles and articles[0].dateline is not None:
        page_date = replace(articles[0].dateline, how=f"page dateline: {articles[0].dateline.how}")
    dated = [a for a in articles if a.dateline is not None]
    out = []
    for a in articles:
        if a.dateline is not None:
            out.append(a)
            continue
        source = page_date
        if source is None and dated:
            before = [d for d in dated if d.index < a.index]
            near = before[-1] if before else min(dated, key=lambda d: d.index)
            source = replace(near.dateline, how=f"article {near.index} of the page: {near.dateline.how}")
        if source is None:
            out.append(a)
            continue
        how = f"no dateline in this article; inherited from {source.how}"
        out.append(replace(a, dateline=DateValue(source.iso, source.precision, how)))
    return out


def describe(loaded: Loaded) -> str:
    """A human-readable summary of a loaded file (used by the CLI's debug output and tests)."""
    lines = [f"{loaded.document.name}: {len(loaded.articles)} articles"]
    for a in loaded.articles:
        when = a.dateline.iso if a.dateline else "-"
        lines.append(f"  [{a.index}] {when:10}  {(a.title or '(untitled)')[:70]}  ({a.end - a.start} chars, "
                     f"{len(a.excluded)} excluded)")
    return "\n".join(lines)
