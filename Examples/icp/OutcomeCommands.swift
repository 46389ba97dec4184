import Foundation
import ICPCore
import ICPFiles
import ICPOutcomes
import ICPReports

enum ValidateCommand {
    static let usage = """
        usage: icp validate --profile P.json --label COL [--positive V,…] [--negative V,…] [--id-column COL]
                            [--map FIELD=HEADER] [--value-column COL] [--cycle-column COL] [--churn-column COL]
                            [--events E.csv] [--as-of YYYY-MM-DD] [--resamples N] [--seed N]
                            [--format table|csv|json] [--strict] DATA.csv

        Does the profile separate winners from the rest? Scores every row of DATA.csv and
        compares the scores with the outcome column. First a headline: the ROC AUC (ties
        counted half) with a seeded bootstrap 95% interval and a verdict — separates (the
        interval's lower end at least 0.60), weak (above 0.50), no signal (it includes 0.50).
        Then per tier the accounts, wins, win rate (with its interval), lift over the base
        rate, average deal value and sales cycle of the wins (--value-column, default
        deal_value; --cycle-column, default cycle_days) and their churn rate (--churn-column,
        default churned); KS and Gini; the share of all wins in the top 10%, 20% … by score;
        the win rate per score decile; and per line, the win rate when the line is met
        against when it is not, with a verdict (signal, noise, contradicts or thin) corrected
        for testing every line at once (Benjamini–Hochberg at 5%).

        Backtest with --as-of: accounts are scored as they stood on that day. Only events
        carry dates: those in --events after the day are ignored, and every window (the last
        30 days) ends on it. The columns of DATA.csv are read as they are (a CRM export holds
        today's values), so export them as of the day, or leave out what changed since.

          --label COL           the outcome column (1/0, true/false, yes/no, won/lost, …);
                                --outcome-column is the same option
          --positive V,…        the values that mean won, when they are not one of those
          --negative V,…        the values that mean lost; any other value (Open, blank) is
                                left out as not closed and counted, never read as a loss
          --map FIELD=HEADER    read a column as a field or attribute whatever its header
          --events E.csv        events by account_id, for the profile's engagement lines
          --strict              a profile line no column feeds is an error
          --resamples N         bootstrap resamples for the tier intervals (default 1000; 0: none)
          --seed N              the bootstrap seed (default 1)
          --format FORMAT       table (default), csv (one row per line) or json (the AUC
                                under the key "auc")

        example:
          icp validate --profile Examples/Profiles/security-software.json --label won history.csv
          icp validate --profile p.json --label StageName --positive "Closed Won" --negative "Closed Lost" opps.csv
        """

    static func run(_ argv: [String]) throws -> Int32 {
        let args = try Arguments(
            argv,
            options: [
                "--profile", "--label", "--outcome-column", "--positive", "--negative", "--id-column", "--as-of",
                "--resamples", "--seed", "--format", "--map", "--delimiter", "--encoding", "--value-column",
                "--cycle-column", "--churn-column", "--events",
            ], flags: ["--strict"], command: "validate")
        let path = try args.single("data file")
        let profile = try ProfileFile.load(path: try args.required("--profile"))
        let label = try OutcomeData.label(args)
        let outcomeColumns = LabeledAccounts.Columns(
            dealValue: args.value("--value-column") ?? "deal_value",
            cycleDays: args.value("--cycle-column") ?? "cycle_days",
            churned: args.value("--churn-column") ?? "churned")
        let format = try args.choice("--format", of: ["table", "csv", "json"], default: "table")
        let bootstrap = Bootstrap(
            resamples: try args.integer("--resamples", minimum: 0) ?? 1_000,
            seed: UInt64(try args.integer("--seed", minimum: 0) ?? 1))
        // Each row's score is read as the file is, keeping its total, tier and lines held.
        let fit = profile.fit
        let context = EvaluationContext(asOf: try args.asOf())
        let data = try OutcomeRows(
            scoring: path, profile: profile, context: context, idColumn: args.value("--id-column"),
            map: try Columns.map(args, profile: profile), args: args, label: label, columns: outcomeColumns,
            events: try args.value("--events").map { try CRMImport.events(path: $0) })
        try Columns.check(data.report, profile: profile, strict: args.has("--strict"))
        let report = try Validation.run(
            Validation.Scored(rows: data.rows, of: fit), outcomes: data.outcomes, tiers: fit.tiers.map(\.name),
            bootstrap: bootstrap)
        let text =
            switch format {
            case "json": json(report)
            case "csv": csv(report)
            default: table(report, profile: profile)
            }
        try Write.out(text)
        if let caution = ICPReport.inSampleCaution(
            summary: profile.summary, outcomesFile: URL(fileURLWithPath: path).lastPathComponent)
        {
            Write.err("icp validate: \(caution)\n")
        }
        return data.finish()
    }

