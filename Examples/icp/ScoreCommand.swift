import Foundation
import ICPCore
import ICPFiles

/// One scored account, compact so that a million of them fit in memory.
struct Row: Sendable {
    let id: String
    let name: String
    let fit: ScoreSummary
    let engagement: ScoreSummary?
    let cell: MatrixCell?
    let committee: CommitteeCoverage?
    /// Why the account was knocked out, when it was.
    let disqualification: String?
    /// The full scores and the account, kept out of line: only with
    /// --explain, and for the rows a table may show.
    let extra: Extra?

    /// The full scores, when kept.
    var detail: ProfileScore? { extra?.detail }

    /// What only some rows keep, boxed so that a row stays small to sort.
    final class Extra: Sendable {
        let detail: ProfileScore?
        let account: Account?
        init(detail: ProfileScore?, account: Account?) {
            self.detail = detail
            self.account = account
        }
    }

    /// The sort key: everything but the id, which breaks ties.
    var key: (Int, Int, Double, Double) { Row.key(cell: cell, fit: fit, engagement: engagement) }

    /// The ranking key of summaries: cell priority, fit tier, fit points
    /// (more first), engagement points (more first).
    static func key(cell: MatrixCell?, fit: ScoreSummary, engagement: ScoreSummary?) -> (Int, Int, Double, Double) {
        (cell?.priority ?? 0, fit.tierRank, -fit.total, -(engagement?.total ?? 0))
    }

    /// Best first: matrix cell priority, fit tier, fit points, engagement
    /// points, then id.
    static func ranksBefore(_ a: Row, _ b: Row) -> Bool {
        let ka = a.key
        let kb = b.key
        return ka != kb ? ka < kb : a.id < b.id
    }

    /// The rows ranked, sorting positions rather than rows (rows are moved
    /// once, at the end).
    static func ranked(_ rows: [Row]) -> [Row] {
        order(rows).map { rows[$0] }
    }

    /// The positions of the rows, best first.
    static func order(_ rows: [Row]) -> [Int] {
        let keys = rows.map(\.key)
        return rows.indices.sorted { i, j in
            keys[i] != keys[j] ? keys[i] < keys[j] : rows[i].id < rows[j].id
        }
    }
}

enum ScoreCommand {
    static let usage = """
        usage: icp score --profile P.json [--contacts C.csv] [--events E.csv] [--id-column COL] [--map F=H]
                         [--as-of YYYY-MM-DD] [--format table|csv|json] [--top N] [--explain] [--strict]
                         ACCOUNTS.csv

        Scores every account of ACCOUNTS.csv (- reads standard input) against the profile
        and prints them ranked best first: by matrix cell when the profile has an
        engagement rubric, then fit tier and points. Scoring uses every core.

          --profile P.json     the profile (see Documentation/ProfileFormat.md)
          --contacts C.csv     contacts by account_id, for buying-committee coverage
          --events E.csv       events by account_id (and contact_id), for engagement
          --id-column COL      the accounts' id column, when it is not id / Record ID / Id
                               (without one, rows are named by their line)
          --map FIELD=HEADER   read a column as a field or attribute whatever its header
                               (repeat it; the profile's "columns" apply too)
          --delimiter D        the field separator: , ; tab or | (default: told from the
                               header line)
          --encoding E         utf-8 or windows-1252 (default: told from the first bytes)
          --as-of DATE         score as of this day (default: today, UTC)
          --format FORMAT      table (default, top 25), csv or json
          --top N              only the best N
          --explain            add each line's points (csv, json) and reasons (table)
          --strict             stop at the first bad row, and at a profile line no column feeds

        A bad row is reported on standard error with its file, line and reason; the
        good rows are still scored, and the exit code is 1. Columns the profile does not
        read are not parsed, so their cells cannot make a row bad. Each profile line,
        disqualifier and tier requirement that no column feeds is named on standard
        error with the nearest headers; a file that feeds no line is an error (exit 2).

        examples:
          icp score --profile Examples/Profiles/security-software.json accounts.csv
          icp score --profile lead-scoring.json --events events.csv --format csv --top 100 accounts.csv
        """

