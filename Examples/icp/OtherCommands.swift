import Foundation
import ICPCore
import ICPDemo
import ICPFiles

enum ExplainCommand {
    static let usage = """
        usage: icp explain --profile P.json --id ID [--contacts C.csv] [--events E.csv] [--id-column COL]
                           [--map FIELD=HEADER] [--as-of YYYY-MM-DD] [--format table|csv|json] [--strict]
                           ACCOUNTS.csv

        Prints one account's full breakdown: every fit and engagement line with its
        points and reason, the gap to the next tier, the matrix cell, and the buying
        committee with each contact's lead score. Rows with no id are named by their
        line (--id "line 42"). Like score, it names each profile line no column feeds
        (--strict: an error) and reads only the columns the profile reads. --format csv
        writes one row per line (rubric, line, points, max, status, reason); json the
        same with the scores, tiers, gap, cell and committee.

        example:
          icp explain --profile Examples/Profiles/security-software.json --id A1000042 accounts.csv
        """

    static func run(_ argv: [String]) throws -> Int32 {
        let args = try Arguments(
            argv, options: Inputs.options.union(["--id", "--format"]), flags: ["--strict"], command: "explain")
        let format = try args.choice("--format", of: ["table", "csv", "json"], default: "table")
        let path = try args.single("accounts file")
        let id = try args.required("--id")
        let inputs = try Inputs(args)
        var found: Account?
        var reading = FieldsRead(inputs.profile)
        reading?.fields.insert(.domain)  // contacts may be matched by domain
        let report: ImportReport
        if path == "-" {
            report = try CRMImport.mapAccounts(
                path: path, idColumn: inputs.idColumn, map: inputs.map, format: inputs.format, strict: inputs.strict,
                events: inputs.accountEvents, threads: 1, reading: reading, { $0 }
            ) { accountID, account in
                if accountID == id { found = account }
            }
        } else {
            // The file read as score reads it (every row checked and counted,
            // no account built), then the one row read again as an account.
            var line: Int?
            report = try CRMImport.summaryBlocks(
                path: path, profile: inputs.profile, context: EvaluationContext(asOf: inputs.asOf),
                idColumn: inputs.idColumn, map: inputs.map, format: inputs.format, strict: inputs.strict
            ) { block in
                guard line == nil else { return }
                line = block.entries.first { block.id($0) == id }?.line
            }
            if let line {
                found = try CRMImport.accounts(
                    path: path, lines: [line], idColumn: inputs.idColumn, map: inputs.map, format: inputs.format,
                    reading: reading)[line]
                if let own = inputs.accountEvents[id] { found?.events = EventLog(own) }
            }
        }
        try Columns.check(report, profile: inputs.profile, strict: inputs.strict)
        guard let account = found else {
            throw CommandError(message: "no account with id \"\(id)\" in \(report.file) (\(report.used) accounts read)")
        }
        Write.err(inputs.notes)
        let profile = inputs.profile
        let context = EvaluationContext(asOf: inputs.asOf)
        let result = profile.score(account, in: context)
        let contacts = inputs.contacts?.contacts(of: account) ?? []
        if format != "table" {
            try Write.out(
                format == "csv"
                    ? explainCSV(result) : explainJSON(result, profile: profile, contacts: contacts, context: context))
            return Summary.report(inputs.reports(matchedDomains: nil) + [report])
        }
        var out = "\(profile.name) (version \(profile.version)), as of \(inputs.asOf)\n\n"
        out += "Fit: \(result.fit)\n"
        if let e = result.engagement { out += "\nEngagement: \(e)\n" }
        if let cell = result.cell {
            out += "\nMatrix cell \(cell.name), priority \(cell.priority) of \(profile.cells.count)\n"
        }
        if !profile.personas.isEmpty {
            let committee = profile.committee(contacts)
            out += "\nBuying committee: \(committee)\n"
            for role in committee.roles {
                let who = role.members.map { "\($0.name)\($0.title.map { " (\($0))" } ?? "")" }
                out += "  \(role.isCovered ? "✓" : role.isRequired ? "✗" : "·") \(role.persona)"
                out += role.isRequired ? " (required)" : ""
                out += ": " + (who.isEmpty ? "nobody" : who.joined(separator: ", ")) + "\n"
            }
            if !contacts.isEmpty {
                out += "\nLeads:\n"
                let leads = contacts.map { profile.leadScore($0, accountFit: result.fit, in: context) }
                    .sorted { ($0.value, $1.contactID) > ($1.value, $0.contactID) }
                for lead in leads { out += "  \(lead)\n" }
            }
        }
        try Write.out(out)
        return Summary.report(inputs.reports(matchedDomains: nil) + [report])
    }
}

