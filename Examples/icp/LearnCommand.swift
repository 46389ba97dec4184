import Foundation
import ICPCore
import ICPFiles
import ICPOutcomes
import ICPReports

/// A data file read for outcome analysis: its accounts, and its outcomes
/// when a label column is named.
/// The rows of an outcome file as every outcome command reads them: the
/// accounts themselves (``OutcomeData``), or what `transform` keeps of each
/// (validate keeps each score's total, tier and lines), read on all cores
/// with the label read in file order, so a large file is not held whole.
struct OutcomeRows<Row> {
    /// What was kept of each row with an outcome (every row, without a label).
    let rows: [Row]
    let outcomes: [Outcome]
    let report: ImportReport
    /// The lines of the rows whose label was empty, and why.
    let skipped: [(line: Int, reason: String)]
    /// Rows left out as not closed, by label value.
    let notClosed: [(value: String, count: Int)]
    /// The events file's report, when one was read.
    let events: [ImportReport]

    /// Reads the file; with a label, keeps only the rows that have one.
    init(
        path: String, idColumn: String?, map: ColumnMap = ColumnMap(), args: Arguments? = nil, label: OutcomeLabel?,
        columns: LabeledAccounts.Columns = LabeledAccounts.Columns(), events: EventsByOwner? = nil,
        strict: Bool = false,
        reading: FieldsRead? = nil, _ transform: @escaping @Sendable (Account) -> Row
    ) throws {
        var reading = reading
        if let label { reading?.attributes.formUnion(([label.column] + columns.all).map { NameKey($0) }) }
        let cellReader = label.map { OutcomeReader(label: $0, columns: columns) }
        var reader = cellReader
        var rows: [Row] = []
        var outcomes: [Outcome] = []
        var skipped: [(line: Int, reason: String)] = []
        let file = OutcomeRows.file(path)
        let report = try CRMImport.mapAccountLines(
            path: path, idColumn: idColumn, map: OutcomeRows.map(map, label: label, columns: columns),
            format: try args.map(Columns.format) ?? CSVFormat(), strict: strict, events: events?.byAccount ?? [:],
            threads: nil, reading: reading, repeatedIDs: .kept,
            { account in (transform(account), cellReader?.cells(of: account)) }
        ) { _, line, value in
            guard let cells = value.1 else {
                rows.append(value.0)
                return
            }
            if let outcome = try OutcomeRows.read(cells, line: line, with: &reader, file: file, skipped: &skipped) {
                rows.append(value.0)
                outcomes.append(outcome)
            }
        }
        try self.init(
            rows: rows, outcomes: outcomes, report: report, skipped: skipped, reader: reader,
            events: events.map { [$0.report] } ?? [], file: file)
    }

    /// The rows read, checked and counted.
    private init(
        rows: [Row], outcomes: [Outcome], report: ImportReport, skipped: [(line: Int, reason: String)],
        reader: OutcomeReader?, events: [ImportReport], file: String
    ) throws {
        var report = report
        guard report.used > 0 else { throw OutcomeError("\(report.file): no rows to analyse") }
        try OutcomeRows.inFile(file) { try reader?.finish() }
        report.leftOut = skipped.count + (reader?.notClosed.reduce(0) { $0 + $1.count } ?? 0)
        report.used -= report.leftOut
        self.report = report
        self.rows = rows
        self.outcomes = outcomes
        self.skipped = skipped
        self.notClosed = reader?.notClosed ?? []
        self.events = events
    }

    /// A file as the import names it in a label error.
    private static func file(_ path: String) -> String { path == "-" ? "standard input" : path }

    /// A label the reader cannot take, said with the file.
    private static func inFile<T>(_ file: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as OutcomeError { throw OutcomeError("\(file): \(error)") }
    }

    /// The map with the outcome columns read as attributes under their
    /// headers, whatever field their headers would otherwise feed ("Stage").
    static func map(_ map: ColumnMap, label: OutcomeLabel?, columns: LabeledAccounts.Columns) -> ColumnMap {
        guard let label else { return map }
        return map.merging(
            ColumnMap(
                ([label.column] + columns.all).map {
                    ColumnMap.Entry(target: .attribute($0), name: $0, headers: [$0], required: false)
                }))
    }

