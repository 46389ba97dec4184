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
        guard !sample.isEmpty else { return findings.sorted { $0.severity < $1.severity } }

        let context = EvaluationContext(asOf: day)
        let n = Double(sample.count)
        let percent = { (share: Double) in ValueFormat.percent.format(share) }
        for (label, rubric) in rubrics {
            let scores = sample.map { rubric.score($0, in: context, detail: .pointsOnly) }
            for (i, line) in rubric.lines.enumerated() {
                let where_ = "\(label).lines[\(i)] \"\(line.name)\""
                let known = scores.filter { $0.breakdown[i].degree != nil }
                if known.isEmpty {
                    findings.append(
                        LintFinding(
                            .error, where_,
                            "no account of the \(sample.count) in the sample has the data it needs; map a column to it or drop the line"
                        ))
                    continue
                }
                let met = known.filter { ($0.breakdown[i].degree ?? 0) >= 0.5 }.count
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
            for (i, tier) in rubric.tiers.enumerated().dropLast() where !scores.contains(where: { $0.tierRank == i }) {
                findings.append(
                    LintFinding(
                        .warning, "\(label).tiers[\(i)] \"\(tier.name)\"", "no account of the sample reaches it"))
            }
            if let threshold = rubric.threshold {
                let qualified = scores.filter(\.isQualified).count
                if qualified == 0 {
                    findings.append(
                        LintFinding(
                            .warning, "\(label).threshold", "no account of the sample reaches \(threshold)"))
                }
            }
            if label == "fit" {
                let qualified = Double(scores.filter(\.isQualified).count) / n
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
