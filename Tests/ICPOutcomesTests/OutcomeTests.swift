import ICPCore
import ICPCriteria
import ICPFiles
import Testing

@testable import ICPOutcomes

/// Accounts with a known truth: security vendors of 200+ people win far more.
enum Planted {
    static let day = CalendarDay(2026, 11, 23)

    /// `count` accounts; industry, size and a noise flag drawn from a seed.
    static func accounts(_ count: Int, seed: UInt64) -> [Account] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { i in
            var a = Account(id: "A\(i)", name: "Account \(i)")
            a.industry = ["Security Software", "Retail", "Healthcare", "Software"][rng.below(4)]
            a.employees = [20, 80, 300, 1_500][rng.below(4)]
            a.attributes = ["noise": .flag(rng.unit() < 0.5)]
            return a
        }
    }

    /// The known rubric: security +2, 200 or more employees +1.
    static var rubric: Rubric<Account> {
        get throws {
            try Rubric("known") {
                Industry.oneOf("Security Software").points(2)
                Employees.atLeast(200).points(1)
            }
        }
    }

    /// Outcomes drawn from the known rubric's points: log-odds −2 + 1.2 × points.
    static func labels(_ accounts: [Account], seed: UInt64) throws -> [Bool] {
        var rng = SeededGenerator(seed: seed)
        let known = try rubric
        return accounts.map { a in
            let points = known.score(a, asOf: day, detail: .pointsOnly).total
            return rng.unit() < 1 / (1 + exp(2 - 1.2 * points))
        }
    }
}

