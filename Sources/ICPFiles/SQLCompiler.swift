import ICPCore

/// A profile's fit rubric compiled to one SQL query that gives, for every
/// row of a table, exactly the score `icp score` gives: `id, name, score,
/// max, ratio, tier, qualified, disqualification` (and with `explain`, one
/// points column per line).
///
/// The query reads each criterion's `Condition`; a criterion without one
/// (a host's own), or with one SQL cannot answer the way Swift does, is
/// refused with a ``SQLCompileError`` naming the line — never approximated:
/// headcount history (no table holds it), event criteria without an events
/// table, a host's own criteria.
///
/// Text is compared as `NameKey` folds it (lower case; runs of spaces,
/// underscores and hyphens as one `_`), countries and states are resolved
/// through lookup tables written into the query (every spelling
/// `Geography` knows), lists are `;`- or `|`-separated text matched against
/// each technology's aliases. Numbers and dates come from numeric and date
/// columns: a column of text money or bands (`"$1.2M"`, `"201-500"`) must be
/// cast first. NULL and blank text are missing.
///
/// ```swift
/// let sql = try SQLCompiler(profile: profile, dialect: SQLDialect(.duckdb), table: "accounts",
///                           columns: SQLColumns(header: header), asOf: CalendarDay(2026, 11, 30)).query()
/// ```
public struct SQLCompiler: Sendable {
    /// The profile compiled (its fit rubric).
    public let profile: Profile<Account>
    /// The dialect written.
    public let dialect: SQLDialect
    /// The table read (dotted names are quoted part by part).
    public let table: String
    /// Which column feeds each field and attribute.
    public let columns: SQLColumns
    /// The "as of" day, written into the query as a literal.
    public let asOf: CalendarDay
    /// The events table event criteria read (columns `account_id`, `kind`,
    /// `timestamp`, `count`, `detail`, and `value` when a criterion sums
    /// values), or `nil` to refuse them.
    public let eventsTable: String?

    /// Creates a compiler.
    public init(
        profile: Profile<Account>, dialect: SQLDialect, table: String, columns: SQLColumns = SQLColumns(),
        asOf: CalendarDay, eventsTable: String? = nil
    ) {
        self.profile = profile
        self.dialect = dialect
        self.table = table
        self.columns = columns
        self.asOf = asOf
        self.eventsTable = eventsTable
    }

    /// The query; with `explain`, one column of points per line after the
    /// standard ones, named as the line.
    ///
    /// - Throws: ``SQLCompileError`` naming the first line, disqualifier or
    ///   tier that cannot be compiled, and why.
    public func query(explain: Bool = false) throws -> String {
        if let available = columns.available, !available.contains(columns.column(.id)) {
            // A file without ids names its rows by line; a table has no lines.
            throw SQLCompileError(
                part: "the table",
                reason: "it has no id column (id, Record ID, Account ID …); name one with --id-column")
        }
        var writer = Writer(compiler: self)
        let rubric = profile.fit
        var answers: [String] = []
        for line in rubric.lines {
            do {
                switch line.scoring {
                case .criterion(let c, _):
                    guard let condition = c.condition else {
                        throw Refusal("a criterion of the host's own, with no condition")
                    }
                    answers.append(try writer.degree(condition))
                case .bands(let s, _, _):
                    guard let operand = s.operand else { throw Refusal("a signal of the host's own, with no operand") }
                    answers.append(try writer.number(operand))
                }
            } catch let refusal as Refusal {
                throw SQLCompileError(part: "line \"\(line.name)\"", reason: refusal.reason)
            }
        }
        var knockouts: [String] = []
        for d in rubric.disqualifiers {
            let name = d.reason ?? d.criterion.name
            do {
                guard let condition = d.criterion.condition else {
                    throw Refusal("a criterion of the host's own, with no condition")
                }
                knockouts.append(try writer.degree(condition))
            } catch let refusal as Refusal {
                throw SQLCompileError(part: "disqualifier \"\(name)\"", reason: refusal.reason)
            }
        }
        var requirements: [String?] = []
        for tier in rubric.tiers {
            guard let r = tier.requirement else {
                requirements.append(nil)
                continue
            }
            do {
                guard let condition = r.condition else {
                    throw Refusal("a criterion of the host's own, with no condition")
                }
                requirements.append(try writer.degree(condition))
            } catch let refusal as Refusal {
                throw SQLCompileError(part: "tier \"\(tier.name)\"", reason: refusal.reason)
            }
        }
        return writer.finish(answers: answers, knockouts: knockouts, requirements: requirements, explain: explain)
    }

    /// Why a condition could not be written; the caller names the part.
    struct Refusal: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }

        /// An operand that is not a column of the table.
        static func reading(_ operand: Operand) -> Refusal {
            switch operand {
            case .events, .change:
                Refusal("event criteria read an events table: pass --events-table")
            case .headcountGrowth, .headcountHistory:
                Refusal("headcount history is not a column of a table")
            case .companyAge: Refusal("company age is worked out from the founded column, not read")
            case .matches, .valid: Refusal("a derived number is not a column")
            case .field(let f): Refusal("\(f.rawValue) is not read this way")
            case .attribute(let k): Refusal("attribute \(k.folded) is not read this way")
            }
        }
    }
}