    static func table(_ r: ValidationReport, profile: Profile<Account>) -> String {
        var out = headline(r) + "\n\n"
        out +=
            "\(profile.name): \(count(r.accounts)) accounts, \(count(r.wins)) wins, base rate \(percent(r.baseRate))\n"
        out += "AUC \(auc(r.auc))   KS \(decimal(r.ks))   Gini \(decimal(r.gini))\n\n"
        let level = Int((r.bootstrap.confidence * 100).rounded())
        out += Output.grid(
            ["Tier", "Accounts", "Wins", "Win rate", "\(level)% interval", "Lift", "Avg deal", "Avg cycle", "Churn"],
            r.tiers.map { t in
                [
                    t.tier, count(t.accounts), count(t.wins), percent(t.winRate),
                    t.interval.map { "\(percent($0.lowerBound))–\(percent($0.upperBound))" } ?? "—",
                    t.accounts == 0 ? "—" : times(t.lift),
                    t.averageDealValue.map { ValueFormat.money.format($0) } ?? "—",
                    t.averageCycleDays.map { "\(Int($0.rounded())) days" } ?? "—", t.churnRate.map(percent) ?? "—",
                ]
            }, rightAligned: [1, 2, 3, 5, 6, 7, 8])
        out += "\nCapture: the share of all wins in the top accounts by score\n"
        out += Output.grid(
            ["Top", "Accounts", "Wins", "Of all wins", "Win rate", "Lift"],
            r.capture.map { c in
                [
                    percent(c.share), count(c.accounts), count(c.wins), percent(c.shareOfWins), percent(c.winRate),
                    times(c.lift),
                ]
            }, rightAligned: [0, 1, 2, 3, 4, 5])
        out += "\nCalibration: win rate per score decile (1 = the top tenth)\n"
        out += Output.grid(
            ["Decile", "Scores", "Accounts", "Wins", "Win rate"],
            r.calibration.map { c in
                [
                    String(c.decile),
                    c.scores.lowerBound == c.scores.upperBound
                        ? ValueFormat.points(c.scores.lowerBound)
                        : "\(ValueFormat.points(c.scores.lowerBound)) to \(ValueFormat.points(c.scores.upperBound))",
                    count(c.accounts), count(c.wins), percent(c.winRate),
                ]
            }, rightAligned: [0, 1, 2, 3, 4])
        out += "\nLines: win rate when met against when not (verdicts corrected for testing every line at once)\n"
        out += Output.grid(
            ["Line", "Points", "Met", "Win rate met", "Not met", "Win rate not", "Lift", "z", "Verdict"],
            r.lines.map { l in
                [
                    Output.clip(l.line, 40), ValueFormat.points(l.points), count(l.met), percent(l.metRate),
                    count(l.unmet), percent(l.unmetRate), l.lift.isFinite ? times(l.lift) : "—",
                    decimal(l.z), l.verdict.rawValue,
                ]
            }, rightAligned: [1, 2, 3, 4, 5, 6, 7])
        if r.lines.contains(where: { $0.verdict == .contradicts }) {
            out +=
                "\nA line \"contradicts\" when, taken alone, it wins more or less than its points say. Points learned\n"
                + "together (icp learn) weigh each line beside the others: a line that overlaps a stronger one can\n"
                + "carry fewer or negative points while winning more on its own. Compare the points with the lift.\n"
        }
        return out
    }

