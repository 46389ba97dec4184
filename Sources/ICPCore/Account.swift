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
///
/// An account is plain data: its fields are stored properties, and copies
/// are independent values. The keys derived from a field (``industryKey``,
/// ``countryCode``, ``technologyKeys`` …) are worked out when the field is
/// set, so reading them costs nothing.
public struct Account: Sendable, Hashable, Identifiable, ScoringSubject, EventSubject {
    // The fields criteria read most come first, so that what a rubric
    // reads of an account lies in its first few cache lines.
    /// The whole company's headcount.
    public var employees: Int?
    /// Annual revenue in the CRM's currency.
    public var annualRevenue: Double?
    /// The year the company was founded.
    public var founded: Int?
    /// Total funding raised, in the CRM's currency.
    public var fundingTotal: Double?
    /// The number of customers the company itself serves.
    public var customerCount: Int?
    /// The account's latest Net Promoter Score answer, 0–10.
    public var nps: Int?
    /// How many referrals the account has given.
    public var referralsGiven: Int?
    /// A sentiment score from feedback, -1 (negative) … 1 (positive).
    public var sentiment: Double?
    /// ``countryNumber``, or -1 for none.
    @usableFromInline var storedCountryNumber: Int16
    /// ``industry`` folded for matching; `nil` when missing or blank.
    public private(set) var industryKey: NameKey?
    /// ``stage`` folded for matching; `nil` when missing or blank.
    public private(set) var stageKey: NameKey?
    /// ``technologies`` folded, in the order matching uses, for criteria
    /// that meet them with their own keys without hashing.
    @usableFromInline package private(set) var sortedTechnologyKeys: SortedKeys
    /// Custom attributes by name.
    public var attributes: CustomAttributes
    /// The CRM's record id.
    public var id: String
    /// The company's name.
    public var name: String
    /// The web domain, e.g. `acme.com`.
    public var domain: String?
    /// The industry as named in the CRM, e.g. `Security Software`;
    /// ``industryKey`` holds it folded.
    public var industry: String? {
        get { writtenIndustry }
        set { setIndustry(newValue, key: NameKey(nonBlank: newValue)) }
    }
    /// An industry classification code, e.g. NAICS `511210`.
    public var industryCode: String?
    /// The country as written in the CRM; ``countryCode`` holds its ISO code.
    public var country: String? {
        get { writtenCountry }
        set { setLocation(country: newValue, state: state, codes: Account.resolve(country: newValue, state: state)) }
    }
    /// The state, province or region as written; ``subdivisionCode`` holds
    /// its ISO 3166-2 code for US states and Canadian provinces.
    public var state: String? {
        get { writtenState }
        set {
            setLocation(country: country, state: newValue, codes: Account.resolve(country: country, state: newValue))
        }
    }
    /// The city.
    public var city: String?
    /// The company's stage, e.g. `Series B`, `Public`, `Bootstrapped`;
    /// ``stageKey`` holds it folded.
    public var stage: String? {
        get { writtenStage }
        set { setStage(newValue, key: NameKey(nonBlank: newValue)) }
    }
    /// When the last funding round closed.
    public var lastFundingDate: Date?
    /// The technologies the company runs, as written (`"salesforce.com"`);
    /// ``technologyKeys`` holds them folded.
    public var technologies: Set<String> {
        get { writtenTechnologies }
        set { setTechnologies(newValue, keys: SortedKeys(newValue.map { NameKey($0) })) }
    }
    /// Engagement events at the account level (visits by reverse IP,
    /// intent topics, product usage, compelling events), in time order.
    public var events: EventLog
    /// Headcount over time, oldest first, for growth and size-crossing triggers.
    public var headcountHistory: [HeadcountSnapshot] {
        get { sortedHeadcountHistory }
        set { sortedHeadcountHistory = newValue.sorted { $0.day < $1.day } }
    }
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

    // The fields with keys derived from them, as written.
    private var writtenIndustry: String?
    private var writtenCountry: String?
    private var writtenState: String?
    private var writtenStage: String?
    private var writtenTechnologies: Set<String>
    private var sortedHeadcountHistory: [HeadcountSnapshot]

