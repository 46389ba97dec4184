import ICPCore

/// How one tier did: its accounts, wins, win rate and lift, what its wins
/// were worth, and a bootstrap interval for its win rate.
public struct TierOutcome: Sendable, Hashable {
    /// The tier's name.
    public var tier: String
    /// Accounts in the tier.
    public var accounts: Int
    /// Wins among them.
    public var wins: Int
    /// Wins over accounts; 0 for an empty tier.
    public var winRate: Double
    /// The win rate over the base rate of the whole set.
    public var lift: Double
    /// The mean deal value of the tier's wins that have one.
    public var averageDealValue: Double?
    /// The mean sales-cycle days of the tier's wins that have them.
    public var averageCycleDays: Double?
    /// The share of the tier's wins that churned, among those known.
    public var churnRate: Double?
    /// The bootstrap confidence interval of the win rate; `nil` for an
    /// empty tier or without resampling.
    public var interval: ClosedRange<Double>?
}

/// One row of a capture table: how many of all wins the top share of
/// accounts by score holds.
public struct CaptureRow: Sendable, Hashable {
    /// The share of accounts, best scores first (0.1 = the top 10%).
    public var share: Double
    /// How many accounts that is (rounded up).
    public var accounts: Int
    /// Wins among them.
    public var wins: Int
    /// Their share of all wins.
    public var shareOfWins: Double
    /// Their win rate.
    public var winRate: Double
    /// Their win rate over the base rate.
    public var lift: Double
}

/// Whether a line tells winners from the rest.
public struct LineOutcome: Sendable, Hashable {
    /// What the numbers say about a line.
    public enum Verdict: String, Sendable, Hashable {
        /// Met lines win clearly more (for positive points) or less (for negative).
        case signal
        /// The difference is within what chance gives across this many lines
        /// (not a discovery under Benjamini–Hochberg at 5%).
        case noise
        /// The difference is clear but opposite to the line's points.
        case contradicts
        /// Too few accounts on one side to tell (fewer than 10).
        case thin
    }

    /// The line's name.
    public var line: String
    /// The most points it can give (or its most negative, for a penalty).
    public var points: Double
    /// Accounts that met it (earned more than its floor).
    public var met: Int
    /// Wins among them.
    public var metWins: Int
    /// Accounts that did not (including unknown data).
    public var unmet: Int
    /// Wins among them.
    public var unmetWins: Int
    /// Win rate when met.
    public var metRate: Double
    /// Win rate when not.
    public var unmetRate: Double
    /// `metRate / unmetRate`; infinity when no unmet account won.
    public var lift: Double
    /// The two-proportion z statistic (met against unmet).
    public var z: Double
    /// Its two-sided p-value.
    public var pValue: Double
    /// The verdict.
    public var verdict: Verdict
}

/// One score decile: how often its accounts won.
public struct CalibrationRow: Sendable, Hashable {
    /// The decile, 1 for the top tenth by score.
    public var decile: Int
    /// Accounts in it.
    public var accounts: Int
    /// Wins among them.
    public var wins: Int
    /// Their win rate.
    public var winRate: Double
    /// The lowest and highest score in it.
    public var scores: ClosedRange<Double>
}

/// What the AUC and its interval say about a score.
public enum AUCVerdict: String, Sendable, Hashable {
    /// The interval's lower end is at least 0.60.
    case separates
    /// The interval lies above 0.50, but reaches below 0.60.
    case weak
    /// The interval includes 0.50: no better than chance.
    case noSignal = "no signal"
    /// The interval lies below 0.50: losses score higher than wins.
    case reversed

    /// The verdict of an AUC's interval (or of the AUC alone, without one).
    public init(auc: Double, interval: ClosedRange<Double>?) {
        let range = interval ?? auc...auc
        if range.upperBound < 0.5 {
            self = .reversed
        } else if range.lowerBound >= 0.6 {
            self = .separates
        } else if range.lowerBound > 0.5 {
            self = .weak
        } else {
            self = .noSignal
        }
    }
}

