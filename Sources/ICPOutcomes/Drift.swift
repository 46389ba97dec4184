import ICPCore
import ICPCriteria

/// How far one field (or the score) has moved between a reference data set
/// and a current one.
public struct FieldDrift: Sendable, Hashable {
    /// The population stability index band.
    public enum Status: String, Sendable, Hashable {
        /// PSI below 0.10.
        case stable
        /// PSI from 0.10 to below 0.25: worth a look.
        case investigate
        /// PSI of 0.25 or more: the population has shifted.
        case shifted

        /// The band of a PSI value.
        public init(psi: Double) {
            self = psi < 0.10 ? .stable : psi < 0.25 ? .investigate : .shifted
        }
    }

    /// One bin of the comparison.
    public struct Bin: Sendable, Hashable {
        /// The bin in words: a value, a range, `(missing)`, `(other)`.
        public var label: String
        /// Reference accounts in the bin.
        public var reference: Int
        /// Current accounts in the bin.
        public var current: Int
    }

    /// The field's name, or `score`.
    public var field: String
    /// The population stability index.
    public var psi: Double
    /// Its band.
    public var status: Status
    /// The bins compared.
    public var bins: [Bin]

    /// Builds the comparison from bins.
    public init(field: String, bins: [Bin]) {
        self.field = field
        self.bins = bins
        self.psi = Statistics.psi(reference: bins.map(\.reference), current: bins.map(\.current))
        self.status = Status(psi: psi)
    }
}

/// A tier's share then and now.
public struct TierMix: Sendable, Hashable {
    /// The tier.
    public var tier: String
    /// Reference accounts in it.
    public var reference: Int
    /// Current accounts in it.
    public var current: Int
}

/// Is the profile still true? Field by field and for the score.
public struct DriftReport: Sendable {
    /// Reference accounts.
    public var referenceCount: Int
    /// Current accounts.
    public var currentCount: Int
    /// Per field, in column order.
    public var fields: [FieldDrift]
    /// The fit score, in reference-quantile bins.
    public var score: FieldDrift
    /// The fit tiers then and now, best first.
    public var tiers: [TierMix]
}

/// Population stability between two data sets.
public enum Drift {
    /// Compares two data sets field by field and on a profile's fit score.
    ///
    /// Categorical fields compare the reference's values (the 30 most
    /// frequent, the rest as `(other)`); numeric fields compare the
    /// reference's decile bins; lists compare how often each item appears;
    /// every field has a `(missing)` bin. The score uses the reference
    /// score's deciles.
    ///
    /// - Throws: ``OutcomeError`` when either set is empty.
    public static func compare(
        reference: [Account], current: [Account], profile: Profile<Account>, asOf day: CalendarDay,
        columns: [AccountColumn]? = nil, bins: Int = 10
    ) throws -> DriftReport {
        let context = EvaluationContext(asOf: day)
        func sample(_ accounts: [Account]) -> DriftSample {
            var sample = DriftSample(profile)
            for account in accounts { sample.add(account, fit: profile.fit.summary(account, in: context)) }
            return sample
        }
        return try compare(
            reference: sample(reference), current: sample(current), profile: profile, columns: columns, bins: bins)
    }

    /// ``compare(reference:current:profile:asOf:columns:bins:)`` from two
    /// samples counted as their files were read, so that neither data set
    /// is held in memory.
    ///
    /// - Throws: ``OutcomeError`` when either sample is empty.
    public static func compare(
        reference: DriftSample, current: DriftSample, profile: Profile<Account>, columns: [AccountColumn]? = nil,
        bins: Int = 10
    ) throws -> DriftReport {
        guard reference.count > 0 else { throw OutcomeError("the reference data set has no accounts") }
        guard current.count > 0 else { throw OutcomeError("the current data set has no accounts") }
        // The fields both sets have: a column only one export carries is a
        // change of export, not of market.
        let inCurrent = Set(current.present.map(\.name))
        let shared = reference.present.filter { inCurrent.contains($0.name) }
        // Each column (and the score) on its own core: sorting each
        // numeric column's values is most of the work.
        let compared = columns ?? shared
        let results = ParallelMap.map(count: compared.count + 1, threads: nil) { k -> FieldDrift in
            guard k < compared.count else {
                return numeric("score", reference.scores, current.scores, missing: (0, 0), bins: bins)
            }
            let column = compared[k]
            return compare(
                column.name, reference.tally(column), current.tally(column), bins: bins, format: column.format)
        }
        let fields = Array(results.dropLast())
        let score = results[compared.count]
        let tiers = profile.fit.tiers.enumerated().map { t, tier in
            TierMix(tier: tier.name, reference: reference.tiers[t], current: current.tiers[t])
        }
        return DriftReport(
            referenceCount: reference.count, currentCount: current.count, fields: fields, score: score, tiers: tiers)
    }

