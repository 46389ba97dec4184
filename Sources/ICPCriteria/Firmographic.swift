import ICPCore

/// A namespace for one numeric field of `Account`, giving it range
/// criteria that read as a marketer would say them:
/// `Employees.moreThan(500)`, `Revenue.between(10_000_000...100_000_000)`.
public protocol AccountMeasure {
    /// The field as a signal, for bands and custom criteria.
    static var signal: NumberField<Account> { get }
}

extension AccountMeasure {
    /// Holds when the value is at least `n`.
    public static func atLeast(_ n: Double) -> NumericCriterion<Account> { signal.atLeast(n) }
    /// Holds when the value is at most `n`.
    public static func atMost(_ n: Double) -> NumericCriterion<Account> { signal.atMost(n) }
    /// Holds when the value is more than `n` ("over 500 employees").
    public static func moreThan(_ n: Double) -> NumericCriterion<Account> { signal.moreThan(n) }
    /// Holds when the value is less than `n` ("under 100 employees").
    public static func lessThan(_ n: Double) -> NumericCriterion<Account> { signal.lessThan(n) }
    /// Holds when the value lies in the range, ends included.
    public static func between(_ range: ClosedRange<Double>) -> NumericCriterion<Account> { signal.between(range) }
    /// A banded rubric line over the value.
    public static func bands(_ bands: Band..., otherwise: Double = 0) -> RubricLine<Account> {
        signal.bands(bands, otherwise: otherwise)
    }
}

/// The company's headcount (`Account/employees`).
public enum Employees: AccountMeasure {
    /// `employees`, as a signal.
    public static let signal = NumberField<Account>(
        "employees", specification: Specification("employees"), operand: .field(.employees)
    ) { a, _ in
        a.employees.map(Double.init)
    }
    /// The same signal, named for reading: `Employees.count.bands(…)`.
    public static var count: NumberField<Account> { signal }
}

/// Annual revenue (`Account/annualRevenue`), written as money.
public enum Revenue: AccountMeasure {
    /// `revenue`, as a signal.
    public static let signal = NumberField<Account>(
        "revenue", format: .money, specification: Specification("revenue"), operand: .field(.revenue)
    ) { a, _ in a.annualRevenue }
    /// The same signal, named for reading.
    public static var amount: NumberField<Account> { signal }
}

/// The size of the company's own customer base (`Account/customerCount`).
public enum CustomerBase: AccountMeasure {
    /// `customers`, as a signal.
    public static let signal = NumberField<Account>(
        "customers", specification: Specification("customers"), operand: .field(.customers)
    ) { a, _ in
        a.customerCount.map(Double.init)
    }
    /// The same signal, named for reading.
    public static var size: NumberField<Account> { signal }
}

/// Total funding raised (`Account/fundingTotal`), written as money.
public enum Funding: AccountMeasure {
    /// `funding`, as a signal.
    public static let signal = NumberField<Account>(
        "funding", format: .money, specification: Specification("funding"), operand: .field(.funding)
    ) { a, _ in a.fundingTotal }
    /// The same signal, named for reading.
    public static var total: NumberField<Account> { signal }
}

/// The year the company was founded (`Account/founded`).
public enum Founded: AccountMeasure {
    /// `founded`, as a signal.
    public static let signal = NumberField<Account>(
        "founded", format: .year, specification: Specification("founded"), operand: .field(.founded)
    ) {
        a, _ in a.founded.map(Double.init)
    }
    /// The same signal, named for reading.
    public static var year: NumberField<Account> { signal }
    /// Holds when founded before the year (not in it).
    public static func before(_ year: Int) -> NumericCriterion<Account> { signal.lessThan(Double(year)) }
    /// Holds when founded after the year (not in it).
    public static func after(_ year: Int) -> NumericCriterion<Account> { signal.moreThan(Double(year)) }
}

/// The company's age in whole years as of the evaluation date: the "as of"
/// year minus the founding year.
public enum CompanyAge: AccountMeasure {
    /// `company age`, as a signal.
    public static let signal = NumberField<Account>(
        "company age", format: .years, specification: Specification("company_age"),
        operand: .companyAge
    ) { a, context in
        a.founded.map { Double(context.asOfDay.year - $0) }
    }
    /// The same signal, named for reading.
    public static var years: NumberField<Account> { signal }
}