@Suite("Logistic regression")
struct RegressionTests {
    @Test("recovers known coefficients on seeded synthetic data")
    func recovers() throws {
        let truth = (intercept: -1.0, beta: [1.5, -0.8, 0.5])
        var rng = SeededGenerator(seed: 42)
        var rows: [SparseRow] = []
        var labels: [Bool] = []
        for _ in 0..<20_000 {
            var row = SparseRow()
            var eta = truth.intercept
            for j in 0..<3 where rng.unit() < 0.5 {
                row.indices.append(j)
                row.values.append(1)
                eta += truth.beta[j]
            }
            rows.append(row)
            labels.append(rng.unit() < 1 / (1 + exp(-eta)))
        }
        let fit = try LogisticRegression.fit(rows: rows, labels: labels, features: 3, l2: 0.01)
        #expect(fit.converged)
        #expect(abs(fit.intercept - truth.intercept) < 0.1)
        for j in 0..<3 { #expect(abs(fit.coefficients[j] - truth.beta[j]) < 0.1, "coefficient \(j)") }
    }

    @Test("rows held one after another: values stored once one is not 1, rows picked and joined, dot products")
    func sparseRows() {
        let ones = [SparseRow(indices: [1, 4], values: [1, 1]), SparseRow(), SparseRow(indices: [0], values: [1])]
        let plain = SparseRows(ones)
        #expect(plain.count == 3)
        #expect(plain.starts == [0, 2, 2, 3])
        #expect(plain.indices == [1, 4, 0])
        #expect(plain.values.isEmpty)
        #expect(plain.rows == ones)
        var mixed = plain
        mixed.append(2, 0.5)
        mixed.append(3, 1)
        mixed.endRow()
        #expect(mixed.values == [1, 1, 1, 0.5, 1])
        #expect(mixed[3] == SparseRow(indices: [2, 3], values: [0.5, 1]))
        // Joined either way round, the values are kept or filled in with 1.
        var both = plain
        both.append(contentsOf: mixed)
        #expect(both.rows == ones + mixed.rows)
        var other = mixed
        other.append(contentsOf: plain)
        #expect(other.rows == mixed.rows + ones)
        #expect(SparseRows(mixed, picking: [3, 0]).rows == [mixed[3], ones[0]])
        // Onto no rows at all, a value that is not 1 is kept.
        var fresh = SparseRows()
        fresh.append(contentsOf: SparseRows(mixed, picking: [3]))
        #expect(fresh.rows == [mixed[3]])
        #expect(SparseRows(empty: 2).rows == [SparseRow(), SparseRow()])
        // Many parts joined at once, on every core: the rows of each in
        // order, a part with stored values among parts without, empty parts.
        let parts = (0..<40).map { k in k % 7 == 3 ? mixed : k % 5 == 0 ? SparseRows() : plain }
        let joined = SparseRows(joining: parts)
        #expect(joined.rows == parts.flatMap(\.rows))
        #expect(joined.count == parts.reduce(0) { $0 + $1.count })
        #expect(joined.values.count == joined.indices.count)
        #expect(SparseRows(joining: [plain, plain]).values.isEmpty)
        #expect(SparseRows(joining: []).count == 0)
        let beta: [Double] = [10, 1, 2, 3, 4, 5]
        let dots = mixed.withEntries { rows in
            beta.withUnsafeBufferPointer { b in (0..<4).map { rows.dot($0, b, from: 1) } }
        }
        let expected: [Double] = [7, 0, 1, 5.5]  // 2 + 5; none; 1; 0.5 · 3 + 4
        #expect(dots == expected)
        #expect(dots == mixed.rows.map { $0.dot(beta, from: 1) })
    }

    @Test("the Hessian added up in runs of its rows is the one added up row by row, to the bit")
    func hessianInParts() {
        var generator = SeededGenerator(seed: 11)
        let dim = 31
        // Rows of 0 to 12 features, ascending; every value 1, or some not.
        func rows(ones: Bool) -> [SparseRow] {
            (0..<2_000).map { _ in
                let picked = (0..<(dim - 1)).filter { _ in generator.below(5) < 2 }.prefix(generator.below(13))
                let indices = Array(picked)
                return SparseRow(
                    indices: indices,
                    values: indices.map { _ in ones ? 1 : Double(generator.below(7)) / 4 + 0.25 })
            }
        }
        // Rows that hold no feature at all: only the intercept's sums.
        let empty = (0..<50).map { _ in SparseRow() }
        for plain in [rows(ones: true), rows(ones: false), empty] {
            let etas = plain.indices.map { Double(($0 * 37) % 23) / 5 - 2.2 }
            let labels = plain.indices.map { ($0 * 13) % 7 < 3 }
            // One thread's sums, an entry at a time in row order.
            var gradient = [Double](repeating: 0, count: dim)
            var hessian = [Double](repeating: 0, count: dim * dim)
            for (i, row) in plain.enumerated() {
                let p = LogisticRegression.sigmoid(etas[i])
                let (w, r) = (max(p * (1 - p), 1e-12), (labels[i] ? 1 : 0) - p)
                gradient[0] += r
                hessian[0] += w
                for (a, j) in row.indices.enumerated() {
                    hessian[j + 1] += w * row.values[a]
                    gradient[j + 1] += r * row.values[a]
                    let wx = w * row.values[a]
                    for b in a..<row.indices.count { hessian[(j + 1) * dim + row.indices[b] + 1] += wx * row.values[b] }
                }
            }
            let sparse = SparseRows(plain)
            #expect(sparse.values.isEmpty == (plain.first { !$0.values.allSatisfy { $0 == 1 } } == nil))
            for threads in [1, 2, 3, 5, 8] {
                let parts = LogisticRegression.hessianParts(sparse, dim: dim, threads: threads)
                // Runs one after another from 0 to dim, none empty, one per thread.
                #expect(parts.count == threads)
                #expect(parts.first?.lowerBound == 0 && parts.last?.upperBound == dim)
                #expect(zip(parts, parts.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound && !$0.isEmpty })
                let sums = LogisticRegression.sums(etas, sparse, labels, dim: dim, parts: parts)
                #expect(sums.gradient == gradient)
                #expect(sums.hessian == hessian)
            }
        }
    }

    @Test("the likelihood at the base rate, from its two terms, is the one added up row by row, to the bit")
    func constantLikelihood() {
        var generator = SeededGenerator(seed: 3)
        let rows = SparseRows(
            (0..<3_000).map { _ in
                let indices = (0..<9).filter { _ in generator.below(3) == 0 }
                return SparseRow(indices: indices, values: indices.map { _ in Double(generator.below(4)) / 3 })
            })
        let labels = (0..<rows.count).map { _ in generator.below(10) < 3 }
        let zeros = [Double](repeating: 0, count: rows.count)
        for intercept in [-0.847, 0, -0.0, 1.5, 40, -40, 800] {
            let beta = [intercept] + [Double](repeating: 0, count: 9)
            let fast = LogisticRegression.penalisedLikelihood(beta, rows, labels, zeros, 1)
            let slow = LogisticRegression.rowLikelihood(beta, rows, labels, zeros, 1)
            #expect(fast.value.bitPattern == slow.value.bitPattern, "intercept \(intercept)")
            #expect(fast.etas.map(\.bitPattern) == slow.etas.map(\.bitPattern))
            #expect(fast.value.isFinite)
        }
        // A coefficient or an offset not 0: the rows' own terms.
        var beta = [0.2] + [Double](repeating: 0, count: 9)
        beta[4] = 0.5
        #expect(
            LogisticRegression.penalisedLikelihood(beta, rows, labels, zeros, 1).value
                == LogisticRegression.rowLikelihood(beta, rows, labels, zeros, 1).value)
        let offsets = zeros.indices.map { Double($0 % 3) }
        let base = [0.2] + [Double](repeating: 0, count: 9)
        #expect(
            LogisticRegression.penalisedLikelihood(base, rows, labels, offsets, 1).etas
                == LogisticRegression.rowLikelihood(base, rows, labels, offsets, 1).etas)
        #expect(LogisticRegression.penalisedLikelihood(base, rows, labels, offsets, 1).etas[1] == 1.2)
    }

    @Test("numeric bins looked up among their edges hold exactly where testing each bin says they do")
    func binPieces() {
        var generator = SeededGenerator(seed: 5)
        var pieces = BinPieces()
        var runs: [[(position: Int32, bound: NumericBound)]] = []
        let edges: [Double] = [-1e300, -5, -0.0, 0, 0.5, 1, 2, 2.5, 10, 1e15, .infinity]
        func edge() -> Double { edges.randomElement(using: &generator) ?? 0 }
        for g in 0..<30 {
            // Runs of 0 to 8 bins, some overlapping, some empty (lo above hi).
            let run = (0..<Int.random(in: 0...8, using: &generator)).map {
                k -> (position: Int32, bound: NumericBound) in
                let bound: NumericBound
                switch Int.random(in: 0..<6, using: &generator) {
                case 0: bound = .atLeast(edge())
                case 1: bound = .atMost(edge())
                case 2: bound = .moreThan(edge())
                case 3: bound = .lessThan(edge())
                case 4: bound = .between(edge(), edge())
                default: bound = .interval(edge(), edge())
                }
                return (Int32(g * 10 + k), bound)
            }
            pieces.add(segment: g, bins: run)
            runs.append(run)
        }
        // A bisected run: bins 0 to 10 in steps of 1, the last open-ended.
        var bisected: [(position: Int32, bound: NumericBound)] = []
        for k in 0..<10 { bisected.append((Int32(1_000 + k), .interval(Double(k), Double(k + 1)))) }
        bisected.append((1_010, .atLeast(10)))
        pieces.add(segment: 30, bins: bisected)
        runs.append(bisected)
        var values: [Double] = []
        for e in edges where e.isFinite { values += [e, e.nextUp, e.nextDown] }
        let extremes: [Double] = [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude]
        values += extremes + [0.25, 3, 7.999, 11, -2]
        values += (0..<200).map { _ in Double.random(in: -20...20, using: &generator) }
        var held = 0
        for (g, run) in runs.enumerated() {
            for v in values {
                let expected = run.filter { $0.bound.contains(v) }.map(\.position)
                let got = pieces.bins(holdingFor: v, segment: g).map { pieces.members[$0] }
                #expect(got == expected, "run \(g), \(v)")
                held += got.count
            }
        }
        #expect(held > 1_000)
        #expect(pieces.bins(holdingFor: 9.5, segment: 30).map { pieces.members[$0] } == [1_009])
        #expect(pieces.bins(holdingFor: 10, segment: 30).map { pieces.members[$0] } == [1_010])
    }

    @Test("a single feature matches the closed form: the log odds ratio")
    func closedForm() throws {
        // x = 1: 30 wins of 40; x = 0: 10 wins of 40. Unpenalised, β₀ = ln(10/30), β₁ = ln(30/10) − β₀.
        var rows: [SparseRow] = []
        var labels: [Bool] = []
        for i in 0..<40 {
            rows.append(SparseRow(indices: [0], values: [1]))
            labels.append(i < 30)
            rows.append(SparseRow())
            labels.append(i < 10)
        }
        let fit = try LogisticRegression.fit(rows: rows, labels: labels, features: 1, l2: 0)
        #expect(abs(fit.intercept - log(10.0 / 30)) < 1e-9)
        #expect(abs(fit.coefficients[0] - (log(3.0) - log(1.0 / 3))) < 1e-9)
    }

    @Test("L-BFGS reaches Newton's optimum, and is what more than 400 features get")
    func lbfgs() throws {
        // 40 features, some nested thresholds (highly correlated), some rare.
        var rng = SeededGenerator(seed: 7)
        var rows: [SparseRow] = []
        var labels: [Bool] = []
        for _ in 0..<3_000 {
            var row = SparseRow()
            let size = rng.unit()
            var eta = -0.5 + 2 * size
            for j in 0..<40 {
                let on = j < 20 ? size >= Double(j) / 20 : rng.unit() < 0.05 * Double(j - 19) / 20
                guard on else { continue }
                row.indices.append(j)
                row.values.append(1)
                if j >= 20 { eta += j % 2 == 0 ? 0.7 : -0.4 }
            }
            rows.append(row)
            labels.append(rng.unit() < 1 / (1 + exp(-eta)))
        }
        let newton = try LogisticRegression.fit(rows: rows, labels: labels, features: 40, l2: 1, method: .newton)
        let lbfgs = try LogisticRegression.fit(rows: rows, labels: labels, features: 40, l2: 1, method: .lbfgs)
        #expect(newton.solver == .newton && lbfgs.solver == .lbfgs)
        #expect(newton.converged && lbfgs.converged)
        #expect(abs(newton.intercept - lbfgs.intercept) < 1e-3)
        let gap = zip(newton.coefficients, lbfgs.coefficients).map { abs($0 - $1) }.max() ?? 1
        #expect(gap < 1e-3, "largest difference \(gap)")
        #expect(lbfgs.iterations > newton.iterations)
        // The same rows widened past the limit with features that never hold: L-BFGS, the same optimum.
        let wide = try LogisticRegression.fit(
            rows: rows, labels: labels, features: LogisticRegression.newtonLimit + 1, l2: 1)
        #expect(wide.solver == .lbfgs)
        #expect(wide.coefficients.count == 401)
        #expect(wide.coefficients[40...].allSatisfy { $0 == 0 })
        #expect(zip(newton.coefficients, wide.coefficients).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    @Test("Newton from a sample's fit reaches the optimum from the base rate in fewer steps over every row")
    func sampledStart() throws {
        // Nearly separable, as histories with columns known after the outcome
        // are: the coefficients walk far out, a step at a time, from 0.
        var rng = SeededGenerator(seed: 11)
        var rows: [SparseRow] = []
        var labels: [Bool] = []
        var offsets: [Double] = []
        for _ in 0..<6_000 {
            var row = SparseRow()
            var eta = -1.0
            for j in 0..<6 where rng.unit() < 0.4 {
                row.indices.append(j)
                row.values.append(1)
                eta += j < 2 ? 6 : (j % 2 == 0 ? 0.8 : -0.5)
            }
            let offset = rng.unit() < 0.5 ? 0.25 : 0
            rows.append(row)
            offsets.append(offset)
            labels.append(rng.unit() < 1 / (1 + exp(-eta - offset)))
        }
        let cold = try LogisticRegression.fit(
            rows: rows, labels: labels, features: 6, l2: 1, offsets: offsets, method: .newton, sampledAbove: .max)
        let warm = try LogisticRegression.fit(
            rows: rows, labels: labels, features: 6, l2: 1, offsets: offsets, method: .newton, sampledAbove: 1_000)
        #expect(cold.sampleIterations == 0)
        #expect(warm.sampleIterations > 0)
        #expect(cold.converged && warm.converged)
        #expect(
            warm.iterations < cold.iterations, "\(warm.iterations) steps from the sample, \(cold.iterations) from 0")
        #expect(abs(warm.intercept - cold.intercept) < 1e-7)
        let gap = zip(warm.coefficients, cold.coefficients).map { abs($0 - $1) }.max() ?? 1
        #expect(gap < 1e-7, "largest difference \(gap)")
        // Below the threshold nothing is sampled: the default fit is the cold one, bit for bit.
        let plain = try LogisticRegression.fit(rows: rows, labels: labels, features: 6, l2: 1, offsets: offsets)
        #expect(plain == cold)
        // Near the optimum a Hessian is reused: fewer are worked out than
        // steps taken, and the optimum is the one of a Hessian per step.
        let fresh = try LogisticRegression.fit(
            rows: rows, labels: labels, features: 6, l2: 1, offsets: offsets, method: .newton, sampledAbove: .max,
            reusingHessians: false)
        #expect(fresh.converged && fresh.hessians == fresh.iterations)
        #expect(cold.hessians >= 1 && cold.hessians < cold.iterations, "\(cold.hessians) of \(cold.iterations)")
        #expect(cold.hessians < fresh.hessians)
        #expect(abs(fresh.intercept - cold.intercept) < 1e-7)
        let reused = zip(fresh.coefficients, cold.coefficients).map { abs($0 - $1) }.max() ?? 1
        #expect(reused < 1e-7, "largest difference \(reused)")
    }

    @Test("bad input: one class, a constant feature without a penalty, mismatched sizes")
    func badInput() {
        #expect(throws: OutcomeError.self) {
            try LogisticRegression.fit(rows: [SparseRow(), SparseRow()], labels: [true, true], features: 0)
        }
        let constant = [SparseRow(indices: [0], values: [1]), SparseRow(indices: [0], values: [1])]
        #expect(throws: OutcomeError.self) {
            try LogisticRegression.fit(rows: constant, labels: [true, false], features: 1, l2: 0)
        }
        #expect(throws: OutcomeError.self) {
            try LogisticRegression.fit(rows: constant, labels: [true], features: 1)
        }
    }
}

