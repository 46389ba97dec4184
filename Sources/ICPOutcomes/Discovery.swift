import ICPCore
import ICPCriteria

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A column that measures what a customer is worth, and which way is better.
public struct ValueColumn: Sendable, Hashable, CustomStringConvertible {
    /// The column's name.
    public var name: String
    /// Whether more is better (`mrr:+`) or less (`support_tickets:-`).
    public var higherIsBetter: Bool

    /// Creates a value column.
    public init(_ name: String, higherIsBetter: Bool) {
        self.name = name
        self.higherIsBetter = higherIsBetter
    }

    /// Reads `mrr:+,tenure_months:+,support_tickets:-`.
    ///
    /// - Throws: ``OutcomeError`` naming the part that is not `NAME:+` or `NAME:-`.
    public static func parse(_ text: String) throws -> [ValueColumn] {
        let parts = text.split(separator: ",").map(String.init)
        guard !parts.isEmpty else { throw OutcomeError("no value columns; write them as mrr:+,support_tickets:-") }
        return try parts.map { part in
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            let name = pieces.first.map { $0.trimmed() } ?? ""
            let sign = pieces.count == 2 ? pieces[1].trimmed() : ""
            guard !name.isEmpty, sign == "+" || sign == "-" else {
                throw OutcomeError("\"\(part)\" is not a value column; write NAME:+ or NAME:-")
            }
            return ValueColumn(name, higherIsBetter: sign == "+")
        }
    }

    /// `mrr:+`.
    public var description: String { "\(name):\(higherIsBetter ? "+" : "-")" }
}

/// A pattern the super users share more than everyone: one line, or two
/// lines of different columns together.
public struct Pattern: Sendable {
    /// The lines that make up the pattern (one or two).
    public var lines: [Candidate]
    /// Super users that match.
    public var superCount: Int
    /// Their share of the super users.
    public var superShare: Double
    /// Accounts that match, of all.
    public var allCount: Int
    /// Their share of all accounts.
    public var allShare: Double
    /// `superShare / allShare`.
    public var lift: Double
    /// The two-proportion z statistic, super users against the rest: the
    /// strength the patterns are ordered by.
    public var z: Double

    /// The pattern in words: `industry is Security Software and employees from 200 to under 1,000`.
    public var name: String { lines.map(\.name).joined(separator: " and ") }

    /// The pattern stated as data: "74% of super users match industry is
    /// Fintech and employees from 50 to under 200, against 12% of all
    /// accounts (6.2× lift)."
    public var statement: String {
        "\(Discovery.percent(superShare)) of super users match \(name), against \(Discovery.percent(allShare)) of all accounts (\(ValueFormat.decimal(lift, grouped: false, maxFractionDigits: 1))× lift)"
    }

    /// The pattern as one criterion (an `all` of its lines when two).
    public var criterion: any Criterion<Account> {
        lines.count == 1 ? lines[0].criterion : Combination(.all, lines.map(\.criterion))
    }
}

/// Who the super users are, what they share, and a drafted profile.
public struct DiscoveryReport: Sendable {
    /// The value columns combined.
    public var values: [ValueColumn]
    /// The ids of the super users, best first.
    public var superUsers: [String]
    /// Accounts considered.
    public var accounts: Int
    /// The patterns, strongest first.
    public var patterns: [Pattern]
    /// A profile drafted from the strongest patterns, for `icp lint` and
    /// `icp learn --from-profile`.
    public var draft: Profile<Account>
}

/// Finds super users by a value score and the attributes they over-index on.
public enum Discovery {
    /// Each account's value score: for each value column, the account's
    /// percentile rank among the accounts that have a value (ties share the
    /// mean rank; 0 is the worst, 1 the best, turned round for a `-`
    /// column; a missing value counts 0.5), averaged over the columns.
    ///
    /// - Throws: ``OutcomeError`` for a value column no account has a number in.
    public static func valueScores(_ accounts: [Account], values: [ValueColumn]) throws -> [Double] {
        try valueScores(count: accounts.count, values: values) { column, visit in
            for (i, a) in accounts.enumerated() { visit(i, column.read(a)) }
        }
    }

    /// The column a value column names: a standard field, or else a custom attribute.
    static func column(_ value: ValueColumn) -> AccountColumn {
        AccountColumn.standard.first { NameKey($0.name) == NameKey(value.name) } ?? AccountColumn.attribute(value.name)
    }

