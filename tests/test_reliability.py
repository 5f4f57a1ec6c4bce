"""Reliability: no document is lost silently (record names, component faults, a damaged
manifest), and spans of two labels over the same characters keep their own values."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from extract_flows.cli import main
from spacy.tokens import DocBin

from extract.storage.store import OutputStore, safe_name
from tests.nlp_fixture import shared_nlp

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "kazakhstan-2013.txt"
SHARED = ("JANUARY 2020\n\nIn March 2019 a court sentenced Ivan Petrov to death on charges of "
          "treason and fined him 500 euros.")


def _docs(out: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]


def test_safe_names_never_collide() -> None:
    long = "x" * 200
    a, b = long + "-report-one", long + "-report-two"
    assert safe_name(a) != safe_name(b)
    twin = "a_b-" + hashlib.sha256(b"a b").hexdigest()[:8]
    assert len({safe_name("a b"), safe_name("a_b"), safe_name(twin)}) == 3
    assert all("/" not in safe_name(x) and len(safe_name(x)) < 160 for x in (a, "../..", "a b"))


@pytest.mark.usefixtures("prefect_harness")
def test_long_and_look_alike_names_all_get_records(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    stem = "human-rights-report-" * 9  # 180 characters in common
    names = [stem + "kazakhstan.txt", stem + "kyrgyzstan.txt", "a b.txt",
             "a_b-" + hashlib.sha256(b"a b").hexdigest()[:8] + ".txt"]
    for i, name in enumerate(names):
        (inbox / name).write_text(SEED.read_text(encoding="utf-8") + f"\nCopy {i}.\n",
                                  encoding="utf-8")
    assert main(["run", str(inbox), "--out", str(tmp_path / "out")]) == 0
    assert sorted(d["doc_id"] for d in _docs(tmp_path / "out")) == sorted(
        Path(n).stem for n in names)
    # and again, unchanged: still four
    assert main(["run", str(inbox), "--out", str(tmp_path / "out")]) == 0
    assert len(_docs(tmp_path / "out")) == 4


def test_charge_and_sentence_over_the_same_characters_keep_their_values() -> None:
    nlp = shared_nlp()
    doc = nlp(SHARED)
    assert not doc.user_data.get("hr_faults")
    for span in doc.spans["hr_sentence"]:
        assert "kind" in span._.hr, span.text
    for span in doc.spans["hr_charge"]:
        assert "category" in span._.hr, span.text
    assert doc._.hr_cases and doc._.hr_cases[0]["person"] == "Ivan Petrov"


def test_docbin_round_trip_keeps_normalized_values() -> None:
    nlp = shared_nlp()
    doc = nlp(SHARED)
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    back = next(DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab))
    for key in ("hr_person", "hr_date", "hr_charge", "hr_sentence"):
        assert [(s.text, s._.hr) for s in back.spans[key]] == [
            (s.text, s._.hr) for s in doc.spans[key]]
    # msgpack gives lists back as tuples: compare as JSON
    assert json.dumps(back._.hr_cases) == json.dumps(doc._.hr_cases)


@pytest.mark.usefixtures("prefect_harness")
def test_a_failing_component_keeps_the_other_results(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from extract.nlp.cases import CaseLinker

    def broken(self: CaseLinker, doc: Any) -> Any:
        raise KeyError("boom")

    monkeypatch.setattr(CaseLinker, "event", broken, raising=True)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox / "seed.txt")
    assert main(["run", str(inbox), "--out", str(tmp_path / "out")]) == 1
    [record] = _docs(tmp_path / "out")
    labels = {m["label"] for m in record["mentions"]}
    assert labels == {"PERSON", "CHARGE", "SENTENCE", "DATE"}
    assert record["cases"] == []
    assert record["faults"][0]["component"] == "hr_cases"
    errors = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert errors[0]["doc_id"] == "seed" and "hr_cases failed" in errors[0]["reason"]


@pytest.mark.usefixtures("prefect_harness")
def test_damaged_manifest_heals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox / "one.txt")
    shutil.copy(SEED, inbox / "two.txt")
    out = tmp_path / "out"
    assert main(["run", str(inbox), "--out", str(out)]) == 0
    manifest = out / "manifest.jsonl"
    lines = manifest.read_bytes().splitlines(keepends=True)
    # an invalid UTF-8 byte in the first entry, the second torn (no newline)
    manifest.write_bytes(lines[0].replace(b'"one"', b'"\xffone"') + lines[1][:40])
    assert main(["run", str(inbox), "--out", str(out)]) == 0
    assert sorted(d["doc_id"] for d in _docs(out)) == ["one", "two"]
    entries = OutputStore(out).current()
    assert set(entries) == {"one", "two"}
    # every line after the damage starts on a fresh line and parses
    tail = manifest.read_bytes().splitlines()[2:]
    assert [json.loads(x)["doc_id"] for x in tail] == ["one", "two"]


@pytest.mark.usefixtures("prefect_harness")
def test_devices_fifos_and_oversize_files_are_refused_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox / "good.txt")
    (inbox / "zero.txt").symlink_to("/dev/zero")  # stat says 0 bytes; reading never ends
    os.mkfifo(inbox / "pipe.txt")  # reading would wait forever
    (inbox / "pipe-link.txt").symlink_to(inbox / "pipe.txt")
    (inbox / "big.html").write_bytes(b"<p>" + b"a " * 600_000 + b"</p>")
    out = tmp_path / "out"
    monkeypatch.setenv("EXTRACT_MAX_DOC_CHARS", "100000")
    code = main(["run", str(inbox), "--out", str(out)])
    assert code == 1
    assert [d["doc_id"] for d in _docs(out)] == ["good"]
    errors = {e["doc_id"]: e["reason"] for e in (
        json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines())}
    assert "not a regular file" in errors["zero"]
    # the FIFO and the link to it are one file: read once, refused once
    assert "not a regular file" in errors["pipe-link"] and "pipe" not in errors
    assert "over 800000 bytes" in errors["big"]


def test_nfd_text_finds_the_people_nfc_text_finds() -> None:
    import unicodedata

    from extract.ingest import Document
    from extract.nlp.pipeline import process

    text = ("2021 Country Reports on Human Rights Practices: Colombia\n\nOn May 3, police "
            "arrested journalist José Müller Peña in Bogotá. On June 2, a court released Müller.")
    records = {}
    for form in ("NFC", "NFD"):
        t = unicodedata.normalize(form, text)
        doc = Document(doc_id=form, source=form, text=t, sha256=form)
        [records[form]] = [r for r in process(shared_nlp(), [doc], include_text=True)]
    nfc, nfd = records["NFC"], records["NFD"]
    assert [m.label for m in nfd.mentions] == [m.label for m in nfc.mentions]
    for m in nfd.mentions:
        assert nfd.text[m.start:m.end] == m.text
    names = [unicodedata.normalize("NFC", m.text) for m in nfd.mentions if m.label == "PERSON"]
    assert "José Müller Peña" in names


def _pdf_with_stream(content: bytes) -> bytes:
    """A one-page PDF whose page content is ``content``, Flate-compressed."""
    import zlib

    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def test_a_pdf_decompression_bomb_is_refused(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from extract.errors import InputError
    from extract.ingest import pdf, read_document

    monkeypatch.setattr(pdf, "PDF_STREAM_LIMIT", 1_000_000)
    text = b"BT /F1 12 Tf 72 712 Td (Ana Ruiz was sentenced to five years.) Tj ET\n"
    good, bomb = tmp_path / "good.pdf", tmp_path / "bomb.pdf"
    good.write_bytes(_pdf_with_stream(text))
    bomb.write_bytes(_pdf_with_stream(text + b" " * 20_000_000))  # 20 MB from ~20 kB
    assert bomb.stat().st_size < 100_000
    assert "Ana Ruiz" in read_document(good).text
    with pytest.raises(InputError, match=r"bomb\.pdf: a compressed stream inflates"):
        read_document(bomb)