    /// The first line: the AUC, its interval, and the verdict in words.
    static func headline(_ r: ValidationReport) -> String {
        let interval = r.aucInterval.map { " (95% interval \(auc($0.lowerBound))–\(auc($0.upperBound)))" } ?? ""
        let words: String
        switch r.verdict {
        case .separates: words = "the profile separates winners from the rest"
        case .weak: words = "the profile ranks winners only a little above the rest"
        case .noSignal: words = "no signal: the profile ranks winners no better than chance"
        case .reversed: words = "reversed: the profile ranks losses above winners"
        }
        return "\(r.verdict.rawValue.uppercased()): AUC \(auc(r.auc))\(interval) — \(words)"
    }

    /// One row per line: met and not met, win rates, lift, z and verdict.
    static func csv(_ r: ValidationReport) -> String {
        CSVWriter.line([
            "line", "points", "met", "met_wins", "met_rate", "unmet", "unmet_wins", "unmet_rate", "lift", "z",
            "verdict",
        ])
            + r.lines.map { l in
                CSVWriter.line([
                    l.line, Output.number(l.points), String(l.met), String(l.metWins), Output.number(l.metRate),
                    String(l.unmet), String(l.unmetWins), Output.number(l.unmetRate),
                    l.lift.isFinite ? Output.number(l.lift) : "", Output.number(l.z), l.verdict.rawValue,
                ])
            }.joined()
    }

    static func json(_ r: ValidationReport) -> String {
        func optional(_ x: Double?) -> JSONValue { x.map(JSONValue.number) ?? .null }
        let o: JSONObject = [
            "auc": .number(r.auc), "ks": .number(r.ks), "gini": .number(r.gini),
            "auc_interval": r.aucInterval.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null,
            "verdict": .string(r.verdict.rawValue),
            "calibration": .array(
                r.calibration.map { c in
                    .object([
                        "decile": .number(Double(c.decile)), "accounts": .number(Double(c.accounts)),
                        "wins": .number(Double(c.wins)), "win_rate": .number(c.winRate),
                        "min_score": .number(c.scores.lowerBound), "max_score": .number(c.scores.upperBound),
                    ])
                }),
            "accounts": .number(Double(r.accounts)), "wins": .number(Double(r.wins)), "baseRate": .number(r.baseRate),
            "tiers": .array(
                r.tiers.map { t in
                    .object([
                        "tier": .string(t.tier), "accounts": .number(Double(t.accounts)),
                        "wins": .number(Double(t.wins)), "winRate": .number(t.winRate), "lift": .number(t.lift),
                        "interval": t.interval.map { .array([.number($0.lowerBound), .number($0.upperBound)]) }
                            ?? .null,
                        "averageDealValue": optional(t.averageDealValue),
                        "averageCycleDays": optional(t.averageCycleDays), "churnRate": optional(t.churnRate),
                    ])
                }),
            "capture": .array(
                r.capture.map { c in
                    .object([
                        "share": .number(c.share), "accounts": .number(Double(c.accounts)),
                        "wins": .number(Double(c.wins)), "shareOfWins": .number(c.shareOfWins),
                        "winRate": .number(c.winRate), "lift": .number(c.lift),
                    ])
                }),
            "lines": .array(
                r.lines.map { l in
                    .object([
                        "line": .string(l.line), "points": .number(l.points), "met": .number(Double(l.met)),
                        "metWins": .number(Double(l.metWins)), "unmet": .number(Double(l.unmet)),
                        "unmetWins": .number(Double(l.unmetWins)), "metRate": .number(l.metRate),
                        "unmetRate": .number(l.unmetRate), "lift": l.lift.isFinite ? .number(l.lift) : .null,
                        "z": .number(l.z), "p_value": .number(l.pValue), "verdict": .string(l.verdict.rawValue),
                    ])
                }),
            "bootstrap": .object([
                "resamples": .number(Double(r.bootstrap.resamples)), "confidence": .number(r.bootstrap.confidence),
                "seed": .number(Double(r.bootstrap.seed)),
            ]),
        ]
        return Output.json(.object(o))
    }
}

