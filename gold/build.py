"""Build gold/*.jsonl from the hand-written annotation sources in gold/src/*.ann.

The annotator writes, in document order, one line per mention:

    LABEL<TAB>mention text<TAB>{"normalized": "fields"}[<TAB>after=<context>]

and one line per case:

    CASE<TAB>{"person": ..., "charges": [...], "sentences": [...], "events": [...]}

Header lines ``# doc_id: ...`` and ``# source: corpora/...`` name the document.
Offsets are found, not typed: each mention is searched from just after the start of
the previous mention (or after ``context`` when given), so repeated names land on
successive occurrences. The annotator decides every span and value by reading; this
script only turns the decisions into offsets and checks them against the guideline's
formats. Usage: ``python gold/build.py`` (all) or ``python gold/build.py NAME.ann``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "gold" / "src"

FIELDS = {
    "PERSON": {"canonical"},
    "CHARGE": {"category"},
    "SENTENCE": {"kind", "duration", "amount", "currency", "upper_bound"},
    "DATE": {"value", "mod"},
}
KINDS = {"prison", "suspended", "administrative_arrest", "fine", "restriction", "house_arrest",
         "forced_labor", "probation", "death", "life", "other"}
CATEGORIES = {"abuse_of_power", "torture", "murder", "violence", "hooliganism", "mass_riots",
              "unsanctioned_assembly", "inciting_discord", "extremism", "terrorism",
              "calling_for_overthrow", "treason_espionage", "false_information", "defamation",
              "illegal_religious_activity", "economic_crime", "drugs", "illegal_border_crossing",
              "other"}
EVENTS = {"arrested", "detained", "charged", "convicted", "sentenced", "released", "acquitted",
          "appeal_rejected", "extradited", "died"}
# 1.2: ISO weeks (W01-W53) beside months, seasons, halves and quarters
_POINT = r"(?:\d{3}X|\d{4}|XXXX)(?:-(?:\d{2}|XX|SP|SU|FA|WI|H[12]|Q[1-4]|W\d{2})(?:-(?:\d{2}|XX))?)?"
DATE_VALUE = re.compile(rf"^{_POINT}(?:/{_POINT})?$")
DURATION = re.compile(r"^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?)?$")


def _fail(where: str, msg: str) -> None:
    raise SystemExit(f"{where}: {msg}")


def build(ann_path: Path) -> dict[str, object]:
    lines = ann_path.read_text(encoding="utf-8").splitlines()
    meta: dict[str, str] = {}
    for line in lines:
        m = re.match(r"#\s*(doc_id|source):\s*(.+)$", line)
        if m:
            meta[m.group(1)] = m.group(2).strip()
    if "doc_id" not in meta or "source" not in meta:
        _fail(str(ann_path), "needs '# doc_id:' and '# source:' header lines")
    raw = (ROOT / meta["source"]).read_bytes().decode("utf-8-sig")
    # Decoded exactly as the pipeline decodes: universal newlines are NOT applied.
    text = raw
    mentions: list[dict[str, object]] = []
    cases: list[dict[str, object]] = []
    cursor = 0
    for n, line in enumerate(lines, 1):
        where = f"{ann_path.name}:{n}"
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        label = cols[0].strip()
        if label == "CASE":
            case = json.loads(cols[1])
            if set(case) != {"person", "charges", "sentences", "events"}:
                _fail(where, f"case keys must be person/charges/sentences/events: {sorted(case)}")
            for c in case["charges"]:
                if c not in CATEGORIES:
                    _fail(where, f"unknown category {c!r}")
            for s in case["sentences"]:
                if s.get("kind") not in KINDS:
                    _fail(where, f"unknown sentence kind {s.get('kind')!r}")
            for e in case["events"]:
                if e.get("type") not in EVENTS:
                    _fail(where, f"unknown event type {e.get('type')!r}")
                if e.get("date") is not None and not DATE_VALUE.match(e["date"]):
                    _fail(where, f"bad event date {e['date']!r}")
            cases.append(case)
            continue
        if label not in FIELDS or len(cols) < 3:
            _fail(where, "expected LABEL<TAB>text<TAB>{json}[<TAB>after=context]")
        span, fields = cols[1], json.loads(cols[2])
        if set(fields) != FIELDS[label]:
            _fail(where, f"{label} needs fields {sorted(FIELDS[label])}, got {sorted(fields)}")
        start_search = cursor
        if len(cols) > 3 and cols[3].startswith("after="):
            ctx = cols[3][len("after="):]
            pos = text.find(ctx, cursor)
            if pos < 0:
                _fail(where, f"context {ctx!r} not found after offset {cursor}")
            start_search = pos + len(ctx)
        start = text.find(span, start_search)
        if start < 0:
            _fail(where, f"{span!r} not found after offset {start_search}")
        end = start + len(span)
        if label == "DATE":
            if not DATE_VALUE.match(str(fields["value"])):
                _fail(where, f"bad DATE value {fields['value']!r}")
            if fields["mod"] not in (None, "START", "MID", "END"):
                _fail(where, f"bad mod {fields['mod']!r}")
        if label == "SENTENCE":
            if fields["kind"] not in KINDS:
                _fail(where, f"unknown kind {fields['kind']!r}")
            if fields["duration"] is not None and not DURATION.match(fields["duration"]):
                _fail(where, f"bad duration {fields['duration']!r}")
        if label == "CHARGE" and fields["category"] not in CATEGORIES:
            _fail(where, f"unknown category {fields['category']!r}")
        mentions.append({"label": label, "start": start, "end": end, "text": span, **fields})
        cursor = start + 1
    mentions.sort(key=lambda m: (m["start"], m["end"]))  # type: ignore[arg-type,return-value]
    for m in mentions:
        assert text[m["start"]:m["end"]] == m["text"]  # type: ignore[misc]
    return {"schema_version": "1", "doc_id": meta["doc_id"], "source": meta["source"],
            "text": text, "mentions": mentions, "cases": cases}


def main(argv: list[str]) -> None:
    paths = [SRC / a for a in argv] if argv else sorted(SRC.glob("*.ann"))
    for p in paths:
        rec = build(p)
        out = ROOT / "gold" / f"{rec['doc_id']}.jsonl"
        out.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
        counts: dict[str, int] = {}
        for m in rec["mentions"]:  # type: ignore[attr-defined]
            counts[m["label"]] = counts.get(m["label"], 0) + 1
        print(f"{out.relative_to(ROOT)}: {counts}, {len(rec['cases'])} cases")  # type: ignore[arg-type]


if __name__ == "__main__":
    main(sys.argv[1:])
