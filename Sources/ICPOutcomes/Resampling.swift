import ICPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

extension Statistics {
    /// How a bootstrap draws its resamples.
    package enum Draws: Sendable {
        /// Row by row: `n` rows drawn with replacement, each counted in its
        /// cells.
        case rows
        /// A group of rows at a time: the rows that fall in the same cells
        /// form a group, and a resample's count of each group is one
        /// multinomial draw, taken as a binomial per group given the groups
        /// before it. The same distribution as ``rows``, other draws.
        case multinomial
        /// ``multinomial`` when there are at least
        /// ``Statistics/rowsPerGroup`` rows per group, else ``rows``:
        /// whichever costs less.
        case cheaper
    }

    /// The rows per group above which a resample is drawn a group at a time
    /// (``Draws/cheaper``). A binomial draw costs about as much as drawing
    /// and counting twenty rows (measured in Documentation/Performance.md,
    /// session 17).
    package static let rowsPerGroup = 32

    /// Bootstrap resamples of rows that fall in `cells` cells: for each
    /// resample, how many of `rows.count` rows drawn with replacement fall
    /// in each cell. Resample *r* draws with its own generator, seeded by
    /// the *r*-th number of a generator seeded with `seed`, so the resamples
    /// run on all cores and the result is the same on any number of them.
    package static func resampleCounts(
        _ rows: [UInt32], cells: Int, resamples: Int, seed: UInt64, draws: Draws = .cheaper
    ) -> [[Int]] {
        resampleCounts(
            rows, cells: cells, [UInt32](repeating: 0, count: rows.count), cells: 1, resamples: resamples,
            seed: seed, draws: draws
        ).first
    }

    /// ``resampleCounts(_:cells:resamples:seed:draws:)`` of two ways of
    /// cutting the same rows into cells, from the same draws: each
    /// resample's counts of each. Drawn by rows, they are what two calls
    /// with the same seed give, for the draws of one; drawn by groups (of
    /// rows with the same pair of cells), both come from one multinomial.
    package static func resampleCounts(
        _ first: [UInt32], cells firstCells: Int, _ second: [UInt32], cells secondCells: Int, resamples: Int,
        seed: UInt64, draws: Draws = .cheaper
    ) -> (first: [[Int]], second: [[Int]]) {
        precondition(first.count == second.count, "the same rows")
        let groups = ResampleGroups(first, second)
        var seeds = SeededGenerator(seed: seed)
        let starts = (0..<resamples).map { _ in seeds.next() }
        let byGroup: Bool
        switch draws {
        case .rows: byGroup = false
        case .multinomial: byGroup = true
        case .cheaper: byGroup = groups.sizes.count * rowsPerGroup <= first.count
        }
        let both: [([Int], [Int])]
        if byGroup {
            both = ParallelMap.map(count: resamples, threads: nil) { r in
                var rng = SeededGenerator(seed: starts[r])
                return groups.cells(groups.multinomial(using: &rng), firstCells, secondCells)
            }
        } else if groups.sizes.count <= 1 << 16 {
            // Each row's group in 16 bits: the rows the draws read at random
            // then take half the cache.
            let rows = groups.rows.map { UInt16(truncatingIfNeeded: $0) }
            both = rowDraws(rows, groups, firstCells, secondCells, starts)
        } else {
            both = rowDraws(groups.rows, groups, firstCells, secondCells, starts)
        }
        return (both.map(\.0), both.map(\.1))
    }

    /// Each resample drawn row by row, counted by group, then by cell.
    private static func rowDraws<Row: FixedWidthInteger & Sendable>(
        _ rows: [Row], _ groups: ResampleGroups, _ firstCells: Int, _ secondCells: Int, _ starts: [UInt64]
    ) -> [([Int], [Int])] {
        let n = rows.count
        return ParallelMap.map(count: starts.count, threads: nil) { r in
            var rng = SeededGenerator(seed: starts[r])
            var counts = [Int](repeating: 0, count: groups.sizes.count)
            rows.withUnsafeBufferPointer { rows in
                counts.withUnsafeMutableBufferPointer { counts in
                    for _ in 0..<n { counts[Int(rows[rng.below(n)])] += 1 }
                }
            }
            return groups.cells(counts, firstCells, secondCells)
        }
    }

