"""Find report files, read them (text in any encoding, PDF, HTML, Word .docx), repair the text and read
the report's metadata and its own dating from its header.

What the pipeline reads is :attr:`Document.repaired` (see :mod:`extract.ingest.repair`); mention
offsets index :attr:`Document.text`: the decoded file for ``.txt``/``.md``, the extracted
text for PDF (pages ended by form feeds), HTML and ``.docx`` (paragraphs joined by blank lines).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from extract.errors import InputError
from extract.fs import read_bounded
from extract.ingest.docx import read_docx
from extract.ingest.header import country_name, find_country_code, header_title, report_dating
from extract.ingest.html import read_html
from extract.ingest.pdf import read_pdf
from extract.ingest.repair import Repaired, repair
from extract.ingest.text import decode_text

TEXT_SUFFIXES = (".txt", ".md")
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES


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
    format: str = "text"  # text | pdf | html | docx
    encoding: str | None = None  # of a text file
    title: str | None = None
    country: str | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-3 of ``country``
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




def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield report files under ``paths`` (files as given, folders recursively, sorted).

    A path that does not exist raises :class:`InputError`.
    """
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                # a dangling link, a link loop, a FIFO or a device is yielded too: reading
                # it reports why
                if is_readable(p) and not p.is_dir():
                    yield p
        elif path.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or folder")


def is_readable(path: Path) -> bool:
    """Whether ``path`` names a kind of file this package reads (by its suffix: ``SUFFIXES``)."""
    return path.suffix.lower() in SUFFIXES


def skipped_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files under the folders in ``paths`` that :func:`discover` passes over because
    this package does not read their kind (an unknown suffix), sorted; a file given by
    name is never skipped (reading it says why it cannot be read)."""
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if not is_readable(p) and not p.is_dir():
                    yield p


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
    8 for HTML (markup) and .docx (zipped XML), 16 for PDF (layout and fonts)."""
    suffix = path.suffix.lower()
    factor = 16 if suffix in PDF_SUFFIXES else 8 if suffix in HTML_SUFFIXES + DOCX_SUFFIXES else 4
    return factor * max_chars


def read_document(path: Path, doc_id: str | None = None, max_chars: int | None = None) -> Document:
    """Read one report file (text, PDF, HTML or .docx by its suffix), repair its text and read its
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
    elif suffix in DOCX_SUFFIXES:
        fmt = "docx"
        text, hints = read_docx(data, str(path))
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
    code = find_country_code(title, repaired.text)
    return Document(
        doc_id=doc_id or path.stem,
        source=path.as_posix(),
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        repaired=repaired,
        format=fmt,
        encoding=encoding,
        title=title,
        country=None if code is None else country_name(code),
        country_code=code,
        report_date=report_dating(repaired.text).report_date or hints.get("date"),
        page_starts=page_starts,
    )