@Suite("Learning points from outcomes")
struct LearnerTests {
    @Test("the holdout split: seeded positions shuffled, the first share held out, each half ascending")
    func holdoutSplit() {
        for (count, holdout, seed) in [
            (0, 0.3, 1), (1, 0.3, 1), (7, 0.3, 2), (1_000, 0.3, 42), (1_000, 0, 3), (50, 0.99, 4),
        ] {
            var order = Array(0..<count)
            var rng = SeededGenerator(seed: UInt64(seed))
            if count > 1 { for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) } }
            let held = Int((holdout * Double(count)).rounded())
            let split = Learner.split(count: count, holdout: holdout, seed: UInt64(seed))
            #expect(split.training == order[held...].sorted(), "\(count) rows, holdout \(holdout)")
            #expect(split.holdout == order[..<held].sorted(), "\(count) rows, holdout \(holdout)")
        }
    }

    @Test("points learned on data from a known rubric rank a held-out set within 0.01 AUC of it")
    func learnsKnownRubric() throws {
        let train = Planted.accounts(6_000, seed: 1)
        let trainLabels = try Planted.labels(train, seed: 2)
        let columns = AccountColumn.present(in: train)
        var options = LearningOptions()
        options.holdout = 0
        let report = try Learner.learn(
            accounts: train, labels: trainLabels, columns: columns, name: "learned", asOf: Planted.day,
            options: options)
        let fresh = Planted.accounts(4_000, seed: 3)
        let freshLabels = try Planted.labels(fresh, seed: 4)
        let context = EvaluationContext(asOf: Planted.day)
        let learned = report.profile.fit.scoreAll(fresh, in: context).map(\.total)
        let known = try Planted.rubric.scoreAll(fresh, in: context).map(\.total)
        let learnedAUC = try #require(Statistics.auc(scores: learned, labels: freshLabels))
        let knownAUC = try #require(Statistics.auc(scores: known, labels: freshLabels))
        #expect(abs(learnedAUC - knownAUC) <= 0.01, "learned \(learnedAUC), known \(knownAUC)")
        // The strongest line is the security industry, at the full 3 points; noise is dropped.
        #expect(report.lines.first?.name == "industry is Security Software")
        #expect(report.lines.first?.points == 3)
        #expect(!report.lines.contains { $0.name.hasPrefix("noise") })
        #expect(report.holdout.rows == 0 && report.holdoutAUC == nil)
    }

    @Test("leakage: a line that alone ranks the rows, a column whose values do together, a header naming an outcome")
    func leakage() {
        // 200 rows, every other one won. "signal is X" holds for 98 wins and
        // 6 losses: AUC .98 · .94 + ½ (.98 · .06 + .02 · .94) = 0.96. "tier"
        // is p or q for the wins and r or s for the losses: each line alone
        // 0.75, the column together 1. "deal status" holds nothing of the
        // outcome but its header names one.
        let labels = (0..<200).map { $0 % 2 == 0 }
        let accounts = (0..<200).map { i -> Account in
            var a = Account(id: "\(i)", name: "\(i)")
            let x = labels[i] ? i % 100 != 2 : [1, 3, 5].contains(i % 100)
            a.attributes["signal"] = .text(x ? "X" : "Y")
            a.attributes["tier"] = .text(["p", "r", "q", "s"][i % 4])
            a.attributes["deal status"] = .text((i / 2) % 2 == 0 ? "open" : "held")
            return a
        }
        let columns = ["signal", "tier", "deal status"].map(AccountColumn.attribute)
        let candidates = Candidate.survey(columns, in: accounts).lines
        #expect(candidates.map(\.name).prefix(2) == ["signal is X", "signal is Y"])
        let context = EvaluationContext(asOf: Planted.day)
        let rows = SparseRows(
            accounts.map { account in
                let met = candidates.indices.filter {
                    (candidates[$0].criterion.degree(of: account, in: context) ?? 0) > 0
                }
                return SparseRow(indices: met, values: met.map { _ in 1 })
            })
        let all = Array(0..<200)
        #expect(
            Learner.leakage(candidates, rows: rows, picking: all, labels: labels) == [
                "signal: the line \"signal is X\" alone ranks the training rows with AUC 0.96; is it known before the outcome?",
                "tier: its values alone rank the training rows with AUC 1; is it known before the outcome?",
                "deal status: the header names \"status\"; if it is set only once the outcome is known (a deal's stage, a close date), leave it out with --exclude",
            ])
        // Rows picked in another order, with their labels, say the same.
        let reversed = Array(all.reversed())
        #expect(
            Learner.leakage(candidates, rows: rows, picking: reversed, labels: reversed.map { labels[$0] })
                == Learner.leakage(candidates, rows: rows, picking: all, labels: labels))
        // Without the wins' "X" the signal says nothing; the tier still ranks.
        let tierOnly = Learner.leakage(
            Array(candidates.dropFirst(2)),
            rows: SparseRows(
                rows.rows.map { row in
                    let kept = row.indices.filter { $0 >= 2 }.map { $0 - 2 }
                    return SparseRow(indices: kept, values: kept.map { _ in 1 })
                }), picking: all, labels: labels)
        #expect(tierOnly.first?.hasPrefix("tier: its values alone rank the training rows with AUC 1;") == true)
    }

    @Test("the holdout split is seeded, disjoint and complete")
    func split() {
        let a = Learner.split(count: 10, holdout: 0.3, seed: 7)
        let b = Learner.split(count: 10, holdout: 0.3, seed: 7)
        #expect(a.training == b.training && a.holdout == b.holdout)
        #expect(a.holdout.count == 3)
        #expect(Set(a.training).union(a.holdout) == Set(0..<10))
        #expect(Set(a.training).isDisjoint(with: a.holdout))
        #expect(Learner.split(count: 10, holdout: 0.3, seed: 8).holdout != a.holdout)
    }

    @Test("locked lines keep their points; the rest are scaled to them")
    func lockedLines() throws {
        let accounts = Planted.accounts(4_000, seed: 5)
        let labels = try Planted.labels(accounts, seed: 6)
        let locked = Industry.oneOf("Security Software").points(2).named("security").locked()
        let free = [Candidate(column: "size", name: "size", criterion: Employees.atLeast(200), kind: .line)]
        var options = LearningOptions()
        options.holdout = 0
        let report = try Learner.learn(
            accounts: accounts, labels: labels, candidates: free, locked: [locked], name: "x", asOf: Planted.day,
            options: options)
        let security = try #require(report.lines.first { $0.name == "security" })
        #expect(security.points == 2 && security.locked)
        // The truth gives size half the weight of security's 2 points.
        #expect(report.lines.first { $0.name == "size" }?.points == 1)
    }

    @Test("bins cut at values the data holds, with open ends (ten values named numeric, not codes)")
    func bins() {
        let values: [Double] = (1...10).map(Double.init)
        #expect(
            Candidate.lines(
                for: [AccountColumn.attribute("n")],
                in: values.enumerated().map { i, v in
                    var a = Account(id: "\(i)", name: "\(i)")
                    a.attributes = ["n": .number(v)]
                    return a
                }, options: CandidateOptions(minimumShare: 0, minimumCount: 1, bins: 2, numeric: [NameKey("n")])
            ).map(\.name) == ["n less than 6", "n at least 6"])
    }

    @Test("bad input: one class, no candidates")
    func badInput() throws {
        let accounts = Planted.accounts(20, seed: 1)
        #expect(throws: OutcomeError.self) {
            try Learner.learn(
                accounts: accounts, labels: Array(repeating: true, count: 20),
                columns: AccountColumn.present(in: accounts),
                name: "x", asOf: Planted.day)
        }
        #expect(throws: OutcomeError.self) {
            try Learner.learn(
                accounts: accounts, labels: (0..<20).map { $0 % 2 == 0 }, candidates: [], name: "x", asOf: Planted.day)
        }
    }
}

