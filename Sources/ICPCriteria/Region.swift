import ICPCore

/// A place an account can be in: a country, a US state or Canadian
/// province, or a named group of them ("North America", "EMEA", "DACH").
///
/// ``northAmerica`` is the continent's sense a profile means by "North
/// American": the United States, Canada and Mexico. The sales-territory
/// sense ("NA", "NAMER") is ``usAndCanada``. The other named regions follow
/// the territories revenue teams use: ``latam`` (Mexico, Central and South
/// America, the Caribbean), ``emea`` and ``apac``; Mexico is in both North
/// America and LATAM.
///
/// ```swift
/// Region.dach                         // DE, AT, CH
/// try Region.country("U.S.")          // United States
/// try Region.state("Ontario")         // CA-ON
/// try Region.named("EMEA")            // a named region, a country or a state
/// ```
public struct Region: Sendable, Hashable, CustomStringConvertible {
    /// The region's name as it reads in sentences.
    public let name: String
    /// ISO 3166-1 alpha-2 codes of the countries wholly inside.
    public let countries: Set<String>
    /// ISO 3166-2 codes of US and Canadian subdivisions inside (`US-CA`).
    public let subdivisions: Set<String>

    /// Creates a region from codes; unknown codes are kept as given, upper-cased.
    public init(name: String, countries: Set<String>, subdivisions: Set<String> = []) {
        self.name = name
        self.countries = Set(countries.map { $0.uppercased() })
        self.subdivisions = Set(subdivisions.map { $0.uppercased() })
    }

    /// The region's name.
    public var description: String { name }

    /// The union of regions, named after them.
    public static func union(_ regions: [Region], name: String? = nil) -> Region {
        Region(
            name: name ?? regions.map(\.name).joined(separator: " or "),
            countries: regions.reduce(into: Set<String>()) { $0.formUnion($1.countries) },
            subdivisions: regions.reduce(into: Set<String>()) { $0.formUnion($1.subdivisions) })
    }

    /// The country written as a code or any common name (`US`, `USA`, `U.S.`, `United States`).
    ///
    /// - Throws: ``GeographyError/unknownCountry(_:)``.
    public static func country(_ text: String) throws -> Region {
        guard let c = Geography.country(named: text) else { throw GeographyError.unknownCountry(text) }
        return Region(name: c.name, countries: [c.alpha2])
    }

    /// A US state or Canadian province by name (`California`, `Ontario`) or
    /// full code (`US-CA`); a two-letter code (`CA`) is read as a US state.
    ///
    /// - Throws: ``GeographyError/unknownState(_:)``.
    public static func state(_ text: String) throws -> Region {
        if let s = Geography.subdivision(named: text) ?? Geography.subdivision(named: text, in: "US") {
            return Region(name: s.name, countries: [], subdivisions: [s.code])
        }
        throw GeographyError.unknownState(text)
    }

    /// A named region (`EMEA`, `North America`, `NA`, `DACH`…), else a
    /// country, else a US state or Canadian province by name or full code.
    ///
    /// - Throws: ``GeographyError/unknownRegion(_:)`` listing the named regions.
    public static func named(_ text: String) throws -> Region {
        let key = NameKey(text)
        if let r = named.first(where: { $0.aliases.contains(key) }) { return r.region }
        if let c = Geography.country(named: text) { return Region(name: c.name, countries: [c.alpha2]) }
        if let s = Geography.subdivision(named: text) {
            return Region(name: s.name, countries: [], subdivisions: [s.code])
        }
        throw GeographyError.unknownRegion(text)
    }

