/// The result of scoring one subject against a rubric: points, ratio, tier,
/// qualification, coverage, a line-by-line breakdown, knock-outs and what it
/// would take to reach the next tier.
///
/// `print(score)` gives a short report:
///
/// ```text
/// Acme Security — 6/8 points (75%), Tier 2, qualified, coverage 100%
///   ✓ 3/3  industry Security Software is Security Software
///   ✗ 0/2  employees 120 is below 200
///   ! -3/0  uses Competitor X
///   ? 0/1  country not known (no points)
///   Next tier "Tier 1": 0.4 more points; meet: employees between 200 and 2,000
/// ```
///
/// Marks: ✓ met, ~ partly met, ✗ not met, ? data missing; for lines that
/// can only take points away, ! when the penalty applied and · when not.
public struct Score: Sendable, Hashable, CustomStringConvertible {
    /// The subject's name, when its type conforms to ``ScoringSubject``.
    public var subject: String?
    /// The rubric's name.
    public var rubric: String
    /// Points earned, after caps.
    public var total: Double
    /// The most points this subject could have earned (lines left out for
    /// missing data do not count).
    public var maximum: Double
    /// The fewest points this subject could have earned.
    public var minimum: Double
    /// `total / maximum`, clamped to 0…1 (0 when the maximum is 0).
    public var ratio: Double
    /// The tier's name.
    public var tier: String
    /// The tier's position, 0 for the best.
    public var tierRank: Int
    /// Whether the subject qualifies: not disqualified, and at or above the
    /// rubric's threshold (or, with no threshold, above the lowest tier).
    public var isQualified: Bool
    /// The share (0…1) of the rubric's points, weighted by each line's
    /// range of points, whose data was known.
    public var coverage: Double
    /// One entry per rubric line, in rubric order.
    public var breakdown: [LineScore]
    /// Why the subject was knocked out; empty when it was not.
    public var disqualifications: [String]
    /// What would lift the subject into the next tier up; `nil` in the top
    /// tier, when disqualified, or when scored without explanation.
    public var gap: TierGap?
    /// Groups whose points were cut to their cap.
    public var cappedGroups: [CappedGroup]

    /// Creates a score; rubrics make these.
    public init(
        subject: String?, rubric: String, total: Double, maximum: Double, minimum: Double, ratio: Double,
        tier: String, tierRank: Int, isQualified: Bool, coverage: Double, breakdown: [LineScore],
        disqualifications: [String], gap: TierGap?, cappedGroups: [CappedGroup]
    ) {
        self.subject = subject
        self.rubric = rubric
        self.total = total
        self.maximum = maximum
        self.minimum = minimum
        self.ratio = ratio
        self.tier = tier
        self.tierRank = tierRank
        self.isQualified = isQualified
        self.coverage = coverage
        self.breakdown = breakdown
        self.disqualifications = disqualifications
        self.gap = gap
        self.cappedGroups = cappedGroups
    }

    /// Whether a disqualifier knocked the subject out.
    public var isDisqualified: Bool { !disqualifications.isEmpty }

    /// The breakdown entry of the named line.
    public func line(named name: String) -> LineScore? { breakdown.first { $0.name == name } }

    /// The lines that earned the most points, best first (ties in rubric
    /// order): the reasons a subject ranks where it does.
    public func topReasons(_ count: Int = 3) -> [LineScore] {
        let earning = breakdown.enumerated().filter { $0.element.points > 0 }
        let sorted = earning.sorted { a, b in
            a.element.points != b.element.points ? a.element.points > b.element.points : a.offset < b.offset
        }
        return sorted.prefix(max(0, count)).map(\.element)
    }

    /// A short report: the headline, one line per rubric line, knock-outs,
    /// capped groups and the gap to the next tier.
    public var description: String {
        var out = subject.map { "\($0) — " } ?? ""
        out += "\(ValueFormat.points(total))/\(ValueFormat.points(maximum)) points"
        out += " (\(ValueFormat.percent.format(ratio))), \(tier), "
        out += isQualified ? "qualified" : "not qualified"
        out += ", coverage \(ValueFormat.percent.format(coverage))"
        for line in breakdown {
            let mark: String
            switch line.status {
            case .unknown: mark = "?"
            case _ where line.possible <= 0: mark = line.points < 0 ? "!" : "·"
            case .met: mark = "✓"
            case .partial: mark = "~"
            case .unmet: mark = "✗"
            }
            let text = line.sentence.isEmpty ? line.name : line.sentence
            var row = "\n  \(mark) \(ValueFormat.points(line.points))/\(ValueFormat.points(line.possible))  \(text)"
            if let policy = line.missingPolicy { row += " (\(policy))" }
            out += row
        }
        for group in cappedGroups {
            out +=
                "\n  Capped: \(group.group) earned \(ValueFormat.points(group.uncapped)), counted \(ValueFormat.points(group.cap))"
        }
        for reason in disqualifications { out += "\n  Disqualified: \(reason)" }
        if let gap { out += "\n  \(gap)" }
        return out
    }
}

