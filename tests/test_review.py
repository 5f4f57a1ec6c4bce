"""The review page of a run without gold (``extract.evaluation.review``): its content on a
real run over the repository's corpora, and the page as headless Chromium renders it.

The Chromium tests need Debian's ``chromium`` (``make test`` installs it through
``tools/ensure-chromium.sh``); without it they fail with a message saying so.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from extract.evaluation.chromium import dump_dom, find_chromium, screenshot
from extract.evaluation.html import static_text
from extract.evaluation.review import (
    LABEL_COLORS,
    label_marks,
    people_index,
    person_id,
    render_review,
    review_summary,
    write_review,
)
from extract.ingest import discover, doc_id_for, read_document
from extract.models import DocumentRecord
from extract.nlp.pipeline import process
from extract.storage.case_table import case_rows
from extract.storage.jsonl import read_records, write_jsonl
from tests.nlp_fixture import shared_nlp
from tests.png import colour_counts

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> list[DocumentRecord]:
    """The records of a run over every corpus text, written as ``OUT/documents.jsonl`` and
    read back as ``extract review OUT`` reads them."""
    docs = [read_document(p, doc_id_for(p, CORPORA)) for p in discover([CORPORA])]
    records = [r for r in process(shared_nlp(), docs, include_text=True) if isinstance(r, DocumentRecord)]
    assert len(records) == len(docs) > 40
    out = tmp_path_factory.mktemp("out") / "documents.jsonl"
    write_jsonl(out, records)
    return read_records([out])


@pytest.fixture(scope="module")
def page(run: list[DocumentRecord]) -> str:
    return render_review(run, source="out")


@pytest.fixture(scope="module")
def page_file(page: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "review.html"
    write_review(path, page)
    return path


def _need_chromium() -> None:
    if find_chromium() is None:
        pytest.fail(
            "headless Chromium is needed for this test: apt-get install -y chromium "
            "(make test installs it), or set CHROMIUM to the binary",
            pytrace=False,
        )


def _sections(page: str) -> dict[str, str]:
    """Each document's section of the page, by its element id."""
    parts = re.split(r'(?=<details class="doc" open id=")', page.split('<main id="documents">')[1])
    return {re.match(r'<details class="doc" open id="([^"]+)"', p).group(1): p  # type: ignore[union-attr]
            for p in parts if p.startswith("<details")}


def _seed(run: list[DocumentRecord]) -> DocumentRecord:
    [seed] = [r for r in run if r.doc_id == "kazakhstan-2013"]
    return seed


# --------------------------------------------------------------------------- content


