import Foundation
import ICPCore
import ICPFiles
import ICPOutcomes
import ICPReports

enum ReportCommand {
    static let usage = """
        usage: icp report --profile P.json [--accounts A.csv [--events E.csv] [--contacts C.csv]]
                          [--outcomes H.csv --label COL [--positive V,…] [--negative V,…]]
                          [--reference R.csv] [--as-of YYYY-MM-DD] --output REPORT.html

        Writes the one-page ICP and its evidence as one self-contained HTML page (inline
        CSS and SVG charts; no script, font or image from elsewhere) that reads on a
        screen and prints on A4 and Letter.

          --profile P.json     the profile: fit levels in words, the rubric, knock-outs,
                               personas, the engagement rubric in brief
          --accounts A.csv     accounts to score: how often each line is met, the tier
                               mix, the best 10 and why
          --events E.csv       events by account_id, for fit lines that read them
          --contacts C.csv     contacts, for the best accounts' buying committees
          --outcomes H.csv     closed deals: the evidence (win rate by tier, gains, ROC,
                               scores of wins and losses, calibration, each line's verdict)
          --label COL          the outcome column of --outcomes (--positive and --negative
                               name its values, as for icp validate)
          --resamples N        bootstrap resamples for the intervals (default 1000)
          --seed S             the bootstrap's seed (default 1)
          --reference R.csv    an earlier export: drift against --accounts (PSI per field
                               and of the score, the tier mix then and now)
          --id-column, --map, --delimiter, --encoding   as for icp score
          --as-of DATE         score as of this day (default: today, UTC)
          --output FILE        where to write the page
          --strict             stop at the first bad row

        example:
          icp report --profile Examples/Profiles/security-software.json --accounts crm/accounts.csv \\
            --outcomes crm/history.csv --label won --reference moved/accounts.csv --output report.html
        """

    static func run(_ argv: [String]) throws -> Int32 {
        let args = try Arguments(
            argv,
            options: Inputs.options.union(OutcomeData.labelOptions).union([
                "--accounts", "--outcomes", "--reference", "--output", "--resamples", "--seed",
            ]),
            flags: ["--strict"], command: "report")
        guard args.positional.isEmpty else {
            throw UsageError(message: "unexpected argument '\(args.positional[0])'; files are given by option")
        }
        let output = try args.required("--output")
        let accountsPath = args.value("--accounts")
        let referencePath = args.value("--reference")
        if referencePath != nil, accountsPath == nil {
            throw UsageError(message: "--reference needs --accounts: drift compares the reference with the accounts")
        }
        if args.value("--outcomes") == nil, args.value("--label") ?? args.value("--outcome-column") != nil {
            throw UsageError(message: "--label needs --outcomes: the closed deals whose column it names")
        }
        for option in ["--events", "--contacts"] where args.value(option) != nil && accountsPath == nil {
            throw UsageError(message: "\(option) needs --accounts: it adds to the accounts' scores")
        }
        let inputs = try Inputs(args)
        let profile = inputs.profile
        var status: Int32 = 0
        var sources = [args.value("--profile") ?? ""]
        var accounts: AccountsSheet?
        if let path = accountsPath {
            let read = try scoreAccounts(path: path, inputs: inputs)
            accounts = read.sheet
            status = max(status, Summary.report(inputs.reports(matchedDomains: nil) + [read.report]))
            sources.append(path)
        }
        var validation: ValidationReport?
        var outcome: String?
        var cautions: [String] = []
        if let path = args.value("--outcomes") {
            let label = try OutcomeData.label(args)
            let fit = profile.fit
            let context = EvaluationContext(asOf: inputs.asOf)
            let data = try OutcomeRows(
                scoring: path, profile: profile, context: context, idColumn: inputs.idColumn, map: inputs.map,
                args: args, label: label, strict: inputs.strict)
            try Columns.check(data.report, profile: profile, strict: inputs.strict)
            validation = try Validation.run(
                Validation.Scored(rows: data.rows, of: fit), outcomes: data.outcomes, tiers: fit.tiers.map(\.name),
                bootstrap: Bootstrap(
                    resamples: try args.integer("--resamples", minimum: 0) ?? 1_000,
                    seed: UInt64(try args.integer("--seed", minimum: 0) ?? 1)))
            outcome =
                label.positives.isEmpty
                ? "\"\(label.column)\" read as yes (true, yes, won, 1 …)"
                : "\"\(label.column)\" = " + label.positives.map { "\"\($0)\"" }.joined(separator: " or ")
            status = max(status, data.finish())
            sources.append(path)
            if let caution = ICPReport.inSampleCaution(
                summary: profile.summary, outcomesFile: URL(fileURLWithPath: path).lastPathComponent)
            {
                cautions.append(caution)
                Write.err("icp report: \(caution)\n")
            }
        }
        var drift: DriftReport?
        if let reference = referencePath, let current = accountsPath {
            let context = EvaluationContext(asOf: inputs.asOf)
            let before = try DriftCommand.sample(
                path: reference, args: args, map: inputs.map, profile: profile, context: context)
            // The accounts' own report was said when they were scored.
            let after = try DriftCommand.sample(
                path: current, args: args, map: inputs.map, profile: profile, context: context, checkColumns: false)
            drift = try Drift.compare(reference: before.sample, current: after.sample, profile: profile)
            status = max(status, Summary.report([before.report]))
            sources.append(reference)
        }
        var report = ICPReport(
            profile: ProfileSheet(profile), asOf: inputs.asOf, accounts: accounts, validation: validation,
            outcome: outcome, drift: drift,
            sources: sources.map { URL(fileURLWithPath: $0).lastPathComponent })
        report.cautions = cautions
        let html = report.html()
        try Write.file(html, to: output)
        let parts =
            ["the profile"] + (accounts != nil ? ["accounts"] : []) + (validation != nil ? ["evidence"] : [])
            + (drift != nil ? ["drift"] : [])
        Write.err(
            "icp: wrote \(output): \(parts.joined(separator: ", ")) (\(ValueFormat.count.format(Double(html.utf8.count / 1024 + 1))) KB)\n"
        )
        return status
    }

