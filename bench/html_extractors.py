"""Which main-content extractor to read report web pages with: trafilatura (what
``extract.ingest.document.read_html`` uses), readability-lxml, jusText, and, as the floor, all the
page's text with scripts and styles dropped (lxml). Measured on the seed report as a web
page with navigation, scripts, a cookie banner, related links and a footer, each holding
names, dates or penalties (``tests/seed_formats.py``).

Columns: ``words``, the similarity (difflib ratio, %) of the extracted word sequence to the
article's; ``leaks``, how many of the 9 planted boilerplate strings got through;
``headings``, the share of the article's headings found alone on a line; ``mentions``, the
F1 (%) of the pipeline's mentions on the extracted text against those on the seed ``.txt``
(label, text, normalized value); time per page.

Usage: ``.venv/bin/pip install -e '.[dev,bench]'`` then ``.venv/bin/python bench/html_extractors.py``.
"""

from __future__ import annotations

import difflib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.ingest import read_document, read_html  # noqa: E402
from extract.nlp.pipeline import build_nlp  # noqa: E402
from tests.seed_formats import LEAKS, keys_f1, mention_keys, paragraphs, seed_html  # noqa: E402

_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "td", "th", "pre")


def _blocks_text(root: Any) -> str:
    """Text of block elements, one per paragraph (for extractors that return HTML)."""
    blocks = []
    for el in root.iter(*_BLOCK_TAGS):
        text = " ".join(el.text_content().split())
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)


def _trafilatura(page: str) -> str:
    return read_html(page.encode("utf-8"), "page.html")[0]


def _readability(page: str) -> str:
    import lxml.html
    from readability import Document as ReadabilityDocument

    return _blocks_text(lxml.html.fromstring(ReadabilityDocument(page).summary()))


def _justext(page: str) -> str:
    import justext

    kept = [p.text for p in justext.justext(page.encode("utf-8"), justext.get_stoplist("English"))
            if not p.is_boilerplate]
    return "\n\n".join(kept)


def _all_text(page: str) -> str:
    import lxml.html

    root = lxml.html.fromstring(page)
    for el in root.iter("script", "style"):
        el.drop_tree()
    return _blocks_text(root)


EXTRACTORS: dict[str, tuple[str, Callable[[str], str]]] = {
    "trafilatura": ("trafilatura", _trafilatura),
    "readability-lxml": ("readability", _readability),
    "jusText": ("justext", _justext),
    "all text (lxml)": ("lxml", _all_text),
}


def main() -> None:
    nlp = build_nlp()
    reference = mention_keys(read_document(ROOT / "corpora" / "kazakhstan-2013.txt").text, nlp, "html")
    page = seed_html()
    article = [b for b in paragraphs()]
    article_words = " ".join(b.text for b in article).split()
    headings = [b.text for b in article if b.heading]
    print(f"{'extractor':<18}{'words %':>9}{'leaks':>7}{'headings %':>12}{'mentions %':>12}{'ms':>7}")
    for name, (module, extract) in EXTRACTORS.items():
        try:
            __import__(module)
        except ImportError:
            print(f"{name}: not installed, skipped")
            continue
        t0 = time.perf_counter()
        text = extract(page)
        ms = 1000 * (time.perf_counter() - t0)
        words = 100 * difflib.SequenceMatcher(None, article_words, text.split(), autojunk=False).ratio()
        leaks = sum(leak in text for leak in LEAKS)
        lines = {line.strip() for line in text.splitlines()}
        kept = 100 * sum(h in lines for h in headings) / len(headings)
        mentions = keys_f1(reference, mention_keys(text, nlp, "html"))
        print(f"{name:<18}{words:>9.1f}{leaks:>7}{kept:>12.1f}{mentions:>12.1f}{ms:>7.0f}")


if __name__ == "__main__":
    main()
