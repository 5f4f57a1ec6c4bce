"""Reading reports as they arrive: PDF, HTML, text in any encoding. The seed report in each
form gives the same mentions (label, text, normalized value) and cases as the .txt."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen.canvas import Canvas

from extract.errors import InputError
from extract.ingest import SUFFIXES, Document, decode_text, discover, read_document
from extract.models import DocumentRecord, ErrorRecord
from extract.nlp.pipeline import process
from tests.nlp_fixture import shared_nlp
from tests.seed_formats import LEAKS, SEED, seed_text, write_seed_html, write_seed_pdf

Key = tuple[str, str, tuple[tuple[str, str], ...]]

# Cyrillic spellings added after names of the seed (the cp1251 variant)
CYRILLIC = {
    "Vladimir Kozlov,": "Vladimir Kozlov (Владимир Козлов),",
    "Yevgeniy Zhovtis,": "Yevgeniy Zhovtis (Евгений Жовтис),",
    "Natalia Sokolova,": "Natalia Sokolova (Наталья Соколова),",
}


def _cp1251_text() -> str:
    text = seed_text().replace("Mijatović", "Mijatovic")  # ć is not in cp1251
    for name, both in CYRILLIC.items():
        text = text.replace(name, both)
    return text


def _repaired_slice(document: Document, start: int, end: int) -> str:
    """The repaired text a mention of ``document.text[start:end]`` came from, blanks
    squeezed: the same words whatever the format."""
    assert document.repaired is not None
    m = document.repaired.map
    a, b = m.to_repaired(start), m.to_repaired(end - 1) + 1
    return " ".join(document.repaired.text[a:b].split())


def _keys(record: DocumentRecord, document: Document) -> Counter[Key]:
    keys: Counter[Key] = Counter()
    for m in record.mentions:
        value = {k: str(v) for k, v in m.model_dump().items()
                 if k not in ("start", "end", "text", "page", "label")}
        keys[(m.label, _repaired_slice(document, m.start, m.end), tuple(sorted(value.items())))] += 1
    return keys


def _cases(record: DocumentRecord) -> list[dict[str, Any]]:
    """The case facts (the evidence spans index each format's own text, so they differ)."""
    return [c.model_dump(exclude={"evidence"}) for c in record.cases]


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Document, DocumentRecord]]:
    """The seed as .txt, PDF (one and two columns), HTML, UTF-16, UTF-8 with BOM, and a
    variant with Cyrillic names in UTF-8 and cp1251; each read and processed."""
    folder = tmp_path_factory.mktemp("formats")
    text = seed_text()
    paths = {"txt": SEED}
    write_seed_pdf(folder / "seed.pdf")
    paths["pdf"] = folder / "seed.pdf"
    write_seed_pdf(folder / "seed-2col.pdf", columns=2)
    paths["pdf-2col"] = folder / "seed-2col.pdf"
    write_seed_html(folder / "seed.html")
    paths["html"] = folder / "seed.html"
    for name, encoding in (("utf-16", "utf-16"), ("utf-8-bom", "utf-8-sig")):
        paths[name] = folder / f"seed-{name}.txt"
        paths[name].write_bytes(text.encode(encoding))
    cyrillic = _cp1251_text()
    paths["cyrillic-utf-8"] = folder / "cyrillic-utf8.txt"
    paths["cyrillic-utf-8"].write_bytes(cyrillic.encode("utf-8"))
    paths["cyrillic-cp1251"] = folder / "cyrillic-cp1251.md"
    paths["cyrillic-cp1251"].write_bytes(cyrillic.encode("cp1251"))
    documents = {name: read_document(path) for name, path in paths.items()}
    records = list(process(shared_nlp(), list(documents.values()), include_text=True))
    out = {}
    for (name, document), record in zip(documents.items(), records, strict=True):
        assert isinstance(record, DocumentRecord), record
        out[name] = (document, DocumentRecord.model_validate(record.model_dump()))  # offsets checked
    return out


