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
/// An account is a value: copies are independent. Its fields live in one
/// shared, copy-on-write box, so copying an account (into an array, out of
/// one, into a closure) costs one reference count, not one per field; a
/// copy that is changed gets its own box first.
public struct Account: Sendable, Hashable, Identifiable, ScoringSubject, EventSubject {
    /// The fields, shared by copies until one of them changes.
    @usableFromInline var shared: SharedFields
    @inlinable var box: AccountBox { shared.box }

    /// The CRM's record id.
    @inlinable public var id: String {
        _read { yield box.fields.pointee.id }
        _modify { yield &writable.pointee.id }
    }
    /// The company's name.
    @inlinable public var name: String {
        _read { yield box.fields.pointee.name }
        _modify { yield &writable.pointee.name }
    }
    /// The web domain, e.g. `acme.com`.
    @inlinable public var domain: String? {
        _read { yield box.fields.pointee.domain }
        _modify { yield &writable.pointee.domain }
    }
    /// The industry as named in the CRM, e.g. `Security Software`;
    /// ``industryKey`` holds it folded.
    @inlinable public var industry: String? {
        _read { yield box.fields.pointee.industry }
        set { setIndustry(newValue, key: NameKey(nonBlank: newValue)) }
    }
    /// An industry classification code, e.g. NAICS `511210`.
    @inlinable public var industryCode: String? {
        _read { yield box.fields.pointee.industryCode }
        _modify { yield &writable.pointee.industryCode }
    }
    /// The whole company's headcount.
    @inlinable public var employees: Int? {
        get { box.fields.pointee.read(box.fields.pointee.employees, .employees) }
        set { writable.pointee.store(newValue, at: \.employees, .employees) }
    }
    /// Annual revenue in the CRM's currency.
    @inlinable public var annualRevenue: Double? {
        get { box.fields.pointee.read(box.fields.pointee.annualRevenue, .annualRevenue) }
        set { writable.pointee.store(newValue, at: \.annualRevenue, .annualRevenue) }
    }
    /// The country as written in the CRM; ``countryCode`` holds its ISO code.
    @inlinable public var country: String? {
        _read { yield box.fields.pointee.country }
        set { setLocation(country: newValue, state: state, codes: Account.resolve(country: newValue, state: state)) }
    }
    /// The state, province or region as written; ``subdivisionCode`` holds
    /// its ISO 3166-2 code for US states and Canadian provinces.
    @inlinable public var state: String? {
        _read { yield box.fields.pointee.state }
        set {
            setLocation(country: country, state: newValue, codes: Account.resolve(country: country, state: newValue))
        }
    }
    /// The city.
    @inlinable public var city: String? {
        _read { yield box.fields.pointee.city }
        _modify { yield &writable.pointee.city }
    }
    /// The year the company was founded.
    @inlinable public var founded: Int? {
        get { box.fields.pointee.read(box.fields.pointee.founded, .founded) }
        set { writable.pointee.store(newValue, at: \.founded, .founded) }
    }
    /// The company's stage, e.g. `Series B`, `Public`, `Bootstrapped`;
    /// ``stageKey`` holds it folded.
    @inlinable public var stage: String? {
        _read { yield box.fields.pointee.stage }
        set { setStage(newValue, key: NameKey(nonBlank: newValue)) }
    }
    /// Total funding raised, in the CRM's currency.
    @inlinable public var fundingTotal: Double? {
        get { box.fields.pointee.read(box.fields.pointee.fundingTotal, .fundingTotal) }
        set { writable.pointee.store(newValue, at: \.fundingTotal, .fundingTotal) }
    }
    /// When the last funding round closed.
    @inlinable public var lastFundingDate: Date? {
        _read { yield box.fields.pointee.lastFundingDate }
        _modify { yield &writable.pointee.lastFundingDate }
    }
    /// The number of customers the company itself serves.
    @inlinable public var customerCount: Int? {
        get { box.fields.pointee.read(box.fields.pointee.customerCount, .customerCount) }
        set { writable.pointee.store(newValue, at: \.customerCount, .customerCount) }
    }
    /// The technologies the company runs, as written (`"salesforce.com"`);
    /// ``technologyKeys`` holds them folded.
    @inlinable public var technologies: Set<String> {
        _read { yield box.fields.pointee.technologies }
        set { setTechnologies(newValue, keys: SortedKeys(newValue.map { NameKey($0) })) }
    }
    /// Custom attributes by name.
    @inlinable public var attributes: CustomAttributes {
        _read { yield box.fields.pointee.attributes }
        _modify { yield &writable.pointee.attributes }
    }
    /// Engagement events at the account level (visits by reverse IP,
    /// intent topics, product usage, compelling events), in time order.
    @inlinable public var events: EventLog {
        _read { yield box.fields.pointee.events }
        _modify { yield &writable.pointee.events }
    }
    /// Headcount over time, oldest first, for growth and size-crossing triggers.
    @inlinable public var headcountHistory: [HeadcountSnapshot] {
        _read { yield box.fields.pointee.headcountHistory }
        set { writable.pointee.headcountHistory = newValue.sorted { $0.day < $1.day } }
    }
    /// The account's latest Net Promoter Score answer, 0–10.
    @inlinable public var nps: Int? {
        get { box.fields.pointee.read(box.fields.pointee.nps, .nps) }
        set { writable.pointee.store(newValue, at: \.nps, .nps) }
    }
    /// A sentiment score from feedback, -1 (negative) … 1 (positive).
    @inlinable public var sentiment: Double? {
        _read { yield box.fields.pointee.sentiment }
        _modify { yield &writable.pointee.sentiment }
    }
    /// How many referrals the account has given.
    @inlinable public var referralsGiven: Int? {
        get { box.fields.pointee.read(box.fields.pointee.referralsGiven, .referralsGiven) }
        set { writable.pointee.store(newValue, at: \.referralsGiven, .referralsGiven) }
    }
    /// How the account advocates publicly; `nil` when not known, empty when none.
    @inlinable public var advocacy: Set<Advocacy>? {
        _read { yield box.fields.pointee.advocacy }
        _modify { yield &writable.pointee.advocacy }
    }
    /// Whether the account is a prominent brand whose logo helps sell.
    @inlinable public var isProminentBrand: Bool? {
        _read { yield box.fields.pointee.isProminentBrand }
        _modify { yield &writable.pointee.isProminentBrand }
    }
    /// The pain points the account has stated; empty when not known.
    @inlinable public var painPoints: [String] {
        _read { yield box.fields.pointee.painPoints }
        _modify { yield &writable.pointee.painPoints }
    }
    /// The use cases the account has; empty when not known.
    @inlinable public var useCases: [String] {
        _read { yield box.fields.pointee.useCases }
        _modify { yield &writable.pointee.useCases }
    }
    /// The ISO 3166-1 alpha-2 code of ``country``, or `nil` when the country
    /// is missing or not recognised.
    @inlinable public var countryCode: String? { _read { yield box.fields.pointee.countryCode } }
    /// The ISO 3166-2 code of ``state`` (`US-CA`, `CA-ON`) for US and
    /// Canadian accounts, or `nil`.
    @inlinable public var subdivisionCode: String? { _read { yield box.fields.pointee.subdivisionCode } }
    /// ``countryCode`` as a number (``Geography/alpha2Number(_:)``), for
    /// criteria that test it against a set of bits.
    @inlinable package var countryNumber: Int? {
        let n = box.fields.pointee.countryNumber
        return n < 0 ? nil : Int(n)
    }
    /// ``technologies`` folded for matching. The account keeps them sorted
    /// for its criteria; this set is made from them when asked.
    public var technologyKeys: Set<NameKey> { Set(sortedTechnologyKeys.keys) }
    /// ``technologies`` folded, in the order matching uses, for criteria
    /// that meet them with their own keys without hashing.
    @inlinable package var sortedTechnologyKeys: SortedKeys { _read { yield box.fields.pointee.sortedTechnologyKeys } }
    /// ``sortedTechnologyKeys`` read in place, for criteria: valid, like
    /// ``attributeSlot(_:)``, while the caller holds this account unchanged.
    /// Reading the keys through a view retains nothing, where a copy of
    /// the keys retains their array (shared by the accounts of an import).
    @inlinable package var technologyKeysView: SortedKeys.View {
        let keys = box.fields.pointee.sortedTechnologyKeys
        return keys.keys.withUnsafeBufferPointer { SortedKeys.View(keys: $0, filter: keys.filter) }
    }
    /// The named custom attribute as criteria read it, by address; `nil`
    /// when the account has no such attribute.
    ///
    /// The slot lives in the account's own storage, which no one else can
    /// change: the address is valid for as long as the caller holds this
    /// account unchanged (for a criterion, the whole call). Reading it in
    /// place, with no closure around the reading, lets the compiler read
    /// the account's memory without copying (retaining) its arrays.
    @inlinable package func attributeSlot(_ key: NameKey) -> UnsafePointer<CustomAttributes.Slot>? {
        box.fields.pointee.attributes.slotAddress(key)
    }
    /// ``industry`` folded for matching; `nil` when missing or blank.
    @inlinable public var industryKey: NameKey? { _read { yield box.fields.pointee.industryKey } }
    /// ``stage`` folded for matching; `nil` when missing or blank.
    @inlinable public var stageKey: NameKey? { _read { yield box.fields.pointee.stageKey } }

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
        shared = SharedFields(
            Fields(
                employees: employees ?? 0, annualRevenue: annualRevenue ?? 0, founded: founded ?? 0,
                fundingTotal: fundingTotal ?? 0, referralsGiven: referralsGiven ?? 0, nps: nps ?? 0,
                customerCount: customerCount ?? 0,
                present: Fields.presence(
                    (employees != nil, .employees), (annualRevenue != nil, .annualRevenue), (founded != nil, .founded),
                    (fundingTotal != nil, .fundingTotal), (referralsGiven != nil, .referralsGiven), (nps != nil, .nps),
                    (customerCount != nil, .customerCount)),
                countryNumber: Fields.number(country: codes.country), attributes: attributes,
                industryKey: NameKey(nonBlank: industry),
                stageKey: NameKey(nonBlank: stage), sortedTechnologyKeys: SortedKeys(technologies.map { NameKey($0) }),
                id: id, name: name, domain: domain, industry: industry, industryCode: industryCode, country: country,
                state: state, city: city, stage: stage, lastFundingDate: lastFundingDate, technologies: technologies,
                events: events, headcountHistory: headcountHistory.sorted { $0.day < $1.day }, sentiment: sentiment,
                advocacy: advocacy, isProminentBrand: isProminentBrand, painPoints: painPoints, useCases: useCases,
                countryCode: codes.country, subdivisionCode: codes.subdivision))
    }

    /// The name, for reports.
    public var scoringLabel: String { name }

    /// Accounts are equal when all their fields are.
    public static func == (lhs: Account, rhs: Account) -> Bool {
        lhs.box === rhs.box || lhs.box.fields.pointee == rhs.box.fields.pointee
    }

    /// Hashes all the fields.
    public func hash(into hasher: inout Hasher) { box.fields.pointee.hash(into: &hasher) }

    /// The fields, ready to change: the box is copied first when another
    /// account shares it.
    @usableFromInline var writable: UnsafeMutablePointer<Fields> {
        mutating get {
            if !isKnownUniquelyReferenced(&shared.box) { shared = SharedFields(shared.box.fields.pointee) }
            return shared.box.fields
        }
    }

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
        let fields = writable
        fields.pointee.industry = text
        fields.pointee.industryKey = key
    }

    /// Sets the stage with its key already folded.
    @usableFromInline
    package mutating func setStage(_ text: String?, key: NameKey?) {
        let fields = writable
        fields.pointee.stage = text
        fields.pointee.stageKey = key
    }

    /// Sets the country and state with their codes already resolved.
    @usableFromInline
    package mutating func setLocation(country: String?, state: String?, codes: (country: String?, subdivision: String?))
    {
        let fields = writable
        fields.pointee.country = country
        fields.pointee.state = state
        fields.pointee.countryCode = codes.country
        fields.pointee.subdivisionCode = codes.subdivision
        fields.pointee.countryNumber = Fields.number(country: codes.country)
    }

    /// Sets the technologies with their keys already folded and sorted
    /// (importers that prepare each distinct cell once).
    @usableFromInline
    package mutating func setTechnologies(_ written: Set<String>, keys: SortedKeys) {
        let fields = writable
        fields.pointee.technologies = written
        fields.pointee.sortedTechnologyKeys = keys
    }

    /// An account's stored fields: the public ones and the keys derived
    /// from them.
    @usableFromInline struct Fields: Hashable, Sendable {
        // The fields criteria read most come first, and the optional
        // numbers are kept as plain numbers with one byte of flags saying
        // which are present (an `Int?` takes 16 bytes, a number 8), so
        // that what criteria read fits in three cache lines with the box's
        // header. A missing number is stored as 0, so equal fields are
        // equal stored values.
        @usableFromInline var employees: Int
        @usableFromInline var annualRevenue: Double
        @usableFromInline var founded: Int
        @usableFromInline var fundingTotal: Double
        @usableFromInline var referralsGiven: Int
        @usableFromInline var nps: Int
        @usableFromInline var customerCount: Int
        /// Which of the numbers above are present (``Number``).
        @usableFromInline var present: UInt8
        /// ``Account/countryNumber``, or -1 for none.
        @usableFromInline var countryNumber: Int16
        @usableFromInline var attributes: CustomAttributes
        @usableFromInline var industryKey: NameKey?
        @usableFromInline var stageKey: NameKey?
        @usableFromInline var sortedTechnologyKeys: SortedKeys
        @usableFromInline var id: String
        @usableFromInline var name: String
        @usableFromInline var domain: String?
        @usableFromInline var industry: String?
        @usableFromInline var industryCode: String?
        @usableFromInline var country: String?
        @usableFromInline var state: String?
        @usableFromInline var city: String?
        @usableFromInline var stage: String?
        @usableFromInline var lastFundingDate: Date?
        @usableFromInline var technologies: Set<String>
        @usableFromInline var events: EventLog
        @usableFromInline var headcountHistory: [HeadcountSnapshot]
        @usableFromInline var sentiment: Double?
        @usableFromInline var advocacy: Set<Advocacy>?
        @usableFromInline var isProminentBrand: Bool?
        @usableFromInline var painPoints: [String]
        @usableFromInline var useCases: [String]
        @usableFromInline var countryCode: String?
        @usableFromInline var subdivisionCode: String?
    }
}

