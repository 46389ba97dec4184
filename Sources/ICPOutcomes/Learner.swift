import ICPCore
import ICPCriteria
import Synchronization

/// How points are learned from outcomes.
public struct LearningOptions: Sendable, Hashable {
    /// The largest whole number of points a line may get, either way.
    public var maxPoints: Int
    /// The share of rows held out for the holdout AUC (0 trains on all).
    public var holdout: Double
    /// The seed of the holdout split.
    public var seed: UInt64
    /// The L2 penalty of the regression.
    public var l2: Double
    /// How candidate lines are drawn from columns.
    public var candidates: CandidateOptions
    /// The shares of training rows placed in the top tiers, best first; the
    /// rest fall in the last tier. `[0.2, 0.3]`: Best fit is the top 20%,
    /// Good fit the next 30%.
    public var tierShares: [Double]
    /// Whether adjacent bins of a numeric column whose win rates go
    /// against the column's trend are merged (pool adjacent violators), so
    /// that points rise or fall steadily with the value.
    public var monotone = false

    /// Creates the options; by default ±3 points, a 30% holdout, seed 1, λ = 1.
    public init(
        maxPoints: Int = 3, holdout: Double = 0.3, seed: UInt64 = 1, l2: Double = 1,
        candidates: CandidateOptions = CandidateOptions(), tierShares: [Double] = [0.2, 0.3]
    ) {
        self.maxPoints = maxPoints
        self.holdout = holdout
        self.seed = seed
        self.l2 = l2
        self.candidates = candidates
        self.tierShares = tierShares
    }
}

/// One line of a learned rubric.
public struct LearnedLine: Sendable, Hashable {
    /// The line's name.
    public var name: String
    /// Its whole points.
    public var points: Int
    /// Its fitted coefficient (log-odds); `nil` for a locked line.
    public var coefficient: Double?
    /// Training rows that meet it.
    public var support: Int
    /// Whether its points were kept from the starting profile.
    public var locked: Bool
}

/// What learning produced: the profile, its lines and how well it ranks.
public struct LearningReport: Sendable {
    /// The learned profile: one fit rubric with the lines, tiers at score
    /// quantiles of the training rows, Good fit and better qualified.
    public var profile: Profile<Account>
    /// The lines kept, strongest first.
    public var lines: [LearnedLine]
    /// Candidate lines whose points rounded to 0, dropped.
    public var dropped: [String]
    /// Candidate lines considered.
    public var candidates: Int
    /// Training rows and their wins.
    public var training: (rows: Int, wins: Int)
    /// Holdout rows and their wins (0 rows with no holdout).
    public var holdout: (rows: Int, wins: Int)
    /// AUC of the learned points on the training rows.
    public var trainingAUC: Double
    /// AUC of the learned points on the holdout rows; `nil` without a
    /// holdout or when it lacks a class.
    public var holdoutAUC: Double?
    /// AUC of the unrounded regression on the holdout rows (what rounding to
    /// whole points costs).
    public var modelHoldoutAUC: Double?
    /// A seeded bootstrap 95% interval of the holdout AUC (500 resamples).
    public var holdoutInterval: ClosedRange<Double>?
    /// Log-odds per point.
    public var logOddsPerPoint: Double
    /// The regression's steps over every training row, whether it
    /// converged, how it stepped (Newton's method; L-BFGS above
    /// ``LogisticRegression/newtonLimit`` lines), and the steps it took
    /// first on a sample of the rows to start from (0: none, see
    /// ``LogisticRegression/sampledAbove``).
    public var fit: (iterations: Int, converged: Bool, solver: LogisticRegression.Solver, sampleIterations: Int)
    /// Anything the analyst should know (locked lines that carry no signal).
    public var notes: [String]
    /// The columns that gave no candidate line, and why.
    public var skippedColumns: [(column: String, reason: String)] = []
    /// Columns that may leak the outcome: a line that alone ranks the
    /// training rows almost perfectly (AUC ≥ 0.95), a column whose values
    /// together do (AUC ≥ 0.90, each value scored by its win rate), or a
    /// header that names something known only once the outcome is (stage,
    /// closed, lost reason).
    public var leakage: [String] = []
    /// Each tier as placed on the training rows: its actual share of them
    /// and its minimum points (`nil` for the last tier).
    public var tierShares: [(tier: String, share: Double, minimum: Double?)] = []
}

