/// The kind of signal a criterion reads, as practitioners group them.
///
/// Categories let a report say how much of a score comes from who a
/// company *is* (firmographic, technographic) against what it *does*
/// (behavioral) and what it *says* (qualitative).
public enum SignalCategory: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Industry, size, revenue, location, age, stage, funding.
    case firmographic
    /// The software and hardware a company already runs.
    case technographic
    /// Who a person is: title, seniority, department (persona matches).
    case demographic
    /// Engagement and intent: visits, opens, clicks, usage, triggers.
    case behavioral
    /// NPS, sentiment, referrals, advocacy, stated pain points.
    case qualitative
    /// Anything else a host application defines.
    case custom

    /// Categories order as they are declared above.
    public static func < (lhs: SignalCategory, rhs: SignalCategory) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .firmographic: 0
        case .technographic: 1
        case .demographic: 2
        case .behavioral: 3
        case .qualitative: 4
        case .custom: 5
        }
    }
}
