import ICPCore
import ICPCriteria

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A value of one column of an account, as outcome analysis sees it.
public enum ColumnValue: Sendable, Hashable {
    /// No value.
    case missing
    /// A category (industry, country, a text attribute).
    case text(String)
    /// A number.
    case number(Double)
    /// A list of items (technologies, a list attribute).
    case list([String])
    /// A yes or no.
    case flag(Bool)
    /// A value of a kind the analysis does not read (a date).
    case other

    /// A custom attribute's value as an analysis reads it.
    package init(_ value: AttributeValue?) {
        switch value {
        case nil: self = .missing
        case .text(let t)?: self = .text(t)
        case .number(let n)?: self = .number(n)
        case .list(let l)?: self = .list(l)
        case .flag(let f)?: self = .flag(f)
        case .date?: self = .other
        }
    }

    /// The text, when the value is one.
    var text: String? {
        if case .text(let t) = self { return t }
        return nil
    }

    /// The number, when the value is one.
    var number: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The number as a whole number (a count, a year), when it is one.
    var whole: Int? { number.flatMap { Int(exactly: $0.rounded()) } }

    /// The items, empty unless the value is a list.
    var list: [String] {
        if case .list(let l) = self { return l }
        return []
    }

    /// The yes or no, when the value is one.
    var flag: Bool? {
        if case .flag(let f) = self { return f }
        return nil
    }

    /// The value as an attribute's, so that ``init(_:)`` gives it back
    /// (a value of another kind as a date).
    package var attributeValue: AttributeValue? {
        switch self {
        case .missing: return nil
        case .text(let t): return .text(t)
        case .number(let n): return .number(n)
        case .list(let l): return .list(l)
        case .flag(let f): return .flag(f)
        case .other: return .date(Date(timeIntervalSinceReferenceDate: 0))
        }
    }
}

/// One column of an account: a standard field or a custom attribute, with
/// the criteria that test its values. Every criterion has a file form, so
/// what an analysis finds can be written as a profile and scored by
/// `icp score`.
public struct AccountColumn: Sendable {
    /// The column's name: the field's canonical name (`employees`) or the
    /// attribute's header (`Lead Source`).
    public let name: String
    /// Reads the column from an account.
    public let read: @Sendable (Account) -> ColumnValue
    /// Sets the column on an account to a value ``read`` gave, so that an
    /// account holding just that value answers a test of the column as
    /// the account it was read from does.
    package let write: @Sendable (inout Account, ColumnValue) -> Void
    let text: (@Sendable (String) -> (any Criterion<Account>)?)?
    let number: (@Sendable (NumericBound) -> any Criterion<Account>)?
    let item: (@Sendable (String) -> any Criterion<Account>)?
    let flag: (@Sendable (Bool) -> any Criterion<Account>)?
    let missing: any Criterion<Account>
    /// How the column's numbers are written (money, a year, a count).
    let format: ValueFormat