    /// Scores the accounts on all cores as the file is read, keeping only
    /// the counts and the best ten (by fit).
    static func scoreAccounts(path: String, inputs: Inputs) throws -> (sheet: AccountsSheet, report: ImportReport) {
        let profile = inputs.profile
        let context = EvaluationContext(asOf: inputs.asOf)
        var tally = LintTally(profile)
        var best = TopN<(Account, ScoreSummary)>(10) { a, b in
            AccountsSheet.ranksBefore((a.0.id, a.1), (b.0.id, b.1))
        }
        var reading = FieldsRead(profile)
        if !(inputs.contacts?.byDomain.isEmpty ?? true) { reading?.fields.insert(.domain) }
        reading?.fields.formUnion([.name])
        func top(_ account: Account) -> AccountsSheet.Top {
            AccountsSheet.Top(
                id: account.id, name: account.name, fit: profile.fit.score(account, in: context),
                committee: inputs.contacts.map { profile.committee($0.contacts(of: account)) })
        }
        if inputs.accountEvents.isEmpty, path != "-" {
            // Summarised as icp score reads: no account built but the best
            // ten's, read again by line to explain them.
            var best = TopN<(id: String, line: Int, fit: ScoreSummary)>(10) { a, b in
                AccountsSheet.ranksBefore((a.id, a.fit), (b.id, b.fit))
            }
            let lines = profile.fit.lines.count + (profile.engagement?.lines.count ?? 0)
            let report = try CRMImport.summaryBlocks(
                path: path, profile: profile, context: context, idColumn: inputs.idColumn, map: inputs.map,
                format: inputs.format, strict: inputs.strict, keep: BulkKeep(degrees: true)
            ) { block in
                for entry in block.entries {
                    tally.add(fit: entry.fit, engagement: entry.engagement, degrees: block.degrees(entry, lines: lines))
                    best.add((block.id(entry), entry.line, entry.fit))
                }
            }
            try Columns.check(report, profile: profile, strict: inputs.strict)
            let ranked = best.sorted
            let accounts = try CRMImport.accounts(
                path: path, lines: Set(ranked.map(\.line)), idColumn: inputs.idColumn, map: inputs.map,
                format: inputs.format, reading: reading)
            return (AccountsSheet(tally: tally, top: ranked.compactMap { accounts[$0.line].map(top) }), report)
        }
        let report = try CRMImport.mapAccounts(
            path: path, idColumn: inputs.idColumn, map: inputs.map, format: inputs.format, strict: inputs.strict,
            events: inputs.accountEvents, reading: reading
        ) { account in
            var one = LintTally(profile)
            one.add(account, of: profile, in: context)
            return (one, profile.fit.summary(account, in: context), account)
        } _: { _, scored in
            tally.merge(scored.0)
            best.add((scored.2, scored.1))
        }
        try Columns.check(report, profile: profile, strict: inputs.strict)
        return (AccountsSheet(tally: tally, top: best.sorted.map { top($0.0) }), report)
    }
}
