"""The current records of a run folder as case-database tables (``extract export``).

Six tables with stable keys, written as CSV or Parquet (one file per table) or as one DuckDB
or SQLite database file:

- ``documents`` (``doc_id``): source, sha256, title, country, report date, version, run;
- ``mentions`` (``mention_id``, :func:`extract.models.mention_id`): every mention with its
  normalized fields, ``date_start``/``date_end`` of a DATE, the sentence it stands in when a
  case fact's evidence names that sentence;
- ``people`` (``person_id`` = ``<doc_id>:PERSON:<canonical>``): one row per person and
  document, with the mention count;
- ``charges`` and ``sentences`` (``mention_id``): the CHARGE and SENTENCE mentions;
- ``events`` (``event_id``): one row per case fact (charge, sentence or event) with the
  person, the value, the date as TIMEX and as ``date_start``/``date_end``
  (:mod:`extract.storage.timex`), the mention the fact was read from and its evidence span.

Character offsets are ``char_start``/``char_end`` (``end`` is an SQL keyword).
"""

from __future__ import annotations

import csv
import io
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extract.errors import ExtractError, display
from extract.fs import atomic_path, write_file
from extract.models import DocumentRecord, Evidence, SpanRef, mention_id, sentence_fact
from extract.storage.jsonl import read_records
from extract.storage.timex import iso_bounds

FORMATS = ("csv", "parquet", "duckdb", "sqlite")
DEFAULT_TARGETS = {"csv": "csv", "parquet": "parquet", "duckdb": "cases.duckdb",
                   "sqlite": "cases.sqlite"}

_SPAN = [("char_start", "INTEGER"), ("char_end", "INTEGER"), ("text", "TEXT"), ("page", "INTEGER")]
_PENALTY = [("kind", "TEXT"), ("duration", "TEXT"), ("amount", "REAL"), ("currency", "TEXT")]
# Table -> its columns and their types (the first column is the key).
TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [("doc_id", "TEXT"), ("source", "TEXT"), ("sha256", "TEXT"), ("title", "TEXT"),
                  ("country", "TEXT"), ("report_date", "TEXT"), ("version", "INTEGER"),
                  ("run_id", "TEXT"), ("processed_at", "TEXT"), ("mentions", "INTEGER"),
                  ("cases", "INTEGER")],
    "mentions": [("mention_id", "TEXT"), ("doc_id", "TEXT"), ("label", "TEXT"), *_SPAN,
                 ("canonical", "TEXT"), ("category", "TEXT"), *_PENALTY,
                 ("upper_bound", "BOOLEAN"), ("value", "TEXT"), ("mod", "TEXT"),
                 ("date_start", "DATE"), ("date_end", "DATE"),
                 ("sentence_start", "INTEGER"), ("sentence_end", "INTEGER")],
    "people": [("person_id", "TEXT"), ("doc_id", "TEXT"), ("canonical", "TEXT"),
               ("mention_count", "INTEGER"), ("first_mention_id", "TEXT"), ("facts", "INTEGER")],
    "charges": [("mention_id", "TEXT"), ("doc_id", "TEXT"), *_SPAN, ("category", "TEXT")],
    "sentences": [("mention_id", "TEXT"), ("doc_id", "TEXT"), *_SPAN, *_PENALTY,
                  ("upper_bound", "BOOLEAN")],
    "events": [("event_id", "TEXT"), ("doc_id", "TEXT"), ("person", "TEXT"), ("person_id", "TEXT"),
               ("fact", "TEXT"), ("value", "TEXT"), ("category", "TEXT"), *_PENALTY,
               ("date", "TEXT"), ("date_mod", "TEXT"), ("date_start", "DATE"), ("date_end", "DATE"),
               ("mention_id", "TEXT"), ("person_mention_id", "TEXT"), ("trigger", "TEXT"),
               ("evidence_start", "INTEGER"), ("evidence_end", "INTEGER"), ("evidence", "TEXT")],
}
_DUCKDB_TYPES = {"TEXT": "VARCHAR", "INTEGER": "BIGINT", "REAL": "DOUBLE", "BOOLEAN": "BOOLEAN",
                 "DATE": "DATE"}
_SQLITE_TYPES = {"TEXT": "TEXT", "INTEGER": "INTEGER", "REAL": "REAL", "BOOLEAN": "INTEGER",
                 "DATE": "TEXT"}

Row = dict[str, Any]


class ExportError(ExtractError):
    """The run folder cannot be exported: no records, an unknown format, a target that cannot
    be written."""

    code = "E015"


