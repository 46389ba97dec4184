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
        }
        criterion.specification = Specification("location", ["in": .strings(regions.map(\.name))])
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
    private let countries: Set<String>
    private let subdivisions: Set<String>
    private let subdivisionCountries: Set<String>
    private let locate: @Sendable (Subject) -> Place
    /// How the criterion is written in a profile file (`Account` criteria
    /// only): the regions by name, read back with `Region.named(_:)`.
    public internal(set) var specification: Specification?

    init(regions: [Region], locate: @escaping @Sendable (Subject) -> Place) {
        self.regions = regions
        self.locate = locate
        let merged = Region.union(regions)
        self.countries = merged.countries
        self.subdivisions = merged.subdivisions
        self.subdivisionCountries = Set(merged.subdivisions.map { String($0.prefix(2)) })
        self.regionText = Wording.join(regions.map(\.name), "or")
    }

    private let regionText: String  // "DACH or the Nordics"

    /// `located in North America`.
    public var name: String { "located in \(regionText)" }

    /// Firmographic.
    public var category: SignalCategory { .firmographic }

    private func check(_ place: Place) -> Double? {
        guard let country = place.country else { return nil }
        if countries.contains(country) { return 1 }
        guard subdivisionCountries.contains(country) else { return 0 }
        guard let sub = place.subdivision else { return nil }
        return subdivisions.contains(sub) ? 1 : 0
    }

    /// The degree without text.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? { check(locate(subject)) }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        let place = locate(subject)
        var evidence = [Observation("country", place.written ?? "unknown")]
        if !subdivisions.isEmpty { evidence.append(Observation("state", place.state ?? "unknown")) }
        let degree = check(place)
        let placeText: String
        if let country = place.country, let sub = place.subdivision, subdivisionCountries.contains(country),
            !countries.contains(country)
        {
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
