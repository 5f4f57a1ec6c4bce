"""Gold scores of the seed report read from each format, side by side: the ``.txt`` itself,
the report PDFs written by ``tests/seed_formats.py`` (one column with page breaks
mid-sentence, running headers and footers and hyphenation; two columns; two columns
written row by row) and the web page.

A PDF's or page's mentions index its own extracted text, so they are carried over to the
``.txt`` before scoring: extracted text -> its repaired text (the offset map) -> the
``.txt``'s repaired text (character alignment of the two repaired texts) -> the ``.txt``
(its offset map). Paragraphs are aligned first (a paragraph the extractor put out of order is found where it
belongs), then characters (difflib). A mention that does not align is lost and counts as a
miss.

Usage: ``.venv/bin/python bench/formats_gold.py``.
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from bisect import bisect_right
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.evaluation.scoring import EvalReport, evaluate  # noqa: E402
from extract.ingest import Document, read_document  # noqa: E402
from extract.models import DocumentRecord  # noqa: E402
from extract.nlp.pipeline import build_nlp, process  # noqa: E402
from extract.storage.jsonl import read_records  # noqa: E402
from tests.seed_formats import write_seed_html, write_seed_pdf  # noqa: E402


class _Alignment:
    """Character alignment of text ``a`` to text ``b``: each paragraph of ``a`` found whole
    in ``b`` maps there (so a paragraph the extractor put out of order still maps), the rest
    by difflib's matching blocks."""

    def __init__(self, a: str, b: str) -> None:
        blocks: list[tuple[int, int, int]] = []
        pos = 0
        for paragraph in a.split("\n\n"):
            at = b.find(paragraph) if len(paragraph) >= 20 else -1
            if at >= 0:
                blocks.append((pos, at, len(paragraph)))
            pos += len(paragraph) + 2
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        blocks.extend((m.a, m.b, m.size) for m in matcher.get_matching_blocks() if m.size)
        self.blocks = sorted(blocks)
        self.starts = [blk[0] for blk in self.blocks]

    def __call__(self, i: int) -> int | None:
        k = bisect_right(self.starts, i) - 1
        while k >= 0:
            a, b, size = self.blocks[k]
            if a <= i < a + size:
                return b + (i - a)
            k -= 1
        return None


def carry_over(record: DocumentRecord, document: Document, txt: Document) -> DocumentRecord:
    """``record`` (of ``document``) with its mentions moved onto ``txt``'s text."""
    assert document.repaired is not None and txt.repaired is not None
    align = _Alignment(document.repaired.text, txt.repaired.text)
    mentions = []
    for m in record.mentions:
        a = align(document.repaired.map.to_repaired(m.start))
        b = align(document.repaired.map.to_repaired(m.end - 1))
        if a is None or b is None or b < a:
            continue
        start, end = txt.repaired.map.span_to_source(a, b + 1)
        mentions.append(m.model_copy(update={"start": start, "end": end, "text": txt.text[start:end]}))
    return record.model_copy(update={"doc_id": txt.doc_id, "mentions": mentions})


def _row(report: EvalReport) -> list[str]:
    cells = []
    for label in ("PERSON", "CHARGE", "SENTENCE", "DATE", "micro"):
        s = report.mentions[label]
        cells.append(f"{s.overlap.f1:.3f} ({s.exact.f1:.3f})")
    cells.append(f"{report.normalization['DATE value'].accuracy:.3f}")
    cells.append(f"{report.people.f1:.3f}")
    cells.append(f"{report.cases.f1:.3f}")
    return cells


def main() -> None:
    gold = read_records([ROOT / "gold" / "kazakhstan-2013.jsonl"])
    nlp = build_nlp()
    txt = read_document(ROOT / "corpora" / "kazakhstan-2013.txt", "kazakhstan-2013")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_seed_pdf(folder / "one.pdf")
        write_seed_pdf(folder / "two.pdf", columns=2)
        write_seed_pdf(folder / "rows.pdf", columns=2, row_order=True)
        write_seed_html(folder / "page.html")
        variants = {
            ".txt": txt,
            "PDF, 1 column": read_document(folder / "one.pdf"),
            "PDF, 2 columns": read_document(folder / "two.pdf"),
            "PDF, 2 col. row order": read_document(folder / "rows.pdf"),
            "HTML page": read_document(folder / "page.html"),
        }
    records = list(process(nlp, list(variants.values())))
    header = ["", "PERSON", "CHARGE", "SENTENCE", "DATE", "micro", "DATE value", "people F1",
              "case facts F1"]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for (name, document), record in zip(variants.items(), records, strict=True):
        assert isinstance(record, DocumentRecord), record
        pred = record if document is txt else carry_over(record, document, txt)
        lost = len(record.mentions) - len(pred.mentions)
        label = name + (f" ({lost} lost)" if lost else "")
        print("| " + " | ".join([label, *_row(evaluate(gold, [pred]))]) + " |")
    print("\nMention F1 overlap (exact in brackets); gold/kazakhstan-2013.jsonl.")


if __name__ == "__main__":
    main()