    /// The standard fields a profile can test, in a fixed order.
    public static let standard: [AccountColumn] = [
        AccountColumn(
            name: "industry", read: { $0.industry.map(ColumnValue.text) ?? .missing }, write: { $0.industry = $1.text },
            text: { Industry.matches(names: [$0], codePrefixes: []) },
            missing: Missing(Industry.matches(names: ["-"], codePrefixes: []))),
        AccountColumn(
            name: "stage", read: { $0.stage.map(ColumnValue.text) ?? .missing }, write: { $0.stage = $1.text },
            text: { Stage.field.oneOf([$0]) },
            missing: Missing(Stage.field.oneOf(["-"]))),
        AccountColumn(
            name: "country", read: { $0.country.map(ColumnValue.text) ?? .missing }, write: { $0.country = $1.text },
            text: { name in (try? Region.named(name)).map { Location.in([$0]) } },
            missing: Missing(Location.in([Region(name: "United States", countries: ["US"])]))),
        AccountColumn(
            name: "state", read: { $0.state.map(ColumnValue.text) ?? .missing }, write: { $0.state = $1.text },
            text: { name in (try? Region.named(name)).map { Location.in([$0]) } },
            missing: Missing(Location.in([Region(name: "California", countries: [], subdivisions: ["US-CA"])]))),
        AccountColumn(
            name: "city", read: { $0.city.map(ColumnValue.text) ?? .missing }, write: { $0.city = $1.text },
            text: { City.field.oneOf([$0]) },
            missing: Missing(City.field.oneOf(["-"]))),
        numeric("employees", Employees.signal) { $0.employees = $1.whole },
        numeric("revenue", Revenue.signal) { $0.annualRevenue = $1.number },
        numeric("founded", Founded.signal) { $0.founded = $1.whole },
        numeric("customers", CustomerBase.signal) { $0.customerCount = $1.whole },
        numeric("funding", Funding.signal) { $0.fundingTotal = $1.number },
        numeric("nps", NPS.signal) { $0.nps = $1.whole },
        numeric("sentiment", Sentiment.signal) { $0.sentiment = $1.number },
        numeric("referrals", Referrals.signal) { $0.referralsGiven = $1.whole },
        AccountColumn(
            name: "technologies", read: { $0.technologies.isEmpty ? .missing : .list($0.technologies.sorted()) },
            write: { $0.technologies = Set($1.list) },
            item: { TechStack.usesAny($0) }, missing: Missing(TechStack.usesAny("-"))),
        AccountColumn(
            name: "pain_points", read: { $0.painPoints.isEmpty ? .missing : .list($0.painPoints) },
            write: { $0.painPoints = $1.list },
            item: { PainPoints.overlap(with: [$0]) }, missing: Missing(PainPoints.overlap(with: ["-"]))),
        AccountColumn(
            name: "use_cases", read: { $0.useCases.isEmpty ? .missing : .list($0.useCases) },
            write: { $0.useCases = $1.list },
            item: { UseCases.overlap(with: [$0]) }, missing: Missing(UseCases.overlap(with: ["-"]))),
        AccountColumn(
            name: "prominent_brand", read: { $0.isProminentBrand.map(ColumnValue.flag) ?? .missing },
            write: { $0.isProminentBrand = $1.flag },
            flag: { $0 ? Brand.isProminent as any Criterion<Account> : Not(Brand.isProminent) },
            missing: Missing(Brand.isProminent)),
    ]

    private init(
        name: String, read: @escaping @Sendable (Account) -> ColumnValue,
        write: @escaping @Sendable (inout Account, ColumnValue) -> Void,
        text: (@Sendable (String) -> (any Criterion<Account>)?)? = nil,
        number: (@Sendable (NumericBound) -> any Criterion<Account>)? = nil,
        item: (@Sendable (String) -> any Criterion<Account>)? = nil,
        flag: (@Sendable (Bool) -> any Criterion<Account>)? = nil, missing: any Criterion<Account>,
        format: ValueFormat = .count
    ) {
        self.format = format
        self.name = name
        self.read = read
        self.write = write
        self.text = text
        self.number = number
        self.item = item
        self.flag = flag
        self.missing = missing
    }

    private static func numeric(
        _ name: String, _ signal: NumberField<Account>,
        write: @escaping @Sendable (inout Account, ColumnValue) -> Void
    ) -> AccountColumn {
        AccountColumn(
            name: name, read: { a in signal.measure(a, in: context).map(ColumnValue.number) ?? .missing },
            write: write,
            number: { NumericCriterion(signal, $0) }, missing: Missing(signal.atLeast(0)), format: signal.format)
    }

    /// A custom attribute as a column.
    public static func attribute(_ name: String) -> AccountColumn {
        let attribute = Attribute(name)
        let key = NameKey(name)
        return AccountColumn(
            name: name,
            read: { a in ColumnValue(a.attributes.entry(key)?.value) },
            write: { $0.attributes[name] = $1.attributeValue }, text: { attribute.oneOf([$0]) },
            number: { NumericCriterion(attribute.number, $0) },
            item: { AttributeCriterion(attribute, .containsAny([$0])) },
            flag: { $0 ? attribute.isTrue : attribute.isFalse }, missing: Not(attribute.isPresent))
    }