/// The company's stage (`Account/stage`): `Seed`, `Series B`, `Public`…
public enum Stage {
    /// `stage`, as a text field.
    public static let field = TextField<Account>(
        "stage", specification: Specification("stage"), operand: .field(.stage), read: { $0.stage },
        folded: { $0.stageKey })
    /// Holds when the stage is one of the values (folded).
    public static func oneOf(_ stages: String...) -> TextCriterion<Account> { field.oneOf(stages) }
}

/// The company's city (`Account/city`), compared folded.
public enum City {
    /// `city`, as a text field.
    public static let field = TextField<Account>(
        "city", specification: Specification("city"), operand: .field(.city), read: { $0.city },
        folded: { $0.city.map { NameKey($0) } })
    /// Holds when the city is one of the values (folded).
    public static func oneOf(_ cities: String...) -> TextCriterion<Account> { field.oneOf(cities) }
}

/// The company's industry: by name (folded) and by classification-code
/// prefix (NAICS `5112` matches `511210`).
public enum Industry {
    /// Holds when the industry is one of the names.
    public static func oneOf(_ names: String...) -> IndustryCriterion<Account> {
        IndustryCriterion(names: names, codePrefixes: [], account: ())
    }

    /// Holds when the industry code starts with one of the prefixes.
    public static func code(prefix prefixes: String...) -> IndustryCriterion<Account> {
        IndustryCriterion(names: [], codePrefixes: prefixes, account: ())
    }

    /// Holds when the industry is one of the names or its code starts with one of the prefixes.
    public static func matches(names: [String], codePrefixes: [String]) -> IndustryCriterion<Account> {
        IndustryCriterion(
            names: names, codePrefixes: codePrefixes, account: ())
    }

    /// The same criterion over a host type's fields.
    public static func matches<Subject>(
        names: [String], codePrefixes: [String] = [],
        name: any KeyPath<Subject, String?> & Sendable, code: (any KeyPath<Subject, String?> & Sendable)? = nil
    ) -> IndustryCriterion<Subject> {
        IndustryCriterion(names: names, codePrefixes: codePrefixes, name: name, code: code)
    }
}

extension IndustryCriterion where Subject == Account {
    /// Reads the account's industry already folded (`Account.industryKey`).
    fileprivate init(names: [String], codePrefixes: [String], account: Void) {
        self.init(
            names: names, codePrefixes: codePrefixes, readName: { $0.industry }, readKey: { $0.industryKey },
            readCode: { $0.industryCode })
        var spec = Specification("industry")
        if !names.isEmpty { spec = spec.with("names", .strings(names)) }
        if !codePrefixes.isEmpty { spec = spec.with("codePrefixes", .strings(self.codePrefixes)) }
        specification = spec
        var parts: [Condition] = []
        if !names.isEmpty { parts.append(.text(.field(.industry), Set(names.map { NameKey($0) }))) }
        if !self.codePrefixes.isEmpty { parts.append(.prefix(.field(.industryCode), self.codePrefixes)) }
        condition = .any(parts)
    }
}

/// Holds when a subject's industry name is one of a set (folded) or its
/// industry code starts with one of a set of prefixes.
///
/// When both names and codes are given, either match is enough; the answer
/// is unknown only when no field that could match is present and none
/// matched.
public struct IndustryCriterion<Subject>: Criterion {
    /// The industry names, as given.
    public let names: [String]
    /// The code prefixes, as given (blanks removed).
    public let codePrefixes: [String]
    private let nameKeys: SortedKeys
    private let namesText: String  // "one of Security Software or Cybersecurity"
    private let codesText: String  // "5112…"
    private let readName: @Sendable (Subject) -> String?
    private let readKey: @Sendable (Subject) -> NameKey?
    private let readCode: @Sendable (Subject) -> String?
    /// How the criterion is written in a profile file (`Account` criteria only).
    public private(set) var specification: Specification?
    /// The name in the folded names, or the code (spaces removed) starting
    /// with a prefix, for `Account`.
    public private(set) var condition: Condition?

