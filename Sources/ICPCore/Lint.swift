/// One thing `lint` found in a profile: how serious, where, and what.
public struct LintFinding: Sendable, Hashable, CustomStringConvertible {
    /// How serious a finding is.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// The profile cannot do its job: a line no data can feed.
        case error
        /// Worth a look: a line that never or always holds, a tier no one
        /// reaches, points outside −3…+3, no personas, an overdue review.
        case warning

        /// Errors first.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    /// How serious.
    public var severity: Severity
    /// Where: `fit.lines[3] "over 500 employees"`, `fit.tiers[0] "Best fit"`, `personas`.
    public var location: String
    /// What was found, stated as data.
    public var message: String

    /// Creates a finding.
    public init(_ severity: Severity, _ location: String, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// `warning: fit.lines[3] "over 200 employees": met by 97% of the sample (too broad to tell accounts apart)`.
    public var description: String { "\(severity.rawValue): \(location): \(message)" }
}

extension Profile {
    /// Checks the profile, on its own and against a sample of subjects.
    ///
    /// Without a sample: points outside −3…+3 (practitioners keep to that
    /// range), no personas, an overdue review. With a sample, also: a line no
    /// subject has data for (an error: nothing in the data can feed it), a
    /// line met by at least 95% of the sample (too broad) or by none, a
    /// threshold or tier no subject reaches, and a profile that qualifies
    /// more than half of the sample (an ICP describes a minority).
    ///
    /// - Parameters:
    ///   - sample: Subjects to check against, e.g. a CRM export; empty for
    ///     the static checks only.
    ///   - day: The day to judge the review date and score the sample as of.
    /// - Returns: The findings, errors first, then in profile order.
    public func lint(sample: [Subject] = [], asOf day: CalendarDay) -> [LintFinding] {
        var tally = LintTally(self)
        let context = EvaluationContext(asOf: day)
        for subject in sample { tally.add(subject, of: self, in: context) }
        return lint(tally: tally, asOf: day)
    }

    /// ``lint(sample:asOf:)`` from a sample's tally, which can be counted
    /// as the sample is read (on several threads, merged), so a sample of
    /// millions need not be held in memory.
    ///
    /// - Parameters:
    ///   - tally: What the sample's scores were, counted as of `day`;
    ///     an empty tally for the static checks only.
    ///   - day: The day to judge the review date.
    /// - Returns: The findings, errors first, then in profile order.
    public func lint(tally: LintTally, asOf day: CalendarDay) -> [LintFinding] {
        var findings: [LintFinding] = []
        let rubrics: [(String, Rubric<Subject>)] = [("fit", fit)] + (engagement.map { [("engagement", $0)] } ?? [])
        for (label, rubric) in rubrics {
            for (i, line) in rubric.lines.enumerated() {
                let where_ = "\(label).lines[\(i)] \"\(line.name)\""
                if line.maximumPoints > 3 || line.minimumPoints < -3 {
                    findings.append(
                        LintFinding(
                            .warning, where_,
                            "worth \(ValueFormat.points(line.minimumPoints))…\(ValueFormat.points(line.maximumPoints)) points; practitioners keep a line within -3…+3"
                        ))
                }
            }
        }
        if personas.isEmpty {
            findings.append(LintFinding(.warning, "personas", "no personas: say who to talk to in a fitting account"))
        }
        if isReviewDue(asOf: day) {
            let when = nextReview.map { "due since \($0)" } ?? "never reviewed"
            findings.append(
                LintFinding(.warning, "lastReviewed", "review overdue (\(when), every \(reviewInterval))"))
        }
        guard tally.count > 0 else { return findings.sorted { $0.severity < $1.severity } }

        let n = Double(tally.count)
        let percent = { (share: Double) in ValueFormat.percent.format(share) }
        for (r, (label, rubric)) in rubrics.enumerated() where r < tally.rubrics.count {
            let counts = tally.rubrics[r]
            for (i, line) in rubric.lines.enumerated() where i < counts.known.count {
                let where_ = "\(label).lines[\(i)] \"\(line.name)\""
                if counts.known[i] == 0 {
                    findings.append(
                        LintFinding(
                            .error, where_,
                            "no account of the \(tally.count) in the sample has the data it needs; map a column to it or drop the line"
                        ))
                    continue
                }
                let met = counts.met[i]
                let share = Double(met) / n
                if case .criterion = line.scoring {
                    if met == 0 {
                        findings.append(LintFinding(.warning, where_, "met by no account of the sample"))
                    } else if share >= 0.95 {
                        findings.append(
                            LintFinding(
                                .warning, where_,
                                "met by \(percent(share)) of the sample: too broad to tell accounts apart"))
                    }
                }
            }
            for (i, tier) in rubric.tiers.enumerated().dropLast() where i < counts.tiers.count && counts.tiers[i] == 0 {
                findings.append(
                    LintFinding(
                        .warning, "\(label).tiers[\(i)] \"\(tier.name)\"", "no account of the sample reaches it"))
            }
            if let threshold = rubric.threshold, counts.qualified == 0 {
                findings.append(
                    LintFinding(.warning, "\(label).threshold", "no account of the sample reaches \(threshold)"))
            }
            if label == "fit" {
                let qualified = Double(counts.qualified) / n
                if qualified > 0.5 {
                    findings.append(
                        LintFinding(
                            .warning, "fit",
                            "qualifies \(percent(qualified)) of the sample: an ICP should describe the best minority, not most of the market"
                        ))
                }
            }
        }
        return findings.enumerated().sorted {
            $0.element.severity != $1.element.severity
                ? $0.element.severity < $1.element.severity : $0.offset < $1.offset
        }.map(\.element)
    }
}

/// What `lint` needs of a sample's scores, counted subject by subject:
/// per rubric line, how many subjects had the data it reads and how many
/// met it; per tier, how many reached it; how many qualified. Tallies of
/// parts of a sample merge into the tally of the whole.
public struct LintTally: Sendable, Hashable {
    /// The counts of one rubric (the fit, then the engagement rubric).
    public struct Rubric: Sendable, Hashable {
        /// Per line: the subjects whose data it could read.
        public var known: [Int]
        /// Per line: the subjects that met it (a degree of at least one half).
        public var met: [Int]
        /// Per tier: the subjects in it.
        public var tiers: [Int]
        /// The subjects over the threshold.
        public var qualified = 0
    }