    /// ``valueScores(_:values:)`` of `n` rows read elsewhere: `read(column,
    /// visit)` calls `visit(row, value)` with the column's value in each row
    /// that may hold one, in row order.
    package static func valueScores(
        count n: Int, values: [ValueColumn], read: (AccountColumn, (Int, ColumnValue) -> Void) -> Void
    ) throws -> [Double] {
        var total = [Double](repeating: 0, count: n)
        for value in values {
            var known: [Int] = []
            var numbers: [Double] = []
            read(column(value)) { i, v in
                if case .number(let v) = v, v.isFinite {
                    known.append(i)
                    numbers.append(v)
                }
            }
            guard !numbers.isEmpty else {
                throw OutcomeError("no account has a number in the value column \"\(value.name)\"")
            }
            var part = [Double](repeating: 0.5, count: n)
            let ranks = Statistics.ranks(numbers)
            for (k, i) in known.enumerated() {
                let p = numbers.count == 1 ? 0.5 : (ranks[k] - 1) / Double(numbers.count - 1)
                part[i] = value.higherIsBetter ? p : 1 - p
            }
            for i in total.indices { total[i] += part[i] }
        }
        return total.map { $0 / Double(values.count) }
    }

    /// Discovers super users and what they share.
    ///
    /// - Parameters:
    ///   - accounts: The customers.
    ///   - values: The value columns and their directions.
    ///   - top: The share of accounts that are super users (0.2: the top 20%).
    ///   - columns: The columns patterns are drawn from (the value columns are left out).
    ///   - options: How candidate lines are drawn.
    ///   - day: The day criteria are evaluated at.
    ///   - maxPatterns: The most patterns reported.
    ///   - name: The drafted profile's name.
    /// - Throws: ``OutcomeError`` for no accounts, a share outside (0, 1), or
    ///   a value column without numbers.
    public static func discover(
        _ accounts: [Account], values: [ValueColumn], top: Double = 0.2, columns: [AccountColumn],
        options: CandidateOptions = CandidateOptions(), asOf day: CalendarDay, maxPatterns: Int = 20,
        name: String = "Discovered profile"
    ) throws -> DiscoveryReport {
        let context = EvaluationContext(asOf: day)
        return try discover(
            count: accounts.count, values: values, top: top, columns: columns, options: options,
            maxPatterns: maxPatterns, name: name, id: { accounts[$0].id },
            read: { column, visit in for (i, a) in accounts.enumerated() { visit(i, column.read(a)) } },
            survey: { kept in Candidate.survey(kept, in: accounts, options: options) },
            features: { SparseRows(FeatureMatrix.rows(accounts, $0.map(\.criterion), asOf: day)) },
            totals: { rubric in rubric.summarizeAll(accounts, in: context).map(\.total) })
    }

