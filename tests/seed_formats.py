"""The seed report as it would arrive in other forms: a PDF (page breaks mid-sentence,
running headers and footers, end-of-line hyphenation, one or two columns) and a web page
(navigation, scripts, a cookie banner, an aside and a footer around the article). Used by
``tests/test_ingest.py`` and the ``bench/`` scripts."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import Any

from tests.pdfgen import A4, A5, Block, Layout, blocks_from_text, write_pdf

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "kazakhstan-2013.txt"
EMPHASIS = ("Alga!", "Vzglyad")
PDF_METADATA = {"title": "Kazakhstan: Events of 2012", "author": "Human Rights Watch",
                "subject": "World Report 2013"}


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def clean_blocks() -> list[Block]:
    """The seed's paragraphs as the publisher printed them: no markdown escapes or emphasis
    markers; where the seed's extraction cut a paragraph in two (a blank line, then a
    lowercase start: "did not adhere" / "to international ...") the PDF it came from broke
    the page, so the second part is flagged ``new_page``."""
    text = seed_text().replace("\\$", "$")
    for word in EMPHASIS:
        text = text.replace(f"*{word}*", word)
    blocks = blocks_from_text(text)
    out: list[Block] = []
    for block in blocks:
        if block.text[0].islower():
            out.append(Block(block.text, new_page=True))
        else:
            out.append(block)
    return out


def paragraphs() -> list[Block]:
    """The seed's headings and paragraphs, each whole (no page break)."""
    out: list[Block] = []
    for block in clean_blocks():
        if block.new_page and out:
            out[-1] = Block(f"{out[-1].text} {block.text}")
        else:
            out.append(block)
    return out


def write_seed_pdf(path: Path, columns: int = 1, row_order: bool = False, hyphenate: bool = True) -> int:
    """The seed as a report PDF; returns the page count. One column: A5 pages, so page
    breaks fall inside sentences, besides the seed's own page breaks (see
    :func:`clean_blocks`); running header and footer with page numbers. Two columns: A4,
    no forced breaks."""
    layout = Layout(
        page_size=A5 if columns == 1 else A4,
        columns=columns,
        hyphenate=hyphenate,
        row_order=row_order,
        header="KAZAKHSTAN — WORLD REPORT 2013",
        footer="HUMAN RIGHTS WATCH | {page}",
        first_page_number=402,
    )
    blocks = clean_blocks()
    if columns != 1:
        blocks = [Block(b.text, b.heading) for b in blocks]
    return write_pdf(path, blocks, layout, PDF_METADATA)


def seed_html() -> str:
    """The seed as a web page: the article among navigation, scripts, styles, a cookie
    banner, related links and a footer, each holding dates, names or penalties that must not
    leak into the extracted text."""
    body = []
    for block in paragraphs():  # a web page has no page breaks: the paragraph is whole
        text = html.escape(block.text, quote=False)
        for word in EMPHASIS:
            text = text.replace(word, f"<em>{word}</em>")
        body.append(f"<h2>{text}</h2>" if block.heading else f"<p>{text}</p>")
    article = "\n".join(body)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>World Report 2013: Kazakhstan | Human Rights Watch</title>
<script>var promo = "Ivan Petrov was sentenced to five years in prison on May 1, 2012";</script>
<style>body {{ font-family: sans-serif; }} .cookie {{ position: fixed; }}</style>
</head>
<body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/countries">Countries</a></li><li><a href="/donate">Donate</a></li>
</ul></nav></header>
<div class="cookie">We use cookies since March 3, 2011. <button>Accept</button></div>
<main>
<article>
{article}
</article>
<aside><h3>Related</h3><ul>
<li><a href="/russia">Russia: Boris Orlov jailed for three years in March 2011</a></li>
<li><a href="/uzbekistan">Uzbekistan: journalist fined US$900 on June 3, 2010</a></li>
</ul></aside>
</main>
<footer><p>© Human Rights Watch, 350 Fifth Avenue, New York. Newsletter of January 5, 2013.</p>
<nav><a href="/privacy">Privacy</a> <a href="/contact">Contact</a></nav></footer>
<script>document.write("Arrested on June 3, 2012 was Pavel Sidorov");</script>
</body>
</html>
"""


LEAKS = ("Ivan Petrov", "Boris Orlov", "Pavel Sidorov", "cookies", "Donate", "Fifth Avenue",
         "Related", "Privacy", "font-family")


def write_seed_html(path: Path) -> None:
    path.write_text(seed_html(), encoding="utf-8")


MentionKeys = Counter[tuple[str, str, str]]


def mention_keys(text: str, nlp: Any, fmt: str) -> MentionKeys:
    """(label, repaired span text, normalized value) of every mention the pipeline finds in
    ``text`` read as format ``fmt``: comparable across formats, whatever the offsets."""
    from extract.ingest import Document
    from extract.nlp.pipeline import process

    document = Document("seed", "seed", text, "", format=fmt).with_repair()
    assert document.repaired is not None
    keys: MentionKeys = Counter()
    for record in process(nlp, [document]):
        for m in getattr(record, "mentions", []):
            a = document.repaired.map.to_repaired(m.start)
            b = document.repaired.map.to_repaired(m.end - 1) + 1
            value = {k: v for k, v in m.model_dump().items()
                     if k not in ("start", "end", "text", "page")}
            keys[(m.label, " ".join(document.repaired.text[a:b].split()),
                  str(sorted(value.items())))] += 1
    return keys


def keys_f1(gold: MentionKeys, pred: MentionKeys) -> float:
    """F1 (in %) of two multisets of mention keys."""
    tp = sum((gold & pred).values())
    total = sum(gold.values()) + sum(pred.values())
    return 100 * 2 * tp / total if total else 100.0