    /// The standard fields that hold a value on some account, then every
    /// custom attribute in the order first seen, leaving out the names in
    /// `excluding` (folded).
    public static func present(in accounts: [Account], excluding: [String] = []) -> [AccountColumn] {
        let excluded = Set(excluding.map { NameKey($0) })
        var columns = standard.filter { column in
            !excluded.contains(NameKey(column.name))
                && accounts.contains { if case .missing = column.read($0) { false } else { true } }
        }
        var seen = Set<NameKey>()
        for account in accounts {
            for entry in account.attributes where !excluded.contains(NameKey(entry.name)) {
                if seen.insert(NameKey(entry.name)).inserted { columns.append(attribute(entry.name)) }
            }
        }
        return columns
    }

    /// The moment numeric fields are read at (they do not depend on it).
    private static let context = EvaluationContext(asOf: CalendarDay(2000, 1, 1))
}

/// A rubric line an analysis may propose: one value, bin, item or flag of a
/// column, or the column being empty.
public struct Candidate: Sendable {
    /// What part of the column it tests.
    public enum Kind: Sendable, Hashable {
        /// One category.
        case value(String)
        /// A numeric bin: `lessThan`, `interval` or `atLeast`.
        case bin(NumericBound)
        /// One item of a list.
        case item(String)
        /// A yes or no.
        case flag(Bool)
        /// The column is empty.
        case missing
        /// A line of an existing profile.
        case line
    }

    /// The column tested.
    public var column: String
    /// The line's name: `Lead Origin is API`, `TotalVisits from 3 to under 5`, `City missing`.
    public var name: String
    /// The test.
    public var criterion: any Criterion<Account>
    /// What it tests.
    public var kind: Kind

    /// Whether at most one candidate of its column can hold for an account:
    /// a value, a bin, or the column being empty (not a list item or flag).
    public var isExclusive: Bool {
        switch kind {
        case .value, .bin, .missing: true
        case .item, .flag, .line: false
        }
    }

    /// Creates a candidate.
    public init(column: String, name: String, criterion: any Criterion<Account>, kind: Kind) {
        self.column = column
        self.name = name
        self.criterion = criterion
        self.kind = kind
    }
}

/// How candidate lines are drawn from columns.
public struct CandidateOptions: Sendable, Hashable {
    /// The smallest share of accounts a line must hold for (and must not
    /// hold for), e.g. 0.01.
    public var minimumShare: Double
    /// The smallest number of accounts, whatever the share.
    public var minimumCount: Int
    /// How many quantile bins a numeric column is cut into.
    public var bins: Int
    /// The most categories or items taken from one column (the most frequent).
    public var maximumValues: Int
    /// A numeric column with at most this many distinct values is read as
    /// categories (codes such as 1–5), one line per value.
    public var maximumCodes: Int
    /// Columns (folded names) read as numbers however few their values.
    public var numeric: Set<NameKey>
    /// Columns (folded names) kept even when they look like identifiers.
    public var included: Set<NameKey>

    /// Creates the options: 1% and at least 5 accounts, 5 bins, 40 values,
    /// numbers with at most 12 distinct values read as codes.
    public init(
        minimumShare: Double = 0.01, minimumCount: Int = 5, bins: Int = 5, maximumValues: Int = 40,
        maximumCodes: Int = 12, numeric: Set<NameKey> = [], included: Set<NameKey> = []
    ) {
        self.minimumShare = minimumShare
        self.minimumCount = minimumCount
        self.bins = bins
        self.maximumValues = maximumValues
        self.maximumCodes = maximumCodes
        self.numeric = numeric
        self.included = included
    }
}

/// The candidate lines of some columns, and why each column that gave
/// none gave none.
public struct CandidateSurvey: Sendable {
    /// The lines, column by column.
    public var lines: [Candidate]
    /// The columns that gave no line, with the reason, in column order.
    public var skipped: [(column: String, reason: String)]
}

