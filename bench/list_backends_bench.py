#!/usr/bin/env python3
"""Warm-cache `pfhost --list-backends --json` with the project's own plugins, next to a bare
`pfhost --version` process start measured in the same run. Warm means a listing a moment before
under the same environment: the probe answers are reused from the cache and no probe worker
starts (the bench checks that each warm run said so). Also the cold listing (--no-cache: every
plugin probed in a pfhost-probe-worker child). Prints median/p90/max in ms and writes JSON.
Usage: list_backends_bench.py PFHOST OUT.json [runs]"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

pfhost, out_path = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 30


def children_cpu_ms():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000.0


def run_once(args, env, check_output=None):
    """Wall time and CPU time (user + system) of one run, in ms. The CPU time is what a loaded
    machine does not inflate: it is the process's own work, not its wait for a core."""
    cpu_before = children_cpu_ms()
    start = time.perf_counter()
    done = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          check=True)
    elapsed = (time.perf_counter() - start) * 1000.0
    cpu = children_cpu_ms() - cpu_before
    if check_output:
        check_output(done.stdout)
    return elapsed, cpu


def summary(samples):
    wall = sorted(w for w, _ in samples)
    return {"median_ms": round(statistics.median(wall), 1),
            "p90_ms": round(wall[int(0.9 * (len(wall) - 1))], 1),
            "max_ms": round(wall[-1], 1),
            "cpu_median_ms": round(statistics.median(c for _, c in samples), 1)}


def interleaved(commands):
    """Times each (args, env, check) once per round, in turn, so that the load of a shared
    machine falls on all of them alike; returns one summary per command."""
    samples = [[] for _ in commands]
    for _ in range(runs):
        for i, (args, env, check) in enumerate(commands):
            samples[i].append(run_once(args, env, check))
    return [summary(s) for s in samples]


with tempfile.TemporaryDirectory() as cache:
    env = dict(os.environ, XDG_CACHE_HOME=cache)  # a private cache, warmed by the first run
    listing = [pfhost, "--list-backends", "--json"]
    subprocess.run(listing, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    def no_worker_started(stdout):
        fresh = [p["path"] for p in json.loads(stdout)["plugins"] if p.get("probes") == "worker"]
        if fresh:
            sys.exit(f"a warm listing probed {fresh} again; the bench would time workers")

    warm, start = interleaved([(listing, env, no_worker_started), ([pfhost, "--version"], env, None)])
    cold, = interleaved([(listing + ["--no-cache"], env, None)])
    result = {"runs": runs,
              "list_backends_warm": warm,
              "process_start_reference": start,
              "list_backends_cold": cold,
              "target_ms": 30,
              "target_ratio": 2.0}
json.dump(result, open(out_path, "w"), indent=2)
w, r, c = (result["list_backends_warm"], result["process_start_reference"],
           result["list_backends_cold"])
print(f"{'':38} {'median':>8} {'p90':>8} {'max':>8} {'CPU':>8}")
for label, row in (("pfhost --list-backends (warm)", w),
                   ("pfhost --version (process start)", r),
                   ("pfhost --list-backends --no-cache", c)):
    print(f"{label:38} {row['median_ms']:>6} ms {row['p90_ms']:>5} ms {row['max_ms']:>5} ms"
          f" {row['cpu_median_ms']:>5} ms")
print(f"warm listing / process start: {w['median_ms'] / r['median_ms']:.1f}x wall, "
      f"{w['cpu_median_ms'] / max(r['cpu_median_ms'], 0.1):.1f}x CPU "
      f"(target <= {result['target_ratio']}x); warm listing target < {result['target_ms']} ms")