/// One rubric line's part in a score.
public struct LineScore: Sendable, Hashable {
    /// How far the line's condition held.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Fully held (degree 1; for bands, the top band).
        case met
        /// Held in part (a degree between 0 and 1, or a middle band).
        case partial
        /// Did not hold.
        case unmet
        /// The data was missing.
        case unknown
    }

    /// The line's name.
    public var name: String
    /// The line's cap group, if any.
    public var group: String?
    /// The signal category of the line.
    public var category: SignalCategory
    /// Points earned (before any group cap).
    public var points: Double
    /// The most the line can earn.
    public var possible: Double
    /// The least the line can earn.
    public var minimum: Double
    /// How far the line held, 0…1; `nil` when its data was missing. For a
    /// banded line, where its points lie between its least and most.
    public var degree: Double?
    /// The value measured, for banded lines.
    public var value: Double?
    /// The missing-data policy applied, when the data was missing.
    public var missingPolicy: MissingDataPolicy?
    /// What the criterion looked at (empty when scored without explanation).
    public var evidence: [Observation]
    /// The sentence for the outcome (empty when scored without explanation).
    public var sentence: String

    /// Creates a line score; rubrics make these.
    public init(
        name: String, group: String?, category: SignalCategory, points: Double, possible: Double,
        minimum: Double, degree: Double?, value: Double?, missingPolicy: MissingDataPolicy?,
        evidence: [Observation], sentence: String
    ) {
        self.name = name
        self.group = group
        self.category = category
        self.points = points
        self.possible = possible
        self.minimum = minimum
        self.degree = degree
        self.value = value
        self.missingPolicy = missingPolicy
        self.evidence = evidence
        self.sentence = sentence
    }

    /// The line's status, from its degree.
    public var status: Status {
        guard let degree else { return .unknown }
        if degree >= 1 { return .met }
        if degree <= 0 { return .unmet }
        return .partial
    }
}

/// What would lift a subject into the next tier up.
public struct TierGap: Sendable, Hashable, CustomStringConvertible {
    /// The next tier up.
    public var tier: String
    /// Points still needed to reach the tier's minimum (0 when only the
    /// requirement is missing).
    public var pointsNeeded: Double
    /// The smallest set of lines that, earning their most, would close the
    /// gap, in rubric order.
    public var lines: [String]
    /// The tier's requirement, as the sentence that explains why it does
    /// not hold, when it does not.
    public var requirement: String?
    /// Whether meeting lines can reach the tier's minimum at all.
    public var isReachable: Bool

    /// Creates a gap; rubrics make these.
    public init(tier: String, pointsNeeded: Double, lines: [String], requirement: String?, isReachable: Bool) {
        self.tier = tier
        self.pointsNeeded = pointsNeeded
        self.lines = lines
        self.requirement = requirement
        self.isReachable = isReachable
    }

    /// `Next tier "Tier 1": 2 more points; meet: employees between 200 and 2,000`.
    public var description: String {
        var parts: [String] = []
        if pointsNeeded > 0 {
            var text = "\(ValueFormat.points(pointsNeeded)) more point\(pointsNeeded == 1 ? "" : "s")"
            if !lines.isEmpty { text += "; meet: " + lines.joined(separator: ", ") }
            if !isReachable { text += " (not enough lines to reach it)" }
            parts.append(text)
        }
        if let requirement { parts.append("requirement not met: \(requirement)") }
        if parts.isEmpty { parts.append("already within reach") }
        return "Next tier \"\(tier)\": " + parts.joined(separator: "; ")
    }
}

/// A cap group whose earned points were cut to its cap.
public struct CappedGroup: Sendable, Hashable {
    /// The group's name.
    public var group: String
    /// The cap.
    public var cap: Double
    /// What the group's lines earned before the cap.
    public var uncapped: Double

    /// Creates a capped-group record.
    public init(group: String, cap: Double, uncapped: Double) {
        self.group = group
        self.cap = cap
        self.uncapped = uncapped
    }
}
