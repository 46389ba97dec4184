#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A measurable profile: ordered lines worth points, with optional caps,
/// disqualifiers, a missing-data policy, a qualifying threshold and tiers.
///
/// ```swift
/// let fit = try Rubric<Account>("Mid-market security software", threshold: .points(6)) {
///     Industry.oneOf("Security Software").points(3)
///     Employees.between(200...2_000).points(2)
///     Location.in(.northAmerica).points(1)
///     TechStack.usesAny("Salesforce", "Okta").points(2)
///     TechStack.usesAny("Competitor X").points(-3)
/// }
/// let score = fit.score(acme, asOf: CalendarDay(2026, 11, 23))
/// print(score)   // Acme — 8/8 points (100%), Tier 1, qualified …
/// ```
///
/// Building a rubric checks it and throws a ``RubricError`` naming the
/// offending line or tier: an empty rubric, duplicate line names, non-finite
/// points or bands, bands out of order, a threshold or tier above the
/// maximum reachable points, tiers out of order, a last tier that does not
/// take everyone. A rubric that exists is one that can be scored.
///
/// Scoring is a pure function of the subject and the context: the same
/// inputs give the same ``Score`` on any thread, in any order.
public struct Rubric<Subject>: Sendable {
    /// The rubric's name, used in reports and errors.
    public let name: String
    /// The scoring lines, in order.
    public let lines: [RubricLine<Subject>]
    /// Knock-outs that force the lowest tier.
    public let disqualifiers: [Disqualifier<Subject>]
    /// The most points each named group of lines may add up to; a group's
    /// earned points above its cap are cut to the cap, so one noisy signal
    /// cannot inflate a score.
    public let caps: [String: Double]
    /// What a line whose data is missing is worth, unless the line says otherwise.
    public let missingData: MissingDataPolicy
    /// The minimum that qualifies a subject; with none, a subject qualifies
    /// when it is not in the lowest tier.
    public let threshold: ScoreThreshold?
    /// The tiers, best first; the last takes everyone.
    public let tiers: [Tier<Subject>]

    /// The rubric's arithmetic, resolved once when it is built.
    package let tally: Tally
    /// How each line is asked about a subject or a run of them: a criterion
    /// line's degrees, a banded line's values.
    let lineAnswer: [any RunAnswer<Subject>]
    /// How each disqualifier is asked.
    let disqualifierAnswer: [any RunAnswer<Subject>]
    /// Each line's signal category, read once: asking a line's criterion
    /// for it on every score costs a call through the existential.
    private let lineCategory: [SignalCategory]

    /// The most points a subject can earn with all its data known.
    public let maximumPoints: Double
    /// The fewest points a subject can earn with all its data known.
    public let minimumPoints: Double

    /// Builds and checks a rubric written with a ``RubricBuilder`` block.
    ///
    /// - Parameters:
    ///   - name: The rubric's name.
    ///   - missingData: The default missing-data policy (``MissingDataPolicy/noPoints``).
    ///   - threshold: The qualifying minimum, if any.
    ///   - tiers: The tiers, best first; empty uses ``Tier/defaults``.
    ///   - caps: Caps by group name.
    ///   - content: The lines and disqualifiers.
    /// - Throws: ``RubricError`` when the rubric cannot be scored sensibly,
    ///   or any error the content block throws.
    public init(
        _ name: String,
        missingData: MissingDataPolicy = .noPoints,
        threshold: ScoreThreshold? = nil,
        tiers: [Tier<Subject>] = [],
        caps: [String: Double] = [:],
        @RubricBuilder<Subject> content: () throws -> [RubricComponent<Subject>]
    ) throws {
        var lines: [RubricLine<Subject>] = []
        var disqualifiers: [Disqualifier<Subject>] = []
        for component in try content() {
            switch component {
            case .line(let line): lines.append(line)
            case .disqualifier(let d): disqualifiers.append(d)
            }
        }
        try self.init(
            name: name, lines: lines, disqualifiers: disqualifiers, caps: caps,
            missingData: missingData, threshold: threshold, tiers: tiers)
    }

