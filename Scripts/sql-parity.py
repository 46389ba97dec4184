#!/usr/bin/env python3
"""Runs a query from `icp sql` on a real engine over a CSV loaded as a typed
table, and compares every row with `icp score --format csv` on the same file:
score and maximum to 1e-9, ratio, tier, qualified and disqualification.

    Scripts/sql-parity.py ENGINE QUERY.sql ACCOUNTS.csv ICP-SCORES.csv \
        [--numeric a,b] [--date c] [--table accounts]

ENGINE is duckdb (the PyPI package), sqlite (python3's sqlite3) or postgres
(psql on a local socket: PGHOST/PGPORT, a scratch database). Prints one line
of counts and the first differences; exits 1 on any difference, 3 when the
engine is not available here.
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile


def ident(name):
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def load_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader if len(r) == len(header)]
    return header, rows


def typed(header, rows, numeric, dates):
    out = []
    for r in rows:
        row = []
        for name, cell in zip(header, r):
            cell = cell.strip()
            if cell == "":
                row.append(None)
            elif name in numeric:
                try:
                    row.append(float(cell))
                except ValueError:
                    row.append(None)
            else:
                row.append(cell)
        out.append(row)
    return out


def run_duckdb(query, header, rows, numeric, dates, table):
    import duckdb
    con = duckdb.connect()
    work = tempfile.mkdtemp()
    data = os.path.join(work, "data.csv")
    with open(data, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if c is None else c for c in r])
    types = ", ".join(
        "'" + h.replace("'", "''") + "': '" + ("DOUBLE" if h in numeric else "DATE" if h in dates else "VARCHAR") + "'"
        for h in header)
    con.execute(
        f"CREATE TABLE {ident(table)} AS SELECT * FROM read_csv('{data}', header = true, columns = {{{types}}})")
    cur = con.execute(query)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def run_sqlite(query, header, rows, numeric, dates, table):
    import sqlite3
    con = sqlite3.connect(":memory:")
    types = ", ".join(ident(h) + (" REAL" if h in numeric else " TEXT") for h in header)
    con.execute(f"CREATE TABLE {ident(table)} ({types})")
    con.executemany(f'INSERT INTO {ident(table)} VALUES ({", ".join("?" for _ in header)})', rows)
    cur = con.execute(query)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def run_postgres(query, header, rows, numeric, dates, table):
    if shutil.which("psql") is None:
        raise RuntimeError("psql not found")
    work = tempfile.mkdtemp()
    data = os.path.join(work, "data.csv")
    with open(data, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for r in rows:
            w.writerow(["" if c is None else c for c in r])
    types = ", ".join(
        ident(h) + (" DOUBLE PRECISION" if h in numeric else " DATE" if h in dates else " TEXT") for h in header)
    script = os.path.join(work, "run.sql")
    with open(script, "w", encoding="utf-8") as f:
        f.write(f"DROP TABLE IF EXISTS {ident(table)};\nCREATE TABLE {ident(table)} ({types});\n")
        f.write(f"\\copy {ident(table)} FROM '{data}' WITH (FORMAT csv, NULL '')\n")
        f.write("\\pset footer off\n\\pset format unaligned\n\\pset fieldsep '\\t'\n")
        f.write(query.rstrip().rstrip(";") + ";\n")
    out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    lines = [l for l in out.stdout.splitlines() if l]
    names = lines[0].split("\t")
    result = []
    for l in lines[1:]:
        cells = l.split("\t")
        result.append({n: (None if c == "" else c) for n, c in zip(names, cells)})
    return result


def main():
    p = argparse.ArgumentParser()
    p.add_argument("engine", choices=["duckdb", "sqlite", "postgres"])
    p.add_argument("query")
    p.add_argument("accounts")
    p.add_argument("scores")
    p.add_argument("--numeric", default="")
    p.add_argument("--date", default="")
    p.add_argument("--table", default="accounts")
    a = p.parse_args()
    numeric = set(filter(None, a.numeric.split(",")))
    dates = set(filter(None, a.date.split(",")))
    header, rows = load_rows(a.accounts)
    rows = typed(header, rows, numeric, dates)
    query = open(a.query, encoding="utf-8").read()
    runner = {"duckdb": run_duckdb, "sqlite": run_sqlite, "postgres": run_postgres}[a.engine]
    try:
        got = runner(query, header, rows, numeric, dates, a.table)
    except ImportError as e:
        print(f"{a.engine}: not available ({e})")
        sys.exit(3)
    with open(a.scores, newline="", encoding="utf-8") as f:
        expected = {r["id"]: r for r in csv.DictReader(f) if r.get("id") is not None and r.get("score")}
    differences = 0

    def differ(what):
        nonlocal differences
        differences += 1
        if differences <= 5:
            print(what)

    def truth(x):
        return str(x).lower() in ("1", "true", "t")

    for r in got:
        e = expected.get(str(r["id"]))
        if e is None:
            differ(f"{r['id']}: not in icp's scores")
            continue
        for c in ("score", "max"):
            if abs(float(r[c]) - float(e[c])) > 1e-9:
                differ(f"{r['id']}: {c} {r[c]} vs icp {e[c]}")
        if abs(float(r["ratio"]) - float(e["ratio"])) > 5e-5:
            differ(f"{r['id']}: ratio {r['ratio']} vs icp {e['ratio']}")
        if r["tier"] != e["tier"]:
            differ(f"{r['id']}: tier {r['tier']} vs icp {e['tier']}")
        if truth(r["qualified"]) != truth(e["qualified"]):
            differ(f"{r['id']}: qualified {r['qualified']} vs icp {e['qualified']}")
        if (r["disqualification"] or "") != (e["disqualification"] or ""):
            differ(f"{r['id']}: disqualification {r['disqualification']!r} vs icp {e['disqualification']!r}")
    if len(got) != len(expected):
        differ(f"{len(got)} rows from {a.engine}, {len(expected)} from icp")
    print(f"{a.engine}: {len(got)} rows compared, {differences} differences")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
