import ICPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// One row of a sparse design matrix: the features that are not zero, by
/// position, with their values (1 for a line that is met).
public struct SparseRow: Sendable, Hashable {
    /// Feature positions, ascending.
    public var indices: [Int]
    /// The values at those positions.
    public var values: [Double]

    /// Creates a row; `indices` and `values` pair up.
    public init(indices: [Int] = [], values: [Double] = []) {
        precondition(indices.count == values.count, "one value per index")
        self.indices = indices
        self.values = values
    }

    /// `Σ xⱼ β_{j+start}` over the row: the coefficients of feature `j`
    /// at `beta[j + start]` (start 1 when `beta[0]` is an intercept).
    public func dot(_ beta: [Double], from start: Int = 0) -> Double {
        var s = 0.0
        for k in indices.indices { s += values[k] * beta[indices[k] + start] }
        return s
    }
}

/// A logistic regression with an L2 penalty, fitted by Newton's method
/// (iteratively reweighted least squares) with step halving, or with more
/// than ``newtonLimit`` features by L-BFGS: deterministic, no randomness,
/// the same answer on every run.
///
/// On many rows (``sampledAbove``), Newton's method starts from the
/// coefficients it fits first on 1 row in 8: near the optimum, so the
/// steps over every row are few. The optimum is the same (the objective is
/// strictly convex for λ > 0); only the start is nearer. Near the optimum,
/// where the Hessian barely changes, a step reuses the last one worked out
/// while the steps shrink tenfold or more (``hessians``): it adds up only
/// the gradient over the rows, not every row's nonzeros squared.
///
/// It maximises `Σ [yᵢ ηᵢ − ln(1 + e^ηᵢ)] − λ/2 Σ βⱼ²` where
/// `ηᵢ = β₀ + oᵢ + Σ xᵢⱼ βⱼ`; the intercept `β₀` is not penalised and the
/// offsets `oᵢ` are fixed (how locked rubric lines enter a fit).
public struct LogisticRegression: Sendable, Hashable {
    /// The intercept `β₀`.
    public var intercept: Double
    /// One coefficient per feature (log-odds per unit of the feature).
    public var coefficients: [Double]
    /// Newton (or L-BFGS) steps taken over every row.
    public var iterations: Int
    /// Newton steps taken first on a sample of the rows, whose coefficients
    /// the steps over every row started from (0 when they started from the
    /// base rate: fewer rows than ``sampledAbove``).
    public var sampleIterations = 0
    /// How many of the Newton steps over every row worked the Hessian out
    /// afresh (each row adding its nonzeros squared); the others reused the
    /// last one's, near the optimum where it barely changes, and added up
    /// only the gradient (0 for L-BFGS).
    public var hessians = 0
    /// Whether the largest step fell below the tolerance (for L-BFGS, or
    /// every partial derivative below 10⁻⁶, or the loss stopped falling).
    public var converged: Bool
    /// How the steps were taken.
    public var solver: Solver

    /// How a fit took its steps.
    public enum Solver: String, Sendable, Hashable {
        /// Newton's method: few steps, each solving with the Hessian.
        case newton = "Newton"
        /// L-BFGS: more steps, each from gradients alone.
        case lbfgs = "L-BFGS"
    }

    /// The most features fitted by Newton's method. Its steps need the
    /// Hessian (features² numbers, each row adding its nonzeros squared)
    /// and a cubic solve: 10,000 lines of a profile would take gigabytes
    /// and hours. Above it, L-BFGS steps need only gradients and reach the
    /// same optimum (the objective is strictly convex for λ > 0).
    public static let newtonLimit = 400