@Suite("Validation")
struct ValidationTests {
    static func score(_ total: Double, tier: Int) -> Score {
        Score(
            subject: nil, rubric: "r", total: total, maximum: 3, minimum: 0, ratio: total / 3, tier: "",
            tierRank: tier, isQualified: tier == 0, coverage: 1, breakdown: [], disqualifications: [], gap: nil,
            cappedGroups: [])
    }

    @Test("tiers, lift, capture and AUC on a hand-computed set")
    func handComputed() throws {
        // Six accounts: scores 3, 3, 2, 1, 1, 0; tiers 0, 0, 1, 1, 2, 2; wins: 1st, 2nd, 4th.
        let totals: [Double] = [3, 3, 2, 1, 1, 0]
        let ranks = [0, 0, 1, 1, 2, 2]
        let won = [true, true, false, true, false, false]
        let scores = zip(totals, ranks).map { ValidationTests.score($0, tier: $1) }
        let outcomes = zip(won, [100.0, 300, 0, 50, 0, 0]).map { Outcome(won: $0, dealValue: $0 ? $1 : nil) }
        let r = try Validation.run(
            scores: scores, outcomes: outcomes, tiers: ["A", "B", "C"], bootstrap: Bootstrap(resamples: 0))
        #expect(r.baseRate == 0.5)
        // Positives 3, 3, 1 against negatives 2, 1, 0: each 3 beats all three (6 pairs);
        // 1 loses to 2, ties 1 (half) and beats 0: 7.5 of 9 pairs.
        #expect(abs(r.auc - 7.5 / 9) < 1e-12)
        #expect(abs(r.gini - (2 * 7.5 / 9 - 1)) < 1e-12)
        #expect(r.tiers.map(\.wins) == [2, 1, 0])
        #expect(r.tiers.map(\.winRate) == [1, 0.5, 0])
        #expect(r.tiers.map(\.lift) == [2, 1, 0])
        #expect(r.tiers[0].averageDealValue == 200)
        #expect(r.tiers[1].averageDealValue == 50)
        #expect(r.tiers[2].averageDealValue == nil)
        let capture = Validation.capture(scores: totals, labels: won, shares: [0.2, 0.5, 1])
        // Top 20% of 6 is 2 accounts (rounded up): both wins.
        #expect(capture.map(\.accounts) == [2, 3, 6])
        #expect(capture.map(\.wins) == [2, 2, 3])
        #expect(capture.map(\.shareOfWins) == [2.0 / 3, 2.0 / 3, 1])
        #expect(capture.map(\.lift) == [2, 4.0 / 3, 1])
    }

