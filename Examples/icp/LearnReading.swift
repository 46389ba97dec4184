import Foundation
import ICPCore
import ICPCriteria
import ICPFiles
import ICPOutcomes

extension AccountColumn {
    /// The standard columns as values kept of each row on the bulk path,
    /// each as ``read`` gives it: a text read once per distinct cell (the
    /// country and the state together, as either may be told from the
    /// other), numbers per row. `nil` when some column is no field.
    static var standardReaders: [KeptReader]? {
        var readers: [KeptReader] = []
        for column in standard {
            guard let field = AccountField(rawValue: column.name) else { return nil }
            let read: Set<AccountField> = field == .country || field == .state ? [.country, .state] : [field]
            readers.append(.value(FieldsRead(fields: read), { column.read($0).attributeValue }))
        }
        return readers
    }
}

/// An outcome file read for learning without keeping its accounts.
///
/// The file is read as `icp score` reads it, on all cores, once for each
/// thing learning needs of every row:
///
/// 1. the labels and every column's values, kept as a ``ColumnTable``
///    (the candidate lines are drawn from it, over the training rows);
/// 2. each candidate line's degree, a row's met lines kept as a sparse row
///    (and, from a starting profile, the locked lines' points);
/// 3. the learned lines' totals, at which the tiers are placed.
///
/// Rows of the later readings are matched to the first by line; standard
/// input, which cannot be read again, is learned from its accounts.
struct LearningFile {
    /// The labelled rows: each one's line.
    let data: OutcomeRows<Int>
    /// Each labelled row's value of every column: the standard columns,
    /// then the custom attributes (``attributes``). Let go once the
    /// candidates are drawn.
    private(set) var table: ColumnTable
    /// The custom attributes' names, as given, in the table's order.
    let attributes: [String]
    private let path: String
    /// The map every reading uses: the outcome columns read as attributes.
    private let map: ColumnMap
    private let args: Arguments
    private let context: EvaluationContext

    /// Reads the labels and every column's values.
    ///
    /// - Returns: `nil` when a standard column is no field (the accounts'
    ///   path then reads the file).
    init?(path: String, map: ColumnMap, args: Arguments, label: OutcomeLabel, asOf day: CalendarDay) throws {
        guard let readers = AccountColumn.standardReaders else { return nil }
        let context = EvaluationContext(asOf: day)
        // A rubric only reads a file as it scores it: one line on the label,
        // which is read anyway.
        let probe = try Rubric(
            name: "columns", lines: [Attribute(label.column).isPresent.points(1)], tiers: [Tier("all")])
        let standard = readers.count
        var table = ColumnTable(columns: standard)
        var attributes: [String] = []
        var positions: [String: Int] = [:]
        var blockNames: [String] = []
        var columnOf: [Int] = []
        var values: [ColumnValue] = []
        data = try OutcomeRows<Int>(
            bulk: path, profile: Profile(name: "columns", fit: probe), context: context,
            idColumn: args.value("--id-column"), map: map, args: args, label: label,
            keep: BulkKeep(readers: readers, everyColumn: true)
        ) { block, entry, cells in
            if block.attributes != blockNames {
                blockNames = block.attributes
                columnOf = blockNames.map { name in
                    if let known = positions[name] { return known }
                    positions[name] = table.width
                    attributes.append(name)
                    table.addColumn()
                    return table.width - 1
                }
            }
            values.removeAll(keepingCapacity: true)
            values.append(contentsOf: repeatElement(.missing, count: table.width))
            for (k, cell) in cells.enumerated() where cell != nil {
                values[k < standard ? k : columnOf[k - standard]] = ColumnValue(cell)
            }
            table.append(values[...])
            return entry.line
        }
        self.table = table
        self.attributes = attributes
        self.path = path
        self.map = OutcomeRows<Int>.map(map, label: label, columns: LabeledAccounts.Columns())
        self.args = args
        self.context = context
    }

    /// Each labelled row's outcome: won or not.
    var labels: [Bool] { data.outcomes.map(\.won) }

    /// The columns that hold a value in some row, as
    /// ``AccountColumn/present(in:excluding:)`` gives them of the rows'
    /// accounts: the standard fields in order, then each custom attribute
    /// in the order first seen (a row's attributes in the table's order),
    /// each with its position in ``table``.
    func present(excluding: [String]) -> [(column: AccountColumn, position: Int)] {
        let excluded = Set(excluding.map { NameKey($0) })
        var out: [(column: AccountColumn, position: Int)] = []
        for (c, column) in AccountColumn.standard.enumerated()
        where !excluded.contains(NameKey(column.name)) && table.isPresent(c) {
            out.append((column, c))
        }
        let standard = AccountColumn.standard.count
        var first: [(row: Int, position: Int)] = []
        for (k, name) in attributes.enumerated() where !excluded.contains(NameKey(name)) {
            let c = standard + k
            if let row = (0..<table.count).first(where: { table.hasValue(c, $0) }) { first.append((row, c)) }
        }
        for f in first.sorted(by: { ($0.row, $0.position) < ($1.row, $1.position) }) {
            out.append((AccountColumn.attribute(attributes[f.position - standard]), f.position))
        }
        return out
    }