def test_page_is_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=|<link\b|@import|url\(|<img\b|<iframe\b", page, re.I)
    assert not re.search(r'(src|href)="(https?:)?//', page, re.I)
    for name in ("base.css", "review.css", "filters.js"):  # the shared files, inline
        assert static_text(name) in page
    assert static_text("report.css") not in page  # the evaluation report's own rules stay out


def test_every_mention_is_highlighted_once(run: list[DocumentRecord], page: str) -> None:
    sections = _sections(page)
    assert len(sections) == len(run)  # doc ids repeat across corpora folders: anchors do not
    for record, (anchor, html) in zip(run, sections.items(), strict=True):
        assert anchor.startswith(f"doc-{record.doc_id}")
        tags = Counter(re.findall(r'<span class="tag l-([A-Z]+)"', html))
        assert tags == Counter(m.label for m in record.mentions), record.doc_id


def test_hover_shows_normalized_values(run: list[DocumentRecord], page: str) -> None:
    seed = _sections(page)["doc-kazakhstan-2013"]
    record = _seed(run)
    sentence = next(m for m in record.mentions if m.label == "SENTENCE" and m.duration)
    date = next(m for m in record.mentions if m.label == "DATE")
    person = next(m for m in record.mentions if m.label == "PERSON")
    assert f'data-tip="SENTENCE\nkind: {sentence.kind}\nduration: {sentence.duration}\n' in seed
    assert f"value: {date.value}" in seed
    assert f'data-person="{person_id(person.canonical)}"' in seed
    assert f"canonical: {person.canonical}" in seed


def test_case_table_shows_each_fact_with_its_evidence_sentence(run: list[DocumentRecord],
                                                               page: str) -> None:
    rows = case_rows(run)
    assert page.count('<tr class="case" data-person=') == len(rows) > 100
    seed = _sections(page)["doc-kazakhstan-2013"]
    assert '<mark class="ev ev-SENTENCE">seven-and-a-half years in prison</mark>' in seed
    with_evidence = sum(1 for r in rows if r["evidence"])
    assert page.count('<span class="evidence">') == with_evidence


def test_people_index_joins_a_person_across_documents(run: list[DocumentRecord], page: str) -> None:
    people = people_index(run)
    by_pid = {p.pid: p for p in people}
    canon = {m.canonical for r in run for m in r.mentions if m.label == "PERSON"}
    assert {person_id(c) for c in canon} <= set(by_pid)
    widest = max(people, key=lambda p: len(p.docs))
    assert len(widest.docs) >= 3
    row = re.search(rf'<tr data-person="{widest.pid}">.*?</tr>', page)
    assert row is not None
    for doc_id in widest.docs:
        assert f'href="#doc-{doc_id}"' in row.group()
    for anchor, html in _sections(page).items():  # a document lists the people it names
        names = re.search(r'data-person="([^"]*)"', html)
        assert names is not None
        assert (widest.pid in names.group(1).split()) == (anchor.split("~")[0][4:] in widest.docs)


def test_person_ids_ignore_case_and_spacing() -> None:
    assert person_id("Ilham  Tohti") == person_id("ilham tohti") != person_id("Ilham Toht")
    assert re.fullmatch(r"p-[0-9a-f]{10}", person_id("Ilham Tohti"))


def test_text_is_escaped_and_a_record_without_text_is_said() -> None:
    record = DocumentRecord.model_validate({
        "doc_id": 'd"<x>', "source": "s", "text": "<b>Ivan Petrov</b> & co was fined 5 tenge.",
        "mentions": [
            {"label": "PERSON", "start": 3, "end": 14, "text": "Ivan Petrov", "canonical": "Ivan Petrov"},
            {"label": "DATE", "start": 8, "end": 14, "text": "Petrov", "value": "2012"},
        ],
    })
    marks = label_marks(record)
    assert [(m.label, m.start) for m in marks] == [("PERSON", 3), ("DATE", 8)]
    html = render_review([record, record.model_copy(update={"text": None})])
    assert "&lt;b&gt;" in html and "<b>Ivan" not in html and 'id="doc-d&#34;&lt;x&gt;"' in html
    assert 'id="doc-d&#34;&lt;x&gt;~2"' in html  # the same doc id twice: two anchors
    assert 'style="--s:1"' in html  # the DATE inside the PERSON: a second underline
    assert "1 record without text" in html and "its 2 mentions cannot be shown in place" in html
    assert review_summary([record]) == (
        "1 document, 2 mentions (1 PERSON, 0 CHARGE, 0 SENTENCE, 1 DATE), 1 people, 0 case facts")


# --------------------------------------------------------------------------- in Chromium


def test_rendered_page_runs_its_script(page_file: Path, run: list[DocumentRecord]) -> None:
    _need_chromium()
    dom = dump_dom(page_file)
    assert 'data-ready="1"' in dom, "the page script did not run"
    assert dom.count('<details class="doc" open') == len(run)
    assert 'class="doc picked-out"' not in dom  # nobody picked: every document shown
    assert f'<span id="shown-docs">{len(run)}</span>' in dom
    body = re.search(r"<body[^>]*>", dom)
    assert body is not None and "hide-" not in body.group()


def test_filters_by_label_and_person_from_the_url(page_file: Path, run: list[DocumentRecord]) -> None:
    _need_chromium()
    widest = max(people_index(run), key=lambda p: len(p.docs))
    dom = dump_dom(f"{page_file}#hide=l-DATE&person={widest.pid}")  # a path with a fragment
    body = re.search(r"<body[^>]*>", dom)
    assert body is not None and "hide-l-DATE" in body.group() and "hide-l-PERSON" not in body.group()
    docs = re.findall(r'<details class="doc( picked-out)?" open(?:="")? id="([^"]+)"', dom)
    shown = [anchor for out, anchor in docs if not out]
    assert len(docs) == len(run) and 0 < len(shown) < len(run)
    assert {a.split("~")[0][4:] for a in shown} == set(widest.docs)
    assert f'<span id="shown-docs">{len(shown)}</span>' in dom
    assert re.search(rf'<tr data-person="{widest.pid}"( class="")?>', dom)  # their index row stays
    assert dom.count('<tr class="case picked-out"') > 0  # other people's case rows go
    visible = sum(int(n) for n in re.findall(r'<span class="visible">(\d+)</span>', dom))
    full = sum(len(r.mentions) for r in run)
    assert 0 < visible < full


def test_screenshot_shows_the_label_colours(page_file: Path, tmp_path: Path) -> None:
    _need_chromium()
    png = screenshot(page_file, tmp_path / "review.png", 1280, 1500)
    counts = colour_counts(png)
    total = sum(counts.values())
    assert len(counts) > 100, f"only {len(counts)} colours: blank page?"
    assert counts.get((255, 255, 255), 0) < 0.97 * total

    def rgb(hex_colour: str) -> tuple[int, int, int]:
        return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]

    for label in ("PERSON", "DATE"):  # the first screen: the people index and the first text
        assert counts.get(rgb(LABEL_COLORS[label]), 0) > 20, f"no {label} highlight drawn"
