"""Write test PDFs with a real text layer (reportlab): paragraphs wrapped to the column,
optional end-of-line hyphenation, one or two columns, running headers and footers with
page numbers, forced page breaks. Used by the ingest tests and ``bench/pdf_extractors.py``.

The layout is deliberately simple (greedy line filling), but what a PDF extractor and the
repair step see is what real report PDFs give them: one text line per visual line, words
cut at line ends with a hyphen, paragraphs and sentences cut by page breaks, and header and
footer lines on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

_FONTS_DONE = False
REGULAR, BOLD = "Vera", "VeraBd"  # shipped with reportlab; covers the corpus' characters


def _register_fonts() -> None:
    global _FONTS_DONE
    if not _FONTS_DONE:
        pdfmetrics.registerFont(TTFont(REGULAR, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))
        _FONTS_DONE = True


@dataclass(frozen=True)
class Block:
    """A paragraph or heading; ``new_page`` starts it on a new page (a forced break)."""

    text: str
    heading: bool = False
    new_page: bool = False


@dataclass(frozen=True)
class Layout:
    page_size: tuple[float, float] = A5
    columns: int = 1
    font_size: float = 10.0
    margin: float = 48.0
    gutter: float = 18.0
    hyphenate: bool = False
    header: str | None = None  # running header, on pages >= header_from; "{page}" allowed
    footer: str | None = None  # running footer, on every page; "{page}" allowed
    header_from: int = 2
    first_page_number: int = 1
    row_order: bool = False  # write two columns line by line across (left, right, left, ...)


def blocks_from_text(text: str) -> list[Block]:
    """Blocks of a plain-text report: blank-line separated; short lines without final
    punctuation are headings."""
    blocks = []
    for part in text.split("\n\n"):
        part = " ".join(part.split())
        if part:
            heading = len(part) < 80 and part[-1] not in '.!?:;,"”)'
            blocks.append(Block(part, heading=heading))
    return blocks


def _split_word(word: str, font: str, size: float, room: float) -> tuple[str, str] | None:
    """Cut ``word`` so that its head plus a hyphen fits ``room``: only inside a run of
    letters, at least 3 letters on each side; an existing hyphen is a cut point too."""
    best = None
    for i in range(3, len(word) - 2):
        head, tail = word[:i], word[i:]
        if head.endswith("-"):
            piece = head
        elif head[-1].isalpha() and tail[0].isalpha() and head[-3:].isalpha() and tail[:3].isalpha():
            piece = head + "-"
        else:
            continue
        if pdfmetrics.stringWidth(piece, font, size) <= room:
            best = (piece, tail)
    return best


def wrap(text: str, font: str, size: float, width: float, hyphenate: bool) -> list[str]:
    """Greedy line filling; with ``hyphenate`` a word that does not fit is cut."""
    lines: list[str] = []
    line = ""
    words = text.split()
    i = 0
    while i < len(words):
        word = words[i]
        candidate = f"{line} {word}" if line else word
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            line = candidate
            i += 1
            continue
        if hyphenate and len(word) >= 7:
            room = width - pdfmetrics.stringWidth(f"{line} " if line else "", font, size)
            cut = _split_word(word, font, size, room)
            if cut is not None:
                lines.append(f"{line} {cut[0]}" if line else cut[0])
                words[i] = cut[1]
                line = ""
                continue
        if line:
            lines.append(line)
            line = ""
        else:  # a single word wider than the column
            lines.append(word)
            i += 1
    if line:
        lines.append(line)
    return lines


def write_pdf(path: Path, blocks: Sequence[Block], layout: Layout = Layout(),
              metadata: dict[str, str] | None = None) -> int:
    """Write ``blocks`` to ``path``; returns the number of pages."""
    _register_fonts()
    width, height = layout.page_size
    size = layout.font_size
    leading = size * 1.3
    col_width = (width - 2 * layout.margin - (layout.columns - 1) * layout.gutter) / layout.columns
    top = height - layout.margin
    bottom = layout.margin

    # lay out: pages -> columns -> [(y, font, text)]
    pages: list[list[list[tuple[float, str, str]]]] = []

    def new_page() -> None:
        pages.append([[] for _ in range(layout.columns)])

    new_page()
    col, y = 0, top
    for block in blocks:
        font = BOLD if block.heading else REGULAR
        if block.new_page and any(pages[-1]):
            new_page()
            col, y = 0, top
        lines = wrap(block.text, font, size, col_width, layout.hyphenate and not block.heading)
        if block.heading:
            y -= leading * 0.6
            if y - 2 * leading < bottom:  # keep a heading with its paragraph
                y = bottom - 1
        for line in lines:
            if y - leading < bottom:
                col += 1
                if col == layout.columns:
                    new_page()
                    col = 0
                y = top
            y -= leading
            pages[-1][col].append((y, font, line))
        y -= leading * 0.6  # paragraph spacing

    canvas = Canvas(str(path), pagesize=layout.page_size, invariant=1)
    meta = metadata or {}
    if "title" in meta:
        canvas.setTitle(meta["title"])
    if "author" in meta:
        canvas.setAuthor(meta["author"])
    if "subject" in meta:
        canvas.setSubject(meta["subject"])
    for n, columns in enumerate(pages, 1):
        number = layout.first_page_number + n - 1
        if layout.header and n >= layout.header_from:
            canvas.setFont(REGULAR, size - 2)
            canvas.drawCentredString(width / 2, height - layout.margin / 2,
                                     layout.header.format(page=number))
        items: list[tuple[float, float, str, str]] = []
        for c, column in enumerate(columns):
            x = layout.margin + c * (col_width + layout.gutter)
            items.extend((x, yy, font, text) for yy, font, text in column)
        if layout.row_order:
            items.sort(key=lambda it: (-it[1], it[0]))
        for x, yy, font, text in items:
            canvas.setFont(font, size)
            canvas.drawString(x, yy, text)
        if layout.footer:
            canvas.setFont(REGULAR, size - 2)
            canvas.drawCentredString(width / 2, layout.margin / 2, layout.footer.format(page=number))
        canvas.showPage()
    canvas.save()
    return len(pages)


__all__ = ["A4", "A5", "Block", "Layout", "blocks_from_text", "wrap", "write_pdf"]
