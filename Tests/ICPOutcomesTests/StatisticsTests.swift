import Foundation
import ICPCore
import Testing

@testable import ICPOutcomes

@Suite("Statistics against hand-computed values")
struct StatisticsTests {
    @Test("Ranks give ties the mean of the ranks they span")
    func ranks() {
        #expect(Statistics.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
        #expect(Statistics.ranks([3, 1, 2]) == [3, 1, 2])
        #expect(Statistics.ranks([5, 5, 5]) == [2, 2, 2])
        // Few distinct values (whole points) are counted rather than sorted;
        // many are sorted: both give each value (below) + (equal + 1) / 2.
        var rng = SeededGenerator(seed: 9)
        let points = (0..<2_000).map { _ in Double(rng.below(40)) - 10 }
        let spread = (0..<2_000).map { _ in Double(rng.below(100_000)) / 7 }
        for values in [points, spread, points + [-0.0, 0.0]] {
            let expected = values.map { v in
                Double(values.count { $0 < v }) + Double(values.count { $0 == v } + 1) / 2
            }
            #expect(Statistics.ranks(values) == expected)
        }
        #expect(Statistics.fewRanks(points) != nil && Statistics.fewRanks(spread) == nil)
        #expect(Statistics.fewRanks([1, .nan]) == nil)
    }

    @Test("Resamples counted two ways from one set of draws equal two resamplings with the same seed")
    func resampledTwoWays() {
        var rng = SeededGenerator(seed: 5)
        let first = (0..<3_000).map { _ in UInt32(rng.below(90)) }
        let second = (0..<3_000).map { _ in UInt32(rng.below(8)) }
        let both = Statistics.resampleCounts(first, cells: 90, second, cells: 8, resamples: 40, seed: 11, draws: .rows)
        #expect(both.first == Statistics.resampleCounts(first, cells: 90, resamples: 40, seed: 11, draws: .rows))
        #expect(both.second == Statistics.resampleCounts(second, cells: 8, resamples: 40, seed: 11, draws: .rows))
        #expect(both.first.allSatisfy { $0.reduce(0, +) == 3_000 })
        // More groups than 16 bits hold: each row's group in 32 bits, the same counts.
        let wide = (0..<100_000).map { UInt32($0) }
        let wideSecond = wide.map { $0 % 3 }
        let apart = Statistics.resampleCounts(
            wide, cells: 100_000, wideSecond, cells: 3, resamples: 2, seed: 2, draws: .rows)
        #expect(apart.first == Statistics.resampleCounts(wide, cells: 100_000, resamples: 2, seed: 2, draws: .rows))
        #expect(apart.second == Statistics.resampleCounts(wideSecond, cells: 3, resamples: 2, seed: 2, draws: .rows))
        // Row by row, resample r's counts are those of its own generator's draws.
        let start = SeededGenerator(seed: 11)
        var seeds = start
        var draws = SeededGenerator(seed: seeds.next())
        var expected = [Int](repeating: 0, count: 8)
        for _ in 0..<3_000 { expected[Int(second[draws.below(3_000)])] += 1 }
        #expect(both.second[0] == expected)
    }