/// Does a profile separate winners from the rest? The figures of
/// ``Validation/run(scores:outcomes:tiers:bootstrap:)``.
public struct ValidationReport: Sendable, Hashable {
    /// Accounts with an outcome.
    public var accounts: Int
    /// Wins among them.
    public var wins: Int
    /// Wins over accounts.
    public var baseRate: Double
    /// ROC AUC of the score (ties counted half).
    public var auc: Double
    /// The Kolmogorov–Smirnov statistic of the score.
    public var ks: Double
    /// `2 × AUC − 1`.
    public var gini: Double
    /// The bootstrap interval of the AUC; `nil` without resampling.
    public var aucInterval: ClosedRange<Double>?
    /// What the AUC and its interval say.
    public var verdict: AUCVerdict
    /// Win rate per score decile, top first.
    public var calibration: [CalibrationRow]
    /// Per tier, best first.
    public var tiers: [TierOutcome]
    /// Top 10%, 20% … 100% by score.
    public var capture: [CaptureRow]
    /// Per rubric line, in rubric order.
    public var lines: [LineOutcome]
    /// How the tier intervals were drawn.
    public var bootstrap: Bootstrap
    /// The ROC curve of the score (at most 200 points).
    public var roc: [ROCPoint]
    /// The scores of wins and of losses, binned.
    public var distribution: [ScoreBin]
}

/// Seeded resampling for confidence intervals.
public struct Bootstrap: Sendable, Hashable {
    /// How many resamples (0 for no intervals).
    public var resamples: Int
    /// The confidence level, e.g. 0.95.
    public var confidence: Double
    /// The seed: the same seed gives the same intervals.
    public var seed: UInt64

    /// Creates the settings; 1,000 resamples at 95% by default.
    public init(resamples: Int = 1_000, confidence: Double = 0.95, seed: UInt64 = 1) {
        self.resamples = resamples
        self.confidence = confidence
        self.seed = seed
    }
}

/// Validates scores against outcomes.
public enum Validation {
    /// Scores accounts with a rubric (points only) and validates them.
    ///
    /// - Throws: ``OutcomeError`` when the counts differ or one class is missing.
    public static func run<Subject: Sendable>(
        _ rubric: Rubric<Subject>, accounts: [Subject], outcomes: [Outcome], asOf day: CalendarDay,
        bootstrap: Bootstrap = Bootstrap()
    ) throws -> ValidationReport {
        // Each score is read as it is made and only its totals, tier and
        // which lines held are kept: memory stays a few bytes per line and row.
        let context = EvaluationContext(asOf: day)
        let rows = ParallelMap.map(count: accounts.count, threads: nil) { i in
            Scored.Row(rubric.score(accounts[i], in: context, detail: .pointsOnly))
        }
        return try run(
            Scored(rows: rows, of: rubric), outcomes: outcomes, tiers: rubric.tiers.map(\.name), bootstrap: bootstrap)
    }

    /// Validates scores (with their line breakdowns) against outcomes.
    ///
    /// - Parameters:
    ///   - scores: One score per account; the ranking uses `total`.
    ///   - outcomes: One outcome per score, in the same order.
    ///   - tiers: The rubric's tier names, best first.
    ///   - bootstrap: How to draw the tier win-rate intervals.
    /// - Throws: ``OutcomeError`` when the counts differ or one class is missing.
    public static func run(
        scores: [Score], outcomes: [Outcome], tiers: [String], bootstrap: Bootstrap = Bootstrap()
    ) throws -> ValidationReport {
        let lines = (scores.first?.breakdown ?? []).map {
            Scored.Line(name: $0.name, possible: $0.possible, minimum: $0.minimum)
        }
        return try run(
            Scored(rows: scores.map(Scored.Row.init), lines: lines), outcomes: outcomes, tiers: tiers,
            bootstrap: bootstrap)
    }

    /// What validation reads of the scores, compactly: each row's total,
    /// tier and which lines held (met or in part).
    package struct Scored {
        package struct Row: Sendable {
            let total: Double
            let tierRank: Int
            let held: [Bool]

            package init(_ score: Score) {
                total = score.total
                tierRank = score.tierRank
                held = score.breakdown.map { $0.status == .met || $0.status == .partial }
            }

            /// A row from its total, tier and which lines held (met or partial).
            package init(total: Double, tierRank: Int, held: [Bool]) {
                self.total = total
                self.tierRank = tierRank
                self.held = held
            }
        }
        struct Line {
            let name: String
            let possible: Double
            let minimum: Double
        }
        let rows: [Row]
        let lines: [Line]

        init(rows: [Row], lines: [Line]) {
            self.rows = rows
            self.lines = lines
        }

        /// Rows scored with a rubric, and its lines.
        package init<Subject>(rows: [Row], of rubric: Rubric<Subject>) {
            self.init(
                rows: rows,
                lines: rubric.lines.map { line in
                    Line(name: line.name, possible: line.maximumPoints, minimum: line.minimumPoints)
                })
        }
    }