    @Test("bootstrap intervals are reproducible for a seed and contain the rate")
    func bootstrap() throws {
        let accounts = Planted.accounts(500, seed: 9)
        let outcomes = try Planted.labels(accounts, seed: 10).map { Outcome(won: $0) }
        let rubric = try Planted.rubric
        let a = try Validation.run(
            rubric, accounts: accounts, outcomes: outcomes, asOf: Planted.day,
            bootstrap: Bootstrap(resamples: 200, seed: 3))
        let b = try Validation.run(
            rubric, accounts: accounts, outcomes: outcomes, asOf: Planted.day,
            bootstrap: Bootstrap(resamples: 200, seed: 3))
        let c = try Validation.run(
            rubric, accounts: accounts, outcomes: outcomes, asOf: Planted.day,
            bootstrap: Bootstrap(resamples: 200, seed: 4))
        #expect(a.tiers.map(\.interval) == b.tiers.map(\.interval))
        #expect(a.tiers.map(\.interval) != c.tiers.map(\.interval))
        for tier in a.tiers where tier.accounts > 0 {
            let interval = try #require(tier.interval)
            #expect(interval.contains(tier.winRate), "\(tier.tier)")
        }
        // Both lines carry signal in the planted data.
        #expect(a.lines.map(\.verdict) == [.signal, .signal])
    }

    @Test("labels: the usual yes and no, a named positive, and values that cannot be read")
    func labels() throws {
        let plain = OutcomeLabel(column: "won")
        #expect(try plain.read(.number(1)) == true)
        #expect(try plain.read(.flag(false)) == false)
        #expect(try plain.read(.text("Closed Won")) == true)
        #expect(try plain.read(.text("lost")) == false)
        #expect(try plain.read(nil) == nil)
        #expect(throws: OutcomeError.self) { try plain.read(.text("Pending")) }
        let named = OutcomeLabel(column: "stage", positive: "Customer")
        #expect(try named.read(.text("customer")) == true)
        #expect(try named.read(.text("Prospect")) == false)
        #expect(try OutcomeLabel(column: "n", positive: "2").read(.number(2)) == true)
    }

    @Test("labelled accounts: a missing column, one class only, empty labels skipped")
    func labelled() throws {
        var a = Account(id: "a", name: "a")
        a.attributes = ["won": .flag(true)]
        var b = Account(id: "b", name: "b")
        b.attributes = ["won": .flag(false)]
        let c = Account(id: "c", name: "c")
        let read = try LabeledAccounts([a, b, c], label: OutcomeLabel(column: "won"))
        #expect(read.accounts.map(\.id) == ["a", "b"])
        #expect(read.skipped.map(\.id) == ["c"])
        #expect(throws: OutcomeError.self) { try LabeledAccounts([a, b], label: OutcomeLabel(column: "converted")) }
        #expect(throws: OutcomeError.self) { try LabeledAccounts([a, c], label: OutcomeLabel(column: "won")) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Outcome labels as people record them")
struct OutcomeLabelTests {
    @Test("With --positive and --negative, other values are not closed; with --positive alone, losses")
    func readings() throws {
        let both = OutcomeLabel(column: "Stage", positives: ["Closed Won", "Won"], negatives: ["Closed Lost"])
        #expect(try both.reading(.text("closed won")) == .won)
        #expect(try both.reading(.text("Won")) == .won)
        #expect(try both.reading(.text("Closed Lost")) == .lost)
        #expect(try both.reading(.text("Open")) == .notClosed)
        #expect(try both.reading(nil) == .missing)
        let alone = OutcomeLabel(column: "Stage", positives: ["Won"])
        #expect(try alone.reading(.text("Open")) == .lost)
        let numbers = OutcomeLabel(column: "n", positives: ["2"], negatives: ["0"])
        #expect(try numbers.reading(.number(2)) == .won)
        #expect(try numbers.reading(.number(1)) == .notClosed)
        let flags = OutcomeLabel(column: "f", positives: ["yes"], negatives: ["no"])
        #expect(try flags.reading(.flag(true)) == .won)
        #expect(try flags.reading(.flag(false)) == .lost)
    }

    @Test("Open deals are left out and counted; --positive alone over four values is an error naming them")
    func openDeals() throws {
        func account(_ i: Int, _ stage: String) -> Account {
            var a = Account(id: "a\(i)", name: "A\(i)")
            a.attributes["Stage"] = .text(stage)
            return a
        }
        let stages = ["Won", "Lost", "Open", "Lost", "In Progress", "Won", "Open"]
        let accounts = stages.enumerated().map { account($0.offset, $0.element) }
        let read = try LabeledAccounts(
            accounts, label: OutcomeLabel(column: "Stage", positives: ["Won"], negatives: ["Lost"]))
        #expect(read.accounts.map(\.id) == ["a0", "a1", "a3", "a5"])
        #expect(read.outcomes.map(\.won) == [true, false, false, true])
        #expect(read.notClosed.map(\.value) == ["Open", "In Progress"])
        #expect(read.notClosed.map(\.count) == [2, 1])
        do {
            _ = try LabeledAccounts(accounts, label: OutcomeLabel(column: "Stage", positives: ["Won"]))
            Issue.record("--positive alone over four values was accepted")
        } catch let e as OutcomeError {
            #expect(
                e.message
                    == "column \"Stage\" has 4 values: Lost (2), Open (2), Won (2), In Progress (1); with --positive alone every value but Won would count as a loss: name the losing values with --negative, and the others (open deals) are left out"
            )
        }
    }
}

@Suite("Candidate lines as the data holds them")
struct CandidateSurveyTests {
    @Test("Numbers sorted by their bits are sorted() bit for bit, zeros of either sign in the order given")
    func ascending() {
        var rng = SeededGenerator(seed: 21)
        let pools: [[Double]] = [
            [0, -0.0, 1, -1, 2.5, -2.5, 1e300, -1e-300, .infinity, -.infinity, 3, 3, 3],
            (0..<50).map { Double($0) * 1_000 },
            [.leastNonzeroMagnitude, -.leastNonzeroMagnitude, 0.1, 0.2, 0.30000000000000004, 1_715_004_974],
        ]
        for (p, pool) in pools.enumerated() {
            let values = (0..<3_000).map { _ in pool[Int(rng.unit() * Double(pool.count)) % pool.count] }
            let radix = Candidate.ascending(values)
            let sorted = values.sorted()
            #expect(radix.map(\.bitPattern) == sorted.map(\.bitPattern), "pool \(p)")
        }
        // Revenues of every size, each its own: every byte varies.
        let wide = (0..<5_000).map { _ in (rng.unit() - 0.3) * pow(10, rng.unit() * 12) }
        #expect(Candidate.ascending(wide).map(\.bitPattern) == wide.sorted().map(\.bitPattern))
        // Both zeros, alternating: kept in the order given, as sorted() keeps them.
        let zeros = (0..<1_000).map { $0 % 2 == 0 ? 0.0 : -0.0 }
        #expect(Candidate.ascending(zeros).map(\.sign) == zeros.map(\.sign))
        // A NaN: sorted() itself.
        let withNaN = wide + [.nan]
        #expect(Candidate.ascending(withNaN).count == withNaN.count)
        // Distinct values with their counts, counted or sorted: the runs of
        // the sorted numbers, each the first of its equals (0 or −0).
        let counts = (0..<4_000).map { i in Double((i * 7_919) % 97) - 40 }
        let years = (0..<4_000).map { i in Double(1_900 + (i * 31) % 127) }
        let signedZeros = (0..<1_000).map { (i: Int) -> Double in
            switch i % 3 {
            case 0: -0.0
            case 1: 0.0
            default: Double(i % 5)
            }
        }
        let fractions = counts.map { $0 + 0.5 }
        let span = counts + [70_000]
        for values: [Double] in [
            counts, years, signedZeros, Array(signedZeros.reversed()), fractions, span, wide, [3, 1, 2],
        ] {
            let groups = Candidate.groups(values)
            let runs = Candidate.runs(values.sorted())
            #expect(groups.map { $0.value.bitPattern } == runs.map { $0.value.bitPattern })
            #expect(groups.map { $0.rows } == runs.map { $0.rows })
        }
        #expect(Candidate.groups(signedZeros).first?.value.sign == .minus)
        #expect(Candidate.groups(Array(signedZeros.dropFirst())).first?.value.sign == .plus)
        #expect(Candidate.groups(years).count == 127 && Candidate.groups(counts).count == 97)
    }