    /// ``discover(_:values:top:columns:options:asOf:maxPatterns:name:)``
    /// of `n` rows read elsewhere (a file kept as columns): `id(i)` is row
    /// `i`'s id; `read` visits a column's values as in
    /// ``valueScores(count:values:read:)``; `survey` draws the candidate
    /// lines of some columns over every row; `features` gives each row's
    /// degrees of some candidates; `totals` each row's total under a
    /// rubric of patterns.
    package static func discover(
        count n: Int, values: [ValueColumn], top: Double, columns: [AccountColumn], options: CandidateOptions,
        maxPatterns: Int, name: String, id: (Int) -> String,
        read: (AccountColumn, (Int, ColumnValue) -> Void) -> Void,
        survey: ([AccountColumn]) -> CandidateSurvey, features: ([Candidate]) throws -> SparseRows,
        totals: (Rubric<Account>) throws -> [Double]
    ) throws -> DiscoveryReport {
        guard n >= 2 else { throw OutcomeError("discovery needs at least two accounts") }
        guard top > 0, top < 1 else { throw OutcomeError("--top must be a share above 0 and below 1") }
        let scores = try valueScores(count: n, values: values, read: read)
        let order = (0..<n).sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        let superCount = max(1, Int((top * Double(n)).rounded(.up)))
        var isSuper = [Bool](repeating: false, count: n)
        for i in order.prefix(superCount) { isSuper[i] = true }

        let valueKeys = Set(values.map { NameKey($0.name) })
        let kept = columns.filter { !valueKeys.contains(NameKey($0.name)) }
        let candidates = survey(kept).lines
        let rows = try features(candidates)
        var members = [[Int]](repeating: [], count: candidates.count)
        for i in 0..<rows.count {
            for k in rows.starts[i]..<rows.starts[i + 1] where rows.values.isEmpty || rows.values[k] >= 0.5 {
                members[Int(rows.indices[k])].append(i)
            }
        }
        let minimum = max(3, Int((0.05 * Double(superCount)).rounded(.up)))
        func pattern(_ lines: [Candidate], _ set: [Int]) -> Pattern? {
            let inSuper = set.count { isSuper[$0] }
            guard inSuper >= minimum else { return nil }
            let superShare = Double(inSuper) / Double(superCount)
            let allShare = Double(set.count) / Double(n)
            let lift = superShare / allShare
            guard lift > 1 else { return nil }
            let z = Statistics.z(
                inSuper, of: superCount, against: set.count - inSuper, of: n - superCount)
            return Pattern(
                lines: lines, superCount: inSuper, superShare: superShare, allCount: set.count, allShare: allShare,
                lift: lift, z: z)
        }
        var singles: [(Pattern, Int)] = []
        for (j, c) in candidates.enumerated() {
            if case .missing = c.kind { continue }
            if let p = pattern([c], members[j]) { singles.append((p, j)) }
        }
        singles.sort { $0.0.z != $1.0.z ? $0.0.z > $1.0.z : $0.1 < $1.1 }
        var found = singles.map(\.0)
        // Pairs of the strongest lines of different columns: a segment
        // ("Fintech with 50–200 employees") that beats both its parts.
        let strongest = singles.prefix(10)
        let sets = strongest.map { Set(members[$0.1]) }
        for (a, (pa, ja)) in strongest.enumerated() {
            for (b, (pb, jb)) in strongest.enumerated().dropFirst(a + 1)
            where candidates[ja].column != candidates[jb].column {
                let set = members[ja].filter { sets[b].contains($0) }
                if let p = pattern([candidates[ja], candidates[jb]], set), p.lift > max(pa.lift, pb.lift),
                    p.z > min(pa.z, pb.z)
                {
                    found.append(p)
                }
            }
        }
        found.sort { $0.z != $1.z ? $0.z > $1.z : $0.name < $1.name }
        let patterns = Array(found.prefix(maxPatterns))
        let draft = try Discovery.draft(patterns, top: top, name: name, values: values, totals: totals)
        return DiscoveryReport(
            values: values, superUsers: order.prefix(superCount).map(id), accounts: n, patterns: patterns,
            draft: draft)
    }

    /// A profile from the strongest patterns (at most eight, each line used
    /// once): points 1–3 by lift (`log₂ lift`, rounded, at least 1), Best
    /// fit for about the top `top` share of scores, Good fit for the next 30%.
    static func draft(
        _ patterns: [Pattern], top: Double, name: String, values: [ValueColumn],
        totals: (Rubric<Account>) throws -> [Double]
    ) throws -> Profile<Account> {
        var lines: [RubricLine<Account>] = []
        var used = Set<String>()
        for p in patterns where lines.count < 8 && !p.lines.contains(where: { used.contains($0.name) }) {
            let points = min(3, max(1, Int(log2(p.lift).rounded())))
            lines.append(p.criterion.points(Double(points)).named(p.name))
            used.formUnion(p.lines.map(\.name))
        }
        guard !lines.isEmpty else {
            throw OutcomeError(
                "no attribute, range or item is more common among the super users than among all accounts")
        }
        let plain = try Rubric(name: "\(name) fit", lines: lines)
        let tiers = Learner.tiers(try totals(plain), shares: [top, 0.3])
        let rubric = try Rubric(
            name: "\(name) fit", lines: lines, threshold: tiers.count > 1 ? tiers[tiers.count - 2].minimum : nil,
            tiers: tiers)
        let summary =
            "Drafted by icp discover from the top \(percent(top)) of accounts by "
            + values.map(\.description).joined(separator: ", ") + "; review it before use."
        return Profile(name: name, summary: summary, fit: rubric)
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}
