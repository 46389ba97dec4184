import ICPCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AccountField {
    /// The header names read as this field (folded: case, spaces,
    /// underscores and hyphens do not matter): the canonical name first,
    /// then HubSpot's and Salesforce's.
    public var aliases: [String] {
        switch self {
        case .id: ["id", "record id", "account id", "company id", "accountid"]
        case .name: ["name", "company name", "account name", "company"]
        case .domain: ["domain", "company domain name"]
        case .industry: ["industry"]
        case .industryCode: ["industry code", "naics", "naics code", "sic", "sic code"]
        case .employees:
            ["employees", "number of employees", "numberofemployees", "employee count", "headcount", "company size"]
        case .revenue: ["revenue", "annual revenue", "annualrevenue"]
        case .country: ["country", "country/region", "billingcountry", "billing country"]
        case .state: ["state", "state/region", "billingstate", "billing state", "province", "state/province"]
        case .city: ["city", "billingcity", "billing city"]
        case .founded: ["founded", "year founded", "founded year", "yearstarted"]
        case .stage: ["stage", "funding stage"]
        case .funding: ["funding", "total funding", "funding total", "total money raised"]
        case .lastFundingDate: ["last funding date", "last funding", "last funding round date"]
        case .customers: ["customers", "customer count", "number of customers"]
        case .technologies: ["technologies", "tech stack", "technology", "web technologies"]
        case .nps: ["nps", "nps score", "net promoter score"]
        case .sentiment: ["sentiment", "sentiment score"]
        case .referrals: ["referrals", "referrals given"]
        case .advocacy: ["advocacy"]
        case .prominentBrand: ["prominent brand", "prominent"]
        case .painPoints: ["pain points"]
        case .useCases: ["use cases"]
        }
    }

    /// Header names read as this field only when no column has one of its
    /// ``aliases``; the first of them a file has wins, and the others stay
    /// custom attributes (a People Data Labs list has both "current employee
    /// estimate" and "size range").
    public var fallbackAliases: [String] {
        switch self {
        case .domain: ["website", "website url", "company website", "web site"]
        case .employees:
            [
                "current employee estimate", "employee estimate", "size range", "employee range", "employees range",
                "total employee estimate", "company size range",
            ]
        case .founded: ["founded date", "year established"]
        case .country: ["shipping country", "hq country", "headquarters country"]
        default: []
        }
    }

    /// Every alias, folded, to its field.
    static let byAlias: [NameKey: AccountField] = {
        var map: [NameKey: AccountField] = [:]
        for field in allCases { for alias in field.aliases { map[NameKey(alias)] = field } }
        return map
    }()
}

/// A row of a CSV file that cannot be used, with where and why.
public struct RowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, or `standard input`.
    public var file: String
    /// The line the row starts on.
    public var line: Int
    /// Why it was rejected.
    public var reason: String
    /// Whether the row has fewer fields than the header: at the end of a
    /// file, such rows are a report footer ("Grand Totals", a copyright line).
    public var isShort: Bool
    /// Whether the row reads as a report's totals row (a first cell of
    /// total, grand totals, sum or count, and no text in any other cell):
    /// at the end of a file, a report footer too.
    public var isTotals: Bool

    /// Creates a row error.
    public init(file: String, line: Int, reason: String, isShort: Bool = false, isTotals: Bool = false) {
        self.file = file
        self.line = line
        self.reason = reason
        self.isShort = isShort
        self.isTotals = isTotals
    }

    /// The error for a totals row.
    static func totals(file: String, line: Int) -> RowError {
        RowError(
            file: file, line: line,
            reason: "reads as a totals row (its first cell says total, sum or count, and no other cell holds text)",
            isTotals: true)
    }

    /// `accounts.csv:12: column "Number of Employees": "many" is not a count`.
    public var description: String { "\(file):\(line): \(reason)" }
}

/// A header that cannot be read as accounts, contacts or events.
public struct HeaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// What is wrong.
    public var message: String

    /// Creates a header error.
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    /// `accounts.csv: no id column; …`.
    public var description: String { "\(file): \(message)" }
}