@pytest.mark.parametrize("name", ["pdf", "pdf-2col", "html", "utf-16", "utf-8-bom"])
def test_seed_in_another_form_gives_the_same_result(
    variants: dict[str, tuple[Document, DocumentRecord]], name: str
) -> None:
    txt_doc, txt = variants["txt"]
    doc, record = variants[name]
    assert len(txt.mentions) == 90
    assert _keys(record, doc) == _keys(txt, txt_doc)
    assert _cases(record) == _cases(txt)


def test_cp1251_with_cyrillic_names_gives_the_same_result(
    variants: dict[str, tuple[Document, DocumentRecord]],
) -> None:
    utf8_doc, utf8 = variants["cyrillic-utf-8"]
    doc, record = variants["cyrillic-cp1251"]
    assert doc.encoding == "cp1251"
    assert doc.text == utf8_doc.text
    assert "Владимир Козлов" in doc.text
    assert [m.model_dump() for m in record.mentions] == [m.model_dump() for m in utf8.mentions]
    assert _cases(record) == _cases(utf8)


def test_utf_variants_decode_to_the_seed_text(variants: dict[str, tuple[Document, DocumentRecord]]) -> None:
    for name in ("utf-16", "utf-8-bom"):
        doc, record = variants[name]
        assert doc.text == seed_text()
        expected = [m.model_dump() for m in variants["txt"][1].mentions]
        assert [m.model_dump() for m in record.mentions] == expected


def test_pdf_record_carries_its_text_pages_and_metadata(
    variants: dict[str, tuple[Document, DocumentRecord]],
) -> None:
    doc, record = variants["pdf"]
    extra = record.model_extra or {}
    assert extra["title"] == "Kazakhstan: Events of 2012"  # the PDF metadata
    assert extra["country"] == "Kazakhstan"
    assert extra["report_date"] == "2013-01"  # the header "JANUARY 2013"
    assert record.text == doc.text and "\f" in doc.text
    assert len(doc.page_starts) >= 5
    pages = Counter()
    for m in record.mentions:
        page = (m.model_extra or {})["page"]
        pages[page] += 1
        start = doc.page_starts[page - 1]
        stop = doc.page_starts[page] if page < len(doc.page_starts) else len(doc.text)
        assert start <= m.start < stop
    assert len(pages) >= 5
    # the repaired text the pipeline read is the repaired .txt, word for word
    txt_doc, _ = variants["txt"]
    assert doc.repaired is not None and txt_doc.repaired is not None
    assert doc.repaired.text == txt_doc.repaired.text


def test_pdf_text_keeps_the_damage_and_the_repair_undoes_it(
    variants: dict[str, tuple[Document, DocumentRecord]],
) -> None:
    doc, record = variants["pdf"]
    assert "KAZAKHSTAN — WORLD REPORT 2013" in doc.text
    assert "HUMAN RIGHTS WATCH | 403" in doc.text
    assert "did not adhere\n\n" in doc.text  # the page broke mid-sentence
    assert doc.repaired is not None
    assert "WORLD REPORT" not in doc.repaired.text and "HUMAN RIGHTS WATCH" not in doc.repaired.text
    assert "did not adhere to international human rights standards" in doc.repaired.text
    # a mention cut by a line end: its text is the PDF's own characters
    cut = [m for m in record.mentions if "\n" in m.text]
    assert cut, "expected some mention wrapped over two lines"


def test_html_keeps_the_article_and_drops_the_rest(
    variants: dict[str, tuple[Document, DocumentRecord]],
) -> None:
    doc, record = variants["html"]
    for leak in LEAKS:
        assert leak not in doc.text, leak
    assert "\n\nParliamentary Elections\n\n" in doc.text  # headings kept, on their own line
    assert "Alga!" in doc.text
    extra = record.model_extra or {}
    assert extra["country"] == "Kazakhstan" and extra["report_date"] == "2013-01"
    assert extra["title"]