extension Candidate {
    /// The candidate lines of the columns, with enough support in `accounts`.
    public static func lines(
        for columns: [AccountColumn], in accounts: [Account], options: CandidateOptions = CandidateOptions()
    ) -> [Candidate] {
        survey(columns, in: accounts, options: options).lines
    }

    /// The candidate lines of the columns, with enough support in
    /// `accounts`: each frequent category; each numeric column cut into
    /// bins at values the data holds, a heavy value (most rows 0) its own
    /// bin (`is 0`, `from 1 to under 4`, `at least 4`), and a column with
    /// few distinct values read as codes, one line per value; each frequent
    /// list item; a flag being yes; and the column being empty. A column
    /// whose text values are nearly all distinct (an identifier) gives
    /// nothing unless it is in ``CandidateOptions/included``; every column
    /// that gives nothing is listed with the reason.
    public static func survey(
        _ columns: [AccountColumn], in accounts: [Account], options: CandidateOptions = CandidateOptions()
    ) -> CandidateSurvey {
        survey(columns, count: accounts.count, options: options) { c, visit in
            let column = columns[c]
            for account in accounts { visit(column.read(account), 1) }
        }
    }

    /// ``survey(_:in:options:)`` over values read elsewhere: `values(c, visit)`
    /// calls `visit(value, rows)` for column `c`'s values in the `n` rows,
    /// with how many rows hold each: a value per row in row order, or each
    /// distinct value once in the order first seen with its count (numbers
    /// in any order), as a ``ColumnTable`` kept of a file gives them.
    ///
    /// `texts(c)`, when given, tells column `c`'s distinct text values and
    /// valued rows (as the values would count them) before they are
    /// visited, or `nil`: an identifier is then known without counting
    /// each of its values.
    package static func survey(
        _ columns: [AccountColumn], count n: Int, options: CandidateOptions,
        texts: (@Sendable (_ column: Int) -> (texts: Int, valued: Int)?)? = nil,
        values: @Sendable (_ column: Int, _ visit: (ColumnValue, Int) -> Void) -> Void
    ) -> CandidateSurvey {
        // Each column on its own core (sorting a numeric column's values is
        // most of the work), put together in the columns' order.
        let surveyed = ParallelMap.map(count: columns.count, threads: nil) {
            c -> (lines: [Candidate], skipped: (column: String, reason: String)?) in
            if let (distinct, valued) = texts?(c),
                let reason = identifier(columns[c], texts: distinct, valued: valued, options: options)
            {
                return (lines: [Candidate](), skipped: (columns[c].name, reason))
            }
            return survey(columns[c], c, count: n, options: options, values: values)
        }
        return CandidateSurvey(
            lines: surveyed.flatMap(\.lines), skipped: surveyed.compactMap(\.skipped).map { ($0.column, $0.reason) })
    }

