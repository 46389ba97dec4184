/// An Ideal Customer Profile: the fit rubric that says which companies to
/// pursue, an optional engagement rubric, the buyer personas to reach
/// there, and when the profile was last reviewed.
///
/// A profile is a living document: practitioners review it quarterly (some
/// monthly) and after any compelling change. ``isReviewDue(asOf:)`` says
/// when that time has come.
///
/// ```swift
/// let profile = Profile(
///     name: "Security software makers", version: "2026.4", fit: fit,
///     lastReviewed: CalendarDay(2026, 9, 1), reviewInterval: .quarterly)
/// profile.isReviewDue(asOf: CalendarDay(2026, 11, 23))   // false: due 2026-12-01
/// ```
public struct Profile<Subject>: Sendable {
    /// The profile's name.
    public var name: String
    /// The version, e.g. `2026.4` or `1.2.0`.
    public var version: String
    /// What the profile is for and who wrote it.
    public var summary: String
    /// Which companies fit.
    public var fit: Rubric<Subject>
    /// How engaged they are, scored separately from fit.
    public var engagement: Rubric<Subject>?
    /// The people to reach inside a fitting account.
    public var personas: [Persona]
    /// The day the profile was last reviewed; `nil` if never.
    public var lastReviewed: CalendarDay?
    /// How often the profile should be reviewed.
    public var reviewInterval: ReviewInterval

    /// Creates a profile.
    public init(
        name: String, version: String = "1", summary: String = "", fit: Rubric<Subject>,
        engagement: Rubric<Subject>? = nil, personas: [Persona] = [], lastReviewed: CalendarDay? = nil,
        reviewInterval: ReviewInterval = .quarterly
    ) {
        self.name = name
        self.version = version
        self.summary = summary
        self.fit = fit
        self.engagement = engagement
        self.personas = personas
        self.lastReviewed = lastReviewed
        self.reviewInterval = reviewInterval
    }

    /// The day the next review falls due; `nil` when the profile has never
    /// been reviewed (it is due now).
    public var nextReview: CalendarDay? { lastReviewed.map(reviewInterval.advance) }

    /// Whether a review is due on the given day: never reviewed, or the
    /// interval has passed since the last review.
    public func isReviewDue(asOf day: CalendarDay) -> Bool {
        guard let next = nextReview else { return true }
        return day >= next
    }

    /// Scores a subject's fit and, when the profile has one, its engagement.
    public func score(_ subject: Subject, in context: EvaluationContext, detail: ScoringDetail = .explained)
        -> ProfileScore
    {
        ProfileScore(
            fit: fit.score(subject, in: context, detail: detail),
            engagement: engagement?.score(subject, in: context, detail: detail))
    }

    /// Scores a subject as of a day.
    public func score(_ subject: Subject, asOf day: CalendarDay, detail: ScoringDetail = .explained) -> ProfileScore {
        score(subject, in: EvaluationContext(asOf: day), detail: detail)
    }
}

/// A subject's scores against a profile.
public struct ProfileScore: Sendable, Hashable {
    /// The fit score.
    public var fit: Score
    /// The engagement score, when the profile has an engagement rubric.
    public var engagement: Score?

    /// Creates a profile score.
    public init(fit: Score, engagement: Score?) {
        self.fit = fit
        self.engagement = engagement
    }
}

/// How often a profile is reviewed: a number of months plus a number of days.
public struct ReviewInterval: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Whole months.
    public var months: Int
    /// Further days.
    public var days: Int

    /// Creates an interval.
    public init(months: Int = 0, days: Int = 0) {
        self.months = months
        self.days = days
    }

    /// Every month.
    public static let monthly = ReviewInterval(months: 1)
    /// Every three months, the practitioners' usual cadence.
    public static let quarterly = ReviewInterval(months: 3)
    /// Every six months.
    public static let halfYearly = ReviewInterval(months: 6)
    /// Every year.
    public static let yearly = ReviewInterval(months: 12)

    /// The day this interval after `day`.
    public func advance(_ day: CalendarDay) -> CalendarDay {
        day.adding(months: months).adding(days: days)
    }

    /// `3 months`, `1 month 15 days`, `30 days`.
    public var description: String {
        var parts: [String] = []
        if months != 0 { parts.append("\(months) month\(months == 1 ? "" : "s")") }
        if days != 0 || parts.isEmpty { parts.append("\(days) day\(days == 1 ? "" : "s")") }
        return parts.joined(separator: " ")
    }
}