    /// The outcome of a row on `line`; `nil` when it is left out, noting an
    /// empty label in `skipped`.
    private static func read(
        _ cells: OutcomeReader.Cells, line: Int, with reader: inout OutcomeReader?, file: String,
        skipped: inout [(line: Int, reason: String)]
    ) throws -> Outcome? {
        let before = reader?.skipped.count ?? 0
        if let outcome = try inFile(file, { try reader?.read(cells) }) { return outcome }
        if let reason = reader?.skipped.last?.reason, (reader?.skipped.count ?? 0) > before {
            skipped.append((line, reason))
        }
        return nil
    }

    /// The label options every outcome command takes: `--label` (or
    /// `--outcome-column`), `--positive V,…` and `--negative V,…`.
    static var labelOptions: Set<String> { ["--label", "--outcome-column", "--positive", "--negative"] }

    /// The label the options name.
    static func label(_ args: Arguments) throws -> OutcomeLabel {
        guard let column = args.value("--label") ?? args.value("--outcome-column") else {
            throw UsageError(message: "missing --label (the outcome column)")
        }
        let negatives = list(args.value("--negative"))
        let positives = list(args.value("--positive"))
        guard negatives.isEmpty || !positives.isEmpty else {
            throw UsageError(message: "--negative needs --positive: name the winning values too")
        }
        return OutcomeLabel(column: column, positives: positives, negatives: negatives)
    }

    /// Column names as the library's columns call them: a header that reads
    /// as a standard field (`Country/Region`, `BillingCountry`) becomes the
    /// field's name (`country`).
    static func columnNames(_ names: [String]) -> [String] {
        names.map { name in
            let key = NameKey(name)
            return AccountField.allCases.first { $0.aliases.contains { NameKey($0) == key } }?.rawValue ?? name
        }
    }

    /// The columns an option names (`--exclude`), as ``columnNames(_:)``
    /// gives them.
    ///
    /// - Throws: ``UsageError`` for a name that is no column of the file,
    ///   listing the columns.
    func columns(_ option: String, _ args: Arguments) throws -> [String] {
        let names = OutcomeData.list(args.value(option))
        let headers = Set(report.header.map { NameKey($0) })
        let fields = Set(
            report.targets.compactMap { t -> String? in
                if case .field(let f) = t { return f.rawValue }
                return nil
            })
        let unknown = names.filter { name in
            !headers.contains(NameKey(name)) && !fields.contains(OutcomeData.columnNames([name])[0])
        }
        guard unknown.isEmpty else {
            throw CommandError(
                message:
                    "\(option) names \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")), which \(unknown.count == 1 ? "is" : "are") not a column of \(report.file); the columns are \(report.header.map { "\"\($0)\"" }.joined(separator: ", "))"
            )
        }
        return OutcomeData.columnNames(names)
    }

    /// A comma-separated option as a list of trimmed names.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Skipped rows and the import's rejections on standard error; 1 when
    /// any row was rejected or skipped.
    func finish() -> Int32 {
        var text = ""
        for (line, reason) in skipped { text += "icp: \(report.file):\(line): left out: \(reason)\n" }
        if !notClosed.isEmpty {
            let total = notClosed.reduce(0) { $0 + $1.count }
            let values = notClosed.prefix(8).map { "\($0.value) \(ValueFormat.count.format(Double($0.count)))" }
            text +=
                "icp: \(report.file): note: \(total == 1 ? "1 row" : "\(ValueFormat.count.format(Double(total))) rows") neither won nor lost \(total == 1 ? "is" : "are") left out as not closed: \(values.joined(separator: ", "))\n"
        }
        Write.err(text)
        return max(Summary.report(events + [report]), skipped.isEmpty ? 0 : 1)
    }
}

/// An outcome file's accounts, whole.
typealias OutcomeData = OutcomeRows<Account>

extension OutcomeRows where Row == Account {
    /// The accounts with an outcome (every account, without a label).
    var accounts: [Account] { rows }

    /// Reads the file's accounts; with a label, keeps only the rows that have one.
    init(
        path: String, idColumn: String?, map: ColumnMap = ColumnMap(), args: Arguments? = nil, label: OutcomeLabel?,
        columns: LabeledAccounts.Columns = LabeledAccounts.Columns(), events: EventsByOwner? = nil,
        strict: Bool = false,
        reading: FieldsRead? = nil
    ) throws {
        try self.init(
            path: path, idColumn: idColumn, map: map, args: args, label: label, columns: columns, events: events,
            strict: strict, reading: reading, { $0 })
    }
}