/// Learns rubric points from outcomes: a regularised logistic regression
/// over candidate lines, its coefficients scaled to whole points.
public enum Learner {
    /// Learns a profile.
    ///
    /// - Parameters:
    ///   - accounts: The rows.
    ///   - labels: Won or not, one per row.
    ///   - candidates: The lines to choose from (``Candidate/lines(for:in:options:)``
    ///     over training rows, or ``candidates(from:)`` of a profile).
    ///   - locked: Lines whose points are kept (from a starting profile).
    ///   - name: The learned profile's name.
    ///   - day: The "as of" day criteria are evaluated at.
    ///   - options: Points, holdout, seed, penalty and tiers.
    /// - Throws: ``OutcomeError`` for mismatched sizes, a class missing from
    ///   the training rows, or no line that carries signal.
    public static func learn(
        accounts: [Account], labels: [Bool], candidates: [Candidate], locked: [RubricLine<Account>] = [],
        name: String, asOf day: CalendarDay, options: LearningOptions = LearningOptions()
    ) throws -> LearningReport {
        guard accounts.count == labels.count else {
            throw OutcomeError("\(accounts.count) rows but \(labels.count) labels")
        }
        try check(count: accounts.count, labels: labels, candidates: candidates, locked: locked, options: options)
        let context = EvaluationContext(asOf: day)
        let lockedRubric = try locked.isEmpty ? nil : Rubric(name: "locked", lines: locked)
        return try learn(
            features: SparseRows(FeatureMatrix.rows(accounts, candidates.map(\.criterion), asOf: day)), labels: labels,
            lockedPoints: lockedRubric.map { $0.summarizeAll(accounts, in: context).map(\.total) },
            candidates: candidates, locked: locked, name: name, options: options
        ) { rubric in rubric.summarizeAll(accounts, in: context).map(\.total) }
    }