    /// One column's candidates, or why it has none.
    private static func survey(
        _ column: AccountColumn, _ c: Int, count n: Int, options: CandidateOptions,
        values: (_ column: Int, _ visit: (ColumnValue, Int) -> Void) -> Void
    ) -> (lines: [Candidate], skipped: (column: String, reason: String)?) {
        let floor = max(options.minimumCount, Int((options.minimumShare * Double(n)).rounded(.up)))
        func supported(_ count: Int) -> Bool { count >= floor && n - count >= floor }
        var out: [Candidate] = []
        var texts: [String: Int] = [:]
        var firstSeen: [String: Int] = [:]
        var numbers: [Double] = []
        var items: [String: Int] = [:]
        var flags = [0, 0]
        var missing = 0
        values(c) { value, rows in
            switch value {
            case .missing, .other: missing += rows
            case .text(let t):
                texts[t, default: 0] += rows
                if firstSeen[t] == nil { firstSeen[t] = firstSeen.count }
            case .number(let v) where v.isFinite:
                // Most often one row at a time (a table visits its numbers per row).
                if rows == 1 { numbers.append(v) } else { numbers += repeatElement(v, count: rows) }
            case .number: missing += rows
            case .list(let l):
                // Each item once, in the list's order (a set's order
                // changes from run to run, and it breaks ties).
                var once = Set<String>()
                for item in l where once.insert(item).inserted {
                    items[item, default: 0] += rows
                    if firstSeen[item] == nil { firstSeen[item] = firstSeen.count }
                }
            case .flag(let f): flags[f ? 1 : 0] += rows
            }
        }
        let key = NameKey(column.name)
        let valued = n - missing
        if let reason = identifier(column, texts: texts.count, valued: valued, options: options) {
            return ([], (column.name, reason))
        }
        func frequent(_ counts: [String: Int]) -> [String] {
            counts.filter { supported($0.value) }.sorted {
                $0.value != $1.value
                    ? $0.value > $1.value : firstSeen[$0.key, default: 0] < firstSeen[$1.key, default: 0]
            }.prefix(options.maximumValues).map(\.key)
        }
        // Values written differently can make the same test ("USA",
        // "United States"): the first, most frequent, stands for them.
        var tests = Set<String>()
        if let make = column.text {
            for value in frequent(texts) {
                guard let criterion = make(value),
                    tests.insert(criterion.specification?.json.written(pretty: false) ?? value).inserted
                else { continue }
                out.append(
                    Candidate(
                        column: column.name, name: "\(column.name) is \(value)", criterion: criterion,
                        kind: .value(value)))
            }
        }
        let groups = Candidate.groups(numbers)
        if let make = column.number, !numbers.isEmpty {
            let codes = !options.numeric.contains(key) && groups.count <= options.maximumCodes
            let bounds =
                codes ? groups.map { NumericBound.between($0.value, $0.value) } : bins(groups: groups, options.bins)
            out += bounds.compactMap { bin -> Candidate? in
                // The rows of the distinct values it holds.
                let count = groups.reduce(0) { $0 + (bin.contains($1.value) ? $1.rows : 0) }
                guard supported(count) else { return nil }
                let criterion = make(bin)
                return Candidate(column: column.name, name: criterion.name, criterion: criterion, kind: .bin(bin))
            }
        }
        if let make = column.item {
            for item in frequent(items) {
                out.append(
                    Candidate(
                        column: column.name, name: "\(column.name) includes \(item)", criterion: make(item),
                        kind: .item(item)))
            }
        }
        if let make = column.flag {
            // "no" is the complement of "yes" where known: one line is enough.
            if supported(flags[1]) {
                out.append(
                    Candidate(
                        column: column.name, name: "\(column.name) is yes", criterion: make(true),
                        kind: .flag(true)))
            }
        }
        if supported(missing) {
            out.append(
                Candidate(
                    column: column.name, name: "\(column.name) missing", criterion: column.missing, kind: .missing))
        }
        if out.isEmpty {
            let values =
                texts.count + groups.count + items.count + (flags[0] > 0 ? 1 : 0) + (flags[1] > 0 ? 1 : 0)
            let reason =
                valued == 0
                ? "empty in every row"
                : values <= 1
                    ? "one value in every row that has one"
                    : "no value, range or item holds for at least \(floor) rows and fails for as many"
            return (out, (column.name, reason))
        }
        return (out, nil)
    }

    /// Why a column of `texts` distinct text values in `valued` rows with a
    /// value is left out as an identifier (nearly every row its own text
    /// value), or `nil` when it is not one or is included.
    private static func identifier(_ column: AccountColumn, texts: Int, valued: Int, options: CandidateOptions)
        -> String?
    {
        guard texts >= 20, Double(texts) >= 0.9 * Double(valued), !options.included.contains(NameKey(column.name))
        else { return nil }
        return "looks like an identifier (\(texts) distinct values in \(valued) rows); name it in --include to use it"
    }

