import ICPCore

/// The demo `icp` runs with no arguments: the example profile applied to
/// the generated sample accounts and contacts, ranked by the fit ×
/// engagement matrix, as a table for a terminal, with buying-committee
/// coverage and the top leads.
public enum Demo {
    /// The day the demo scores as of, fixed so its output never changes.
    public static let asOf = CalendarDay(2026, 11, 23)

    /// One ranked row.
    public struct Row: Sendable, Hashable {
        /// The account.
        public var account: Account
        /// Its fit and engagement scores and its matrix cell.
        public var result: ProfileScore
        /// Which personas its contacts cover.
        public var committee: CommitteeCoverage

        /// Its fit score.
        public var score: Score { result.fit }
    }

    /// Scores the accounts and ranks them: by the priority of their matrix
    /// cell, then fit points, then engagement points, then name and id so
    /// ties always order the same way.
    public static func rank(
        _ accounts: [Account], contacts: [Contact], with profile: Profile<Account>, asOf day: CalendarDay
    ) -> [Row] {
        let byAccount = Dictionary(grouping: contacts) { $0.accountID ?? "" }
        return accounts.map {
            Row(
                account: $0, result: profile.score($0, asOf: day),
                committee: profile.committee(byAccount[$0.id] ?? []))
        }
        .sorted { a, b in
            let pa = a.result.cell?.priority ?? Int.max
            let pb = b.result.cell?.priority ?? Int.max
            if pa != pb { return pa < pb }
            if a.score.tierRank != b.score.tierRank { return a.score.tierRank < b.score.tierRank }
            if a.score.total != b.score.total { return a.score.total > b.score.total }
            let ea = a.result.engagement?.total ?? 0
            let eb = b.result.engagement?.total ?? 0
            if ea != eb { return ea > eb }
            if a.account.name != b.account.name { return a.account.name < b.account.name }
            return a.account.id < b.account.id
        }
    }

    /// The full demo text: the profile, the ranked table, the tier and cell
    /// mixes, the top leads and one account explained.
    public static func run(count: Int = 30, seed: UInt64 = 7) throws -> String {
        let profile = try ExampleProfile.securitySoftware()
        let accounts = SampleAccounts.generate(count: count, seed: seed)
        let contacts = SampleAccounts.contacts(for: accounts, seed: seed)
        let rows = rank(accounts, contacts: contacts, with: profile, asOf: asOf)
        var out = "\(profile.name) (version \(profile.version)), scored as of \(asOf)\n"
        if profile.isReviewDue(asOf: asOf) {
            out += "Review due: last reviewed \(profile.lastReviewed.map { "\($0)" } ?? "never")\n"
        } else if let next = profile.nextReview {
            out += "Next review due \(next)\n"
        }
        out += "\n" + table(rows) + "\n"
        let mix = profile.fit.tiers.map { tier in "\(tier.name) \(rows.filter { $0.score.tier == tier.name }.count)" }
        out += "\nTiers: " + mix.joined(separator: ", ") + " of \(rows.count) accounts\n"
        let cells = profile.cells.compactMap { cell -> String? in
            let n = rows.filter { $0.result.cell == cell }.count
            return n == 0 ? nil : "\(cell) \(n)"
        }
        out += "Cells, in priority order: " + cells.joined(separator: ", ") + "\n"
        let missing = rows.filter { !$0.committee.hasRequiredRoles }.count
        out += "Buying committees: \(missing) of \(rows.count) accounts lack a required role\n"

        out += "\nTop leads (fit 50%, persona 25%, engagement 25%):\n"
        let fitByAccount = Dictionary(uniqueKeysWithValues: rows.map { ($0.account.id, $0.score) })
        let leads = contacts.map {
            profile.leadScore($0, accountFit: fitByAccount[$0.accountID ?? ""], in: EvaluationContext(asOf: asOf))
        }
        .sorted { ($0.value, $1.contactID) > ($1.value, $0.contactID) }
        for lead in leads.prefix(5) {
            let account = rows.first { $0.account.id == contacts.first { $0.id == lead.contactID }?.accountID }
            out += "  \(lead) — \(account?.account.name ?? "no account")\n"
        }
        if let example = rows.first(where: { $0.score.gap != nil && !$0.score.isDisqualified }) {
            out += "\nWhy \(example.account.name) is \(example.score.tier):\n\(example.score)\n"
            if let engagement = example.result.engagement { out += "\nIts engagement:\n\(engagement)\n" }
            out += "\nIts buying committee: \(example.committee)\n"
        }
        return out
    }

    /// The ranked table, at most about 130 columns wide.
    public static func table(_ rows: [Row]) -> String {
        let header = [
            "#", "Account", "Country", "Employees", "Fit tier", "Fit", "Engagement", "Cell", "Committee",
            "Missing required",
        ]
        var cells: [[String]] = []
        for (i, row) in rows.enumerated() {
            let s = row.score
            let engagement = row.result.engagement.map {
                "\($0.tier) \(ValueFormat.points($0.total))/\(ValueFormat.points($0.maximum))"
            }
            let c = row.committee
            let covered = c.roles.filter(\.isCovered).count
            cells.append([
                String(i + 1), clip(row.account.name, 26), clip(row.account.country ?? "—", 14),
                row.account.employees.map { ValueFormat.count.format(Double($0)) } ?? "—",
                s.isDisqualified ? "\(s.tier) (DQ)" : s.tier,
                "\(ValueFormat.points(s.total))/\(ValueFormat.points(s.maximum))", engagement ?? "—",
                row.result.cell?.name ?? "—",
                "\(covered)/\(c.roles.count) \(ValueFormat.percent.format(c.completeness))",
                c.missingRequired.isEmpty ? "—" : clip(c.missingRequired.joined(separator: ", "), 24),
            ])
        }
        var widths = header.map(\.count)
        for row in cells { for (c, text) in row.enumerated() { widths[c] = max(widths[c], text.count) } }
        let rightAligned: Set<Int> = [0, 3, 5]
        func line(_ row: [String]) -> String {
            row.enumerated().map { c, text in
                let pad = String(repeating: " ", count: widths[c] - text.count)
                return rightAligned.contains(c) ? pad + text : text + pad
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