extension Account.Fields {
    /// The flag, in ``present``, of each optional number.
    @usableFromInline enum Number: UInt8 {
        case employees = 1, annualRevenue = 2, founded = 4, fundingTotal = 8, referralsGiven = 16, nps = 32
        case customerCount = 64
    }

    /// A stored number, or `nil` when its flag is clear.
    @inlinable func read<T>(_ value: T, _ number: Number) -> T? { present & number.rawValue != 0 ? value : nil }

    /// Stores an optional number: the number (0 when missing) and its flag.
    @inlinable mutating func store<T: Numeric>(_ value: T?, at field: WritableKeyPath<Self, T>, _ number: Number) {
        self[keyPath: field] = value ?? 0
        present = value == nil ? present & ~number.rawValue : present | number.rawValue
    }

    /// The flags of the numbers present.
    @usableFromInline static func presence(_ numbers: (present: Bool, flag: Number)...) -> UInt8 {
        numbers.reduce(0) { $0 | ($1.present ? $1.flag.rawValue : 0) }
    }

    /// A country code as ``Account/countryNumber`` stores it: -1 for none.
    @usableFromInline static func number(country code: String?) -> Int16 {
        Int16(code.flatMap(Geography.alpha2Number) ?? -1)
    }
}

/// The box that holds an account's fields. Its fields are reached through
/// a pointer to the buffer's header, which lives as long as the box: reads
/// go straight to memory, without the run-time exclusivity checks of a
/// class's stored property.
///
/// A box is changed only through an account that holds the only
/// reference to it (``Account/writable``), so sharing one across threads
/// shares nothing mutable.
@usableFromInline final class AccountBox: ManagedBuffer<Account.Fields, UInt8> {
    /// A new box holding the fields.
    @usableFromInline static func make(_ fields: Account.Fields) -> AccountBox {
        unsafeDowncast(AccountBox.create(minimumCapacity: 0) { _ in fields }, to: AccountBox.self)
    }

    /// The fields' address.
    @inlinable var fields: UnsafeMutablePointer<Account.Fields> { withUnsafeMutablePointerToHeader { $0 } }
}

/// An account's box, sendable: ``AccountBox`` is changed only through an
/// account that holds the only reference to it, so accounts on different
/// threads never change a box they share.
@usableFromInline struct SharedFields: @unchecked Sendable {
    @usableFromInline var box: AccountBox

    /// A new box holding the fields.
    @usableFromInline init(_ fields: Account.Fields) { box = AccountBox.make(fields) }
}
