import Foundation
import ICPCore
import ICPFiles

/// One scored account, kept compact so a million of them fit in memory.
struct Row {
    let id: String
    let name: String
    let fit: Score
    let engagement: Score?
    let cell: MatrixCell?
    let committee: CommitteeCoverage?
    /// The account, kept only for the few rows a table explains.
    var account: Account?

    /// Best first: matrix cell priority, fit tier, fit points, engagement
    /// points, then id.
    static func ranksBefore(_ a: Row, _ b: Row) -> Bool {
        let pa = a.cell?.priority ?? 0
        let pb = b.cell?.priority ?? 0
        if pa != pb { return pa < pb }
        if a.fit.tierRank != b.fit.tierRank { return a.fit.tierRank < b.fit.tierRank }
        if a.fit.total != b.fit.total { return a.fit.total > b.fit.total }
        let ea = a.engagement?.total ?? 0
        let eb = b.engagement?.total ?? 0
        if ea != eb { return ea > eb }
        return a.id < b.id
    }
}

enum ScoreCommand {
    static let usage = """
        usage: icp score --profile P.json [--contacts C.csv] [--events E.csv] [--id-column COL]
                         [--as-of YYYY-MM-DD] [--format table|csv|json] [--top N] [--explain] [--strict]
                         ACCOUNTS.csv

        Scores every account of ACCOUNTS.csv (- reads standard input) against the profile
        and prints them ranked best first: by matrix cell when the profile has an
        engagement rubric, then fit tier and points.

          --profile P.json     the profile (see Documentation/ProfileFormat.md)
          --contacts C.csv     contacts by account_id, for buying-committee coverage
          --events E.csv       events by account_id (and contact_id), for engagement
          --id-column COL      the accounts' id column, when it is not id / Record ID / Id
          --as-of DATE         score as of this day (default: today, UTC)
          --format FORMAT      table (default, top 25), csv or json
          --top N              only the best N
          --explain            add each line's points (csv, json) and reasons (table)
          --strict             stop at the first bad row

        A bad row is reported on standard error with its file, line and reason; the
        good rows are still scored, and the exit code is 1.

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
        let detail: ScoringDetail = explain ? .explained : .pointsOnly
        let keep = top ?? (format == "table" ? 25 : Int.max)
        var best = TopN<Row>(keep, by: Row.ranksBefore)
        var all: [Row] = []
        let hasCommittee = !profile.personas.isEmpty && !inputs.contacts.isEmpty
        let report = try CRMImport.accounts(
            path: path, idColumn: inputs.idColumn, strict: inputs.strict, events: inputs.accountEvents
        ) { account in
            let result = profile.score(account, in: context, detail: detail)
            let committee = hasCommittee ? profile.committee(inputs.contacts[account.id] ?? []) : nil
            let row = Row(
                id: account.id, name: account.name, fit: result.fit, engagement: result.engagement, cell: result.cell,
                committee: committee, account: format == "table" ? account : nil)
            if keep == Int.max { all.append(row) } else { best.add(row) }
        }
        var rows = keep == Int.max ? all.sorted(by: Row.ranksBefore) : best.sorted
        if format == "table" {
            // Only the rows shown are explained, after ranking.
            rows = rows.map { row in
                guard let account = row.account else { return row }
                let result = profile.score(account, in: context)
                return Row(
                    id: row.id, name: row.name, fit: result.fit, engagement: result.engagement, cell: result.cell,
                    committee: row.committee)
            }
        }
        let out: String
        switch format {
        case "csv": out = Output.csv(rows, profile: profile, explain: explain)
        case "json": out = Output.json(rows, profile: profile, explain: explain, asOf: inputs.asOf)
        default: out = Output.table(rows, total: report.used, explain: explain)
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        return Summary.report(inputs.reports + [report], scored: report.used)
    }
}

/// The counts and rejected rows, on standard error.
enum Summary {
    /// Prints each report and its rejections; 1 when any row was rejected.
    static func report(_ reports: [ImportReport], scored: Int) -> Int32 {
        var text = ""
        for r in reports {
            for e in r.rejected { text += "icp: \(e)\n" }
        }
        for r in reports { text += "icp: \(r)\n" }
        FileHandle.standardError.write(Data(text.utf8))
        return reports.contains { !$0.rejected.isEmpty } ? 1 : 0
    }
}