extension ExplainCommand {
    /// One row per line of each rubric.
    static func explainCSV(_ result: ProfileScore) -> String {
        var out = CSVWriter.line(["rubric", "line", "points", "max", "status", "reason"])
        for (rubric, score) in [("fit", result.fit)] + (result.engagement.map { [("engagement", $0)] } ?? []) {
            for line in score.breakdown {
                out += CSVWriter.line([
                    rubric, line.name, Output.number(line.points), Output.number(line.possible),
                    "\(line.status)", line.sentence,
                ])
            }
        }
        return out
    }

    /// The scores, lines, gap, cell and committee as JSON.
    static func explainJSON(
        _ result: ProfileScore, profile: Profile<Account>, contacts: [Contact], context: EvaluationContext
    ) -> String {
        func score(_ s: Score) -> JSONValue {
            var o: JSONObject = [
                "rubric": .string(s.rubric), "points": .number(s.total), "max": .number(s.maximum),
                "ratio": .number(s.ratio), "tier": .string(s.tier), "qualified": .bool(s.isQualified),
                "coverage": .number(s.coverage), "disqualifications": .strings(s.disqualifications),
                "lines": .array(
                    s.breakdown.map { line in
                        .object([
                            "line": .string(line.name), "points": .number(line.points), "max": .number(line.possible),
                            "status": .string("\(line.status)"), "reason": .string(line.sentence),
                        ])
                    }),
            ]
            if let gap = s.gap {
                o["gap"] = .object([
                    "tier": .string(gap.tier), "points_needed": .number(gap.pointsNeeded), "lines": .strings(gap.lines),
                    "reachable": .bool(gap.isReachable),
                ])
            }
            return .object(o)
        }
        var root: JSONObject = [
            "profile": .string(profile.name), "version": .string(profile.version),
            "as_of": .string(context.asOfDay.description), "fit": score(result.fit),
        ]
        if let e = result.engagement { root["engagement"] = score(e) }
        if let cell = result.cell { root["cell"] = .string(cell.name) }
        if !profile.personas.isEmpty {
            let committee = profile.committee(contacts)
            root["committee"] = .object([
                "coverage": .number(committee.completeness), "missing_required": .strings(committee.missingRequired),
            ])
        }
        return Output.json(.object(root))
    }
}

enum GenerateCommand {
    static let usage = """
        usage: icp generate --accounts N [--seed S] [--outcomes] [--shift F] --output DIR

        Writes realistic synthetic CRM data to DIR: accounts.csv (industries, sizes,
        revenues, countries, tech stacks), events.csv (engagement over the 180 days
        before 2026-11-23) and contacts.csv (contacts with real-looking titles). The
        same N and seed always give the same files.

          --outcomes    also write history.csv: the accounts with won, deal_value,
                        cycle_days, churned, mrr, tenure_months and support_tickets, drawn
                        from a hidden propensity (for validate, learn and discover)
          --shift F     draw a share F (0…1) of accounts from a smaller retail, healthcare
                        and education market (for drift)

        examples:
          icp generate --accounts 100000 --seed 7 --output /tmp/crm
          icp generate --accounts 5000 --outcomes --output /tmp/history
        """

