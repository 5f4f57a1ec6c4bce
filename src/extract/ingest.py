"""Find report files, read them (text in any encoding, PDF, HTML), repair the text and read
the report's metadata and its own dating from its header.

What the pipeline reads is :attr:`Document.repaired` (see :mod:`extract.repair`); mention
offsets index :attr:`Document.text`: the decoded file for ``.txt``/``.md``, the extracted
text for PDF (pages ended by form feeds) and HTML.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import stat
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from io import BytesIO
from pathlib import Path
from typing import Any

from extract.errors import InputError
from extract.repair import Repaired, repair

TEXT_SUFFIXES = (".txt", ".md")
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES + HTML_SUFFIXES


@dataclass(frozen=True)
class Document:
    """A read report: ``text`` is exactly what mention offsets index (the decoded file, or
    the text extracted from a PDF or HTML page); ``repaired`` is what the pipeline reads,
    with the map back to ``text`` (``None``: repaired when processed)."""

    doc_id: str
    source: str
    text: str
    sha256: str
    repaired: Repaired | None = field(default=None, repr=False, compare=False)
    format: str = "text"  # text | pdf | html
    encoding: str | None = None  # of a text file
    title: str | None = None
    country: str | None = None
    report_date: str | None = None  # ISO value ("2013-01"), from the header or file metadata
    page_starts: tuple[int, ...] = ()  # PDF: offset in ``text`` where each page starts

    def with_repair(self) -> Document:
        """This document with ``repaired`` filled in."""
        if self.repaired is not None:
            return self
        return replace(self, repaired=repair(self.text, unwrap=True if self.format == "pdf" else None))

    def page_at(self, offset: int) -> int | None:
        """The 1-based page of ``text[offset]`` (PDF), else ``None``."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)


