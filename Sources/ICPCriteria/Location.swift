import ICPCore

/// Where an account is: in a country, a US state or Canadian province, or a
/// named region.
///
/// ```swift
/// Location.in(.northAmerica)
/// try Location.in("USA")                 // names resolve once, here
/// try Location.in(.dach, .nordics, .country("United Kingdom"))
/// ```
public enum Location {
    /// Holds when the account is in any of the regions.
    public static func `in`(_ regions: Region...) -> LocationCriterion<Account> { self.in(regions) }

    /// Holds when the account is in any of the regions.
    public static func `in`(_ regions: [Region]) -> LocationCriterion<Account> {
        var criterion = LocationCriterion<Account>(regions: regions) { a in
            Place(written: a.country, country: a.countryCode, state: a.state, subdivision: a.subdivisionCode)
        } country: { a in
            a.countryNumber
        } subdivision: { a in
            a.subdivisionCode
        }
        criterion.specification = Specification("location", ["in": .strings(regions.map(\.name))])
        let merged = Region.union(regions)
        let country = Operand.field(.country)
        criterion.condition = .any([
            .text(country, Set(merged.countries.map { NameKey($0) })),
            .all([
                .text(country, Set(merged.subdivisions.map { NameKey(String($0.prefix(2))) })),
                .text(.field(.state), Set(merged.subdivisions.map { NameKey($0) })),
            ]),
        ])
        return criterion
    }

    /// Holds when the account is in any of the places named (regions,
    /// countries, states), resolved once, here.
    ///
    /// - Throws: ``GeographyError`` for a name that resolves to nothing.
    public static func `in`(_ names: String...) throws -> LocationCriterion<Account> {
        self.in(try names.map(Region.named))
    }

    /// The same criterion over a host type's country and state fields, as
    /// written (resolved on each evaluation).
    public static func `in`<Subject>(
        _ regions: [Region], country: any KeyPath<Subject, String?> & Sendable,
        state: (any KeyPath<Subject, String?> & Sendable)? = nil
    ) -> LocationCriterion<Subject> {
        LocationCriterion(regions: regions) { subject in
            let written = subject[keyPath: country]
            let code = written.flatMap { Geography.country(named: $0)?.alpha2 }
            let stateText = state.flatMap { subject[keyPath: $0] }
            let sub = code.flatMap { c in stateText.flatMap { Geography.subdivision(named: $0, in: c)?.code } }
            return Place(written: written, country: code, state: stateText, subdivision: sub)
        }
    }
}

/// Where a subject is, as written and as resolved.
public struct Place: Sendable, Hashable {
    /// The country as written.
    public var written: String?
    /// Its ISO 3166-1 alpha-2 code, when recognised.
    public var country: String?
    /// The state or province as written.
    public var state: String?
    /// Its ISO 3166-2 code, when recognised.
    public var subdivision: String?

    /// Creates a place.
    public init(written: String?, country: String?, state: String?, subdivision: String?) {
        self.written = written
        self.country = country
        self.state = state
        self.subdivision = subdivision
    }
}

/// Holds when a subject's country, or its US state or Canadian province, is
/// in any of a set of regions. Regions are merged into one set of codes when
/// the criterion is built.
///
/// A missing or unrecognised country is unknown; so is a missing state when
/// only a state inside the subject's country could match.
public struct LocationCriterion<Subject>: Criterion {
    /// The regions, as given.
    public let regions: [Region]
    private let countries: CountryCodes
    private let subdivisions: Set<String>
    private let subdivisionCountries: CountryCodes
    private let locate: @Sendable (Subject) -> Place
    private let countryNumber: @Sendable (Subject) -> Int?
    private let subdivision: @Sendable (Subject) -> String?
    /// How the criterion is written in a profile file (`Account` criteria
    /// only): the regions by name, read back with `Region.named(_:)`.
    public internal(set) var specification: Specification?
    /// The country in the regions, or the state in them, for `Account`.
    public internal(set) var condition: Condition?