    package static func run(_ scored: Scored, outcomes: [Outcome], tiers: [String], bootstrap: Bootstrap) throws
        -> ValidationReport
    {
        guard scored.rows.count == outcomes.count else {
            throw OutcomeError("\(scored.rows.count) scores but \(outcomes.count) outcomes")
        }
        let labels = outcomes.map(\.won)
        let totals = scored.rows.map(\.total)
        guard let auc = Statistics.auc(scores: totals, labels: labels),
            let ks = Statistics.ks(scores: totals, labels: labels)
        else { throw OutcomeError("outcomes need both wins and losses") }
        let wins = labels.count { $0 }
        let base = Double(wins) / Double(labels.count)
        let ranks = tierRanks(scored.rows.map(\.tierRank), tiers: tiers.count)
        // The AUC's and the tiers' intervals from the same resamples: the
        // draws of one pass, counted both ways (the same counts as two passes
        // with the same seed).
        var interval: ClosedRange<Double>?
        var tierCounts: [[Int]]?
        if bootstrap.resamples > 0, !ranks.isEmpty {
            let (cells, levels) = Statistics.aucCells(scores: totals, labels: labels)
            let (aucCounts, counts) = Statistics.resampleCounts(
                cells, cells: 2 * levels, tierCells(ranks, labels), cells: 2 * tiers.count,
                resamples: bootstrap.resamples, seed: bootstrap.seed)
            interval = Statistics.aucInterval(aucCounts, levels: levels, confidence: bootstrap.confidence)
            tierCounts = counts
        }
        return ValidationReport(
            accounts: scored.rows.count, wins: wins, baseRate: base, auc: auc, ks: ks, gini: 2 * auc - 1,
            aucInterval: interval, verdict: AUCVerdict(auc: auc, interval: interval),
            calibration: calibration(scores: totals, labels: labels),
            tiers: tierOutcomes(
                ranks, outcomes, tiers, base: base, bootstrap: bootstrap, resampled: tierCounts),
            capture: capture(scores: totals, labels: labels),
            lines: lineOutcomes(scored, labels), bootstrap: bootstrap,
            roc: Statistics.roc(scores: totals, labels: labels),
            distribution: Statistics.distribution(scores: totals, labels: labels))
    }

    /// The capture table at the given shares (10%, 20% … 100% by default):
    /// accounts ranked by score, best first, ties in input order.
    public static func capture(
        scores: [Double], labels: [Bool], shares: [Double] = (1...10).map { Double($0) / 10 }
    ) -> [CaptureRow] {
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        let total = labels.count { $0 }
        let base = labels.isEmpty ? 0 : Double(total) / Double(labels.count)
        var prefix = [0]
        for i in order { prefix.append(prefix[prefix.count - 1] + (labels[i] ? 1 : 0)) }
        return shares.map { share in
            let n = min(order.count, Int((share * Double(order.count) - 1e-9).rounded(.up)))
            let w = prefix[n]
            let rate = n == 0 ? 0 : Double(w) / Double(n)
            return CaptureRow(
                share: share, accounts: n, wins: w, shareOfWins: total == 0 ? 0 : Double(w) / Double(total),
                winRate: rate, lift: base == 0 ? 0 : rate / base)
        }
    }

    /// Win rates per score decile, top first: accounts ranked by score
    /// (ties in input order) and cut into ten groups of equal size.
    public static func calibration(scores: [Double], labels: [Bool]) -> [CalibrationRow] {
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        guard !order.isEmpty else { return [] }
        return (0..<10).compactMap { d in
            let lo = order.count * d / 10
            let hi = order.count * (d + 1) / 10
            guard hi > lo else { return nil }
            let members = order[lo..<hi]
            let wins = members.count { labels[$0] }
            let values = members.map { scores[$0] }
            return CalibrationRow(
                decile: d + 1, accounts: members.count, wins: wins, winRate: Double(wins) / Double(members.count),
                scores: (values.min() ?? 0)...(values.max() ?? 0))
        }
    }

    static func tierOutcomes(
        _ tierRanks: [Int], _ outcomes: [Outcome], _ tiers: [String], base: Double, bootstrap: Bootstrap,
        resampled: [[Int]]? = nil
    ) -> [TierOutcome] {
        let ranks = Validation.tierRanks(tierRanks, tiers: tiers.count)
        let intervals = Validation.intervals(
            ranks, outcomes.map(\.won), tiers: tiers.count, bootstrap: bootstrap, resampled: resampled)
        return tiers.indices.map { t in
            let members = ranks.indices.filter { ranks[$0] == t }
            let won = members.filter { outcomes[$0].won }
            let rate = members.isEmpty ? 0 : Double(won.count) / Double(members.count)
            func mean(_ values: [Double]) -> Double? {
                values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            }
            let churn = won.compactMap { outcomes[$0].churned }
            return TierOutcome(
                tier: tiers[t], accounts: members.count, wins: won.count, winRate: rate,
                lift: base == 0 ? 0 : rate / base, averageDealValue: mean(won.compactMap { outcomes[$0].dealValue }),
                averageCycleDays: mean(won.compactMap { outcomes[$0].cycleDays }),
                churnRate: churn.isEmpty ? nil : Double(churn.count { $0 }) / Double(churn.count),
                interval: intervals[t])
        }
    }