/// A line, disqualifier or tier that cannot be compiled to SQL, and why.
public struct SQLCompileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `line "recent form submit"`, `tier "Best fit"` …
    public let part: String
    /// Why.
    public let reason: String

    /// `line "…": cannot be compiled to SQL: reason`.
    public var description: String { "\(part): cannot be compiled to SQL: \(reason)" }
}

/// Which column of the table feeds each field and custom attribute.
public struct SQLColumns: Sendable, Hashable {
    /// Standard fields' columns; a field not here is read from a column
    /// named as the field (`employees`, `industry_code` …).
    public var fields: [AccountField: String]
    /// Attributes' columns by folded name; an attribute not here is read
    /// from a column named as the attribute is written in the profile.
    public var attributes: [NameKey: String]
    /// The table's columns, when known (from ``init(header:idColumn:map:)``):
    /// a field or attribute with no column then reads as missing (NULL),
    /// as `icp score` reads a file without that column.
    public var available: Set<String>?

    /// Columns named as the fields.
    public init(fields: [AccountField: String] = [:], attributes: [NameKey: String] = [:]) {
        self.fields = fields
        self.attributes = attributes
        self.available = nil
    }

    /// The columns of a table whose header is `header` (a CSV's first row,
    /// say), resolved exactly as `icp score` resolves a file's header:
    /// HubSpot's and Salesforce's names, `map`, the profile's own map.
    ///
    /// - Throws: ``HeaderError`` as reading such a file would.
    public init(header: [String], idColumn: String? = nil, map: ColumnMap = ColumnMap()) throws {
        let resolved = try AccountColumns(header: header, file: "the table", idColumn: idColumn, map: map)
        var fields: [AccountField: String] = [:]
        var attributes: [NameKey: String] = [:]
        for (i, target) in resolved.targets.enumerated() {
            switch target {
            case .field(let f): if fields[f] == nil { fields[f] = header[i] }
            case .attribute(let name): attributes[NameKey(name)] = header[i]
            }
        }
        if let id = resolved.idIndex { fields[.id] = header[id] }
        self.init(fields: fields, attributes: attributes)
        available = Set(header)
    }

    func column(_ field: AccountField) -> String { fields[field] ?? field.rawValue }
}

extension SQLCompiler {
    /// Writes the query: prepared columns (folded text, lists, lookup keys)
    /// once in the first step, each answer over them, then the points.
    struct Writer {
        let compiler: SQLCompiler
        var dialect: SQLDialect { compiler.dialect }
        /// Columns worked out in the first step, by what they are.
        private var prepared: [(key: String, name: String, expression: String)] = []
        /// Whether countries and states are resolved.
        private var resolvesPlaces = false

        init(compiler: SQLCompiler) { self.compiler = compiler }

        /// A prepared column's name, adding it when new.
        private mutating func prepare(_ key: String, _ expression: String) -> String {
            if let found = prepared.first(where: { $0.key == key }) { return found.name }
            let name = "c\(prepared.count)"
            prepared.append((key, name, expression))
            return name
        }

        /// A table column, quoted.
        private func column(_ name: String) -> String { dialect.identifier(name) }

        /// A table column as written (for the first step only); NULL for a
        /// column the table is known not to have.
        private func column(of operand: Operand) throws -> String {
            let name: String
            switch operand {
            case .field(let f): name = compiler.columns.column(f)
            case .attribute(let key): name = compiler.columns.attributes[key] ?? key.folded
            default: throw Refusal.reading(operand)
            }
            if let available = compiler.columns.available, !available.contains(name) { return "NULL" }
            return column(name)
        }

        /// A table column carried through the first step as it is (a
        /// column the table does not have as a typed NULL: a number, with
        /// `number`).
        private mutating func raw(_ operand: Operand, number: Bool = false) throws -> String {
            let c = try column(of: operand)
            if c == "NULL" {
                let typed = number ? dialect.double("NULL") : dialect.text("NULL")
                return prepare("raw NULL " + (number ? "number" : "text"), typed)
            }
            return prepare("raw " + c, c)
        }

        // MARK: Text

        /// Lower case, with tabs, line breaks, no-break spaces, underscores
        /// and hyphens as spaces and runs of spaces as one (trimmed).
        private func spaced(_ x: String) -> String {
            var s = "lower(\(dialect.text(x)))"
            for c in ["'_'", "'-'"] + [9, 10, 13, 160].map(dialect.character) { s = "replace(\(s), \(c), ' ')" }
            s = "trim(\(s))"
            for _ in 0..<6 { s = "replace(\(s), '  ', ' ')" }
            return s
        }

        /// A text folded as `NameKey` folds it; NULL when blank.
        private func folded(_ x: String) -> String {
            "NULLIF(replace(\(spaced(x)), ' ', '_'), '')"
        }