    /// - Parameters:
    ///   - locate: Where the subject is, as written and resolved.
    ///   - country: The resolved country's code as a number
    ///     (``Geography/alpha2Number(_:)``; -1 for a code that is not two
    ///     capitals), for the degree; by default read from `locate`.
    ///   - subdivision: The resolved subdivision's code, for the degree; by
    ///     default read from `locate`.
    init(
        regions: [Region], locate: @escaping @Sendable (Subject) -> Place,
        country: (@Sendable (Subject) -> Int?)? = nil, subdivision: (@Sendable (Subject) -> String?)? = nil
    ) {
        self.regions = regions
        self.locate = locate
        self.countryNumber = country ?? { locate($0).country.map { Geography.alpha2Number($0) ?? -1 } }
        self.subdivision = subdivision ?? { locate($0).subdivision }
        let merged = Region.union(regions)
        self.countries = CountryCodes(merged.countries)
        self.subdivisions = merged.subdivisions
        self.subdivisionCountries = CountryCodes(merged.subdivisions.map { String($0.prefix(2)) })
        self.regionText = Wording.join(regions.map(\.name), "or")
    }

    private let regionText: String  // "DACH or the Nordics"

    /// `located in North America`.
    public var name: String { "located in \(regionText)" }

    /// Firmographic.
    public var category: SignalCategory { .firmographic }

    /// Tests the country's number against bits, and reads the subdivision
    /// only when a state could decide.
    private func check(country: Int?, subdivision: () -> String?) -> Double? {
        guard let country else { return nil }
        if countries.contains(country) { return 1 }
        guard subdivisionCountries.contains(country) else { return 0 }
        guard let subdivision = subdivision() else { return nil }
        return subdivisions.contains(subdivision) ? 1 : 0
    }

    /// The degree without text: reads the country's number, and the
    /// subdivision only when it can decide.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        check(country: countryNumber(subject)) { subdivision(subject) }
    }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        var place = locate(subject)
        if place.written == nil, let implied = place.country, let state = place.state {
            place.written = "\(implied) (implied by state \(state))"
        }
        var evidence = [Observation("country", place.written ?? "unknown")]
        if !subdivisions.isEmpty { evidence.append(Observation("state", place.state ?? "unknown")) }
        let number = place.country.map { Geography.alpha2Number($0) ?? -1 }
        let degree = check(country: number) { place.subdivision }
        let placeText: String
        if let number, let sub = place.subdivision, subdivisionCountries.contains(number), !countries.contains(number) {
            placeText = "state \(place.state ?? sub)"
        } else if let written = place.written {
            placeText = "country \(written)"
        } else {
            placeText = "country"
        }
        let met = "\(placeText) is in \(regionText)"
        let unmet = "\(placeText) is not in \(regionText)"
        guard let degree else {
            var missing: [String] = []
            if place.country == nil {
                missing.append("country")
                if let written = place.written { evidence[0] = Observation("country", "\(written) (not recognised)") }
            } else {
                missing.append("state")
            }
            return .unknown(missing: missing, evidence: evidence, met: met, unmet: unmet)
        }
        return .known(degree, evidence: evidence, met: met, unmet: unmet)
    }
}

/// A set of ISO 3166-1 alpha-2 codes as bits, one per pair of capital
/// letters (``Geography/alpha2Number(_:)``), so that asking it hashes
/// nothing. A code of any other shape is left out: no resolved country
/// code could equal it.
private struct CountryCodes: Sendable {
    private var bits = [UInt64](repeating: 0, count: (26 * 26 + 63) / 64)

    init(_ codes: some Sequence<String>) {
        for i in codes.compactMap(Geography.alpha2Number) { bits[i >> 6] |= 1 << UInt64(i & 63) }
    }

    /// Whether the code with this number is in the set; never for a
    /// negative number (a resolved code that is not two capitals).
    func contains(_ i: Int) -> Bool {
        i >= 0 && i < 26 * 26 && bits[i >> 6] & (1 << UInt64(i & 63)) != 0
    }
}