    /// ``countryCode`` as a number (``Geography/alpha2Number(_:)``), for
    /// criteria that test it against a set of bits.
    @inlinable package var countryNumber: Int? { storedCountryNumber < 0 ? nil : Int(storedCountryNumber) }
    /// ``technologies`` folded for matching. The account keeps them sorted
    /// for its criteria; this set is made from them when asked.
    public var technologyKeys: Set<NameKey> { Set(sortedTechnologyKeys.keys) }
    /// ``sortedTechnologyKeys`` read in place, for criteria: valid, like
    /// ``attributeSlot(_:)``, while the caller holds this account unchanged.
    /// Reading the keys through a view retains nothing, where a copy of
    /// the keys retains their array (shared by the accounts of an import).
    @inlinable package var technologyKeysView: SortedKeys.View {
        sortedTechnologyKeys.keys.withUnsafeBufferPointer {
            SortedKeys.View(keys: $0, filter: sortedTechnologyKeys.filter)
        }
    }
    /// The named custom attribute as criteria read it, by address; `nil`
    /// when the account has no such attribute.
    ///
    /// The slot lives in the attributes' own array, which no one else can
    /// change: the address is valid for as long as the caller holds this
    /// account unchanged (for a criterion, the whole call). Reading it in
    /// place, with no closure around the reading, lets the compiler read
    /// the account's memory without copying (retaining) its arrays.
    @inlinable package func attributeSlot(_ key: NameKey) -> UnsafePointer<CustomAttributes.Slot>? {
        attributes.slotAddress(key)
    }

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
        let codes = Account.resolve(country: country, state: state)
        self.id = id
        self.name = name
        self.domain = domain
        self.industryCode = industryCode
        self.employees = employees
        self.annualRevenue = annualRevenue
        self.city = city
        self.founded = founded
        self.fundingTotal = fundingTotal
        self.lastFundingDate = lastFundingDate
        self.customerCount = customerCount
        self.attributes = attributes
        self.events = events
        self.nps = nps
        self.sentiment = sentiment
        self.referralsGiven = referralsGiven
        self.advocacy = advocacy
        self.isProminentBrand = isProminentBrand
        self.painPoints = painPoints
        self.useCases = useCases
        self.countryCode = codes.country
        self.subdivisionCode = codes.subdivision
        self.industryKey = NameKey(nonBlank: industry)
        self.stageKey = NameKey(nonBlank: stage)
        self.sortedTechnologyKeys = SortedKeys(technologies.map { NameKey($0) })
        self.writtenIndustry = industry
        self.writtenCountry = country
        self.writtenState = state
        self.writtenStage = stage
        self.writtenTechnologies = technologies
        self.sortedHeadcountHistory = headcountHistory.sorted { $0.day < $1.day }
        self.storedCountryNumber = Account.number(country: codes.country)
    }

    /// The name, for reports.
    public var scoringLabel: String { name }

    /// The ISO codes of a country and state as written: what ``countryCode``
    /// and ``subdivisionCode`` hold.
    @usableFromInline
    package static func resolve(country: String?, state: String?) -> (country: String?, subdivision: String?) {
        var code = country.flatMap { Geography.country(named: $0)?.alpha2 }
        if country == nil, let state {
            // A US state or Canadian province with no country implies the country.
            code = ["US", "CA"].first { Geography.subdivision(named: state, in: $0) != nil }
        }
        guard let code, let state, code == "US" || code == "CA" else { return (code, nil) }
        return (code, Geography.subdivision(named: state, in: code)?.code)
    }

    /// Sets the industry with its key already folded (importers that fold
    /// each distinct value once).
    @usableFromInline
    package mutating func setIndustry(_ text: String?, key: NameKey?) {
        writtenIndustry = text
        industryKey = key
    }

    /// Sets the stage with its key already folded.
    @usableFromInline
    package mutating func setStage(_ text: String?, key: NameKey?) {
        writtenStage = text
        stageKey = key
    }

    /// Sets the country and state with their codes already resolved.
    @usableFromInline
    package mutating func setLocation(country: String?, state: String?, codes: (country: String?, subdivision: String?))
    {
        writtenCountry = country
        writtenState = state
        countryCode = codes.country
        subdivisionCode = codes.subdivision
        storedCountryNumber = Account.number(country: codes.country)
    }

    /// Sets the technologies with their keys already folded and sorted
    /// (importers that prepare each distinct cell once).
    @usableFromInline
    package mutating func setTechnologies(_ written: Set<String>, keys: SortedKeys) {
        writtenTechnologies = written
        sortedTechnologyKeys = keys
    }

    /// A country code as ``countryNumber`` stores it: -1 for none.
    static func number(country code: String?) -> Int16 {
        Int16(code.flatMap(Geography.alpha2Number) ?? -1)
    }
}