def test_txt_record_metadata(variants: dict[str, tuple[Document, DocumentRecord]]) -> None:
    _, record = variants["txt"]
    extra = record.model_extra or {}
    assert (extra["title"], extra["country"], extra["report_date"]) == ("KAZAKHSTAN", "Kazakhstan", "2013-01")
    assert all("page" not in (m.model_extra or {}) for m in record.mentions)
    # the seed's own damage is repaired, the offsets still index the file
    sentence = next(m for m in record.mentions if m.label == "SENTENCE" and "550" in m.text)
    assert sentence.text == "fining others up to US\\$550"


# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("Kazakhstan’s court fined “Alga!” members — José Müller.", "cp1252", "cp1252"),
        ("José Müller, a journalist from São Paulo, was sentenced in Curaçao.\n", "latin-1", None),
        ("Vladimir Kozlov (Владимир Козлов) was sentenced on October 8.\n", "cp1251", "cp1251"),
        ("Vladimir Kozlov (Владимир Козлов) was sentenced on October 8.\n", "koi8-r", "koi8-r"),
        ("Vladimir Kozlov (Владимир Козлов) was sentenced on October 8.\n", "utf-16-le", "utf-16-le"),
        ("Vladimir Kozlov (Владимир Козлов) was sentenced on October 8.\n", "utf-16", "utf-16"),
        ("Vladimir Kozlov (Владимир Козлов) was sentenced.\n", "utf-8-sig", "utf-8-sig"),
        ("plain ASCII text\r\nwith CRLF line breaks\r\n", "ascii", "utf-8"),
    ],
)
def test_decoding_is_detected(text: str, encoding: str, expected: str | None) -> None:
    decoded, found = decode_text(text.encode(encoding), "x.txt")
    assert decoded == text
    if expected is not None:
        assert found == expected
    else:  # latin-1 and cp1252 agree on these bytes; either name is right
        assert found in ("cp1252", "iso-8859-1")


def test_binary_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError, match="binary"):
        read_document(path)


# --------------------------------------------------------------------------- discovery, errors


def test_discover_finds_every_format(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "c.pdf", "d.html", "e.HTM", "f.docx", "g.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert {".pdf", ".html", ".htm"} <= set(SUFFIXES)
    assert [p.name for p in discover([tmp_path])] == ["a.txt", "b.md", "c.pdf", "d.html", "e.HTM", "f.docx"]


def _scanned_pdf(path: Path) -> None:
    """A PDF page with only drawings, as a scan looks to a text extractor."""
    canvas = Canvas(str(path))
    canvas.rect(72, 72, 400, 600, fill=1)
    canvas.showPage()
    canvas.save()


def test_scanned_pdf_is_an_input_error(tmp_path: Path) -> None:
    _scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(InputError, match="no extractable text") as info:
        read_document(tmp_path / "scan.pdf")
    assert "OCR is not attempted" in str(info.value)


def test_broken_pdf_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    with pytest.raises(InputError, match="PDF"):
        read_document(tmp_path / "broken.pdf")


@pytest.mark.usefixtures("prefect_harness")
def test_run_reports_the_scanned_pdf_in_errors_jsonl(tmp_path: Path) -> None:
    from extract_flows import extract_flow

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _scanned_pdf(inbox / "scan.pdf")
    write_seed_html(inbox / "seed.html")
    out = tmp_path / "out"
    summary = extract_flow([str(inbox)], str(out))
    assert (summary["succeeded"], summary["failed"]) == (1, 1)
    errors = [ErrorRecord.model_validate(json.loads(line))
              for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e.doc_id, e.error) for e in errors] == [("scan", "InputError")]
    assert "no extractable text" in errors[0].reason
    (row,) = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert row["doc_id"] == "seed" and row["country"] == "Kazakhstan"


@pytest.mark.parametrize("encoding", ["cp1252", "mac_roman"])
def test_curly_quotes_and_dashes_decode_right_in_cp1252_and_mac_roman(encoding: str) -> None:
    text = ("Workers’ rights: the union’s leader’s statement – issued in Türkiye – said "
            "workers’ pay “fell” again; the court’s ruling in the café case was upheld.")
    decoded, used = decode_text(text.encode(encoding), "report.txt")
    assert decoded == text
    assert used == encoding