    /// How many subjects were counted.
    public private(set) var count = 0
    /// The fit rubric's counts, then the engagement rubric's.
    public private(set) var rubrics: [Rubric]

    /// An empty tally for a profile's rubrics.
    public init<Subject>(_ profile: Profile<Subject>) {
        rubrics = ([profile.fit] + (profile.engagement.map { [$0] } ?? [])).map { rubric in
            Rubric(
                known: Array(repeating: 0, count: rubric.lines.count),
                met: Array(repeating: 0, count: rubric.lines.count),
                tiers: Array(repeating: 0, count: rubric.tiers.count))
        }
    }

    /// Counts one subject, scored as of the context's day.
    public mutating func add<Subject>(_ subject: Subject, of profile: Profile<Subject>, in context: EvaluationContext) {
        let fit = profile.fit.score(subject, in: context, detail: .pointsOnly)
        let engagement = profile.engagement?.score(subject, in: context, detail: .pointsOnly)
        add(
            fit: ScoreSummary(fit), engagement: engagement.map(ScoreSummary.init),
            degrees: (fit.breakdown + (engagement?.breakdown ?? [])).map { $0.degree ?? .nan }[...])
    }

    /// Counts one subject from its summaries and its lines' degrees (NaN
    /// when unknown; the fit rubric's lines, then the engagement
    /// rubric's), as ``add(_:of:in:)`` counts its scores.
    package mutating func add(fit: ScoreSummary, engagement: ScoreSummary?, degrees: ArraySlice<Double>) {
        count += 1
        var rest = degrees
        for (r, summary) in [fit, engagement].enumerated() where r < rubrics.count {
            guard let summary else { continue }
            for (i, degree) in rest.prefix(rubrics[r].known.count).enumerated() where !degree.isNaN {
                rubrics[r].known[i] += 1
                if degree >= 0.5 { rubrics[r].met[i] += 1 }
            }
            rest = rest.dropFirst(rubrics[r].known.count)
            if summary.tierRank < rubrics[r].tiers.count { rubrics[r].tiers[summary.tierRank] += 1 }
            if summary.isQualified { rubrics[r].qualified += 1 }
        }
    }

    /// Adds another tally of the same profile (another part of the sample).
    public mutating func merge(_ other: LintTally) {
        count += other.count
        for r in rubrics.indices where r < other.rubrics.count {
            for i in rubrics[r].known.indices where i < other.rubrics[r].known.count {
                rubrics[r].known[i] += other.rubrics[r].known[i]
                rubrics[r].met[i] += other.rubrics[r].met[i]
            }
            for t in rubrics[r].tiers.indices where t < other.rubrics[r].tiers.count {
                rubrics[r].tiers[t] += other.rubrics[r].tiers[t]
            }
            rubrics[r].qualified += other.rubrics[r].qualified
        }
    }
}