    /// How a fit takes its steps.
    package enum Method: Sendable {
        /// Newton's method up to ``newtonLimit`` features, L-BFGS above.
        case automatic
        case newton
        case lbfgs
    }

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - rows: The design matrix, one sparse row per example.
    ///   - labels: One label per row.
    ///   - features: The number of features (columns).
    ///   - l2: The penalty λ ≥ 0 on the coefficients.
    ///   - offsets: Fixed terms added to each row's linear predictor.
    ///   - maxIterations: The most Newton steps (L-BFGS takes up to ten
    ///     times as many, each far cheaper).
    ///   - tolerance: Stop when no coefficient moves by more than this.
    /// - Throws: ``OutcomeError`` for mismatched sizes, a single class, or a
    ///   system that cannot be solved (λ = 0 with a feature that is constant).
    public static func fit(
        rows: [SparseRow], labels: [Bool], features: Int, l2: Double = 1, offsets: [Double]? = nil,
        maxIterations: Int = 100, tolerance: Double = 1e-8
    ) throws -> LogisticRegression {
        try fit(
            rows: rows, labels: labels, features: features, l2: l2, offsets: offsets, maxIterations: maxIterations,
            tolerance: tolerance, method: .automatic)
    }

    /// ``fit(rows:labels:features:l2:offsets:maxIterations:tolerance:)`` by
    /// the method given, Newton's method starting from a sample's fit from
    /// `sampledAbove` rows on, and reusing a Hessian near the optimum
    /// unless `reusingHessians` is false (see ``hessians``).
    package static func fit(
        rows: [SparseRow], labels: [Bool], features: Int, l2: Double = 1, offsets: [Double]? = nil,
        maxIterations: Int = 100, tolerance: Double = 1e-8, method: Method, sampledAbove: Int = sampledAbove,
        reusingHessians: Bool = true
    ) throws -> LogisticRegression {
        try fit(
            rows: SparseRows(rows), labels: labels, features: features, l2: l2, offsets: offsets,
            maxIterations: maxIterations, tolerance: tolerance, method: method, sampledAbove: sampledAbove,
            reusingHessians: reusingHessians)
    }

