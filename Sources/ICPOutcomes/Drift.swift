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
        guard !reference.isEmpty else { throw OutcomeError("the reference data set has no accounts") }
        guard !current.isEmpty else { throw OutcomeError("the current data set has no accounts") }
        // The fields both sets have: a column only one export carries is a
        // change of export, not of market.
        let inCurrent = Set(AccountColumn.present(in: current).map(\.name))
        let shared = AccountColumn.present(in: reference).filter { inCurrent.contains($0.name) }
        let fields = (columns ?? shared).map { column in
            compare(column, reference, current, bins: bins)
        }
        let context = EvaluationContext(asOf: day)
        let before = profile.fit.scoreAll(reference, in: context)
        let after = profile.fit.scoreAll(current, in: context)
        let score = numeric("score", before.map(\.total), after.map(\.total), missing: (0, 0), bins: bins)
        let tiers = profile.fit.tiers.enumerated().map { t, tier in
            TierMix(
                tier: tier.name, reference: before.count { $0.tierRank == t }, current: after.count { $0.tierRank == t }
            )
        }
        return DriftReport(
            referenceCount: reference.count, currentCount: current.count, fields: fields, score: score, tiers: tiers)
    }

    static func compare(_ column: AccountColumn, _ reference: [Account], _ current: [Account], bins: Int) -> FieldDrift
    {
        var refNumbers: [Double] = []
        var curNumbers: [Double] = []
        var refMissing = 0
        var curMissing = 0
        var refCounts: [String: Int] = [:]
        var curCounts: [String: Int] = [:]
        func tally(
            _ accounts: [Account], _ numbers: inout [Double], _ missing: inout Int, _ counts: inout [String: Int]
        ) {
            for a in accounts {
                switch column.read(a) {
                case .missing, .other: missing += 1
                case .number(let v) where v.isFinite: numbers.append(v)
                case .number: missing += 1
                case .text(let t): counts[t, default: 0] += 1
                case .flag(let f): counts[f ? "yes" : "no", default: 0] += 1
                case .list(let items): for item in Set(items) { counts[item, default: 0] += 1 }
                }
            }
        }
        tally(reference, &refNumbers, &refMissing, &refCounts)
        tally(current, &curNumbers, &curMissing, &curCounts)
        if refCounts.isEmpty && curCounts.isEmpty {
            return numeric(
                column.name, refNumbers, curNumbers, missing: (refMissing, curMissing), bins: bins,
                format: column.format)
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
        return FieldDrift(field: column.name, bins: out)
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
            for bound in bounds {
                out.append(
                    FieldDrift.Bin(
                        label: label(bound, format: format), reference: reference.count { bound.contains($0) },
                        current: current.count { bound.contains($0) }))
            }
        }
        if missing.0 + missing.1 > 0 {
            out.append(FieldDrift.Bin(label: "(missing)", reference: missing.0, current: missing.1))
        }
        return FieldDrift(field: name, bins: out)
    }
}