    static func compare(
        _ name: String, _ reference: DriftSample.Tally, _ current: DriftSample.Tally, bins: Int, format: ValueFormat
    ) -> FieldDrift {
        let (refNumbers, curNumbers) = (reference.numbers, current.numbers)
        let (refMissing, curMissing) = (reference.missing, current.missing)
        let (refCounts, curCounts) = (reference.counts, current.counts)
        if refCounts.isEmpty && curCounts.isEmpty {
            return numeric(name, refNumbers, curNumbers, missing: (refMissing, curMissing), bins: bins, format: format)
        }
        let shown = refCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(30)
        let shownSet = Set(shown.map(\.key))
        var out = shown.map { FieldDrift.Bin(label: $0.key, reference: $0.value, current: curCounts[$0.key] ?? 0) }
        let refOther = refCounts.filter { !shownSet.contains($0.key) }.values.reduce(0, +)
        let curOther = curCounts.filter { !shownSet.contains($0.key) }.values.reduce(0, +)
        if refOther + curOther > 0 {
            out.append(FieldDrift.Bin(label: "(other)", reference: refOther, current: curOther))
        }
        // Numbers in a mostly categorical column count with the missing.
        let missing = (refMissing + refNumbers.count, curMissing + curNumbers.count)
        if missing.0 + missing.1 > 0 {
            out.append(FieldDrift.Bin(label: "(missing)", reference: missing.0, current: missing.1))
        }
        return FieldDrift(field: name, bins: out)
    }

    /// A bin in the column's own format: `< 200`, `1,000 to < 5,000`,
    /// `≥ $12.5M`, `1987 to < 2001`.
    static func label(_ bound: NumericBound, format: ValueFormat = .count) -> String {
        func n(_ x: Double) -> String { format.format(x) }
        switch bound {
        case .lessThan(let hi): return "< \(n(hi))"
        case .interval(let lo, let hi): return "\(n(lo)) to < \(n(hi))"
        case .atLeast(let lo): return "≥ \(n(lo))"
        default: return bound.description
        }
    }

    /// Numeric values in the reference's quantile bins (distinct cuts), plus
    /// a `(missing)` bin when any value is missing.
    static func numeric(
        _ name: String, _ reference: [Double], _ current: [Double], missing: (Int, Int), bins: Int,
        format: ValueFormat = .count
    ) -> FieldDrift {
        let bounds = Candidate.bins(reference.sorted(), bins)
        var out: [FieldDrift.Bin] = []
        if bounds.isEmpty {
            out.append(FieldDrift.Bin(label: "all values", reference: reference.count, current: current.count))
        } else {
            // Each set read once, every bin asked of each value.
            func counts(_ values: [Double]) -> [Int] {
                var counts = [Int](repeating: 0, count: bounds.count)
                for v in values {
                    for (b, bound) in bounds.enumerated() where bound.contains(v) { counts[b] += 1 }
                }
                return counts
            }
            let (ref, cur) = (counts(reference), counts(current))
            for (b, bound) in bounds.enumerated() {
                out.append(FieldDrift.Bin(label: label(bound, format: format), reference: ref[b], current: cur[b]))
            }
        }
        if missing.0 + missing.1 > 0 {
            out.append(FieldDrift.Bin(label: "(missing)", reference: missing.0, current: missing.1))
        }
        return FieldDrift(field: name, bins: out)
    }
}

/// One data set as drift needs it, counted account by account: per column
/// its numbers, its categories and how many lack it; the fit scores and
/// tiers. Counting as a file is read keeps memory to the numbers, not the
/// accounts.
public struct DriftSample: Sendable {
    /// One column's values.
    struct Tally: Sendable {
        var numbers: [Double] = []
        var missing = 0
        var counts: [String: Int] = [:]
        /// Whether any account had a value (or, for an attribute, the column).
        var seen = false