        /// A country or state as `Geography` looks it up: without `.`, `'`,
        /// `’`, `,`, `(`, `)`, then folded.
        private func lookupKey(_ x: String) -> String {
            var s = dialect.text(x)
            for c in [".", "'", "’", ",", "(", ")"] { s = "replace(\(s), \(dialect.literal(c)), '')" }
            return folded(s)
        }

        /// A list cell (items separated by `;` or `|`) as `;item;item;`, each
        /// item folded; NULL when it has no item.
        private func list(_ x: String) -> String {
            var s = "replace(\(dialect.text(x)), '|', ';')"
            s = spaced(s)
            s = "replace(replace(\(s), ' ;', ';'), '; ', ';')"
            s = "replace(\(s), ' ', '_')"
            let wrapped = "';' || \(s) || ';'"
            return "CASE WHEN replace(replace(\(s), ';', ''), '_', '') = '' THEN NULL ELSE \(wrapped) END"
        }

        // MARK: Operands

        /// A numeric operand's value, NULL when missing.
        mutating func number(_ operand: Operand) throws -> String {
            switch operand {
            case .field(let f):
                switch f {
                case .employees, .revenue, .founded, .funding, .customers, .nps, .sentiment, .referrals:
                    return try raw(operand, number: true)
                default: throw Refusal("\(f.rawValue) is not a number column")
                }
            case .attribute: return try raw(operand, number: true)
            case .companyAge:
                return "(\(dialect.number(Double(compiler.asOf.year))) - \(try raw(.field(.founded), number: true)))"
            case .valid(let o, let bound):
                let v = try number(o)
                return "CASE WHEN \(test(v, bound)) THEN \(v) END"
            case .matches(let o, let groups):
                let l = try items(o)
                let hits = groups.map { "CASE WHEN \(hit(l, $0)) THEN 1.0 ELSE 0.0 END" }
                return "CASE WHEN \(l) IS NULL THEN NULL ELSE (0.0 + \(hits.joined(separator: " + "))) END"
            case .events(let m):
                return try events(m)
            case .change(let now, let before):
                let nowName = try events(now)
                let beforeName = try events(before)
                return "CASE WHEN \(beforeName) > 0.0 THEN (\(nowName) - \(beforeName)) / \(beforeName) END"
            case .headcountGrowth, .headcountHistory:
                throw Refusal.reading(operand)
            }
        }

        /// Whether any event criterion was compiled (the events step is then
        /// written), and whether one reads the events' values.
        private(set) var readsEvents = false
        private(set) var readsValues = false