# -- rows ----------------------------------------------------------------------------------


def _extra(model: Any, key: str) -> Any:
    return (model.model_extra or {}).get(key)


def _sentences_of(record: DocumentRecord) -> list[tuple[int, int]]:
    """The sentence spans the record's evidence names (the only sentence bounds records carry)."""
    return sorted({(e.start, e.end) for c in record.cases for e in c.evidence})


def _sentence_at(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int | None, int | None]:
    for s, e in spans:
        if s <= start and end <= e:
            return s, e
    return None, None


def mention_rows(record: DocumentRecord) -> list[Row]:
    """One row of the ``mentions`` table per mention of ``record`` (in record order)."""
    spans, rows = _sentences_of(record), []
    for m in record.mentions:
        fields = m.model_dump()
        date_start, date_end = iso_bounds(fields.get("value"), fields.get("mod")) \
            if m.label == "DATE" else (None, None)
        sentence_start, sentence_end = _sentence_at(spans, m.start, m.end)
        rows.append({**{c: fields.get(c) for c, _ in TABLES["mentions"]},
                     "mention_id": mention_id(record.doc_id, m.label, m.start, m.end),
                     "doc_id": record.doc_id, "char_start": m.start, "char_end": m.end,
                     "page": _extra(m, "page"), "date_start": date_start, "date_end": date_end,
                     "sentence_start": sentence_start, "sentence_end": sentence_end})
    return rows


def person_id(doc_id: str, canonical: str) -> str:
    """The key of a person in a document: ``<doc_id>:PERSON:<canonical>``."""
    return f"{doc_id}:PERSON:{canonical}"


def people_rows(record: DocumentRecord, mentions: list[Row]) -> list[Row]:
    """One row per distinct canonical name of ``record`` (PERSON mentions and case persons)."""
    people: dict[str, Row] = {}
    for m in mentions:
        if m["label"] == "PERSON":
            row = people.setdefault(m["canonical"], {"mention_count": 0,
                                                     "first_mention_id": m["mention_id"]})
            row["mention_count"] += 1
    for case in record.cases:
        people.setdefault(case.person, {"mention_count": 0, "first_mention_id": None})
    facts = {c.person: len(c.charges) + len(c.sentences) + len(c.events) for c in record.cases}
    return [{"person_id": person_id(record.doc_id, name), "doc_id": record.doc_id,
             "canonical": name, **row, "facts": facts.get(name, 0)}
            for name, row in sorted(people.items())]


def _fact_ref(ev: Evidence | None, label: str, by_span: dict[tuple[str, int, int], Row],
              matches: Any) -> SpanRef | None:
    """The mention of ``label`` in the evidence the fact was read from (the one whose row
    ``matches``, else the first of that label)."""
    refs = [r for r in (ev.mentions if ev else []) if r.label == label]
    return next((r for r in refs if matches(by_span.get((label, r.start, r.end), {}))),
                refs[0] if refs else None)


def _case_facts(record: DocumentRecord) -> Iterator[tuple[str, str, Row]]:
    """(person, fact, the fact's own columns) of each case fact of ``record``."""
    for case in record.cases:
        for category in case.charges:
            yield case.person, "charge", {"value": category, "category": category}
        for s in case.sentences:
            yield case.person, "sentence", {
                "value": sentence_fact(s.kind, s.duration), "kind": s.kind, "duration": s.duration,
                "amount": s.amount, "currency": s.currency}
        for e in case.events:
            yield case.person, e.type, {"value": e.date, "date": e.date}


def _fact_mention(fact: str, row: Row, ev: Evidence | None,
                  by_span: dict[tuple[str, int, int], Row]) -> SpanRef | None:
    if fact == "charge":
        return _fact_ref(ev, "CHARGE", by_span, lambda m: m.get("category") == row["category"])
    if fact == "sentence":
        return _fact_ref(ev, "SENTENCE", by_span,
                         lambda m: sentence_fact(m.get("kind", ""), m.get("duration")) == row["value"])
    ref = _fact_ref(ev, "DATE", by_span, lambda m: m.get("value") == row["date"])
    if ref is not None and by_span.get(("DATE", ref.start, ref.end), {}).get("value") != row["date"]:
        return None  # the sentence's date is not this event's
    return ref