    /// Learns a profile from what the rows hold, worked out elsewhere (a
    /// file read a column at a time, without its accounts).
    ///
    /// - Parameters:
    ///   - rows: Each row's degrees of the candidates it meets
    ///     (``FeatureMatrix/rows(_:_:asOf:)``).
    ///   - labels: Won or not, one per row.
    ///   - lockedPoints: Each row's total under a rubric of the `locked`
    ///     lines alone (no caps); `nil` without locked lines.
    ///   - candidates: The lines to choose from.
    ///   - locked: Lines whose points are kept.
    ///   - name: The learned profile's name.
    ///   - options: Points, holdout, seed, penalty and tiers.
    ///   - totals: Each row's total under a rubric of some candidates' and
    ///     locked lines, as ``Rubric/summary(_:in:)`` adds it up; tiers are
    ///     placed at these. `nil` without locked lines: the totals are then
    ///     added up from `rows`, to the same bits.
    /// - Throws: ``OutcomeError`` as ``learn(accounts:labels:candidates:locked:name:asOf:options:)``
    ///   does, or what `totals` throws.
    package static func learn(
        features rows: SparseRows, labels: [Bool], lockedPoints: [Double]?, candidates: [Candidate],
        locked: [RubricLine<Account>], name: String, options: LearningOptions,
        totals: ((Rubric<Account>) throws -> [Double])?
    ) throws -> LearningReport {
        guard rows.count == labels.count, lockedPoints.map({ $0.count == rows.count }) ?? locked.isEmpty else {
            throw OutcomeError("\(rows.count) rows but \(labels.count) labels")
        }
        guard totals != nil || locked.isEmpty else { throw OutcomeError("locked lines need their totals read") }
        try check(count: rows.count, labels: labels, candidates: candidates, locked: locked, options: options)
        let split = Learner.split(count: rows.count, holdout: options.holdout, seed: options.seed)
        let trainLabels = split.training.map { labels[$0] }
        let trainWins = trainLabels.count { $0 }

        // Fit the free lines, with the locked points as one more feature: its
        // coefficient is what one point is worth in log-odds.
        let free = candidates.count
        let design =
            lockedPoints.map { points in
                var design = SparseRows()
                for i in split.training {
                    // The locked points after every candidate (whose positions are below `free`).
                    design.append(row: i, of: rows, ending: (free, points[i]))
                }
                return design
            } ?? SparseRows(rows, picking: split.training)
        let model = try LogisticRegression.fit(
            rows: design, labels: trainLabels, features: free + (lockedPoints == nil ? 0 : 1), l2: options.l2)
        var notes: [String] = []
        // A column whose exclusive lines cover every training row once is
        // coded against its weakest line, which gets 0 points: a constant
        // shift of every score, so the ranking is unchanged, no "less than 1:
        // −3" stands beside "at least 1: +3", and the column's points read
        // as a person writes them (+3 for security software, not −3 for
        // each other industry).
        var coefficients = Array(model.coefficients.prefix(free))
        var references: [String: String] = [:]
        let (groups, groupOf) = Learner.columnGroups(candidates)
        let (support, coversOnce) = Learner.support(
            rows, training: split.training, candidates: free, groupOf: groupOf, groups: groups.count)
        for (g, (column, group)) in groups.enumerated() {
            guard coversOnce[g], let reference = group.min(by: { coefficients[$0] < coefficients[$1] }) else {
                continue
            }
            let shift = coefficients[reference]
            for j in group { coefficients[j] -= shift }
            references[column] = candidates[reference].name
        }
        let strongest = coefficients.map(abs).max() ?? 0
        var perPoint = strongest / Double(options.maxPoints)
        if lockedPoints != nil {
            let shared = model.coefficients[free]
            if shared > 1e-6 {
                perPoint = shared
            } else {
                notes.append(
                    "the locked lines do not rank winners higher here (their points' coefficient is \(ValueFormat.decimal(shared, grouped: false, maxFractionDigits: 3))); the other lines are scaled on their own"
                )
            }
        }
        guard perPoint > 0 else { throw OutcomeError("no candidate line carries any signal") }

        var lines: [RubricLine<Account>] = []
        // Each line's candidate (-1: a locked line).
        var sources: [Int] = []
        var learned: [LearnedLine] = []
        var dropped: [String] = []
        // A column's values, bins and "missing" exclude each other: when two
        // or more of its lines earn points, they are one group capped at its
        // best line, so the maximum counts one.
        let wholePoints = coefficients.map { Learner.points($0 / perPoint, options.maxPoints) }
        var positives: [String: [Int]] = [:]
        for (j, candidate) in candidates.enumerated() where candidate.isExclusive && wholePoints[j] > 0 {
            positives[candidate.column, default: []].append(wholePoints[j])
        }
        var caps: [String: Double] = [:]
        for (group, points) in positives where points.count > 1 { caps[group] = Double(points.max() ?? 0) }
        for (j, candidate) in candidates.enumerated() {
            let points = wholePoints[j]
            guard points != 0 else {
                dropped.append(candidate.name)
                continue
            }
            let line = candidate.criterion.points(Double(points)).named(candidate.name)
            lines.append(candidate.isExclusive && caps[candidate.column] != nil ? line.group(candidate.column) : line)
            sources.append(j)
            learned.append(
                LearnedLine(
                    name: candidate.name, points: points, coefficient: coefficients[j], support: support[j],
                    locked: false))
        }
        for line in locked {
            lines.append(line)
            sources.append(-1)
            learned.append(
                LearnedLine(
                    name: line.name, points: Int(line.maximumPoints != 0 ? line.maximumPoints : line.minimumPoints),
                    coefficient: nil, support: 0, locked: true))
        }
        // The references of the columns that kept a line, said once.
        let kept = Set(candidates.indices.filter { wholePoints[$0] != 0 }.map { candidates[$0].column })
        let said = references.keys.filter(kept.contains).sorted().compactMap { references[$0] }
        if !said.isEmpty {
            notes.append(
                "0 points, each the reference its column's other lines are points above: \(said.joined(separator: "; "))"
            )
        }
        guard !lines.isEmpty else {
            throw OutcomeError(
                "every line's points round to 0 at --max-points \(options.maxPoints); try a larger --max-points")
        }
        let order = learned.indices.sorted {
            abs(learned[$0].points) != abs(learned[$1].points)
                ? abs(learned[$0].points) > abs(learned[$1].points) : $0 < $1
        }
        learned = order.map { learned[$0] }
        lines = order.map { lines[$0] }
        sources = order.map { sources[$0] }

        let untiered = try Rubric(name: name, lines: lines, caps: caps, tiers: [Tier("all")])
        let totals =
            try totals.map { try $0(untiered) }
            ?? Learner.totals(untiered, sources: sources, candidates: candidates.count, rows: rows)
        guard totals.count == rows.count else { throw OutcomeError("\(totals.count) totals for \(rows.count) rows") }
        let trainTotals = split.training.map { totals[$0] }
        let tiers = Learner.tiers(trainTotals, shares: options.tierShares)
        let rubric = try Rubric(
            name: "\(name) fit", lines: lines, caps: caps,
            threshold: tiers.count > 1 ? tiers[tiers.count - 2].minimum : nil, tiers: tiers)
        var placed: [(tier: String, share: Double, minimum: Double?)] = []
        var above = 0
        for tier in tiers {
            let minimum: Double? = if case .points(let p)? = tier.minimum { p } else { nil }
            let reached = minimum.map { m in trainTotals.count { $0 >= m } } ?? trainTotals.count
            placed.append(
                (tier.name, trainTotals.isEmpty ? 0 : Double(reached - above) / Double(trainTotals.count), minimum))
            above = reached
        }

        let holdLabels = split.holdout.map { labels[$0] }
        let holdTotals = split.holdout.map { totals[$0] }
        let perLockedPoint = lockedPoints == nil ? 0 : model.coefficients[free]
        // The AUCs, their interval and the leakage check read what is
        // settled by now and not one another: each on the next free core.
        let checks = ParallelMap.map(count: 5, threads: nil) { k -> Check in
            switch k {
            case 0: return .auc(Statistics.auc(scores: trainTotals, labels: trainLabels))
            case 1: return .auc(Statistics.auc(scores: holdTotals, labels: holdLabels))
            case 2:
                let odds = split.holdout.map { i in
                    model.logOdds(rows, i, offset: (lockedPoints?[i] ?? 0) * perLockedPoint)
                }
                return .auc(Statistics.auc(scores: odds, labels: holdLabels))
            case 3:
                return .interval(
                    Statistics.aucInterval(
                        scores: holdTotals, labels: holdLabels, resamples: 500, seed: options.seed))
            default:
                return .leakage(Learner.leakage(candidates, rows: rows, picking: split.training, labels: trainLabels))
            }
        }
        let (trainAUC, holdAUC, modelAUC) = (checks[0].auc ?? 0.5, checks[1].auc, checks[2].auc)
        var report = LearningReport(
            profile: Profile(name: name, fit: rubric), lines: learned, dropped: dropped,
            candidates: candidates.count + locked.count, training: (split.training.count, trainWins),
            holdout: (split.holdout.count, holdLabels.count { $0 }), trainingAUC: trainAUC, holdoutAUC: holdAUC,
            modelHoldoutAUC: modelAUC,
            holdoutInterval: checks[3].interval,
            logOddsPerPoint: perPoint, fit: (model.iterations, model.converged, model.solver, model.sampleIterations),
            notes: notes
        )
        report.tierShares = placed
        report.leakage = checks[4].leakage
        return report
    }

