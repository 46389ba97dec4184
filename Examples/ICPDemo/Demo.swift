import ICPCore

/// The demo `icp` runs with no arguments: the example profile applied to
/// the generated sample accounts, ranked, as a table for a terminal.
public enum Demo {
    /// The day the demo scores as of, fixed so its output never changes.
    public static let asOf = CalendarDay(2026, 11, 23)

    /// One ranked row.
    public struct Row: Sendable, Hashable {
        /// The account.
        public var account: Account
        /// Its fit score.
        public var score: Score
    }

    /// Scores the accounts and ranks them: best tier first, then most
    /// points, then name and id so ties always order the same way.
    public static func rank(_ accounts: [Account], with rubric: Rubric<Account>, asOf day: CalendarDay) -> [Row] {
        accounts.map { Row(account: $0, score: rubric.score($0, asOf: day)) }
            .sorted { a, b in
                if a.score.tierRank != b.score.tierRank { return a.score.tierRank < b.score.tierRank }
                if a.score.total != b.score.total { return a.score.total > b.score.total }
                if a.account.name != b.account.name { return a.account.name < b.account.name }
                return a.account.id < b.account.id
            }
    }

    /// The full demo text: the profile, the ranked table, the tier mix and
    /// one account explained.
    public static func run(count: Int = 30, seed: UInt64 = 7) throws -> String {
        let profile = try ExampleProfile.securitySoftware()
        let rows = rank(SampleAccounts.generate(count: count, seed: seed), with: profile.fit, asOf: asOf)
        var out = "\(profile.name) (version \(profile.version)), scored as of \(asOf)\n"
        if profile.isReviewDue(asOf: asOf) {
            out += "Review due: last reviewed \(profile.lastReviewed.map { "\($0)" } ?? "never")\n"
        } else if let next = profile.nextReview {
            out += "Next review due \(next)\n"
        }
        out += "\n" + table(rows) + "\n"
        let mix = profile.fit.tiers.map { tier in "\(tier.name) \(rows.filter { $0.score.tier == tier.name }.count)" }
        out += "\nTiers: " + mix.joined(separator: ", ") + " of \(rows.count) accounts\n"
        if let example = rows.first(where: { $0.score.gap != nil && !$0.score.isDisqualified }) {
            out += "\nWhy \(example.account.name) is \(example.score.tier):\n\(example.score)\n"
        }
        return out
    }

    /// The ranked table, about 120 columns wide.
    public static func table(_ rows: [Row]) -> String {
        let header = ["#", "Account", "Country", "Employees", "Type", "Tier", "Score", "Top reasons"]
        var cells: [[String]] = []
        for (i, row) in rows.enumerated() {
            let s = row.score
            let reasons: String
            if let reason = s.disqualifications.first {
                reasons = "disqualified: \(reason)"
            } else {
                reasons = s.topReasons(3).map(\.name).joined(separator: ", ")
            }
            cells.append([
                String(i + 1), clip(row.account.name, 26), clip(row.account.country ?? "—", 14),
                row.account.employees.map { ValueFormat.count.format(Double($0)) } ?? "—",
                row.account.attributes["business_type"].map { "\($0)" } ?? "—", s.tier,
                "\(ValueFormat.points(s.total))/\(ValueFormat.points(s.maximum))", clip(reasons, 52),
            ])
        }
        var widths = header.map(\.count)
        for row in cells { for (c, text) in row.enumerated() { widths[c] = max(widths[c], text.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { c, text in
                let pad = String(repeating: " ", count: widths[c] - text.count)
                return c == 0 || c == 3 || c == 6 ? pad + text : text + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
        lines += cells.map(line)
        return lines.joined(separator: "\n")
    }

    static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
