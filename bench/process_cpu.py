"""CPU time of every process a command starts: where a multi-process run spends its cores.

Runs the command, samples its process tree every 0.1 s (user + system seconds of each
process, as ``psutil`` reports them) and prints each process with its CPU seconds, then
the total and the wall time. On a machine with N cores, a run can take no less than
total / N seconds: what the orchestrating process and the Prefect server use is taken
from the workers.

Usage: ``.venv/bin/python bench/process_cpu.py COMMAND [ARG ...]``, e.g.
``.venv/bin/python bench/process_cpu.py .venv/bin/extract --n-process 2 run DIR --out OUT``.
"""

from __future__ import annotations

import subprocess
import sys
import time

import psutil


def _label(cmdline: list[str]) -> str:
    text = " ".join(cmdline)
    if "uvicorn" in text:
        return "Prefect server"
    if "resource_tracker" in text:
        return "multiprocessing resource tracker"
    if "spawn_main" in text or "multiprocessing" in text:
        return "worker"
    return text[-70:]


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    started = time.perf_counter()
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    root = psutil.Process(proc.pid)
    seen: dict[int, tuple[str, float]] = {}
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in tree:
            try:
                with p.oneshot():
                    cpu = p.cpu_times()
                    label = seen[p.pid][0] if p.pid in seen else _label(p.cmdline())
                    seen[p.pid] = (label, cpu.user + cpu.system)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        time.sleep(0.1)
    wall = time.perf_counter() - started
    for pid, (label, cpu) in seen.items():
        print(f"{cpu:7.1f} s  {label} ({pid})")
    total = sum(cpu for _, cpu in seen.values())
    print(f"{total:7.1f} s  total CPU; wall {wall:.1f} s; exit {proc.returncode}")


if __name__ == "__main__":
    main()
