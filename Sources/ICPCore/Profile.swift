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
    public var fit: Rubric<Subject> {
        didSet { cellTable = Profile.cellTable(matrix, fit, engagement) }
    }
    /// How engaged they are, scored separately from fit. Its tiers are the
    /// engagement levels of the matrix (first tier = level 1).
    public var engagement: Rubric<Subject>? {
        didSet { cellTable = Profile.cellTable(matrix, fit, engagement) }
    }
    /// How fit tiers and engagement levels combine into cells and in what
    /// order the cells are worked.
    public var matrix: EngagementMatrix {
        didSet { cellTable = Profile.cellTable(matrix, fit, engagement) }
    }
    /// The people to reach inside a fitting account.
    public var personas: [Persona] {
        didSet { personaMatcher = PersonaMatcher(personas) }
    }
    /// How engaged a contact is, for lead scores; `nil` leaves engagement out.
    public var contactEngagement: Rubric<Contact>?
    /// How a contact's lead score weighs account fit, persona match and engagement.
    public var leadScoring: LeadScoring
    /// The day the profile was last reviewed; `nil` if never.
    public var lastReviewed: CalendarDay?
    /// How often the profile should be reviewed.
    public var reviewInterval: ReviewInterval
    /// The export headers each field or custom attribute is read from when
    /// they are not its usual names: name → headers, the first a file has
    /// is used (`"employees": ["current employee estimate"]`).
    public var columns: [String: [String]] = [:]

    /// The personas, with their patterns read.
    public private(set) var personaMatcher: PersonaMatcher
    private var cellTable: [MatrixCell]

    /// Creates a profile.
    public init(
        name: String, version: String = "1", summary: String = "", fit: Rubric<Subject>,
        engagement: Rubric<Subject>? = nil, matrix: EngagementMatrix = EngagementMatrix(), personas: [Persona] = [],
        contactEngagement: Rubric<Contact>? = nil, leadScoring: LeadScoring = LeadScoring(),
        lastReviewed: CalendarDay? = nil, reviewInterval: ReviewInterval = .quarterly
    ) {
        self.name = name
        self.version = version
        self.summary = summary
        self.fit = fit
        self.engagement = engagement
        self.matrix = matrix
        self.personas = personas
        self.contactEngagement = contactEngagement
        self.leadScoring = leadScoring
        self.lastReviewed = lastReviewed
        self.reviewInterval = reviewInterval
        self.personaMatcher = PersonaMatcher(personas)
        self.cellTable = Profile.cellTable(matrix, fit, engagement)
    }

    /// The matrix's cells for this profile's tiers, indexed by
    /// `fitRank × engagementTiers + engagementRank`.
    private static func cellTable(
        _ matrix: EngagementMatrix, _ fit: Rubric<Subject>, _ engagement: Rubric<Subject>?
    ) -> [MatrixCell] {
        guard let engagement else { return [] }
        let width = engagement.tiers.count
        var table = [MatrixCell](
            repeating: MatrixCell(fitRank: 0, engagementRank: 0, priority: 0), count: fit.tiers.count * width)
        for cell in matrix.cells(fitTiers: fit.tiers.count, engagementTiers: width) {
            table[cell.fitRank * width + cell.engagementRank] = cell
        }
        return table
    }

    /// The cell for a fit tier and an engagement tier, by their ranks; `nil`
    /// without an engagement rubric or for ranks out of range.
    public func cell(fitRank: Int, engagementRank: Int) -> MatrixCell? {
        guard let width = engagement?.tiers.count, engagementRank >= 0, engagementRank < width, fitRank >= 0
        else { return nil }
        let index = fitRank * width + engagementRank
        return cellTable.indices.contains(index) ? cellTable[index] : nil
    }

    /// Every cell of this profile's matrix, in priority order; empty without
    /// an engagement rubric.
    public var cells: [MatrixCell] { cellTable.sorted() }

    /// The day the next review falls due; `nil` when the profile has never
    /// been reviewed (it is due now).
    public var nextReview: CalendarDay? { lastReviewed.map(reviewInterval.advance) }

    /// Whether a review is due on the given day: never reviewed, or the
    /// interval has passed since the last review.
    public func isReviewDue(asOf day: CalendarDay) -> Bool {
        guard let next = nextReview else { return true }
        return day >= next
    }

    /// Scores a subject's fit and, when the profile has one, its engagement
    /// and its cell in the matrix.
    public func score(_ subject: Subject, in context: EvaluationContext, detail: ScoringDetail = .explained)
        -> ProfileScore
    {
        let fitScore = fit.score(subject, in: context, detail: detail)
        let engagementScore = engagement?.score(subject, in: context, detail: detail)
        let matrixCell = engagementScore.flatMap { self.cell(fitRank: fitScore.tierRank, engagementRank: $0.tierRank) }
        return ProfileScore(fit: fitScore, engagement: engagementScore, cell: matrixCell)
    }

    /// Scores a subject as of a day.
    public func score(_ subject: Subject, asOf day: CalendarDay, detail: ScoringDetail = .explained) -> ProfileScore {
        score(subject, in: EvaluationContext(asOf: day), detail: detail)
    }

    /// Which of the profile's personas the contacts cover.
    public func committee(_ contacts: some Sequence<Contact>) -> CommitteeCoverage {
        personaMatcher.coverage(of: contacts)
    }

    /// A contact's lead score: the account's fit, how well the contact
    /// matches a persona and the contact's own engagement, weighed by
    /// ``leadScoring``.
    ///
    /// - Parameters:
    ///   - contact: The person.
    ///   - accountFit: The fit score of the contact's account, `nil` when the
    ///     account is not known (fit then counts as 0).
    ///   - context: The "as of" moment for the contact's engagement.
    public func leadScore(_ contact: Contact, accountFit: Score?, in context: EvaluationContext) -> LeadScore {
        LeadScore(
            contact: contact, accountFit: accountFit, persona: personaMatcher.bestMatch(for: contact),
            hasPersonas: !personas.isEmpty,
            engagement: contactEngagement?.score(contact, in: context), weights: leadScoring)
    }
}

/// A subject's scores against a profile.
public struct ProfileScore: Sendable, Hashable {
    /// The fit score.
    public var fit: Score
    /// The engagement score, when the profile has an engagement rubric.
    public var engagement: Score?
    /// The cell of the fit × engagement matrix, when the profile has an
    /// engagement rubric.
    public var cell: MatrixCell?

    /// Creates a profile score.
    public init(fit: Score, engagement: Score?, cell: MatrixCell? = nil) {
        self.fit = fit
        self.engagement = engagement
        self.cell = cell
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