    /// Builds and checks a rubric from its parts.
    ///
    /// - Throws: ``RubricError`` naming what is wrong.
    public init(
        name: String,
        lines: [RubricLine<Subject>],
        disqualifiers: [Disqualifier<Subject>] = [],
        caps: [String: Double] = [:],
        missingData: MissingDataPolicy = .noPoints,
        threshold: ScoreThreshold? = nil,
        tiers: [Tier<Subject>] = []
    ) throws {
        self.name = name
        self.lines = lines
        self.disqualifiers = disqualifiers
        self.caps = caps
        self.missingData = missingData
        self.threshold = threshold
        self.tiers = tiers.isEmpty ? Tier.defaults : tiers

        guard !lines.isEmpty else { throw RubricError.empty(rubric: name) }
        try Rubric.checkLines(lines, rubric: name, defaultPolicy: missingData)

        for group in caps.keys.sorted() {
            let cap = caps[group] ?? 0
            guard cap.isFinite, cap > 0 else { throw RubricError.invalidCap(rubric: name, group: group, cap: cap) }
            guard lines.contains(where: { $0.group == group }) else {
                throw RubricError.capForUnknownGroup(rubric: name, group: group)
            }
        }
        let tally = Tally(
            lines: lines, defaultPolicy: missingData, caps: caps, disqualifierCount: disqualifiers.count,
            tierMinimum: self.tiers.map(\.minimum), tierHasRequirement: self.tiers.map { $0.requirement != nil },
            threshold: threshold)
        self.tally = tally
        self.lineAnswer = lines.map { line in
            switch line.scoring {
            case .criterion(let c, _): runAnswer(degreesOf: c)
            case .bands(let signal, _, _): runAnswer(valuesOf: signal)
            }
        }
        self.disqualifierAnswer = disqualifiers.map { runAnswer(degreesOf: $0.criterion) }
        self.lineCategory = lines.map(\.category)

        let nominal = tally.sums(
            earned: tally.lines.map(\.maximum), excluded: [Bool](repeating: false, count: lines.count))
        self.maximumPoints = nominal.maximum
        self.minimumPoints = nominal.minimum

        if let threshold {
            guard Rubric.isValid(threshold) else {
                throw RubricError.invalidThreshold(rubric: name, threshold: threshold, owner: "qualifying threshold")
            }
            guard threshold.isReached(total: maximumPoints, maximum: maximumPoints) else {
                throw RubricError.thresholdUnreachable(rubric: name, threshold: threshold, maximum: maximumPoints)
            }
        }
        try Rubric.checkTiers(self.tiers, rubric: name, maximum: maximumPoints)
    }

    /// Scores a subject as of a day (00:00 UTC).
    public func score(_ subject: Subject, asOf day: CalendarDay, detail: ScoringDetail = .explained) -> Score {
        score(subject, in: EvaluationContext(asOf: day), detail: detail)
    }

    /// Scores a subject as of an instant.
    public func score(_ subject: Subject, asOf date: Date, detail: ScoringDetail = .explained) -> Score {
        score(subject, in: EvaluationContext(asOf: date), detail: detail)
    }

