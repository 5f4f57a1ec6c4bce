"""``extract export``: the records of a real run over ``corpora/`` as case-database tables
(CSV, Parquet, DuckDB, SQLite), the README's three queries on each, and TIMEX values as
``date_start``/``date_end`` (one test per DATE value form of ANNOTATION.md)."""

from __future__ import annotations

import atexit
import csv
import json
import re
import shutil
import sqlite3
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from extract.errors import ExtractError
from extract.ingest import discover, read_document
from extract.ingest.document import doc_id_for
from extract.models import DATE_VALUE_PATTERN, DocumentRecord, ErrorRecord
from extract.nlp.pipeline import process
from extract.storage.export import TABLES, ExportError, export, open_tables
from extract.storage.store import OutputStore, pipeline_fingerprint
from extract.storage.timex import TimexError, iso_bounds, timex_bounds
from tests.nlp_fixture import shared_nlp

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO / "corpora"


@lru_cache(maxsize=1)
def corpus_run() -> Path:
    """An output folder of a run over ``corpora/`` written as ``extract run`` writes it (the
    shared pipeline, then :class:`OutputStore`: records with ids and run metadata)."""
    root = Path(tempfile.mkdtemp(prefix="export-run-"))
    atexit.register(shutil.rmtree, root, True)
    out = root / "out"
    docs = [read_document(p, doc_id_for(p, CORPORA)) for p in sorted(discover([CORPORA]))]
    results = list(process(shared_nlp(), docs, include_text=True))
    records = [r for r in results if isinstance(r, DocumentRecord)]
    assert len(records) == len(docs) > 40
    with OutputStore(out) as store:
        current = store.current()
        for r in records:
            store.save(r, r.source, pipeline_fingerprint("test"), "run-test", current)
        store.rebuild([r for r in results if isinstance(r, ErrorRecord)],
                      [r.doc_id for r in records], [r.doc_id for r in records])
    return out


def readme_queries() -> list[str]:
    """The SQL blocks of the README's "Case database export" section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Case database export\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    target = tmp_path_factory.mktemp("export")
    out = corpus_run()
    paths = {"duckdb": target / "cases.duckdb", "sqlite": target / "cases.sqlite",
             "parquet": target / "parquet", "csv": target / "csv"}
    for fmt, path in paths.items():
        export(out, fmt, path)
    return paths


def _normal(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows compared across engines: dates as ISO text, booleans as 0/1."""
    return [tuple(v.isoformat() if isinstance(v, date) else v for v in row) for row in rows]


def test_readme_has_the_three_queries() -> None:
    queries = readme_queries()
    assert len(queries) == 3
    assert "sentences" in queries[0] and "country" in queries[1] and "date_start" in queries[2]


def test_readme_queries_run_unchanged_on_every_format(exports: dict[str, Path]) -> None:
    for query in readme_queries():
        results = {}
        for fmt in ("duckdb", "parquet", "csv"):
            with open_tables(exports[fmt]) as con:
                results[fmt] = _normal(con.execute(query).fetchall())
        with sqlite3.connect(exports["sqlite"]) as con:
            results["sqlite"] = _normal(con.execute(query).fetchall())
        assert results["duckdb"], query
        assert results["parquet"] == results["duckdb"] == results["csv"] == results["sqlite"]


def test_people_with_their_sentences_on_the_seed(exports: dict[str, Path]) -> None:
    with open_tables(exports["duckdb"]) as con:
        rows = con.execute(readme_queries()[0]).fetchall()
    kozlov = [r for r in rows if r[0] == "Vladimir Kozlov" and r[1] == "kazakhstan-2013"]
    assert ("prison", "P7Y6M") in {(r[2], r[3]) for r in kozlov}
    assert any("seven-and-a-half years" in (r[6] or "") for r in kozlov)


def test_charges_by_country_and_timeline(exports: dict[str, Path]) -> None:
    queries = readme_queries()
    with open_tables(exports["duckdb"]) as con:
        by_country = con.execute(queries[1]).fetchall()
        timeline = con.execute(queries[2]).fetchall()
    kazakhstan = {r[1]: r[2] for r in by_country if r[0] == "Kazakhstan"}
    assert kazakhstan and sum(kazakhstan.values()) >= 5
    kozlov = [r for r in timeline if r[0] == "Vladimir Kozlov"]
    sentenced = [r for r in kozlov if r[3] == "sentenced" and r[5] == "kazakhstan-2013"]
    assert sentenced and sentenced[0][1] == sentenced[0][2] == date(2012, 10, 8)
    starts = [r[1] for r in timeline if r[0] == "Vladimir Kozlov" and r[1] is not None]
    assert starts == sorted(starts)


