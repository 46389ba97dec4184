"""Checks that a peer's ranked CSV equals `icp score`'s, row by row: the
same rank, id, score, maximum, ratio (to 4 places), tier, qualification
and disqualification. Prints the first differences and exits 1 on any.

    python3 check.py icp.csv peer.csv
"""
import csv
import sys

COLUMNS = ["rank", "id", "score", "max", "ratio", "tier", "qualified", "disqualification"]


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("id") is None:
                continue
            yield row


def same(column, a, b):
    if column in ("score", "max", "ratio"):
        try:
            return abs(float(a) - float(b)) <= 5e-5
        except ValueError:
            return False
    return (a or "") == (b or "")


def main(icp, peer):
    differences = 0
    count = 0
    for count, (x, y) in enumerate(zip(rows(icp), rows(peer)), start=1):
        for c in COLUMNS:
            if not same(c, x.get(c), y.get(c)):
                differences += 1
                if differences <= 5:
                    print(f"row {count}: {c}: icp {x.get(c)!r}, peer {y.get(c)!r} ({x.get('id')} / {y.get('id')})")
    a = sum(1 for _ in rows(icp))
    b = sum(1 for _ in rows(peer))
    if a != b:
        print(f"icp has {a} rows, the peer {b}")
        differences += 1
    print(f"{count} rows compared, {differences} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