    /// Scores a subject.
    ///
    /// - Parameters:
    ///   - subject: What to score.
    ///   - context: The "as of" date and anything else criteria may read.
    ///   - detail: ``ScoringDetail/explained`` (the default) adds evidence,
    ///     sentences and the gap to the next tier; ``ScoringDetail/pointsOnly``
    ///     skips all text for bulk ranking.
    /// - Complexity: O(*n*) criteria evaluations for *n* lines, plus
    ///   O(*n*²) arithmetic for the gap when explained.
    @_specialize(exported:true,where Subject == Account)
    @_specialize(exported:true,where Subject == Contact)
    public func score(_ subject: Subject, in context: EvaluationContext, detail: ScoringDetail = .explained) -> Score {
        let explained = detail == .explained
        let count = lines.count
        var earned = [Double](repeating: 0, count: count)
        var excluded = [Bool](repeating: false, count: count)
        var breakdown: [LineScore] = []
        breakdown.reserveCapacity(count)
        var knownWeight = 0.0

        for index in 0..<count {
            let line = lines[index]
            var evaluation: Evaluation?
            var value: Double?
            var known = true
            var points = 0.0
            var degree: Double?
            switch line.scoring {
            case .criterion(let criterion, let linePoints):
                if explained {
                    let e = criterion.evaluate(subject, in: context)
                    evaluation = e
                    degree = e.degree
                } else {
                    degree = criterion.degree(of: subject, in: context)
                }
                if let d = degree { points = linePoints * d } else { known = false }
            case .bands(let signal, let bands, let otherwise):
                if let v = signal.measure(subject, in: context), v.isFinite {
                    value = v
                    points = bands.first(where: { v >= $0.threshold })?.points ?? otherwise
                    let range = tally.lines[index].maximum - tally.lines[index].minimum
                    degree = range > 0 ? (points - tally.lines[index].minimum) / range : 1
                    if explained { evaluation = Rubric.bandEvaluation(signal, value: v, bands: bands) }
                } else {
                    known = false
                    if explained { evaluation = Rubric.bandEvaluation(signal, value: nil, bands: bands) }
                }
            }
            var policy: MissingDataPolicy?
            if !known {
                let p = line.missingData ?? missingData
                policy = p
                switch p {
                case .noPoints: points = 0
                case .excludeFromMaximum: points = 0; excluded[index] = true
                case .fixedPoints(let fixed): points = fixed
                }
            }
            earned[index] = points
            if known { knownWeight += tally.lines[index].maximum - tally.lines[index].minimum }
            breakdown.append(
                LineScore(
                    name: line.name, group: line.group, category: lineCategory[index], points: points,
                    possible: tally.lines[index].maximum, minimum: tally.lines[index].minimum, degree: degree,
                    value: value,
                    missingPolicy: policy, evidence: evaluation?.evidence ?? [],
                    sentence: evaluation?.sentence ?? ""))
        }

        let sums = tally.sums(earned: earned, excluded: excluded)
        var capped: [CappedGroup] = []
        for (g, name) in tally.capNames.enumerated() where sums.groupEarned[g] > tally.caps[g] {
            capped.append(CappedGroup(group: name, cap: tally.caps[g], uncapped: sums.groupEarned[g]))
        }

        var disqualifications: [String] = []
        for d in disqualifiers {
            if explained {
                let e = d.criterion.evaluate(subject, in: context)
                if e.isMet { disqualifications.append(d.reason ?? e.sentence) }
            } else if (d.criterion.degree(of: subject, in: context) ?? 0) >= 0.5 {
                disqualifications.append(d.reason ?? d.criterion.name)
            }
        }

        let total = sums.total
        let maximum = sums.maximum
        var tierIndex = tiers.count - 1
        if disqualifications.isEmpty {
            for (i, tier) in tiers.enumerated() where holds(tier, subject, context, total: total, maximum: maximum) {
                tierIndex = i
                break
            }
        }
        let qualified =
            disqualifications.isEmpty
            && (threshold.map { $0.isReached(total: total, maximum: maximum) } ?? (tierIndex < tiers.count - 1))

        var gap: TierGap?
        if explained, disqualifications.isEmpty, tierIndex > 0 {
            gap = self.gap(to: tierIndex - 1, subject, context, earned: earned, excluded: excluded)
        }

        return Score(
            subject: (subject as? any ScoringSubject)?.scoringLabel,
            rubric: name, total: total, maximum: maximum, minimum: sums.minimum,
            ratio: maximum > 0 ? min(1, max(0, total / maximum)) : 0,
            tier: tiers[tierIndex].name, tierRank: tierIndex, isQualified: qualified,
            coverage: tally.totalWeight > 0 ? knownWeight / tally.totalWeight : 1,
            breakdown: breakdown, disqualifications: disqualifications, gap: gap, cappedGroups: capped)
    }

    private func holds(
        _ tier: Tier<Subject>, _ subject: Subject, _ context: EvaluationContext, total: Double, maximum: Double
    ) -> Bool {
        if let minimum = tier.minimum, !minimum.isReached(total: total, maximum: maximum) { return false }
        if let requirement = tier.requirement, (requirement.degree(of: subject, in: context) ?? 0) < 0.5 {
            return false
        }
        return true
    }

