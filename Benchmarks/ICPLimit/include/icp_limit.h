// The limit for the benchmark's 20-line rubric: a plain C loop over the
// same columns the scoring plan reads (numbers as doubles, NaN when missing;
// text as codes into per-code answers, NaN when unknown), hand-written for
// that one rubric. The plan is generic; this is how fast the same work can go.
#ifndef ICP_LIMIT_H
#define ICP_LIMIT_H

#include <stdint.h>

/// A dictionary-encoded answer: answer[i] = table[codes[i]].
typedef struct {
    const int32_t *codes;
    const double *table;
} icp_gather;

/// The columns of the benchmark rubric.
typedef struct {
    const double *employees, *revenue, *founded, *funding, *referrals, *nps;
    icp_gather industry, country_na, country_emea, country_sub_na, country_sub_emea, state_na, state_emea;
    icp_gather crm, crowdstrike, security_count, stage, manufacturer, distributor, budget, do_not_contact;
    double year;
} icp_columns;

/// Writes each account's total points and tier rank (0 best) for rows
/// [start, end).
void icp_limit_score(const icp_columns *c, long start, long end, double *total, int32_t *tier);

#endif