        /// An event measure of the account, as a correlated subquery on the
        /// events step (`icp_ev`: each event's account, folded kind and
        /// detail, seconds since 1970, count at least 0, finite value).
        private mutating func events(_ m: EventMeasure) throws -> String {
            guard compiler.eventsTable != nil else { throw Refusal.reading(.events(m)) }
            readsEvents = true
            let key = "\(m)"
            if let found = measures.first(where: { $0.key == key }) { return prepare("events " + key, found.value) }
            let n = dialect.number
            let asOf = Double(compiler.asOf.daysSinceEpoch) * 86_400
            var filter: [String] = []
            if !m.kinds.isEmpty {
                filter.append(
                    "icp_kind IN (" + m.kinds.map { dialect.literal($0.key.folded) }.joined(separator: ", ") + ")")
            }
            if let detail = m.detail { filter.append("icp_detail = \(dialect.literal(detail.folded))") }
            if let days = m.days {
                let end = asOf - Double(m.endingDaysAgo) * 86_400
                let start = end - Double(days) * 86_400
                filter.append("icp_t >= \(n(start))")
                filter.append(m.endingDaysAgo == 0 ? "icp_t <= \(n(end))" : "icp_t < \(n(end))")
            } else {
                filter.append("icp_t <= \(n(asOf))")
            }
            let name = "icp_m\(measures.count)"
            let select: String
            // What an account with no such event has: 0, or missing for the age.
            var none = "0.0"
            switch m.aggregate {
            case .count(let cap?):
                select = """
                    SELECT icp_account, SUM(icp_day) AS v FROM (SELECT icp_account, \
                    \(dialect.least("SUM(icp_n)", n(Double(cap)))) AS icp_day FROM icp_ev \
                    WHERE \(filter.joined(separator: " AND ")) \
                    GROUP BY icp_account, icp_kind, \(dialect.floor("icp_t / 86400.0"))) icp_days GROUP BY icp_account
                    """
            case .count(nil):
                select =
                    "SELECT icp_account, SUM(icp_n) AS v FROM icp_ev WHERE \(filter.joined(separator: " AND ")) GROUP BY icp_account"
            case .valueSum:
                readsValues = true
                select =
                    "SELECT icp_account, SUM(COALESCE(icp_v, 0.0)) AS v FROM icp_ev WHERE \(filter.joined(separator: " AND ")) GROUP BY icp_account"
            case .daysSinceLast:
                none = "NULL"
                select =
                    "SELECT icp_account, (\(n(asOf)) - MAX(icp_t)) / 86400.0 AS v FROM icp_ev WHERE \(filter.joined(separator: " AND ")) GROUP BY icp_account"
            case .decayed(let points, let decay, let cap):
                let age = dialect.greatest("0.0", "(\(n(asOf)) - icp_t) / 86400.0")
                let factor: String
                switch decay {
                case .none: factor = "1.0"
                case .linear(let lifespan) where lifespan > 0:
                    factor =
                        "CASE WHEN \(age) < \(n(lifespan)) THEN (\(n(lifespan)) - \(age)) / \(n(lifespan)) ELSE 0.0 END"
                case .linear: factor = "CASE WHEN \(age) = 0.0 THEN 1.0 ELSE 0.0 END"
                case .halfLife(let h) where h > 0: factor = dialect.power("2.0", "-(\(age)) / \(n(h))")
                case .halfLife: factor = "CASE WHEN \(age) = 0.0 THEN 1.0 ELSE 0.0 END"
                case .steps(let steps):
                    let sorted = steps.sorted { $0.withinDays < $1.withinDays }
                    factor =
                        "CASE "
                        + sorted.map { "WHEN \(age) <= \(n($0.withinDays)) THEN \(n($0.factor))" }
                        .joined(separator: " ") + " ELSE 0.0 END"
                }
                let worth =
                    "CASE icp_kind "
                    + points.keys.sorted().map { "WHEN \(dialect.literal($0.key.folded)) THEN \(n(points[$0] ?? 0))" }
                    .joined(separator: " ") + " ELSE 0.0 END"
                let kinds = points.keys.map { dialect.literal($0.key.folded) }.sorted().joined(separator: ", ")
                if let cap {
                    // The cap takes events in time order per kind and UTC day: an
                    // event counts what is left of the cap after the events
                    // before it, min(cap, before + n) - min(cap, before).
                    let day = "PARTITION BY icp_account, icp_kind, \(dialect.floor("icp_t / 86400.0")) ORDER BY icp_t"
                    let through =
                        "COALESCE(SUM(icp_n) OVER (\(day) ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 0.0)"
                    let before =
                        "COALESCE(SUM(icp_n) OVER (\(day) ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0.0)"
                    let c = n(Double(cap))
                    select = """
                        SELECT icp_account, SUM(\(worth) * icp_capped * \(factor)) AS v FROM (SELECT icp_account, icp_kind, \
                        icp_t, \(dialect.least(c, through)) - \(dialect.least(c, before)) AS icp_capped FROM icp_ev \
                        WHERE icp_t <= \(n(asOf)) AND icp_kind IN (\(kinds))) icp_capped_events WHERE icp_capped > 0 \
                        GROUP BY icp_account
                        """
                } else {
                    select = """
                        SELECT icp_account, SUM(\(worth) * icp_n * \(factor)) AS v FROM icp_ev \
                        WHERE icp_t <= \(n(asOf)) AND icp_n > 0 AND icp_kind IN (\(kinds)) GROUP BY icp_account
                        """
                }
            }
            let value = "COALESCE(\(name).v, \(none))"
            measures.append((key, name, select, value))
            return prepare("events " + key, value)
        }

        /// Columns worked out after the first step, by stage (stage 1 reads the
        /// first step's columns, stage 2 stage 1's …): a long chain of
        /// functions is cut in stages SQLite's parser can take.
        private var later: [[(key: String, name: String, expression: String)]] = []

        /// A column worked out in the stage after the one of `source` (a
        /// column of the first step, or of a later stage).
        private mutating func prepare(after source: String, _ key: String, _ expression: String) -> String {
            for stage in later { if let found = stage.first(where: { $0.key == key }) { return found.name } }
            let sourceStage = later.firstIndex { stage in stage.contains { $0.name == source } }.map { $0 + 1 } ?? 0
            while later.count <= sourceStage { later.append([]) }
            let name = "s\(sourceStage + 1)_\(later[sourceStage].count)"
            later[sourceStage].append((key, name, expression))
            return name
        }

        /// The event measures: each a step grouped by account, joined to the table once.
        private(set) var measures: [(key: String, name: String, select: String, value: String)] = []

        /// The folded text of an operand (a resolved code for a country or state).
        private mutating func text(_ operand: Operand) throws -> String {
            switch operand {
            case .field(.country):
                resolvesPlaces = true
                _ = placeKeys()
                return "rc"
            case .field(.state):
                resolvesPlaces = true
                _ = placeKeys()
                return "rs"
            case .field(.industry), .field(.stage), .field(.city), .attribute:
                let c = try column(of: operand)
                let expression = folded(c)
                return prepare("text " + c, expression)
            default: throw Refusal("\(operand) is not a text column")
            }
        }

        /// The lookup keys of the country and state columns.
        private mutating func placeKeys() -> (country: String, state: String) {
            let country = (try? column(of: .field(.country))) ?? "NULL"
            let state = (try? column(of: .field(.state))) ?? "NULL"
            let countryKey = lookupKey(country)
            let stateKey = lookupKey(state)
            return (prepare("country", countryKey), prepare("state", stateKey))
        }