    /// The smallest set of lines that, earning their most, would lift the
    /// subject into tier `target`. Greedy on the marginal gain: with
    /// uncapped lines this is exactly the smallest set (the *k* largest
    /// gains reach furthest with *k* lines).
    private func gap(
        to target: Int, _ subject: Subject, _ context: EvaluationContext, earned: [Double], excluded: [Bool]
    ) -> TierGap {
        let tier = tiers[target]
        var requirementSentence: String?
        if let requirement = tier.requirement {
            let e = requirement.evaluate(subject, in: context)
            if !e.isMet { requirementSentence = e.sentence }
        }
        // Running sums, updated per pick, so that trying a line costs O(1)
        // and the whole search O(n²) rather than re-adding every line per try.
        var excluded = excluded
        var earned = earned
        var sums = tally.sums(earned: earned, excluded: excluded)
        let lineMaximum = tally.lines.map(\.maximum)
        let lineCapGroup = tally.lines.map(\.capGroup)
        let capValues = tally.caps
        var groupMaximum = [Double](repeating: 0, count: capValues.count)
        for i in lines.indices where !excluded[i] && lineCapGroup[i] >= 0 {
            groupMaximum[lineCapGroup[i]] += lineMaximum[i]
        }
        func deficit(total: Double, maximum: Double) -> Double {
            guard let minimum = tier.minimum else { return 0 }
            return minimum.isReached(total: total, maximum: maximum) ? 0 : minimum.points(forMaximum: maximum) - total
        }
        // The total and maximum were line `i` to earn its most, and its group's new sums.
        func trying(_ i: Int) -> (total: Double, maximum: Double, groupEarned: Double, groupMaximum: Double) {
            let was = excluded[i] ? 0 : earned[i]
            let added = excluded[i] ? lineMaximum[i] : 0
            let g = lineCapGroup[i]
            guard g >= 0 else {
                return (sums.total - was + lineMaximum[i], sums.maximum + added, 0, 0)
            }
            let cap = capValues[g]
            let ge = sums.groupEarned[g] - was + lineMaximum[i]
            let gm = groupMaximum[g] + added
            return (
                sums.total - min(cap, sums.groupEarned[g]) + min(cap, ge),
                sums.maximum - min(cap, groupMaximum[g]) + min(cap, gm), ge, gm
            )
        }
        let needed = deficit(total: sums.total, maximum: sums.maximum)
        var chosen: [Int] = []
        var taken = [Bool](repeating: false, count: lines.count)
        var current = needed
        while current > 0 {
            var best: (index: Int, deficit: Double)?
            for i in lines.indices where !taken[i] && (earned[i] < lineMaximum[i] || excluded[i]) {
                let t = trying(i)
                let d = deficit(total: t.total, maximum: t.maximum)
                if d < current - 1e-12, best.map({ d < $0.deficit - 1e-12 }) ?? true { best = (i, d) }
            }
            guard let pick = best else { break }
            let t = trying(pick.index)
            sums.total = t.total
            sums.maximum = t.maximum
            if lineCapGroup[pick.index] >= 0 {
                sums.groupEarned[lineCapGroup[pick.index]] = t.groupEarned
                groupMaximum[lineCapGroup[pick.index]] = t.groupMaximum
            }
            chosen.append(pick.index)
            taken[pick.index] = true
            earned[pick.index] = lineMaximum[pick.index]
            excluded[pick.index] = false
            current = pick.deficit
        }
        return TierGap(
            tier: tier.name, pointsNeeded: max(0, needed), lines: chosen.sorted().map { lines[$0].name },
            requirement: requirementSentence, isReachable: current <= 0)
    }

    private static func bandEvaluation(
        _ signal: any Signal<Subject>, value: Double?, bands: [Band]
    ) -> Evaluation {
        let lowest = signal.format.format(bands.last?.threshold ?? 0)
        guard let value else {
            return .unknown(
                missing: [signal.name], evidence: [Observation(signal.name, "unknown")],
                met: "\(signal.name) is at least \(lowest)", unmet: "\(signal.name) is below \(lowest)")
        }
        let shown = signal.format.format(value)
        let band = bands.first(where: { value >= $0.threshold })
        let threshold = band.map { signal.format.format($0.threshold) } ?? lowest
        return .known(
            band != nil, evidence: [Observation(signal.name, shown)],
            met: "\(signal.name) \(shown) is at least \(threshold)",
            unmet: "\(signal.name) \(shown) is below \(threshold)")
    }

    private static func isValid(_ threshold: ScoreThreshold) -> Bool {
        switch threshold {
        case .ratio(let r): r.isFinite && r >= 0 && r <= 1
        case .points(let p): p.isFinite
        }
    }

