"""PDF text with page starts and Info metadata (pdfminer), compressed streams bounded."""

from __future__ import annotations

import re
import zlib
from io import BytesIO
from typing import Any

from extract.errors import InputError


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