    /// A draw from the binomial distribution of `n` trials that each
    /// succeed with probability `p`: by inversion when the smaller of `n·p`
    /// and `n·(1 − p)` is under 10, else by Hörmann's BTRD (transformed
    /// rejection with decomposition; "The generation of binomial random
    /// variates", 1993). Both are exact up to the rounding of `Double`s.
    package static func binomial(_ n: Int, _ p: Double, using rng: inout SeededGenerator) -> Int {
        guard n > 0, p > 0 else { return 0 }
        guard p < 1 else { return n }
        if p > 0.5 { return n - binomial(n, 1 - p, using: &rng) }
        return Double(n) * p < 10 ? binomialInversion(n, p, &rng) : binomialBTRD(n, p, &rng)
    }

    /// Inversion: the uniform's place in the cumulative probabilities,
    /// each term from the one before. `p` ≤ ½; a draw whose walk passes the
    /// mean by ten standard deviations (rounding left it no term to stop
    /// at) is drawn again.
    private static func binomialInversion(_ n: Int, _ p: Double, _ rng: inout SeededGenerator) -> Int {
        let q = 1 - p
        let s = p / q
        let a = Double(n + 1) * s
        let first = pow(q, Double(n))
        let mean = Double(n) * p
        let bound = Int(min(Double(n), mean + 10 * (mean * q + 1).squareRoot()))
        while true {
            var u = rng.unit()
            var term = first
            var x = 0
            while u > term, x <= bound {
                u -= term
                x += 1
                term *= a / Double(x) - s
            }
            if x <= bound { return x }
        }
    }

    /// BTRD, for `p` ≤ ½ and `n·p` ≥ 10 (Hörmann 1993, steps 0 to 3.4).
    private static func binomialBTRD(_ n: Int, _ p: Double, _ rng: inout SeededGenerator) -> Int {
        let nd = Double(n)
        let m = Int(((nd + 1) * p).rounded(.down))
        let r = p / (1 - p)
        let nr = (nd + 1) * r
        let npq = nd * p * (1 - p)
        let root = npq.squareRoot()
        let b = 1.15 + 2.53 * root
        let a = -0.0873 + 0.0248 * b + 0.01 * p
        let c = nd * p + 0.5
        let alpha = (2.83 + 5.1 / b) * root
        let vr = 0.92 - 4.2 / b
        let urvr = 0.86 * vr
        while true {
            var v = rng.unit()
            var u: Double
            if v <= urvr {
                // Step 1: inside the hat's centre, accepted at once.
                u = v / vr - 0.43
                let k = ((2 * a / (0.5 - abs(u)) + b) * u + c).rounded(.down)
                if k >= 0, k <= nd { return Int(k) }
                continue
            }
            // Step 2: a point under the hat's tails.
            if v >= vr {
                u = rng.unit() - 0.5
            } else {
                u = v / vr - 0.93
                u = (u < 0 ? -0.5 : 0.5) - u
                v = rng.unit() * vr
            }
            // Step 3: its k, accepted if under the probability of k.
            let us = 0.5 - abs(u)
            let kd = ((2 * a / us + b) * u + c).rounded(.down)
            guard kd >= 0, kd <= nd else { continue }
            let k = Int(kd)
            v *= alpha / (a / (us * us) + b)
            let km = abs(k - m)
            if km <= 15 {
                // Step 3.1: f(k) / f(m) as a product of ratios.
                var f = 1.0
                if m < k {
                    for i in (m + 1)...k { f *= nr / Double(i) - r }
                } else if m > k {
                    for i in (k + 1)...m { v *= nr / Double(i) - r }
                }
                if v <= f { return k }
                continue
            }
            // Step 3.2: squeeze on the logarithm.
            v = log(v)
            let kmd = Double(km)
            let rho = (kmd / npq) * (((kmd / 3 + 0.625) * kmd + 1.0 / 6) / npq + 0.5)
            let t = -kmd * kmd / (2 * npq)
            if v < t - rho { return k }
            if v > t + rho { continue }
            // Steps 3.3 and 3.4: the logarithm of f(k) / f(m) by Stirling's series.
            let nm = nd - Double(m) + 1
            let h = (Double(m) + 0.5) * log((Double(m) + 1) / (r * nm)) + stirlingTail(m) + stirlingTail(n - m)
            let nk = nd - kd + 1
            let bound =
                h + (nd + 1) * log(nm / nk) + (kd + 0.5) * log(nk * r / (kd + 1)) - stirlingTail(k)
                - stirlingTail(n - k)
            if v <= bound { return k }
        }
    }