    /// ``fit(rows:labels:features:l2:offsets:maxIterations:tolerance:method:sampledAbove:reusingHessians:)``
    /// over rows held one after another.
    package static func fit(
        rows: SparseRows, labels: [Bool], features: Int, l2: Double = 1, offsets: [Double]? = nil,
        maxIterations: Int = 100, tolerance: Double = 1e-8, method: Method = .automatic,
        sampledAbove: Int = sampledAbove, reusingHessians: Bool = true
    ) throws -> LogisticRegression {
        guard rows.count == labels.count else { throw OutcomeError("\(rows.count) rows but \(labels.count) labels") }
        guard offsets == nil || offsets?.count == rows.count else { throw OutcomeError("one offset per row") }
        guard l2 >= 0, l2.isFinite else { throw OutcomeError("the L2 penalty must be a number of at least 0") }
        let positives = labels.count { $0 }
        guard positives > 0, positives < labels.count else {
            throw OutcomeError("a regression needs both classes among its rows")
        }
        let dim = features + 1
        // Position 0 is the intercept; feature j is at j + 1.
        var beta = [Double](repeating: 0, count: dim)
        let offset = offsets ?? [Double](repeating: 0, count: rows.count)
        let base = Double(positives) / Double(labels.count)
        // Start from the base rate, net of the mean offset.
        beta[0] = log(base / (1 - base)) - offset.reduce(0, +) / Double(max(rows.count, 1))
        if method == .lbfgs || (method == .automatic && features > newtonLimit) {
            return lbfgs(
                rows: rows, labels: labels, offset: offset, l2: l2, start: beta, maxIterations: 10 * maxIterations,
                tolerance: tolerance)
        }
        // Each evaluation's linear predictors are kept: the next step's sums
        // start from those of the coefficients accepted.
        var (objective, etas) = penalisedLikelihood(beta, rows, labels, offset, l2)
        var sampleIterations = 0
        if rows.count >= sampledAbove,
            let sample = sampleFit(rows: rows, labels: labels, features: features, l2: l2, offset: offset)
        {
            let start = [sample.intercept] + sample.coefficients
            let warm = penalisedLikelihood(start, rows, labels, offset, l2)
            // The sample's optimum is kept as the start only when it is nearer
            // the whole one's than the base rate is (as it nearly always is).
            if warm.value > objective {
                (beta, objective, etas) = (start, warm.value, warm.etas)
                sampleIterations = sample.iterations
            }
        }
        var iterations = 0
        var hessians = 0
        var converged = false
        // The Cholesky factor of the last Hessian worked out, reused while
        // the steps it gives shrink fast (see ``hessians``).
        var factor: [Double] = []
        var reuse = false
        var previous: Double?
        let parts = hessianParts(rows, dim: dim)
        while iterations < maxIterations {
            iterations += 1
            let step: [Double]
            if reuse {
                var gradient = gradientSums(etas, rows, labels, dim: dim)
                for j in 1..<dim { gradient[j] -= l2 * beta[j] }
                step = solve(factor: factor, gradient, dim)
            } else {
                var (gradient, hessian) = sums(etas, rows, labels, dim: dim, parts: parts)
                for j in 1..<dim {
                    gradient[j] -= l2 * beta[j]
                    hessian[j * dim + j] += l2
                }
                // Mirror the upper triangle (rows hold ascending indices).
                for a in 0..<dim {
                    for b in (a + 1)..<max(dim, a + 1) { hessian[b * dim + a] = hessian[a * dim + b] }
                }
                guard let l = cholesky(hessian, dim) else {
                    throw OutcomeError(
                        "the regression cannot be solved: a feature is constant or duplicates another; use an L2 penalty above 0"
                    )
                }
                factor = l
                hessians += 1
                step = solve(factor: l, gradient, dim)
            }
            var scale = 1.0
            var next = beta
            var nextObjective = objective
            for _ in 0..<30 {
                for j in 0..<dim { next[j] = beta[j] + scale * step[j] }
                (nextObjective, etas) = penalisedLikelihood(next, rows, labels, offset, l2)
                if nextObjective >= objective - 1e-12 * abs(objective) { break }
                scale /= 2
            }
            let largest = step.map { abs($0) * scale }.max() ?? 0
            beta = next
            objective = nextObjective
            if largest < tolerance {
                converged = true
                break
            }
            // Near the optimum the Hessian barely changes: the next step
            // reuses this one's while a full step is at most a tenth of the
            // one before, and works it out again otherwise.
            reuse = reusingHessians && scale == 1 && previous.map { largest <= $0 / 10 } ?? false
            previous = largest
        }
        return LogisticRegression(
            intercept: beta[0], coefficients: Array(beta.dropFirst()), iterations: iterations,
            sampleIterations: sampleIterations, hessians: hessians, converged: converged, solver: .newton)
    }

    /// The fewest rows on which Newton's method first fits 1 row in 8.
    /// On the 700,000 training rows of a nearly separable history, the
    /// steps over every row went from 15 to 4 (after 15 on the sample).
    /// A sample of 25,000 rows or more starts from its own sample's fit.
    public static let sampledAbove = 200_000

    /// Newton's method on every eighth row, with the penalty scaled by the
    /// sample's share of the rows (so that the sample's objective is, in
    /// expectation, that share of the whole one), to a loose tolerance: a
    /// start near the whole optimum. `nil` when the sample cannot be fitted
    /// (one class only; a feature it never holds, with no penalty).
    private static func sampleFit(
        rows: SparseRows, labels: [Bool], features: Int, l2: Double, offset: [Double]
    ) -> LogisticRegression? {
        let picked = Array(Swift.stride(from: 0, to: rows.count, by: 8))
        let share = Double(picked.count) / Double(rows.count)
        return try? fit(
            rows: SparseRows(rows, picking: picked), labels: picked.map { labels[$0] }, features: features,
            l2: l2 * share,
            offsets: picked.map { offset[$0] }, tolerance: 1e-4, method: .newton,
            sampledAbove: 25_000)
    }