@dataclass(frozen=True)
class ReportDating:
    """What the header says about time: the publication date and the period covered."""

    report_date: str | None  # ISO value of the header date ("2013-01"), if any
    period_year: int | None  # the year the report covers (2012 for "JANUARY 2013")


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield report files under ``paths`` (files as given, folders recursively, sorted).

    A path that does not exist raises :class:`InputError`.
    """
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                # a dangling link, a link loop, a FIFO or a device is yielded too: reading
                # it reports why
                if p.suffix.lower() in SUFFIXES and not p.is_dir():
                    yield p
        elif path.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or folder")


def doc_id_for(path: Path, root: Path | None = None) -> str:
    """A stable id: the file stem, prefixed by its sub-folder under ``root`` when nested."""
    if root is not None and root.is_dir():
        try:
            rel = path.relative_to(root).with_suffix("")
            return "-".join(rel.parts)
        except ValueError:
            pass
    return path.stem


def decode(data: bytes, source: str) -> str:
    """Decode a text file in whatever encoding it is (see :func:`decode_text`), keeping
    line breaks exactly as they are."""
    return decode_text(data, source)[0]


def _byte_limit(path: Path, max_chars: int) -> int:
    """The most bytes worth reading for ``max_chars`` characters: 4 per character for text,
    8 for HTML (markup), 16 for PDF (layout and fonts)."""
    suffix = path.suffix.lower()
    factor = 16 if suffix in PDF_SUFFIXES else 8 if suffix in HTML_SUFFIXES else 4
    return factor * max_chars


def read_bounded(path: Path, limit: int | None, max_chars: int | None = None) -> bytes:
    """The bytes of a regular file (a symlink is followed only to a regular file), reading
    at most ``limit`` bytes whatever ``stat`` says (``/dev/zero``, ``/proc`` files), never
    blocking (a FIFO is refused, not waited on). Raises :class:`InputError` otherwise
    (``max_chars``: the character limit ``limit`` stands for, named in the message)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(f"{path}: not a regular file (a device, FIFO or socket)")
            data = handle.read(-1 if limit is None else limit + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if limit is not None and len(data) > limit:
        if max_chars is None:
            raise InputError(f"{path}: over the limit of {limit} bytes")
        raise InputError(f"{path}: over {limit} bytes, over the limit of {max_chars} "
                         "characters (EXTRACT_MAX_DOC_CHARS)")
    return data


def read_document(path: Path, doc_id: str | None = None, max_chars: int | None = None) -> Document:
    """Read one report file (text, PDF or HTML by its suffix), repair its text and read its
    metadata."""
    data = read_bounded(path, None if max_chars is None else _byte_limit(path, max_chars),
                        max_chars)
    suffix = path.suffix.lower()
    hints: dict[str, str | None] = {}
    page_starts: tuple[int, ...] = ()
    encoding = None
    if suffix in PDF_SUFFIXES:
        fmt = "pdf"
        text, page_starts, hints = read_pdf(data, str(path))
    elif suffix in HTML_SUFFIXES:
        fmt = "html"
        text, hints = read_html(data, str(path))
    else:
        fmt = "text"
        text, encoding = decode_text(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: empty document")
    if "\x00" in text:
        raise InputError(f"{path}: contains NUL bytes (binary file?)")
    if max_chars is not None and len(text) > max_chars:
        raise InputError(f"{path}: {len(text)} characters is over the limit of {max_chars} "
                         "characters (EXTRACT_MAX_DOC_CHARS)")
    repaired = repair(text, unwrap=True if fmt == "pdf" else None)
    if not repaired.text.strip():
        raise InputError(f"{path}: no text left after removing page headers and footers")
    title = hints.get("title") or header_title(repaired.text)
    return Document(
        doc_id=doc_id or path.stem,
        source=path.as_posix(),
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        repaired=repaired,
        format=fmt,
        encoding=encoding,
        title=title,
        country=find_country(title, repaired.text),
        report_date=report_dating(repaired.text).report_date or hints.get("date"),
        page_starts=page_starts,
    )


@lru_cache(maxsize=1)
def _header_rules() -> list[dict[str, object]]:
    path = resources.files("extract") / "resources" / "report_header.jsonl"
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("//"):
            rule = json.loads(line)
            rule["regex"] = re.compile(rule["pattern"], re.IGNORECASE | re.MULTILINE)
            rules.append(rule)
    return rules


_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}


def _published(groups: dict[str, str | None], year: int) -> str:
    """The ISO publication date of a header match: its ``ryear``/``rmonth``/``rday`` groups
    (a release-date line) or else its ``year``/``month``/``day`` groups, as far as given."""
    if groups.get("ryear"):
        year, month, day = int(groups["ryear"] or 0), groups.get("rmonth"), groups.get("rday")
    else:
        month, day = groups.get("month"), groups.get("day")
    if not month:
        return str(year)
    value = f"{year}-{_MONTHS[month.lower()]:02d}"
    return f"{value}-{int(day):02d}" if day else value


def report_dating(text: str, head_chars: int = 1500) -> ReportDating:
    """Read the report's date and covered period from its header (rules in
    ``resources/report_header.jsonl``); fall back to the most frequent year in the text."""
    head = text[:head_chars]
    for rule in _header_rules():
        m = rule["regex"].search(head)  # type: ignore[attr-defined]
        if not m:
            continue
        year = int(m.group("year"))
        return ReportDating(_published(m.groupdict(), year),
                            year + int(rule.get("period_offset", 0)))  # type: ignore[call-overload]
    years = re.findall(r"(?<![\d/_.-])(?:19|20)\d\d(?![\d/_])", text)
    if not years:
        return ReportDating(None, None)
    counts: dict[str, int] = {}
    for y in years:
        counts[y] = counts.get(y, 0) + 1
    return ReportDating(None, int(max(counts, key=lambda y: (counts[y], y))))


# --------------------------------------------------------------------------- text decoding

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


@cache
def _encoding_rules() -> dict[str, Any]:
    path = resources.files("extract") / "resources" / "encodings.json"
    rules: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return rules


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0]


def _plausibility(text: str) -> float:
    """How much a decoding looks like real text, judged on what differs between decodings:
    the non-ASCII characters. Words in one script with a normal case pattern score, mixed
    scripts, odd case patterns, Latin words made mostly of accented letters (Cyrillic read
    as Latin-1) and control or unassigned characters cost."""
    score = 0.0
    for m in re.finditer(r"[^\W\d_]+|[^\x00-\x7f]", text):
        word = m.group()
        if word.isascii():
            continue
        if len(word) == 1 and not word.isalpha():
            cat = unicodedata.category(word)
            if cat in ("Cc", "Co", "Cn", "Cs") or word == "\ufffd":
                score -= 3
            elif cat in ("So", "Sk", "Sm"):
                score -= 1  # a stray symbol or spacing accent ("T¸rkiye" read as mac_roman)
            elif "\u2010" <= word <= "\u205f":
                score += 1  # typographic quotes and dashes, common in every report
            else:
                score += 0.25
            continue
        scripts = {_script(c) for c in word if c.isalpha()}
        rest = word[1:]
        odd_case = not (word.islower() or word.isupper()
                        or (word[0].isupper() and (not rest or rest.islower())))
        mostly_accents = scripts == {"LATIN"} and sum(not c.isascii() for c in word) > max(1, len(word) // 2)
        if len(scripts) > 1:
            score -= 3
        elif odd_case or mostly_accents:
            score -= 2
        else:
            score += 1
    return score


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode a text file and name its encoding: a byte-order mark decides, then UTF-16
    without a mark (every other byte mostly NUL), then strict UTF-8, then the most
    plausible of the single-byte candidates in ``resources/encodings.json`` and
    charset-normalizer's guess. The BOM is removed; line breaks are kept as they are."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"{source}: not valid {encoding} (byte {exc.start})") from None
    rules = _encoding_rules()
    if len(data) >= 4 and len(data) % 2 == 0:  # before UTF-8: ASCII in UTF-16 is valid UTF-8
        share = float(rules["utf16_nul_share"])
        even, odd = data[0::2], data[1::2]
        for half, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
            if half.count(0) >= share * len(half):
                try:
                    return data.decode(encoding), encoding
                except UnicodeDecodeError:
                    pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data.count(0) > len(data) // 100:
        raise InputError(f"{source}: contains NUL bytes (binary file?)")
    candidates: list[str] = list(rules["candidates"])
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # detection is a hint only
        best = None
    if best is not None and best.encoding not in candidates:
        candidates.append(best.encoding)
    scored: list[tuple[float, int, str, str]] = []
    for rank, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_plausibility(text), -rank, encoding, text))
    if not scored:
        raise InputError(f"{source}: cannot detect the text encoding (binary file?)")
    _, _, encoding, text = max(scored)
    return text, encoding