    /// One of the checks a learned profile's report makes once it is fitted.
    private enum Check: Sendable {
        case auc(Double?)
        case interval(ClosedRange<Double>?)
        case leakage([String])

        var auc: Double? { if case .auc(let a) = self { a } else { nil } }
        var interval: ClosedRange<Double>? { if case .interval(let i) = self { i } else { nil } }
        var leakage: [String] { if case .leakage(let l) = self { l } else { [] } }
    }

    /// Learns a profile from columns: candidate lines are drawn from the
    /// training rows alone (so the holdout stays unseen), then
    /// ``learn(accounts:labels:candidates:locked:name:asOf:options:)``.
    public static func learn(
        accounts: [Account], labels: [Bool], columns: [AccountColumn], name: String, asOf day: CalendarDay,
        options: LearningOptions = LearningOptions()
    ) throws -> LearningReport {
        guard (0..<1).contains(options.holdout) else { throw OutcomeError("--holdout must be at least 0 and below 1") }
        let training = split(count: accounts.count, holdout: options.holdout, seed: options.seed).training
        let survey = Candidate.survey(columns, in: training.map { accounts[$0] }, options: options.candidates)
        let lines =
            options.monotone
            ? Learner.monotone(
                survey.lines, columns: columns, accounts: training.map { accounts[$0] },
                labels: training.map { labels[$0] }, asOf: day)
            : survey.lines
        var report = try learn(
            accounts: accounts, labels: labels, candidates: lines, name: name, asOf: day, options: options)
        report.skippedColumns = survey.skipped
        return report
    }

    /// A profile's lines as candidates: criterion lines as they are, banded
    /// lines one candidate per band (`from a to under b`); locked lines are
    /// returned apart, to keep their points.
    public static func candidates(from rubric: Rubric<Account>) -> (free: [Candidate], locked: [RubricLine<Account>]) {
        var free: [Candidate] = []
        var locked: [RubricLine<Account>] = []
        for line in rubric.lines {
            if line.isLocked {
                locked.append(line)
                continue
            }
            switch line.scoring {
            case .criterion(let c, _):
                free.append(Candidate(column: line.name, name: line.name, criterion: c, kind: .line))
            case .bands(let signal, let bands, _):
                let edges = bands.map(\.threshold).sorted()
                for (k, lo) in edges.enumerated() {
                    let bound: NumericBound = k + 1 < edges.count ? .interval(lo, edges[k + 1]) : .atLeast(lo)
                    let c = NumericCriterion(signal, bound)
                    free.append(Candidate(column: line.name, name: c.name, criterion: c, kind: .line))
                }
            }
        }
        return (free, locked)
    }