    static func run(_ argv: [String]) throws -> Int32 {
        let args = try Arguments(
            argv, options: Inputs.options.union(["--format", "--top"]), flags: ["--explain", "--strict"],
            command: "score")
        let path = try args.single("accounts file")
        let format = try args.choice("--format", of: ["table", "csv", "json"], default: "table")
        let top = try args.integer("--top", minimum: 1)
        let explain = args.has("--explain")
        let inputs = try Inputs(args)
        let profile = inputs.profile
        let context = EvaluationContext(asOf: inputs.asOf)
        let keep = top ?? (format == "table" ? 25 : Int.max)
        let contacts = inputs.contacts
        let hasCommittee = !profile.personas.isEmpty && !(contacts?.isEmpty ?? true)
        let hits = DomainHits()
        let table = format == "table"
        var best = TopN<Row>(keep, by: Row.ranksBefore)
        var all: [Row] = []
        func add(_ row: Row) {
            if keep == Int.max { all.append(row) } else { best.add(row) }
        }
        let report: ImportReport
        let out = FileHandle.standardOutput
        // Shown rows that need their account (the table's reasons, --explain)
        // are read again from the file after ranking: not from standard input.
        let needsAccounts = table || explain
        let bulk = !hasCommittee && inputs.accountEvents.isEmpty && !(needsAccounts && path == "-")
        if bulk, keep == Int.max {
            // Every account: summaries packed, ranked by keys, written as bytes.
            var ranking = PackedRanking(profile: profile)
            let report = try CRMImport.summaryBlocks(
                path: path, profile: profile, context: context, idColumn: inputs.idColumn, map: inputs.map,
                format: inputs.format,
                strict: inputs.strict
            ) { ranking.add($0) }
            try Columns.check(report, profile: profile, strict: inputs.strict)
            Write.err(inputs.notes)
            ranking.rank()
            if explain {
                // Explained from a second reading, in file order, written in rank order.
                try ExplainedRanking.write(
                    ranking, json: format == "json", path: path, inputs: inputs, context: context, to: out)
            } else if format == "csv" {
                try ranking.writeCSV(to: out)
            } else {
                try ranking.writeJSON(asOf: inputs.asOf, to: out)
            }
            return Summary.report(inputs.reports(matchedDomains: nil) + [report])
        }
        if bulk {
            // The best few: summaries kept only while they rank in the top,
            // then the shown rows' accounts read again to explain them.
            var best = PackedTop(profile: profile, limit: keep)
            report = try CRMImport.summaryBlocks(
                path: path, profile: profile, context: context, idColumn: inputs.idColumn, map: inputs.map,
                format: inputs.format,
                strict: inputs.strict
            ) { best.add($0) }
            let kept = best.sorted
            var accounts: [Int: Account] = [:]
            if needsAccounts {
                accounts = try CRMImport.accounts(
                    path: path, lines: Set(kept.map(\.line)), idColumn: inputs.idColumn, map: inputs.map,
                    format: inputs.format, reading: FieldsRead(profile))
            }
            for candidate in kept {
                let row = candidate.row
                guard let account = accounts[candidate.line] else {
                    add(row)
                    continue
                }
                let detail = profile.score(account, in: context)
                add(
                    Row(
                        id: row.id, name: row.name, fit: row.fit, engagement: row.engagement, cell: row.cell,
                        committee: nil, disqualification: row.disqualification,
                        extra: Row.Extra(detail: detail, account: nil)))
            }
        } else if explain, keep == Int.max {
            // Every account explained, row by row (events, contacts or
            // standard input): each row's output line is made on the worker
            // and kept on disk; only the summaries stay to be ranked.
            var reading = FieldsRead(profile)
            if hasCommittee, !(contacts?.byDomain.isEmpty ?? true) { reading?.fields.insert(.domain) }
            var spill = try Spill()
            defer { spill.remove() }
            let json = format == "json"
            var rows: [Row] = []
            report = try CRMImport.mapAccounts(
                path: path, idColumn: inputs.idColumn, map: inputs.map, format: inputs.format,
                strict: inputs.strict, events: inputs.accountEvents, reading: reading,
                { account in
                    let row = ScoreCommand.row(
                        account, profile: profile, context: context, contacts: hasCommittee ? contacts : nil,
                        hits: hits, explain: true, keepAccount: false)
                    let summary = Row(
                        id: row.id, name: row.name, fit: row.fit, engagement: row.engagement, cell: row.cell,
                        committee: row.committee, disqualification: row.disqualification, extra: nil)
                    return (summary, ExplainedRanking.line(row, json: json, profile: profile))
                }
            ) { _, scored in
                rows.append(scored.0)
                try spill.append(scored.1)
            }
            try Columns.check(report, profile: profile, strict: inputs.strict)
            Write.err(inputs.notes)
            let order = Row.order(rows)
            rows = []
            try ExplainedRanking.write(
                count: order.count, json: json, profile: profile, asOf: inputs.asOf, lines: try spill.finish(), to: out
            ) { order[$0] }
            return Summary.report(inputs.reports(matchedDomains: hits.domains) + [report])
        } else {
            // Contacts matched by email domain need the accounts' domains.
            var reading = FieldsRead(profile)
            if hasCommittee, !(contacts?.byDomain.isEmpty ?? true) { reading?.fields.insert(.domain) }
            report = try CRMImport.mapAccounts(
                path: path, idColumn: inputs.idColumn, map: inputs.map, format: inputs.format,
                strict: inputs.strict,
                events: inputs.accountEvents,
                reading: reading,
                { account in
                    ScoreCommand.row(
                        account, profile: profile, context: context, contacts: hasCommittee ? contacts : nil,
                        hits: hits,
                        explain: explain, keepAccount: table)
                }
            ) { _, row in add(row) }
        }
        try Columns.check(report, profile: profile, strict: inputs.strict)
        Write.err(inputs.notes)
        var rows = keep == Int.max ? Row.ranked(all) : best.sorted
        all = []
        if table {
            // Only the rows shown are explained, after ranking.
            rows = rows.map { row in
                guard let account = row.extra?.account else { return row }
                return Row(
                    id: row.id, name: row.name, fit: row.fit, engagement: row.engagement, cell: row.cell,
                    committee: row.committee, disqualification: row.disqualification,
                    extra: Row.Extra(detail: profile.score(account, in: context), account: nil))
            }
        }
        switch format {
        case "csv": try Output.csv(rows, profile: profile, explain: explain, to: out)
        case "json": try Write.out(Output.json(rows, profile: profile, explain: explain, asOf: inputs.asOf))
        default: try Write.out(Output.table(rows, profile: profile, total: report.used, explain: explain, top: top))
        }
        return Summary.report(inputs.reports(matchedDomains: hits.domains) + [report])
    }

