import ICPCore
import ICPFiles

/// A profile as the one-page ICP shows it: plain values (names, points,
/// words), taken from a `Profile` of any subject type.
public struct ProfileSheet: Sendable, Hashable {
    /// The profile's name.
    public var name: String
    /// Its version.
    public var version: String
    /// What it describes, in a sentence or two.
    public var summary: String
    /// When it was last reviewed, if ever.
    public var lastReviewed: CalendarDay?
    /// When the next review is due, if it was ever reviewed.
    public var nextReview: CalendarDay?
    /// How often it is reviewed: `3 months`.
    public var reviewInterval: String
    /// The fit rubric.
    public var fit: RubricSheet
    /// The engagement rubric, if any.
    public var engagement: RubricSheet?
    /// Who to talk to in a fitting account.
    public var personas: [Persona]

    /// Creates a sheet from its values.
    public init(
        name: String, version: String, summary: String, lastReviewed: CalendarDay?, nextReview: CalendarDay?,
        reviewInterval: String, fit: RubricSheet, engagement: RubricSheet?, personas: [Persona]
    ) {
        self.name = name
        self.version = version
        self.summary = summary
        self.lastReviewed = lastReviewed
        self.nextReview = nextReview
        self.reviewInterval = reviewInterval
        self.fit = fit
        self.engagement = engagement
        self.personas = personas
    }

    /// The sheet of a profile.
    public init<Subject>(_ profile: Profile<Subject>) {
        self.init(
            name: profile.name, version: profile.version, summary: profile.summary,
            lastReviewed: profile.lastReviewed, nextReview: profile.nextReview,
            reviewInterval: profile.reviewInterval.description, fit: RubricSheet(profile.fit),
            engagement: profile.engagement.map(RubricSheet.init), personas: profile.personas)
    }
}

/// A rubric as a report shows it.
public struct RubricSheet: Sendable, Hashable {
    /// A line: its name, its points and what it reads.
    public struct Line: Sendable, Hashable {
        /// The line's name.
        public var name: String
        /// The fewest points it gives (below zero for a penalty).
        public var minimumPoints: Double
        /// The most points it gives.
        public var maximumPoints: Double
        /// The fields and attributes it reads (`employees`, `business_type`);
        /// empty for a host's own criterion, which says nothing of its reads.
        public var reads: [String]
        /// Its cap group, if any.
        public var group: String?

        /// Creates a line.
        public init(name: String, minimumPoints: Double, maximumPoints: Double, reads: [String], group: String?) {
            self.name = name
            self.minimumPoints = minimumPoints
            self.maximumPoints = maximumPoints
            self.reads = reads
            self.group = group
        }
    }

    /// A fit level: its name and what it takes, in words.
    public struct Level: Sendable, Hashable {
        /// The tier's name.
        public var name: String
        /// What it takes: `US-based, over 500 employees, security software,
        /// makes and sells; at least 60% of the points`. Empty for the last,
        /// catch-all tier.
        public var words: String

        /// Creates a level.
        public init(name: String, words: String) {
            self.name = name
            self.words = words
        }
    }

    /// The rubric's name.
    public var name: String
    /// Its lines, in order.
    public var lines: [Line]
    /// Its tiers, best first.
    public var levels: [Level]
    /// Its knock-outs, by reason.
    public var disqualifiers: [String]
    /// The most points a subject can earn.
    public var maximumPoints: Double
    /// The qualification threshold, in words, if any.
    public var threshold: String?
    /// Cap groups and their caps, by name.
    public var caps: [String: Double]

    /// Creates a sheet from its values.
    public init(
        name: String, lines: [Line], levels: [Level], disqualifiers: [String], maximumPoints: Double,
        threshold: String?, caps: [String: Double]
    ) {
        self.name = name
        self.lines = lines
        self.levels = levels
        self.disqualifiers = disqualifiers
        self.maximumPoints = maximumPoints
        self.threshold = threshold
        self.caps = caps
    }