/// How the columns of an account export map onto `Account`: standard
/// fields by their header aliases (canonical names, HubSpot, Salesforce),
/// every other column a custom attribute under its header.
///
/// ```swift
/// let columns = try AccountColumns(header: ["Record ID", "Company name", "Number of Employees", "Tier"],
///                                  file: "hubspot.csv")
/// let account = try columns.account(from: record).get()   // attributes["Tier"] from the last column
/// ```
public struct AccountColumns: Sendable {
    /// What one column feeds.
    public enum Target: Sendable, Hashable {
        /// A standard field.
        case field(AccountField)
        /// A custom attribute, under the header as written.
        case attribute(String)

        /// Whether the column feeds a custom attribute.
        var isAttribute: Bool {
            if case .attribute = self { return true }
            return false
        }
    }

    /// The file the header came from, for messages.
    public let file: String
    /// The header as written.
    public let header: [String]
    /// What each column feeds.
    public let targets: [Target]
    /// The id column, when the file has one; without it rows are named by
    /// their line (``lineID(_:)``).
    public let idIndex: Int?
    let attributeKeys: [NameKey?]
    private var skip: [Bool]
    /// Per column: an attribute tested as a flag, whose cells must read as one.
    private var flagged: [Bool]
    /// The columns read, in order, the id's excepted.
    private(set) var readOrder: [Int]