    @Test("A heavy value is a bin of its own; the others are cut at values the data holds")
    func heavyValue() {
        // 89 zeros and 11 other values: quantiles all fall on 0.
        let values = [Double](repeating: 0, count: 89) + [1, 1, 2, 3, 4, 6, 8, 10, 12, 20, 40]
        // The 11 other values share the four bins left.
        #expect(
            Candidate.bins(values, 5) == [
                .between(0, 0), .interval(1, 3), .interval(3, 8), .interval(8, 20), .atLeast(20),
            ])
        let spread = [Double](repeating: 0, count: 50) + (1...50).map(Double.init)
        #expect(
            Candidate.bins(spread, 5) == [
                .between(0, 0), .interval(1, 14), .interval(14, 27), .interval(27, 40), .atLeast(40),
            ])
        #expect(
            Candidate.bins((1...100).map(Double.init), 4) == [
                .lessThan(26), .interval(26, 51), .interval(51, 76), .atLeast(76),
            ])
        #expect(Candidate.bins([5, 5, 5], 5) == [])
        // --bins caps the bins.
        #expect(Candidate.bins((1...100).map(Double.init), 2) == [.lessThan(51), .atLeast(51)])
    }

    @Test("Codes 1–5 are categories, unless named numeric; a column with no line says why")
    func codes() {
        var accounts: [Account] = []
        for i in 0..<200 {
            var a = Account(id: "a\(i)", name: "A\(i)")
            a.attributes["rating"] = .number(Double(1 + i % 5))
            a.attributes["revenue_2y"] = .number(i % 10 == 0 ? Double(i * 100) : 0)
            a.attributes["constant"] = .text("same")
            a.attributes["ref"] = .text("R-\(i)")
            accounts.append(a)
        }
        let columns = ["rating", "revenue_2y", "constant", "ref"].map(AccountColumn.attribute)
        let survey = Candidate.survey(columns, in: accounts)
        #expect(
            survey.lines.map(\.name) == [
                "rating is 1", "rating is 2", "rating is 3", "rating is 4", "rating is 5", "revenue_2y is 0",
                "revenue_2y from 1,000 to under 6,000", "revenue_2y from 6,000 to under 11,000",
                "revenue_2y from 11,000 to under 16,000",
            ])
        #expect(survey.skipped.map(\.column) == ["constant", "ref"])
        #expect(survey.skipped[0].reason == "one value in every row that has one")
        #expect(
            survey.skipped[1].reason
                == "looks like an identifier (200 distinct values in 200 rows); name it in --include to use it")
        var options = CandidateOptions()
        options.numeric = [NameKey("rating")]
        options.included = [NameKey("ref")]
        let numeric = Candidate.survey(columns, in: accounts, options: options)
        #expect(
            numeric.lines.filter { $0.column == "rating" }.map(\.name) == [
                "rating is 1", "rating is 2", "rating is 3", "rating is 4", "rating is 5",
            ])
        // Included, the identifier is read, and its values are each too rare for a line.
        #expect(numeric.skipped.map(\.column) == ["constant", "ref"])
        #expect(numeric.skipped[1].reason == "no value, range or item holds for at least 5 rows and fails for as many")
    }
}

