"""Benchmark: reading and computing a large council's CIN census (and a 903 return).

    .venv/bin/python bench/statutory.py [--children 2000] [--children 20000] [--repeat 3]

For each size, in a fresh Python process: generates a seeded synthetic CIN census of N
children (`scrutiny.dataset.statutory.synthetic`, with its edge cases) and the SSDA903
CSV tables of N/4 children, then measures `compute_cin` and `compute_903` (parsing and
computing every indicator; nothing is written to a database): the median wall-clock time
of `--repeat` runs, the peak memory Python allocated during one run (tracemalloc, run
separately so that it does not slow the timed runs; it does not see libxml2's own memory,
which the census's parser uses) and the process's peak resident size (ru_maxrss, which
includes the interpreter, Django, the generated file and libxml2). Beside each wall-clock
time, the CPU time the process used (the same on a loaded machine, where wall-clock is not).
Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.test_settings")


def measure(children: int, repeat: int) -> str:
    import django

    django.setup()
    from scrutiny.dataset.statutory import synthetic
    from scrutiny.dataset.statutory.service import compute_903, compute_cin

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    census = synthetic.cin_census(children, 2024, seed=1)
    episodes, spells = synthetic.random_903(children // 4, 2023, seed=1)
    tables = list(synthetic.ssda903_tables(episodes, spells).items())
    generated = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # generating is costly
    runs = {
        "CIN census": lambda: compute_cin([("census.xml", census)], population=100_000),
        "SSDA903 CSV": lambda: compute_903(tables, "2023-24", population=100_000),
    }
    sizes = {"CIN census": len(census), "SSDA903 CSV": sum(len(b) for _, b in tables)}
    lines = []
    for label, run in runs.items():
        values = len(run().values)  # warm-up (bank holidays cached, code loaded)
        times, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            run()
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        tracemalloc.start()
        run()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        lines.append(
            f"{label:12} {sizes[label] / 1e6:>8.1f} MB file {values:>4} values "
            f"{statistics.median(times):>6.2f} s ({statistics.median(cpu):.2f} s CPU) "
            f"{peak / 1e6:>6.1f} MB peak allocated"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the comparison
    # For comparison only (the importer does not do this): the whole census as one tree.
    from defusedxml.ElementTree import fromstring

    tracemalloc.start()
    tree = fromstring(census)
    _, whole = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del tree
    lines.append(f"{'(whole tree)':12} {'':>8} {'':>24} {whole / 1e6:>8.1f} MB to hold the census")
    children_903 = children // 4
    return (
        f"{children:,} children in the census, {children_903:,} in the 903; "
        f"process peak RSS {rss:.0f} MB ({baseline:.0f} MB after Django started, "
        f"{generated:.0f} MB after generating the files)\n" + "\n".join(lines)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, action="append", dest="sizes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(measure(args.one, args.repeat))
        return
    for size in args.sizes or [2_000, 20_000]:
        # A process per size, so that ru_maxrss is that size's own peak.
        out = subprocess.run(  # noqa: S603 - this script, with a number
            [sys.executable, __file__, "--one", str(size), "--repeat", str(args.repeat)],
            check=True,
            capture_output=True,
            text=True,
        )
        print(out.stdout)


if __name__ == "__main__":
    main()