    /// United States, Canada and Mexico: North America as a profile means it.
    public static let northAmerica = Region(name: "North America", countries: ["US", "CA", "MX"])
    /// United States and Canada: the sales territory "NA" / "NAMER".
    public static let usAndCanada = Region(name: "US & Canada", countries: ["US", "CA"])
    /// Mexico and Central America.
    public static let centralAmerica = Region(
        name: "Central America", countries: ["MX", "BZ", "CR", "SV", "GT", "HN", "NI", "PA"])
    /// The Caribbean.
    public static let caribbean = Region(
        name: "the Caribbean",
        countries: [
            "AG", "AI", "AW", "BB", "BL", "BQ", "BS", "CU", "CW", "DM", "DO", "GD", "GP", "HT", "JM", "KN", "KY",
            "LC", "MF", "MQ", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI",
        ])
    /// South America.
    public static let southAmerica = Region(
        name: "South America",
        countries: ["AR", "BO", "BR", "CL", "CO", "EC", "FK", "GF", "GY", "PY", "PE", "SR", "UY", "VE", "GS"])
    /// Latin America: Mexico, Central and South America, the Caribbean.
    public static let latam = union([centralAmerica, southAmerica, caribbean], name: "LATAM")
    /// Europe, including the United Kingdom, Switzerland, Norway, Ukraine and Russia.
    public static let europe = Region(
        name: "Europe",
        countries: [
            "AD", "AL", "AT", "AX", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FO",
            "FR", "GB", "GG", "GI", "GR", "HR", "HU", "IE", "IM", "IS", "IT", "JE", "LI", "LT", "LU", "LV", "MC",
            "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "RU", "SE", "SI", "SJ", "SK", "SM", "UA",
            "VA",
        ])
    /// The 27 member states of the European Union.
    public static let europeanUnion = Region(
        name: "the EU",
        countries: [
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
            "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        ])
    /// Germany, Austria and Switzerland.
    public static let dach = Region(name: "DACH", countries: ["DE", "AT", "CH"])
    /// Denmark, Finland, Iceland, Norway, Sweden, with the Faroe Islands, Greenland and Åland.
    public static let nordics = Region(
        name: "the Nordics", countries: ["DK", "FI", "IS", "NO", "SE", "FO", "GL", "AX"])
    /// Belgium, the Netherlands and Luxembourg.
    public static let benelux = Region(name: "Benelux", countries: ["BE", "NL", "LU"])
    /// The United Kingdom and Ireland.
    public static let ukAndIreland = Region(name: "UK and Ireland", countries: ["GB", "IE"])
    /// The Middle East, including Turkey.
    public static let middleEast = Region(
        name: "the Middle East",
        countries: ["AE", "BH", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "YE"])
    /// Africa.
    public static let africa = Region(
        name: "Africa",
        countries: [
            "DZ", "AO", "BJ", "BW", "BF", "BI", "CV", "CM", "CF", "TD", "KM", "CG", "CD", "CI", "DJ", "EG", "GQ",
            "ER", "SZ", "ET", "GA", "GM", "GH", "GN", "GW", "KE", "LS", "LR", "LY", "MG", "MW", "ML", "MR", "MU",
            "YT", "MA", "MZ", "NA", "NE", "NG", "RE", "RW", "SH", "ST", "SN", "SC", "SL", "SO", "ZA", "SS", "SD",
            "TZ", "TG", "TN", "UG", "EH", "ZM", "ZW", "IO", "TF",
        ])
    /// Europe, the Middle East and Africa.
    public static let emea = union([europe, middleEast, africa], name: "EMEA")
    /// East, South-East, South and Central Asia (not the Middle East).
    public static let asia = Region(
        name: "Asia",
        countries: [
            "CN", "HK", "MO", "JP", "KR", "KP", "MN", "TW", "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH",
            "TL", "VN", "AF", "BD", "BT", "IN", "MV", "NP", "PK", "LK", "KZ", "KG", "TJ", "TM", "UZ", "AM", "AZ",
            "GE", "CX", "CC",
        ])
    /// Australia, New Zealand and the Pacific islands.
    public static let oceania = Region(
        name: "Oceania",
        countries: [
            "AU", "NZ", "FJ", "PG", "SB", "VU", "NC", "PF", "WS", "TO", "KI", "FM", "MH", "NR", "PW", "TV", "CK",
            "NU", "NF", "AS", "GU", "MP", "WF", "TK", "PN", "UM", "HM",
        ])
    /// Australia and New Zealand.
    public static let anz = Region(name: "ANZ", countries: ["AU", "NZ"])
    /// Asia and Oceania.
    public static let apac = union([asia, oceania], name: "APAC")

    /// The named regions and the names they answer to.
    public static let named: [(region: Region, aliases: Set<NameKey>)] = [
        (northAmerica, ["North America", "North American", "NORAM"]),
        (usAndCanada, ["US & Canada", "US and Canada", "USCAN", "NA", "NAMER"]),
        (latam, ["LATAM", "Latin America", "LAC"]),
        (centralAmerica, ["Central America"]),
        (southAmerica, ["South America"]),
        (caribbean, ["Caribbean", "the Caribbean"]),
        (emea, ["EMEA"]),
        (europe, ["Europe"]),
        (europeanUnion, ["EU", "European Union", "the EU"]),
        (dach, ["DACH"]),
        (nordics, ["Nordics", "the Nordics", "Nordic countries", "Nordic"]),
        (benelux, ["Benelux"]),
        (ukAndIreland, ["UK and Ireland", "UK&I", "UKI", "UK & Ireland"]),
        (middleEast, ["Middle East", "the Middle East", "ME"]),
        (africa, ["Africa"]),
        (asia, ["Asia"]),
        (oceania, ["Oceania"]),
        (anz, ["ANZ", "Australia and New Zealand"]),
        (apac, ["APAC", "Asia Pacific", "Asia-Pacific", "APJ"]),
    ]
}

/// A place name that could not be resolved.
public enum GeographyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No ISO 3166 country has this code or name.
    case unknownCountry(String)
    /// No US state or Canadian province has this name or code.
    case unknownState(String)
    /// No named region, country or state has this name.
    case unknownRegion(String)

    /// A sentence naming the text and what would have been accepted.
    public var description: String {
        switch self {
        case .unknownCountry(let t):
            return "\"\(t)\" is not a country: use an ISO 3166 code (US, USA) or a name (United States)"
        case .unknownState(let t):
            return
                "\"\(t)\" is not a US state or Canadian province: use a name (California, Ontario) or a code (US-CA, CA-ON)"
        case .unknownRegion(let t):
            let names = Region.named.map(\.region.name).joined(separator: ", ")
            return "\"\(t)\" is not a region, country, US state or Canadian province; named regions are \(names)"
        }
    }
}