enum DiscoverCommand {
    static let usage = """
        usage: icp discover --value COL:+|-,… [--top F] [--exclude A,B] [--id-column COL]
                            [--as-of YYYY-MM-DD] [--min-support F] [--format table|csv|json]
                            --output DRAFT.json CUSTOMERS.csv

        Who are the super users and what do they share? Ranks customers on each value
        column (+: more is better, -: less is better), averages the percentile ranks, and
        takes the top share as super users. Then lists the categories, numeric ranges and
        list items (and pairs of them) the super users over-index on, with their share among
        super users and among all, and the lift; and drafts a profile from the strongest,
        ready for `icp lint` and `icp learn --from-profile`.

          --value COLS        value columns with a direction: mrr:+,tenure_months:+,support_tickets:-
          --top F             the share that are super users (default 0.2)
          --exclude A,B       columns to leave out of the patterns (identifiers, outcomes)
          --min-support F     least share of customers a candidate line must hold for (default 0.01)
          --output DRAFT.json where to write the drafted profile

        example:
          icp discover --value mrr:+,tenure_months:+,support_tickets:- --exclude won,deal_value
              --output draft.json customers.csv
        """

    static func run(_ argv: [String]) throws -> Int32 {
        let args = try Arguments(
            argv,
            options: [
                "--value", "--top", "--exclude", "--id-column", "--as-of", "--min-support", "--format", "--output",
                "--map", "--delimiter", "--encoding",
            ], flags: [], command: "discover")
        let path = try args.single("customers file")
        let values = try ValueColumn.parse(try args.required("--value"))
        let top = try args.fraction("--top", below: 1) ?? 0.2
        let output = try args.required("--output")
        let format = try args.choice("--format", of: ["table", "csv", "json"], default: "table")
        var options = CandidateOptions()
        options.minimumShare = try args.fraction("--min-support", below: 1) ?? 0.01
        let map = try Columns.map(args, profile: nil)
        let name = URL(fileURLWithPath: output).deletingPathExtension().lastPathComponent
        let day = try args.asOf()
        let report: DiscoveryReport
        let finish: () -> Int32
        if path != "-",
            let file = try LearningFile(path: path, map: map, args: args, label: nil, asOf: day, keepingIDs: true)
        {
            // A file is kept as columns, not accounts, as learn keeps it.
            let columns = file.present(excluding: try file.data.columns("--exclude", args))
            finish = file.data.finish
            report = try file.discover(values: values, top: top, columns: columns, options: options, name: name)
        } else {
            let data = try OutcomeData(
                path: path, idColumn: args.value("--id-column"), map: map, args: args, label: nil)
            let columns = AccountColumn.present(in: data.accounts, excluding: try data.columns("--exclude", args))
            finish = data.finish
            report = try Discovery.discover(
                data.accounts, values: values, top: top, columns: columns, options: options, asOf: day, name: name)
        }
        try Write.file(ProfileFile.encode(report.draft), to: output)
        let text: String
        if format == "csv" {
            text =
                CSVWriter.line(["pattern", "super_count", "super_share", "all_count", "all_share", "lift", "z"])
                + report.patterns.map { p in
                    CSVWriter.line([
                        p.name, String(p.superCount), Output.number(p.superShare), String(p.allCount),
                        Output.number(p.allShare), Output.number(p.lift), Output.number(p.z),
                    ])
                }.joined()
        } else if format == "json" {
            let o: JSONObject = [
                "values": .strings(report.values.map(\.description)), "accounts": .number(Double(report.accounts)),
                "superUsers": .strings(report.superUsers), "output": .string(output),
                "patterns": .array(
                    report.patterns.map { p in
                        .object([
                            "pattern": .string(p.name), "statement": .string(p.statement),
                            "superCount": .number(Double(p.superCount)), "superShare": .number(p.superShare),
                            "allCount": .number(Double(p.allCount)), "allShare": .number(p.allShare),
                            "lift": .number(p.lift), "z": .number(p.z),
                        ])
                    }),
            ]
            text = Output.json(.object(o))
        } else {
            var out = "Super users: the top \(count(report.superUsers.count)) of \(count(report.accounts)) accounts by "
            out += report.values.map(\.description).joined(separator: ", ") + "\n\n"
            out += Output.grid(
                ["Pattern", "Super users", "All", "Lift", "z"],
                report.patterns.map { p in
                    [
                        Output.clip(p.name, 70), "\(count(p.superCount)) (\(percent(p.superShare)))",
                        "\(count(p.allCount)) (\(percent(p.allShare)))", times(p.lift), decimal(p.z),
                    ]
                }, rightAligned: [1, 2, 3, 4])
            out += "\n" + report.patterns.prefix(5).map { "• " + $0.statement + "." }.joined(separator: "\n")
            out += "\n\nDrafted \(report.draft.fit.lines.count) lines into \(output); check it with icp lint\n"
            text = out
        }
        try Write.out(text)
        return finish()
    }
}