        /// The `;item;` list of an operand.
        private mutating func items(_ operand: Operand) throws -> String {
            switch operand {
            case .field(.technologies), .field(.advocacy), .attribute:
                let c = try column(of: operand)
                let expression = list(c)
                return prepare("list " + c, expression)
            default: throw Refusal("\(operand) is not a list column")
            }
        }

        /// Whether a `;item;` list has an item of a group.
        private func hit(_ list: String, _ group: Set<NameKey>) -> String {
            let keys = group.map(\.folded).sorted()
            guard !keys.isEmpty else { return "1 = 0" }
            return "(" + keys.map { dialect.contains(list, dialect.literal(";\($0);")) }.joined(separator: " OR ") + ")"
        }

        private func test(_ v: String, _ bound: NumericBound) -> String {
            let n = dialect.number
            switch bound {
            case .atLeast(let x): return "\(v) >= \(n(x))"
            case .atMost(let x): return "\(v) <= \(n(x))"
            case .moreThan(let x): return "\(v) > \(n(x))"
            case .lessThan(let x): return "\(v) < \(n(x))"
            case .between(let lo, let hi): return "\(v) >= \(n(lo)) AND \(v) <= \(n(hi))"
            case .interval(let lo, let hi): return "\(v) >= \(n(lo)) AND \(v) < \(n(hi))"
            }
        }

        // MARK: Conditions

        /// A condition's degree: 0…1, NULL when unknown.
        mutating func degree(_ condition: Condition) throws -> String {
            func binary(_ known: String, _ holds: String) -> String {
                "CASE WHEN \(known) THEN NULL WHEN \(holds) THEN 1.0 ELSE 0.0 END"
            }
            switch condition {
            case .number(let o, let bound):
                let v = try number(o)
                return binary("\(v) IS NULL", test(v, bound))
            case .proportion(let o, let cap):
                let v = try number(o)
                if cap == 0 { return "CASE WHEN \(v) IS NULL THEN NULL ELSE 0.0 END" }
                let share = "\(v) / \(dialect.number(abs(cap)))"
                return
                    "CASE WHEN \(v) IS NULL THEN NULL ELSE \(dialect.least("1.0", dialect.greatest("0.0", share))) END"
            case .text(let o, let keys):
                let t = try text(o)
                let list = keys.map { dialect.literal($0.folded) }.sorted().joined(separator: ", ")
                return binary("\(t) IS NULL", keys.isEmpty ? "1 = 0" : "\(t) IN (\(list))")
            case .prefix(let o, let prefixes):
                guard case .field(.industryCode) = o else { throw Refusal("a prefix test reads only industry codes") }
                var s = dialect.text(try column(of: o))
                for c in ["' '"] + [9, 10, 13].map(dialect.character) { s = "replace(\(s), \(c), '')" }
                let stripped = "NULLIF(\(s), '')"
                let code = prepare("code", stripped)
                let tests = prefixes.map { "substr(\(code), 1, \($0.count)) = \(dialect.literal($0))" }
                return binary("\(code) IS NULL", tests.isEmpty ? "1 = 0" : tests.joined(separator: " OR "))
            case .items(let o, let groups, let itemsTest):
                let l = try items(o)
                let hits = groups.map { hit(l, $0) }
                let holds: String
                switch itemsTest {
                case .any: holds = hits.isEmpty ? "1 = 0" : hits.joined(separator: " OR ")
                case .all: holds = hits.isEmpty ? "1 = 1" : hits.joined(separator: " AND ")
                case .none: holds = hits.isEmpty ? "1 = 1" : "NOT (" + hits.joined(separator: " OR ") + ")"
                }
                return binary("\(l) IS NULL", holds)
            case .flag(let o, let wanted):
                let c = try column(of: o)
                let expression = folded(c)
                let t = prepare("text " + c, expression)
                let yes = "\(t) IN ('yes', 'true', 'y', '1')"
                let no = "\(t) IN ('no', 'false', 'n', '0')"
                return "CASE WHEN \(wanted ? yes : no) THEN 1.0 WHEN \(wanted ? no : yes) THEN 0.0 END"
            case .date(let o, let dateTest):
                let d = dialect.date(try raw(o))
                switch dateTest {
                case .before(let day): return binary("\(d) IS NULL", "\(d) < \(dialect.day(day))")
                case .onOrAfter(let day): return binary("\(d) IS NULL", "\(d) >= \(dialect.day(day))")
                case .withinDays(let days):
                    let from = dialect.day(compiler.asOf.adding(days: -days))
                    return binary("\(d) IS NULL", "\(d) >= \(from) AND \(d) <= \(dialect.day(compiler.asOf))")
                }
            case .present(let o):
                switch o {
                case .field, .attribute:
                    let c = try raw(o)
                    return "CASE WHEN \(c) IS NULL OR trim(\(dialect.text(c))) = '' THEN 0.0 ELSE 1.0 END"
                default:
                    return "CASE WHEN \(try number(o)) IS NULL THEN 0.0 ELSE 1.0 END"
                }
            case .phrases(let o, let wanted, let atLeast):
                // The list as `; word word ; word ;`: an item contains a
                // phrase when ` words ` occurs in it; a phrase contains an item
                // when one of its runs of words is a whole item.
                let cell = dialect.text(try column(of: o))
                let sep = dialect.character(1)
                var step = prepare("phrases " + cell, "replace(replace(lower(\(cell)), ';', \(sep)), '|', \(sep))")
                for (i, part) in dialect.nonWordsAsSpacesInStages(keep: sep).enumerated() {
                    step = prepare(after: step, "phrases \(i) " + cell, part(step))
                }
                var t = "replace(\(step), \(sep), ' ; ')"
                for _ in 0..<6 { t = "replace(\(t), '  ', ' ')" }
                let words = "replace(replace(\(t), ';', ''), ' ', '')"
                let list = prepare(
                    after: step, "phrases list " + cell,
                    "CASE WHEN \(words) = '' THEN NULL ELSE '; ' || trim(\(t)) || ' ;' END")
                var matches: [String] = []
                for phrase in wanted where !phrase.words.isEmpty {
                    var tests = [
                        dialect.contains(list, dialect.literal(" " + phrase.words.joined(separator: " ") + " "))
                    ]
                    for start in phrase.words.indices {
                        for end in start..<phrase.words.count {
                            let run = phrase.words[start...end].joined(separator: " ")
                            tests.append(dialect.contains(list, dialect.literal("; " + run + " ;")))
                        }
                    }
                    matches.append("CASE WHEN " + tests.joined(separator: " OR ") + " THEN 1.0 ELSE 0.0 END")
                }
                let matched = matches.isEmpty ? "0.0" : "(" + matches.joined(separator: " + ") + ")"
                let needed = dialect.number(Double(max(1, atLeast)))
                return "CASE WHEN \(list) IS NULL THEN NULL ELSE \(dialect.least("1.0", "\(matched) / \(needed)")) END"
            case .headcountCrossed:
                throw Refusal("headcount history is not a column of a table")
            case .not(let part):
                return "(1.0 - (\(try degree(part))))"
            case .missing(let part):
                return "CASE WHEN (\(try degree(part))) IS NULL THEN 1.0 ELSE 0.0 END"
            case .all(let parts): return try combine(parts, needed: parts.count)
            case .any(let parts): return try combine(parts, needed: 1)
            case .atLeast(let k, let parts): return try combine(parts, needed: k)
            }
        }