        /// Counts a value `times` times.
        mutating func add(_ value: ColumnValue, times: Int = 1) {
            switch value {
            case .missing: missing += times
            case .other:
                missing += times
                seen = true
            case .number(let v) where v.isFinite:
                if times == 1 { numbers.append(v) } else { numbers += repeatElement(v, count: times) }
                seen = true
            case .number:
                missing += times
                seen = true
            case .text(let t):
                counts[t, default: 0] += times
                seen = true
            case .flag(let f):
                counts[f ? "yes" : "no", default: 0] += times
                seen = true
            case .list(let items):
                // Each item once: a short list is searched, a long one hashed.
                if items.count <= 16 {
                    for (i, item) in items.enumerated() where !items[..<i].contains(item) {
                        counts[item, default: 0] += times
                    }
                } else {
                    for item in Set(items) { counts[item, default: 0] += times }
                }
                seen = true
            }
        }

        /// Counts a column's values in `rows`, each distinct code once
        /// with how many of the rows hold it (the numbers of a column are
        /// only sorted and counted into bins, so their order does not matter).
        mutating func add(_ column: KeptCodes, rows: ArraySlice<Int>) {
            var counts = [Int](repeating: 0, count: column.values.count)
            var order: [Int32] = []
            column.codes.withUnsafeBufferPointer { codes in
                for row in rows {
                    let code = codes[row]
                    if code < 0 {
                        add(.number(column.numbers[row]))
                        continue
                    }
                    if counts[Int(code)] == 0 { order.append(code) }
                    counts[Int(code)] += 1
                }
            }
            for code in order { add(ColumnValue(column.values[Int(code)]), times: counts[Int(code)]) }
        }
    }

    /// How many accounts were counted.
    public private(set) var count = 0
    private var standard: [Tally]
    /// A custom attribute's column and values, in the order first seen.
    private struct AttributeTally: Sendable {
        let key: NameKey
        let column: AccountColumn
        var tally: Tally
    }
    private var attributes: [AttributeTally] = []
    private var attributeIndex: [NameKey: Int] = [:]
    /// Per position of the attributes given to
    /// ``add(standard:attributes:keys:names:fit:)``: its index in
    /// ``attributes``, -1 until first seen.
    private var positions: [Int] = []
    /// The fit scores, in the order counted.
    public private(set) var scores: [Double] = []
    /// Accounts per fit tier, best first.
    public private(set) var tiers: [Int]

    /// An empty sample for a profile's fit tiers.
    public init(_ profile: Profile<Account>) {
        standard = Array(repeating: Tally(), count: AccountColumn.standard.count)
        tiers = Array(repeating: 0, count: profile.fit.tiers.count)
    }

    /// What a sample counts of one account: its columns' values and its
    /// fit, read on any thread (the reading is most of the work), to be
    /// counted in file order with ``DriftSample/add(_:)``.
    public struct Row: Sendable {
        fileprivate var standard: [ColumnValue]
        fileprivate var attributes: [(key: NameKey, name: String, value: ColumnValue)]
        fileprivate var fit: ScoreSummary

        /// Reads an account's columns.
        public init(_ account: Account, fit: ScoreSummary) {
            standard = AccountColumn.standard.map { $0.read(account) }
            attributes = account.attributes.map { (NameKey($0.name), $0.name, ColumnValue($0.value)) }
            self.fit = fit
        }
    }

    /// Counts an account and its fit summary.
    public mutating func add(_ account: Account, fit: ScoreSummary) { add(Row(account, fit: fit)) }

    /// Counts an account read as a ``Row``.
    public mutating func add(_ row: Row) {
        for i in standard.indices where i < row.standard.count { standard[i].add(row.standard[i]) }
        for entry in row.attributes where attributeIndex[entry.key] == nil {
            // A column first seen now was missing from every account before.
            attributeIndex[entry.key] = attributes.count
            attributes.append(
                AttributeTally(
                    key: entry.key, column: AccountColumn.attribute(entry.name),
                    tally: Tally(missing: count, seen: true)))
        }
        for i in attributes.indices {
            // The first entry of a name, as an account's attributes give it;
            // read before the tally changes, so its arrays grow in place.
            let key = attributes[i].key
            let value = row.attributes.first { $0.key == key }?.value ?? .missing
            attributes[i].tally.add(value)
        }
        count += 1
        scores.append(row.fit.total)
        if row.fit.tierRank < tiers.count { tiers[row.fit.tierRank] += 1 }
    }