    /// Minimises the negative penalised likelihood by L-BFGS (the last 10
    /// steps' curvature, a backtracking line search for sufficient
    /// decrease), from `start`. It stops when no coefficient moves by more
    /// than the tolerance, no partial derivative exceeds 10⁻⁶, or the loss
    /// falls by less than 10⁻¹³ of itself in a step (SciPy's L-BFGS-B stops
    /// at 2·10⁻⁹ by default).
    private static func lbfgs(
        rows: SparseRows, labels: [Bool], offset: [Double], l2: Double, start: [Double], maxIterations: Int,
        tolerance: Double
    ) -> LogisticRegression {
        let n = start.count
        /// The loss (the negative objective) and its gradient.
        func loss(_ beta: [Double]) -> (value: Double, gradient: [Double]) {
            var gradient = [Double](repeating: 0, count: n)
            var total = 0.0
            rows.withEntries { rows in
                beta.withUnsafeBufferPointer { beta in
                    for i in 0..<labels.count {
                        let eta = beta[0] + offset[i] + rows.dot(i, beta, from: 1)
                        let softplus = eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))
                        total += (labels[i] ? eta : 0) - softplus
                        let r = (labels[i] ? 1 : 0) - sigmoid(eta)
                        gradient[0] -= r
                        for k in rows.starts[i]..<rows.starts[i + 1] {
                            gradient[Int(rows.indices[k]) + 1] -= r * rows.value(k)
                        }
                    }
                }
            }
            var penalty = 0.0
            for j in 1..<n {
                penalty += beta[j] * beta[j]
                gradient[j] += l2 * beta[j]
            }
            return (-(total - l2 / 2 * penalty), gradient)
        }
        func dot(_ a: [Double], _ b: [Double]) -> Double {
            var s = 0.0
            for j in 0..<n { s += a[j] * b[j] }
            return s
        }
        func largest(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }
        // The Hessian's diagonal at its largest (every weight p(1 - p) at
        // 1/4): the first guess of the curvature, scaled by what the steps
        // show. Lines that hold for nearly every row and lines that hold
        // for few differ in curvature by orders of magnitude; without it
        // L-BFGS crawls along the flat ones.
        var diagonal = [Double](repeating: l2, count: n)
        diagonal[0] = 0
        rows.withEntries { rows in
            for i in 0..<labels.count {
                diagonal[0] += 0.25
                for k in rows.starts[i]..<rows.starts[i + 1] {
                    diagonal[Int(rows.indices[k]) + 1] += 0.25 * rows.value(k) * rows.value(k)
                }
            }
        }
        let inverse = diagonal.map { $0 > 0 ? 1 / $0 : 1 }
        let memory = 10
        var steps: [[Double]] = []
        var changes: [[Double]] = []
        var rhos: [Double] = []
        var beta = start
        var (value, gradient) = loss(beta)
        var iterations = 0
        var converged = largest(gradient) < 1e-6
        while !converged && iterations < maxIterations {
            iterations += 1
            // The direction -H g, by the two-loop recursion.
            var q = gradient
            var alphas = [Double](repeating: 0, count: steps.count)
            for k in steps.indices.reversed() {
                alphas[k] = rhos[k] * dot(steps[k], q)
                for j in 0..<n { q[j] -= alphas[k] * changes[k][j] }
            }
            var scale = 1.0
            if let s = steps.last, let y = changes.last {
                var yy = 0.0
                for j in 0..<n { yy += y[j] * y[j] * inverse[j] }
                scale = dot(s, y) / yy
            }
            for j in 0..<n { q[j] *= scale * inverse[j] }
            for k in steps.indices {
                let b = rhos[k] * dot(changes[k], q)
                for j in 0..<n { q[j] += (alphas[k] - b) * steps[k][j] }
            }
            var slope = -dot(gradient, q)
            if !(slope < 0) {
                // Not downhill: forget the curvature and follow the gradient.
                steps.removeAll()
                changes.removeAll()
                rhos.removeAll()
                for j in 0..<n { q[j] = gradient[j] * inverse[j] }
                slope = -dot(gradient, q)
            }
            var t = 1.0
            var next = beta
            var trial = (value: value, gradient: gradient)
            for _ in 0..<50 {
                for j in 0..<n { next[j] = beta[j] - t * q[j] }
                trial = loss(next)
                if trial.value <= value + 1e-4 * t * slope { break }
                t /= 2
            }
            var step = [Double](repeating: 0, count: n)
            var change = [Double](repeating: 0, count: n)
            for j in 0..<n {
                step[j] = next[j] - beta[j]
                change[j] = trial.gradient[j] - gradient[j]
            }
            let curvature = dot(step, change)
            if curvature > 1e-12 * dot(change, change) {
                steps.append(step)
                changes.append(change)
                rhos.append(1 / curvature)
                if steps.count > memory {
                    steps.removeFirst()
                    changes.removeFirst()
                    rhos.removeFirst()
                }
            }
            let moved = largest(step)
            let fell = value - trial.value
            beta = next
            (value, gradient) = trial
            converged =
                moved < tolerance || largest(gradient) < 1e-6 || fell <= 1e-13 * max(1, abs(value), abs(value + fell))
        }
        return LogisticRegression(
            intercept: beta[0], coefficients: Array(beta.dropFirst()), iterations: iterations, converged: converged,
            solver: .lbfgs)
    }

    /// The linear predictor `β₀ + offset + Σ xⱼ βⱼ` of a row.
    public func logOdds(_ row: SparseRow, offset: Double = 0) -> Double {
        intercept + offset + row.dot(coefficients)
    }

    /// The linear predictor of row `i` of `rows`, as ``logOdds(_:offset:)``
    /// adds it up.
    package func logOdds(_ rows: SparseRows, _ i: Int, offset: Double = 0) -> Double {
        intercept + offset + rows.withEntries { rows in coefficients.withUnsafeBufferPointer { rows.dot(i, $0) } }
    }

    /// The fitted probability of a row.
    public func probability(_ row: SparseRow, offset: Double = 0) -> Double {
        LogisticRegression.sigmoid(logOdds(row, offset: offset))
    }

    static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }

    /// The penalised log-likelihood at `beta` (the intercept first), and
    /// each row's linear predictor: each row's term added up in row order.
    package static func penalisedLikelihood(
        _ beta: [Double], _ rows: SparseRows, _ labels: [Bool], _ offset: [Double], _ l2: Double
    ) -> (value: Double, etas: [Double]) {
        if beta.dropFirst().allSatisfy({ $0 == 0 }), offset.allSatisfy({ $0 == 0 }) {
            return constantLikelihood(beta[0], rows.count, labels)
        }
        return rowLikelihood(beta, rows, labels, offset, l2)
    }

    /// ``penalisedLikelihood(_:_:_:_:_:)`` worked out row by row.
    package static func rowLikelihood(
        _ beta: [Double], _ rows: SparseRows, _ labels: [Bool], _ offset: [Double], _ l2: Double
    ) -> (value: Double, etas: [Double]) {
        // Each row's term on all cores, added up in row order.
        let terms = ParallelMap.mapParts(count: rows.count, threads: nil) {
            (part, out: UnsafeMutablePointer<(term: Double, eta: Double)>) in
            rows.withEntries { rows in
                beta.withUnsafeBufferPointer { beta in
                    for i in part {
                        let eta = beta[0] + offset[i] + rows.dot(i, beta, from: 1)
                        // ln(1 + e^η), computed without overflow.
                        let softplus = eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))
                        (out + (i - part.lowerBound)).initialize(to: ((labels[i] ? eta : 0) - softplus, eta))
                    }
                }
            }
        }
        var total = 0.0
        for term in terms { total += term.term }
        var penalty = 0.0
        for j in 1..<beta.count { penalty += beta[j] * beta[j] }
        return (total - l2 / 2 * penalty, terms.map(\.eta))
    }

    /// ``penalisedLikelihood(_:_:_:_:_:)`` where every coefficient but the
    /// intercept and every offset is 0 (the base rate every fit starts
    /// from): each row's linear predictor is the intercept, so its terms
    /// take two values, added up in row order to the same bits without a
    /// pass over the rows' entries.
    private static func constantLikelihood(_ intercept: Double, _ count: Int, _ labels: [Bool]) -> (
        value: Double, etas: [Double]
    ) {
        // As the rows' pass works it out: the intercept plus an offset of 0
        // (a -0 becomes 0), plus a dot product of 0 (which changes nothing more).
        let eta = intercept + 0.0
        let softplus = eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))
        let (won, lost) = (eta - softplus, 0 - softplus)
        var total = 0.0
        for i in 0..<count { total += labels[i] ? won : lost }
        // The penalty of coefficients of 0 is 0.
        return (total, [Double](repeating: eta, count: count))
    }

    /// The log-likelihood's gradient and the upper triangle of its
    /// negated Hessian (row-major, `dim × dim`), before the penalty, at the
    /// coefficients whose linear predictors (one per row) are `etas`.
    ///
    /// Each of `parts` (``hessianParts(_:dim:threads:)``) is a run of the
    /// Hessian's rows, added up on the next free core over every row of
    /// `rows` in row order, with the gradient's entries of the same
    /// numbers: each sum is added in the order one thread would add it, to
    /// the same bits on any number of cores.
    package static func sums(
        _ etas: [Double], _ rows: SparseRows, _ labels: [Bool], dim: Int, parts: [Range<Int>]
    ) -> (gradient: [Double], hessian: [Double]) {
        let weights = ParallelMap.map(count: rows.count, threads: nil) { i -> (w: Double, r: Double) in
            let p = sigmoid(etas[i])
            return (max(p * (1 - p), 1e-12), (labels[i] ? 1 : 0) - p)
        }
        let sums = ParallelMap.map(count: parts.count, threads: nil) { p -> (g: [Double], h: [Double]) in
            let (low, high) = (parts[p].lowerBound, parts[p].upperBound)
            // The part's own Hessian rows, from row `low`, and the gradient's entries.
            var g = [Double](repeating: 0, count: dim)
            var h = [Double](repeating: 0, count: (high - low) * dim)
            g.withUnsafeMutableBufferPointer { g in
                h.withUnsafeMutableBufferPointer { h in
                    weights.withUnsafeBufferPointer { weights in
                        rows.withEntries { rows in
                            // No rows, no sums; every part holds a row of the Hessian.
                            guard let g = g.baseAddress, let h = h.baseAddress, let weights = weights.baseAddress
                            else { return }
                            let indices = rows.indices
                            // nil while every value is 1.
                            let values = rows.values.isEmpty ? nil : rows.values
                            for i in 0..<rows.starts.count - 1 {
                                let (w, r) = weights[i]
                                let (begin, end) = (rows.starts[i], rows.starts[i + 1])
                                if low == 0 {
                                    // The intercept's row: the first of the part that holds it.
                                    g[0] += r
                                    h[0] += w
                                    for a in begin..<end { h[Int(indices[a]) + 1] += w * (values?[a] ?? 1) }
                                }
                                var a = begin
                                while a < end, Int(indices[a]) + 1 < low { a += 1 }
                                while a < end {
                                    let ja = Int(indices[a]) + 1
                                    guard ja < high else { break }
                                    let xa = values?[a] ?? 1
                                    g[ja] += r * xa
                                    let wx = w * xa
                                    // Row ja's entries from column 1 on.
                                    let row = h + ((ja - low) * dim + 1)
                                    // Each value 1 or not (wx · 1 is wx to the bit).
                                    if let values {
                                        for b in a..<end { row[Int(indices[b])] += wx * values[b] }
                                    } else {
                                        for b in a..<end { row[Int(indices[b])] += wx }
                                    }
                                    a += 1
                                }
                            }
                        }
                    }
                }
            }
            return (g, h)
        }
        // Each entry from the part that added it up.
        var gradient = [Double](repeating: 0, count: dim)
        var hessian = [Double](repeating: 0, count: dim * dim)
        for (part, sum) in zip(parts, sums) {
            for j in part { gradient[j] = sum.g[j] }
            hessian.replaceSubrange((part.lowerBound * dim)..<(part.upperBound * dim), with: sum.h)
        }
        return (gradient, hessian)
    }

    /// The Hessian's rows `0 ..< dim` cut into runs, one per thread, of
    /// about equal work: row `j`'s work is the entries a row adds to it
    /// (each of its entries at feature `j - 1` and after; the intercept's
    /// row, every entry and one more). A run of rows is a few cache lines
    /// of the Hessian for one core, and each row of the data meets a part's
    /// features one after another (interleaving the rows among the threads
    /// made each entry a branch taken at random).
    package static func hessianParts(_ rows: SparseRows, dim: Int, threads: Int? = nil) -> [Range<Int>] {
        let count = max(1, min(threads ?? ParallelMap.defaultThreads, dim))
        guard count > 1 else { return [0..<dim] }
        // Each chunk of rows' work per Hessian row, added up exactly.
        let (n, chunks) = (rows.count, max(1, min(rows.count, count * 8)))
        let tallies = ParallelMap.map(count: chunks, threads: nil) { c -> [Int] in
            var work = [Int](repeating: 0, count: dim)
            rows.withEntries { rows in
                for i in (c * n / chunks)..<((c + 1) * n / chunks) {
                    let end = rows.starts[i + 1]
                    work[0] += 1 + end - rows.starts[i]
                    for a in rows.starts[i]..<end { work[Int(rows.indices[a]) + 1] += end - a }
                }
            }
            return work
        }
        var work = [Int](repeating: 0, count: dim)
        for tally in tallies { for j in 0..<dim { work[j] += tally[j] } }
        let total = work.reduce(0, +)
        var parts: [Range<Int>] = []
        var (low, sum) = (0, 0)
        for j in 0..<(dim - 1) {
            sum += work[j]
            // Cut after row j once the runs so far hold their share, or
            // when each cut still to make needs one of the rows left.
            let cuts = count - 1 - parts.count
            if cuts > 0, sum * count >= total * (parts.count + 1) || dim - 1 - j == cuts {
                parts.append(low..<(j + 1))
                low = j + 1
            }
        }
        parts.append(low..<dim)
        return parts
    }

    /// The log-likelihood's gradient alone, before the penalty, at the
    /// coefficients whose linear predictors are `etas`: each entry added up
    /// over the rows in row order, as ``sums(_:_:_:dim:)`` adds it.
    private static func gradientSums(_ etas: [Double], _ rows: SparseRows, _ labels: [Bool], dim: Int) -> [Double] {
        let residuals = ParallelMap.map(count: rows.count, threads: nil) { i in
            (labels[i] ? 1 : 0) - sigmoid(etas[i])
        }
        var g = [Double](repeating: 0, count: dim)
        g.withUnsafeMutableBufferPointer { g in
            rows.withEntries { rows in
                for i in 0..<labels.count {
                    let r = residuals[i]
                    g[0] += r
                    for a in rows.starts[i]..<rows.starts[i + 1] { g[Int(rows.indices[a]) + 1] += r * rows.value(a) }
                }
            }
        }
        return g
    }

    /// The lower-triangular `L` with `L Lᵀ = A` for a symmetric
    /// positive-definite `A` (row-major, `n × n`); `nil` when `A` is not
    /// positive definite.
    static func cholesky(_ a: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 1e-12 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        return l
    }

    /// Solves `L Lᵀ x = b` for the factor `l` ``cholesky(_:_:)`` gives.
    static func solve(factor l: [Double], _ b: [Double], _ n: Int) -> [Double] {
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<max(n, i + 1) { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }
}