extension OutcomeRows where Row == Validation.Scored.Row {
    /// Reads an outcome file for validation, keeping each labelled row's
    /// fit total, tier and lines held. Without events, and for a profile
    /// whose criteria all have conditions, no account is built per row:
    /// the file is summarised as `icp score` reads it, keeping the lines
    /// held and the outcome columns' values.
    init(
        scoring path: String, profile: Profile<Account>, context: EvaluationContext, idColumn: String?,
        map: ColumnMap, args: Arguments, label: OutcomeLabel,
        columns: LabeledAccounts.Columns = LabeledAccounts.Columns(), events: EventsByOwner? = nil,
        strict: Bool = false
    ) throws {
        let fit = profile.fit
        guard events == nil else {
            try self.init(
                path: path, idColumn: idColumn, map: map, args: args, label: label, columns: columns, events: events,
                strict: strict, reading: FieldsRead(profile)
            ) { Validation.Scored.Row(fit.score($0, in: context, detail: .pointsOnly)) }
            return
        }
        let lines = fit.lines.count
        let kept = lines + (profile.engagement?.lines.count ?? 0)
        try self.init(
            bulk: path, profile: profile, context: context, idColumn: idColumn, map: map, args: args, label: label,
            columns: columns, strict: strict, keep: BulkKeep(repeatedIDs: .kept, degrees: true)
        ) { block, entry, _ in
            Row(
                total: entry.fit.total, tierRank: entry.fit.tierRank,
                held: block.degrees(entry, lines: kept).prefix(lines).map { $0 > 0 })
        }
    }
}

extension OutcomeRows {
    /// Reads an outcome file as `icp score` reads it: summarised against
    /// `profile` on all cores, no account built per row, keeping what
    /// `row` makes of each labelled row (every row, without a label): its
    /// block and entry, whose kept values from the given column of
    /// ``SummaryBlock/kept`` on are those of `keep`'s readers and
    /// attributes, in that order (the label's columns come first). Repeated
    /// ids are kept whatever `keep` says. `start` is handed each block
    /// before its rows, `end` after them.
    init(
        bulk path: String, profile: Profile<Account>, context: EvaluationContext, idColumn: String?,
        map: ColumnMap, args: Arguments, label: OutcomeLabel?,
        columns: LabeledAccounts.Columns = LabeledAccounts.Columns(), strict: Bool = false, keep: BulkKeep,
        start: (SummaryBlock) -> Void = { _ in }, end: (SummaryBlock) -> Void = { _ in },
        _ row: (SummaryBlock, SummaryBlock.Entry, Int) throws -> Row
    ) throws {
        let cellReader = label.map { OutcomeReader(label: $0, columns: columns) }
        var reader: OutcomeReader? = cellReader
        let attributes = cellReader?.attributes ?? []
        var keep = keep
        keep.repeatedIDs = .kept
        keep.readers = attributes.map(KeptReader.attribute) + keep.readers
        var rows: [Row] = []
        var outcomes: [Outcome] = []
        var skipped: [(line: Int, reason: String)] = []
        let file = OutcomeRows.file(path)
        let report = try CRMImport.summaryBlocks(
            path: path, profile: profile, context: context, idColumn: idColumn,
            map: OutcomeRows.map(map, label: label, columns: columns), format: try Columns.format(args),
            strict: strict, keep: keep
        ) { block in
            start(block)
            // The label's and outcome columns' values of a row, in one array
            // used for every row.
            var values: [AttributeValue?] = []
            for entry in block.entries {
                guard let cellReader else {
                    rows.append(try row(block, entry, 0))
                    continue
                }
                values.removeAll(keepingCapacity: true)
                for a in attributes.indices { values.append(block.value(entry, a)) }
                // The id names a row only when its label is empty.
                let id = (values.first ?? nil) == nil ? block.id(entry) : ""
                guard
                    let outcome = try OutcomeRows.read(
                        cellReader.cells(id: id, values: values[...]), line: entry.line, with: &reader, file: file,
                        skipped: &skipped)
                else { continue }
                rows.append(try row(block, entry, attributes.count))
                outcomes.append(outcome)
            }
            end(block)
        }
        try self.init(
            rows: rows, outcomes: outcomes, report: report, skipped: skipped, reader: reader, events: [], file: file)
    }
}

