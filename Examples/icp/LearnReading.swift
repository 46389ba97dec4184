import Foundation
import ICPCore
import ICPCriteria
import ICPFiles
import ICPOutcomes

extension AccountColumn {
    /// The standard columns as values kept of each row on the bulk path,
    /// each as ``read`` gives it: a text read once per distinct cell (the
    /// country and the state together, as either may be told from the
    /// other), numbers per row straight from their cells. `nil` when some
    /// column is no field.
    static var standardReaders: [KeptReader]? {
        var readers: [KeptReader] = []
        for column in standard {
            guard let field = AccountField(rawValue: column.name) else { return nil }
            readers.append(.field(field) { column.read($0).attributeValue })
        }
        return readers
    }
}

/// A file read for learn or discover without keeping its accounts.
///
/// The file is read once as `icp score` reads it, on all cores: the labels
/// (for learn) and every column's values are kept as a ``ColumnTable``.
/// The candidate lines are drawn from the table, and each one's degree
/// worked out from it (``Probe``). The file is read again only for what the
/// table cannot answer: a candidate reading something it lacks, the lines
/// of `--from-profile` and the points of locked lines, the learned totals
/// with locked lines, and discover's draft tiers.
///
/// Rows of the later readings are matched to the first by line; standard
/// input, which cannot be read again, is read as accounts by the commands.
struct LearningFile {
    /// The labelled rows: each one's line.
    let data: OutcomeRows<Int>
    /// Each labelled row's value of every column: the standard columns,
    /// then the custom attributes (``attributes``). Let go once the
    /// candidates are drawn.
    private(set) var table: ColumnTable
    /// The custom attributes' names, as given, in the table's order.
    let attributes: [String]
    /// Each row's id, when kept.
    let ids: [String]
    /// The table's columns, in its order: the standard ones, then one per
    /// custom attribute (made once, not per value asked of them).
    let tableColumns: [AccountColumn]
    private let path: String
    /// The map every reading uses: the outcome columns read as attributes.
    private let map: ColumnMap
    private let args: Arguments
    private let context: EvaluationContext

    /// Reads the labels and every column's values (every column is read
    /// either way, so that a bad cell anywhere rejects its row; the values
    /// are kept unless `keepingColumns` is false, for `--from-profile`).
    ///
    /// - Returns: `nil` when a standard column is no field (the accounts'
    ///   path then reads the file).
    init?(
        path: String, map: ColumnMap, args: Arguments, label: OutcomeLabel?, asOf day: CalendarDay,
        keepingIDs: Bool = false, keepingColumns: Bool = true
    ) throws {
        guard let readers = AccountColumn.standardReaders else { return nil }
        let context = EvaluationContext(asOf: day)
        // A rubric only reads a file as it scores it: one line, on a column
        // read anyway (every column is).
        let probe = try Rubric(
            name: "columns", lines: [Employees.count.atLeast(0).points(1)], tiers: [Tier("all")])
        var ids: [String] = []
        let standard = readers.count
        var table = ColumnTable(columns: standard)
        if let rows = LearningFile.estimatedRows(path) { table.expect(rows: rows) }
        var attributes: [String] = []
        var positions: [String: Int] = [:]
        var blockNames: [String] = []
        var columnOf: [Int] = []
        // The place a block's kept columns start, and its labelled rows
        // (each entry's row), appended column by column once its rows are read.
        var first = 0
        var pending: [Int32] = []
        // Per worker, per column of the table: the table's code of each
        // origin's value (see translate).
        var known: [[[Int32]]] = []
        data = try OutcomeRows<Int>(
            bulk: path, profile: Profile(name: "columns", fit: probe), context: context,
            idColumn: args.value("--id-column"), map: map, args: args, label: label,
            keep: BulkKeep(readers: readers, everyColumn: true),
            start: { block in
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
            },
            end: { block in
                guard keepingColumns, !pending.isEmpty else { return }
                var columns = [(codes: [Int32], numbers: [Double])?](repeating: nil, count: table.width)
                if known.count <= block.worker { known += repeatElement([], count: block.worker + 1 - known.count) }
                if known[block.worker].count < table.width {
                    known[block.worker] += repeatElement([], count: table.width - known[block.worker].count)
                }
                for k in 0..<(block.kept.count - first) {
                    let column = k < standard ? k : columnOf[k - standard]
                    columns[column] = LearningFile.translate(
                        block.kept[first + k], rows: pending, into: &table, column: column,
                        known: &known[block.worker][column])
                }
                table.append(rows: pending.count, columns: columns)
                pending.removeAll(keepingCapacity: true)
            }
        ) { block, entry, firstKept in
            first = firstKept
            pending.append(entry.row)
            if keepingIDs { ids.append(block.id(entry)) }
            return entry.line
        }
        self.table = table
        self.ids = ids
        self.attributes = attributes
        self.tableColumns = AccountColumn.standard + attributes.map(AccountColumn.attribute)
        self.path = path
        self.map = OutcomeRows<Int>.map(map, label: label, columns: LabeledAccounts.Columns())
        self.args = args
        self.context = context
    }