def event_rows(record: DocumentRecord, mentions: list[Row]) -> list[Row]:
    """One row of the ``events`` table per case fact of ``record``, with its evidence."""
    by_span = {(m["label"], m["char_start"], m["char_end"]): m for m in mentions}
    evidence: dict[tuple[str, str, str | None], list[Evidence]] = {}
    for case in record.cases:
        for found in case.evidence:
            evidence.setdefault((case.person, found.fact, found.value), []).append(found)
    rows: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    text = record.text or ""
    for person, fact, row in _case_facts(record):
        queue = evidence.get((person, fact, row["value"]), [])
        ev = queue.pop(0) if queue else None
        n = seen[person, fact] = seen.get((person, fact), 0) + 1
        ref = _fact_mention(fact, row, ev, by_span)
        mention = by_span.get((ref.label or "", ref.start, ref.end)) if ref else None
        trigger = next((r for r in (ev.mentions if ev else []) if r.label == "TRIGGER"), None)
        person_ref = by_span.get(("PERSON", ev.person.start, ev.person.end)) if ev else None
        mod = mention.get("mod") if mention and fact not in ("charge", "sentence") else None
        date_start, date_end = iso_bounds(row.get("date"), mod)
        rows.append({**{c: None for c, _ in TABLES["events"]}, **row,
                     "event_id": f"{record.doc_id}:{person}:{fact}:{n}", "doc_id": record.doc_id,
                     "person": person, "person_id": person_id(record.doc_id, person),
                     "fact": fact, "date_mod": mod, "date_start": date_start, "date_end": date_end,
                     "mention_id": mention["mention_id"] if mention else None,
                     "person_mention_id": person_ref["mention_id"] if person_ref else None,
                     "trigger": text[trigger.start:trigger.end] or None if trigger else None,
                     "evidence_start": ev.start if ev else None, "evidence_end": ev.end if ev else None,
                     "evidence": " ".join(text[ev.start:ev.end].split()) or None if ev else None})
    return rows


def _document_row(record: DocumentRecord) -> Row:
    return {"doc_id": record.doc_id, "source": record.source,
            **{k: _extra(record, k) for k in ("sha256", "title", "country", "report_date",
                                              "version", "run_id", "processed_at")},
            "mentions": len(record.mentions), "cases": len(record.cases)}


def _pick(row: Row, table: str) -> Row:
    return {c: row.get(c) for c, _ in TABLES[table]}


def table_rows(records: list[DocumentRecord]) -> dict[str, list[Row]]:
    """The rows of every table of :data:`TABLES` for ``records``."""
    tables: dict[str, list[Row]] = {name: [] for name in TABLES}
    for record in records:
        mentions = mention_rows(record)
        tables["documents"].append(_document_row(record))
        tables["mentions"].extend(mentions)
        tables["people"].extend(people_rows(record, mentions))
        tables["charges"].extend(_pick(m, "charges") for m in mentions if m["label"] == "CHARGE")
        tables["sentences"].extend(_pick(m, "sentences") for m in mentions
                                   if m["label"] == "SENTENCE")
        tables["events"].extend(event_rows(record, mentions))
    return tables


# -- writers -------------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def write_csv(tables: dict[str, list[Row]], folder: Path) -> list[Path]:
    """One ``<table>.csv`` per table in ``folder`` (header row; empty cell = NULL)."""
    paths = []
    for name, rows in tables.items():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c for c, _ in TABLES[name]])
        writer.writerows([_csv_cell(row[c]) for c, _ in TABLES[name]] for row in rows)
        path = folder / f"{name}.csv"
        write_file(path, out.getvalue())
        paths.append(path)
    return paths


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise ExportError("the duckdb package is not installed (pip install duckdb)") from None
    return duckdb


def _fill_duckdb(con: Any, tables: dict[str, list[Row]]) -> None:
    """Create and fill every table of :data:`TABLES` on a DuckDB connection."""
    for name in tables:
        columns = TABLES[name]
        con.execute(f"CREATE TABLE {name} ("
                    + ", ".join(f'"{c}" {_DUCKDB_TYPES[t]}' for c, t in columns)
                    + f', PRIMARY KEY ("{columns[0][0]}"))')
    with tempfile.TemporaryDirectory(prefix="extract-export-") as scratch:
        for path in write_csv(tables, Path(scratch)):  # DuckDB's CSV reader: fast inserts
            con.execute(f"COPY {path.stem} FROM '{_sql_string(str(path))}' (HEADER)")


def write_duckdb(tables: dict[str, list[Row]], path: Path) -> list[Path]:
    """One DuckDB database file holding every table."""
    duckdb = _duckdb()
    with atomic_path(path) as tmp:
        con = duckdb.connect(str(tmp))
        try:
            _fill_duckdb(con, tables)
            con.execute("CHECKPOINT")
        finally:
            con.close()
    return [path]