enum LearnCommand {
    static let usage = """
        usage: icp learn --label COL [--positive V,…] [--negative V,…] [--exclude A,B] [--include A,B]
                         [--numeric A,B] [--holdout F] [--seed N] [--max-points K]
                         [--from-profile P.json] [--id-column COL] [--as-of YYYY-MM-DD]
                         [--l2 X] [--min-support F] [--bins N] [--map FIELD=HEADER] [--format table|csv|json]
                         --output OUT.json DATA.csv

        Learns rubric points from outcomes. Candidate lines come from the columns of DATA.csv
        (each frequent category; numeric columns cut into bins at values the data holds; each
        frequent item of a list; yes / no; the column being empty), or from the lines of
        --from-profile. Every column that gives no candidate line is listed with the reason. A
        regularised logistic regression (L2, Newton's method, deterministic) weighs them; the
        weights are scaled to whole points in -K…+K and lines that round to 0 are dropped.
        Tiers are placed at score quantiles of the training rows (Best fit: top 20%, Good fit:
        the next 30%). The profile written to OUT.json is read by `icp score`.

          --label COL          the outcome column (1/0, true/false, yes/no, won/lost, …)
          --positive V,…       the values that mean won, when they are not one of those
          --negative V,…       the values that mean lost; any other value (Open, blank) is
                               left out as not closed and counted, never read as a loss
          --exclude A,B        columns to leave out: identifiers, and fields filled in after
                               the outcome was known (they leak it); a name that is no
                               column is an error
          --holdout F          share of rows held out to measure the AUC (default 0.3; 0: none)
          --seed N             seed of the holdout split (default 1)
          --max-points K       the largest points of a line, either way (default 3)
          --from-profile P     start from this profile's lines; lines marked "locked": true
                               keep their points
          --l2 X               the regression's L2 penalty (default 1)
          --min-support F      least share of rows a candidate line must hold for (default 0.01)
          --bins N             the most bins per numeric column (default 5); a value held by
                               a bin's share of rows (most rows 0) is a bin of its own
          --numeric A,B        read these columns as numbers; a column with at most 12
                               distinct numbers is otherwise read as codes, a line per value
          --monotone           merge adjacent numeric bins whose win rates go against the column's
                               trend, so points rise or fall steadily with the value
          --include A,B        keep these columns though their values look like identifiers
                               (nearly every row its own value)
          --id-column COL      the id column, when it is not id / Record ID / Id (none is needed)
          --map FIELD=HEADER   read a column as a field or attribute whatever its header
          --as-of DATE         evaluate as of this day (default: today, UTC)
          --format FORMAT      the report as a table (default), csv (one row per line) or json
          --force              write the profile even when the data does not support one
          --strict             stop, writing nothing, when a column may leak the outcome: a line
                               that alone ranks the rows with AUC ≥ 0.95, a column whose values
                               do with AUC ≥ 0.90, or a header such as stage, closed, result,
                               won, lost reason or churn (always warned)

        Learning refuses (exit 1, nothing written) when either class has fewer than 50 rows,
        or when the holdout AUC's seeded 95% interval includes 0.5: noise gets no profile.
          --output OUT.json    where to write the learned profile

        The id column, the label and the outcome columns deal_value, cycle_days and churned
        are never candidates.

        examples:
          icp learn --label won --output learned.json history.csv
          icp learn --label Converted --id-column "Prospect ID" --exclude "Lead Number,Tags"
              --max-points 10 --output leads.json leads.csv
        """

