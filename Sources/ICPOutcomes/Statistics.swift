import ICPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The statistics of outcome analysis, written out in full so that every
/// figure can be checked by hand: ranks with ties, ROC AUC, the
/// Kolmogorov–Smirnov distance, quantiles and the population stability
/// index.
public enum Statistics {
    /// The ranks of the values, 1-based, ties given the mean of the ranks
    /// they span (`[10, 20, 20, 30]` → `[1, 2.5, 2.5, 4]`).
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let mean = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = mean }
            start = end + 1
        }
        return ranks
    }

    /// The area under the ROC curve: the chance that a random positive
    /// scores above a random negative, ties counted half (the Mann–Whitney
    /// U statistic over the product of the class sizes). `nil` unless both
    /// classes are present.
    public static func auc(scores: [Double], labels: [Bool]) -> Double? {
        precondition(scores.count == labels.count, "one label per score")
        let positives = labels.count { $0 }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let r = ranks(scores)
        var sum = 0.0
        for i in r.indices where labels[i] { sum += r[i] }
        let u = sum - Double(positives) * Double(positives + 1) / 2
        return u / (Double(positives) * Double(negatives))
    }

    /// The Kolmogorov–Smirnov statistic: the largest gap, over every score
    /// cut-off, between the share of positives and the share of negatives
    /// at or above it. Tied scores are taken together. `nil` unless both
    /// classes are present.
    public static func ks(scores: [Double], labels: [Bool]) -> Double? {
        precondition(scores.count == labels.count, "one label per score")
        let positives = labels.count { $0 }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var tp = 0
        var fp = 0
        var best = 0.0
        var k = 0
        while k < order.count {
            let score = scores[order[k]]
            while k < order.count && scores[order[k]] == score {
                if labels[order[k]] { tp += 1 } else { fp += 1 }
                k += 1
            }
            best = max(best, abs(Double(tp) / Double(positives) - Double(fp) / Double(negatives)))
        }
        return best
    }

    /// The `p` quantile (0…1) of sorted values, interpolating between the
    /// closest ranks (the definition spreadsheets and NumPy use by default).
    public static func quantile(sorted values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let position = min(max(p, 0), 1) * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        return values[lower] + (values[upper] - values[lower]) * (position - Double(lower))
    }

    /// The share used in place of an empty bin's share, so that the
    /// population stability index stays finite.
    public static let psiEpsilon = 0.0001

    /// The population stability index of two distributions over the same
    /// bins, given as counts: `Σ (current − reference) × ln(current ÷
    /// reference)` over the bins' shares, an empty bin's share taken as
    /// ``psiEpsilon``. 0 when either side has no counts at all.
    public static func psi(reference: [Int], current: [Int]) -> Double {
        precondition(reference.count == current.count, "the same bins on both sides")
        let r = reference.reduce(0, +)
        let c = current.reduce(0, +)
        guard r > 0, c > 0 else { return 0 }
        var total = 0.0
        for i in reference.indices {
            let a = max(Double(reference[i]) / Double(r), psiEpsilon)
            let b = max(Double(current[i]) / Double(c), psiEpsilon)
            total += (b - a) * log(b / a)
        }
        return total
    }

    /// The two-proportion z statistic of `a` successes in `n` against `b`
    /// in `m`, with the pooled rate; 0 when it is undefined.
    public static func z(_ a: Int, of n: Int, against b: Int, of m: Int) -> Double {
        guard n > 0, m > 0 else { return 0 }
        let p = Double(a + b) / Double(n + m)
        let se = (p * (1 - p) * (1 / Double(n) + 1 / Double(m))).squareRoot()
        guard se > 0 else { return 0 }
        return (Double(a) / Double(n) - Double(b) / Double(m)) / se
    }
}