def write_parquet(tables: dict[str, list[Row]], folder: Path) -> list[Path]:
    """One ``<table>.parquet`` per table in ``folder`` (written by DuckDB)."""
    duckdb = _duckdb()
    con = duckdb.connect()
    paths = []
    try:
        _fill_duckdb(con, tables)
        for name in tables:
            path = folder / f"{name}.parquet"
            with atomic_path(path) as tmp:
                con.execute(f"COPY {name} TO '{_sql_string(str(tmp))}' (FORMAT parquet)")
            paths.append(path)
    finally:
        con.close()
    return paths


def _sql_string(text: str) -> str:
    return text.replace("'", "''")


def write_sqlite(tables: dict[str, list[Row]], path: Path) -> list[Path]:
    """One SQLite database file holding every table (dates as ISO text, booleans as 0/1)."""
    with atomic_path(path) as tmp:
        con = sqlite3.connect(tmp)
        try:
            for name, rows in tables.items():
                columns = TABLES[name]
                con.execute(f"CREATE TABLE {name} ("
                            + ", ".join(f'"{c}" {_SQLITE_TYPES[t]}' for c, t in columns)
                            + f', PRIMARY KEY ("{columns[0][0]}"))')
                con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in columns)})",
                                [[row[c] for c, _ in columns] for row in rows])
            con.commit()
        finally:
            con.close()
    return [path]


WRITERS = {"csv": write_csv, "parquet": write_parquet, "duckdb": write_duckdb,
           "sqlite": write_sqlite}


def _read(out_dir: Path) -> list[DocumentRecord]:
    source = out_dir / "documents.jsonl" if out_dir.is_dir() else out_dir
    if not source.is_file():
        raise ExportError(f"{display(str(out_dir))}: no documents.jsonl here (the output folder "
                          "of extract run)")
    return read_records([source])


def _check_target(fmt: str, target: Path) -> None:
    one_file = fmt in ("duckdb", "sqlite")
    if one_file and target.is_dir():
        raise ExportError(f"{display(str(target))}: a folder; --format {fmt} writes one file")
    if not one_file and target.exists() and not target.is_dir():
        raise ExportError(f"{display(str(target))}: not a folder; --format {fmt} writes one "
                          "file per table into a folder")


def export(out_dir: Path, fmt: str, to: Path | None = None) -> list[Path]:
    """Export the current records of ``out_dir`` (an ``extract run`` output folder, or a
    ``documents.jsonl`` file) as the tables of :data:`TABLES` in format ``fmt`` (one of
    :data:`FORMATS`) to ``to`` (default: ``out_dir/`` + :data:`DEFAULT_TARGETS`: a folder
    for csv and parquet, a file for duckdb and sqlite); every file is replaced atomically.
    Returns the paths written. Raises :class:`ExportError` (one line) for an unknown
    format, a folder without records or a target that cannot be written; a malformed record
    raises :class:`extract.errors.GoldFormatError`."""
    if fmt not in WRITERS:
        raise ExportError(f"unknown format {display(fmt)!r} (one of {', '.join(FORMATS)})")
    records = _read(out_dir)
    base = out_dir if out_dir.is_dir() else out_dir.parent
    target = to if to is not None else base / DEFAULT_TARGETS[fmt]
    _check_target(fmt, target)
    tables = table_rows(records)
    try:
        return WRITERS[fmt](tables, target)
    except OSError as exc:
        raise ExportError(f"{display(str(exc.filename or target))}: cannot write "
                          f"({exc.strerror or exc})") from None


def open_tables(path: Path) -> Any:
    """A DuckDB connection on an export: the database file of ``--format duckdb``, or views
    named after the tables over the files of a ``--format parquet`` or ``csv`` folder (the
    column types of :data:`TABLES`), so the same SQL runs on any of them."""
    duckdb = _duckdb()
    if path.is_file():
        return duckdb.connect(str(path), read_only=True)
    con = duckdb.connect()
    for name, columns in TABLES.items():
        parquet, table_csv = path / f"{name}.parquet", path / f"{name}.csv"
        if parquet.is_file():
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{_sql_string(str(parquet))}')")
        elif table_csv.is_file():
            types = ", ".join(f"'{c}': '{_DUCKDB_TYPES[t]}'" for c, t in columns)
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_csv('{_sql_string(str(table_csv))}', "
                        f"header = true, columns = {{{types}}})")
        else:
            raise ExportError(f"{display(str(path))}: no {name}.parquet or {name}.csv here")
    return con