        /// The *k*-th largest degree, NULL when unknowns could change it: an
        /// unknown counts as 0 for the lower answer and 1 for the upper.
        private mutating func combine(_ parts: [Condition], needed: Int) throws -> String {
            if needed <= 0 { return "1.0" }
            if needed > parts.count { return "0.0" }
            let degrees = try parts.map { try degree($0) }
            if needed == parts.count || needed == 1 {
                let pick = needed == parts.count ? dialect.least : dialect.greatest
                func fold(_ missing: String) -> String {
                    degrees.map { "COALESCE(\($0), \(missing))" }.reduce(nil as String?) { acc, x in
                        acc.map { pick($0, x) } ?? x
                    } ?? missing
                }
                let low = fold("0.0")
                let high = fold("1.0")
                return "CASE WHEN \(low) = \(high) THEN \(low) END"
            }
            guard parts.allSatisfy(\.isBinary) else {
                throw Refusal("\"at least \(needed) of\" parts that hold in part is not compiled to SQL")
            }
            let low = degrees.map { "COALESCE(\($0), 0.0)" }.joined(separator: " + ")
            let high = degrees.map { "COALESCE(\($0), 1.0)" }.joined(separator: " + ")
            let k = dialect.number(Double(needed))
            return "CASE WHEN (\(low)) >= \(k) THEN 1.0 WHEN (\(high)) < \(k) THEN 0.0 END"
        }

        // MARK: The query

