#!/usr/bin/env python3
"""Warm-cache `pfhost --list-backends --json` with the project's own plugins (their availability
probes run in child processes every time), next to a bare `pfhost --version` process start measured
in the same run. Prints median/p90/max in ms and writes JSON.
Usage: list_backends_bench.py PFHOST OUT.json [runs]"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

pfhost, out_path = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 30


def timed(args, env):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append((time.perf_counter() - start) * 1000.0)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 1),
            "p90_ms": round(samples[int(0.9 * (len(samples) - 1))], 1),
            "max_ms": round(samples[-1], 1)}


with tempfile.TemporaryDirectory() as cache:
    env = dict(os.environ, XDG_CACHE_HOME=cache)  # a private cache, warmed by the first run
    listing = [pfhost, "--list-backends", "--json"]
    subprocess.run(listing, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    result = {"runs": runs,
              "list_backends_warm": timed(listing, env),
              "process_start_reference": timed([pfhost, "--version"], env),
              "target_ms": 100}
json.dump(result, open(out_path, "w"), indent=2)
w, r = result["list_backends_warm"], result["process_start_reference"]
print(f"{'':34} {'median':>8} {'p90':>8} {'max':>8}")
print(f"{'pfhost --list-backends (warm)':34} {w['median_ms']:>6} ms {w['p90_ms']:>5} ms {w['max_ms']:>5} ms")
print(f"{'pfhost --version (process start)':34} {r['median_ms']:>6} ms {r['p90_ms']:>5} ms {r['max_ms']:>5} ms")
print(f"listing / process start: {w['median_ms'] / r['median_ms']:.1f}x; target < {result['target_ms']} ms")
