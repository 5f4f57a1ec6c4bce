"""Word .docx reports (python-docx): paragraphs joined by blank lines, offsets into that text,
the same mentions as the seed's text file; files of unknown kinds listed as skipped."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest

from extract.errors import InputError
from extract.ingest import discover, is_readable, read_document, skipped_files
from extract.nlp.pipeline import to_record
from tests.nlp_fixture import shared_nlp

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "kazakhstan-2013.txt"


def _paragraphs() -> list[str]:
    return [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def _write_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> None:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        document.add_paragraph("After the table, Ivan Petrov was released on May 3, 2013.")
    document.core_properties.title = "Kazakhstan 2012 Human Rights Report"
    document.core_properties.created = dt.datetime(2013, 1, 15, 9, 30)
    document.save(str(path))


def test_docx_text_is_its_paragraphs_joined_by_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "seed.docx"
    table = [["Name", "Sentence"], ["Vladimir Kozlov", "7.5 years"]]
    _write_docx(path, _paragraphs()[:3], table)
    doc = read_document(path)
    assert doc.format == "docx" and doc.encoding is None
    assert doc.text == "\n\n".join([*_paragraphs()[:3], "Name | Sentence",
                                    "Vladimir Kozlov | 7.5 years",
                                    "After the table, Ivan Petrov was released on May 3, 2013."])
    assert doc.title == "Kazakhstan 2012 Human Rights Report"
    assert (doc.country, doc.country_code) == ("Kazakhstan", "KAZ")


def test_docx_gives_the_mentions_of_the_same_text_file(tmp_path: Path) -> None:
    paragraphs = _paragraphs()
    (tmp_path / "seed.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    _write_docx(tmp_path / "seed.docx", paragraphs)
    nlp = shared_nlp()
    records = {}
    for name in ("seed.txt", "seed.docx"):
        document = read_document(tmp_path / name).with_repair()
        assert document.repaired is not None
        records[name] = to_record(nlp(document.repaired.text), document, include_text=True)
    docx_record = records["seed.docx"]
    assert docx_record.text is not None and len(docx_record.mentions) > 40
    for m in docx_record.mentions:  # offsets index the extracted text
        assert docx_record.text[m.start:m.end] == m.text
    assert [m.model_dump() for m in docx_record.mentions] == [
        m.model_dump() for m in records["seed.txt"].mentions]
    assert [c.person for c in docx_record.cases] == [c.person for c in records["seed.txt"].cases]


def test_a_broken_docx_is_one_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"not a \.docx file"):
        read_document(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "a zip, but no Word document")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match=r"not a readable \.docx file"):
        read_document(path)


def test_unknown_kinds_are_listed_as_skipped(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    _write_docx(inbox / "report.docx", _paragraphs()[:2])
    (inbox / "seed.TXT").write_text("JANUARY 2013\n\nA report.\n", encoding="utf-8")
    for name in ("notes.odt", "sub/scan.png", "README"):
        (inbox / name).write_bytes(b"x")
    assert [p.name for p in discover([inbox])] == ["report.docx", "seed.TXT"]
    assert [p.relative_to(inbox).as_posix() for p in skipped_files([inbox])] == [
        "README", "notes.odt", "sub/scan.png"]
    assert list(skipped_files([inbox / "notes.odt"])) == []  # named files are read, not skipped
    assert is_readable(Path("a.DOCX")) and not is_readable(Path("a.doc"))