enum DriftCommand {
    static let usage = """
        usage: icp drift --profile P.json [--id-column COL] [--as-of YYYY-MM-DD] [--format table|csv|json]
                         REFERENCE.csv CURRENT.csv

        Is the profile still true? Compares a reference data set with a current one by the
        population stability index (PSI) of every field (categories; numbers in the
        reference's decile bins; list items; each with a missing bin, empty bins at 0.0001)
        and of the fit score, and shows the tier mix then and now. PSI below 0.10 is stable,
        0.10 to 0.25 worth investigating, 0.25 or more shifted.

          --format FORMAT   table (default), csv (field,psi,status; one row per field and
                            one for score) or json

        example:
          icp drift --profile Examples/Profiles/security-software.json last-year.csv accounts.csv
        """

    static func run(_ argv: [String]) throws -> Int32 {
        let args = try Arguments(
            argv, options: ["--profile", "--id-column", "--as-of", "--format", "--map", "--delimiter", "--encoding"],
            flags: ["--strict"],
            command: "drift")
        guard args.positional.count == 2 else {
            throw UsageError(message: "expected two data files, REFERENCE.csv and CURRENT.csv")
        }
        let profile = try ProfileFile.load(path: try args.required("--profile"))
        let format = try args.choice("--format", of: ["table", "csv", "json"], default: "table")
        let map = try Columns.map(args, profile: profile)
        let context = EvaluationContext(asOf: try args.asOf())
        let reference = try sample(path: args.positional[0], args: args, map: map, profile: profile, context: context)
        let current = try sample(path: args.positional[1], args: args, map: map, profile: profile, context: context)
        let report = try Drift.compare(reference: reference.sample, current: current.sample, profile: profile)
        let rows = report.fields + [report.score]
        let text: String
        switch format {
        case "csv":
            var out = "field,psi,status\n"
            for f in rows {
                var line = ""
                CSVWriter.append(f.field, to: &line)
                out += line + ",\(Output.number((f.psi * 10_000).rounded() / 10_000)),\(f.status.rawValue)\n"
            }
            text = out
        case "json":
            func field(_ f: FieldDrift) -> JSONValue {
                .object([
                    "field": .string(f.field), "psi": .number(f.psi), "status": .string(f.status.rawValue),
                    "bins": .array(
                        f.bins.map {
                            .object([
                                "bin": .string($0.label), "reference": .number(Double($0.reference)),
                                "current": .number(Double($0.current)),
                            ])
                        }),
                ])
            }
            let o: JSONObject = [
                "reference": .number(Double(report.referenceCount)), "current": .number(Double(report.currentCount)),
                "fields": .array(report.fields.map(field)), "score": field(report.score),
                "tiers": .array(
                    report.tiers.map {
                        .object([
                            "tier": .string($0.tier), "reference": .number(Double($0.reference)),
                            "current": .number(Double($0.current)),
                        ])
                    }),
            ]
            text = Output.json(.object(o))
        default:
            var out = "Reference \(count(report.referenceCount)) accounts, current \(count(report.currentCount))\n\n"
            out += Output.grid(
                ["Field", "PSI", "Status", "Largest move"],
                rows.map { f in
                    let r = Double(f.bins.reduce(0) { $0 + $1.reference })
                    let c = Double(f.bins.reduce(0) { $0 + $1.current })
                    let move = f.bins.max {
                        abs(Double($0.current) / max(c, 1) - Double($0.reference) / max(r, 1))
                            < abs(Double($1.current) / max(c, 1) - Double($1.reference) / max(r, 1))
                    }
                    let moveText = move.map {
                        "\($0.label): \(percent(Double($0.reference) / max(r, 1))) → \(percent(Double($0.current) / max(c, 1)))"
                    }
                    return [f.field, decimal(f.psi), f.status.rawValue, Output.clip(moveText ?? "", 50)]
                }, rightAligned: [1])
            out += "\nTier mix\n"
            out += Output.grid(
                ["Tier", "Reference", "Current"],
                report.tiers.map { t in
                    [
                        t.tier,
                        "\(count(t.reference)) (\(percent(Double(t.reference) / Double(report.referenceCount))))",
                        "\(count(t.current)) (\(percent(Double(t.current) / Double(report.currentCount))))",
                    ]
                }, rightAligned: [1, 2])
            text = out
        }
        try Write.out(text)
        return Summary.report([reference.report, current.report])
    }