    static func run(_ argv: [String]) throws -> Int32 {
        let args = try Arguments(
            argv,
            options: [
                "--label", "--outcome-column", "--positive", "--negative", "--map", "--delimiter", "--encoding",
                "--exclude", "--include", "--numeric",
                "--holdout", "--seed", "--max-points", "--from-profile",
                "--id-column", "--as-of", "--l2", "--min-support", "--bins", "--output", "--format",
            ], flags: ["--force", "--strict", "--monotone"], command: "learn")
        let path = try args.single("data file")
        let label = try OutcomeData.label(args)
        let output = try args.required("--output")
        let format = try args.choice("--format", of: ["table", "csv", "json"], default: "table")
        var options = LearningOptions()
        options.maxPoints = try args.integer("--max-points", minimum: 1) ?? 3
        options.seed = UInt64(try args.integer("--seed", minimum: 0) ?? 1)
        options.holdout = try args.fraction("--holdout", below: 1) ?? 0.3
        options.l2 = try args.number("--l2", minimum: 0) ?? 1
        options.candidates.minimumShare = try args.fraction("--min-support", below: 1) ?? 0.01
        options.candidates.bins = try args.integer("--bins", minimum: 2) ?? 5
        options.monotone = args.has("--monotone")
        let day = try args.asOf()
        let map = try Columns.map(args, profile: nil)
        let name = URL(fileURLWithPath: output).deletingPathExtension().lastPathComponent
        let start = try args.value("--from-profile").map {
            Learner.candidates(from: try ProfileFile.load(path: $0).fit)
        }
        /// The columns left out (`--exclude`, the label, the outcome
        /// columns), with `--include` and `--numeric` set in the options.
        func columnOptions<Row>(_ data: OutcomeRows<Row>) throws -> [String] {
            let excluded = try data.columns("--exclude", args) + [label.column] + LabeledAccounts.Columns().all
            options.candidates.included = Set(try data.columns("--include", args).map { NameKey($0) })
            options.candidates.numeric = Set(try data.columns("--numeric", args).map { NameKey($0) })
            return excluded
        }
        let report: LearningReport
        let labels: [Bool]
        let file: String
        let finish: () -> Int32
        if path != "-",
            let learning = try LearningFile(
                path: path, map: map, args: args, label: label, asOf: day, keepingColumns: start == nil)
        {
            labels = learning.labels
            (file, finish) = (learning.data.report.file, learning.data.finish)
            if let start {
                report = try learning.learn(candidates: start.free, locked: start.locked, name: name, options: options)
            } else {
                let columns = learning.present(excluding: try columnOptions(learning.data))
                // Consumed: the columns' values go once the candidates are drawn.
                report = try (consume learning).learn(columns: columns, name: name, options: options)
            }
        } else {
            let data = try OutcomeData(
                path: path, idColumn: args.value("--id-column"), map: map, args: args, label: label)
            labels = data.outcomes.map(\.won)
            (file, finish) = (data.report.file, data.finish)
            if let start {
                report = try Learner.learn(
                    accounts: data.accounts, labels: labels, candidates: start.free, locked: start.locked, name: name,
                    asOf: day, options: options)
            } else {
                let columns = AccountColumn.present(in: data.accounts, excluding: try columnOptions(data))
                report = try Learner.learn(
                    accounts: data.accounts, labels: labels, columns: columns, name: name, asOf: day, options: options)
            }
        }
        if !report.leakage.isEmpty {
            Write.err(report.leakage.map { "icp learn: possible leakage: \($0)\n" }.joined())
            if args.has("--strict") {
                throw CommandError(
                    message: "\(file): columns may leak the outcome (--strict); nothing written")
            }
        }
        // Guardrails: too few rows of a class, or a holdout AUC no better than chance.
        let wins = labels.count { $0 }
        let fewest = min(wins, labels.count - wins)
        var refusal: String?
        if fewest < 50 {
            refusal =
                "the data does not support a profile: \(count(fewest)) \(wins == fewest ? "wins" : "losses"), and learning needs at least 50 of each"
        } else if let h = report.holdoutAUC, let interval = report.holdoutInterval,
            AUCVerdict(auc: h, interval: interval) == .noSignal || AUCVerdict(auc: h, interval: interval) == .reversed
        {
            refusal =
                "the data does not support a profile: holdout AUC \(auc(h)) (\(auc(interval.lowerBound))–\(auc(interval.upperBound))), no better than chance"
        }
        if let refusal, !args.has("--force") {
            let text = format == "json" ? json(report, output: nil) : table(report, output: nil)
            try Write.out(text)
            Write.err("icp learn: \(refusal); nothing written (--force writes it anyway)\n")
            _ = finish()
            return 1
        }
        // Where the points came from, said in the profile itself: a report
        // of outcomes from the same file is then marked in-sample.
        var learned = report.profile
        if learned.summary.isEmpty {
            let file = URL(fileURLWithPath: file).lastPathComponent
            let holdout = report.holdoutAUC.map { "; holdout AUC \(auc($0))" } ?? ""
            learned.summary =
                "\(ICPReport.learnedFrom) \(file) (\(count(labels.count)) closed rows, label \"\(label.column)\") as of \(day)\(holdout)."
        }
        try Write.file(ProfileFile.encode(learned), to: output)
        let text =
            switch format {
            case "json": json(report, output: output)
            case "csv":
                CSVWriter.line(["points", "line", "support", "log_odds"])
                    + report.lines.map {
                        CSVWriter.line([
                            String($0.points), $0.name, String($0.support),
                            $0.coefficient.map(Output.number) ?? "locked",
                        ])
                    }.joined()
            default: table(report, output: output)
            }
        try Write.out(text)
        return finish()
    }

