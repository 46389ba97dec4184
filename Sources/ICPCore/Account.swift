#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A company: the subject an Ideal Customer Profile describes.
///
/// An account carries the standard firmographic fields CRMs export, its
/// technologies, its engagement events and headcount history, qualitative
/// signals (NPS, sentiment, referrals, advocacy, stated pain points and use
/// cases), and custom attributes by name. Every field but the id and
/// name is optional: missing data is normal in a CRM, and each rubric
/// decides what it is worth (see ``MissingDataPolicy``).
///
/// Text that criteria match on is normalised once, when it is set: the
/// country resolves to its ISO 3166 code (`"U.S."` → `US`), the state to its
/// subdivision (`"Ontario"` → `CA-ON`), technologies and custom attribute
/// texts are folded. Scoring then only compares prepared keys.
///
/// ```swift
/// let acme = Account(
///     id: "001", name: "Acme Security", industry: "Security Software",
///     employees: 750, annualRevenue: 120_000_000, country: "USA", state: "California",
///     technologies: ["Salesforce", "Okta"], attributes: ["business_type": "manufacturer"])
/// ```
public struct Account: Sendable, Hashable, Identifiable, ScoringSubject, EventSubject {
    /// The CRM's record id.
    public var id: String
    /// The company's name.
    public var name: String
    /// The web domain, e.g. `acme.com`.
    public var domain: String?
    /// The industry as named in the CRM, e.g. `Security Software`;
    /// ``industryKey`` holds it folded.
    public var industry: String? {
        get { _industry }
        set {
            _industry = newValue
            industryKey = NameKey(nonBlank: newValue)
        }
    }
    private var _industry: String?
    /// An industry classification code, e.g. NAICS `511210`.
    public var industryCode: String?
    /// The whole company's headcount.
    public var employees: Int?
    /// Annual revenue in the CRM's currency.
    public var annualRevenue: Double?
    /// The country as written in the CRM; ``countryCode`` holds its ISO code.
    public var country: String? {
        get { _country }
        set {
            _country = newValue
            resolveLocation()
        }
    }
    private var _country: String?
    /// The state, province or region as written; ``subdivisionCode`` holds
    /// its ISO 3166-2 code for US states and Canadian provinces.
    public var state: String? {
        get { _state }
        set {
            _state = newValue
            resolveLocation()
        }
    }
    private var _state: String?
    /// The city.
    public var city: String?
    /// The year the company was founded.
    public var founded: Int?
    /// The company's stage, e.g. `Series B`, `Public`, `Bootstrapped`;
    /// ``stageKey`` holds it folded.
    public var stage: String? {
        get { _stage }
        set {
            _stage = newValue
            stageKey = NameKey(nonBlank: newValue)
        }
    }
    private var _stage: String?
    /// Total funding raised, in the CRM's currency.
    public var fundingTotal: Double?
    /// When the last funding round closed.
    public var lastFundingDate: Date?
    /// The number of customers the company itself serves.
    public var customerCount: Int?
    /// The technologies the company runs, as written (`"salesforce.com"`);
    /// ``technologyKeys`` holds them folded.
    public var technologies: Set<String> {
        get { _technologies }
        set {
            _technologies = newValue
            technologyKeys = Set(newValue.map { NameKey($0) })
        }
    }
    private var _technologies: Set<String>
    /// Custom attributes by name.
    public var attributes: CustomAttributes

    /// Engagement events at the account level (visits by reverse IP,
    /// intent topics, product usage, compelling events), in time order.
    public var events: EventLog
    /// Headcount over time, oldest first, for growth and size-crossing triggers.
    public var headcountHistory: [HeadcountSnapshot] {
        didSet { headcountHistory.sort { $0.day < $1.day } }
    }
    /// The account's latest Net Promoter Score answer, 0–10.
    public var nps: Int?
    /// A sentiment score from feedback, -1 (negative) … 1 (positive).
    public var sentiment: Double?
    /// How many referrals the account has given.
    public var referralsGiven: Int?
    /// How the account advocates publicly; `nil` when not known, empty when none.
    public var advocacy: Set<Advocacy>?
    /// Whether the account is a prominent brand whose logo helps sell.
    public var isProminentBrand: Bool?
    /// The pain points the account has stated; empty when not known.
    public var painPoints: [String]
    /// The use cases the account has; empty when not known.
    public var useCases: [String]

