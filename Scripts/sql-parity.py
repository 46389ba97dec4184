#!/usr/bin/env python3
"""Runs a query from `icp sql` on a real engine over a CSV loaded as a typed
table (and an events CSV as the table `events`), and compares every row with
`icp score` on the same file (`--format json`, whose numbers are in full;
CSV rounds them): the name, score, maximum and ratio to 1e-9, tier,
qualified and disqualification.

    Scripts/sql-parity.py ENGINE QUERY.sql ACCOUNTS.csv ICP-SCORES.json \
        [--numeric a,b] [--date c] [--table accounts] [--events EVENTS.csv]

ENGINE is duckdb (the PyPI package), sqlite (python3's sqlite3), postgres
(psql on a local socket: PGHOST/PGPORT, a scratch database) or spark
(pyspark in local mode, which needs Java). Prints one line
of counts and the first differences; exits 1 on any difference, 3 when the
engine is not available here.
"""
import argparse
import csv
import json
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


def column_type(engine, name, numeric, dates, stamps):
    if name in numeric:
        return {"duckdb": "DOUBLE", "sqlite": "REAL", "postgres": "DOUBLE PRECISION"}[engine]
    if name in dates:
        return {"duckdb": "DATE", "sqlite": "TEXT", "postgres": "DATE"}[engine]
    if name in stamps:
        return {"duckdb": "TIMESTAMPTZ", "sqlite": "TEXT", "postgres": "TIMESTAMPTZ"}[engine]
    return {"duckdb": "VARCHAR", "sqlite": "TEXT", "postgres": "TEXT"}[engine]


def run_duckdb(query, tables):
    import duckdb
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    work = tempfile.mkdtemp()
    for table, header, rows, numeric, dates, stamps in tables:
        data = os.path.join(work, "data.csv")
        with open(data, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            for r in rows:
                w.writerow(["" if c is None else c for c in r])
        types = ", ".join(
            "'" + h.replace("'", "''") + "': '" + column_type("duckdb", h, numeric, dates, stamps) + "'" for h in header)
        con.execute(
            f"CREATE TABLE {ident(table)} AS SELECT * FROM read_csv('{data}', header = true, columns = {{{types}}})")
    cur = con.execute(query)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def run_sqlite(query, tables):
    import sqlite3
    con = sqlite3.connect(":memory:")
    for table, header, rows, numeric, dates, stamps in tables:
        types = ", ".join(ident(h) + " " + column_type("sqlite", h, numeric, dates, stamps) for h in header)
        con.execute(f"CREATE TABLE {ident(table)} ({types})")
        con.executemany(f'INSERT INTO {ident(table)} VALUES ({", ".join("?" for _ in header)})', rows)
    cur = con.execute(query)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def run_spark(query, tables):
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]").appName("icp-sql-parity")
             .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    work = tempfile.mkdtemp()
    for k, (table, header, rows, numeric, dates, stamps) in enumerate(tables):
        data = os.path.join(work, f"data{k}.csv")
        with open(data, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow([f"c{i}" for i in range(len(header))])
            for r in rows:
                w.writerow(["" if c is None else c for c in r])
        kinds = {"DOUBLE": "DOUBLE", "DATE": "DATE", "TIMESTAMPTZ": "TIMESTAMP"}
        schema = ", ".join(
            f"c{i} " + kinds.get(column_type("duckdb", h, numeric, dates, stamps), "STRING") for i, h in enumerate(header))
        # RFC 4180: a quote inside a quoted field is doubled (Spark escapes with a backslash by default).
        spark.read.csv(data, header=True, schema=schema, escape='"').createOrReplaceTempView(f"icp_load{k}")
        names = ", ".join(f"c{i} AS `" + h.replace("`", "``") + "`" for i, h in enumerate(header))
        spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW `{table.replace('`', '``')}` AS SELECT {names} FROM icp_load{k}")
    result = spark.sql(query)
    names = result.columns
    return [dict(zip(names, r)) for r in result.collect()]


def run_postgres(query, tables):
    if shutil.which("psql") is None:
        raise RuntimeError("psql not found")
    work = tempfile.mkdtemp()
    script = os.path.join(work, "run.sql")
    with open(script, "w", encoding="utf-8") as f:
        f.write("SET TimeZone = 'UTC';\n")
        for k, (table, header, rows, numeric, dates, stamps) in enumerate(tables):
            data = os.path.join(work, f"data{k}.csv")
            with open(data, "w", newline="", encoding="utf-8") as d:
                w = csv.writer(d)
                for r in rows:
                    w.writerow(["" if c is None else c for c in r])
            types = ", ".join(ident(h) + " " + column_type("postgres", h, numeric, dates, stamps) for h in header)
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
    p.add_argument("engine", choices=["duckdb", "sqlite", "postgres", "spark"])
    p.add_argument("query")
    p.add_argument("accounts")
    p.add_argument("scores")
    p.add_argument("--numeric", default="")
    p.add_argument("--date", default="")
    p.add_argument("--table", default="accounts")
    p.add_argument("--events", help="an events CSV, loaded as the table events")
    a = p.parse_args()
    numeric = set(filter(None, a.numeric.split(",")))
    dates = set(filter(None, a.date.split(",")))
    header, rows = load_rows(a.accounts)
    rows = typed(header, rows, numeric, dates)
    query = open(a.query, encoding="utf-8").read()
    runner = {"duckdb": run_duckdb, "sqlite": run_sqlite, "postgres": run_postgres, "spark": run_spark}[a.engine]
    tables = [(a.table, header, rows, numeric, dates, set())]
    if a.events:
        eh, er = load_rows(a.events)
        if "value" not in eh:  # no values: every event's value is missing
            eh = eh + ["value"]
            er = [r + [""] for r in er]
        tables.append(("events", eh, typed(eh, er, {"count", "value"}, set()), {"count", "value"}, set(), {"timestamp"}))
    try:
        got = runner(query, tables)
    except ImportError as e:
        print(f"{a.engine}: not available ({e})")
        sys.exit(3)
    if a.scores.endswith(".json"):
        # `icp score --format json`: numbers in full.
        with open(a.scores, encoding="utf-8") as f:
            document = json.load(f)
        expected = {}
        for account in document["accounts"]:
            fit = account["fit"]
            expected[account["id"]] = {
                "name": account["name"], "score": fit["score"], "max": fit["max"], "ratio": fit["ratio"], "tier": fit["tier"],
                "qualified": "true" if fit["qualified"] else "false",
                "disqualification": fit.get("disqualification") or ""}
    else:
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
        if abs(float(r["ratio"]) - float(e["ratio"])) > (1e-9 if a.scores.endswith(".json") else 5e-5):
            differ(f"{r['id']}: ratio {r['ratio']} vs icp {e['ratio']}")
        if str(r["name"]) != str(e["name"]):
            differ(f"{r['id']}: name {r['name']!r} vs icp {e['name']!r}")
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
