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
/// (iteratively reweighted least squares) with step halving: deterministic,
/// no randomness, the same answer on every run.
///
/// It maximises `Σ [yᵢ ηᵢ − ln(1 + e^ηᵢ)] − λ/2 Σ βⱼ²` where
/// `ηᵢ = β₀ + oᵢ + Σ xᵢⱼ βⱼ`; the intercept `β₀` is not penalised and the
/// offsets `oᵢ` are fixed (how locked rubric lines enter a fit).
public struct LogisticRegression: Sendable, Hashable {
    /// The intercept `β₀`.
    public var intercept: Double
    /// One coefficient per feature (log-odds per unit of the feature).
    public var coefficients: [Double]
    /// Newton steps taken.
    public var iterations: Int
    /// Whether the largest step fell below the tolerance.
    public var converged: Bool

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - rows: The design matrix, one sparse row per example.
    ///   - labels: One label per row.
    ///   - features: The number of features (columns).
    ///   - l2: The penalty λ ≥ 0 on the coefficients.
    ///   - offsets: Fixed terms added to each row's linear predictor.
    ///   - maxIterations: The most Newton steps.
    ///   - tolerance: Stop when no coefficient moves by more than this.
    /// - Throws: ``OutcomeError`` for mismatched sizes, a single class, or a
    ///   system that cannot be solved (λ = 0 with a feature that is constant).
    public static func fit(
        rows: [SparseRow], labels: [Bool], features: Int, l2: Double = 1, offsets: [Double]? = nil,
        maxIterations: Int = 100, tolerance: Double = 1e-8
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
        var objective = penalisedLikelihood(beta, rows, labels, offset, l2)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            var gradient = [Double](repeating: 0, count: dim)
            var hessian = [Double](repeating: 0, count: dim * dim)
            for (i, row) in rows.enumerated() {
                let eta = beta[0] + offset[i] + row.dot(beta, from: 1)
                let p = sigmoid(eta)
                let w = max(p * (1 - p), 1e-12)
                let r = (labels[i] ? 1 : 0) - p
                gradient[0] += r
                hessian[0] += w
                for a in row.indices.indices {
                    let ja = row.indices[a] + 1
                    let xa = row.values[a]
                    gradient[ja] += r * xa
                    hessian[ja] += w * xa
                    for b in a..<row.indices.count {
                        let jb = row.indices[b] + 1
                        hessian[ja * dim + jb] += w * xa * row.values[b]
                    }
                }
            }
            for j in 1..<dim {
                gradient[j] -= l2 * beta[j]
                hessian[j * dim + j] += l2
            }
            // Mirror the upper triangle (rows hold ascending indices).
            for a in 0..<dim {
                for b in (a + 1)..<max(dim, a + 1) { hessian[b * dim + a] = hessian[a * dim + b] }
            }
            guard let step = choleskySolve(hessian, gradient, dim) else {
                throw OutcomeError(
                    "the regression cannot be solved: a feature is constant or duplicates another; use an L2 penalty above 0"
                )
            }
            var scale = 1.0
            var next = beta
            var nextObjective = objective
            for _ in 0..<30 {
                for j in 0..<dim { next[j] = beta[j] + scale * step[j] }
                nextObjective = penalisedLikelihood(next, rows, labels, offset, l2)
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
        }
        return LogisticRegression(
            intercept: beta[0], coefficients: Array(beta.dropFirst()), iterations: iterations, converged: converged)
    }

    /// The linear predictor `β₀ + offset + Σ xⱼ βⱼ` of a row.
    public func logOdds(_ row: SparseRow, offset: Double = 0) -> Double {
        intercept + offset + row.dot(coefficients)
    }

    /// The fitted probability of a row.
    public func probability(_ row: SparseRow, offset: Double = 0) -> Double {
        LogisticRegression.sigmoid(logOdds(row, offset: offset))
    }

    static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }

    private static func penalisedLikelihood(
        _ beta: [Double], _ rows: [SparseRow], _ labels: [Bool], _ offset: [Double], _ l2: Double
    ) -> Double {
        var total = 0.0
        for (i, row) in rows.enumerated() {
            let eta = beta[0] + offset[i] + row.dot(beta, from: 1)
            // ln(1 + e^η), computed without overflow.
            let softplus = eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))
            total += (labels[i] ? eta : 0) - softplus
        }
        var penalty = 0.0
        for j in 1..<beta.count { penalty += beta[j] * beta[j] }
        return total - l2 / 2 * penalty
    }

    /// Solves `A x = b` for a symmetric positive-definite `A` (row-major,
    /// `n × n`) by Cholesky factorisation; `nil` when `A` is not positive
    /// definite.
    static func choleskySolve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double]? {
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
