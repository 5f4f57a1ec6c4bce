"""Which PDF text extractor to read report PDFs with: pypdf, pdfminer.six, pdfplumber or
pypdfium2, measured on PDFs of the seed report written here (reportlab):

- ``1col-hyphenated``: A5 pages, one column, words cut at line ends with a hyphen, running
  header and footer with page numbers, a page break mid-sentence;
- ``2col``: A4, two columns, each column's lines written one after the other;
- ``2col-row-order``: the same page, but the lines written across the page (left line,
  right line, ...), as some layout programs do: reading order must come from geometry.

For each extractor and PDF: ``words``, the similarity (difflib ratio, %) of the extracted
word sequence to the printed text's (hyphenated line ends joined the same way for all);
``repaired``, the same after ``extract.ingest.repair`` (headers, footers, page numbers removed,
hyphenation undone); ``paras``, the share of the printed paragraphs found whole as a
paragraph of the repaired text; ``mentions``, the F1 (%) of the pipeline's mentions on the
extracted text against its mentions on the seed ``.txt`` (label, text with blanks squeezed,
normalized value); and the extraction time per document.

Usage: ``.venv/bin/pip install -e '.[dev,bench]'`` then ``.venv/bin/python bench/pdf_extractors.py``
(extractors that are not installed are skipped).
"""

from __future__ import annotations

import difflib
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.ingest import read_document  # noqa: E402
from extract.ingest.repair import repair  # noqa: E402
from extract.nlp.pipeline import build_nlp  # noqa: E402
from tests.seed_formats import keys_f1, mention_keys, paragraphs, write_seed_pdf  # noqa: E402


def _pypdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\f".join(page.extract_text() or "" for page in PdfReader(path).pages) + "\f"


def _pdfminer(path: Path) -> str:
    from extract.ingest import read_pdf

    return read_pdf(path.read_bytes(), str(path))[0]


def _pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\f".join(page.extract_text() or "" for page in pdf.pages) + "\f"


def _pypdfium2(path: Path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    # pdfium marks a line-end hyphen as U+FFFE and ends lines with CRLF
    return "\f".join(p.replace("\ufffe", "-\n").replace("\r\n", "\n") for p in pages) + "\f"


EXTRACTORS: dict[str, tuple[str, Callable[[Path], str]]] = {
    "pypdf": ("pypdf", _pypdf),
    "pdfminer.six": ("pdfminer", _pdfminer),
    "pdfplumber": ("pdfplumber", _pdfplumber),
    "pypdfium2": ("pypdfium2", _pypdfium2),
}


def _words(text: str) -> list[str]:
    return re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text).split()


def _ratio(a: list[str], b: list[str]) -> float:
    return 100 * difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def main() -> None:
    nlp = build_nlp()
    seed = read_document(ROOT / "corpora" / "kazakhstan-2013.txt")
    reference = mention_keys(seed.text, nlp, "pdf")
    printed_blocks = [" ".join(b.text.split()) for b in paragraphs()]
    printed = _words("\n\n".join(printed_blocks))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = {
            "1col-hyphenated": (Path(tmp) / "one.pdf", {"columns": 1}),
            "2col": (Path(tmp) / "two.pdf", {"columns": 2}),
            "2col-row-order": (Path(tmp) / "rows.pdf", {"columns": 2, "row_order": True}),
        }
        for path, options in pdfs.values():
            write_seed_pdf(path, **options)  # type: ignore[arg-type]
        for name, (module, extract) in EXTRACTORS.items():
            try:
                __import__(module)
            except ImportError:
                print(f"{name}: not installed, skipped")
                continue
            for label, (path, _) in pdfs.items():
                t0 = time.perf_counter()
                text = extract(path)
                seconds = time.perf_counter() - t0
                fixed = repair(text, unwrap=True).text
                found_paras = {" ".join(p.split()) for p in fixed.split("\n\n")}
                found = sum(b in found_paras for b in printed_blocks)
                f1 = keys_f1(reference, mention_keys(text, nlp, "pdf"))
                rows.append((name, label, _ratio(printed, _words(text)), _ratio(printed, fixed.split()),
                             100 * found / len(printed_blocks), f1, 1000 * seconds))
    print(f"{'extractor':<14}{'pdf':<17}{'words %':>9}{'repaired %':>12}{'paras %':>9}"
          f"{'mentions %':>12}{'ms':>7}")
    for name, label, words, fixed_words, paras, mentions, ms in rows:
        print(f"{name:<14}{label:<17}{words:>9.1f}{fixed_words:>12.1f}{paras:>9.1f}{mentions:>12.1f}{ms:>7.0f}")


if __name__ == "__main__":
    main()
