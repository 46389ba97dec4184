/// How senior a person is, from C-level down to individual contributor.
///
/// Levels compare by seniority: `.cLevel > .vp > .director > .manager >
/// .individualContributor`.
public enum Seniority: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Chief officers and founders: CEO, CISO, CIO, CTO, CRO, President.
    case cLevel = "c-level"
    /// Vice presidents: VP, SVP, EVP, AVP.
    case vp
    /// Directors and heads of a function.
    case director
    /// Managers, leads and supervisors.
    case manager
    /// Individual contributors: engineers, analysts, coordinators, specialists.
    case individualContributor = "individual-contributor"

    /// 4 for C-level down to 0 for individual contributors.
    public var level: Int {
        switch self {
        case .cLevel: 4
        case .vp: 3
        case .director: 2
        case .manager: 1
        case .individualContributor: 0
        }
    }

    /// Lower levels order first.
    public static func < (lhs: Seniority, rhs: Seniority) -> Bool { lhs.level < rhs.level }

    /// The levels at or above `minimum`: `Seniority.atLeast(.director)` is
    /// director, VP and C-level.
    public static func atLeast(_ minimum: Seniority) -> Set<Seniority> {
        Set(allCases.filter { $0 >= minimum })
    }

    /// `C-level`, `VP`, `director`, `manager`, `individual contributor`.
    public var description: String {
        switch self {
        case .cLevel: "C-level"
        case .vp: "VP"
        case .director: "director"
        case .manager: "manager"
        case .individualContributor: "individual contributor"
        }
    }
}

/// A buyer persona: a person inside an ICP account who takes part in the
/// purchase, with what they want and what holds them back.
///
/// An ICP says *which companies*; personas say *who to talk to there and
/// what to say*. Practitioners keep three to five per profile.
///
/// A contact matches a persona when its title names one of the persona's
/// functions and its seniority is one the persona expects (see
/// ``PersonaMatcher`` for the exact rule). The seniorities come from
/// ``seniorities`` or, when that is empty, from the title patterns
/// themselves: `["CISO", "VP Security", "Head of Security"]` expects C-level,
/// VP or director.
///
/// ```swift
/// let securityLeader = Persona(
///     name: "Security leader", titles: ["CISO", "VP Security", "Head of Security", "Security Director"],
///     department: "Security", roleWeight: 2, isRequired: true)
/// ```
public struct Persona: Sendable, Hashable, Codable {
    /// The persona's name, e.g. `Security leader`.
    public var name: String
    /// Words and phrases of the job titles that fit, e.g. `CISO`,
    /// `Head of Security`, `IT Operations`; matched case-insensitively with
    /// abbreviations written out (see ``JobTitle``).
    public var titles: [String]
    /// The seniorities the persona covers; empty to take them from ``titles``.
    public var seniorities: Set<Seniority>
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
        name: String, titles: [String] = [], seniorities: Set<Seniority> = [], department: String? = nil,
        goals: [String] = [], painPoints: [String] = [], objections: [String] = [], motivations: [String] = [],
        messaging: [String] = [], roleWeight: Double = 1, isRequired: Bool = false
    ) {
        self.name = name
        self.titles = titles
        self.seniorities = seniorities
        self.department = department
        self.goals = goals
        self.painPoints = painPoints
        self.objections = objections
        self.motivations = motivations
        self.messaging = messaging
        self.roleWeight = roleWeight
        self.isRequired = isRequired
    }

    /// The seniorities a contact must have: ``seniorities`` when given, else
    /// those the title patterns state; empty means any.
    public var expectedSeniorities: Set<Seniority> {
        seniorities.isEmpty ? Set(titles.compactMap { JobTitle($0).seniority }) : seniorities
    }
}