    /// Numeric bins merged where their win rates go against the column's
    /// trend (pool adjacent violators, weighted by rows), so that the
    /// learned points rise or fall steadily with the value. The trend is
    /// the sign of the win rate of the upper half of the rows against the
    /// lower half. Other candidates are kept as they are.
    static func monotone(
        _ candidates: [Candidate], columns: [AccountColumn], accounts: [Account], labels: [Bool],
        asOf day: CalendarDay
    ) -> [Candidate] {
        monotone(candidates, columns: columns) { c in
            var out: [(value: Double, won: Bool)] = []
            for (account, won) in zip(accounts, labels) {
                if case .number(let v) = columns[c].read(account) { out.append((v, won)) }
            }
            return out
        }
    }

    /// ``monotone(_:columns:accounts:labels:asOf:)`` over each numeric
    /// column's values and outcomes read elsewhere: `numbers(c)` gives
    /// column `c`'s numbers in the rows that have one, each with its row's
    /// outcome. A bin candidate holds for a row whose finite number its
    /// bound contains, as its criterion reads it.
    package static func monotone(
        _ candidates: [Candidate], columns: [AccountColumn], numbers: (Int) -> [(value: Double, won: Bool)]
    ) -> [Candidate] {
        var out: [Candidate] = []
        var done = Set<String>()
        for candidate in candidates {
            guard case .bin = candidate.kind, let c = columns.firstIndex(where: { $0.name == candidate.column }),
                let make = columns[c].number
            else {
                out.append(candidate)
                continue
            }
            guard done.insert(candidate.column).inserted else { continue }
            let values = numbers(c).filter { $0.value.isFinite }
            var bins: [(bound: NumericBound, rows: Double, wins: Double)] = candidates.compactMap { c in
                guard c.column == candidate.column, case .bin(let b) = c.kind else { return nil }
                var met = 0
                var wins = 0
                for v in values where b.contains(v.value) {
                    met += 1
                    if v.won { wins += 1 }
                }
                return (b, Double(met), Double(wins))
            }
            bins.sort { lower($0.bound) < lower($1.bound) }
            let total = bins.reduce(0) { $0 + $1.rows }
            var seen = 0.0
            var halves = (low: (rows: 0.0, wins: 0.0), high: (rows: 0.0, wins: 0.0))
            for b in bins {
                if seen + b.rows / 2 < total / 2 {
                    halves.low = (halves.low.rows + b.rows, halves.low.wins + b.wins)
                } else {
                    halves.high = (halves.high.rows + b.rows, halves.high.wins + b.wins)
                }
                seen += b.rows
            }
            let rising =
                halves.high.wins / max(1, halves.high.rows) >= halves.low.wins / max(1, halves.low.rows)
            // Pool adjacent violators over the bins, in value order.
            var blocks: [(first: Int, last: Int, rows: Double, wins: Double)] = []
            for (k, b) in bins.enumerated() {
                blocks.append((k, k, b.rows, b.wins))
                while blocks.count > 1 {
                    let a = blocks[blocks.count - 2]
                    let c = blocks[blocks.count - 1]
                    let ra = a.wins / max(1, a.rows)
                    let rc = c.wins / max(1, c.rows)
                    guard rising ? ra > rc : ra < rc else { break }
                    blocks.removeLast(2)
                    blocks.append((a.first, c.last, a.rows + c.rows, a.wins + c.wins))
                }
            }
            for block in blocks {
                guard let bound = merged(bins[block.first].bound, bins[block.last].bound) else { continue }
                if block.first == block.last,
                    let original = candidates.first(where: {
                        $0.column == candidate.column && $0.kind == .bin(bound)
                    })
                {
                    out.append(original)
                    continue
                }
                let criterion = make(bound)
                out.append(
                    Candidate(column: candidate.column, name: criterion.name, criterion: criterion, kind: .bin(bound)))
            }
        }
        return out
    }

    /// The lowest value a bound holds (−∞ when open below).
    static func lower(_ bound: NumericBound) -> Double {
        switch bound {
        case .lessThan, .atMost: -.infinity
        case .between(let lo, _), .interval(let lo, _), .atLeast(let lo): lo
        case .moreThan(let lo): lo.nextUp
        }
    }