    static func run(_ argv: [String]) throws -> Int32 {
        let args = try Arguments(
            argv, options: ["--accounts", "--seed", "--output", "--shift"], flags: ["--outcomes"], command: "generate")
        guard args.positional.isEmpty else {
            throw UsageError(message: "unexpected argument '\(args.positional[0])'")
        }
        guard let count = try args.integer("--accounts", minimum: 0) else {
            throw UsageError(message: "missing --accounts")
        }
        let seedText = args.value("--seed") ?? "7"
        guard let seed = UInt64(seedText) else {
            throw UsageError(message: "--seed must be a whole number of 0 or more, not '\(seedText)'")
        }
        let folder = try args.required("--output")
        let shift = try args.number("--shift", minimum: 0) ?? 0
        guard shift <= 1 else { throw UsageError(message: "--shift must be between 0 and 1") }
        let written = try CRMGenerator(count: count, seed: seed, outcomes: args.has("--outcomes"), shift: shift)
            .write(to: folder)
        let f = ValueFormat.count
        Write.err(
            "icp: wrote \(f.format(Double(written.accounts))) accounts, \(f.format(Double(written.events))) events, \(f.format(Double(written.contacts))) contacts to \(folder)\n"
        )
        return 0
    }
}

enum LintCommand {
    static let usage = """
        usage: icp lint P.json [--sample ACCOUNTS.csv] [--events E.csv] [--id-column COL] [--map FIELD=HEADER]
                           [--as-of YYYY-MM-DD] [--strict]

        Checks a profile: points outside -3…+3, no personas, an overdue review; with a
        sample of accounts, also lines no column can feed (errors), lines met by almost
        every account or by none, tiers and thresholds no account reaches, and a profile
        that qualifies most of the market. Exits with 1 when any finding is an error.

        example:
          icp lint Examples/Profiles/security-software.json --sample accounts.csv
        """

    static func run(_ argv: [String]) throws -> Int32 {
        let args = try Arguments(
            argv, options: ["--sample", "--events", "--id-column", "--as-of", "--map", "--delimiter", "--encoding"],
            flags: ["--strict"],
            command: "lint")
        let path = try args.single("profile file")
        let profile = try ProfileFile.load(path: path)
        let asOf = try args.asOf()
        var tally = LintTally(profile)
        var reports: [ImportReport] = []
        if let samplePath = args.value("--sample") {
            var events: [String: [EngagementEvent]] = [:]
            if let e = args.value("--events") {
                let read = try CRMImport.events(path: e)
                events = read.byAccount
                reports.append(read.report)
            }
            // Counted as the sample is read, on all cores: no account is kept
            // (without events, none is built: the sample is summarised as
            // icp score reads it, keeping each line's degree).
            let context = EvaluationContext(asOf: asOf)
            let map = try Columns.map(args, profile: profile)
            let report: ImportReport
            if events.isEmpty {
                let lines = profile.fit.lines.count + (profile.engagement?.lines.count ?? 0)
                report = try CRMImport.summaryBlocks(
                    path: samplePath, profile: profile, context: context, idColumn: args.value("--id-column"),
                    map: map, format: try Columns.format(args), keep: BulkKeep(degrees: true)
                ) { block in
                    for entry in block.entries {
                        tally.add(
                            fit: entry.fit, engagement: entry.engagement, degrees: block.degrees(entry, lines: lines))
                    }
                }
            } else {
                report = try CRMImport.mapAccounts(
                    path: samplePath, idColumn: args.value("--id-column"), map: map, format: try Columns.format(args),
                    events: events, reading: FieldsRead(profile)
                ) { account in
                    var one = LintTally(profile)
                    one.add(account, of: profile, in: context)
                    return one
                } _: { _, one in
                    tally.merge(one)
                }
            }
            try Columns.check(report, profile: profile, strict: args.has("--strict"))
            reports.append(report)
        }
        let findings = profile.lint(tally: tally, asOf: asOf)
        var out = "\(profile.name) (version \(profile.version)): "
        let errors = findings.filter { $0.severity == .error }.count
        out += findings.isEmpty ? "no findings\n" : "\(errors) errors, \(findings.count - errors) warnings\n"
        for f in findings { out += "  \(f)\n" }
        try Write.out(out)
        let rowStatus = Summary.report(reports)
        return errors > 0 ? 1 : rowStatus
    }
}