    /// Tier ranks within the tiers there are.
    static func tierRanks(_ ranks: [Int], tiers: Int) -> [Int] {
        ranks.map { min(max($0, 0), max(tiers - 1, 0)) }
    }

    /// Each row's tier and outcome in one number (tier × 2 + won).
    static func tierCells(_ ranks: [Int], _ won: [Bool]) -> [UInt32] {
        zip(ranks, won).map { UInt32($0.0) << 1 | ($0.1 ? 1 : 0) }
    }

    /// Percentile intervals of each tier's win rate over resamples of the
    /// whole set (drawn with replacement, seeded); a resample in which a
    /// tier is empty gives that tier no value.
    /// With `resampled`, each resample's counts of ``tierCells(_:_:)``
    /// already drawn (with the bootstrap's seed).
    static func intervals(
        _ ranks: [Int], _ won: [Bool], tiers: Int, bootstrap: Bootstrap, resampled: [[Int]]? = nil
    ) -> [ClosedRange<Double>?] {
        guard bootstrap.resamples > 0, !ranks.isEmpty else {
            return [ClosedRange<Double>?](repeating: nil, count: tiers)
        }
        var rates = [[Double]](repeating: [], count: tiers)
        let resamples =
            resampled
            ?? Statistics.resampleCounts(
                tierCells(ranks, won), cells: 2 * tiers, resamples: bootstrap.resamples, seed: bootstrap.seed)
        for counts in resamples {
            for t in 0..<tiers {
                let count = counts[2 * t] + counts[2 * t + 1]
                if count > 0 { rates[t].append(Double(counts[2 * t + 1]) / Double(count)) }
            }
        }
        let tail = (1 - bootstrap.confidence) / 2
        return rates.map { r in
            let sorted = r.sorted()
            guard let lo = Statistics.quantile(sorted: sorted, tail),
                let hi = Statistics.quantile(sorted: sorted, 1 - tail)
            else { return nil }
            return lo...hi
        }
    }

    /// Each line met against not met, with a verdict corrected for testing
    /// many lines at once (Benjamini–Hochberg at 5% over the lines that are
    /// not thin).
    static func lineOutcomes(_ scored: Scored, _ labels: [Bool]) -> [LineOutcome] {
        var lines = rawLineOutcomes(scored, labels)
        let tested = lines.indices.filter { lines[$0].verdict != .thin }
        let found = Statistics.benjaminiHochberg(tested.map { lines[$0].pValue })
        for (k, l) in tested.enumerated() {
            lines[l].verdict = found[k] ? ((lines[l].z > 0) == (lines[l].points >= 0) ? .signal : .contradicts) : .noise
        }
        return lines
    }

    static func rawLineOutcomes(_ scored: Scored, _ labels: [Bool]) -> [LineOutcome] {
        guard !scored.rows.isEmpty else { return [] }
        return scored.lines.indices.map { l in
            var met = 0
            var metWins = 0
            var unmetWins = 0
            for (row, won) in zip(scored.rows, labels) {
                if row.held[l] {
                    met += 1
                    if won { metWins += 1 }
                } else if won {
                    unmetWins += 1
                }
            }
            let unmet = scored.rows.count - met
            let line = scored.lines[l]
            let points = line.possible > 0 ? line.possible : line.minimum
            let metRate = met == 0 ? 0 : Double(metWins) / Double(met)
            let unmetRate = unmet == 0 ? 0 : Double(unmetWins) / Double(unmet)
            let z = Statistics.z(metWins, of: met, against: unmetWins, of: unmet)
            return LineOutcome(
                line: line.name, points: points, met: met, metWins: metWins, unmet: unmet, unmetWins: unmetWins,
                metRate: metRate, unmetRate: unmetRate,
                lift: unmetRate == 0 ? (metRate > 0 ? .infinity : 0) : metRate / unmetRate, z: z,
                pValue: Statistics.pValue(z: z), verdict: met < 10 || unmet < 10 ? .thin : .noise)
        }
    }
}