    /// The sheet of a rubric.
    public init<Subject>(_ rubric: Rubric<Subject>) {
        var conditions: [(Condition, String)] = []
        let lines = rubric.lines.map { line -> Line in
            let read: FieldsRead?
            switch line.scoring {
            case .criterion(let c, _):
                if let condition = c.condition { conditions.append((condition, line.name)) }
                read = c.condition.map(FieldsRead.init)
            case .bands(let s, _, _):
                read = s.operand.map(FieldsRead.init)
            }
            let reads = (read?.fields.map(\.rawValue) ?? []).sorted() + (read?.attributes.map(\.folded) ?? []).sorted()
            return Line(
                name: line.name, minimumPoints: line.minimumPoints, maximumPoints: line.maximumPoints, reads: reads,
                group: line.group)
        }
        // A requirement in the words of the lines that test the same thing.
        func words(_ condition: Condition) -> String? {
            if let name = conditions.first(where: { $0.0 == condition })?.1 { return name }
            switch condition {
            case .all(let parts):
                let named = parts.map(words)
                return named.contains(nil) ? nil : named.compactMap { $0 }.joined(separator: ", ")
            case .any(let parts):
                let named = parts.map(words)
                return named.contains(nil) ? nil : "(" + named.compactMap { $0 }.joined(separator: " or ") + ")"
            case .atLeast(let k, let parts):
                let named = parts.map(words)
                return named.contains(nil)
                    ? nil : "at least \(k) of (" + named.compactMap { $0 }.joined(separator: ", ") + ")"
            default:
                return nil
            }
        }
        let levels = rubric.tiers.map { tier -> Level in
            var parts: [String] = []
            if let requirement = tier.requirement {
                parts.append(requirement.condition.flatMap(words) ?? requirement.name)
            }
            if let minimum = tier.minimum {
                let points = minimum.points(forMaximum: rubric.maximumPoints)
                parts.append(
                    "\(minimum) (\(ValueFormat.points(points)) of \(ValueFormat.points(rubric.maximumPoints)) points)")
            }
            return Level(name: tier.name, words: parts.joined(separator: "; "))
        }
        self.init(
            name: rubric.name, lines: lines, levels: levels,
            disqualifiers: rubric.disqualifiers.map { $0.reason ?? $0.criterion.name },
            maximumPoints: rubric.maximumPoints, threshold: rubric.threshold?.description, caps: rubric.caps)
    }
}

/// What a report shows of the accounts given: how many, the tier mix, how
/// often each fit line is met, and the best few with their reasons.
public struct AccountsSheet: Sendable, Hashable {
    /// One of the best accounts.
    public struct Top: Sendable, Hashable {
        /// The account's id.
        public var id: String
        /// Its name.
        public var name: String
        /// Its fit tier.
        public var tier: String
        /// Its fit points.
        public var points: Double
        /// The most it could have had.
        public var maximum: Double
        /// The lines that earned most, best first (at most three).
        public var reasons: [String]
        /// Why it was knocked out, if it was.
        public var disqualification: String?
        /// Its buying committee's coverage (`2 of 3 roles; needs Security
        /// leader`), when contacts were given.
        public var committee: String?

        /// Creates an entry from its values.
        public init(
            id: String, name: String, tier: String, points: Double, maximum: Double, reasons: [String],
            disqualification: String?, committee: String? = nil
        ) {
            self.id = id
            self.name = name
            self.tier = tier
            self.points = points
            self.maximum = maximum
            self.reasons = reasons
            self.disqualification = disqualification
            self.committee = committee
        }

        /// An entry from an account's fit score (and its committee's coverage).
        public init(id: String, name: String, fit: Score, committee: CommitteeCoverage? = nil) {
            self.init(
                id: id, name: name, tier: fit.tier, points: fit.total, maximum: fit.maximum,
                reasons: fit.topReasons(3).map(\.name), disqualification: fit.disqualifications.first,
                committee: committee.map { c in
                    let covered = c.roles.count { $0.isCovered }
                    let needs = c.missingRequired.isEmpty ? "" : "; needs " + c.missingRequired.joined(separator: ", ")
                    return "\(covered) of \(c.roles.count) roles\(needs)"
                })
        }
    }

    /// The fit counts: accounts, per line known and met, per tier.
    public var tally: LintTally
    /// The best accounts, best first.
    public var top: [Top]

    /// Creates a sheet from a tally (counted as the accounts were read)
    /// and the best accounts.
    public init(tally: LintTally, top: [Top]) {
        self.tally = tally
        self.top = top
    }

    /// Whether an account ranks before another by fit: tier, then points
    /// (more first), then id.
    public static func ranksBefore(_ a: (id: String, fit: ScoreSummary), _ b: (id: String, fit: ScoreSummary)) -> Bool {
        a.fit.tierRank != b.fit.tierRank
            ? a.fit.tierRank < b.fit.tierRank : a.fit.total != b.fit.total ? a.fit.total > b.fit.total : a.id < b.id
    }

    /// The sheet of accounts in memory: each scored as of `day`, the best
    /// `top` kept by fit (``ranksBefore(_:_:)``).
    public init(profile: Profile<Account>, accounts: [Account], asOf day: CalendarDay, top: Int = 10) {
        let context = EvaluationContext(asOf: day)
        var tally = LintTally(profile)
        var best = TopN<(Account, ScoreSummary)>(max(0, top)) { a, b in
            AccountsSheet.ranksBefore((a.0.id, a.1), (b.0.id, b.1))
        }
        for account in accounts {
            tally.add(account, of: profile, in: context)
            best.add((account, profile.fit.summary(account, in: context)))
        }
        self.init(
            tally: tally,
            top: best.sorted.map { Top(id: $0.0.id, name: $0.0.name, fit: profile.fit.score($0.0, in: context)) })
    }

    /// How many accounts.
    public var count: Int { tally.count }
}