    /// The bound from the start of `first` to the end of `last`; `nil`
    /// when that is every value.
    static func merged(_ first: NumericBound, _ last: NumericBound) -> NumericBound? {
        let lo = lower(first)
        switch last {
        case .atLeast, .moreThan: return lo == -.infinity ? nil : .atLeast(lo)
        case .between(_, let hi), .atMost(let hi): return lo == -.infinity ? .atMost(hi) : .between(lo, hi)
        case .interval(_, let hi), .lessThan(let hi): return lo == -.infinity ? .lessThan(hi) : .interval(lo, hi)
        }
    }

    /// Words in a header that name what is known only once the outcome is.
    static let outcomeWords = [
        "stage", "days in stage", "closed", "close date", "result", "won", "lost", "lost reason", "churn", "churned",
        "status", "outcome", "converted", "win reason", "loss reason",
    ]

    /// The candidates' columns that may leak the outcome: one line alone
    /// ranking the rows almost perfectly, or a header naming an outcome.
    static func leakage(_ candidates: [Candidate], rows: SparseRows, picking picked: [Int], labels: [Bool]) -> [String]
    {
        var out: [String] = []
        var flagged = Set<String>()
        let wins = labels.count { $0 }
        let losses = labels.count - wins
        guard wins > 0, losses > 0 else { return [] }
        // A column whose exclusive lines, each scored by its own win rate,
        // rank the rows nearly perfectly together (AUC ≥ 0.90: few columns
        // known before a sale do that alone) is judged below, unless one
        // of its lines is flagged alone first.
        let (groups, groupOf) = Learner.columnGroups(candidates)
        // Per candidate, the wins and losses of the rows that meet it, and
        // of the rows whose first line of its column it is (each row scores,
        // in each column, its first line's win rate): one pass over the
        // rows, a run of them on each core, the counts added up.
        let count = candidates.count
        let chunks = max(1, min(picked.count, ParallelMap.defaultThreads * 4))
        // Four counts per candidate, one after another: wins and losses met, wins and losses first.
        let counted = ParallelMap.map(count: chunks, threads: nil) { c -> [Int] in
            var tallies = [Int](repeating: 0, count: 4 * count)
            var seenIn = [Int](repeating: -1, count: groups.count)
            rows.withEntries { rows in
                for t in (c * picked.count / chunks)..<((c + 1) * picked.count / chunks) {
                    let (row, won) = (picked[t], labels[t])
                    for k in rows.starts[row]..<rows.starts[row + 1] {
                        let j = Int(rows.indices[k])
                        guard j < count else { continue }
                        tallies[(won ? 0 : count) + j] += 1
                        guard groupOf[j] >= 0, seenIn[groupOf[j]] != t else { continue }
                        seenIn[groupOf[j]] = t
                        tallies[(won ? 2 : 3) * count + j] += 1
                    }
                }
            }
            return tallies
        }
        var tallies = [Int](repeating: 0, count: 4 * count)
        for part in counted { for k in tallies.indices { tallies[k] += part[k] } }
        let (metWins, metLosses) = (Array(tallies[0..<count]), Array(tallies[count..<(2 * count)]))
        let (firstWins, firstLosses) = (Array(tallies[(2 * count)..<(3 * count)]), Array(tallies[(3 * count)...]))
        for (j, c) in candidates.enumerated() where !flagged.contains(c.column) {
            // The AUC of the line as a 0/1 score, either way round.
            let a = Double(metWins[j]) / Double(wins)
            let b = Double(metLosses[j]) / Double(losses)
            let auc = a * (1 - b) + 0.5 * (a * b + (1 - a) * (1 - b))
            if max(auc, 1 - auc) >= 0.95 {
                flagged.insert(c.column)
                out.append(
                    "\(c.column): the line \"\(c.name)\" alone ranks the training rows with AUC \(ValueFormat.decimal(max(auc, 1 - auc), grouped: false, maxFractionDigits: 3)); is it known before the outcome?"
                )
            }
        }
        let base = Double(wins) / Double(labels.count)
        // Each column's AUC from its lines' counts, the base rate for the
        // rows that meet none of them.
        let judged = groups.filter { !flagged.contains($0.key) }
        let aucs = judged.map { _, group -> Double? in
            var tallies = group.map { j in
                (
                    score: Double(metWins[j]) / Double(max(1, metWins[j] + metLosses[j])),
                    positives: firstWins[j], negatives: firstLosses[j]
                )
            }
            let (p, n) = tallies.reduce((0, 0)) { ($0.0 + $1.positives, $0.1 + $1.negatives) }
            tallies.append((base, wins - p, losses - n))
            return Statistics.auc(tallies: tallies)
        }
        for ((column, _), auc) in zip(judged, aucs) {
            if let auc, auc >= 0.9 {
                flagged.insert(column)
                out.append(
                    "\(column): its values alone rank the training rows with AUC \(ValueFormat.decimal(auc, grouped: false, maxFractionDigits: 3)); is it known before the outcome?"
                )
            }
        }
        // Standard fields (the funding stage) are known before a sale; a header is judged by its words.
        let standard = Set(AccountColumn.standard.map(\.name))
        for column in Set(candidates.map(\.column)).sorted()
        where !flagged.contains(column) && !standard.contains(column) {
            let words = column.lowercased().split { !$0.isLetter }.joined(separator: " ")
            if let word = outcomeWords.first(where: { " \(words) ".contains(" \($0) ") }) {
                out.append(
                    "\(column): the header names \"\(word)\"; if it is set only once the outcome is known (a deal's stage, a close date), leave it out with --exclude"
                )
            }
        }
        return out
    }

