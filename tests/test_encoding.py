"""Legacy code pages: charset-normalizer restricted to the candidate encodings plus a mojibake
check (issue 16: a cp1252 report with curly quotes and dashes was read as mac_roman,
"workersí", "T¸rkiye"). UTF-8 files stay exactly as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest import decode_text, read_document
from extract.ingest.text import _mojibake

REPO = Path(__file__).resolve().parents[1]


def _corpus() -> list[Path]:
    return sorted(p for p in (REPO / "corpora").rglob("*") if p.suffix in (".txt", ".md"))

REPORT = ("TÜRKİYE 2022 HUMAN RIGHTS REPORT\n\nOn March 3, police detained 14 workers’ union "
          "members in Türkiye – among them the union’s leader – for “insulting the "
          "president”; the court’s ruling — a fine — was upheld.\n")
LOOK_ALIKE = ("Workers’ rights: the union’s leader’s statement – issued in Türkiye – said "
              "workers’ pay “fell” again; the court’s ruling in the café case was upheld.")


@pytest.mark.parametrize("text", [REPORT.replace("İ", "I"), LOOK_ALIKE])
def test_cp1252_with_curly_quotes_and_dashes_is_cp1252(text: str) -> None:
    decoded, used = decode_text(text.encode("cp1252"), "report.txt")
    assert (decoded, used) == (text, "cp1252")
    # the misreading the issue saw
    assert "workersí" in text.encode("cp1252").decode("mac_roman")


@pytest.mark.parametrize("text", [REPORT.replace("İ", "I"), LOOK_ALIKE])
def test_the_mac_roman_look_alike_is_mac_roman(text: str) -> None:
    decoded, used = decode_text(text.encode("mac_roman"), "report.txt")
    assert (decoded, used) == (text, "mac_roman")


def test_the_mojibake_check_counts_each_misread_word() -> None:
    assert _mojibake(LOOK_ALIKE) == 0
    misread = LOOK_ALIKE.encode("cp1252").decode("mac_roman")
    # "T¸rkiye", "cafÈ", the possessives "unionís", "leaderís", "courtís" and the two dashes
    # read as a lone letter ("statement ñ issued"); the plural "workersí" is left to chaos
    assert _mojibake(misread) == 7
    assert _mojibake(LOOK_ALIKE.encode("mac_roman").decode("cp1252")) >= 5  # "unionÕs"
    assert _mojibake("Владимир Козлов".encode("cp1251").decode("cp1250")) == 2  # "Âëŕäčěčđ"
    assert _mojibake("Владимир Козлов") == 0
    # a text whose only non-ASCII signs are curly quotes: cp1252 read as mac_roman
    quotes_only = "the city’s “severe” harm"
    assert _mojibake(quotes_only.encode("cp1252").decode("mac_roman")) > _mojibake(quotes_only)
    # a text whose only non-ASCII signs are dashes: mac_roman read as cp1252 ("Ñ") or cp1255
    dashes = "the former president — who was in hospital — and two others"
    assert _mojibake(dashes.encode("mac_roman").decode("cp1252")) == 2
    assert _mojibake(dashes.encode("mac_roman").decode("cp1255")) == 2
    assert _mojibake(dashes) == 0


# mac_roman "García", "Coalición" read as cp1252 are "Garc’a", "Coalici—n": words as
# plausible as the real ones, and charset-normalizer finds cp1252 the less messy (the
# earlier hand-written vote got it wrong too); a text whose one non-ASCII character is "’"
# (mac_roman 0xD5, cp1252 "Õ") or "–" alone (mac_roman 0xD0) has one byte to decide by, too
# few for any detector
AMBIGUOUS = {("mac_roman", "globalvoices-cuba-2012-dissidents.txt"),
             ("mac_roman", "jamaica-report-2022-b.txt"),
             ("mac_roman", "nicaragua-report-2017.txt"),
             ("mac_roman", "south-africa-report-2017.txt")}


@pytest.mark.parametrize("encoding", ["cp1252", "mac_roman"])
def test_every_corpus_text_in_a_legacy_code_page_decodes_back(encoding: str) -> None:
    tried = 0
    for path in _corpus():
        if (encoding, path.name) in AMBIGUOUS:
            continue
        text = path.read_text(encoding="utf-8")
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        if data.isascii():
            continue
        tried += 1
        decoded, used = decode_text(data, path.name)
        assert decoded == text, (path.name, used)
    assert tried >= 20


def test_utf8_files_stay_byte_for_byte() -> None:
    for path in _corpus():
        data = path.read_bytes()
        assert decode_text(data, path.name) == (data.decode("utf-8"), "utf-8"), path.name


def test_a_cp1252_report_file_reads_right(tmp_path: Path) -> None:
    path = tmp_path / "turkey.txt"
    path.write_bytes(REPORT.replace("İ", "I").encode("cp1252"))
    doc = read_document(path)
    assert doc.encoding == "cp1252"
    assert "workers’ union" in doc.text and "Türkiye – among" in doc.text
