/// ISO 3166 countries and the subdivisions of the United States and Canada,
/// found by any name people write.
///
/// Lookups fold case, spaces, underscores, hyphens and dots, so `"US"`,
/// `"USA"`, `"U.S."` and `"united states"` all find the United States.
/// The tables are built once per process, on first use.
///
/// ```swift
/// Geography.country(named: "U.S.")?.alpha2          // "US"
/// Geography.subdivision(named: "Ontario", in: "CA")?.code   // "CA-ON"
/// ```
public enum Geography {
    /// A country of ISO 3166-1.
    public struct Country: Sendable, Hashable {
        /// The alpha-2 code, e.g. `US`.
        public let alpha2: String
        /// The alpha-3 code, e.g. `USA`.
        public let alpha3: String
        /// The usual English name, e.g. `United States`.
        public let name: String
    }

    /// A US state, district or outlying area, or a Canadian province or territory.
    public struct Subdivision: Sendable, Hashable {
        /// The ISO 3166-2 code, e.g. `US-CA`.
        public let code: String
        /// The name, e.g. `California`.
        public let name: String
        /// The kind: `State`, `Province`, `Territory`, `District`, `Outlying area`.
        public let kind: String
        /// The country's alpha-2 code.
        public var country: String { String(code.prefix(2)) }
        /// The code without the country, e.g. `CA`.
        public var shortCode: String { String(code.dropFirst(3)) }
    }

    /// Every ISO 3166-1 country, by alpha-2 code.
    public static let countries: [Country] = countryRows.map {
        Country(alpha2: $0.alpha2, alpha3: $0.alpha3, name: $0.name)
    }

    /// Every US and Canadian subdivision, by code.
    public static let subdivisions: [Subdivision] = subdivisionRows.map {
        Subdivision(code: $0.code, name: $0.name, kind: $0.kind)
    }

    /// The country written as an alpha-2 or alpha-3 code or any known name;
    /// `nil` when the text names no country.
    public static func country(named text: String) -> Country? {
        guard let index = countryIndex[lookupKey(text)] else { return nil }
        return countries[index]
    }

    /// A code of two capital letters as a number in 0..<676 (`AA` is 0,
    /// `ZZ` is 675), or `nil` for any other text: what lets a set of
    /// countries be a set of bits.
    package static func alpha2Number(_ code: String) -> Int? {
        var code = code  // withUTF8 reads a small string in place, from a copy of its two words
        return code.withUTF8 { bytes in
            guard bytes.count == 2, (65...90).contains(bytes[0]), (65...90).contains(bytes[1]) else { return nil }
            return Int(bytes[0] - 65) * 26 + Int(bytes[1] - 65)
        }
    }

    /// The country with this alpha-2 code (any case).
    public static func country(alpha2 code: String) -> Country? {
        guard let index = alpha2Index[code.uppercased()] else { return nil }
        return countries[index]
    }

    /// The subdivision of a country (alpha-2 `US` or `CA`) written as a code
    /// (`CA`, `US-CA`) or a name (`California`); `nil` when there is none.
    public static func subdivision(named text: String, in country: String) -> Subdivision? {
        guard let index = subdivisionIndex[country.uppercased() + "|" + lookupKey(text)] else { return nil }
        return subdivisions[index]
    }

    /// The subdivision written as a full ISO 3166-2 code (`US-CA`) or as a
    /// name that only one US or Canadian subdivision has (`Ontario`).
    public static func subdivision(named text: String) -> Subdivision? {
        guard let index = unqualifiedSubdivisionIndex[lookupKey(text)] else { return nil }
        return subdivisions[index]
    }

    /// Every country lookup key (a name, alpha-3 or alpha-2 code, as
    /// ``lookupKey(_:)`` folds it) with its alpha-2 code, sorted by key: what
    /// ``country(named:)`` knows, for a query that resolves countries itself.
    package static var countryKeys: [(key: String, alpha2: String)] {
        countryIndex.map { ($0.key, countryRows[$0.value].alpha2) }.sorted { $0.key < $1.key }
    }

    /// Every subdivision lookup key of a country (name, short code, full
    /// code) with its ISO 3166-2 code, sorted by key.
    package static func subdivisionKeys(in country: String) -> [(key: String, code: String)] {
        let prefix = country.uppercased() + "|"
        return subdivisionIndex.compactMap { entry in
            entry.key.hasPrefix(prefix)
                ? (String(entry.key.dropFirst(prefix.count)), subdivisionRows[entry.value].code) : nil
        }.sorted { $0.key < $1.key }
    }

    /// How a country or state is looked up: without `.`, `'`, `’`, `,`,
    /// `(`, `)`, then folded as a ``NameKey``.
    package static func lookupKey(_ text: String) -> String {
        var cleaned = text
        cleaned.removeAll { $0 == "." || $0 == "'" || $0 == "’" || $0 == "," || $0 == "(" || $0 == ")" }
        return NameKey(cleaned).folded
    }

    private static let alpha2Index: [String: Int] = {
        var index: [String: Int] = [:]
        for (i, row) in countryRows.enumerated() { index[row.alpha2] = i }
        return index
    }()

    private static let countryIndex: [String: Int] = {
        var index: [String: Int] = [:]
        // Names first, then codes, so that a code always wins over a name.
        for (i, row) in countryRows.enumerated() {
            for name in row.names { index[lookupKey(name)] = i }
        }
        for (i, row) in countryRows.enumerated() { index[lookupKey(row.alpha3)] = i }
        for (i, row) in countryRows.enumerated() { index[lookupKey(row.alpha2)] = i }
        return index
    }()

    private static let subdivisionIndex: [String: Int] = {
        var index: [String: Int] = [:]
        for (i, row) in subdivisionRows.enumerated() {
            let country = String(row.code.prefix(2))
            index[country + "|" + lookupKey(row.name)] = i
            index[country + "|" + lookupKey(String(row.code.dropFirst(3)))] = i
            index[country + "|" + lookupKey(row.code)] = i
        }
        return index
    }()

    private static let unqualifiedSubdivisionIndex: [String: Int] = {
        var index: [String: Int] = [:]
        var ambiguous: Set<String> = []
        for (i, row) in subdivisionRows.enumerated() {
            index[lookupKey(row.code)] = i
            let key = lookupKey(row.name)
            if index[key] != nil { ambiguous.insert(key) }
            index[key] = i
        }
        for key in ambiguous { index[key] = nil }
        return index
    }()
}
