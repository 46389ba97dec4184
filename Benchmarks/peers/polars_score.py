"""The benchmark's fit rubric (Benchmarks/peers/fit-profile.json) in polars,
as an analyst would write it: read the CSV, fold the texts, resolve
countries and states, add up the points, cap the business-type group,
knock out "do not contact", pick the tier, rank.

    python3 polars_score.py accounts.csv ranked.csv [TOP]
"""
import sys

import polars as pl

from peer_rules import BUSINESS, CRM, INDUSTRIES, NORTH_AMERICA, US, country_expr, fold_distinct


def score(path: str, out: str, top: int | None = None) -> None:
    df = fit(pl.read_csv(path, infer_schema_length=0, columns=[
        "id", "name", "industry", "employees", "country", "state", "technologies", "business_type",
        "do_not_contact"]))
    df = df.sort(["tier_rank", "score", "id"], descending=[False, True, False])
    if top is not None:
        df = df.head(top)
    df = df.with_row_index("rank", offset=1).select(
        "rank", "id", "name", "score", pl.lit(MAXIMUM).alias("max"), pl.col("ratio").round(4), "tier", "qualified",
        "disqualification")
    df.write_csv(out)


MAXIMUM = 11


def fit(df: pl.DataFrame) -> pl.DataFrame:
    """The frame with each row's fit: score, ratio, tier_rank, tier, qualified, disqualification."""
    emp = pl.col("employees").str.strip_chars().cast(pl.Float64, strict=False)
    country = country_expr(df)
    industry = fold_distinct(df, "industry")
    business = fold_distinct(df, "business_type")
    # One regular expression over the whole cell: faster than splitting it into a list.
    crm_pattern = "(^|;)(" + "|".join(c.replace(".", r"\.") for c in CRM) + ")(;|$)"
    techs = pl.col("technologies").str.to_lowercase().str.replace_all(r"[\s_\-]", "")
    has_techs = pl.col("technologies").str.strip_chars().fill_null("") != ""
    df = df.with_columns(
        in_industry=industry.is_in(INDUSTRIES).cast(pl.Int8).fill_null(-1),
        manufacturer=(business == BUSINESS["manufacturer"]).cast(pl.Int8).fill_null(-1),
        distributor=(business == BUSINESS["distributor"]).cast(pl.Int8).fill_null(-1),
        us=(country == US).cast(pl.Int8).fill_null(-1),
        na=country.is_in(NORTH_AMERICA).cast(pl.Int8).fill_null(-1),
        emp=emp,
        crm=pl.when(has_techs).then(techs.str.contains(crm_pattern).cast(pl.Int8)).otherwise(-1),
        dnc=fold_distinct(df, "do_not_contact").is_in(["yes", "y", "true", "1"]),
    )
    known = lambda c: pl.col(c) == 1  # noqa: E731  an unknown (-1) earns nothing
    points = (
        pl.when(known("in_industry")).then(3).otherwise(0)
        + pl.min_horizontal(
            pl.when(known("manufacturer")).then(2).otherwise(0) + pl.when(known("distributor")).then(1).otherwise(0),
            pl.lit(2))
        + pl.when(known("us")).then(1).otherwise(0)
        + pl.when(known("na")).then(1).otherwise(0)
        + pl.when(pl.col("emp") > 500).then(2).otherwise(0)
        + pl.when(pl.col("emp") > 200).then(1).otherwise(0)
        + pl.when(pl.col("emp") < 100).then(-2).otherwise(0)
        + pl.when(known("crm")).then(1).otherwise(0)
    )
    maximum = MAXIMUM
    best = known("us") & (pl.col("emp") > 500) & known("in_industry") & known("manufacturer")
    good = known("na") & (pl.col("emp") > 200) & known("in_industry") & (known("manufacturer") | known("distributor"))
    tier_rank = (pl.when(pl.col("dnc")).then(2).when(best).then(0).when(good).then(1).otherwise(2))
    df = df.with_columns(score=points, tier_rank=tier_rank).with_columns(
        ratio=(pl.col("score") / maximum).clip(0, 1),
        tier=pl.col("tier_rank").replace_strict([0, 1, 2], ["Best fit", "Good fit", "Bad fit"]),
        qualified=pl.col("tier_rank") < 2,
        disqualification=pl.when(pl.col("dnc")).then(pl.lit("marked do not contact")).otherwise(pl.lit("")),
    )
    return df


if __name__ == "__main__":
    score(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