    /// A file counted for drift as it is read, on all cores (every column,
    /// a repeated id kept as its own row): no account is kept. The profile
    /// lines no column feeds are said unless `checkColumns` is false (the
    /// caller said them already).
    ///
    /// - Throws: What reading throws; ``OutcomeError`` for a file without rows.
    static func sample(
        path: String, args: Arguments, map: ColumnMap, profile: Profile<Account>, context: EvaluationContext,
        checkColumns: Bool = true
    ) throws -> (sample: DriftSample, report: ImportReport) {
        var sample = DriftSample(profile)
        let report: ImportReport
        if FieldsRead(profile) != nil, let readers = AccountColumn.standardReaders {
            // Read as icp score reads: each text read once per distinct cell
            // (the country and state together), numbers per row, and no
            // account built.
            var keys: [NameKey] = []
            report = try CRMImport.summaryBlocks(
                path: path, profile: profile, context: context, idColumn: args.value("--id-column"), map: map,
                format: try Columns.format(args), strict: args.has("--strict"),
                keep: BulkKeep(repeatedIDs: .kept, readers: readers, everyColumn: true)
            ) { block in
                if keys.count != block.attributes.count { keys = block.attributes.map { NameKey($0) } }
                let columns = block.kept.map { (codes: $0.codes, values: $0.values, numbers: $0.numbers) }
                sample.add(
                    rows: block.entries.map { Int($0.row) }, standard: Array(columns.prefix(readers.count)),
                    attributes: Array(columns.dropFirst(readers.count)), keys: keys, names: block.attributes,
                    fits: block.entries.map(\.fit))
            }
        } else {
            report = try CRMImport.mapAccounts(
                path: path, idColumn: args.value("--id-column"), map: map, format: try Columns.format(args),
                strict: args.has("--strict"), repeatedIDs: .kept
            ) { account in
                DriftSample.Row(account, fit: profile.fit.summary(account, in: context))
            } _: { _, row in
                sample.add(row)
            }
        }
        guard sample.count > 0 else { throw OutcomeError("\(report.file): no rows to analyse") }
        if checkColumns { try Columns.check(report, profile: profile, strict: args.has("--strict")) }
        return (sample, report)
    }
}

enum DiffCommand {
    static let usage = """
        usage: icp diff OLD.json NEW.json [--accounts A.csv] [--id-column COL] [--map FIELD=HEADER]
                        [--as-of YYYY-MM-DD] [--moves N] [--format table|csv|json] [--strict]

        What changes between two versions of a profile: lines added, removed and changed
        (points, criteria, groups, missing-data policy), tiers, thresholds and personas.
        With --accounts, scores the accounts with both and shows how many move from each
        tier to each other tier, and which ones (the first N, default 20). The file is read
        as score reads it: only the columns either profile reads, a bad cell there rejecting
        its row.

        example:
          icp diff security-software.json learned.json --accounts accounts.csv
        """