    /// The columns of two or more exclusive candidates (a column's values,
    /// bins and "missing"), by name, each with its candidates' positions;
    /// and each candidate's group (-1: none).
    static func columnGroups(_ candidates: [Candidate]) -> (groups: [(key: String, value: [Int])], groupOf: [Int]) {
        let groups = Dictionary(grouping: candidates.indices.filter { candidates[$0].isExclusive }) {
            candidates[$0].column
        }.sorted(by: { $0.key < $1.key }).filter { $0.value.count > 1 }
        var groupOf = [Int](repeating: -1, count: candidates.count)
        for (g, group) in groups.enumerated() { for j in group.value { groupOf[j] = g } }
        return (groups, groupOf)
    }

    /// How many of the `training` rows meet each of the first `candidates`
    /// features, and whether each of `groups` groups of them (`groupOf`
    /// each feature's, or -1) has exactly one line met in every training
    /// row: counted on every core, a run of rows each.
    static func support(
        _ rows: SparseRows, training: [Int], candidates: Int, groupOf: [Int], groups: Int
    ) -> (support: [Int], coversOnce: [Bool]) {
        let chunks = max(1, min(training.count, ParallelMap.defaultThreads * 4))
        let counted = ParallelMap.map(count: chunks, threads: nil) { c -> (support: [Int], coversOnce: [Bool]) in
            var support = [Int](repeating: 0, count: candidates)
            var coversOnce = [Bool](repeating: true, count: groups)
            var covered = [Int](repeating: 0, count: groups)
            rows.withEntries { rows in
                for t in (c * training.count / chunks)..<((c + 1) * training.count / chunks) {
                    let i = training[t]
                    for g in covered.indices { covered[g] = 0 }
                    for k in rows.starts[i]..<rows.starts[i + 1] {
                        let j = Int(rows.indices[k])
                        guard j < candidates else { continue }
                        support[j] += 1
                        if groupOf[j] >= 0 { covered[groupOf[j]] += 1 }
                    }
                    for g in covered.indices where covered[g] != 1 { coversOnce[g] = false }
                }
            }
            return (support, coversOnce)
        }
        var support = [Int](repeating: 0, count: candidates)
        var coversOnce = [Bool](repeating: true, count: groups)
        for part in counted {
            for j in 0..<candidates { support[j] += part.support[j] }
            for g in 0..<groups where !part.coversOnce[g] { coversOnce[g] = false }
        }
        return (support, coversOnce)
    }

    /// Each row's total under `rubric`, whose lines are candidates
    /// (`sources[k]` is line k's), from the degrees in `rows`.
    ///
    /// Exactly ``Rubric/summary(_:in:)``'s total: every line is a criterion
    /// line earning nothing when its answer is unknown, so a candidate a row
    /// does not meet (a degree of 0, or unknown) adds ±0 either way, and
    /// the others are added in the rubric's order with its caps.
    static func totals(_ rubric: Rubric<Account>, sources: [Int], candidates: Int, rows: SparseRows) -> [Double] {
        var positions = [Int](repeating: -1, count: candidates)
        for (k, j) in sources.enumerated() where j >= 0 && j < candidates { positions[j] = k }
        let position = positions
        let lines = sources.count
        let width = rubric.answerCount
        return ParallelMap.mapParts(count: rows.count, threads: nil) { part, out in
            let answers = UnsafeMutableBufferPointer<Double>.allocate(capacity: width)
            defer { answers.deallocate() }
            rows.withEntries { rows in
                for i in part {
                    for k in 0..<width { answers[k] = k < lines ? 0 : .nan }
                    for a in rows.starts[i]..<rows.starts[i + 1] {
                        let j = Int(rows.indices[a])
                        if j < candidates && position[j] >= 0 { answers[position[j]] = rows.value(a) }
                    }
                    (out + (i - part.lowerBound)).initialize(
                        to: rubric.summary(answers: UnsafeBufferPointer(answers)).total)
                }
            }
        }
    }

