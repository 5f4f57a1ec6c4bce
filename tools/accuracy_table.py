"""Print the README's tuned-accuracy table: overlap F1 (exact F1) per label, DATE value,
people and case-fact F1 for the gold sets below, by running `extract eval --json` on each.

Usage: .venv/bin/python tools/accuracy_table.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"
DEV = ["kazakhstan", "kyrgyzrepublic", "russia", "uzbekistan", "egypt", "turkmenistan"]
_LOG = [json.loads(line) for line in (GOLD / "blind.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()]
BLIND = sorted({e["doc_id"] for e in _LOG})


def _round(commit: str) -> list[str]:
    """The documents first scored at ``commit`` (one blind round)."""
    return sorted({e["doc_id"] for e in _LOG if e["commit"] == commit})


ROUND13, ROUND14, ROUND15 = _round("cae393003255"), _round("812c333a724b"), _round("53594b5e2faa")
ROUND16 = _round("d2c4a1db4f91")
# rounds 17-22, first scored in the tenth session
ROUNDS17_22 = [d for c in ("61b7c51e4f81", "91f6bea2c865", "2b5cc8d8d9af", "0a49e85fb6fb",
                           "5cf684c9ea0f", "81149ccb3c86", "bc982f5cbe13") for d in _round(c)]
# rounds 31-35, first scored in the twelfth session; rounds 36-39 in the thirteenth;
# rounds 40-42 (third passages, `*-c`) in the fourteenth; round 43 (2020 reports) in the fifteenth;
# rounds 44 and 45 (2021 reports) in the sixteenth; rounds 46-48 (2021) and 49-51 (2018) in the
# seventeenth; round 52 (2018) and rounds 53 and 54 (2019) in the eighteenth;
# rounds 55 to 57 (2019) and 58 (2017) in the nineteenth
ROUNDS31_35 = [d for c in ("dd197305b185", "249acdbba6da", "676fcfb21f74", "30cd7c74d0cd")
               for d in _round(c)]
ROUNDS36_39 = [d for c in ("2c911c93a187", "ee7a9e3a0af0", "a1a4d5a2235f", "af7768cd3866")
               for d in _round(c)]
SETS = {
    "all gold documents": [GOLD],
    f"the {len(BLIND)} blind-scored documents, tuned": [GOLD / f"{d}.jsonl" for d in BLIND],
    "rounds 3 and 4 (Global Voices, White House, 2018-2024 State Department), tuned":
    sorted(GOLD.glob("dev-c-*.jsonl")) + sorted(GOLD.glob("dev-open-*.jsonl"))
    + sorted(GOLD.glob("dev-pd2-*.jsonl")),
    f"rounds 5 to 64 ({len(list(GOLD.glob('dev-sd-*.jsonl')))} State Department passages of "
    "2017 to 2023), tuned": sorted(GOLD.glob("dev-sd-*.jsonl")),
    "round 13 (15 of them, first scored at the seventh session's last rules), tuned":
    [GOLD / f"{d}.jsonl" for d in ROUND13],
    "round 14 (15 more, other years of 15 countries), tuned":
    [GOLD / f"{d}.jsonl" for d in ROUND14],
    "round 15 (15 more, other years of 15 countries), tuned":
    [GOLD / f"{d}.jsonl" for d in ROUND15],
    "round 16 (15 more, other years of 15 countries), tuned":
    [GOLD / f"{d}.jsonl" for d in ROUND16],
    "rounds 17 to 22 (87 more, other years of 87 countries, first scored in the tenth "
    "session), tuned":
    [GOLD / f"{d}.jsonl" for d in ROUNDS17_22],
    "rounds 23 to 39 (second passages of reports already gold, first scored in the eleventh "
    "to thirteenth sessions), tuned": sorted(GOLD.glob("dev-sd-*-b.jsonl")),
    "rounds 31 to 35 (75 of them, first scored in the twelfth session), tuned":
    [GOLD / f"{d}.jsonl" for d in ROUNDS31_35],
    "rounds 36 to 39 (60 of them, first scored in the thirteenth session), tuned":
    [GOLD / f"{d}.jsonl" for d in ROUNDS36_39],
    f"rounds 40 to 42 ({len(list(GOLD.glob('dev-sd-*-c.jsonl')))} third passages of reports already "
    "gold, first scored in the fourteenth session), tuned": sorted(GOLD.glob("dev-sd-*-c.jsonl")),
    f"round 43 ({len(list(GOLD.glob('dev-sd-*-report-2020.jsonl')))} passages of 2020 reports, "
    "first scored in the fifteenth session), tuned":
    sorted(GOLD.glob("dev-sd-*-report-2020.jsonl")),
    f"rounds 44 to 48 ({len(list(GOLD.glob('dev-sd-*-report-2021.jsonl')))} passages of 2021 "
    "reports, first scored in the sixteenth and seventeenth sessions), tuned":
    sorted(GOLD.glob("dev-sd-*-report-2021.jsonl")),
    f"rounds 49 to 52 ({len(list(GOLD.glob('dev-sd-*-report-2018.jsonl')))} passages of 2018 "
    "reports, first scored in the seventeenth and eighteenth sessions), tuned":
    sorted(GOLD.glob("dev-sd-*-report-2018.jsonl")),
    f"rounds 53 to 57 ({len(list(GOLD.glob('dev-sd-*-report-2019.jsonl')))} passages of 2019 reports, "
    "first scored in the eighteenth and nineteenth sessions), tuned":
    sorted(GOLD.glob("dev-sd-*-report-2019.jsonl")),
    f"rounds 58 to 64 ({len(list(GOLD.glob('dev-sd-*-report-2017.jsonl')))} passages of 2017 "
    "reports, first scored in the nineteenth and twentieth sessions), tuned":
    sorted(GOLD.glob("dev-sd-*-report-2017.jsonl")),
    "seed (`kazakhstan-2013`)": [GOLD / "kazakhstan-2013.jsonl"],
    "dev 2024 (six passages)": [GOLD / f"dev-{c}-2024.jsonl" for c in DEV],
}
LABELS = ("PERSON", "CHARGE", "SENTENCE", "DATE", "micro")


def row(name: str, paths: list[Path]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "eval.json"
        subprocess.run([str(Path(sys.executable).parent / "extract"), "eval", "--gold",
                        *map(str, paths), "--errors", "0", "--json", str(out)],
                       check=True, capture_output=True)
        r = json.loads(out.read_text(encoding="utf-8"))
    m = r["mentions"]
    cells = [f"{m[k]['overlap']['f1']:.3f} ({m[k]['exact']['f1']:.3f})" for k in LABELS]
    cases = r["cases"]
    cells += [f"{r['normalization']['DATE value+mod']['accuracy']:.3f}", f"{r['people']['f1']:.3f}",
              f"{cases['f1']:.3f} (P {cases['precision']:.3f}, R {cases['recall']:.3f})"]
    return f"| {name} | {r['gold_docs']} | " + " | ".join(cells) + " |"


def main() -> None:
    print("| tuned | docs | PERSON | CHARGE | SENTENCE | DATE | micro | DATE value | people F1 "
          "| case facts F1 |")
    print("| --- |" + " --- |" * 9)
    for name, paths in SETS.items():
        print(row(name, paths))


if __name__ == "__main__":
    main()