    /// Maps a header.
    ///
    /// - Parameters:
    ///   - header: The header record's fields.
    ///   - file: The file's name, for messages.
    ///   - idColumn: The header of the id column, when it is not one of the
    ///     id aliases (or to choose between several).
    ///   - map: Columns to read as given fields or attributes, whatever
    ///     their headers.
    /// - Throws: ``HeaderError`` when the named id column or a required
    ///   mapped header is not there, or two columns feed the same field or
    ///   attribute.
    public init(header: [String], file: String, idColumn: String? = nil, map: ColumnMap = ColumnMap()) throws {
        self.file = file
        self.header = header
        let keys = header.map { NameKey($0) }
        var mapped: [Int: Target] = [:]
        func clash(_ a: Int, _ b: Int, _ what: String) -> HeaderError {
            HeaderError(
                file: file,
                message:
                    "columns \(min(a, b) + 1) (\"\(header[min(a, b)])\") and \(max(a, b) + 1) (\"\(header[max(a, b)])\") both read as \(what); rename one"
                    + (what == "id" ? " or pick the id with --id-column" : " or choose one with --map"))
        }
        var entries = map.entries
        if let idColumn { entries.insert(ColumnMap.Entry(name: "id", headers: [idColumn]), at: 0) }
        for entry in entries {
            let wanted = entry.headers.map { NameKey($0) }
            guard let i = wanted.lazy.compactMap({ w in keys.firstIndex(of: w) }).first else {
                guard entry.required else { continue }
                let option = entry.name == "id" && idColumn != nil ? "for the id" : "for \(entry.name) (--map)"
                throw HeaderError(
                    file: file,
                    message:
                        "no column named \(entry.headers.map { "\"\($0)\"" }.joined(separator: " or ")) \(option); the columns are \(AccountColumns.list(header))"
                )
            }
            if let other = mapped.first(where: { $0.value == entry.target && $0.key != i }) {
                throw clash(other.key, i, AccountColumns.name(entry.target))
            }
            mapped[i] = entry.target
        }
        // Fallback aliases feed a field that no column feeds otherwise.
        var fallback: [Int: AccountField] = [:]
        for field in AccountField.allCases where !field.fallbackAliases.isEmpty {
            guard !mapped.values.contains(.field(field)), !keys.contains(where: { AccountField.byAlias[$0] == field })
            else { continue }
            let first = field.fallbackAliases.lazy.compactMap { alias in keys.firstIndex(of: NameKey(alias)) }.first
            if let first, mapped[first] == nil { fallback[first] = field }
        }
        var targets: [Target] = []
        var seen: [Target: Int] = [:]
        for (i, name) in header.enumerated() {
            var target: Target
            if let t = mapped[i] {
                target = t
            } else if let field = AccountField.byAlias[keys[i]], !mapped.values.contains(.field(field)) {
                target = .field(field)
            } else if let field = fallback[i] {
                target = .field(field)
            } else {
                target = .attribute(name.trimmed())
            }
            // An attribute is known by its folded name.
            let key: Target = if case .attribute(let a) = target { .attribute(NameKey(a).folded) } else { target }
            if let first = seen[key], key != .attribute("") {
                throw clash(first, i, AccountColumns.name(targets[first]))
            }
            seen[key] = i
            targets.append(target)
        }
        let idIndex = seen[.field(.id)]
        let id = idIndex
        self.targets = targets
        self.idIndex = id
        self.attributeKeys = targets.map {
            if case .attribute(let name) = $0 { return NameKey(name) }
            return nil
        }
        self.skip = [Bool](repeating: false, count: targets.count)
        self.flagged = skip
        self.readOrder = targets.indices.filter { $0 != id }
    }

    /// A target as messages name it: `employees`, `the attribute "Tier"`.
    static func name(_ target: Target) -> String {
        switch target {
        case .field(let f): f.rawValue
        case .attribute(let a): "the attribute \"\(a)\""
        }
    }

    /// The name of a row with no id (the file has no id column, or the
    /// row's id is blank): `line 42`.
    public static func lineID(_ line: Int) -> String { "line \(line)" }

    /// What the import says once about ids: which column it used, or that
    /// rows are named by their line; `nil` when the id column is a standard one.
    func idNote(blank: Int, first: Int) -> String? {
        guard let idIndex else {
            return
                "no id column (\(AccountField.id.aliases.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")) or --id-column); rows are named by their line, as \"line 2\""
        }
        guard blank > 0 else { return nil }
        let rows = blank == 1 ? "1 row has" : "\(ValueFormat.count.format(Double(blank))) rows have"
        return
            "\(rows) a blank id (column \"\(header[idIndex])\") and \(blank == 1 ? "is" : "are") named by the line, as \"\(AccountColumns.lineID(first))\""
    }

    /// The columns this mapping leaves unread, by position.
    public var skipped: [Bool] { skip }

    /// The same mapping reading only the fields and attributes given (and
    /// the id and name): the other columns are left unread and unchecked.
    public func reading(only read: FieldsRead) -> AccountColumns {
        var copy = self
        copy.skip = targets.indices.map { i in
            switch targets[i] {
            case .field(.id), .field(.name): false
            case .field(let f): !AccountColumns.feeds(f, read)
            case .attribute: attributeKeys[i].map { !read.attributes.contains($0) } ?? true
            }
        }
        copy.readOrder = copy.targets.indices.filter { $0 != idIndex && !copy.skip[$0] }
        copy.flagged = attributeKeys.map { key in key.map { read.flags.contains($0) } ?? false }
        return copy
    }

    /// Whether column `i` is an attribute the profile tests as a flag,
    /// whose cells must read as one.
    func isFlagged(_ i: Int) -> Bool { flagged[i] }

    /// Whether every cell of column `i` reads, so none is a reason to
    /// reject its row (``apply(_:of:to:cache:)`` returns no reason for it):
    /// text fields, and attributes not tested as flags.
    func alwaysReads(_ i: Int) -> Bool {
        switch targets[i] {
        case .attribute: !flagged[i]
        case .field(let f):
            switch f {
            case .id, .name, .domain, .industry, .industryCode, .stage, .country, .state, .city, .technologies: true
            default: false
            }
        }
    }

    /// Whether a column of field `f` feeds the fields read. The country and
    /// the state are resolved together (a US state with no country implies
    /// the country, and a state is looked up in its country), so a column
    /// of either feeds both.
    static func feeds(_ f: AccountField, _ read: FieldsRead) -> Bool {
        switch f {
        case .country, .state: read.fields.contains(.country) || read.fields.contains(.state)
        default: read.fields.contains(f)
        }
    }

    /// The columns read that feed the fields and attributes given, in read order.
    func columns(feeding read: FieldsRead) -> [Int] {
        readOrder.filter { i in
            switch targets[i] {
            case .field(let f): AccountColumns.feeds(f, read)
            case .attribute: attributeKeys[i].map { read.attributes.contains($0) } ?? false
            }
        }
    }

    private static func nonBlank(_ text: String) -> String? {
        let t = text.trimmed()
        return t.isEmpty ? nil : t
    }

    static func list(_ header: [String]) -> String {
        header.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    /// Reads one record as an account, or says why it cannot be used.
    public func account(from record: CSVRecord) -> Result<Account, RowError> {
        var cache = AccountCache()
        return account(from: record, cache: &cache)
    }

    /// Whether a row reads as a report's totals row ("Total,,,12345,,"): its
    /// first cell is total, totals, grand total(s), subtotal(s), sum or
    /// count (any case), alone or followed by "(…)" or ":" ("Grand Totals
    /// (3 records)"), and no other cell holds a letter (sums and counts may
    /// stand in the number columns). "Summit Labs" and "Total Security"
    /// are not, whatever their other cells hold.
    package static func isTotalsRow<Cell: Collection<UInt8>>(count: Int, cell: (Int) -> Cell) -> Bool {
        guard count > 1 else { return false }
        let head = cell(0)
        // Most rows fail on their first letter, before anything is made.
        guard let start = head.first(where: { $0 != 0x20 && $0 != 0x09 }),
            [0x74, 0x67, 0x73, 0x63].contains(start | 0x20)
        else { return false }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x80 }
        let first = Array(head.drop { $0 == 0x20 || $0 == 0x09 }.prefix(16).map { isLetter($0) ? $0 | 0x20 : $0 })
        let words = ["grand totals", "grand total", "subtotals", "subtotal", "totals", "total", "sum", "count"]
        // The word alone, or followed by "(…)" or ":" ("Grand Totals (3 records)", "Sum:").
        guard
            words.contains(where: { word in
                guard first.starts(with: word.utf8) else { return false }
                let rest = first.dropFirst(word.utf8.count).drop { $0 == 0x20 || $0 == 0x09 }
                return rest.isEmpty || rest.first == UInt8(ascii: "(") || rest.first == UInt8(ascii: ":")
            })
        else { return false }
        for i in 1..<count where cell(i).contains(where: isLetter) { return false }
        return true
    }

    /// Reads one record as an account, folding and resolving each distinct
    /// text (industry, stage, country and state, technologies, attribute
    /// values) once per cache: CRM exports repeat them on every row.
    public func account(from record: CSVRecord, cache: inout AccountCache) -> Result<Account, RowError> {
        func reject(_ reason: String) -> Result<Account, RowError> {
            .failure(RowError(file: file, line: record.line, reason: reason))
        }
        // A name that is not UTF-8 is shown with replacement characters; any
        // other column read must be text.
        if let problem = record.problem(
            reading: { $0 < skip.count && !skip[$0] && targets[$0] != .field(.name) }, header: header)
        {
            return reject(problem)
        }
        guard record.fields.count == header.count else {
            return .failure(
                RowError(
                    file: file, line: record.line,
                    reason: "has \(record.fields.count) fields, the header has \(header.count)",
                    isShort: record.fields.count < header.count))
        }
        if AccountColumns.isTotalsRow(count: record.fields.count, cell: { record.fields[$0].utf8 }) {
            return .failure(RowError.totals(file: file, line: record.line))
        }
        var id = idIndex.map { record.fields[$0].trimmed() } ?? ""
        if id.isEmpty { id = AccountColumns.lineID(record.line) }
        var account = Account(id: id, name: id)
        if let failure = apply(readOrder, of: { record.fields[$0] }, to: &account, cache: &cache) {
            return reject(failure.reason)
        }
        cache.shareNames(&account.attributes)
        return .success(account)
    }

    /// Sets the fields and attributes that the given columns feed from a
    /// row's cells; returns why a cell cannot be read, and its column (the
    /// first, in column order). Columns must be given in order; the id
    /// column is not read.
    func apply(
        _ read: some Sequence<Int>, of cell: (Int) -> String, to account: inout Account, cache: inout AccountCache
    ) -> (column: Int, reason: String)? {
        var country: String?
        var state: String?
        for i in read {
            let text = cell(i)
            switch targets[i] {
            case .attribute(let name):
                guard let key = attributeKeys[i] else { continue }
                if flagged[i], case .invalid = Cells.flag(text) {
                    return (
                        i,
                        "column \"\(header[i])\": \"\(Cells.shown(text))\" is not a flag (yes / no, y / n, true / false, 1 / 0), and the profile tests it as one"
                    )
                }
                if let entry = cache.attributes[i]?[text] {
                    account.attributes.set(entry, forKey: key)
                } else if let value = Cells.attribute(text) {
                    let entry = CustomAttributes.Entry(name: name, value: value)
                    cache.remember(entry, for: text, column: i)
                    account.attributes.set(entry, forKey: key)
                }
            case .field(.country):
                country = AccountColumns.nonBlank(text)
            case .field(.state):
                state = AccountColumns.nonBlank(text)
            case .field(.industry):
                let t = AccountColumns.nonBlank(text)
                account.setIndustry(t, key: cache.key(t))
            case .field(.stage):
                let t = AccountColumns.nonBlank(text)
                account.setStage(t, key: cache.key(t))
            case .field(.technologies):
                if let known = cache.technologies[text] {
                    account.setTechnologies(known.written, keys: known.keys)
                } else {
                    let written = Set(Cells.list(text))
                    let keys = SortedKeys(written.map { NameKey($0) })
                    if cache.technologies.count < AccountCache.limit { cache.technologies[text] = (written, keys) }
                    account.setTechnologies(written, keys: keys)
                }
            case .field(let field):
                if let reason = AccountColumns.set(field, from: text, on: &account) {
                    return (i, "column \"\(header[i])\": \(reason)")
                }
            }
        }
        if country != nil || state != nil {
            account.setLocation(country: country, state: state, codes: cache.location(country, state))
        }
        return nil
    }

    /// Sets a number or date field from a cell that is empty (missing) or
    /// plain and valid (digits with at most one `.`, or a day as
    /// YYYY-MM-DD), as ``set(_:from:on:)`` (just below) reads such a cell
    /// but without making a `String`; `false` leaves any other cell to it
    /// (and its message). Its rules are `set`'s for such cells; keep the
    /// two together (`PlainCellTests` holds them equal).
    static func setPlain(_ field: AccountField, _ cell: UnsafeBufferPointer<UInt8>, on account: inout Account) -> Bool {
        if cell.isEmpty { return true }
        switch field {
        case .employees, .customers, .referrals:
            guard let n = Cells.plainInteger(utf8: cell), n < 1_000_000_000_000 else { return false }
            if field == .employees {
                account.employees = n
            } else if field == .customers {
                account.customerCount = n
            } else {
                account.referralsGiven = n
            }
        case .founded:
            guard let n = Cells.plainInteger(utf8: cell), (1000...9999).contains(n) else { return false }
            account.founded = n
        case .nps:
            guard let n = Cells.plainInteger(utf8: cell), (0...10).contains(n) else { return false }
            account.nps = n
        case .revenue, .funding:
            guard let v = Cells.plainDecimal(utf8: cell), v >= 0 else { return false }
            if field == .revenue { account.annualRevenue = v } else { account.fundingTotal = v }
        case .sentiment:
            guard let v = Cells.plainDecimal(utf8: cell), (-1...1).contains(v) else { return false }
            account.sentiment = v
        case .lastFundingDate:
            guard let day = Cells.plainDay(utf8: cell) else { return false }
            account.lastFundingDate = day.date
        default:
            return false
        }
        return true
    }

    /// Sets a field from a cell; returns why the cell cannot be read.
    static func set(_ field: AccountField, from text: String, on account: inout Account) -> String? {
        func read<T>(_ cell: Cell<T>, _ valid: (T) -> String? = { _ in nil }, _ set: (T) -> Void) -> String? {
            switch cell {
            case .missing: return nil
            case .invalid(let reason): return reason
            case .value(let v):
                if let reason = valid(v) { return reason }
                set(v)
                return nil
            }
        }
        func plain(_ set: (String) -> Void) -> String? {
            if let t = AccountColumns.nonBlank(text) { set(t) }
            return nil
        }
        let nonNegative: (Double) -> String? = { $0 < 0 ? "\"\(Cells.shown(text))\" is negative" : nil }
        switch field {
        case .id, .industry, .stage, .country, .state, .technologies:
            return nil  // read by the caller, through the cache
        case .name: return plain { account.name = $0 }
        case .domain: return plain { account.domain = $0 }
        case .industryCode: return plain { account.industryCode = $0 }
        case .employees: return read(Cells.count(text)) { account.employees = $0 }
        case .revenue: return read(Cells.number(text), nonNegative) { account.annualRevenue = $0 }
        case .city: return plain { account.city = $0 }
        case .founded:
            return read(
                Cells.integer(text), { (1000...9999).contains($0) ? nil : "\"\(Cells.shown(text))\" is not a year" }
            ) {
                account.founded = $0
            }
        case .funding: return read(Cells.number(text), nonNegative) { account.fundingTotal = $0 }
        case .lastFundingDate: return read(Cells.date(text)) { account.lastFundingDate = $0 }
        case .customers: return read(Cells.count(text)) { account.customerCount = $0 }
        case .nps:
            return read(
                Cells.integer(text),
                { (0...10).contains($0) ? nil : "\"\(Cells.shown(text))\" is not an NPS answer 0–10" }
            ) {
                account.nps = $0
            }
        case .sentiment:
            return read(
                Cells.number(text), { (-1...1).contains($0) ? nil : "\"\(Cells.shown(text))\" is not a sentiment -1…1" }
            ) {
                account.sentiment = $0
            }
        case .referrals: return read(Cells.count(text)) { account.referralsGiven = $0 }
        case .advocacy:
            let items = Cells.list(text)
            guard !items.isEmpty else { return nil }
            var kinds: Set<Advocacy> = []
            for item in items where NameKey(item) != NameKey("none") {
                guard let kind = Advocacy.allCases.first(where: { NameKey($0.rawValue) == NameKey(item) }) else {
                    return "\"\(Cells.shown(item))\" is not an advocacy: case study, review, reference or none"
                }
                kinds.insert(kind)
            }
            account.advocacy = kinds
            return nil
        case .prominentBrand: return read(Cells.flag(text)) { account.isProminentBrand = $0 }
        case .painPoints:
            account.painPoints = Cells.list(text)
            return nil
        case .useCases:
            account.useCases = Cells.list(text)
            return nil
        }
    }
}

