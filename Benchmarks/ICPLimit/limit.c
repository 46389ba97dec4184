#include "icp_limit.h"

#include <math.h>

static inline double gather(icp_gather g, long i) { return g.table[g.codes[i]]; }
static inline double known(double d) { return isnan(d) ? 0 : d; }

// all(a, b) and any(a, b) with unknowns as the library combines them.
static inline double all2(double a, double b) {
    double lo = fmin(isnan(a) ? 0 : a, isnan(b) ? 0 : b), hi = fmin(isnan(a) ? 1 : a, isnan(b) ? 1 : b);
    return lo == hi ? lo : NAN;
}
static inline double any2(double a, double b) {
    double lo = fmax(isnan(a) ? 0 : a, isnan(b) ? 0 : b), hi = fmax(isnan(a) ? 1 : a, isnan(b) ? 1 : b);
    return lo == hi ? lo : NAN;
}
static inline double test(double v, int holds) { return isnan(v) ? NAN : (holds ? 1 : 0); }

void icp_limit_score(const icp_columns *c, long start, long end, double *total, int32_t *tier) {
    const double maximum = 3 + 2 + 0 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 2 + 3 + 2 + 1 + 1 + 1 + 1 + 1;
    for (long i = start; i < end; i++) {
        double e = c->employees[i], r = c->revenue[i], f = c->founded[i];
        double t = 0;
        t += 3 * known(gather(c->industry, i));
        t += 2 * known(test(e, e >= 200 && e <= 2000));
        t += -1 * known(test(e, e > 5000));
        t += 2 * known(test(r, r >= 1e7 && r <= 5e8));
        t += known(any2(gather(c->country_na, i), all2(gather(c->country_sub_na, i), gather(c->state_na, i))));
        t += known(any2(gather(c->country_emea, i), all2(gather(c->country_sub_emea, i), gather(c->state_emea, i))));
        t += known(gather(c->crm, i));
        t += known(gather(c->crowdstrike, i));
        t += known(gather(c->security_count, i));
        t += known(test(f, f > 2000));
        t += known(gather(c->stage, i));
        double group = 2 * known(gather(c->manufacturer, i)) + known(gather(c->distributor, i));
        t += isnan(e) ? 0 : (e >= 1000 ? 3 : e >= 200 ? 1 : 0);
        t += isnan(r) ? 0 : (r >= 1e8 ? 2 : r >= 1e7 ? 1 : 0);
        double age = c->year - f;
        t += known(test(age, age >= 5));
        t += known(test(c->funding[i], c->funding[i] >= 1e7));
        t += known(test(c->referrals[i], c->referrals[i] >= 1));
        double n = c->nps[i];
        t += known(isnan(n) || n < 0 || n > 10 ? NAN : (n >= 9 && n <= 10 ? 1 : 0));
        t += known(gather(c->budget, i));
        t += fmin(2, group);
        total[i] = t;
        double ratio = fmin(1, fmax(0, t / maximum));
        int disqualified = gather(c->do_not_contact, i) >= 0.5;
        tier[i] = disqualified ? 2 : ratio >= 0.8 ? 0 : ratio >= 0.5 ? 1 : 2;
    }
}
