"""The benchmark's fit rubric (Benchmarks/peers/fit-profile.json) in DuckDB
SQL, as an analyst would write it: one query over the CSV.

    python3 duckdb_score.py accounts.csv ranked.csv [TOP]
"""
import sys

import duckdb

from peer_rules import COUNTRIES, CRM, INDUSTRIES, STATES


def literal_map(mapping):
    return "MAP {" + ", ".join(f"'{k}': '{v}'" for k, v in mapping.items()) + "}"


def fold(column):
    return (f"NULLIF(lower(regexp_replace(trim({column}, ' _-' || chr(9) || chr(160) || chr(10) || chr(13)), "
            f"'[ _\\-\\t\\x{{a0}}\\n\\r]+', '_', 'g')), '')")


def score(path, out, top=None):
    industries = ", ".join(f"'{i}'" for i in INDUSTRIES)
    crm = ", ".join(f"'{c}'" for c in CRM)
    query = f"""
    WITH a AS (
        SELECT id, name,
            TRY_CAST(trim(employees) AS DOUBLE) AS emp,
            {fold('industry')} IN ({industries}) AS in_industry,
            {fold('business_type')} AS business,
            CASE WHEN {fold('country')} IS NOT NULL THEN {literal_map(COUNTRIES)}[{fold('country')}]
                 ELSE {literal_map(STATES)}[{fold('state')}] END AS country,
            CASE WHEN NULLIF(trim(technologies), '') IS NULL THEN NULL
                 ELSE list_has_any(list_transform(string_split(technologies, ';'),
                     lambda t: lower(regexp_replace(t, '[\\s_\\-]', '', 'g'))), [{crm}]) END AS crm,
            {fold('do_not_contact')} IN ('yes', 'y', 'true', '1') AS dnc
        FROM read_csv('{path}', all_varchar = true, header = true)
    ), s AS (
        SELECT *,
            (CASE WHEN in_industry THEN 3 ELSE 0 END)
            + least((CASE WHEN business = 'manufacturer' THEN 2 ELSE 0 END)
                    + (CASE WHEN business = 'distributor' THEN 1 ELSE 0 END), 2)
            + (CASE WHEN country = 'US' THEN 1 ELSE 0 END)
            + (CASE WHEN country IN ('US', 'CA', 'MX') THEN 1 ELSE 0 END)
            + (CASE WHEN emp > 500 THEN 2 ELSE 0 END) + (CASE WHEN emp > 200 THEN 1 ELSE 0 END)
            + (CASE WHEN emp < 100 THEN -2 ELSE 0 END)
            + (CASE WHEN crm THEN 1 ELSE 0 END) AS score,
            CASE WHEN dnc THEN 2
                 WHEN country = 'US' AND emp > 500 AND in_industry AND business = 'manufacturer' THEN 0
                 WHEN country IN ('US', 'CA', 'MX') AND emp > 200 AND in_industry
                      AND business IN ('manufacturer', 'distributor') THEN 1
                 ELSE 2 END AS tier_rank
        FROM a
    )
    SELECT row_number() OVER (ORDER BY tier_rank, score DESC, id) AS rank, id, name, score, 11 AS max,
        round(greatest(least(score / 11, 1), 0), 4) AS ratio,
        CASE tier_rank WHEN 0 THEN 'Best fit' WHEN 1 THEN 'Good fit' ELSE 'Bad fit' END AS tier,
        tier_rank < 2 AS qualified,
        CASE WHEN dnc THEN 'marked do not contact' ELSE '' END AS disqualification
    FROM s ORDER BY rank
    """ + (f" LIMIT {int(top)}" if top is not None else "")
    duckdb.sql(f"COPY ({query}) TO '{out}' (HEADER, DELIMITER ',')")


if __name__ == "__main__":
    score(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