    /// Scores one account: the summaries always, the full scores only when
    /// they will be shown (`scoring`: with their sentences, or each line's
    /// points alone, which is all a CSV line shows).
    static func row(
        _ account: Account, profile: Profile<Account>, context: EvaluationContext, contacts: ContactsByAccount?,
        hits: DomainHits,
        explain: Bool, keepAccount: Bool, scoring: ScoringDetail = .explained
    ) -> Row {
        var detail: ProfileScore?
        let fit: ScoreSummary
        let engagement: ScoreSummary?
        let cell: MatrixCell?
        if explain {
            let full = profile.score(account, in: context, detail: scoring)
            detail = full
            fit = ScoreSummary(full.fit)
            engagement = full.engagement.map(ScoreSummary.init)
            cell = full.cell
        } else {
            fit = profile.fit.summary(account, in: context)
            engagement = profile.engagement.map { $0.summary(account, in: context) }
            cell = engagement.flatMap { profile.cell(fitRank: fit.tierRank, engagementRank: $0.tierRank) }
        }
        var reason: String?
        if fit.isDisqualified {
            reason =
                (detail?.fit ?? profile.fit.score(account, in: context, detail: .pointsOnly)).disqualifications.first
        }
        return Row(
            id: account.id, name: account.name, fit: fit, engagement: engagement, cell: cell,
            committee: contacts.map { people in
                if let domain = people.matchedDomain(of: account) { hits.insert(domain) }
                return profile.committee(people.contacts(of: account))
            }, disqualification: reason,
            extra: detail != nil || keepAccount ? Row.Extra(detail: detail, account: keepAccount ? account : nil) : nil)
    }
}

/// The counts and rejected rows, on standard error.
enum Summary {
    /// Prints each report and its rejections; 1 when any row was rejected.
    static func report(_ reports: [ImportReport]) -> Int32 {
        var text = ""
        for r in reports {
            for n in r.notes { text += "icp: \(r.file): note: \(n)\n" }
            for e in r.rejected { text += "icp: \(e)\n" }
        }
        for r in reports { text += "icp: \(r)\n" }
        Write.err(text)
        return reports.contains { !$0.rejected.isEmpty } ? 1 : 0
    }
}