@Suite("Columns kept for learning without their accounts")
struct ColumnTableTests {
    @Test("A table gives back every value it was given, and a survey of it is the survey of the accounts")
    func keepsValues() {
        var accounts = Planted.accounts(600, seed: 5)
        for i in accounts.indices {
            accounts[i].attributes["visits"] = .number(i % 10 == 0 ? Double(i % 7 + 1) : 0)
            if i % 3 == 0 && !(7..<100).contains(i) {
                accounts[i].attributes["source"] = .text(["Web", "Event"][i % 2])
            }
            if i >= 250 || (i >= 100 && i % 5 == 0) {
                accounts[i].attributes["late"] = i >= 250 ? .number(Double(i)) : .text("n/a")
            }
            accounts[i].attributes["tags"] = .list(i % 2 == 0 ? ["b", "a"] : ["c"])
            // An identifier, blank in some rows.
            if i % 11 != 0 { accounts[i].attributes["ref"] = .text("R\(i)") }
        }
        let columns = AccountColumn.present(in: accounts)
        // The last column is added after the first 100 rows: missing in them.
        var table = ColumnTable(columns: columns.count - 1)
        for (r, account) in accounts.enumerated() {
            if r == 100 { table.addColumn() }
            table.append(columns.prefix(table.width).map { $0.read(account) }[...])
        }
        #expect(table.count == 600 && table.width == columns.count)
        for (c, column) in columns.enumerated() {
            for (r, account) in accounts.enumerated() {
                let expected = c == columns.count - 1 && r < 100 ? .missing : column.read(account)
                #expect(table.value(c, r) == expected, "\(column.name) row \(r)")
                if table.value(c, r) != expected { return }
            }
            #expect(table.isPresent(c))
        }
        let last = columns.count - 1
        #expect(
            !table.hasValue(last, 99) && table.hasValue(last, 100) == (columns[last].read(accounts[100]) != .missing))
        // Read in place, every column's codes and numbers are its own.
        let held = table.withColumns { codes, numbers in (codes.map(Array.init), numbers.map(Array.init)) }
        #expect(held.0 == (0..<table.width).map { table.codes($0) })
        #expect(held.1 == (0..<table.width).map { table.numbers($0) })
        #expect(held.1.contains { !$0.isEmpty } && held.1.contains(where: \.isEmpty))
        let rows = Array(100..<600)
        let kept = table
        let fromTable = Candidate.survey(columns, count: rows.count, options: CandidateOptions()) { c, visit in
            kept.tally(c, rows: rows, visit)
        }
        let fromAccounts = Candidate.survey(columns, in: Array(accounts[100...]))
        #expect(fromTable.lines.map(\.name) == fromAccounts.lines.map(\.name))
        #expect(fromTable.skipped.map(\.column) == fromAccounts.skipped.map(\.column))
        // Distinct texts and valued rows told from the codes, as the visits count them.
        for c in columns.indices {
            var texts = Set<String>()
            var valued = 0
            for r in rows {
                switch columns[c].read(accounts[r]) {
                case .text(let t):
                    texts.insert(t)
                    valued += 1
                case .missing, .other: break
                case .number(let v): valued += v.isFinite ? 1 : 0
                case .list, .flag: valued += 1
                }
            }
            #expect(kept.texts(c, rows: rows) == (texts.count, valued), "\(columns[c].name)")
        }
        // An identifier told from them is left out with the same words.
        let told = Candidate.survey(
            columns, count: rows.count, options: CandidateOptions(), texts: { kept.texts($0, rows: rows) }
        ) { c, visit in kept.tally(c, rows: rows, visit) }
        #expect(told.lines.map(\.name) == fromAccounts.lines.map(\.name))
        #expect(
            told.skipped.map { "\($0.column): \($0.reason)" }
                == fromAccounts.skipped.map { "\($0.column): \($0.reason)" })
        #expect(
            told.skipped.contains {
                $0.column == "ref" && $0.reason.contains("identifier (455 distinct values in 455 rows)")
            })
        #expect(fromTable.lines.contains { $0.name == "visits is 0" })
        // Features worked out apart join a row in order; NaN and 0 are not met.
        let before = SparseRows([SparseRow(indices: [0, 3, 7], values: [1, 0.5, 1]), SparseRow()])
        var joined = SparseRows()
        joined.append(row: 0, of: before, adding: [1, .nan, 0.25, 0][...], at: [1, 2, 5, 9])
        joined.append(row: 1, of: before, adding: [0, 2][...], at: [4, 8])
        #expect(
            joined.rows == [
                SparseRow(indices: [0, 1, 3, 5, 7], values: [1, 1, 0.5, 0.25, 1]), SparseRow(indices: [8], values: [2]),
            ])
        // Items as often as each other: the first in a row's list first, every run.
        let tags = fromAccounts.lines.filter { $0.column == "tags" }.map(\.name)
        #expect(tags == ["tags includes b", "tags includes a", "tags includes c"])
        // The same rows appended a block at a time, as codes and numbers,
        // make the same table: a column is left out of a block where it
        // has no value ("source", in the second), and "late" (the last,
        // first seen in row 100) holds its first numbers in the third
        // block, after rows of text.
        var coded = ColumnTable(columns: columns.count - 1)
        var leftOut = 0
        for range in [0..<7, 7..<100, 100..<260, 260..<600] {
            if range.lowerBound == 100 { coded.addColumn() }
            var block: [(codes: [Int32], numbers: [Double])?] = []
            for c in 0..<coded.width {
                var codes: [Int32] = []
                var numbers: [Double] = []
                for (k, r) in range.enumerated() {
                    let value = columns[c].read(accounts[r])
                    if case .number(let v) = value {
                        numbers += repeatElement(0, count: k - numbers.count) + [v]
                        codes.append(-1)
                    } else {
                        codes.append(coded.code(of: value, in: c))
                    }
                }
                if !numbers.isEmpty { numbers += repeatElement(0, count: range.count - numbers.count) }
                if codes.allSatisfy({ $0 == 0 }) { leftOut += 1 }
                block.append(codes.allSatisfy { $0 == 0 } ? nil : (codes, numbers))
            }
            coded.append(rows: range.count, columns: block)
        }
        #expect(coded.count == 600 && leftOut == 1)
        for c in columns.indices {
            #expect(coded.codes(c) == table.codes(c), "\(columns[c].name)")
            #expect(coded.numbers(c) == table.numbers(c), "\(columns[c].name)")
            #expect(coded.isPresent(c) == table.isPresent(c))
            for code in 0...table.distinctCount(c) { #expect(coded.distinct(c, code) == table.distinct(c, code)) }
        }
    }

    @Test("A standard number column kept straight from its field reads as the column does")
    func numberReaders() throws {
        var accounts = Planted.accounts(200, seed: 9)
        for i in accounts.indices {
            accounts[i].annualRevenue = [nil, .nan, .infinity, -5e6, 1.5e9][i % 5]
            accounts[i].founded = i % 4 == 0 ? nil : 1990 + i % 30
            accounts[i].nps = i % 3 == 0 ? nil : i % 21 - 10
            accounts[i].sentiment = i % 6 == 0 ? -.infinity : Double(i % 5) / 4
        }
        var numbers = 0
        for column in AccountColumn.standard {
            let field = try #require(AccountField(rawValue: column.name))
            let reader = KeptReader.field(field) { column.read($0).attributeValue }
            guard case .number = reader else { continue }
            numbers += 1
            for account in accounts {
                #expect(reader.read(account) == column.read(account).attributeValue, "\(column.name)")
            }
        }
        #expect(numbers == 8)
    }
}

@Suite("Learned rubrics that read as a person would write them")
struct LearnedRubricTests {
    @Test("A column's lines are one group: the maximum counts its best line; tiers sit at score values")
    func groupsAndTiers() throws {
        let accounts = Planted.accounts(4_000, seed: 3)
        let labels = try Planted.labels(accounts, seed: 4)
        var options = LearningOptions()
        options.holdout = 0
        let columns = [
            AccountColumn.standard.first { $0.name == "industry" },
            AccountColumn.standard.first { $0.name == "employees" },
        ]
        .compactMap { $0 }
        let report = try Learner.learn(
            accounts: accounts, labels: labels, columns: columns, name: "g", asOf: Planted.day, options: options)
        let fit = report.profile.fit
        // industry's and employees' positive lines exclude each other: each group counts its best line.
        let positive = report.lines.filter { $0.points > 0 }
        let best = Dictionary(grouping: positive) { $0.name.hasPrefix("industry") ? "industry" : "employees" }
            .mapValues { $0.map(\.points).max() ?? 0 }
        #expect(fit.maximumPoints == Double(best.values.reduce(0, +)))
        #expect(fit.maximumPoints < Double(positive.map(\.points).reduce(0, +)))
        // Every tier but the last sits at a score some training row has; shares add up to 1.
        let totals = fit.scoreAll(accounts, in: EvaluationContext(asOf: Planted.day)).map(\.total)
        for tier in fit.tiers.dropLast() {
            guard case .points(let p)? = tier.minimum else {
                Issue.record("a learned tier without a points minimum")
                continue
            }
            #expect(totals.contains(p))
        }
        #expect(abs(report.tierShares.map(\.share).reduce(0, +) - 1) < 1e-9)
        #expect(report.tierShares.map(\.tier) == fit.tiers.map(\.name))
        // The profile written reloads and scores as the report says.
        let again = try ProfileFile.decode(try ProfileFile.encode(report.profile))
        #expect(again.fit.maximumPoints == fit.maximumPoints)
        #expect(again.fit.caps == fit.caps)
    }