    /// The options, and the training rows' classes, checked before any work.
    package static func check(
        count: Int, labels: [Bool], candidates: [Candidate], locked: [RubricLine<Account>], options: LearningOptions
    ) throws {
        guard options.maxPoints >= 1 else { throw OutcomeError("--max-points must be at least 1") }
        guard (0..<1).contains(options.holdout) else { throw OutcomeError("--holdout must be at least 0 and below 1") }
        let training = split(count: count, holdout: options.holdout, seed: options.seed).training
        let wins = training.count { labels[$0] }
        guard wins > 0, wins < training.count else { throw OutcomeError("the training rows need both wins and losses") }
        guard !candidates.isEmpty || !locked.isEmpty else {
            throw OutcomeError("no candidate lines: every column is constant, excluded or too sparse")
        }
    }

    /// Whole points for a coefficient over the log-odds of a point, within ±`maxPoints`.
    static func points(_ raw: Double, _ maxPoints: Int) -> Int {
        Int(min(max(raw.rounded(), Double(-maxPoints)), Double(maxPoints)))
    }

    /// A seeded split: positions shuffled (Fisher–Yates with
    /// `SeededGenerator`), the first `holdout` share held out; both halves
    /// in ascending order.
    public static func split(count: Int, holdout: Double, seed: UInt64) -> (training: [Int], holdout: [Int]) {
        // One learn splits its rows several times (its candidates, its
        // checks, its fit): the last split is kept for the next.
        let key = SplitKey(count: count, holdout: holdout.bitPattern, seed: seed)
        if let last = lastSplit.withLock({ $0 }), last.key == key { return last.split }
        let split = shuffledSplit(count: count, holdout: holdout, seed: seed)
        lastSplit.withLock { $0 = (key, split) }
        return split
    }

    /// What a split is made of.
    private struct SplitKey: Equatable {
        let count: Int
        let holdout: UInt64
        let seed: UInt64
    }

    /// The last split made, for the next call with the same key.
    private static let lastSplit = Mutex<(key: SplitKey, split: (training: [Int], holdout: [Int]))?>(nil)

    /// ``split(count:holdout:seed:)`` worked out.
    private static func shuffledSplit(count: Int, holdout: Double, seed: UInt64) -> (training: [Int], holdout: [Int]) {
        var order = Array(0..<count)
        var rng = SeededGenerator(seed: seed)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) }
        }
        let held = Int((holdout * Double(count)).rounded())
        // Each half in ascending order, as sorting it would give, in one pass.
        var isHeld = [Bool](repeating: false, count: count)
        for i in order[..<held] { isHeld[i] = true }
        var training: [Int] = []
        var holdout: [Int] = []
        training.reserveCapacity(count - held)
        holdout.reserveCapacity(held)
        for i in 0..<count {
            if isHeld[i] { holdout.append(i) } else { training.append(i) }
        }
        return (training, holdout)
    }

    /// Tiers cut at score values, honouring ties: the first tier's minimum
    /// is the score whose share of rows at or above it is nearest the top
    /// `shares[0]`, the next nearest `shares[0] + shares[1]`, and so on; the
    /// last tier takes the rest. A cut that would not separate scores is
    /// left out, so every tier holds some rows.
    public static func tiers(_ totals: [Double], shares: [Double]) -> [Tier<Account>] {
        let names = ["Best fit", "Good fit", "Fair fit"]
        guard let lowest = totals.min() else { return [Tier("Bad fit")] }
        // Each distinct total's rows, counted (a few dozen whole-point
        // totals in a million rows); the share of rows at or above each.
        var counts: [Double: Int] = [:]
        for total in totals where !total.isNaN { counts[total, default: 0] += 1 }
        let values = counts.keys.sorted(by: >)
        var atOrAbove: [Double] = []
        var seen = 0
        for v in values {
            seen += counts[v, default: 0]
            atOrAbove.append(Double(seen) / Double(totals.count))
        }
        var tiers: [Tier<Account>] = []
        var taken = 0.0
        var previous = Double.infinity
        for share in shares.prefix(names.count) {
            taken += share
            let choices = values.indices.filter { values[$0] < previous && values[$0] > lowest }
            guard let k = choices.min(by: { abs(atOrAbove[$0] - taken) < abs(atOrAbove[$1] - taken) }) else { continue }
            tiers.append(Tier(names[tiers.count], minimum: .points(values[k])))
            previous = values[k]
        }
        tiers.append(Tier("Bad fit"))
        return tiers
    }
}