def test_tables_hold_every_record_with_stable_keys(exports: dict[str, Path]) -> None:
    records = [json.loads(line) for line in
               (corpus_run() / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    with open_tables(exports["duckdb"]) as con:
        count = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
        docs = dict(con.execute("SELECT doc_id, sha256 FROM documents").fetchall())
        ids = {r[0] for r in con.execute("SELECT mention_id FROM mentions").fetchall()}
        facts = con.execute("SELECT COUNT(*), COUNT(evidence_start), COUNT(mention_id) "
                            "FROM events").fetchone()
    assert docs == {r["doc_id"]: r["sha256"] for r in records}
    assert ids == {m["id"] for r in records for m in r["mentions"]}
    assert count["mentions"] == sum(len(r["mentions"]) for r in records)
    n_facts = sum(len(c["charges"]) + len(c["sentences"]) + len(c["events"])
                  for r in records for c in r["cases"])
    assert facts[0] == n_facts == facts[1] and facts[2] > n_facts // 2
    assert count["charges"] == sum(m["label"] == "CHARGE" for r in records for m in r["mentions"])


def test_csv_files_have_one_header_per_table(exports: dict[str, Path]) -> None:
    for name, columns in TABLES.items():
        with (exports["csv"] / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [c for c, _ in columns]
    assert sorted(p.name for p in exports["parquet"].iterdir()) == sorted(
        f"{t}.parquet" for t in TABLES)


def test_export_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"no documents\.jsonl"):
        export(tmp_path, "duckdb", None)
    with pytest.raises(ExportError, match="unknown format"):
        export(corpus_run(), "xlsx", None)
    (tmp_path / "folder.duckdb").mkdir()
    with pytest.raises(ExportError, match="writes one file"):
        export(corpus_run(), "duckdb", tmp_path / "folder.duckdb")
    assert not list(tmp_path.glob(".*.tmp"))


def test_default_targets_are_in_the_run_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(corpus_run() / "documents.jsonl", out / "documents.jsonl")
    assert export(out, "sqlite") == [out / "cases.sqlite"]
    with sqlite3.connect(out / "cases.sqlite") as con:
        assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] > 40


# -- TIMEX -> date_start/date_end: one test per DATE value form of ANNOTATION.md ----------

def test_year() -> None:
    assert iso_bounds("2012") == ("2012-01-01", "2012-12-31")


def test_year_month() -> None:
    assert iso_bounds("2012-02") == ("2012-02-01", "2012-02-29")
    assert iso_bounds("2013-02") == ("2013-02-01", "2013-02-28")


def test_date() -> None:
    assert iso_bounds("2012-10-08") == ("2012-10-08", "2012-10-08")


def test_seasons() -> None:
    assert iso_bounds("2012-SP") == ("2012-03-01", "2012-05-31")
    assert iso_bounds("2012-SU") == ("2012-06-01", "2012-08-31")
    assert iso_bounds("2012-FA") == ("2012-09-01", "2012-11-30")
    assert iso_bounds("2012-WI") == ("2011-12-01", "2012-02-29")


def test_halves() -> None:
    assert iso_bounds("2012-H1") == ("2012-01-01", "2012-06-30")
    assert iso_bounds("2012-H2") == ("2012-07-01", "2012-12-31")


def test_quarters() -> None:
    assert iso_bounds("2012-Q1") == ("2012-01-01", "2012-03-31")
    assert iso_bounds("2012-Q4") == ("2012-10-01", "2012-12-31")


def test_decade() -> None:
    assert iso_bounds("199X") == ("1990-01-01", "1999-12-31")


def test_century() -> None:
    assert iso_bounds("19XX") == ("1900-01-01", "1999-12-31")


def test_iso_week() -> None:
    assert iso_bounds("2021-W07") == ("2021-02-15", "2021-02-21")  # ANNOTATION 1.2 example
    assert iso_bounds("2020-W53") == ("2020-12-28", "2021-01-03")
    assert re.fullmatch(DATE_VALUE_PATTERN, "2021-W07")


def test_range() -> None:
    assert iso_bounds("2011-12-16/2011-12-19") == ("2011-12-16", "2011-12-19")
    assert iso_bounds("2024-02/2024-04") == ("2024-02-01", "2024-04-30")


def test_open_ranges() -> None:
    assert iso_bounds("2019-11/..") == ("2019-11-01", None)
    assert iso_bounds("../2020") == (None, "2020-12-31")


def test_unknown_parts() -> None:
    assert iso_bounds("XXXX-10-08") == (None, None)
    assert iso_bounds("2023-09-XX") == ("2023-09-01", "2023-09-30")


def test_mods() -> None:
    assert iso_bounds("2012", "START") == ("2012-01-01", "2012-05-01")
    assert iso_bounds("2012", "MID") == ("2012-05-02", "2012-08-31")
    assert iso_bounds("2012-12", "END") == ("2012-12-21", "2012-12-31")


def test_no_value() -> None:
    assert iso_bounds(None) == (None, None)


@pytest.mark.parametrize("value", ["2012-13", "2013-02-29", "2012-ZZ", "2012-W60", "May 2012",
                                   "2012/2011", "/", "2012-H1-03"])
def test_malformed_values_are_one_line_errors(value: str) -> None:
    with pytest.raises(TimexError) as info:
        timex_bounds(value)
    assert isinstance(info.value, ExtractError) and "\n" not in str(info.value)


def test_every_date_of_the_run_has_bounds_inside_its_value(exports: dict[str, Path]) -> None:
    with open_tables(exports["duckdb"]) as con:
        rows = con.execute("SELECT value, date_start, date_end FROM mentions "
                           "WHERE label = 'DATE'").fetchall()
    assert len(rows) > 500
    for value, start, end in rows:
        if not value.startswith("XXXX"):
            assert start is not None and end is not None and start <= end, value
            assert str(start.year)[:3] <= value[:3], value