    /// Learns from the columns: candidate lines drawn from the training
    /// rows of `columns`, as ``Learner/learn(accounts:labels:columns:name:asOf:options:)``
    /// draws them, then ``learn(candidates:locked:name:options:)``.
    consuming func learn(
        columns: [(column: AccountColumn, position: Int)], name: String, options: LearningOptions
    ) throws -> LearningReport {
        let labels = self.labels
        let training = Learner.split(count: table.count, holdout: options.holdout, seed: options.seed).training
        let accountColumns = columns.map(\.column)
        let survey = Candidate.survey(accountColumns, count: training.count, options: options.candidates) {
            c, visit in
            let position = columns[c].position
            for row in training { visit(table.value(position, row)) }
        }
        var lines = survey.lines
        if options.monotone {
            lines = Learner.monotone(lines, columns: accountColumns) { c in
                var out: [(value: Double, won: Bool)] = []
                for row in training {
                    if case .number(let v) = table.value(columns[c].position, row) { out.append((v, labels[row])) }
                }
                return out
            }
        }
        // The columns' values are not read again: a million rows' worth goes
        // before the candidates' degrees are read.
        table = ColumnTable(columns: 0)
        var report = try learn(candidates: lines, locked: [], name: name, options: options)
        report.skippedColumns = survey.skipped
        return report
    }

    /// Learns the candidates' points: their degrees read in a second
    /// reading of the file, the learned lines' totals in a third.
    func learn(
        candidates: [Candidate], locked: [RubricLine<Account>], name: String, options: LearningOptions
    ) throws -> LearningReport {
        let labels = self.labels
        try Learner.check(
            count: labels.count, labels: labels, candidates: candidates, locked: locked, options: options)
        var features: [SparseRow] = []
        var lockedPoints: [Double]?
        if !candidates.isEmpty || !locked.isEmpty {
            // One line per candidate, named by position (two candidates may
            // share a name); the locked lines as the engagement rubric,
            // whose total is their points.
            let probe =
                try candidates.isEmpty
                ? nil
                : Rubric(
                    name: "candidates",
                    lines: candidates.enumerated().map { j, c in c.criterion.points(1).named("\(j)") },
                    tiers: [Tier("all")])
            let lockedRubric = try locked.isEmpty ? nil : Rubric(name: "locked", lines: locked)
            guard let fit = probe ?? lockedRubric else { throw OutcomeError("no candidate lines") }
            let width = (probe?.lines.count ?? 0) + (probe == nil ? 0 : lockedRubric?.lines.count ?? 0)
            features.reserveCapacity(labels.count)
            lockedPoints = lockedRubric == nil ? nil : []
            try reread(
                Profile(name: "candidates", fit: fit, engagement: probe == nil ? nil : lockedRubric), degrees: true
            ) { block, entry in
                let degrees = block.degrees(entry, lines: width).prefix(candidates.count)
                // Each row's arrays at their size: a million rows of
                // doubling arrays would take a third more.
                var row = SparseRow()
                let met = degrees.count { $0 > 0 }
                row.indices.reserveCapacity(met)
                row.values.reserveCapacity(met)
                for (j, d) in degrees.enumerated() where d > 0 {
                    row.indices.append(j)
                    row.values.append(d)
                }
                features.append(row)
                lockedPoints?.append((probe == nil ? entry.fit : entry.engagement)?.total ?? 0)
            }
        }
        // Without locked lines every line is a candidate, and the totals are
        // added up from the rows' degrees; with them the file is read again.
        let rescore: ((Rubric<Account>) throws -> [Double])? =
            locked.isEmpty
            ? nil
            : { rubric in
                var totals: [Double] = []
                totals.reserveCapacity(labels.count)
                try reread(Profile(name: name, fit: rubric), degrees: false) { _, entry in
                    totals.append(entry.fit.total)
                }
                return totals
            }
        return try Learner.learn(
            features: features.isEmpty ? [SparseRow](repeating: SparseRow(), count: labels.count) : features,
            labels: labels, lockedPoints: lockedPoints, candidates: candidates, locked: locked, name: name,
            options: options, totals: rescore)
    }

    /// Reads the file again, summarised against `profile`, calling `body`
    /// with each labelled row in order.
    ///
    /// - Throws: ``CommandError`` when a labelled row is not read again
    ///   (the file changed while it was read).
    private func reread(
        _ profile: Profile<Account>, degrees: Bool, _ body: (SummaryBlock, SummaryBlock.Entry) throws -> Void
    ) throws {
        let lines = data.rows
        var k = 0
        _ = try CRMImport.summaryBlocks(
            path: path, profile: profile, context: context, idColumn: args.value("--id-column"),
            map: map, format: try Columns.format(args),
            keep: BulkKeep(repeatedIDs: .kept, degrees: degrees)
        ) { block in
            for entry in block.entries where k < lines.count && entry.line == lines[k] {
                try body(block, entry)
                k += 1
            }
        }
        guard k == lines.count else {
            throw CommandError(
                message:
                    "\(data.report.file): line \(lines[k]) was not read again; did the file change while it was read?")
        }
    }
}