    @Test("Tier cuts honour ties: the score nearest the target share")
    func tieAwareTiers() {
        // 30% of rows at 5 points, 40% at 3, 30% at 0: a top 20% is the 30% at 5.
        let totals =
            [Double](repeating: 5, count: 30) + [Double](repeating: 3, count: 40) + [Double](repeating: 0, count: 30)
        let tiers = Learner.tiers(totals, shares: [0.2, 0.3])
        #expect(tiers.map(\.name) == ["Best fit", "Good fit", "Bad fit"])
        #expect(tiers.map(\.minimum) == [.points(5), .points(3), nil])
        // One score value: no cut separates anything.
        #expect(Learner.tiers([2, 2, 2], shares: [0.2, 0.3]).map(\.name) == ["Bad fit"])
    }

    @Test("A rubric whose lines are all negative loads and scores")
    func allNegative() throws {
        var accounts: [Account] = []
        var labels: [Bool] = []
        var rng = SeededGenerator(seed: 9)
        for i in 0..<2_000 {
            var a = Account(id: "a\(i)", name: "a\(i)")
            let bad = rng.unit() < 0.5
            a.attributes["blocked"] = .flag(bad)
            accounts.append(a)
            labels.append(rng.unit() < (bad ? 0.1 : 0.5))
        }
        var options = LearningOptions()
        options.holdout = 0
        let report = try Learner.learn(
            accounts: accounts, labels: labels, columns: [AccountColumn.attribute("blocked")], name: "n",
            asOf: Planted.day, options: options)
        #expect(report.lines.map(\.name) == ["blocked is yes"])
        #expect(report.lines.map(\.points) == [-3])
        let again = try ProfileFile.decode(try ProfileFile.encode(report.profile))
        #expect(again.fit.tiers.map(\.name) == ["Best fit", "Bad fit"])
        #expect(again.fit.maximumPoints == 0)
    }
}

@Suite("Verdicts that hold up")
struct VerdictTests {
    @Test("Benjamini–Hochberg on a hand table of p-values")
    func benjaminiHochberg() {
        // m = 6 at q = 0.05: thresholds 0.0083, 0.0167, 0.025, 0.033, 0.0417, 0.05 for the sorted
        // 0.001, 0.012, 0.03, 0.04, 0.045, 0.2: the first two pass, the third (0.03 > 0.025) does not,
        // and none after it does either, though 0.03, 0.04 and 0.045 are each below 0.05.
        let p = [0.04, 0.001, 0.03, 0.2, 0.012, 0.045]
        #expect(Statistics.benjaminiHochberg(p) == [false, true, false, false, true, false])
        #expect(Statistics.benjaminiHochberg([0.01, 0.02, 0.03, 0.5]) == [true, true, true, false])
        // Step-up: 0.04 ≤ 2 × 0.05 / 2 carries 0.03 (above 0.025) with it.
        #expect(Statistics.benjaminiHochberg([0.03, 0.04]) == [true, true])
        #expect(Statistics.benjaminiHochberg([0.3, 0.6]) == [false, false])
        #expect(abs(Statistics.pValue(z: 1.959964) - 0.05) < 1e-6)
    }

    @Test("AUC verdicts at their boundaries")
    func verdicts() {
        #expect(AUCVerdict(auc: 0.7, interval: 0.60...0.8) == .separates)
        #expect(AUCVerdict(auc: 0.65, interval: 0.5999...0.7) == .weak)
        #expect(AUCVerdict(auc: 0.55, interval: 0.5001...0.6) == .weak)
        #expect(AUCVerdict(auc: 0.53, interval: 0.50...0.56) == .noSignal)
        #expect(AUCVerdict(auc: 0.45, interval: 0.40...0.4999) == .reversed)
        #expect(AUCVerdict(auc: 0.62, interval: nil) == .separates)
    }

    @Test("The AUC interval is seeded, contains the AUC, and narrows with more rows")
    func aucInterval() throws {
        let accounts = Planted.accounts(2_000, seed: 5)
        let labels = try Planted.labels(accounts, seed: 6)
        let scores = try accounts.map { try Planted.rubric.score($0, asOf: Planted.day, detail: .pointsOnly).total }
        let auc = try #require(Statistics.auc(scores: scores, labels: labels))
        let a = try #require(Statistics.aucInterval(scores: scores, labels: labels, resamples: 300, seed: 1))
        let b = Statistics.aucInterval(scores: scores, labels: labels, resamples: 300, seed: 1)
        #expect(a == b)
        #expect(a.contains(auc))
        let small = try #require(
            Statistics.aucInterval(
                scores: Array(scores.prefix(200)), labels: Array(labels.prefix(200)), resamples: 300, seed: 1))
        #expect(small.upperBound - small.lowerBound > a.upperBound - a.lowerBound)
        #expect(Statistics.aucInterval(scores: [1, 2], labels: [true, true], resamples: 10, seed: 1) == nil)
    }
}

@Suite("Monotone bins")
struct MonotoneTests {
    @Test("Pool adjacent violators merges the bins that go against the trend, on a hand table")
    func poolAdjacentViolators() {
        // Four bins of 100 rows, win rates 20%, 40%, 30%, 60%: rising, with 40% → 30% against it.
        var accounts: [Account] = []
        var labels: [Bool] = []
        for (value, rate) in [(5.0, 20), (15, 40), (25, 30), (35, 60)] {
            for i in 0..<100 {
                var a = Account(id: "\(value)-\(i)", name: "a")
                a.attributes["x"] = .number(value)
                accounts.append(a)
                labels.append(i < rate)
            }
        }
        let column = AccountColumn.attribute("x")
        let bounds: [NumericBound] = [.lessThan(10), .interval(10, 20), .interval(20, 30), .atLeast(30)]
        let candidates = bounds.map { b in
            let c = NumericCriterion(Attribute("x").number, b)
            return Candidate(column: "x", name: c.name, criterion: c, kind: .bin(b))
        }
        let merged = Learner.monotone(
            candidates, columns: [column], accounts: accounts, labels: labels, asOf: Planted.day)
        #expect(merged.map(\.kind) == [.bin(.lessThan(10)), .bin(.interval(10, 30)), .bin(.atLeast(30))])
        #expect(merged.map(\.name) == ["x less than 10", "x from 10 to under 30", "x at least 30"])
        // Reversed, the rates are 60%, 30%, 40%, 20%: falling, with 30% → 40% against it.
        let falling = Learner.monotone(
            candidates, columns: [column], accounts: accounts, labels: labels.reversed(), asOf: Planted.day)
        #expect(falling.map(\.kind) == [.bin(.lessThan(10)), .bin(.interval(10, 30)), .bin(.atLeast(30))])
        // Already monotone (20%, 40%, 50%, 60%): left as it is.
        var steady = labels
        for i in 200..<300 { steady[i] = i - 200 < 50 }
        #expect(
            Learner.monotone(candidates, columns: [column], accounts: accounts, labels: steady, asOf: Planted.day)
                .map(\.kind) == bounds.map { .bin($0) })
        #expect(Learner.merged(.between(0, 0), .interval(1, 3)) == .interval(0, 3))
        #expect(Learner.merged(.lessThan(3), .atLeast(8)) == nil)
        #expect(Learner.merged(.interval(3, 8), .between(8, 9)) == .between(3, 9))
    }
}
