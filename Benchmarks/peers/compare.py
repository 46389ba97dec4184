"""`icp score` side by side with the same rubric in polars and DuckDB, on one
file, runs alternated in the same minute: the median wall time of each, its
ratio to icp's, and a row-by-row check that every peer ranks exactly as icp.

    python3 Benchmarks/peers/compare.py ACCOUNTS.csv [--runs 5] [--icp .build/release/icp] [--install]

`--install` installs polars and DuckDB from PyPI first; a peer that is not
installed is skipped with a line saying so. Two tasks: the whole file to a
ranked CSV, and the top 20 (icp `--top 20` as a table and as CSV; the peers
sort and take 20).
"""
import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROFILE = os.path.join(HERE, "fit-profile.json")



def wall(command, output=None):
    """Runs a command (its standard output to `output`, when given) and returns its wall time."""
    with open(output or os.devnull, "wb") as sink:
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=sink, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("accounts")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--icp", default=".build/release/icp")
    parser.add_argument("--install", action="store_true")
    args = parser.parse_args()
    if args.install:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "polars", "duckdb"], check=False)
    peers = {}
    for name, module in [("polars", "polars"), ("duckdb", "duckdb")]:
        if importlib.util.find_spec(module) is None:
            print(f"{name}: not installed, skipped (pass --install, or pip install {module})")
        else:
            peers[name] = os.path.join(HERE, f"{name}_score.py")
    out = tempfile.mkdtemp(prefix="icp-peers-")
    icp_csv = os.path.join(out, "icp.csv")
    tasks = {
        "ranked CSV": {
            "icp": lambda: wall([args.icp, "score", "--profile", PROFILE, "--as-of", "2026-11-23", "--format", "csv",
                                 args.accounts], icp_csv),
            **{n: (lambda p=p, n=n: wall([sys.executable, p, args.accounts, os.path.join(out, n + ".csv")]))
               for n, p in peers.items()},
        },
        "top 20, table": {
            "icp": lambda: wall([args.icp, "score", "--profile", PROFILE, "--as-of", "2026-11-23", "--top", "20",
                                 args.accounts]),
            **{n: (lambda p=p, n=n: wall([sys.executable, p, args.accounts, os.path.join(out, n + "-top.csv"), "20"]))
               for n, p in peers.items()},
        },
        "top 20, CSV": {
            "icp": lambda: wall([args.icp, "score", "--profile", PROFILE, "--as-of", "2026-11-23", "--top", "20",
                                 "--format", "csv", args.accounts], os.path.join(out, "icp-top.csv")),
        },
    }
    for task, runners in tasks.items():
        times = {name: [] for name in runners}
        for _ in range(args.runs):
            for name, run in runners.items():
                times[name].append(run())
        base = statistics.median(times["icp"])
        for name, ts in times.items():
            m = statistics.median(ts)
            ratio = "" if name == "icp" else f", icp / {name} = {base / m:.2f}"
            print(f"{task}: {name} median {m:.2f} s over {len(ts)} runs ({', '.join(f'{t:.2f}' for t in ts)}){ratio}")
    failed = False
    for name in peers:
        for suffix in ("", "-top"):
            peer = os.path.join(out, name + suffix + ".csv")
            icp = icp_csv if suffix == "" else os.path.join(out, "icp-top.csv")
            result = subprocess.run([sys.executable, os.path.join(HERE, "check.py"), icp, peer],
                                    capture_output=True, text=True)
            print(f"check {name}{suffix}: {result.stdout.strip().splitlines()[-1]}")
            failed = failed or result.returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