    static func run(_ argv: [String]) throws -> Int32 {
        let args = try Arguments(
            argv,
            options: [
                "--accounts", "--id-column", "--as-of", "--moves", "--map", "--delimiter", "--encoding", "--format",
            ],
            flags: ["--strict"], command: "diff")
        let format = try args.choice("--format", of: ["table", "csv", "json"], default: "table")
        guard args.positional.count == 2 else {
            throw UsageError(message: "expected two profiles, OLD.json and NEW.json")
        }
        let old = try ProfileFile.load(path: args.positional[0])
        let new = try ProfileFile.load(path: args.positional[1])
        let shown = try args.integer("--moves", minimum: 0) ?? 20
        let diff = ProfileDiff(old: old, new: new)
        var out = diff.isEmpty ? "No changes to the profile.\n" : diff.changes.map { "\($0)\n" }.joined()
        var status: Int32 = 0
        var transitions: TierTransitions?
        var data: OutcomeRows<(id: String, old: ScoreSummary, new: ScoreSummary)>?
        if let path = args.value("--accounts") {
            // Each account is scored by both as the file is read, as score
            // reads it (the new fit rubric as the engagement one: the same
            // arithmetic); no account is built.
            let context = EvaluationContext(asOf: try args.asOf())
            let both = Profile(name: "diff", fit: old.fit, engagement: new.fit)
            let read = try OutcomeRows<(id: String, old: ScoreSummary, new: ScoreSummary)>(
                bulk: path, profile: both, context: context, idColumn: args.value("--id-column"),
                map: try Columns.map(args, profile: new), args: args, label: nil, keep: BulkKeep()
            ) { block, entry, _ in
                (block.id(entry), entry.fit, entry.engagement ?? entry.fit)
            }
            for profile in [old, new] { try Columns.check(read.report, profile: profile, strict: args.has("--strict")) }
            transitions = TierTransitions(old: old, new: new, scores: read.rows)
            data = read
        }
        if format != "table" {
            try Write.out(structured(diff, transitions, csv: format == "csv"))
            return data?.finish() ?? 0
        }
        if let t = transitions, let data {
            out += "\nTier transitions for \(count(data.rows.count)) accounts (rows: old tier, columns: new tier)\n"
            out += Output.grid(
                ["Old \\ New"] + t.newTiers,
                t.oldTiers.indices.map { i in [t.oldTiers[i]] + t.counts[i].map(count) },
                rightAligned: Set(1...max(1, t.newTiers.count)))
            out += "\n\(count(t.moves.count)) accounts change tier"
            if !t.moves.isEmpty {
                out += "; the first \(min(shown, t.moves.count)):\n"
                out += Output.grid(
                    ["Account", "From", "To", "Old points", "New points"],
                    t.moves.prefix(shown).map {
                        [$0.id, $0.from, $0.to, ValueFormat.points($0.oldPoints), ValueFormat.points($0.newPoints)]
                    }, rightAligned: [3, 4])
            } else {
                out += "\n"
            }
            status = data.finish()
        }
        try Write.out(out)
        return status
    }

    /// CSV: one row per account that changes tier (id, from, to, old and
    /// new points). JSON: the changes, the transition counts and the moves.
    static func structured(_ diff: ProfileDiff, _ t: TierTransitions?, csv: Bool) -> String {
        let moves = t?.moves ?? []
        if csv {
            return CSVWriter.line(["id", "from", "to", "old_points", "new_points"])
                + moves.map {
                    CSVWriter.line([$0.id, $0.from, $0.to, Output.number($0.oldPoints), Output.number($0.newPoints)])
                }.joined()
        }
        var root: JSONObject = ["changes": .strings(diff.changes.map { "\($0)" })]
        if let t {
            root["transitions"] = .array(
                t.oldTiers.indices.flatMap { i in
                    t.newTiers.indices.map { j in
                        JSONValue.object([
                            "from": .string(t.oldTiers[i]), "to": .string(t.newTiers[j]),
                            "accounts": .number(Double(t.counts[i][j])),
                        ])
                    }
                })
            root["moves"] = .array(
                moves.map {
                    .object([
                        "id": .string($0.id), "from": .string($0.from), "to": .string($0.to),
                        "old_points": .number($0.oldPoints), "new_points": .number($0.newPoints),
                    ])
                })
        }
        return Output.json(.object(root))
    }
}

/// `38%`.
func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

/// A ratio such as a lift: `2.01×`.
func times(_ x: Double) -> String { ValueFormat.decimal(x, grouped: false, maxFractionDigits: 2) + "×" }

/// A count as every table writes it: `5,000`.
func count(_ n: Int) -> String { ValueFormat.count.format(Double(n)) }

/// An AUC, always with three decimals: `0.690`.
func auc(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "—" }

/// A statistic with up to three decimals.
func decimal(_ x: Double) -> String { ValueFormat.decimal(x, grouped: false, maxFractionDigits: 3) }