    /// About how many rows a file holds, from its size and its first lines
    /// (a little over, as room unused is never touched); `nil` when it
    /// cannot be told.
    static func estimatedRows(_ path: String) -> Int? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0,
            let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        defer { try? handle.close() }
        guard let start = try? handle.read(upToCount: 1 << 16), !start.isEmpty else { return nil }
        let lines = start.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        guard lines > 1 else { return nil }
        return Int(Double(size) / (Double(start.count) / Double(lines)) * 1.05) + 1_024
    }

    /// A kept column's codes and numbers in `rows` of its block, as the
    /// table codes them in `column`: each distinct value coded once (a
    /// number is its own). `known` holds, per origin of the block's worker
    /// (``SummaryBlock/KeptColumn/origins``), the table's code of its value
    /// once asked: a value the worker kept before is not coded again.
    private static func translate(
        _ kept: SummaryBlock.KeptColumn, rows: [Int32], into table: inout ColumnTable, column: Int,
        known: inout [Int32]
    ) -> (codes: [Int32], numbers: [Double]) {
        // Per code of the block: its code in the table, once asked.
        let (unasked, number) = (Int32.max, Int32.min)
        var translated = [Int32](repeating: unasked, count: kept.values.count)
        var cells: (codes: [Int32], numbers: [Double]) = ([], [])
        cells.codes.reserveCapacity(rows.count)
        func put(_ v: Double, at i: Int) {
            // The rows before, which held no number, hold 0.
            if cells.numbers.count < i { cells.numbers += repeatElement(0, count: i - cells.numbers.count) }
            cells.numbers.append(v)
            cells.codes.append(-1)
        }
        for (i, row) in rows.enumerated() {
            let code = Int(kept.codes[Int(row)])
            if code < 0 {
                put(kept.numbers[Int(row)], at: i)
                continue
            }
            var to = translated[code]
            if to == unasked || to == number, case .number(let v)? = kept.values[code] {
                translated[code] = number
                put(v, at: i)
                continue
            }
            if to == unasked {
                let origin = Int(kept.origins[code])
                if origin >= 0, origin < known.count, known[origin] != unasked {
                    to = known[origin]
                } else {
                    to = table.code(of: ColumnValue(kept.values[code]), in: column)
                    if origin >= 0 {
                        if known.count <= origin { known += repeatElement(unasked, count: origin + 1 - known.count) }
                        known[origin] = to
                    }
                }
                translated[code] = to
            }
            cells.codes.append(to)
        }
        if !cells.numbers.isEmpty { cells.numbers += repeatElement(0, count: rows.count - cells.numbers.count) }
        return cells
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
            out.append((tableColumns[f.position], f.position))
        }
        return out
    }

    /// Learns from the columns: candidate lines drawn from the training
    /// rows of `columns`, as ``Learner/learn(accounts:labels:columns:name:asOf:options:)``
    /// draws them, and answered from the table, then
    /// ``learn(candidates:locked:name:options:answered:rest:)``.
    consuming func learn(
        columns: [(column: AccountColumn, position: Int)], name: String, options: LearningOptions
    ) throws -> LearningReport {
        let labels = self.labels
        let training = Learner.split(count: table.count, holdout: options.holdout, seed: options.seed).training
        let accountColumns = columns.map(\.column)
        let columnTable = self.table
        let positions = columns.map(\.position)
        let survey = Candidate.survey(
            accountColumns, count: training.count, options: options.candidates,
            // A column of many values (an identifier, it may be) is told
            // from its codes before its values are counted.
            texts: { c in
                columnTable.distinctCount(positions[c]) < 20 ? nil : columnTable.texts(positions[c], rows: training)
            }
        ) { c, visit in columnTable.tally(positions[c], rows: training, visit) }
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
        // The candidates' degrees from the columns' values, where each reads
        // only columns the table holds; the others from the file again.
        let probes = probes(lines)
        let answered = degrees(probes)
        let rest = probes.indices.filter { probes[$0] == nil }
        // The columns' values go before the file is read again.
        table = ColumnTable(columns: 0)
        var report = try learn(
            candidates: lines, locked: [], name: name, options: options, answered: answered, rest: rest)
        report.skippedColumns = survey.skipped
        return report
    }

    /// Learns the candidates' points: the degrees of the candidates in
    /// `rest` (every one, by default) read in another reading of the file,
    /// beside those in `answered`; with locked lines, the learned lines'
    /// totals in one more.
    func learn(
        candidates: [Candidate], locked: [RubricLine<Account>], name: String, options: LearningOptions,
        answered: SparseRows = SparseRows(), rest: [Int]? = nil
    ) throws -> LearningReport {
        let labels = self.labels
        try Learner.check(
            count: labels.count, labels: labels, candidates: candidates, locked: locked, options: options)
        let rest = rest ?? Array(candidates.indices)
        var features = answered.count == labels.count ? answered : SparseRows(empty: labels.count)
        let lockedPoints = try readDegrees(of: rest, in: candidates, into: &features, locked: locked)
        // Without locked lines every line is a candidate, and the totals are
        // added up from the rows' degrees; with them the file is read again.
        let rescore: ((Rubric<Account>) throws -> [Double])? =
            locked.isEmpty
            ? nil
            : { try totals(of: $0) }
        return try Learner.learn(
            features: features,
            labels: labels, lockedPoints: lockedPoints, candidates: candidates, locked: locked, name: name,
            options: options, totals: rescore)
    }

    /// Reads the degrees of the candidates at `rest` from the file again,
    /// adding them to each row's `features`; with `locked` lines, returns
    /// each row's points under them.
    private func readDegrees(
        of rest: [Int], in candidates: [Candidate], into features: inout SparseRows,
        locked: [RubricLine<Account>] = []
    ) throws -> [Double]? {
        guard !rest.isEmpty || !locked.isEmpty else { return nil }
        // One line per candidate read, named by position (two candidates
        // may share a name); the locked lines as the engagement rubric,
        // whose total is their points.
        let probe =
            try rest.isEmpty
            ? nil
            : Rubric(
                name: "candidates", lines: rest.map { j in candidates[j].criterion.points(1).named("\(j)") },
                tiers: [Tier("all")])
        let lockedRubric = try locked.isEmpty ? nil : Rubric(name: "locked", lines: locked)
        guard let fit = probe ?? lockedRubric else { return nil }
        let width = (probe?.lines.count ?? 0) + (probe == nil ? 0 : lockedRubric?.lines.count ?? 0)
        var lockedPoints: [Double]? = lockedRubric == nil ? nil : []
        var k = 0
        var joined = SparseRows()
        try reread(
            Profile(name: "candidates", fit: fit, engagement: probe == nil ? nil : lockedRubric), degrees: true
        ) { block, entry in
            if !rest.isEmpty {
                joined.append(
                    row: k, of: features, adding: block.degrees(entry, lines: width).prefix(rest.count), at: rest)
            }
            lockedPoints?.append((probe == nil ? entry.fit : entry.engagement)?.total ?? 0)
            k += 1
        }
        if !rest.isEmpty { features = joined }
        return lockedPoints
    }

    /// Each row's total under `rubric`, read from the file again.
    private func totals(of rubric: Rubric<Account>) throws -> [Double] {
        var totals: [Double] = []
        totals.reserveCapacity(data.rows.count)
        try reread(Profile(name: rubric.name, fit: rubric), degrees: false) { _, entry in
            totals.append(entry.fit.total)
        }
        return totals
    }

    /// Discovers super users and what they share, as
    /// ``Discovery/discover(_:values:top:columns:options:asOf:maxPatterns:name:)``
    /// does of the rows' accounts: the value columns and candidates read
    /// from the table, the candidates' degrees as learn reads them, the
    /// draft's tiers from one more reading of the file.
    func discover(
        values: [ValueColumn], top: Double, columns: [(column: AccountColumn, position: Int)],
        options: CandidateOptions, name: String
    ) throws -> DiscoveryReport {
        let table = self.table
        let all = Array(0..<table.count)
        var positions: [String: Int] = [:]
        for (k, name) in attributes.enumerated() { positions[name] = AccountColumn.standard.count + k }
        for (c, column) in AccountColumn.standard.enumerated() { positions[column.name] = c }
        for (column, position) in columns { positions[column.name] = position }
        let found = positions
        let attributes = self.attributes
        // A value column that is no column of the file has no number in any row.
        @Sendable func position(_ column: AccountColumn) -> Int? {
            found[column.name]
                ?? attributes.firstIndex { NameKey($0) == NameKey(column.name) }.map {
                    AccountColumn.standard.count + $0
                }
        }
        return try Discovery.discover(
            count: table.count, values: values, top: top, columns: columns.map(\.column), options: options,
            maxPatterns: 20, name: name, id: { ids[$0] },
            read: { column, visit in
                guard let p = position(column) else { return }
                for row in all { visit(row, table.value(p, row)) }
            },
            survey: { kept in
                Candidate.survey(kept, count: table.count, options: options) { c, visit in
                    if let p = position(kept[c]) {
                        table.tally(p, rows: all, visit)
                    } else {
                        visit(.missing, all.count)
                    }
                }
            },
            features: { candidates in
                let probes = probes(candidates)
                var features = degrees(probes)
                _ = try readDegrees(of: probes.indices.filter { probes[$0] == nil }, in: candidates, into: &features)
                return features
            },
            totals: { try totals(of: $0) })
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

/// How one candidate's degree is read from a ``ColumnTable``.
///
/// A candidate reads one or two columns (the country with the state), or
/// none: its degree on a row is its criterion's on an account holding just
/// those columns' values, worked out once per distinct value (or pair), as
/// the bulk path works out a profile's answers from cells. A numeric bin
/// holds for a finite number its bound contains, as ``NumericCriterion``
/// reads it; a column's "missing" line does not hold for a finite number.
/// Other tests of a number are asked per row.
struct Probe {
    /// How the answer is found.
    enum Kind: UInt8 {
        case bin, single, pair, constant
    }
    let kind: Kind
    /// The table's columns read (the first and second; -1 for none).
    let first: Int
    let second: Int
    /// A numeric bin's bound.
    let bound: NumericBound
    let criterion: any Criterion<Account>
    /// Whether the candidate is a column's being empty.
    let isMissing: Bool
    /// The answers (NaN unknown): by code, or by `first code × stride +
    /// second code`, or the one answer.
    let answers: [Double]
    let stride: Int
}

/// A run of probed candidates in ``LearningFile/degrees(_:)``: candidates
/// `m0 ..< m1` that each read column `column` alone, looked up by its code
/// from `codeBase` on, or tested on its number (bins); or that each read
/// `column` and `second` (the country and the state), looked up by the
/// pair of codes (`first × stride + second`) from `codeBase` on; or, with
/// `column` -1, the one candidate `m0`.
struct Segment {
    let column: Int
    let m0: Int
    let m1: Int
    let codeBase: Int
    /// Whether the run is of numeric bins of the column, tested on its numbers.
    var isBins = false
    /// A run of pairs' second column (-1: none), and the pairs' stride.
    var second = -1
    var stride = 0
}

/// Rows of ``LearningFile/degrees(_:)`` built an entry at a time.
struct RowBuilder {
    private var starts = [0]
    private var indices: [Int32] = []
    /// Empty while every value is 1.
    private var values: [Double] = []

    /// Room for `rows` rows of `entries` entries in all.
    init(rows: Int, entries: Int) {
        starts.reserveCapacity(rows + 1)
        indices.reserveCapacity(entries)
    }

    /// Adds an entry to the row being built.
    @inline(__always)
    mutating func add(_ j: Int32, _ d: Double) {
        if d != 1, values.isEmpty { values = [Double](repeating: 1, count: indices.count) }
        indices.append(j)
        if !values.isEmpty { values.append(d) }
    }

    /// Ends the row being built.
    mutating func endRow() { starts.append(indices.count) }

    /// The rows built.
    var rows: SparseRows { SparseRows(starts: starts, indices: indices, values: values) }
}

/// What working out a candidate's probe reads of a ``LearningFile``.
struct Prober: Sendable {
    let table: ColumnTable
    let attributes: [String]
    let tableColumns: [AccountColumn]
    let context: EvaluationContext
    /// Per column several candidates read alone: an account per code
    /// holding that value (code 0: none), made once for them all.
    var accounts: [Int: [Account]] = [:]
    /// Per pair of columns several candidates read (a region each):
    /// ``pairs(_:_:_:)``, found once for them all.
    var pairs: [PairKey: HeldPairs] = [:]

    /// Two columns of the table a candidate reads.
    struct PairKey: Hashable {
        let first: Int
        let second: Int
    }

    /// The pairs of codes of two columns that some row holds.
    struct HeldPairs {
        /// One more than the second column's distinct values.
        let stride: Int
        /// How many pairs there could be (the first column's distinct
        /// values and none, times the stride).
        let size: Int
        /// Each pair held, once, as `a × stride + b`, in the order first held.
        let codes: [Int32]
    }

    /// The pairs of codes of columns `p` and `q` some row holds, neither
    /// a number; `nil` when there could be more than 2²² pairs (the
    /// candidates are then read from the file).
    static func pairs(_ table: ColumnTable, _ p: Int, _ q: Int) -> HeldPairs? {
        let stride = table.distinctCount(q) + 1
        let size = (table.distinctCount(p) + 1) * stride
        guard size <= 1 << 22 else { return nil }
        var seen = [Bool](repeating: false, count: size)
        var out: [Int32] = []
        let (codesP, codesQ) = (table.codes(p), table.codes(q))
        for row in 0..<table.count {
            let (a, b) = (Int(codesP[row]), Int(codesQ[row]))
            guard a >= 0, b >= 0, !seen[a * stride + b] else { continue }
            seen[a * stride + b] = true
            out.append(Int32(a * stride + b))
        }
        return HeldPairs(stride: stride, size: size, codes: out)
    }

    /// The table's columns a candidate reads, in order; `nil` when it reads
    /// something the table does not hold.
    func positions(_ candidate: Candidate) -> [Int]? {
        guard let condition = candidate.criterion.condition else { return nil }
        let read = FieldsRead(condition)
        var positions: [Int] = []
        for field in read.fields {
            guard let c = AccountColumn.standard.firstIndex(where: { $0.name == field.rawValue }) else { return nil }
            positions.append(c)
        }
        for key in read.attributes {
            guard let k = attributes.firstIndex(where: { NameKey($0) == key }) else { return nil }
            positions.append(AccountColumn.standard.count + k)
        }
        return positions.sorted()
    }

    /// Whether a candidate is a numeric bin, tested on the numbers themselves.
    static func isBin(_ candidate: Candidate, _ positions: [Int]) -> Bool {
        guard case .bin = candidate.kind else { return false }
        return positions.count == 1 && candidate.criterion is NumericCriterion<Account>
    }

    /// An account holding column `position`'s value of each code, in code order.
    func accounts(_ position: Int) -> [Account] {
        let blank = Account(id: "", name: "")
        return (0...table.distinctCount(position)).map { code in
            var account = blank
            tableColumns[position].write(&account, table.distinct(position, code))
            return account
        }
    }

    /// A candidate's probe; `nil` when it reads something the table does
    /// not hold, or too many pairs of values (it is then read from the file).
    func probe(_ candidate: Candidate) -> Probe? {
        guard let positions = positions(candidate) else { return nil }
        let isMissing = candidate.kind == .missing
        if case .bin(let bound) = candidate.kind, Prober.isBin(candidate, positions) {
            return Probe(
                kind: .bin, first: positions[0], second: -1, bound: bound, criterion: candidate.criterion,
                isMissing: false, answers: [], stride: 0)
        }
        let blank = Account(id: "", name: "")
        func answer(_ values: [(Int, ColumnValue)]) -> Double {
            var account = blank
            for (position, value) in values { tableColumns[position].write(&account, value) }
            return candidate.criterion.degree(of: account, in: context) ?? .nan
        }
        func probe(_ kind: Probe.Kind, _ answers: [Double], stride: Int = 0) -> Probe {
            Probe(
                kind: kind, first: positions.first ?? -1, second: positions.count > 1 ? positions[1] : -1,
                bound: .atLeast(0), criterion: candidate.criterion, isMissing: isMissing, answers: answers,
                stride: stride)
        }
        switch positions.count {
        case 0:
            return probe(.constant, [answer([])])
        case 1:
            let p = positions[0]
            if let held = accounts[p] {
                let context = self.context
                return probe(.single, held.map { candidate.criterion.degree(of: $0, in: context) ?? .nan })
            }
            return probe(.single, (0...table.distinctCount(p)).map { answer([(p, table.distinct(p, $0))]) })
        case 2:
            let (p, q) = (positions[0], positions[1])
            guard let held = pairs[PairKey(first: p, second: q)] ?? Prober.pairs(table, p, q) else { return nil }
            var answers = [Double](repeating: .nan, count: held.size)
            for pair in held.codes {
                let (a, b) = (Int(pair) / held.stride, Int(pair) % held.stride)
                answers[Int(pair)] = answer([(p, table.distinct(p, a)), (q, table.distinct(q, b))])
            }
            return probe(.pair, answers, stride: held.stride)
        default:
            return nil
        }
    }
}

extension LearningFile {
    /// Candidates' probes, worked out on all cores; `nil` for a candidate
    /// read from the file (``Prober/probe(_:)``).
    func probes(_ candidates: [Candidate]) -> [Probe?] {
        var prober = Prober(table: table, attributes: attributes, tableColumns: tableColumns, context: context)
        // A column several candidates read alone (a technology each, an
        // industry each) is written onto accounts once, not once per
        // candidate; a column of very many values is left to each.
        var readers: [Int: Int] = [:]
        // Likewise the pairs of codes of two columns (the country and the
        // state) several candidates read, found once for them all.
        var pairReaders: [Prober.PairKey: Int] = [:]
        for candidate in candidates {
            guard let positions = prober.positions(candidate) else { continue }
            if positions.count == 1, !Prober.isBin(candidate, positions) {
                readers[positions[0], default: 0] += 1
            } else if positions.count == 2 {
                pairReaders[Prober.PairKey(first: positions[0], second: positions[1]), default: 0] += 1
            }
        }
        let table = self.table
        for (key, count) in pairReaders where count > 1 {
            if let pairs = Prober.pairs(table, key.first, key.second) { prober.pairs[key] = pairs }
        }
        let shared = readers.filter { $0.value > 1 && table.distinctCount($0.key) < 1 << 16 }.keys.sorted()
        let reading = prober
        let built = ParallelMap.map(count: shared.count, threads: nil) { reading.accounts(shared[$0]) }
        prober.accounts = Dictionary(uniqueKeysWithValues: zip(shared, built))
        let ready = prober
        return ParallelMap.map(count: candidates.count, threads: nil) { ready.probe(candidates[$0]) }
    }

    /// Each row's degrees of the candidates with a probe (those without
    /// are left for the file), on all cores.
    func degrees(_ probes: [Probe?]) -> SparseRows {
        let n = table.count
        let used = probes.indices.filter { probes[$0] != nil }
        let kinds = used.map { probes[$0]?.kind ?? .constant }
        let first = used.map { probes[$0]?.first ?? -1 }
        let second = used.map { probes[$0]?.second ?? -1 }
        let bounds = used.map { probes[$0]?.bound ?? .atLeast(0) }
        let strides = used.map { probes[$0]?.stride ?? 0 }
        var offsets: [Int] = []
        var answers: [Double] = []
        for j in used {
            offsets.append(answers.count)
            answers += probes[j]?.answers ?? []
        }
        // Runs of candidates that each read one column alone, the same one
        // (an industry each, a technology each), or the same two (a region
        // each, of the country and the state): per code of the column, or
        // pair of codes, the run's candidates that hold and their degrees,
        // so a row looks its code up once per run rather than once per
        // candidate (33 regions had each looked up the pair on each row).
        var segments: [Segment] = []
        var pieces = BinPieces()
        var entryStart: [Int32] = []
        // Per entry: the candidate's position, and its degree.
        var entryM: [Int32] = []
        var entryD: [Double] = []
        var m = 0
        while m < used.count {
            if kinds[m] == .bin {
                var end = m + 1
                while end < used.count, kinds[end] == .bin, first[end] == first[m] { end += 1 }
                pieces.add(segment: segments.count, bins: (m..<end).map { (Int32(used[$0]), bounds[$0]) })
                segments.append(Segment(column: first[m], m0: m, m1: end, codeBase: 0, isBins: true))
                m = end
                continue
            }
            guard kinds[m] == .single || kinds[m] == .pair else {
                segments.append(Segment(column: -1, m0: m, m1: m + 1, codeBase: 0))
                m += 1
                continue
            }
            // Candidates that read the same column, or the same pair of
            // columns (a region each), answered by code or pair of codes.
            var end = m + 1
            while end < used.count, kinds[end] == kinds[m], first[end] == first[m], second[end] == second[m] {
                end += 1
            }
            let codeCount = probes[used[m]]?.answers.count ?? 0
            segments.append(
                Segment(
                    column: first[m], m0: m, m1: end, codeBase: entryStart.count,
                    second: kinds[m] == .pair ? second[m] : -1, stride: strides[m]))
            for code in 0..<codeCount {
                entryStart.append(Int32(entryM.count))
                for j in m..<end {
                    let d = answers[offsets[j] + code]
                    if d > 0 {
                        entryM.append(Int32(used[j]))
                        entryD.append(d)
                    }
                }
            }
            entryStart.append(Int32(entryM.count))
            m = end
        }
        let (runs, runStarts, runCandidates, runDegrees, binPieces) = (segments, entryStart, entryM, entryD, pieces)
        let table = self.table
        let context = self.context
        let tableColumns = self.tableColumns
        let (flatAnswers, starts) = (answers, offsets)
        /// A probe's answer for a row whose value it cannot look up (a number).
        let missing = used.map { probes[$0]?.isMissing ?? false }
        @Sendable func asked(_ m: Int, _ row: Int) -> Double {
            // A column's "missing" line does not hold for a finite number.
            if missing[m], second[m] < 0, table.code(first[m], row) == -1, table.number(first[m], row).isFinite {
                return 0
            }
            guard let probe = probes[used[m]] else { return .nan }
            let positions = [probe.first, probe.second].filter { $0 >= 0 }
            var account = Account(id: "", name: "")
            for p in positions { tableColumns[p].write(&account, table.value(p, row)) }
            return probe.criterion.degree(of: account, in: context) ?? .nan
        }
        var built: [SparseRows] = []
        var entries = 0
        // Entries per row the parts make room for: a guess at first, then
        // the rows' so far.
        var perRow = runs.count
        // Whether each run's column holds numbers (a row for each).
        let numbered = runs.map { $0.column >= 0 && table.numbers($0.column).count == n }
        // A chunk of rows at a time (the parts make room for as many entries
        // per row as the chunks before held), the columns read in place.
        let chunk = 1 << 16
        for start in stride(from: 0, to: n, by: chunk) {
            let end = min(n, start + chunk)
            let size = end - start
            let parts = min(size, ParallelMap.defaultThreads * 8)
            let room = perRow
            let chunkRows = ParallelMap.map(count: parts, threads: nil) { p -> SparseRows in
                let part = (p * size / parts)..<((p + 1) * size / parts)
                return table.withColumns { codes, numbers in
                    flatAnswers.withUnsafeBufferPointer { answers in
                        // Built in this module, a local of this
                        // closure (an entry at a time through another
                        // module's call was a fifth of the work).
                        var out = RowBuilder(rows: part.count, entries: part.count * room)
                        for i in part {
                            let row = start + i
                            for (g, segment) in runs.enumerated() {
                                if segment.isBins {
                                    // A bin holds only for a finite number in it.
                                    guard numbered[g], codes[segment.column][row] == -1 else { continue }
                                    let v = numbers[segment.column][row]
                                    guard v.isFinite else { continue }
                                    for e in binPieces.bins(holdingFor: v, segment: g) {
                                        out.add(binPieces.members[e], 1)
                                    }
                                    continue
                                }
                                if segment.second >= 0 {
                                    let a = Int(codes[segment.column][row])
                                    let b = Int(codes[segment.second][row])
                                    if a >= 0 && b >= 0 {
                                        let base = segment.codeBase + a * segment.stride + b
                                        for e in Int(runStarts[base])..<Int(runStarts[base + 1]) {
                                            out.add(runCandidates[e], runDegrees[e])
                                        }
                                        continue
                                    }
                                    // A number in either column: each candidate asked.
                                    for m in segment.m0..<segment.m1 {
                                        let d = asked(m, row)
                                        if d > 0 { out.add(Int32(used[m]), d) }
                                    }
                                    continue
                                }
                                if segment.column >= 0 {
                                    let code = Int(codes[segment.column][row])
                                    if code >= 0 {
                                        let base = segment.codeBase + code
                                        for e in Int(runStarts[base])..<Int(runStarts[base + 1]) {
                                            out.add(runCandidates[e], runDegrees[e])
                                        }
                                        continue
                                    }
                                    // A number: a column's "missing" does not hold for a finite one.
                                    for m in segment.m0..<segment.m1 {
                                        let d =
                                            missing[m] && numbered[g] && numbers[segment.column][row].isFinite
                                            ? 0 : asked(m, row)
                                        if d > 0 { out.add(Int32(used[m]), d) }
                                    }
                                    continue
                                }
                                // A candidate of its own reads no column: its one answer.
                                let m = segment.m0
                                let d = answers[starts[m]]
                                if d > 0 { out.add(Int32(used[m]), d) }
                            }
                            out.endRow()
                        }
                        return out.rows
                    }
                }
            }
            entries += chunkRows.reduce(0) { $0 + $1.indices.count }
            built += chunkRows
            perRow = entries / end + 2
        }
        return SparseRows(joining: built)
    }
}