    /// `log(k!)` less Stirling's approximation of it,
    /// `(k + ½)·log(k + 1) − (k + 1) + ½·log(2π)`: tabulated below 10,
    /// else the series `1/12x − 1/360x³ + 1/1260x⁵` with `x = k + 1`.
    private static func stirlingTail(_ k: Int) -> Double {
        if k < 10 {
            return [
                0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509,
                0.01664469118982119, 0.01387612882307075, 0.01189670994589177, 0.01041126526197209,
                0.009255462182712733, 0.008330563433362871,
            ][k]
        }
        let x = 1 / Double(k + 1)
        let x2 = x * x
        return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 * x2) * x2) * x
    }
}

/// Rows grouped by their pair of cells, for drawing resamples: each row's
/// group, each group's rows and cells. Groups are numbered in the order of
/// their cells (the first, then the second), so a multinomial draw takes
/// them in the same order whatever the rows' order.
struct ResampleGroups: Sendable {
    /// Each row's group.
    var rows: [UInt32]
    /// How many rows each group holds.
    var sizes: [Int]
    /// Each group's first cell.
    var first: [Int]
    /// Each group's second cell.
    var second: [Int]

    init(_ first: [UInt32], _ second: [UInt32]) {
        var seen: [UInt64: UInt32] = [:]
        var keys: [UInt64] = []
        var rows = [UInt32](repeating: 0, count: first.count)
        for i in first.indices {
            let key = UInt64(first[i]) << 32 | UInt64(second[i])
            if let group = seen[key] {
                rows[i] = group
            } else {
                rows[i] = UInt32(keys.count)
                seen[key] = UInt32(keys.count)
                keys.append(key)
            }
        }
        // Renumber the groups in the order of their keys.
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var number = [UInt32](repeating: 0, count: keys.count)
        for (k, g) in order.enumerated() { number[g] = UInt32(k) }
        var sizes = [Int](repeating: 0, count: keys.count)
        for i in rows.indices {
            rows[i] = number[Int(rows[i])]
            sizes[Int(rows[i])] += 1
        }
        self.rows = rows
        self.sizes = sizes
        self.first = order.map { Int(keys[$0] >> 32) }
        self.second = order.map { Int(keys[$0] & 0xFFFF_FFFF) }
    }

    /// One resample's count of each group: `rows.count` rows drawn with
    /// replacement, as a binomial per group given the draws and the rows
    /// of the groups before it.
    func multinomial(using rng: inout SeededGenerator) -> [Int] {
        var counts = [Int](repeating: 0, count: sizes.count)
        var left = rows.count
        var weight = rows.count
        for g in sizes.indices where left > 0 {
            let size = sizes[g]
            let k = size == weight ? left : Statistics.binomial(left, Double(size) / Double(weight), using: &rng)
            counts[g] = k
            left -= k
            weight -= size
        }
        return counts
    }

    /// Counts by group as counts by each cutting's cells.
    func cells(_ counts: [Int], _ firstCells: Int, _ secondCells: Int) -> ([Int], [Int]) {
        var a = [Int](repeating: 0, count: firstCells)
        var b = [Int](repeating: 0, count: secondCells)
        for g in counts.indices {
            a[first[g]] += counts[g]
            b[second[g]] += counts[g]
        }
        return (a, b)
    }
}