    @Test("A resample drawn as one multinomial counts every row once, both ways from the same draw")
    func resampledMultinomial() {
        // Scores 0…59, a tier per score (a function of it), 48,000 rows.
        var rng = SeededGenerator(seed: 8)
        let n = 48_000
        let score = (0..<n).map { _ in UInt32(rng.below(60)) }
        let tier = score.map { $0 / 20 }
        let resamples = 2_000
        let drawn = Statistics.resampleCounts(
            score, cells: 60, tier, cells: 3, resamples: resamples, seed: 4, draws: .multinomial)
        #expect(drawn.first.count == resamples && drawn.second.count == resamples)
        // Every resample holds n rows, and its tiers are its scores' tiers.
        for (scores, tiers) in zip(drawn.first, drawn.second) {
            #expect(scores.reduce(0, +) == n)
            #expect(tiers == (0..<3).map { t in scores[(20 * t)..<(20 * t + 20)].reduce(0, +) })
        }
        // The mean and variance of each cell's count are those of a binomial
        // of n draws at the cell's share, within four standard errors.
        var sizes = [Int](repeating: 0, count: 60)
        for s in score { sizes[Int(s)] += 1 }
        for cell in [0, 17, 59] {
            let p = Double(sizes[cell]) / Double(n)
            let counts = drawn.first.map { Double($0[cell]) }
            let mean = counts.reduce(0, +) / Double(resamples)
            let variance = counts.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(resamples - 1)
            let expectedVariance = Double(n) * p * (1 - p)
            #expect(abs(mean - Double(n) * p) < 4 * (expectedVariance / Double(resamples)).squareRoot())
            // The variance of a sample variance is about 2σ⁴ / (R − 1).
            #expect(abs(variance - expectedVariance) < 4 * expectedVariance * (2 / Double(resamples - 1)).squareRoot())
        }
        // Drawn either way, the AUC interval agrees to well within its width.
        let labels = score.map { rng.unit() < 0.2 + Double($0) / 120 }
        let cells = zip(score, labels).map { $0.0 << 1 | ($0.1 ? 1 : 0) }
        let byRows = Statistics.aucInterval(
            Statistics.resampleCounts(cells, cells: 120, resamples: 1_000, seed: 3, draws: .rows), levels: 60,
            confidence: 0.95)
        let byGroups = Statistics.aucInterval(
            Statistics.resampleCounts(cells, cells: 120, resamples: 1_000, seed: 3, draws: .multinomial), levels: 60,
            confidence: 0.95)
        if let byRows, let byGroups {
            let width = byRows.upperBound - byRows.lowerBound
            #expect(width > 0.005 && width < 0.03)
            #expect(abs(byGroups.lowerBound - byRows.lowerBound) < width / 8)
            #expect(abs(byGroups.upperBound - byRows.upperBound) < width / 8)
        } else {
            Issue.record("no interval")
        }
        // The default draws by group from 32 rows per cell: 48,000 rows over
        // 120 cells do.
        #expect(
            Statistics.resampleCounts(cells, cells: 120, resamples: 3, seed: 3)
                == Statistics.resampleCounts(cells, cells: 120, resamples: 3, seed: 3, draws: .multinomial))
        let few = Array(cells.prefix(3_000))
        #expect(
            Statistics.resampleCounts(few, cells: 120, resamples: 3, seed: 3)
                == Statistics.resampleCounts(few, cells: 120, resamples: 3, seed: 3, draws: .rows))
    }

    @Test(
        "Binomial draws follow the binomial distribution: inversion, BTRD's every step, p above a half",
        arguments: [(1_000_000, 0.3), (5_000, 0.0012), (200, 0.5), (60, 0.9), (1_000, 0.05), (30, 0.4)])
    func binomial(n: Int, p: Double) {
        var rng = SeededGenerator(seed: UInt64(n) &+ 17)
        let draws = 100_000
        var counts: [Int: Int] = [:]
        for _ in 0..<draws { counts[Statistics.binomial(n, p, using: &rng), default: 0] += 1 }
        #expect(counts.keys.allSatisfy { (0...n).contains($0) })
        // The exact probabilities, from the log of the binomial coefficient.
        let logN: Double = lgamma(Double(n + 1))
        func probability(_ k: Int) -> Double {
            let choose: Double = logN - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
            let powers: Double = Double(k) * log(p) + Double(n - k) * log(1 - p)
            return exp(choose + powers)
        }
        // Pearson's χ² over bins of consecutive k that each expect at least 40 draws.
        var chi = 0.0
        var bins = 0
        var expected = 0.0
        var observed = 0
        for k in 0...n {
            expected += probability(k) * Double(draws)
            observed += counts[k, default: 0]
            if expected >= 40 || k == n {
                chi += (Double(observed) - expected) * (Double(observed) - expected) / max(expected, 1e-9)
                bins += 1
                expected = 0
                observed = 0
            }
        }
        // χ² with `bins − 1` degrees of freedom: its mean plus five standard deviations.
        let freedom = Double(bins - 1)
        #expect(bins > 5)
        #expect(chi < freedom + 5 * (2 * freedom).squareRoot(), "χ² \(chi) over \(bins) bins")
        let mean = counts.reduce(0.0) { $0 + Double($1.key * $1.value) } / Double(draws)
        let sd = (Double(n) * p * (1 - p) / Double(draws)).squareRoot()
        #expect(abs(mean - Double(n) * p) < 5 * sd)
    }

    @Test("The AUC of rows counted by score is the AUC of the rows, to the last bit")
    func aucOfTallies() throws {
        var rng = SeededGenerator(seed: 21)
        for (count, distinct) in [(5_000, 12), (3_000, 2_000), (40, 3)] {
            let scores = (0..<count).map { _ in Double(rng.below(distinct)) / 3 }
            let labels = scores.map { rng.unit() < 0.2 + $0 / Double(distinct) }
            var tallies: [Double: (positives: Int, negatives: Int)] = [:]
            for (score, label) in zip(scores, labels) {
                tallies[score, default: (0, 0)].positives += label ? 1 : 0
                tallies[score, default: (0, 0)].negatives += label ? 0 : 1
            }
            // Each score given as two tallies, one empty: ties are joined, empty ones ignored.
            var given: [(score: Double, positives: Int, negatives: Int)] = [(-1, 0, 0)]
            for (score, t) in tallies {
                given.append((score, t.positives, 0))
                given.append((score, 0, t.negatives))
            }
            let expected = try #require(Statistics.auc(scores: scores, labels: labels))
            #expect(
                Statistics.auc(tallies: given)?.bitPattern == expected.bitPattern, "\(count) rows, \(distinct) scores")
        }
        #expect(Statistics.auc(tallies: [(1, 3, 0), (2, 4, 0)]) == nil)
        #expect(Statistics.auc(tallies: [(2, 1, 0), (1, 0, 1)]) == 1)
        #expect(Statistics.auc(tallies: [(1, 1, 1)]) == 0.5)
    }

    // Scores and labels with the AUC, KS worked out by hand.
    // 1) Perfect separation: every positive above every negative.
    // 2) Tied pairs: positives {3, 2}, negatives {2, 1}; pairs (3>2, 3>1, 2=2, 2>1) = 3.5 of 4.
    // 3) Reversed: every positive below every negative.
    // 4) All tied: each pair counts half.
    // 5) Positives {0.9, 0.4, 0.35}, negatives {0.8, 0.3, 0.1}: 0.9 beats all three, 0.4 and 0.35 beat two each: 7 of 9;
    //    KS peaks after 0.35: 3/3 of positives against 1/3 of negatives.
    struct Case: Sendable, CustomTestStringConvertible {
        let scores: [Double]
        let labels: [Bool]
        let auc: Double
        let ks: Double
        var testDescription: String { "\(scores) \(labels)" }
    }

    static let cases: [Case] = [
        Case(scores: [4, 3, 2, 1], labels: [true, true, false, false], auc: 1, ks: 1),
        Case(scores: [3, 2, 2, 1], labels: [true, true, false, false], auc: 0.875, ks: 0.5),
        Case(scores: [1, 2, 3, 4], labels: [true, true, false, false], auc: 0, ks: 1),
        Case(scores: [1, 1, 1, 1], labels: [true, false, true, false], auc: 0.5, ks: 0),
        Case(
            scores: [0.9, 0.8, 0.4, 0.35, 0.3, 0.1], labels: [true, false, true, true, false, false], auc: 7.0 / 9,
            ks: 2.0 / 3),
    ]

    @Test("AUC counts ties half; KS is the largest gap between the cumulative shares", arguments: cases)
    func aucAndKS(_ c: Case) throws {
        let auc = try #require(Statistics.auc(scores: c.scores, labels: c.labels))
        let ks = try #require(Statistics.ks(scores: c.scores, labels: c.labels))
        #expect(abs(auc - c.auc) < 1e-12)
        #expect(abs(ks - c.ks) < 1e-12)
    }

    @Test("AUC and KS need both classes")
    func oneClass() {
        #expect(Statistics.auc(scores: [1, 2], labels: [true, true]) == nil)
        #expect(Statistics.ks(scores: [1, 2], labels: [false, false]) == nil)
    }

    @Test("Quantiles interpolate between the closest ranks")
    func quantiles() {
        let v: [Double] = [1, 2, 3, 4, 5]
        #expect(Statistics.quantile(sorted: v, 0) == 1)
        #expect(Statistics.quantile(sorted: v, 0.5) == 3)
        #expect(Statistics.quantile(sorted: v, 0.1) == 1.4)
        #expect(Statistics.quantile(sorted: v, 1) == 5)
        #expect(Statistics.quantile(sorted: [], 0.5) == nil)
    }

    // PSI by hand: shares (0.5, 0.5) → (0.25, 0.75):
    // (0.25 − 0.5) ln(0.5) + (0.75 − 0.5) ln(1.5) = 0.25 (ln 2 + ln 1.5) = 0.25 ln 3.
    @Test("PSI of small histograms, with epsilon for an empty bin")
    func psi() {
        #expect(abs(Statistics.psi(reference: [50, 50], current: [25, 75]) - 0.25 * log(3.0)) < 1e-12)
        #expect(Statistics.psi(reference: [10, 20, 30], current: [1, 2, 3]) == 0)
        // An empty current bin: its share is taken as 0.0001.
        let e = Statistics.psiEpsilon
        let expected = (e - 0.5) * log(e / 0.5) + (1 - 0.5) * log(1 / 0.5)
        #expect(abs(Statistics.psi(reference: [5, 5], current: [0, 10]) - expected) < 1e-12)
        #expect(Statistics.psi(reference: [0, 0], current: [1, 1]) == 0)
    }

    @Test("The two-proportion z statistic")
    func zStatistic() {
        // 30/50 against 20/50: pooled 0.5, se = sqrt(0.25 × 0.04) = 0.1, z = 0.2 / 0.1.
        #expect(abs(Statistics.z(30, of: 50, against: 20, of: 50) - 2) < 1e-12)
        #expect(Statistics.z(0, of: 0, against: 1, of: 2) == 0)
        #expect(Statistics.z(5, of: 5, against: 5, of: 5) == 0)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