# --------------------------------------------------------------------------- PDF


def _pdf_info_value(value: Any) -> str | None:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text as pdf_decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        value = pdf_decode_text(value)
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    return None


def _pdf_date(value: str | None) -> str | None:
    """``D:20130131...`` -> ``2013-01-31``."""
    m = re.match(r"(?:D:)?((?:19|20)\d\d)(\d\d)?(\d\d)?", value or "")
    if not m:
        return None
    return "-".join(g for g in m.groups() if g)


# The most bytes one compressed PDF stream may inflate to: a 2 MB file whose stream inflates
# to gigabytes is refused instead of filling the memory (a decompression bomb).
PDF_STREAM_LIMIT = 64 * 1024 * 1024


class _BoundedZlib:
    """pdfminer's ``zlib`` with a ceiling on what one stream may inflate to."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        d = zlib.decompressobj()
        out = d.decompress(data, PDF_STREAM_LIMIT + 1)
        if len(out) > PDF_STREAM_LIMIT or d.unconsumed_tail:
            raise InputError(f"a compressed stream inflates to more than {PDF_STREAM_LIMIT} "
                             "bytes (a decompression bomb?)")
        return out + d.flush()

    @staticmethod
    def decompressobj() -> Any:
        return _BoundedDecompressor()


class _BoundedDecompressor:
    """``zlib.decompressobj`` counting what it has inflated (pdfminer's repair path)."""

    def __init__(self) -> None:
        self._d = zlib.decompressobj()
        self._size = 0

    def decompress(self, data: bytes) -> bytes:
        out = self._d.decompress(data, PDF_STREAM_LIMIT + 1)
        self._size += len(out)
        if self._size > PDF_STREAM_LIMIT or self._d.unconsumed_tail:
            raise InputError(f"a compressed stream inflates to more than {PDF_STREAM_LIMIT} "
                             "bytes (a decompression bomb?)")
        return out


def _bound_pdf_streams() -> None:
    import pdfminer.pdftypes

    pdfminer.pdftypes.zlib = _BoundedZlib  # type: ignore[assignment]


def read_pdf(data: bytes, source: str) -> tuple[str, tuple[int, ...], dict[str, str | None]]:
    """The text layer of a PDF (pdfminer.six layout analysis: columns read one after the
    other, text boxes as paragraphs separated by a blank line, each page ended by a form
    feed), the offset where each page starts, and hints from the PDF metadata (``title``,
    ``date``). A PDF without text (scanned pages) raises :class:`InputError`; no OCR is
    attempted."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTContainer, LTItem, LTText, LTTextBox
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    _bound_pdf_streams()
    parts: list[str] = []
    starts: list[int] = []
    size = 0

    def render(item: LTItem, out: list[str]) -> None:
        if isinstance(item, LTContainer):
            for child in item:
                render(child, out)
        elif isinstance(item, LTText):
            out.append(item.get_text())
        if isinstance(item, LTTextBox):
            out.append("\n")

    hints: dict[str, str | None] = {}
    try:
        document = PDFDocument(PDFParser(BytesIO(data)))
        info = document.info[0] if document.info else {}
        hints["title"] = _pdf_info_value(info.get("Title"))
        hints["date"] = _pdf_date(_pdf_info_value(info.get("CreationDate")))
        for page in extract_pages(BytesIO(data), laparams=LAParams()):
            out: list[str] = []
            render(page, out)
            out.append("\f")
            starts.append(size)
            text = "".join(out)
            parts.append(text)
            size += len(text)
    except InputError as exc:
        if exc.message.startswith(source):
            raise
        raise InputError(f"{source}: {exc.message}") from None
    except Exception as exc:  # pdfminer raises many kinds (syntax, encryption, ...)
        reason = str(exc) or type(exc).__name__
        raise InputError(f"{source}: cannot read the PDF ({reason})") from None
    text = "".join(parts)
    if not starts:
        raise InputError(f"{source}: the PDF has no pages")
    if not text.replace("\f", "").strip():
        raise InputError(
            f"{source}: no extractable text (a scanned PDF without a text layer?); "
            "OCR is not attempted"
        )
    title = hints.get("title")
    if title and re.fullmatch(r"(?i)untitled|microsoft word - .*|.*\.(?:docx?|pdf|indd)", title):
        hints["title"] = None
    return text, tuple(starts), hints


# --------------------------------------------------------------------------- HTML

_HTML_CONTAINERS = {"list", "table", "div", "section", "article", "main", "body", "doc"}


def _inline_text(element: Any) -> str:
    """The text of a block element, ``<lb/>`` as a line break."""
    pieces = [element.text or ""]
    for child in element:
        pieces.append("\n" if child.tag == "lb" else _inline_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _html_paragraphs(element: Any, out: list[str]) -> None:
    """Paragraphs of trafilatura's output tree: each heading, paragraph, list item, quote or
    table row (cells joined by `` | ``)."""
    def add(text: str) -> None:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            out.append(block)

    add(element.text or "")
    for child in element:
        if child.tag == "row":
            add(" | ".join(" ".join(_inline_text(c).split()) for c in child if c.tag == "cell"))
        elif child.tag in _HTML_CONTAINERS:
            _html_paragraphs(child, out)
        else:
            add(_inline_text(child))
        add(child.tail or "")


def read_html(data: bytes, source: str) -> tuple[str, dict[str, str | None]]:
    """The main content of a web page (trafilatura: navigation, scripts, asides, footers and
    comments dropped): headings, paragraphs, list items, quotes and table rows, one per
    paragraph separated by a blank line; hints ``title`` and ``date`` (publication date
    markup) from the page."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            data, include_comments=False, include_tables=True, include_formatting=False,
            include_links=False, include_images=False, with_metadata=True, favor_recall=True,
            # the page's own date markup only, never a date guessed from the article text
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:
        raise InputError(f"{source}: cannot read the HTML ({exc or type(exc).__name__})") from None
    body = getattr(result, "body", None)
    if body is None:
        raise InputError(f"{source}: no main text found in the HTML page")
    paragraphs: list[str] = []
    _html_paragraphs(body, paragraphs)
    text = "\n\n".join(paragraphs) + "\n" if paragraphs else ""
    title = getattr(result, "title", None)
    date = getattr(result, "date", None)
    return text, {"title": " ".join(title.split()) if title else None,
                  "date": date if isinstance(date, str) and date else None}


# --------------------------------------------------------------------------- metadata

_DATE_LINE = re.compile(
    r"(?i)^(?:(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\s+)?(?:\d{1,2},?\s+)?(?:19|20)\d\d$")


@cache
def _title_skip() -> frozenset[str]:
    path = resources.files("extract") / "resources" / "title_skip.txt"
    return frozenset(
        line.split("#", 1)[0].strip().lower()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    )


def header_title(text: str, max_lines: int = 6) -> str | None:
    """A report's title from its text: the first markdown heading, else the first short
    line of the header that is not a date or a generic label (``resources/title_skip.txt``)."""
    m = re.search(r"(?m)^#{1,3}\s+(.+?)\s*#*\s*$", text[:3000])
    if m:
        return m.group(1)
    lines = [line.strip() for line in text[:3000].splitlines() if line.strip()][:max_lines]
    for line in lines:
        if (len(line) <= 120 and line[-1] not in ".!?,;" and not _DATE_LINE.match(line)
                and line.lower() not in _title_skip()):
            return line
    return None


@cache
def _countries() -> tuple[re.Pattern[str], dict[str, str]]:
    path = resources.files("extract") / "resources" / "countries.txt"
    names: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            alias, _, name = line.partition("=")
            names[alias.strip().lower()] = (name or alias).strip()
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?i)(?<![\w-])(?:{alternatives})(?![\w-])"), names


def find_country(title: str | None, text: str, head_chars: int = 1500) -> str | None:
    """The country a report is about: the first country name (``resources/countries.txt``)
    in its title, else in the head of its text."""
    pattern, names = _countries()
    for where in (title or "", text[:head_chars]):
        m = pattern.search(where)
        if m:
            return names[m.group().lower()]
    return None
