"""The HTML evaluation report: its content, and the page as headless Chromium renders it.

The Chromium tests need Debian's ``chromium`` (``.ci/run`` installs it); without it they
fail with a message saying so, they are not skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.evaluation.chromium import dump_dom, find_chromium, screenshot
from extract.evaluation.html import KIND_COLORS, align_document, render_html, render_text, write_html
from extract.evaluation.scoring import evaluate
from extract.models import DocumentRecord
from tests.evalkit import gold_records, perturbed_predictions
from tests.png import colour_counts


@pytest.fixture(scope="module")
def records() -> tuple[list[DocumentRecord], list[DocumentRecord]]:
    gold = gold_records()
    return gold, perturbed_predictions(gold)


@pytest.fixture(scope="module")
def page(records: tuple[list[DocumentRecord], list[DocumentRecord]]) -> str:
    gold, pred = records
    return render_html(evaluate(gold, pred), gold, pred, gold_source="gold", pred_source="perturbed")


@pytest.fixture(scope="module")
def report_file(page: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    write_html(path, page)
    return path


def _need_chromium() -> None:
    if find_chromium() is None:
        pytest.fail(
            "headless Chromium is needed for this test: apt-get install -y chromium "
            "(.ci/run installs it), or set CHROMIUM to the binary",
            pytrace=False,
        )


# --------------------------------------------------------------------------- content


def test_items_match_the_evaluator(records: tuple[list[DocumentRecord], list[DocumentRecord]]) -> None:
    gold, pred = records
    report = evaluate(gold, pred)
    items = [it for g, p in zip(gold, pred, strict=True) for it in align_document(g, p)]
    micro = report.mentions["micro"].overlap
    assert sum(it.kind in ("TP", "WRONG") for it in items) == micro.tp
    assert sum(it.kind == "FP" for it in items) == micro.fp
    assert sum(it.kind == "FN" for it in items) == micro.fn
    wrong = {(e.doc_id, e.start, e.field) for e in report.errors if e.kind == "WRONG_VALUE"}
    assert sum(len(it.wrong) for it in items) == len(wrong) > 0
    assert any(not it.exact for it in items)


def test_page_is_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=|<link\b|@import|url\(|<img\b|<iframe\b", page, re.I)
    assert not re.search(r'(src|href)="(https?:)?//', page, re.I)


def test_page_has_tables_chart_and_every_kind(page: str) -> None:
    assert '<table class="metrics" id="metrics">' in page
    assert '<table class="metrics" id="normalization">' in page
    assert page.count('<rect class="bar bar-') == 15  # 5 groups x P/R/F1
    for kind in ("TP", "FP", "FN", "WRONG"):
        assert f'class="hl k-{kind} l-' in page
    assert "inexact" in page
    assert page.count('<details class="doc"') == len(gold_records())
    assert "value: expected 1999" not in page  # gold is expected, prediction got
    assert re.search(r"value: expected \d{4}[^,]*, got 1999", page)


def test_text_is_escaped_and_overlaps_stack() -> None:
    gold = DocumentRecord.model_validate({
        "doc_id": "d", "source": "d", "text": "<b>Ivan Petrov</b> & co",
        "mentions": [
            {"label": "PERSON", "start": 3, "end": 14, "text": "Ivan Petrov", "canonical": "Ivan Petrov"}
        ],
    })
    pred = DocumentRecord.model_validate({
        "doc_id": "d", "source": "d",
        "mentions": [
            {"label": "PERSON", "start": 3, "end": 7, "text": "Ivan", "canonical": "Ivan"},
            {"label": "DATE", "start": 8, "end": 14, "text": "Petrov", "value": "2012"},
        ],
    })
    items = align_document(gold, pred)
    assert [(it.kind, it.label) for it in items] == [("WRONG", "PERSON"), ("FP", "DATE")]
    html = render_text(gold.text or "", items)
    assert html.startswith("&lt;b&gt;") and html.endswith("&lt;/b&gt; &amp; co")
    assert 'style="--s:1"' in html  # the FP DATE overlaps the PERSON pair: a second underline
    assert "canonical: expected Ivan Petrov, got Ivan" in html
    assert "predicted span: &#39;Ivan&#39; (3-7)" in html  # markupsafe's escape of '


# --------------------------------------------------------------------------- in Chromium


def test_rendered_page_has_table_chart_and_highlights(report_file: Path) -> None:
    _need_chromium()
    dom = dump_dom(report_file)
    assert 'data-ready="1"' in dom, "the page script did not run"
    assert re.search(r'<table class="metrics" id="metrics">.*?<th>micro</th>', dom, re.S)
    assert '<svg class="chart" id="chart"' in dom and 'class="bar bar-f1"' in dom
    for kind in ("TP", "FP", "FN", "WRONG"):
        assert re.search(rf'<span class="hl k-{kind} l-[A-Z]+', dom), kind
    assert 'class="tag k-FN l-CHARGE"' in dom
    body = re.search(r"<body[^>]*>", dom)
    assert body is not None and "hide-" not in body.group()  # nothing filtered out by default


def test_filter_from_the_url(report_file: Path) -> None:
    _need_chromium()
    dom = dump_dom(report_file.resolve().as_uri() + "#hide=k-TP,l-DATE")
    body = re.search(r"<body[^>]*>", dom)
    assert body is not None
    assert "hide-k-TP" in body.group() and "hide-l-DATE" in body.group()
    assert "hide-k-FN" not in body.group()
    shown = [int(n) for n in re.findall(r'<span class="visible">(\d+)</span>', dom)]
    assert shown and all(n >= 0 for n in shown)
    full = [int(n) for n in re.findall(r'<span class="visible">(\d+)</span>', dump_dom(report_file))]
    assert sum(shown) < sum(full)


def test_screenshot_is_not_blank(report_file: Path, tmp_path: Path) -> None:
    _need_chromium()
    png = screenshot(report_file, tmp_path / "report.png", 1280, 1500)
    counts = colour_counts(png)
    total = sum(counts.values())
    white = counts.get((255, 255, 255), 0)
    assert len(counts) > 100, f"only {len(counts)} colours: blank page?"
    assert white < 0.97 * total

    def rgb(hex_colour: str) -> tuple[int, int, int]:
        return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]

    assert counts.get(rgb("#4263eb"), 0) > 500, "chart bars not drawn"
    for kind in ("TP", "FN", "WRONG"):  # underlines of the first document, in the first screen
        assert counts.get(rgb(KIND_COLORS[kind]), 0) > 20, f"no {kind} highlight drawn"


def test_case_facts_show_their_evidence_sentence() -> None:
    from extract.ingest import read_document
    from extract.nlp.pipeline import process
    from tests.nlp_fixture import shared_nlp

    gold = [g for g in gold_records() if g.doc_id == "kazakhstan-2013"]
    seed = Path(__file__).resolve().parents[1] / "corpora" / "kazakhstan-2013.txt"
    [pred] = [r for r in process(shared_nlp(), [read_document(seed, "kazakhstan-2013")],
                                 include_text=True) if isinstance(r, DocumentRecord)]
    html = render_html(evaluate(gold, [pred]), gold, [pred], gold_source="g", pred_source="p")
    assert '<span class="evidence">' in html
    assert '<mark class="ev ev-SENTENCE">seven-and-a-half years in prison</mark>' in html


# --------------------------------------------------------------------------- shared parts


def test_css_and_script_come_from_the_package_files(page: str) -> None:
    from importlib import resources

    static = resources.files("extract.evaluation") / "static"
    for name in ("base.css", "report.css", "filters.js"):
        text = (static / name).read_text(encoding="utf-8")
        assert len(text) > 500 and text in page, name
    assert (static / "review.css").read_text(encoding="utf-8") not in page
    assert ":root { --tp:#2f9e44; --fp:#e03131; --fn:#f08c00; --wrong:#7048e8; }" in page


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 25)), max_size=40))
@settings(max_examples=200, deadline=None)
def test_overlapping_marks_get_the_lowest_free_underline(spans: list[tuple[int, int]]) -> None:
    """render_marks' one-sweep slots equal the greedy colouring by its definition (the lowest
    slot no earlier overlapping mark holds), and every mark in the text gets one badge."""
    from extract.evaluation.html import Mark, _slots, render_marks

    text = "x" * 70
    marks = sorted((Mark(a, a + n, "DATE", "l-DATE", f"{a}+{n}") for a, n in spans),
                   key=lambda m: m.start)
    slots = _slots(marks)
    for i, m in enumerate(marks):
        taken = {slots[j] for j in range(i) if marks[j].start < m.end and m.start < marks[j].end}
        assert slots[i] == min(set(range(len(marks) + 1)) - taken)
    html = render_marks(text, marks)
    inside = [m for m in marks if m.end <= len(text)]
    assert html.count('<span class="tag l-DATE"') == len(inside)
    assert re.sub(r"<[^>]+>|DATE", "", html) == text