    /// Counts a row read elsewhere, as ``add(_:)`` counts its ``Row``,
    /// without building one: its standard columns' values (in
    /// ``AccountColumn/standard``'s order, as ``ColumnValue/attributeValue``
    /// gives them) and the values of a file's custom attributes, by
    /// position (`nil` where a row has none), in the order an account lists
    /// them. `keys` and `names` give each position's attribute and must be
    /// the same for every row of a sample.
    package mutating func add(
        standard values: ArraySlice<AttributeValue?>, attributes: ArraySlice<AttributeValue?>, keys: [NameKey],
        names: [String], fit: ScoreSummary
    ) {
        for (i, value) in zip(standard.indices, values) { standard[i].add(ColumnValue(value)) }
        if positions.count != keys.count { positions = keys.map { attributeIndex[$0] ?? -1 } }
        for (k, value) in zip(keys.indices, attributes) where value != nil && positions[k] < 0 {
            // A column first seen now was missing from every account before.
            attributeIndex[keys[k]] = self.attributes.count
            positions[k] = self.attributes.count
            self.attributes.append(
                AttributeTally(
                    key: keys[k], column: AccountColumn.attribute(names[k]), tally: Tally(missing: count, seen: true)))
        }
        var seen = 0
        for (k, value) in zip(keys.indices, attributes) where positions[k] >= 0 {
            self.attributes[positions[k]].tally.add(ColumnValue(value))
            seen += 1
        }
        // Attributes first seen through ``add(_:)`` and not in this file's columns.
        if seen < self.attributes.count {
            let counted = Set(positions)
            for j in self.attributes.indices where !counted.contains(j) { self.attributes[j].tally.add(.missing) }
        }
        count += 1
        scores.append(fit.total)
        if fit.tierRank < tiers.count { tiers[fit.tierRank] += 1 }
    }

    /// A column of values kept as a code per row into its distinct values,
    /// or -1 for a number, the row's in `numbers`.
    package typealias KeptCodes = (codes: [Int32], values: [AttributeValue?], numbers: [Double])

    /// Counts rows kept as columns of codes, as
    /// ``add(standard:attributes:keys:names:fit:)`` counts them one by one:
    /// row `rows[i]` of each column, with fit summary `fits[i]`. Each
    /// distinct value is counted once, with how many rows hold it.
    package mutating func add(
        rows: [Int], standard columns: [KeptCodes], attributes: [KeptCodes], keys: [NameKey], names: [String],
        fits: [ScoreSummary]
    ) {
        for (i, column) in zip(standard.indices, columns) { standard[i].add(column, rows: rows[...]) }
        if positions.count != keys.count { positions = keys.map { attributeIndex[$0] ?? -1 } }
        // Columns first seen in these rows, in the order the rows first
        // give them a value: each was missing from every account before.
        var firsts: [(row: Int, k: Int)] = []
        for k in keys.indices where positions[k] < 0 {
            let column = attributes[k]
            // A number (code -1) is a value.
            if let first = rows.firstIndex(where: {
                column.codes[$0] < 0 || column.values[Int(column.codes[$0])] != nil
            }) {
                firsts.append((first, k))
            }
        }
        firsts.sort { $0.row != $1.row ? $0.row < $1.row : $0.k < $1.k }
        var starts = [Int](repeating: 0, count: keys.count)
        for (first, k) in firsts {
            attributeIndex[keys[k]] = self.attributes.count
            positions[k] = self.attributes.count
            starts[k] = first
            self.attributes.append(
                AttributeTally(
                    key: keys[k], column: AccountColumn.attribute(names[k]),
                    tally: Tally(missing: count + first, seen: true)))
        }
        var counted = Set<Int>()
        for k in keys.indices where positions[k] >= 0 {
            self.attributes[positions[k]].tally.add(attributes[k], rows: rows[starts[k]...])
            counted.insert(positions[k])
        }
        // Attributes first seen through ``add(_:)`` and not in this file's columns.
        for j in self.attributes.indices where !counted.contains(j) { self.attributes[j].tally.missing += rows.count }
        count += rows.count
        for fit in fits {
            scores.append(fit.total)
            if fit.tierRank < tiers.count { tiers[fit.tierRank] += 1 }
        }
    }

    /// The standard fields that held a value on some account, then every
    /// custom attribute in the order first seen (as
    /// ``AccountColumn/present(in:excluding:)`` gives them).
    var present: [AccountColumn] {
        AccountColumn.standard.indices.filter { standard[$0].seen }.map { AccountColumn.standard[$0] }
            + attributes.map(\.column)
    }

    /// A column's values; a column never seen was missing from every account.
    func tally(_ column: AccountColumn) -> Tally {
        if let i = AccountColumn.standard.firstIndex(where: { $0.name == column.name }) { return standard[i] }
        if let i = attributeIndex[NameKey(column.name)] { return attributes[i].tally }
        return Tally(missing: count)
    }
}