        func finish(answers: [String], knockouts: [String], requirements: [String?], explain: Bool) -> String {
            let rubric = compiler.profile.fit
            let d = dialect
            let n = d.number
            var parts: [String] = []
            if resolvesPlaces {
                parts.append(d.lookup("icp_countries", Geography.countryKeys.map { ($0.key, $0.alpha2) }))
                // States by their folded codes (`ca_on`), as the conditions' keys are.
                parts.append(
                    d.lookup(
                        "icp_us_states", Geography.subdivisionKeys(in: "US").map { ($0.key, NameKey($0.code).folded) }))
                parts.append(
                    d.lookup(
                        "icp_ca_states", Geography.subdivisionKeys(in: "CA").map { ($0.key, NameKey($0.code).folded) }))
            }
            let materialized = d.materializes ? "MATERIALIZED " : ""
            let idColumn = "icp_base." + column(compiler.columns.column(.id))
            // The name, or the id when the name is blank or the table has none, as icp score shows it.
            let nameName = compiler.columns.column(.name)
            let nameColumn: String
            if let available = compiler.columns.available, !available.contains(nameName) {
                nameColumn = idColumn
            } else {
                let name = "icp_base." + column(nameName)
                nameColumn = "CASE WHEN \(name) IS NULL OR trim(\(d.text(name))) = '' THEN \(idColumn) ELSE \(name) END"
            }
            var first = ["\(idColumn) AS icp_id", "\(nameColumn) AS icp_name"]
            first += prepared.map { "\($0.expression) AS \($0.name)" }
            if readsEvents, let events = compiler.eventsTable {
                // Each event: its account, folded kind and detail, seconds since
                // 1970, count (blank as 1, below 0 as 0) and finite value.
                let e = ["account_id", "kind", "timestamp", "count", "value", "detail"].map { d.identifier($0) }
                let columns =
                    [
                        "\(e[0]) AS icp_account", "\(folded(e[1])) AS icp_kind", "\(folded(e[5])) AS icp_detail",
                        "\(d.epochSeconds(e[2])) AS icp_t",
                        "\(d.greatest("COALESCE(\(d.double(e[3])), 1.0)", "0.0")) AS icp_n",
                    ] + (readsValues ? ["\(d.double(e[4])) AS icp_v"] : [])
                parts.append(
                    "icp_ev AS \(materialized)(SELECT \(columns.joined(separator: ", ")) FROM \(d.table(events)))")
                parts += measures.map { "\($0.name) AS \(materialized)(\($0.select))" }
            }
            let joins = measures.map { " LEFT JOIN \($0.name) ON \($0.name).icp_account = \(idColumn)" }.joined()
            parts.append(
                "icp_c AS \(materialized)(SELECT \(first.joined(separator: ", ")) FROM \(d.table(compiler.table)) icp_base\(joins))"
            )
            var base = "icp_c"
            for (i, stage) in later.enumerated() {
                let columns = ["\(base).*"] + stage.map { "\($0.expression) AS \($0.name)" }
                parts.append("icp_c\(i + 1) AS \(materialized)(SELECT \(columns.joined(separator: ", ")) FROM \(base))")
                base = "icp_c\(i + 1)"
            }
            if resolvesPlaces, let country = prepared.first(where: { $0.key == "country" })?.name,
                let state = prepared.first(where: { $0.key == "state" })?.name
            {
                parts.append(
                    """
                    icp_p AS \(materialized)(SELECT \(base).*, icp_cn.v AS icp_named, icp_us.v AS icp_us_state, \
                    icp_ca.v AS icp_ca_state FROM \(base) LEFT JOIN icp_countries icp_cn ON icp_cn.k = \(base).\(country) \
                    LEFT JOIN icp_us_states icp_us ON icp_us.k = \(base).\(state) \
                    LEFT JOIN icp_ca_states icp_ca ON icp_ca.k = \(base).\(state))
                    """)
                // A country by any spelling; with none, a US state or Canadian
                // province implies its country; states of the US and Canada
                // only. Codes are compared folded, as the conditions' keys are.
                let rc = """
                    CASE WHEN \(country) IS NOT NULL THEN icp_named WHEN icp_us_state IS NOT NULL THEN 'US' \
                    WHEN icp_ca_state IS NOT NULL THEN 'CA' END
                    """
                let rs = "CASE \(rc) WHEN 'US' THEN icp_us_state WHEN 'CA' THEN icp_ca_state END"
                parts.append("icp_r AS \(materialized)(SELECT icp_p.*, lower(\(rc)) AS rc, \(rs) AS rs FROM icp_p)")
            } else {
                parts.append("icp_r AS (SELECT * FROM \(base))")
            }
            var answerColumns = ["icp_id", "icp_name"]
            answerColumns += answers.enumerated().map { "\($0.element) AS a\($0.offset)" }
            answerColumns += knockouts.enumerated().map { "\($0.element) AS k\($0.offset)" }
            answerColumns += requirements.enumerated().compactMap { i, r in r.map { "\($0) AS t\(i)" } }
            parts.append("icp_a AS \(materialized)(SELECT \(answerColumns.joined(separator: ", ")) FROM icp_r)")

            // Each line's points and whether it counts in the maximum.
            var earned: [String] = []
            for (i, line) in rubric.lines.enumerated() {
                let policy = line.missingData ?? rubric.missingData
                let missing: String
                switch policy {
                case .noPoints, .excludeFromMaximum: missing = "0.0"
                case .fixedPoints(let p): missing = n(p)
                }
                let a = "a\(i)"
                switch line.scoring {
                case .criterion(_, let points):
                    earned.append("CASE WHEN \(a) IS NULL THEN \(missing) ELSE \(n(points)) * \(a) END AS e\(i)")
                case .bands(_, let bands, let otherwise):
                    let whens = bands.map { "WHEN \(a) >= \(n($0.threshold)) THEN \(n($0.points))" }.joined(
                        separator: " ")
                    earned.append("CASE WHEN \(a) IS NULL THEN \(missing) \(whens) ELSE \(n(otherwise)) END AS e\(i)")
                }
                let counted =
                    policy == .excludeFromMaximum
                    ? "CASE WHEN \(a) IS NULL THEN 0.0 ELSE \(n(line.maximumPoints)) END" : n(line.maximumPoints)
                earned.append("\(counted) AS m\(i)")
            }
            let carried =
                knockouts.indices.map { "k\($0)" }
                + requirements.enumerated().compactMap { i, r in r.map { _ in "t\(i)" } }
            parts.append(
                "icp_e AS (SELECT \((["icp_id", "icp_name"] + carried + earned).joined(separator: ", ")) FROM icp_a)")

            // Totals: ungrouped lines in order, then each capped group in name order.
            let groupNames = rubric.caps.keys.sorted()
            func sum(_ prefix: String) -> String {
                var s = "0.0"
                for (i, line) in rubric.lines.enumerated() where line.group.map({ rubric.caps[$0] == nil }) ?? true {
                    s = "(\(s) + \(prefix)\(i))"
                }
                for g in groupNames {
                    var group = "0.0"
                    for (i, line) in rubric.lines.enumerated() where line.group == g {
                        group = "(\(group) + \(prefix)\(i))"
                    }
                    s = "(\(s) + \(d.least(n(rubric.caps[g] ?? 0), group)))"
                }
                return s
            }
            let disqualified =
                knockouts.isEmpty
                ? "0 = 1" : knockouts.indices.map { "COALESCE(k\($0), 0.0) >= 0.5" }.joined(separator: " OR ")
            var totals = ["icp_id", "icp_name", "\(sum("e")) AS total", "\(sum("m")) AS maximum"]
            totals.append("CASE WHEN \(disqualified) THEN 1 ELSE 0 END AS disqualified")
            totals += carried
            if explain { totals += rubric.lines.indices.map { "e\($0)" } }
            parts.append("icp_s AS (SELECT \(totals.joined(separator: ", ")) FROM icp_e)")

            // The tier: the first whose minimum is reached and requirement holds.
            func reached(_ t: ScoreThreshold) -> String {
                let eps = "1e-9 * \(d.greatest("1.0", "abs(maximum)"))"
                switch t {
                case .ratio(let r): return "total + \(eps) >= \(n(r)) * maximum"
                case .points(let p): return "total + \(eps) >= \(n(p))"
                }
            }
            var tierCases: [String] = []
            for (i, tier) in rubric.tiers.enumerated().dropLast() {
                var conditions: [String] = []
                if let m = tier.minimum { conditions.append(reached(m)) }
                if requirements[i] != nil { conditions.append("COALESCE(t\(i), 0.0) >= 0.5") }
                if conditions.isEmpty { conditions.append("1 = 1") }
                tierCases.append("WHEN \(conditions.joined(separator: " AND ")) THEN \(i)")
            }
            let last = rubric.tiers.count - 1
            let rank = "CASE WHEN disqualified = 1 THEN \(last) \(tierCases.joined(separator: " ")) ELSE \(last) END"
            parts.append("icp_t AS (SELECT icp_s.*, \(rank) AS tier_rank FROM icp_s)")

            let tierNames = rubric.tiers.enumerated().map { "WHEN \($0.offset) THEN \(d.literal($0.element.name))" }
            let qualified: String
            if let threshold = rubric.threshold {
                qualified = "CASE WHEN disqualified = 0 AND \(reached(threshold)) THEN 1 ELSE 0 END"
            } else {
                qualified = "CASE WHEN disqualified = 0 AND tier_rank < \(last) THEN 1 ELSE 0 END"
            }
            let reasons = rubric.disqualifiers.enumerated().map {
                "WHEN COALESCE(k\($0.offset), 0.0) >= 0.5 THEN \(d.literal($0.element.reason ?? $0.element.criterion.name))"
            }
            var select = [
                "icp_id AS \(d.identifier("id"))", "icp_name AS \(d.identifier("name"))",
                "\(d.double("total")) AS \(d.identifier("score"))", "\(d.double("maximum")) AS \(d.identifier("max"))",
                "CASE WHEN maximum > 0 THEN \(d.least("1.0", d.greatest("0.0", "total / maximum"))) ELSE 0.0 END AS \(d.identifier("ratio"))",
                "CASE tier_rank \(tierNames.joined(separator: " ")) END AS \(d.identifier("tier"))",
                "\(qualified) AS \(d.identifier("qualified"))",
                (reasons.isEmpty ? "NULL" : "CASE \(reasons.joined(separator: " ")) END")
                    + " AS \(d.identifier("disqualification"))",
            ]
            if explain {
                select += rubric.lines.enumerated().map {
                    "\(d.double("e\($0.offset)")) AS \(d.identifier($0.element.name))"
                }
            }
            return "WITH\n" + parts.joined(separator: ",\n") + "\nSELECT " + select.joined(separator: ",\n    ")
                + "\nFROM icp_t\n"
        }
    }
}

extension Condition {
    /// Whether the degree is always 0 or 1 (or unknown).
    fileprivate var isBinary: Bool {
        switch self {
        case .proportion, .phrases: false
        case .not(let part): part.isBinary
        case .all(let parts), .any(let parts), .atLeast(_, let parts): parts.allSatisfy(\.isBinary)
        default: true
        }
    }
}