    /// Numbers in ascending order, equal ones (0 and −0 among them) in the
    /// order given: what `sorted()` gives, by a radix sort of their bits, a
    /// pass per byte in which they differ. Numbers with a NaN among them
    /// are sorted by `sorted()`.
    static func ascending(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 256, !values.contains(where: \.isNaN) else { return values.sorted() }
        // Keys that order as the numbers do: 0 for both zeros, the sign bit
        // set on the others' bits when positive, every bit flipped when
        // negative. Only the keys are sorted; the zeros' signs, in the order
        // given, are put back on the zeros in order (a stable sort keeps it).
        var keys = values.map { v -> UInt64 in
            let bits = (v == 0 ? 0 : v).bitPattern
            return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
        }
        let zeroSigns = values.compactMap { $0 == 0 ? $0.sign : nil }
        // Every byte's counts in one pass.
        var counts = [Int](repeating: 0, count: 8 * 256)
        var scratch = [UInt64](repeating: 0, count: n)
        keys.withUnsafeMutableBufferPointer { keys in
            scratch.withUnsafeMutableBufferPointer { scratch in
                counts.withUnsafeMutableBufferPointer { counts in
                    for k in keys {
                        for byte in 0..<8 { counts[byte << 8 | Int(truncatingIfNeeded: k >> (byte * 8)) & 0xFF] += 1 }
                    }
                    var (from, to) = (keys, scratch)
                    for byte in 0..<8 {
                        let base = byte << 8
                        // A byte every number shares orders nothing.
                        if (0..<256).contains(where: { counts[base + $0] == n }) { continue }
                        var start = 0
                        for b in 0..<256 { (counts[base + b], start) = (start, start + counts[base + b]) }
                        // Each key to its byte's next place: a stable pass.
                        let shift = UInt64(byte * 8)
                        for k in from {
                            let b = base + Int(truncatingIfNeeded: k >> shift) & 0xFF
                            to[counts[b]] = k
                            counts[b] += 1
                        }
                        swap(&from, &to)
                    }
                    // The sorted keys end in `from`: into `keys` if not there.
                    if from.baseAddress != keys.baseAddress, let source = from.baseAddress {
                        keys.baseAddress?.update(from: source, count: n)
                    }
                }
            }
        }
        var zero = zeroSigns.makeIterator()
        return keys.map { key in
            if key == 1 << 63 { return zero.next() == .minus ? -0.0 : 0.0 }
            return Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key)
        }
    }

    /// Numbers (none a NaN) as their distinct values in ascending order,
    /// each with how many of them are equal to it, each value the first
    /// of its equals in the order given (0 or −0): the runs of
    /// ``ascending(_:)``'s order. Whole numbers over a span of at most
    /// 2¹⁶ (a count, a year, a score) are counted in place of sorting.
    static func groups(_ values: [Double]) -> [(value: Double, rows: Int)] {
        countedGroups(values) ?? runs(ascending(values))
    }

    /// Sorted numbers as their runs of equal values: each run's first and
    /// its length.
    static func runs(_ sorted: [Double]) -> [(value: Double, rows: Int)] {
        var groups: [(value: Double, rows: Int)] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j < sorted.count, sorted[j] == sorted[i] { j += 1 }
            groups.append((sorted[i], j - i))
            i = j
        }
        return groups
    }

    /// ``groups(_:)`` of whole numbers over a span of at most 2¹⁶, counted
    /// per value; `nil` for other numbers.
    private static func countedGroups(_ values: [Double]) -> [(value: Double, rows: Int)]? {
        guard values.count > 256, let low = values.min(), let high = values.max(), high - low < 65_536,
            low.rounded() == low
        else { return nil }
        var counts = [Int](repeating: 0, count: Int(high - low) + 1)
        // Each slot's first value, as given (0 or −0).
        var first = [Double](repeating: 0, count: counts.count)
        let ok = counts.withUnsafeMutableBufferPointer { counts in
            first.withUnsafeMutableBufferPointer { first in
                for v in values {
                    let offset = v - low
                    guard offset.rounded() == offset else { return false }
                    let slot = Int(offset)
                    if counts[slot] == 0 { first[slot] = v }
                    counts[slot] += 1
                }
                return true
            }
        }
        guard ok else { return nil }
        var groups: [(value: Double, rows: Int)] = []
        for slot in counts.indices where counts[slot] > 0 { groups.append((first[slot], counts[slot])) }
        return groups
    }

    /// Bins of sorted values, cut at values the data holds: about `count`
    /// bins of equal size, a value held by a bin's share of rows or more (a
    /// heavy 0) a bin of its own (`between v and v`, read "is v"). The first
    /// bin is `lessThan` the next cut, the last `atLeast` its first value;
    /// one distinct value gives no bins.
    static func bins(_ sorted: [Double], _ count: Int) -> [NumericBound] {
        bins(groups: runs(sorted), count)
    }

    /// ``bins(_:_:)`` of numbers given as their distinct values, ascending,
    /// each with its rows (``groups(_:)``).
    static func bins(groups: [(value: Double, rows: Int)], _ count: Int) -> [NumericBound] {
        guard count > 1, groups.count > 1 else { return [] }
        let total = groups.reduce(0) { $0 + $1.rows }
        // Runs of distinct values: a heavy value alone, the others gathered
        // to about `target` rows, the rows left shared among the bins left
        // (so that the 15% beside a heavy 0 still get several bins).
        var target = Double(total) / Double(count)
        var left = (rows: total, bins: count)
        var runs: [(start: Int, end: Int, rows: Int, heavy: Bool)] = []
        var start = 0
        var rows = 0
        for (k, g) in groups.enumerated() {
            if Double(g.rows) >= target {
                if k > start { runs.append((start, k, rows, false)) }
                runs.append((k, k + 1, g.rows, true))
                left = (left.rows - rows - g.rows, max(1, left.bins - (k > start ? 2 : 1)))
                target = Double(left.rows) / Double(left.bins)
                start = k + 1
                rows = 0
                continue
            }
            rows += g.rows
            if Double(rows) >= target {
                runs.append((start, k + 1, rows, false))
                left = (left.rows - rows, max(1, left.bins - 1))
                start = k + 1
                rows = 0
            }
        }
        if start < groups.count {
            // A short tail joins the run before it unless that run is a heavy value.
            if let last = runs.last, !last.heavy, Double(rows) < target / 2 {
                runs[runs.count - 1] = (last.start, groups.count, last.rows + rows, false)
            } else {
                runs.append((start, groups.count, rows, false))
            }
        }
        // At most `count` bins: merge the smallest neighbouring runs that are not heavy values.
        while runs.count > count {
            var best: Int?
            for k in 0..<(runs.count - 1) where !runs[k].heavy && !runs[k + 1].heavy {
                if best.map({ runs[k].rows + runs[k + 1].rows < runs[$0].rows + runs[$0 + 1].rows }) ?? true {
                    best = k
                }
            }
            guard let k = best else { break }
            runs[k] = (runs[k].start, runs[k + 1].end, runs[k].rows + runs[k + 1].rows, false)
            runs.remove(at: k + 1)
        }
        guard runs.count > 1 else { return [] }
        return runs.enumerated().map { k, run in
            let lo = groups[run.start].value
            if run.end - run.start == 1 { return .between(lo, lo) }
            if k == runs.count - 1 { return .atLeast(lo) }
            let hi = groups[run.end].value
            return k == 0 ? .lessThan(hi) : .interval(lo, hi)
        }
    }
}

/// Which candidate lines each account meets, as sparse rows.
public enum FeatureMatrix {
    /// One row per account: the positions of the candidates it meets and
    /// their degrees (a missing answer counts as not met, as a rubric line
    /// with no points for missing data scores it). Runs on all cores.
    public static func rows(
        _ accounts: [Account], _ criteria: [any Criterion<Account>], asOf day: CalendarDay
    ) -> [SparseRow] {
        let context = EvaluationContext(asOf: day)
        return ParallelMap.map(count: accounts.count, threads: nil) { i in
            var row = SparseRow()
            for (j, c) in criteria.enumerated() {
                if let d = c.degree(of: accounts[i], in: context), d > 0 {
                    row.indices.append(j)
                    row.values.append(d)
                }
            }
            return row
        }
    }
}
