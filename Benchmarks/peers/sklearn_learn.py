"""`icp learn` as an analyst would do it: the columns read with polars,
one-hot encoded (each frequent category, each numeric column cut into five
quantile bins, each frequent item of the `;` lists, each column being
empty), a 70/30 split, scikit-learn's LogisticRegression (lbfgs, C = 1,
the L2 penalty of `icp learn --l2 1`), and the AUC on the holdout.

    python3 sklearn_learn.py history.csv [label] [exclude,columns]

Prints the candidate count, the rows, the seconds each step took and the
holdout AUC, to set beside `icp learn --label won --output l.json history.csv`
(`--exclude` the same columns). The points, tiers and guardrails of
`icp learn` are not reproduced: this is the fit alone, its lower bound.
"""
import sys
import time

import numpy as np
import polars as pl
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

OUTCOME = {"deal_value", "cycle_days", "churned", "id", "name", "domain"}


def learn(path: str, label: str, excluded: set[str]) -> None:
    start = time.perf_counter()
    df = pl.read_csv(path, infer_schema_length=10_000)
    df = df.filter(pl.col(label).is_not_null())
    y = df[label].cast(pl.Utf8).str.to_lowercase().is_in(["1", "true", "yes", "won"]).to_numpy()
    read = time.perf_counter()
    blocks = []
    names = []
    n = df.height
    floor = max(5, int(np.ceil(0.01 * n)))
    for column in df.columns:
        if column == label or column in OUTCOME or column in excluded:
            continue
        s = df[column]
        missing = s.is_null().to_numpy()
        if s.dtype.is_numeric():
            values = s.cast(pl.Float64).to_numpy()
            known = values[~missing]
            if len(np.unique(known)) <= 12:
                cats = np.unique(known)
                codes = np.where(missing, np.nan, values)
            else:
                edges = np.unique(np.quantile(known, [0.2, 0.4, 0.6, 0.8]))
                codes = np.where(missing, -1, np.digitize(values, edges))
                cats = range(len(edges) + 1)
            for c in cats:
                col = codes == c
                if floor <= col.sum() <= n - floor:
                    blocks.append(col)
                    names.append(f"{column}={c}")
        elif s.dtype == pl.Utf8 and s.str.contains(";").any():
            items = s.str.split(";").explode().drop_nulls().value_counts(sort=True).head(40)
            lists = s.fill_null("").str.split(";")
            for item in items[column].to_list():
                col = lists.list.contains(item).to_numpy()
                if floor <= col.sum() <= n - floor:
                    blocks.append(col)
                    names.append(f"{column} includes {item}")
        else:
            text = s.cast(pl.Utf8)
            counts = text.drop_nulls().value_counts(sort=True)
            if counts.height >= 0.9 * max(1, n - missing.sum()) and counts.height >= 20:
                continue  # an identifier
            distinct = counts[column].to_list()
            code = {v: k for k, v in enumerate(distinct)}
            physical = text.cast(pl.Enum(distinct)).to_physical().fill_null(-1).to_numpy()
            for value in counts[column].head(40).to_list():
                col = physical == code[value]
                if floor <= col.sum() <= n - floor:
                    blocks.append(col)
                    names.append(f"{column}={value}")
        if floor <= missing.sum() <= n - floor:
            blocks.append(missing)
            names.append(f"{column} missing")
    # One sparse column per candidate: the rows it holds for.
    rows = [np.flatnonzero(b) for b in blocks]
    pointers = np.concatenate([[0], np.cumsum([len(r) for r in rows])])
    x = sparse.csc_matrix(
        (np.ones(pointers[-1]), np.concatenate(rows), pointers), shape=(n, len(rows))).tocsr()
    encoded = time.perf_counter()
    order = np.random.default_rng(1).permutation(n)
    held = order[: int(round(0.3 * n))]
    train = np.sort(order[int(round(0.3 * n)):])
    model = LogisticRegression(solver="lbfgs", C=1.0, max_iter=1000)
    model.fit(x[train], y[train])
    fitted = time.perf_counter()
    auc = roc_auc_score(y[held], model.decision_function(x[held]))
    done = time.perf_counter()
    print(
        f"{len(names)} candidates, {len(train)} training rows, {len(held)} holdout rows; "
        f"read {read - start:.2f} s, encode {encoded - read:.2f} s, fit {fitted - encoded:.2f} s "
        f"({model.n_iter_[0]} lbfgs steps), AUC {done - fitted:.2f} s; holdout AUC {auc:.3f}; "
        f"total {done - start:.2f} s")


if __name__ == "__main__":
    learn(
        sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "won",
        set(sys.argv[3].split(",")) if len(sys.argv) > 3 else set())
