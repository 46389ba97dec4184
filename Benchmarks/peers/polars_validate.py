"""`icp validate` for the benchmark's fit rubric as an analyst would do it:
the fit in polars (polars_score.fit), the AUC with scikit-learn, a
percentile bootstrap of the AUC with NumPy, win rate by tier.

    python3 polars_validate.py history.csv [RESAMPLES]

Prints the AUC, its 95% interval and each tier's accounts, wins and win
rate, to set beside `icp validate --profile fit-profile.json --label won`.
"""
import sys

import numpy as np
import polars as pl
from sklearn.metrics import roc_auc_score

from polars_score import fit


def validate(path: str, resamples: int) -> None:
    df = pl.read_csv(path, infer_schema_length=0, columns=[
        "id", "name", "industry", "employees", "country", "state", "technologies", "business_type",
        "do_not_contact", "won"])
    df = df.filter(pl.col("won").str.strip_chars().fill_null("") != "")
    df = fit(df).with_columns(won=pl.col("won").str.to_lowercase().is_in(["1", "true", "yes", "won"]))
    score = df["score"].to_numpy().astype(float)
    won = df["won"].to_numpy()
    auc = roc_auc_score(won, score)
    rng = np.random.default_rng(1)
    draws = []
    for _ in range(resamples):
        i = rng.integers(0, len(score), len(score))
        if won[i].all() or not won[i].any():
            continue
        draws.append(roc_auc_score(won[i], score[i]))
    low, high = np.percentile(draws, [2.5, 97.5]) if draws else (auc, auc)
    print(f"AUC {auc:.6f} (95% interval {low:.3f}-{high:.3f}) over {len(score)} accounts, {int(won.sum())} won")
    tiers = df.group_by("tier_rank", "tier").agg(
        accounts=pl.len(), wins=pl.col("won").sum()).sort("tier_rank")
    for row in tiers.iter_rows(named=True):
        print(f"{row['tier']}: {row['accounts']} accounts, {row['wins']} won, {row['wins'] / row['accounts']:.4f}")


if __name__ == "__main__":
    validate(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200)