    /// The ISO 3166-1 alpha-2 code of ``country``, or `nil` when the country
    /// is missing or not recognised.
    public private(set) var countryCode: String?
    /// The ISO 3166-2 code of ``state`` (`US-CA`, `CA-ON`) for US and
    /// Canadian accounts, or `nil`.
    public private(set) var subdivisionCode: String?
    /// ``technologies`` folded for matching.
    public private(set) var technologyKeys: Set<NameKey>
    /// ``industry`` folded for matching; `nil` when missing or blank.
    public private(set) var industryKey: NameKey?
    /// ``stage`` folded for matching; `nil` when missing or blank.
    public private(set) var stageKey: NameKey?

    /// Creates an account.
    public init(
        id: String, name: String, domain: String? = nil, industry: String? = nil, industryCode: String? = nil,
        employees: Int? = nil, annualRevenue: Double? = nil, country: String? = nil, state: String? = nil,
        city: String? = nil, founded: Int? = nil, stage: String? = nil, fundingTotal: Double? = nil,
        lastFundingDate: Date? = nil, customerCount: Int? = nil, technologies: Set<String> = [],
        attributes: CustomAttributes = [:], events: EventLog = [], headcountHistory: [HeadcountSnapshot] = [],
        nps: Int? = nil, sentiment: Double? = nil, referralsGiven: Int? = nil, advocacy: Set<Advocacy>? = nil,
        isProminentBrand: Bool? = nil, painPoints: [String] = [], useCases: [String] = []
    ) {
        self.id = id
        self.name = name
        self.domain = domain
        self._industry = industry
        self.industryCode = industryCode
        self.employees = employees
        self.annualRevenue = annualRevenue
        self._country = country
        self._state = state
        self.city = city
        self.founded = founded
        self._stage = stage
        self.fundingTotal = fundingTotal
        self.lastFundingDate = lastFundingDate
        self.customerCount = customerCount
        self._technologies = technologies
        self.attributes = attributes
        self.events = events
        self.headcountHistory = headcountHistory.sorted { $0.day < $1.day }
        self.nps = nps
        self.sentiment = sentiment
        self.referralsGiven = referralsGiven
        self.advocacy = advocacy
        self.isProminentBrand = isProminentBrand
        self.painPoints = painPoints
        self.useCases = useCases
        self.technologyKeys = Set(technologies.map { NameKey($0) })
        self.industryKey = NameKey(nonBlank: industry)
        self.stageKey = NameKey(nonBlank: stage)
        resolveLocation()
    }

    /// The name, for reports.
    public var scoringLabel: String { name }

    private mutating func resolveLocation() {
        (countryCode, subdivisionCode) = Account.resolve(country: _country, state: _state)
    }

    /// The ISO codes of a country and state as written: what ``countryCode``
    /// and ``subdivisionCode`` hold.
    package static func resolve(country: String?, state: String?) -> (country: String?, subdivision: String?) {
        let code = country.flatMap { Geography.country(named: $0)?.alpha2 }
        guard let code, let state, code == "US" || code == "CA" else { return (code, nil) }
        return (code, Geography.subdivision(named: state, in: code)?.code)
    }

    /// Sets the industry with its key already folded (importers that fold
    /// each distinct value once).
    package mutating func setIndustry(_ text: String?, key: NameKey?) {
        _industry = text
        industryKey = key
    }

    /// Sets the stage with its key already folded.
    package mutating func setStage(_ text: String?, key: NameKey?) {
        _stage = text
        stageKey = key
    }

    /// Sets the country and state with their codes already resolved.
    package mutating func setLocation(country: String?, state: String?, codes: (country: String?, subdivision: String?))
    {
        _country = country
        _state = state
        (countryCode, subdivisionCode) = codes
    }

    /// Sets the technologies with their keys already folded.
    package mutating func setTechnologies(_ written: Set<String>, keys: Set<NameKey>) {
        _technologies = written
        technologyKeys = keys
    }
}