    private static func checkLines(_ lines: [RubricLine<Subject>], rubric: String, defaultPolicy: MissingDataPolicy)
        throws
    {
        for (offset, line) in lines.enumerated() {
            let n = offset + 1
            switch line.scoring {
            case .criterion(_, let points):
                guard points.isFinite else {
                    throw RubricError.nonFinitePoints(rubric: rubric, line: n, name: line.name, value: points)
                }
            case .bands(_, let bands, let otherwise):
                guard !bands.isEmpty else { throw RubricError.noBands(rubric: rubric, line: n, name: line.name) }
                guard otherwise.isFinite else {
                    throw RubricError.nonFinitePoints(rubric: rubric, line: n, name: line.name, value: otherwise)
                }
                for (b, band) in bands.enumerated() {
                    guard band.threshold.isFinite else {
                        throw RubricError.nonFiniteBand(
                            rubric: rubric, line: n, name: line.name, band: b + 1, threshold: band.threshold)
                    }
                    guard band.points.isFinite else {
                        throw RubricError.nonFinitePoints(rubric: rubric, line: n, name: line.name, value: band.points)
                    }
                    if b > 0, band.threshold >= bands[b - 1].threshold {
                        throw RubricError.bandsOutOfOrder(
                            rubric: rubric, line: n, name: line.name, band: b + 1, threshold: band.threshold,
                            previous: bands[b - 1].threshold)
                    }
                }
            }
            if case .fixedPoints(let fixed) = line.missingData ?? defaultPolicy {
                guard fixed.isFinite else {
                    throw RubricError.nonFinitePoints(rubric: rubric, line: n, name: line.name, value: fixed)
                }
                let range = line.minimumPoints...line.maximumPoints
                guard range.contains(fixed) else {
                    throw RubricError.missingPointsOutOfRange(
                        rubric: rubric, line: n, name: line.name, value: fixed, range: range)
                }
            }
        }
        var seen: [String: [Int]] = [:]
        for (offset, line) in lines.enumerated() { seen[line.name, default: []].append(offset + 1) }
        if let first = lines.first(where: { (seen[$0.name]?.count ?? 0) > 1 }) {
            throw RubricError.duplicateLineName(rubric: rubric, name: first.name, lines: seen[first.name] ?? [])
        }
    }

    private static func checkTiers(_ tiers: [Tier<Subject>], rubric: String, maximum: Double) throws {
        var names: Set<String> = []
        for tier in tiers {
            guard names.insert(tier.name).inserted else {
                throw RubricError.duplicateTierName(rubric: rubric, name: tier.name)
            }
        }
        for (i, tier) in tiers.enumerated() {
            guard let minimum = tier.minimum else {
                // A tier with no minimum and no requirement takes everyone:
                // any tier after it can never be reached.
                if tier.requirement == nil, i < tiers.count - 1 {
                    let later = tiers[i + 1]
                    throw RubricError.tiersOutOfOrder(
                        rubric: rubric, tier: later.name, minimum: later.minimum,
                        earlier: tier.name, earlierMinimum: nil)
                }
                continue
            }
            guard isValid(minimum) else {
                throw RubricError.invalidThreshold(rubric: rubric, threshold: minimum, owner: "tier \"\(tier.name)\"")
            }
            guard minimum.isReached(total: maximum, maximum: maximum) else {
                throw RubricError.tierUnreachable(rubric: rubric, tier: tier.name, minimum: minimum, maximum: maximum)
            }
            for earlier in tiers[..<i] where earlier.requirement == nil {
                if let e = earlier.minimum, e.points(forMaximum: maximum) <= minimum.points(forMaximum: maximum) {
                    throw RubricError.tiersOutOfOrder(
                        rubric: rubric, tier: tier.name, minimum: minimum, earlier: earlier.name, earlierMinimum: e)
                }
            }
        }
        if let last = tiers.last, !last.isCatchAll {
            throw RubricError.lastTierNotCatchAll(rubric: rubric, tier: last.name)
        }
    }
}

/// How much a score explains.
public enum ScoringDetail: Sendable, Hashable {
    /// Evidence and a sentence per line, the disqualification reasons and
    /// the gap to the next tier.
    case explained
    /// Points, tier and qualification only: no text is built (bulk ranking).
    case pointsOnly
}

/// A subject that can name itself in a score's report.
///
/// ``Account`` conforms with its name; a host type conforms to have its
/// scores read "Acme — 8/10 points …".
public protocol ScoringSubject {
    /// The name to show for this subject in reports.
    var scoringLabel: String { get }
}