    static func table(_ r: LearningReport, output: String?) -> String {
        var out = "Learned \(r.lines.count) lines from \(r.candidates) candidates"
        out += " (\(r.dropped.count) rounded to 0 points and dropped); "
        out += output.map { "wrote \($0)\n" } ?? "wrote nothing\n"
        out += "Training rows \(count(r.training.rows)) (\(count(r.training.wins)) wins)"
        out +=
            r.holdout.rows > 0
            ? ", holdout rows \(count(r.holdout.rows)) (\(count(r.holdout.wins)) wins)\n" : ", no holdout\n"
        out += "AUC  training \(auc(r.trainingAUC))"
        if let h = r.holdoutAUC {
            out += "  holdout \(auc(h))"
            if let i = r.holdoutInterval { out += " (95% interval \(auc(i.lowerBound))–\(auc(i.upperBound)))" }
        }
        if let m = r.modelHoldoutAUC { out += "  (unrounded regression on the holdout \(auc(m)))" }
        out += "\nOne point is \(decimal(r.logOddsPerPoint)) in log-odds; "
        out += "the regression took \(r.fit.iterations) \(r.fit.solver.rawValue) steps"
        if r.fit.sampleIterations > 0 { out += " from its fit on 1 row in 8 (\(r.fit.sampleIterations) steps)" }
        out += r.fit.converged ? "\n\n" : " and did not converge\n\n"
        let cells = r.lines.map { l in
            [
                (l.points > 0 ? "+" : "") + String(l.points), Output.clip(l.name, 60), count(l.support),
                l.coefficient.map(decimal) ?? "locked",
            ]
        }
        out += Output.grid(["Points", "Line", "Support", "Log-odds"], cells, rightAligned: [0, 2, 3])
        out += "\nTiers, as placed on the training rows\n"
        for t in r.tierShares {
            out +=
                "  \(t.tier): \(percent(t.share)) of training rows, "
                + (t.minimum.map { "at least \(ValueFormat.points($0)) points" } ?? "the rest") + "\n"
        }
        let groups = r.profile.fit.caps.keys.sorted()
        if !groups.isEmpty {
            out +=
                "Lines of one column exclude each other: each of \(groups.joined(separator: ", ")) counts only its best line in the maximum (\(ValueFormat.points(r.profile.fit.maximumPoints)) points)\n"
        }
        if !r.skippedColumns.isEmpty {
            out += "\nColumns with no candidate line:\n"
            for (column, reason) in r.skippedColumns { out += "  \(column): \(reason)\n" }
        }
        for note in r.notes { out += "Note: \(note)\n" }
        return out
    }

    static func json(_ r: LearningReport, output: String?) -> String {
        var o: JSONObject = [
            "output": output.map(JSONValue.string) ?? .null, "candidates": .number(Double(r.candidates)),
            "trainingRows": .number(Double(r.training.rows)), "holdoutRows": .number(Double(r.holdout.rows)),
            "trainingAUC": .number(r.trainingAUC), "logOddsPerPoint": .number(r.logOddsPerPoint),
        ]
        o["holdoutAUC"] = r.holdoutAUC.map(JSONValue.number) ?? .null
        o["modelHoldoutAUC"] = r.modelHoldoutAUC.map(JSONValue.number) ?? .null
        o["holdout_auc_interval"] =
            r.holdoutInterval.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null
        o["lines"] = .array(
            r.lines.map { l in
                .object([
                    "name": .string(l.name), "points": .number(Double(l.points)),
                    "support": .number(Double(l.support)), "locked": .bool(l.locked),
                    "coefficient": l.coefficient.map(JSONValue.number) ?? .null,
                ])
            })
        o["dropped"] = .strings(r.dropped)
        o["skipped_columns"] = .array(
            r.skippedColumns.map { .object(["column": .string($0.column), "reason": .string($0.reason)]) })
        o["notes"] = .strings(r.notes)
        o["leakage"] = .strings(r.leakage)
        return Output.json(.object(o))
    }
}
