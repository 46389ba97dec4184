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
        if let few = fewRanks(values) { return few }
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

    /// ``ranks(_:)`` of values that take at most 1,024 distinct values
    /// (scores in whole points), by counting each value: the same ranks
    /// without sorting a million positions. `nil` for more values, or a NaN.
    static func fewRanks(_ values: [Double]) -> [Double]? {
        var counts: [Double: Int] = [:]
        for v in values {
            guard !v.isNaN else { return nil }
            counts[v, default: 0] += 1
            if counts.count > 1_024 { return nil }
        }
        var mean: [Double: Double] = [:]
        var start = 0
        for (value, count) in counts.sorted(by: { $0.key < $1.key }) {
            mean[value] = Double(start + start + count - 1) / 2 + 1
            start += count
        }
        return values.map { mean[$0] ?? 0 }
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

    /// ``auc(scores:labels:)`` of rows given as how many positives and
    /// negatives hold each score (a score may be given more than once):
    /// the same number, to the last bit (every midrank and their sum are
    /// multiples of ½ well within a `Double`'s exact range), without a row
    /// per score. `nil` unless both classes are present.
    public static func auc(tallies: [(score: Double, positives: Int, negatives: Int)]) -> Double? {
        let sorted = tallies.filter { $0.positives + $0.negatives > 0 }.sorted { $0.score < $1.score }
        let positives = sorted.reduce(0) { $0 + $1.positives }
        let negatives = sorted.reduce(0) { $0 + $1.negatives }
        guard positives > 0, negatives > 0 else { return nil }
        var sum = 0.0
        var start = 0
        var k = 0
        while k < sorted.count {
            // Tied scores: one run of ranks, each row at their mean.
            var (p, n) = (0, 0)
            var end = k
            while end < sorted.count && sorted[end].score == sorted[k].score {
                p += sorted[end].positives
                n += sorted[end].negatives
                end += 1
            }
            let mean = Double(start + (start + p + n - 1)) / 2 + 1
            sum += Double(p) * mean
            start += p + n
            k = end
        }
        let u = sum - Double(positives) * Double(positives + 1) / 2
        return u / (Double(positives) * Double(negatives))
    }

    /// The Kolmogorov–Smirnov statistic: the largest gap, over every score
    /// cut-off, between the share of positives and the share of negatives
    /// at or above it. Tied scores are taken together. `nil` unless both
    /// classes are present.
    public static func ks(scores: [Double], labels: [Bool]) -> Double? {
        cutOffs(scores: scores, labels: labels)?.map { abs($0.truePositiveRate - $0.falsePositiveRate) }.max()
    }

    /// The ROC curve: from (0, 0), one point per distinct score, best
    /// first, of the share of negatives (x) and of positives (y) at or
    /// above it; tied scores are taken together, so the curve's area is
    /// ``auc(scores:labels:)``. At most `limit` points: beyond that, every
    /// k-th point and the last. Empty unless both classes are present.
    public static func roc(scores: [Double], labels: [Bool], limit: Int = 200) -> [ROCPoint] {
        guard let points = cutOffs(scores: scores, labels: labels) else { return [] }
        guard points.count > limit, limit >= 2 else { return points }
        let step = Int((Double(points.count - 1) / Double(limit - 1)).rounded(.up))
        var kept = stride(from: 0, to: points.count - 1, by: step).map { points[$0] }
        kept.append(points[points.count - 1])
        return kept
    }

    /// Every cut-off, from (0, 0) and then one per distinct score, best
    /// first, tied scores together; `nil` unless both classes are present.
    private static func cutOffs(scores: [Double], labels: [Bool]) -> [ROCPoint]? {
        precondition(scores.count == labels.count, "one label per score")
        let positives = labels.count { $0 }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var points = [ROCPoint(falsePositiveRate: 0, truePositiveRate: 0, score: .infinity)]
        var tp = 0
        var fp = 0
        var k = 0
        while k < order.count {
            let score = scores[order[k]]
            while k < order.count && scores[order[k]] == score {
                if labels[order[k]] { tp += 1 } else { fp += 1 }
                k += 1
            }
            points.append(
                ROCPoint(
                    falsePositiveRate: Double(fp) / Double(negatives), truePositiveRate: Double(tp) / Double(positives),
                    score: score))
        }
        return points
    }

    /// Scores cut into bins, with how many positives and negatives fall in
    /// each: one bin per distinct score when there are at most `bins` of
    /// them (rubric points often are), else `bins` bins of equal width
    /// from the lowest score to the highest (the last includes it).
    public static func distribution(scores: [Double], labels: [Bool], bins: Int = 12) -> [ScoreBin] {
        precondition(scores.count == labels.count, "one label per score")
        let finite = scores.indices.filter { scores[$0].isFinite }
        guard let low = finite.map({ scores[$0] }).min(), let high = finite.map({ scores[$0] }).max(), bins > 0
        else { return [] }
        let distinct = Set(finite.map { scores[$0] }).sorted()
        if distinct.count <= bins {
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
            var out = distinct.map { ScoreBin(lower: $0, upper: $0, positives: 0, negatives: 0) }
            for i in finite {
                guard let b = index[scores[i]] else { continue }
                if labels[i] { out[b].positives += 1 } else { out[b].negatives += 1 }
            }
            return out
        }
        let width = (high - low) / Double(bins)
        var out = (0..<bins).map { b in
            ScoreBin(
                lower: low + Double(b) * width, upper: b == bins - 1 ? high : low + Double(b + 1) * width,
                positives: 0, negatives: 0)
        }
        for i in finite {
            let b = min(bins - 1, max(0, Int((scores[i] - low) / width)))
            if labels[i] { out[b].positives += 1 } else { out[b].negatives += 1 }
        }
        return out
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

    /// A percentile bootstrap interval of the AUC: the rows resampled with
    /// replacement (seeded), the AUC of each resample that holds both
    /// classes. Scores are counted by distinct value and label. With at
    /// least 32 rows per such cell, a resample is drawn as one multinomial
    /// (a binomial per cell) rather than row by row: the same distribution,
    /// at a cost that does not grow with the rows. `nil` without resamples
    /// or a class.
    public static func aucInterval(
        scores: [Double], labels: [Bool], resamples: Int, confidence: Double = 0.95, seed: UInt64
    ) -> ClosedRange<Double>? {
        precondition(scores.count == labels.count, "one label per score")
        guard resamples > 0, labels.contains(true), labels.contains(false) else { return nil }
        let (cells, levels) = aucCells(scores: scores, labels: labels)
        let counts = resampleCounts(cells, cells: 2 * levels, resamples: resamples, seed: seed)
        return aucInterval(counts, levels: levels, confidence: confidence)
    }

    /// Each row's score level and label in one number (level × 2 + label),
    /// and how many levels: the cells of ``aucInterval(_:levels:confidence:)``.
    /// A compact array: the draws read it at random, and a small array stays
    /// in cache.
    package static func aucCells(scores: [Double], labels: [Bool]) -> (cells: [UInt32], levels: Int) {
        let levels = Array(Set(scores)).sorted()
        var index: [Double: Int] = [:]
        for (k, v) in levels.enumerated() { index[v] = k }
        return (zip(scores, labels).map { UInt32(index[$0.0] ?? 0) << 1 | ($0.1 ? 1 : 0) }, levels.count)
    }

    /// ``aucInterval(scores:labels:resamples:confidence:seed:)`` from each
    /// resample's counts of the cells of ``aucCells(scores:labels:)``.
    package static func aucInterval(_ counts: [[Int]], levels: Int, confidence: Double) -> ClosedRange<Double>? {
        var aucs: [Double] = []
        aucs.reserveCapacity(counts.count)
        for counts in counts {
            // Each positive beats the negatives below it and ties half of those level with it.
            var below = 0.0
            var sum = 0.0
            var p = 0.0
            for k in 0..<levels {
                let positives = Double(counts[2 * k + 1])
                let negatives = Double(counts[2 * k])
                sum += positives * (below + negatives / 2)
                below += negatives
                p += positives
            }
            guard p > 0, below > 0 else { continue }
            aucs.append(sum / (p * below))
        }
        aucs.sort()
        let tail = (1 - confidence) / 2
        guard let lo = quantile(sorted: aucs, tail), let hi = quantile(sorted: aucs, 1 - tail) else { return nil }
        return lo...hi
    }

    /// The two-sided p-value of a standard normal statistic.
    public static func pValue(z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    /// Which of some p-values are discoveries under the Benjamini–Hochberg
    /// procedure at false-discovery rate `q`: the `k` smallest, for the
    /// largest `k` with `p₍ₖ₎ ≤ k q / m`.
    public static func benjaminiHochberg(_ p: [Double], q: Double = 0.05) -> [Bool] {
        let order = p.indices.sorted { p[$0] < p[$1] }
        var cut = 0
        for (rank, i) in order.enumerated() where p[i] <= Double(rank + 1) * q / Double(p.count) { cut = rank + 1 }
        var out = [Bool](repeating: false, count: p.count)
        for i in order.prefix(cut) { out[i] = true }
        return out
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

/// A point of a ROC curve.
public struct ROCPoint: Sendable, Hashable {
    /// The share of negatives scoring at or above ``score``.
    public var falsePositiveRate: Double
    /// The share of positives scoring at or above ``score``.
    public var truePositiveRate: Double
    /// The cut-off (infinity for the curve's first point, where nothing is taken).
    public var score: Double
}

/// A bin of scores and how many positives and negatives fall in it.
public struct ScoreBin: Sendable, Hashable {
    /// The lowest score of the bin.
    public var lower: Double
    /// The highest score of the bin (equal to ``lower`` for a bin of one value).
    public var upper: Double
    /// Positives (wins) in the bin.
    public var positives: Int
    /// Negatives (losses) in the bin.
    public var negatives: Int
}
