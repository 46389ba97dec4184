/// How senior a person is.
public enum Seniority: String, Sendable, Hashable, Codable, CaseIterable {
    /// Chief officers: CEO, CISO, CIO, CTO, CRO.
    case cLevel = "c-level"
    /// Vice presidents, SVPs, EVPs.
    case vp
    /// Directors and heads of a function.
    case director
    /// Managers and leads.
    case manager
    /// Individual contributors.
    case individualContributor = "individual-contributor"
}

/// A buyer persona: a person inside an ICP account who takes part in the
/// purchase, with what they want and what holds them back.
///
/// An ICP says *which companies*; personas say *who to talk to there and
/// what to say*. Practitioners keep three to five per profile.
public struct Persona: Sendable, Hashable, Codable {
    /// The persona's name, e.g. `Security leader`.
    public var name: String
    /// Words and phrases of the job titles that fit, e.g. `CISO`, `Head of Security`.
    public var titles: [String]
    /// The seniority, if the persona has one.
    public var seniority: Seniority?
    /// The department, e.g. `Security`, `IT`, `Procurement`.
    public var department: String?
    /// What the person is trying to achieve.
    public var goals: [String]
    /// What hurts today.
    public var painPoints: [String]
    /// Why they might say no.
    public var objections: [String]
    /// What moves them.
    public var motivations: [String]
    /// Notes for the people who write to them.
    public var messaging: [String]
    /// The weight of the role on a buying committee (1 by default).
    public var roleWeight: Double
    /// Whether a buying committee needs this role.
    public var isRequired: Bool

    /// Creates a persona.
    public init(
        name: String, titles: [String] = [], seniority: Seniority? = nil, department: String? = nil,
        goals: [String] = [], painPoints: [String] = [], objections: [String] = [], motivations: [String] = [],
        messaging: [String] = [], roleWeight: Double = 1, isRequired: Bool = false
    ) {
        self.name = name
        self.titles = titles
        self.seniority = seniority
        self.department = department
        self.goals = goals
        self.painPoints = painPoints
        self.objections = objections
        self.motivations = motivations
        self.messaging = messaging
        self.roleWeight = roleWeight
        self.isRequired = isRequired
    }
}