    init(
        names: [String], codePrefixes: [String], name: any KeyPath<Subject, String?> & Sendable,
        code: (any KeyPath<Subject, String?> & Sendable)?
    ) {
        let read: @Sendable (Subject) -> String? = { $0[keyPath: name] }
        let readCode: @Sendable (Subject) -> String?
        if let code { readCode = { $0[keyPath: code] } } else { readCode = { _ in nil } }
        self.init(
            names: names, codePrefixes: codePrefixes, readName: read, readKey: { NameKey(nonBlank: read($0)) },
            readCode: readCode)
    }

    fileprivate init(
        names: [String], codePrefixes: [String], readName: @escaping @Sendable (Subject) -> String?,
        readKey: @escaping @Sendable (Subject) -> NameKey?, readCode: @escaping @Sendable (Subject) -> String?
    ) {
        let prefixes = codePrefixes.map { $0.filter { !$0.isWhitespace } }.filter { !$0.isEmpty }
        self.names = names
        self.codePrefixes = prefixes
        self.nameKeys = SortedKeys(names.map { NameKey($0) })
        self.namesText = Wording.oneOf(names)
        self.codesText = Wording.oneOf(prefixes.map { $0 + "…" })
        self.readName = readName
        self.readKey = readKey
        self.readCode = readCode
    }

    /// `industry one of Security Software or Cybersecurity`, `industry code 5112…`.
    public var name: String { Wording.join(conditions, "or") }

    /// Firmographic.
    public var category: SignalCategory { .firmographic }

    private var conditions: [String] {
        var parts: [String] = []
        if !names.isEmpty { parts.append("industry \(namesText)") }
        if !codePrefixes.isEmpty { parts.append("industry code \(codesText)") }
        return parts
    }

    private func check(_ subject: Subject) -> (Double?, name: String?, code: String?) {
        let key = nameKeys.isEmpty ? nil : readKey(subject)
        let name = key == nil ? nil : readName(subject)
        let code = strippedCode(subject)
        let nameMatch: Bool? = nameKeys.isEmpty ? false : key.map { nameKeys.contains($0) }
        let codeMatch: Bool? = codePrefixes.isEmpty ? false : code.map(matchesPrefix)
        return (combine(nameMatch, codeMatch), name, code)
    }

    /// The code without blanks, `nil` when missing or blank.
    private func strippedCode(_ subject: Subject) -> String? {
        Condition.code(readCode(subject))
    }

    private func matchesPrefix(_ code: String) -> Bool { codePrefixes.contains { code.hasPrefix($0) } }

    /// Either match is enough; otherwise unknown when either is unknown.
    private func combine(_ nameMatch: Bool?, _ codeMatch: Bool?) -> Double? {
        if nameMatch == true || codeMatch == true { return 1 }
        if nameMatch == nil || codeMatch == nil { return nil }
        return 0
    }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        let (degree, name, code) = check(subject)
        var evidence: [Observation] = []
        var missing: [String] = []
        var met: [String] = []
        var unmet: [String] = []
        func part(_ field: String, _ value: String?, _ wanted: String) {
            evidence.append(Observation(field, value ?? "unknown"))
            if value == nil { missing.append(field) }
            let seen = value.map { "\(field) \($0)" } ?? field
            met.append("\(seen) is \(wanted)")
            unmet.append("\(seen) is not \(wanted)")
        }
        if !names.isEmpty { part("industry", name, namesText) }
        if !codePrefixes.isEmpty { part("industry code", code, codesText) }
        let metText = Wording.join(met, "or")
        let unmetText = Wording.join(unmet, "and")
        guard let degree else { return .unknown(missing: missing, evidence: evidence, met: metText, unmet: unmetText) }
        return .known(degree, evidence: evidence, met: metText, unmet: unmetText)
    }

    /// The degree without text: reads only the fields a match needs, and
    /// not the name as written.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        let nameMatch: Bool? = nameKeys.isEmpty ? false : readKey(subject).map { nameKeys.contains($0) }
        if nameMatch == true { return 1 }
        let codeMatch: Bool? = codePrefixes.isEmpty ? false : strippedCode(subject).map(matchesPrefix)
        return combine(nameMatch, codeMatch)
    }
}
