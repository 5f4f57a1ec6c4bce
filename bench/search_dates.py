"""Why DATE uses rules + dateparser on the found spans, not ``search_dates`` over the text.

Scores ``dateparser.search.search_dates`` run over each gold document against the gold DATE
mentions (overlap match, and value match at the granularity the gold gives), beside the
project's DATE component, and times both. Usage: ``.venv/bin/python bench/search_dates.py``.
"""

from __future__ import annotations

import time
from pathlib import Path

from dateparser.search import search_dates

from extract.ingest import report_dating
from extract.nlp.dates import DateRecognizer, resolve
from extract.storage.jsonl import read_records

ROOT = Path(__file__).resolve().parent.parent


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    gold = read_records(sorted((ROOT / "gold").glob("*.jsonl")))
    rows = {}
    for name in ("search_dates", "extract.nlp.dates"):
        tp = fp = fn = values = 0
        t0 = time.perf_counter()
        for rec in gold:
            text = rec.text or ""
            gspans = [(m.start, m.end, m.value) for m in rec.mentions if m.label == "DATE"]
            pred: list[tuple[int, int, str]] = []
            if name == "search_dates":
                cursor = 0
                for found, dt in search_dates(text, languages=["en"]) or []:
                    start = text.find(found, cursor)
                    if start < 0:
                        continue
                    cursor = start + len(found)
                    pred.append((start, start + len(found), dt.strftime("%Y-%m-%d")))
            else:
                matches = resolve(DateRecognizer().find(text), text, report_dating(text))
                pred = [(m.start, m.end, m.value or "") for m in matches]
            used: set[int] = set()
            for s, e, v in pred:
                hit = next((i for i, (gs, ge, _) in enumerate(gspans)
                            if i not in used and gs < e and s < ge), None)
                if hit is None:
                    fp += 1
                    continue
                used.add(hit)
                tp += 1
                gv = gspans[hit][2]
                values += v.startswith(gv) if name == "search_dates" else v == gv
            fn += len(gspans) - len(used)
        secs = time.perf_counter() - t0
        rows[name] = (*_prf(tp, fp, fn), values / tp if tp else 0.0, secs)
    print(f"{'method':<14} {'P':>6} {'R':>6} {'F1':>6} {'value acc':>10} {'seconds':>8}")
    for name, (p, r, f, acc, secs) in rows.items():
        print(f"{name:<14} {p:6.3f} {r:6.3f} {f:6.3f} {acc:10.3f} {secs:8.2f}")
    print(f"time ratio search_dates / extract.nlp.dates: "
          f"{rows['search_dates'][4] / max(rows['extract.nlp.dates'][4], 1e-9):.1f}x")


if __name__ == "__main__":
    main()