/// What an import has already folded and resolved, so that each distinct
/// text is prepared once: industries and stages folded, countries and
/// states resolved to ISO codes, technology cells split and folded,
/// attribute values typed. Each cache holds at most
/// ``limit`` distinct texts per kind; past that, texts are prepared afresh.
///
/// Use one cache per thread.
public struct AccountCache: Sendable {
    /// The most distinct texts remembered per kind.
    public static let limit = 4_096

    var keys: [String: NameKey] = [:]
    var locations: [String: (country: String?, subdivision: String?)] = [:]
    var technologies: [String: (written: Set<String>, keys: SortedKeys)] = [:]
    var attributes: [Int: [String: CustomAttributes.Entry]] = [:]
    /// The sets of attribute names seen: rows with the same columns filled
    /// share one array of names.
    var attributeNames: Set<[NameKey]> = []

    /// An empty cache.
    public init() {}

    mutating func key(_ text: String?) -> NameKey? {
        guard let text else { return nil }
        if let k = keys[text] { return k }
        let k = NameKey(nonBlank: text)
        if let k, keys.count < AccountCache.limit { keys[text] = k }
        return k
    }

    mutating func location(_ country: String?, _ state: String?) -> (country: String?, subdivision: String?) {
        let key = (country ?? "") + "\u{0}" + (state ?? "")
        if let known = locations[key] { return known }
        let resolved = Account.resolve(country: country, state: state)
        if locations.count < AccountCache.limit { locations[key] = resolved }
        return resolved
    }

    /// Lets the attributes share the array of names of an earlier row with
    /// the same names, so that all of an import's accounts read a few
    /// arrays of names, which stay in cache while they are scored.
    mutating func shareNames(_ attributes: inout CustomAttributes) {
        let names = attributes.names
        guard !names.isEmpty else { return }
        if let known = attributeNames.firstIndex(of: names) {
            attributes.shareKeys(attributeNames[known])
        } else if attributeNames.count < AccountCache.limit {
            attributeNames.insert(names)
        }
    }

    mutating func remember(_ entry: CustomAttributes.Entry, for text: String, column: Int) {
        if attributes[column, default: [:]].count < AccountCache.limit {
            attributes[column, default: [:]][text] = entry
        }
    }
}
