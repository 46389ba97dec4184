import ICPCore

/// One account of a file, summarised: what ranking needs, without the
/// account itself.
public struct AccountSummary: Sendable, Hashable {
    /// The account's id.
    public var id: String
    /// The account's name (its id when the name is blank).
    public var name: String
    /// The fit summary.
    public var fit: ScoreSummary
    /// The engagement summary, when the profile has an engagement rubric.
    public var engagement: ScoreSummary?
    /// Why the account was knocked out, when a disqualifier held: the first
    /// disqualification of its full fit score.
    public var disqualification: String?

    /// Creates a summary.
    public init(
        id: String, name: String, fit: ScoreSummary, engagement: ScoreSummary?, disqualification: String? = nil
    ) {
        self.id = id
        self.name = name
        self.fit = fit
        self.engagement = engagement
        self.disqualification = disqualification
    }
}

/// What a bulk reading keeps of each good row besides its summaries: what
/// the outcome commands need of a row without building its account.
package struct BulkKeep: Sendable {
    /// Whether a repeated id rejects its row (ids name results) or is kept
    /// with a note (an outcome file's several deals of one account).
    package var repeatedIDs: RepeatedIDs
    /// Whether to keep each line's degree (``SummaryBlock/degrees(_:lines:)``):
    /// the fit rubric's lines, then the engagement rubric's.
    package var degrees: Bool
    /// Values kept per row (``SummaryBlock/kept``), in this order; the
    /// columns they read are read whether or not the profile reads them.
    package var readers: [KeptReader]
    /// Whether to read every column, as an import without a profile does
    /// (a bad cell anywhere rejects its row), and keep every custom
    /// attribute's value after the readers' (the attributes in
    /// ``SummaryBlock/attributes``).
    package var everyColumn: Bool
    /// Whether to keep the values the plan reads as a part of a table
    /// (``SummaryBlock/table``), its rows in the order the block appended them.
    package var table: Bool
    /// With ``table``: whether the table keeps each row's account (of the
    /// columns read, with its events from these, by account id), for
    /// values worked out per row. Every row is then read the ordinary way.
    package var accounts: [String: [EngagementEvent]]?

    /// What a ranking keeps: nothing, and a repeated id rejects its row.
    package init(
        repeatedIDs: RepeatedIDs = .rejected, degrees: Bool = false, readers: [KeptReader] = [],
        everyColumn: Bool = false, table: Bool = false, accounts: [String: [EngagementEvent]]? = nil
    ) {
        self.repeatedIDs = repeatedIDs
        self.degrees = degrees
        self.readers = readers
        self.everyColumn = everyColumn
        self.table = table
        self.accounts = accounts
    }

    /// The fields and attributes the readers read.
    var reads: FieldsRead {
        var read = FieldsRead()
        for reader in readers {
            switch reader {
            case .attribute(let key): read.attributes.insert(key)
            case .number(let field): read.fields.insert(field)
            case .value(let r, _):
                read.fields.formUnion(r.fields)
                read.attributes.formUnion(r.attributes)
            }
        }
        return read
    }
}

/// A value kept of each row, as the row's account would give it.
package enum KeptReader: Sendable {
    /// A custom attribute's value (folded name), read straight from its cell.
    case attribute(NameKey)
    /// A standard number field's value (``Account/number(_:)``, when
    /// finite), read per row straight from its cell's number.
    case number(AccountField)
    /// A value of an account holding the fields and attributes read, worked
    /// out once per distinct cell (or pair of cells) of text columns, per
    /// row of numbers.
    case value(FieldsRead, @Sendable (Account) -> AttributeValue?)

    /// A field's value as `read` gives it: ``number(_:)`` for a standard
    /// number field (whose value `read` must give as its finite number or
    /// `nil`), else ``value(_:_:)`` reading the field (and, for the
    /// country or the state, the other: either may be told from the other).
    package static func field(_ field: AccountField, _ read: @escaping @Sendable (Account) -> AttributeValue?)
        -> KeptReader
    {
        if BulkPlan.numeric.contains(field), field != .lastFundingDate { return .number(field) }
        let fields: Set<AccountField> = field == .country || field == .state ? [.country, .state] : [field]
        return .value(FieldsRead(fields: fields), read)
    }

    /// How the value is read from an account.
    package var read: @Sendable (Account) -> AttributeValue? {
        switch self {
        case .attribute(let key): { $0.attributes.entry(key)?.value }
        case .number(let field): { KeptReader.number(field, of: $0) }
        case .value(_, let read): read
        }
    }

    /// A number field's value, when finite.
    @inline(__always) static func number(_ field: AccountField, of account: Account) -> AttributeValue? {
        account.number(field).flatMap { $0.isFinite ? .number($0) : nil }
    }
}

extension CRMImport {
    /// Summarises every account of a file against a profile on all cores
    /// (or `threads` of them) and hands each summary to `body` in file
    /// order: the fast way to rank a large export.
    ///
    /// The summaries, rejected rows and report are exactly those of
    /// ``mapAccounts(path:idColumn:map:format:strict:events:threads:reading:repeatedIDs:_:_:)``
    /// with `profile.fit.summary` and `profile.engagement?.summary`, but
    /// no `Account` is built per row: the profile is compiled against the
    /// file's columns, cells are split from large blocks of bytes, text
    /// cells are answered once per distinct text, and numbers are parsed
    /// per row. A profile with a criterion that has no file form (or a
    /// custom kind) is scored the ordinary way. No events are attached.
    ///
    /// - Parameters:
    ///   - path: The file, or `-` for standard input.
    ///   - profile: The profile.
    ///   - context: The "as of" moment.
    ///   - idColumn: The header of the id column, when not a standard one.
    ///   - map: Columns to read as given fields or attributes.
    ///   - format: The field separator and text encoding; what is not given is told from the file.
    ///   - strict: Stop at the first bad row.
    ///   - threads: How many threads; by default one per active core.
    ///   - body: Called in file order with each good account's summary, on
    ///     the calling thread, while the workers score the next block.
    /// - Throws: ``FileError``, ``HeaderError``, the first ``RowError`` in
    ///   strict mode, or what `body` throws.
    public static func summarize(
        path: String, profile: Profile<Account>, context: EvaluationContext, idColumn: String? = nil,
        map: ColumnMap = ColumnMap(), format: CSVFormat = CSVFormat(), strict: Bool = false, threads: Int? = nil,
        _ body: (AccountSummary) throws -> Void
    ) throws -> ImportReport {
        try summarize(
            path: path, profile: profile, context: context, idColumn: idColumn, map: map, format: format,
            strict: strict, threads: threads, blockSize: 4 << 20, body)
    }

    /// ``summarize(path:profile:context:idColumn:map:format:strict:threads:_:)`` reading
    /// blocks of about `blockSize` bytes (small ones test the seams).
    static func summarize(
        path: String, profile: Profile<Account>, context: EvaluationContext, idColumn: String?,
        map: ColumnMap = ColumnMap(), format: CSVFormat = CSVFormat(), strict: Bool, threads: Int?, blockSize: Int,
        _ body: (AccountSummary) throws -> Void
    ) throws -> ImportReport {
        try summaryBlocks(
            path: path, profile: profile, context: context, idColumn: idColumn, map: map, format: format,
            strict: strict, threads: threads, blockSize: blockSize
        ) { block in
            for entry in block.entries { try body(block.summary(entry)) }
        }
    }

    /// ``summarize(path:profile:context:idColumn:map:format:strict:threads:_:)`` handing
    /// on the summaries a block at a time, packed: no `String` is made per
    /// row. Blocks come in file order; each holds only good rows, repeated
    /// ids already rejected.
    package static func summaryBlocks(
        path: String, profile: Profile<Account>, context: EvaluationContext, idColumn: String? = nil,
        map: ColumnMap = ColumnMap(), format: CSVFormat = CSVFormat(), strict: Bool = false, threads: Int? = nil,
        blockSize: Int = 4 << 20, keep: BulkKeep = BulkKeep(), _ body: (SummaryBlock) throws -> Void
    ) throws -> ImportReport {
        guard var read = FieldsRead(profile) else {
            var block = SummaryBlock()
            let report = try mapAccountLines(
                path: path, idColumn: idColumn, map: map, format: format, strict: strict, events: [:],
                threads: threads, reading: nil, repeatedIDs: keep.repeatedIDs,
                { account in
                    (
                        BulkWorker.summary(of: account, profile: profile, context: context),
                        BulkWorker.kept(of: account, profile: profile, context: context, keep: keep)
                    )
                }
            ) { _, line, value in
                block.degrees += value.1.degrees
                block.keep(value.1.cells)
                block.append(value.0, line: line)  // repeated ids are already dealt with
                if block.entries.count == 8_192 {
                    block.finish()
                    try body(block)
                    block = SummaryBlock()
                }
            }
            if !block.entries.isEmpty {
                block.finish()
                try body(block)
            }
            return report
        }
        let kept = keep.reads
        read.fields.formUnion(kept.fields)
        read.attributes.formUnion(kept.attributes)
        return try bulkBlocks(
            path: path, idColumn: idColumn, map: map, format: format, strict: strict, threads: threads,
            blockSize: blockSize, keep: keep, context: context,
            plan: { all in
                let columns = keep.everyColumn ? all : all.reading(only: read)
                // FieldsRead knew every kind, so the plan compiles; this guard
                // only keeps the promise without a force unwrap.
                guard let plan = BulkPlan(profile: profile, columns: columns, context: context) else {
                    throw HeaderError(file: all.file, message: "the profile could not be compiled for bulk scoring")
                }
                return plan
            }, body)
    }

    /// Reads a file's blocks on all cores (or `threads` of them) with the
    /// plan `plan` makes of its columns, and hands on each block's good
    /// rows in file order: repeated ids, rejections, a footer and blank
    /// ids dealt with as the import deals with them.
    static func bulkBlocks(
        path: String, idColumn: String?, map: ColumnMap, format: CSVFormat, strict: Bool, threads: Int?,
        blockSize: Int, keep: BulkKeep, context: EvaluationContext, plan makePlan: (AccountColumns) throws -> BulkPlan,
        _ body: (SummaryBlock) throws -> Void
    ) throws -> ImportReport {
        let blocks = try CSVBlocks(path: path, format: format, blockSize: blockSize)
        var report = ImportReport(file: blocks.source)
        guard var block = try blocks.next() else {
            throw HeaderError(file: blocks.source, message: "is empty; expected a header row")
        }
        let first = block.rows.removeFirst()
        let header = BulkWorker.record(of: first, in: block, skip: [], delimiter: blocks.delimiter).fields
        report.notes += CSVFormat.notes(delimiter: blocks.delimiter, encoding: blocks.encoding, given: format)
        let all = try AccountColumns(header: header, file: blocks.source, idColumn: idColumn, map: map)
        report.header = all.header
        report.targets = all.targets
        let plan = try makePlan(all)
        let columns = plan.columns
        blocks.skip = columns.skipped
        let workers = max(1, threads ?? ParallelMap.defaultThreads)
        var states = [BulkWorker](
            repeating: BulkWorker(plan: plan, context: context, delimiter: blocks.delimiter, keep: keep), count: workers
        )
        for w in states.indices { states[w].index = w }
        var seen = FirstIDLines()
        var repeats = RepeatedRows()
        var footer = TrailingFooter()
        func reject(_ error: RowError) throws {
            if footer.hold(error) { return }
            for held in footer.release() {
                if strict { throw held }
                report.rejected.append(held)
            }
            if strict { throw error }
            report.rejected.append(error)
        }
        // Each block's parts are scored on all cores while this thread hands
        // on the previous block's summaries (in file order: repeated ids,
        // rejections, `body`) and reads the next block, then joins in.
        var origins = KeptOrigins()
        func handOn(_ results: inout [SummaryPart]) throws {
            for index in results.indices {
                // Moved out, so that the part's arrays are its own to write.
                var part = SummaryPart()
                swap(&part, &results[index])
                origins.fill(&part.block)
                var failures = part.failures[...]
                var kept = 0
                let ahead = 16
                for i in part.block.entries.indices.prefix(ahead) { seen.prepare(part.block.entries[i]) }
                for i in part.block.entries.indices {
                    if i + ahead < part.block.entries.count { seen.prepare(part.block.entries[i + ahead]) }
                    while let f = failures.first, f.before == i {
                        report.read += 1
                        try reject(f.error)
                        failures.removeFirst()
                    }
                    report.read += 1
                    if !footer.isEmpty {
                        for held in footer.release() {
                            if strict { throw held }
                            report.rejected.append(held)
                        }
                    }
                    let entry = part.block.entries[i]
                    if let error = seen.repeated(entry, in: part.block, file: blocks.source) {
                        if keep.repeatedIDs == .kept {
                            repeats.add(error)
                        } else {
                            try reject(error)
                            continue
                        }
                    }
                    // Written only behind a rejected row.
                    if kept != i { part.block.entries[kept] = entry }
                    kept += 1
                }
                for f in failures {
                    report.read += 1
                    try reject(f.error)
                }
                if kept < part.block.entries.count { part.block.entries.removeLast(part.block.entries.count - kept) }
                report.used += kept
                if blankIDs.count == 0 { blankIDs.first = part.blankIDs.first }
                blankIDs.count += part.blankIDs.count
                if kept > 0 { try body(part.block) }
            }
        }
        var blankIDs = (count: 0, first: 0)
        var pending: [SummaryPart] = []
        var current: CSVBlocks.Block? = block
        while let block = current {
            // A few parts per worker, so that one that finishes early takes more.
            let parts = min(block.rows.count, workers * 4)
            let size = (block.rows.count + parts - 1) / max(1, parts)
            var following: CSVBlocks.Block?
            var previous: [SummaryPart] = []
            swap(&previous, &pending)
            pending = try states.withUnsafeMutableBufferPointer { buffer in
                try ParallelMap.map(
                    count: parts, states: buffer,
                    meanwhile: {
                        try handOn(&previous)
                        following = try blocks.next()
                    }
                ) { part, worker in
                    let end = min(block.rows.count, (part + 1) * size)
                    return worker.summaries(min(end, part * size)..<end, of: block)
                }
            }
            current = following
        }
        try handOn(&pending)
        report.finish(footer: footer, blankIDs: blankIDs, repeats: repeats, columns: columns)
        return report
    }
}

/// Where a part's row puts its kept values' codes: value `k`'s at
/// `codes[k * stride + row]`, a run of `stride` rows per kept value.
struct KeptRowCodes {
    let codes: UnsafeMutableBufferPointer<Int32>
    let stride: Int
    /// The row's place among the part's rows.
    let row: Int

    /// Kept value `k`'s code in the row.
    subscript(k: Int) -> Int32 {
        get { codes[k * stride + row] }
        nonmutating set { codes[k * stride + row] = newValue }
    }

    /// Keeps `v` as kept value `k`'s number in the row (in `column`, its column).
    func keep(number v: Double, _ k: Int, in column: inout SummaryBlock.KeptColumn) {
        column.set(number: v, row: row, rows: stride)
        self[k] = -1
    }
}

/// One thread's share of bulk summarising: its tables of numbered cells
/// and remembered answers.
struct BulkWorker: Sendable {
    /// Which of a reading's workers this is (``SummaryBlock/worker``).
    var index = 0
    private let plan: BulkPlan
    /// The plan's columns, held here so that the per-row code reads them
    /// without copying them out of the plan.
    private let columns: AccountColumns
    private let context: EvaluationContext
    /// The field separator.
    private let delimiter: UInt8
    private var interners: [ByteInterner]
    /// The plan's numbered columns that some value is read from or
    /// checked in, in order.
    private let numberedColumns: [Int]
    /// Per column: whether every cell reads (``AccountColumns/alwaysReads(_:)``),
    /// so none is checked.
    private let alwaysReads: [Bool]
    /// Per column, per numbered text: why the cell cannot be read, if so.
    private var reasons: [[String?]]
    /// Per column, the current row's number (-1: not numbered; -2: a
    /// plain number, in ``plainNumbers``).
    private var numbers: [Int]
    /// Per column: whether it is a custom attribute that is only kept (no
    /// leaf or reader asks it, and no flag test checks it), whose plain
    /// number cells are read straight rather than numbered (``plainNumbers``).
    private let plainAttributes: [Bool]
    /// Per such column, the current row's number, when ``numbers`` is -2.
    private var plainNumbers: [Double]
    /// Per category (``BulkPlan/categories``): the columns that feed it, in
    /// plain numbers (read out of the plan per row, each array would be
    /// retained); its leaves, as (plan, leaf).
    private let groups: [Group]
    private let groupLeaves: [[(plan: Int, leaf: Int)]]
    /// Per number of the plans (``BulkPlan/numbers``): its field.
    private let numberFields: [AccountField]
    /// Per leaf asked per row: how it is answered.
    private let askedModes: [BulkPlan.Mode]
    /// Per category: the slot of each cell number, or pair of numbers,
    /// whose answers to its leaves are remembered (-1: none yet); and those
    /// answers, a run of them per slot.
    private var slotOfCell: [[Int32]]
    private var slotOfCells: [PairTable<Int32>]
    private var remembered: [[Double]]
    /// Per category: how many slots, and when the part's table is kept,
    /// each slot's account holding its cells.
    private var slotCounts: [Int]
    private var slotAccounts: [[Account]]
    /// The table of the part being read, built row by row.
    private var table = PartTable()
    /// The part's table when every row is read into an account and kept
    /// (``BulkKeep/accounts``): each value coded as the account holds it.
    private var accountTable: AccountTable.Builder?
    /// How many degrees a row keeps: the fit rubric's lines, then the
    /// engagement rubric's.
    private let degreeCount: Int
    private var bounds: [Int] = []
    /// The fields of the per-row columns, when all are numbers or dates.
    private let perRowFields: [AccountField]?
    /// ``keptPerRow``'s fields, when they are all numbers and dates.
    private let keptPerRowFields: [AccountField]?
    /// What is kept of each row besides its summaries.
    private let keep: BulkKeep
    /// How each kept value is read (the readers', then every attribute's).
    private let kept: [Kept]
    /// The columns applied to a scratch account per row for kept values
    /// (every column of numbers and dates, when every column is read).
    private let keptPerRow: [Int]
    /// Per column, per numbered text: its value as a kept attribute, once read.
    private var keptValues: [[AttributeValue??]]
    /// Per kept value: its value by cell number, or by pair of numbers.
    private var keptByCell: [[AttributeValue??]]
    private var keptByCells: [PairTable<AttributeValue?>]
    /// The buffer of the kept values' codes of the part being summarised
    /// (see ``KeptRowCodes``), kept for the next part.
    private var keptCodes: [Int32] = []
    /// Per kept value, in the part being summarised: the code given to each
    /// cell number (or to the constant, at 0), -1 until kept; and to each
    /// pair of numbers.
    private var partCodes: [[Int32]]
    /// Per kept value: whether this worker gave each cell number's value
    /// in a part before (later parts leave it out, see ``KeptOrigins``).
    private var given: [[Bool]]
    private var partPairCodes: [PairTable<Int32>]
    /// The names of the attributes kept after the readers' values.
    private var attributeNames: [String] = []

    /// The readers' questions, by index: asked through a buffer pointer,
    /// as an array subscript would retain each for its call.
    private let keptQuestions: [KeptQuestion]

    /// How one kept value is read per row; readers are named by their
    /// index in ``keptQuestions``, so that the per-row switch copies no
    /// reference.
    enum Kept: Sendable {
        /// The same for every row (no column feeds it): the reader's value on a blank account.
        case constant(Int)
        /// A custom attribute's cell.
        case attribute(Int)
        /// Once per distinct cell or pair of cells.
        case byCell(Int, Int)
        case byCells(Int, Int, Int)
        /// From the scratch account of ``keptPerRow``.
        case perRow(Int)
        /// A number field of the scratch account of ``keptPerRow``.
        case perRowNumber(AccountField)
    }

    /// A reader's question, in a class so that asking it retains nothing.
    final class KeptQuestion: Sendable {
        let read: @Sendable (Account) -> AttributeValue?
        let constant: AttributeValue?
        init(_ reader: KeptReader, blank: Account) {
            read = reader.read
            constant = read(blank)
        }
    }

    /// Reader `r`'s value on an account.
    @inline(__always)
    private func ask(_ r: Int, _ account: Account) -> AttributeValue? {
        keptQuestions.withUnsafeBufferPointer { $0[r].read(account) }
    }
    private let blank = Account(id: "", name: "")
    private var cache = AccountCache()

    /// The columns that feed a category (`count` of them; the first two
    /// given), and how many leaves are answered over it.
    struct Group {
        var count: Int
        var first: Int
        var second: Int
        var leaves: Int
    }

    /// What a part's plain rows give its ``AccountTable``, and where each
    /// row's summaries go once the plans have run over it.
    struct PartTable {
        /// Room for each column's rows: the part's row count.
        var room = 0
        /// Per category, a run of ``room`` rows: each row's code.
        var codes: [Int32] = []
        /// Per category: per slot, the code the part gave it (-1: none yet),
        /// the slots given one, and how many codes.
        var codeOfSlot: [[Int32]] = []
        var touched: [[Int]] = []
        var counts: [Int] = []
        /// Per plan, per leaf: its answer for each code of its column.
        var answers: [[[Double]]] = []
        /// Per category, when the table is kept: an account per code holding its value.
        var representatives: [[Account]] = []
        /// Per number, a run of ``room`` rows: each row's value (NaN when missing).
        var numbers: [Double] = []
        /// Per leaf asked per row, a run of ``room`` rows: each row's answer.
        var asked: [Double] = []
        /// Per row: its entry in the part's block, and where its degrees start.
        var entries: [Int] = []
        var degrees: [Int] = []

        /// Empties the table for a part of `rows` rows, keeping its capacity.
        mutating func clear(rows: Int, numbers numberCount: Int, asked askedCount: Int) {
            room = rows
            let categories = counts.count
            if codes.count < categories * rows { codes = [Int32](repeating: 0, count: categories * rows) }
            if numbers.count < numberCount * rows { numbers = [Double](repeating: .nan, count: numberCount * rows) }
            if asked.count < askedCount * rows { asked = [Double](repeating: .nan, count: askedCount * rows) }
            for c in counts.indices {
                for slot in touched[c] { codeOfSlot[c][slot] = -1 }
                touched[c].removeAll(keepingCapacity: true)
                counts[c] = 0
            }
            for p in answers.indices {
                for k in answers[p].indices { answers[p][k].removeAll(keepingCapacity: true) }
            }
            for c in representatives.indices { representatives[c].removeAll(keepingCapacity: true) }
            entries.removeAll(keepingCapacity: true)
            degrees.removeAll(keepingCapacity: true)
        }
    }

    /// The summary a plain row holds until its part's plans have run.
    private static let pending = ScoreSummary(
        total: 0, maximum: 0, ratio: 0, tierRank: 0, isQualified: false, isDisqualified: false)

    /// The most distinct texts numbered per column and thread.
    static let limit = 1 << 16

    init(plan: BulkPlan, context: EvaluationContext, delimiter: UInt8, keep: BulkKeep = BulkKeep()) {
        self.delimiter = delimiter
        self.keep = keep
        let columns = plan.columns
        let blank = self.blank
        var perRow = Set<Int>()
        keptQuestions = keep.readers.map { KeptQuestion($0, blank: blank) }
        var kept: [Kept] = keep.readers.indices.map { r in
            let reader = keep.readers[r]
            switch reader {
            case .attribute(let key):
                return .attribute(
                    columns.readOrder.first { columns.targets[$0].isAttribute && columns.attributeKeys[$0] == key }
                        ?? -1)
            case .number(let field):
                let used = columns.columns(feeding: FieldsRead(fields: [field]))
                if used.isEmpty { return .constant(r) }
                perRow.formUnion(used)
                return .perRowNumber(field)
            case .value(let read, _):
                let used = columns.columns(feeding: read)
                if used.isEmpty { return .constant(r) }
                if used.allSatisfy({ plan.numbered[$0] }) {
                    if used.count == 1 { return .byCell(r, used[0]) }
                    if used.count == 2 { return .byCells(r, used[0], used[1]) }
                }
                perRow.formUnion(used)
                return .perRow(r)
            }
        }
        if keep.everyColumn {
            // Every custom attribute, in the order an account's attributes
            // list them; every column of numbers and dates checked per row.
            let attributes = columns.readOrder.filter { columns.targets[$0].isAttribute }
            kept += attributes.sorted { a, b in
                guard let x = columns.attributeKeys[a], let y = columns.attributeKeys[b] else { return a < b }
                return x < y
            }.map { .attribute($0) }
            perRow.formUnion(columns.readOrder.filter { !plan.numbered[$0] && $0 != plan.nameIndex })
        }
        self.kept = kept
        attributeNames = kept.dropFirst(keep.readers.count).compactMap { k -> String? in
            guard case .attribute(let c) = k, case .attribute(let name) = columns.targets[c] else { return nil }
            return name
        }
        keptPerRow = perRow.sorted()
        keptValues = [[AttributeValue??]](repeating: [], count: plan.columns.targets.count)
        keptByCell = [[AttributeValue??]](repeating: [], count: kept.count)
        keptByCells = [PairTable<AttributeValue?>](repeating: PairTable(), count: kept.count)
        partCodes = [[Int32]](repeating: [], count: kept.count)
        given = [[Bool]](repeating: [], count: kept.count)
        partPairCodes = [PairTable<Int32>](repeating: PairTable(), count: kept.count)
        self.plan = plan
        self.columns = plan.columns
        self.context = context
        let n = plan.columns.targets.count
        interners = [ByteInterner](repeating: ByteInterner(limit: BulkWorker.limit), count: n)
        alwaysReads = (0..<n).map { plan.columns.alwaysReads($0) }
        reasons = [[String?]](repeating: [], count: n)
        numbers = [Int](repeating: -1, count: n)
        plainNumbers = [Double](repeating: 0, count: n)
        // A high-cardinality number column (deal values, budgets) would fill
        // its table of numbered cells, and every cell past it would be
        // checked and read one by one.
        var asked = Set(plan.categories.flatMap(\.columns) + plan.asked.flatMap(\.columns))
        for k in kept {
            switch k {
            case .byCell(_, let c): asked.insert(c)
            case .byCells(_, let c1, let c2): asked.formUnion([c1, c2])
            case .constant, .attribute, .perRow, .perRowNumber: break
            }
        }
        plainAttributes = plan.columns.targets.indices.map { c in
            plan.columns.targets[c].isAttribute && !plan.columns.isFlagged(c) && !asked.contains(c)
        }
        // A column whose every cell reads and whose cells nothing asks or
        // keeps (a domain, when every column is read) is not numbered: its
        // cells are never looked at.
        var used = asked
        for k in kept { if case .attribute(let c) = k, c >= 0 { used.insert(c) } }
        numberedColumns = plan.numberedColumns.filter { c in !plan.columns.alwaysReads(c) || used.contains(c) }
        let groupLeaves = plan.categories.map { category in
            category.leaves.enumerated().flatMap { p, leaves in leaves.map { (plan: p, leaf: $0) } }
        }
        groups = zip(plan.categories, groupLeaves).map { category, leaves in
            Group(
                count: category.columns.count, first: category.columns.first ?? -1,
                second: category.columns.dropFirst().first ?? -1, leaves: leaves.count)
        }
        self.groupLeaves = groupLeaves
        numberFields = plan.numbers.map(\.field)
        askedModes = plan.asked.map(\.mode)
        slotOfCell = [[Int32]](repeating: [], count: groups.count)
        slotOfCells = [PairTable<Int32>](repeating: PairTable(), count: groups.count)
        remembered = [[Double]](repeating: [], count: groups.count)
        slotCounts = [Int](repeating: 0, count: groups.count)
        slotAccounts = [[Account]](repeating: [], count: keep.table ? groups.count : 0)
        let categories = plan.categories.count
        table.codeOfSlot = [[Int32]](repeating: [], count: categories)
        table.touched = [[Int]](repeating: [], count: categories)
        table.counts = [Int](repeating: 0, count: categories)
        table.answers = plan.plans.map { [[Double]](repeating: [], count: $0.leafCount) }
        table.representatives = [[Account]](repeating: [], count: keep.table ? categories : 0)
        degreeCount = plan.plans.reduce(0) { $0 + $1.rubric.lines.count }
        let targets = plan.columns.targets
        perRowFields = BulkWorker.numericFields(plan.perRowColumns, targets)
        keptPerRowFields = BulkWorker.numericFields(keptPerRow, targets)
    }

    /// The standard number and date fields that columns set, when they set
    /// nothing else: a scratch account they are read onto is then reset
    /// field by field, not by copying a blank account over it (which
    /// retains every text and array of the blank and releases the old's).
    private static func numericFields(_ columns: [Int], _ targets: [AccountColumns.Target]) -> [AccountField]? {
        var fields: [AccountField] = []
        for c in columns {
            guard case .field(let f) = targets[c], BulkPlan.numeric.contains(f) else { return nil }
            fields.append(f)
        }
        return fields
    }

    /// The summaries of an account scored the ordinary way.
    static func summary(of account: Account, profile: Profile<Account>, context: EvaluationContext)
        -> AccountSummary
    {
        let fit = profile.fit.summary(account, in: context)
        return AccountSummary(
            id: account.id, name: account.name, fit: fit,
            engagement: profile.engagement?.summary(account, in: context),
            disqualification: fit.isDisqualified
                ? profile.fit.score(account, in: context, detail: .pointsOnly).disqualifications.first : nil)
    }

    /// What is kept of an account scored the ordinary way: its lines'
    /// degrees, as its points-only scores give them, and the kept values.
    static func kept(of account: Account, profile: Profile<Account>, context: EvaluationContext, keep: BulkKeep)
        -> (degrees: [Double], cells: [AttributeValue?])
    {
        (
            keep.degrees ? degrees(of: account, profile: profile, context: context) : [],
            keep.readers.map { $0.read(account) }
        )
    }

    /// Each line's degree of an account (NaN when unknown): the fit
    /// rubric's lines, then the engagement rubric's.
    static func degrees(of account: Account, profile: Profile<Account>, context: EvaluationContext) -> [Double] {
        ([profile.fit] + (profile.engagement.map { [$0] } ?? [])).flatMap { rubric in
            rubric.score(account, in: context, detail: .pointsOnly).breakdown.map { $0.degree ?? .nan }
        }
    }

    /// A row as `CSVRecord`: the header, and rows read the ordinary way. A
    /// plain line is parsed by `CSVParser`, so non-ASCII text is checked
    /// as UTF-8 as `CSVReader` checks it.
    static func record(of row: CSVBlocks.Row, in block: CSVBlocks.Block, skip: [Bool], delimiter: UInt8) -> CSVRecord {
        if row.record >= 0 { return block.records[row.record] }
        var parser = CSVParser(delimiter: delimiter, line: row.line, skip: skip)
        var records: [CSVRecord] = []
        parser.feed(block.bytes[row.start..<row.end]) { records.append($0) }
        parser.finish { records.append($0) }
        return records.first ?? CSVRecord(fields: [], line: row.line)
    }

    /// Summarises rows `range` of a block.
    mutating func summaries(_ range: Range<Int>, of block: CSVBlocks.Block) -> SummaryPart {
        var part = SummaryPart()
        table.clear(rows: range.count, numbers: numberFields.count, asked: askedModes.count)
        if keep.accounts != nil {
            accountTable = AccountTable.Builder(reading: plan.stored, keepingAccounts: true, capacity: range.count)
        }
        part.block.attributes = attributeNames
        part.block.kept = [SummaryBlock.KeptColumn](repeating: SummaryBlock.KeptColumn(), count: kept.count)
        // The kept values' codes, a run of `range.count` rows per kept value,
        // written in place (an append per value and row, through the part's
        // nested arrays, was a fifth of the reading).
        var codes: [Int32] = []
        swap(&codes, &keptCodes)
        codes.removeAll(keepingCapacity: true)
        codes.append(contentsOf: repeatElement(0, count: kept.count * range.count))
        for k in kept.indices {
            partCodes[k].removeAll(keepingCapacity: true)
            if case .byCells = kept[k] { partPairCodes[k] = PairTable() }
        }
        // The scratch accounts for per-row questions and kept values are
        // locals, passed on borrowed: as stored properties they would be
        // copied per question.
        var scratch = blank
        var keptScratch = blank
        part.block.text.reserveCapacity(range.count * 32)
        part.block.entries.reserveCapacity(range.count)
        let stride = range.count
        codes.withUnsafeMutableBufferPointer { codes in
            block.bytes.withUnsafeBufferPointer { bytes in
                for i in range {
                    let row = block.rows[i]
                    let error: RowError?
                    let kept = KeptRowCodes(codes: codes, stride: stride, row: part.block.entries.count)
                    if row.record < 0, keep.accounts == nil, let base = bytes.baseAddress,
                        split(base, row.start, row.end)
                    {
                        error = plain(
                            base, line: row.line, scratch: &scratch, keptScratch: &keptScratch, into: &part, kept)
                    } else {
                        // Quoted, or with non-ASCII text to check: read the ordinary way.
                        error = ordinary(
                            BulkWorker.record(of: row, in: block, skip: columns.skipped, delimiter: delimiter),
                            into: &part, kept)
                    }
                    if let error { part.failures.append((part.block.entries.count, error)) }
                }
            }
        }
        let rows = part.block.entries.count
        for k in kept.indices { part.block.kept[k].codes = Array(codes[(k * stride)..<(k * stride + rows)]) }
        swap(&codes, &keptCodes)
        conclude(&part)
        part.block.finish()
        part.block.worker = index
        return part
    }

    /// Runs the plans over the part's table and puts each plain row's
    /// summaries, disqualification and degrees in its entry.
    private mutating func conclude(_ part: inout SummaryPart) {
        let count = table.entries.count
        guard count > 0 else { return }
        let room = table.room
        if let accounts = accountTable {
            part.block.table = accounts
            accountTable = nil
            return
        }
        if keep.table {
            // The part's rows as a table of their own: a row per entry, in order.
            part.block.table = AccountTable.Builder(
                reading: plan.stored, count: count,
                numbers: plan.numbers.indices.map { Array(table.numbers[($0 * room)..<($0 * room + count)]) },
                codes: plan.categories.indices.map { Array(table.codes[($0 * room)..<($0 * room + count)]) },
                representatives: table.representatives)
            return
        }
        var numbers: [Operand: [Double]] = [:]
        for (i, number) in plan.numbers.enumerated() {
            numbers[.field(number.field)] = Array(table.numbers[(i * room)..<(i * room + count)])
        }
        var categories: [Operand: (codes: [Int32], representatives: [Account])] = [:]
        for (c, category) in plan.categories.enumerated() {
            categories[category.operand] = (Array(table.codes[(c * room)..<(c * room + count)]), [])
        }
        let columns = AccountTable(count: count, numbers: numbers, categories: categories)
        var firstDegree = 0
        for (p, scoring) in plan.plans.enumerated() {
            var perRow = [[Double]](repeating: [], count: scoring.leafCount)
            for (a, asked) in plan.asked.enumerated() where asked.plan == p {
                perRow[asked.leaf] = Array(table.asked[(a * room)..<(a * room + count)])
            }
            let bound = BoundPlan(
                plan: scoring, table: columns, answers: table.answers[p], perRow: perRow, day: context.asOfDay)
            let (summaries, lines, disqualifiers) = bound.summaries(in: context, lines: keep.degrees)
            let rubric = scoring.rubric
            let lineCount = rubric.lines.count
            let disqualifierCount = rubric.disqualifiers.count
            for i in 0..<count {
                let e = table.entries[i]
                if p == 0 {
                    part.block.entries[e].fit = summaries[i]
                    // The first disqualifier that holds, in the words a
                    // points-only score gives: its reason, or its criterion's name.
                    if summaries[i].isDisqualified,
                        let d = (0..<disqualifierCount).first(where: {
                            disqualifiers[i * disqualifierCount + $0] >= 0.5
                        })
                    {
                        part.block.entries[e].reason = Int32(part.block.reasons.count)
                        part.block.reasons.append(plan.disqualifierReasons[d])
                    }
                } else {
                    part.block.entries[e].engagement = summaries[i]
                }
                if keep.degrees {
                    let start = table.degrees[i] + firstDegree
                    for l in 0..<lineCount {
                        part.block.degrees[start + l] = rubric.degree(line: l, answer: lines[i * lineCount + l])
                    }
                }
            }
            firstDegree += lineCount
        }
    }

    /// A row read as `CSVRecord`, scored the ordinary way.
    private mutating func ordinary(_ record: CSVRecord, into part: inout SummaryPart, _ codes: KeptRowCodes)
        -> RowError?
    {
        switch columns.account(from: record, cache: &cache) {
        case .success(var account):
            if let events = keep.accounts, !events.isEmpty, let own = events[account.id] {
                account.events = EventLog(own)
            }
            if account.id == AccountColumns.lineID(record.line) { part.blankID(line: record.line) }
            if keep.degrees, let profile = plan.profile {
                part.block.degrees += BulkWorker.degrees(of: account, profile: profile, context: context)
            }
            if accountTable != nil {
                table.entries.append(part.block.entries.count)
                withUnsafePointer(to: account) { accountTable?.append($0) }
            } else if keep.table {
                tableRow(account, entry: part.block.entries.count)
            }
            for k in kept.indices {
                let value: AttributeValue?
                switch kept[k] {
                case .constant(let r): value = keptQuestions[r].constant
                case .attribute(let c):
                    let key = c >= 0 ? columns.attributeKeys[c] : nil
                    value = key.flatMap { account.attributes.entry($0)?.value }
                case .byCell(let r, _), .byCells(let r, _, _), .perRow(let r):
                    value = ask(r, account)
                case .perRowNumber(let field): value = KeptReader.number(field, of: account)
                }
                if case .number(let v)? = value {
                    codes.keep(number: v, k, in: &part.block.kept[k])
                } else {
                    codes[k] = part.block.kept[k].add(value, origin: -1)
                }
            }
            let summary =
                plan.profile.map { BulkWorker.summary(of: account, profile: $0, context: context) }
                ?? AccountSummary(id: account.id, name: account.name, fit: BulkWorker.pending, engagement: nil)
            part.block.append(summary, line: record.line)
            return nil
        case .failure(let error):
            return error
        }
    }

    /// Adds a row read the ordinary way to the part's table: its numbers,
    /// and for each category a code of its own with the account holding
    /// its value (the table merging the parts gives equal values one code).
    private mutating func tableRow(_ account: Account, entry: Int) {
        let row = table.entries.count
        let room = table.room
        table.entries.append(entry)
        table.degrees.append(0)
        for c in table.counts.indices {
            table.codes[c * room + row] = Int32(table.counts[c])
            table.counts[c] += 1
            table.representatives[c].append(account)
        }
        withUnsafePointer(to: account) { account in
            for (i, field) in numberFields.enumerated() {
                table.numbers[i * room + row] = AccountTable.number(.field(field), at: account)
            }
        }
    }

    /// Splits a line on commas into `bounds` (field k is
    /// `bounds[k] ..< bounds[k + 1] - 1`); false when a byte is not ASCII.
    private mutating func split(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        bounds.removeAll(keepingCapacity: true)
        bounds.append(start)
        var high: UInt64 = 0
        var i = start
        #if _endian(little)
        let commas = UInt64(delimiter) &* 0x0101_0101_0101_0101
        let lows: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= end {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            high |= word
            let x = word ^ commas
            var candidates = (x &- lows) & ~x & highs  // every comma, and maybe a '-' just after one
            while candidates != 0 {
                let k = i + candidates.trailingZeroBitCount >> 3
                if base[k] == delimiter { bounds.append(k + 1) }
                candidates &= candidates &- 1
            }
            i += 8
        }
        #endif
        while i < end {
            let b = base[i]
            high |= UInt64(b)
            if b == delimiter { bounds.append(i + 1) }
            i += 1
        }
        bounds.append(end + 1)
        return high & 0x8080_8080_8080_8080 == 0
    }

    private func text(_ base: UnsafePointer<UInt8>, _ column: Int) -> String {
        BulkWorker.text(base, bounds, column)
    }

    private static func text(_ base: UnsafePointer<UInt8>, _ bounds: [Int], _ column: Int) -> String {
        String(decoding: cell(base, bounds, column), as: UTF8.self)
    }

    private func cell(_ base: UnsafePointer<UInt8>, _ column: Int) -> UnsafeBufferPointer<UInt8> {
        BulkWorker.cell(base, bounds, column)
    }

    private static func cell(_ base: UnsafePointer<UInt8>, _ bounds: [Int], _ column: Int)
        -> UnsafeBufferPointer<UInt8>
    {
        UnsafeBufferPointer(start: base + bounds[column], count: bounds[column + 1] - 1 - bounds[column])
    }

    /// Summarises a plain line split into `bounds`.
    private mutating func plain(
        _ base: UnsafePointer<UInt8>, line: Int, scratch: inout Account, keptScratch: inout Account,
        into part: inout SummaryPart, _ codes: KeptRowCodes
    ) -> RowError? {
        func reject(_ reason: String) -> RowError {
            RowError(file: columns.file, line: line, reason: reason)
        }
        let count = bounds.count - 1
        guard count == columns.header.count else {
            return RowError(
                file: columns.file, line: line, reason: "has \(count) fields, the header has \(columns.header.count)",
                isShort: count < columns.header.count)
        }
        if AccountColumns.isTotalsRow(count: count, cell: { cell(base, $0) }) {
            return RowError.totals(file: columns.file, line: line)
        }
        // The id's cell; empty when there is none (the row is then named by its line).
        let id = columns.idIndex.map { BulkWorker.trimmed(cell(base, $0)) } ?? UnsafeBufferPointer(start: nil, count: 0)
        var name: UnsafeBufferPointer<UInt8>?
        if let n = plan.nameIndex {
            let t = BulkWorker.trimmed(cell(base, n))
            if !t.isEmpty { name = t }
        }
        // Number the text cells, checking each once per distinct text.
        var failure: (column: Int, reason: String)?
        for c in numberedColumns {
            if plainAttributes[c], let v = Cells.plainDecimal(utf8: cell(base, c)) {
                numbers[c] = -2
                plainNumbers[c] = v
                continue
            }
            let bytes = UnsafeRawBufferPointer(cell(base, c))
            guard let (number, isNew) = interners[c].number(of: bytes) else {
                numbers[c] = -1
                if let f = check(c, base) {
                    failure = f
                    break
                }
                continue
            }
            numbers[c] = number
            if isNew { reasons[c].append(check(c, base)?.reason) }
            if let reason = reasons[c][number] {
                failure = (c, reason)
                break
            }
        }
        // Numbers and dates, on the scratch account.
        if !plan.perRowColumns.isEmpty {
            let f: (column: Int, reason: String)?
            if let fields = perRowFields {
                for f in fields { BulkWorker.clear(f, on: &scratch) }
                f = setFields(plan.perRowColumns, fields, base, on: &scratch)
            } else {
                scratch = blank
                let bounds = self.bounds
                f = columns.apply(
                    plan.perRowColumns, of: { BulkWorker.text(base, bounds, $0) }, to: &scratch, cache: &cache)
            }
            if let f, failure.map({ f.column < $0.column }) ?? true { failure = f }
        }
        // Kept numbers and dates, on an account of their own (the caller's
        // local, passed on borrowed: read out of an optional it would be
        // copied per value, and made here a blank would be copied per row).
        if !keptPerRow.isEmpty {
            let f: (column: Int, reason: String)?
            if let fields = keptPerRowFields {
                for f in fields { BulkWorker.clear(f, on: &keptScratch) }
                f = setFields(keptPerRow, fields, base, on: &keptScratch)
            } else {
                keptScratch = blank
                let bounds = self.bounds
                f = columns.apply(
                    keptPerRow, of: { BulkWorker.text(base, bounds, $0) }, to: &keptScratch, cache: &cache)
            }
            if let f, failure.map({ f.column < $0.column }) ?? true { failure = f }
        }
        if let failure { return reject(failure.reason) }
        let idStart = part.block.text.count
        if id.isEmpty {
            part.block.text.append(contentsOf: AccountColumns.lineID(line).utf8)
            part.blankID(line: line)
        } else {
            part.block.text.append(contentsOf: id)
        }
        let nameStart = part.block.text.count
        if let name {
            part.block.text.append(contentsOf: name)
        } else {
            part.block.text.append(contentsOf: part.block.text[idStart..<nameStart])
        }
        let hash = part.block.text.withUnsafeBytes {
            ByteInterner.hash(UnsafeRawBufferPointer(rebasing: $0[idStart..<nameStart]))
        }
        // The plans' values into the part's table; its summaries and degrees
        // follow when the part is read.
        readValues(base, &scratch)
        table.entries.append(part.block.entries.count)
        table.degrees.append(part.block.degrees.count)
        if keep.degrees { part.block.degrees.append(contentsOf: repeatElement(.nan, count: degreeCount)) }
        // Each kept value once per distinct cell (or pair) in the part: a
        // code the part already gave it, else the value, kept as a new code.
        for k in kept.indices {
            var slot = -1
            var pair: UInt64?
            switch kept[k] {
            case .constant: slot = 0
            case .attribute(let c): slot = c >= 0 ? numbers[c] : 0
            case .byCell(_, let c): slot = numbers[c]
            case .byCells(_, let c1, let c2):
                if numbers[c1] >= 0, numbers[c2] >= 0 { pair = PairTable<Int32>.key(numbers[c1], numbers[c2]) }
            case .perRow, .perRowNumber: break
            }
            if slot >= 0, slot < partCodes[k].count, partCodes[k][slot] >= 0 {
                codes[k] = partCodes[k][slot]
                continue
            }
            if let pair, let code = partPairCodes[k][pair] {
                codes[k] = code
                continue
            }
            // A value this worker gave in an earlier part: left out, and
            // filled in as the part is handed on (``KeptOrigins``).
            if slot >= 0, slot < given[k].count, given[k][slot] {
                let code = part.block.kept[k].add(repeatOf: Int32(truncatingIfNeeded: slot))
                codes[k] = code
                BulkWorker.note(code, at: slot, in: &partCodes[k])
                continue
            }
            let value: AttributeValue?
            switch kept[k] {
            case .constant(let r): value = keptQuestions[r].constant
            case .attribute(let c):
                if c >= 0, numbers[c] == -2 {
                    codes.keep(number: plainNumbers[c], k, in: &part.block.kept[k])
                    continue
                }
                value = keptValue(c, base)
            case .byCell(let r, let c): value = keptByCell(k, r, c, base)
            case .byCells(let r, let c1, let c2): value = keptByCells(k, r, c1, c2, base)
            case .perRow(let r): value = keptPerRow.isEmpty ? nil : ask(r, keptScratch)
            case .perRowNumber(let field):
                if let v = keptScratch.number(field), v.isFinite {
                    codes.keep(number: v, k, in: &part.block.kept[k])
                    continue
                }
                value = nil
            }
            if slot < 0, pair == nil, case .number(let v)? = value {
                codes.keep(number: v, k, in: &part.block.kept[k])
                continue
            }
            // A value kept by cell number is the same for every part of this worker.
            if slot >= 0 {
                let code = part.block.kept[k].add(first: value, origin: Int32(truncatingIfNeeded: slot))
                codes[k] = code
                BulkWorker.note(code, at: slot, in: &partCodes[k])
                if given[k].count <= slot {
                    given[k].append(contentsOf: repeatElement(false, count: slot + 1 - given[k].count))
                }
                given[k][slot] = true
                continue
            }
            let code = part.block.kept[k].add(value, origin: -1)
            codes[k] = code
            if let pair { partPairCodes[k][pair] = code }
        }
        part.block.append(
            idStart: idStart, nameStart: nameStart, isASCII: true, hash: hash, line: line, fit: BulkWorker.pending,
            engagement: plan.plans.count > 1 ? BulkWorker.pending : nil, disqualification: nil)
        return nil
    }

    /// Notes a part's code of cell number `slot`.
    private static func note(_ code: Int32, at slot: Int, in codes: inout [Int32]) {
        if codes.count <= slot { codes.append(contentsOf: repeatElement(-1, count: slot + 1 - codes.count)) }
        codes[slot] = code
    }

    /// A kept value read from one text column, once per distinct cell.
    private mutating func keptByCell(_ k: Int, _ r: Int, _ c: Int, _ base: UnsafePointer<UInt8>) -> AttributeValue? {
        let n = numbers[c]
        // The account is made before it is asked: `ask(r, representative(…))`
        // would copy the whole worker (a non-mutating call whose argument
        // mutates it), and each value its cache remembers would then copy
        // the cache's tables.
        guard n >= 0 else {
            let account = representative([c], base)
            return ask(r, account)
        }
        if let value = BulkWorker.remembered(&keptByCell[k], n) { return value }
        let account = representative([c], base)
        let value = ask(r, account)
        BulkWorker.remember(value, at: n, in: &keptByCell[k])
        return value
    }

    /// What `table` remembers at `n`, if anything (`.some(nil)`: a missing value).
    private static func remembered(_ table: inout [AttributeValue??], _ n: Int) -> AttributeValue?? {
        n < table.count ? table[n] : nil
    }

    /// Remembers a value at `n`, growing the table as needed.
    private static func remember(_ value: AttributeValue?, at n: Int, in table: inout [AttributeValue??]) {
        if table.count <= n { table.append(contentsOf: repeatElement(nil, count: n + 1 - table.count)) }
        table[n] = .some(value)
    }

    /// A kept value read from two text columns, once per distinct pair of cells.
    private mutating func keptByCells(
        _ k: Int, _ r: Int, _ c1: Int, _ c2: Int, _ base: UnsafePointer<UInt8>
    ) -> AttributeValue? {
        let n1 = numbers[c1]
        let n2 = numbers[c2]
        guard n1 >= 0, n2 >= 0 else {
            let account = representative([c1, c2], base)
            return ask(r, account)
        }
        let key = PairTable<Double>.key(n1, n2)
        if let value = keptByCells[k][key] { return value }
        let account = representative([c1, c2], base)
        let value = ask(r, account)
        keptByCells[k][key] = value
        return value
    }

    /// An account holding just the given columns' cells of the current row.
    private mutating func representative(_ columns: [Int], _ base: UnsafePointer<UInt8>) -> Account {
        var account = blank
        let bounds = self.bounds
        _ = self.columns.apply(columns, of: { BulkWorker.text(base, bounds, $0) }, to: &account, cache: &cache)
        return account
    }

    /// A kept attribute's value in the current row, read once per
    /// distinct text of its column, as the import reads it.
    private mutating func keptValue(_ column: Int, _ base: UnsafePointer<UInt8>) -> AttributeValue? {
        guard column >= 0 else { return nil }
        let n = numbers[column]
        if n == -2 { return .number(plainNumbers[column]) }
        guard n >= 0 else { return Cells.attribute(utf8: cell(base, column)) }
        if let value = BulkWorker.remembered(&keptValues[column], n) { return value }
        let value = Cells.attribute(utf8: cell(base, column))
        BulkWorker.remember(value, at: n, in: &keptValues[column])
        return value
    }

    /// A plain cell without leading and trailing white space (in ASCII,
    /// what `trimmed()` trims: tab to carriage return, and space).
    static func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        var start = 0
        var end = cell.count
        while start < end, isSpace(cell[start]) { start += 1 }
        while end > start, isSpace(cell[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: cell[start..<end])
    }

    /// Why one text cell of the current row cannot be read, if it cannot
    /// (no `String` made of a cell that always reads).
    private mutating func check(_ column: Int, _ base: UnsafePointer<UInt8>) -> (column: Int, reason: String)? {
        if alwaysReads[column] { return nil }
        let text = text(base, column)
        var account = blank
        return columns.apply(CollectionOfOne(column), of: { _ in text }, to: &account, cache: &cache)
    }

    /// Reads the plans' values of the current row into the part's table:
    /// each category's code, each number, each leaf asked per row.
    private mutating func readValues(_ base: UnsafePointer<UInt8>, _ scratch: inout Account) {
        let row = table.entries.count
        let room = table.room
        for c in table.counts.indices {
            let code = self.code(c, base)
            table.codes[c * room + row] = code
        }
        for i in numberFields.indices {
            let field = numberFields[i]
            table.numbers[i * room + row] = withUnsafePointer(to: &scratch) {
                AccountTable.number(.field(field), at: $0)
            }
        }
        for a in askedModes.indices {
            let answer = self.answer(a, scratch)
            table.asked[a * room + row] = answer
        }
    }

    /// The code of category `c`'s value in the current row: the code the
    /// part gave its cell (or pair of cells), else a new one, whose answers
    /// are remembered per cell across parts; a cell not numbered gets a code
    /// of its own, asked now.
    private mutating func code(_ c: Int, _ base: UnsafePointer<UInt8>) -> Int32 {
        let leaves = groups[c].leaves
        guard leaves > 0 || keep.table else { return 0 }
        let s = slot(c, base)
        guard s >= 0 else {
            let account = representative(plan.categories[c].columns, base)
            for (p, k) in groupLeaves[c] {
                table.answers[p][k].append(plan.plans[p].answer(leaf: k, account, in: context))
            }
            if keep.table { table.representatives[c].append(account) }
            table.counts[c] += 1
            return Int32(table.counts[c] - 1)
        }
        if table.codeOfSlot[c].count <= s {
            table.codeOfSlot[c].append(contentsOf: repeatElement(-1, count: s + 1 - table.codeOfSlot[c].count))
        }
        let known = table.codeOfSlot[c][s]
        if known >= 0 { return known }
        for (j, (p, k)) in groupLeaves[c].enumerated() { table.answers[p][k].append(remembered[c][s * leaves + j]) }
        if keep.table { table.representatives[c].append(slotAccounts[c][s]) }
        let code = Int32(table.counts[c])
        table.counts[c] += 1
        table.codeOfSlot[c][s] = code
        table.touched[c].append(s)
        return code
    }

    /// The slot of group `g`'s answers for the current row's cells (or pair
    /// of cells), remembered when first met; -1 when a cell is not numbered.
    private mutating func slot(_ g: Int, _ base: UnsafePointer<UInt8>) -> Int {
        let cells = groups[g]
        if cells.count <= 1 {
            let n = cells.count == 0 ? 0 : numbers[cells.first]
            guard n >= 0 else { return -1 }
            if slotOfCell[g].count <= n {
                slotOfCell[g].append(contentsOf: repeatElement(-1, count: n + 1 - slotOfCell[g].count))
            }
            let known = slotOfCell[g][n]
            if known >= 0 { return Int(known) }
            let slot = remember(g, base)
            slotOfCell[g][n] = Int32(slot)
            return slot
        }
        guard cells.count == 2, numbers[cells.first] >= 0, numbers[cells.second] >= 0 else { return -1 }
        let key = PairTable<Int32>.key(numbers[cells.first], numbers[cells.second])
        if let known = slotOfCells[g][key] { return Int(known) }
        let slot = remember(g, base)
        slotOfCells[g][key] = Int32(slot)
        return slot
    }

    /// Remembers group `g`'s leaves' answers for an account holding just
    /// its columns' cells of the current row; returns their slot.
    private mutating func remember(_ g: Int, _ base: UnsafePointer<UInt8>) -> Int {
        let account = representative(plan.categories[g].columns, base)
        let slot = slotCounts[g]
        slotCounts[g] += 1
        for (p, k) in groupLeaves[g] { remembered[g].append(plan.plans[p].answer(leaf: k, account, in: context)) }
        if keep.table { slotAccounts[g].append(account) }
        return slot
    }

    /// The answer of leaf `a` asked per row (``BulkPlan/asked``) in the
    /// current row: the one answer, or of the scratch account.
    private func answer(_ a: Int, _ scratch: Account) -> Double {
        switch askedModes[a] {
        case .constant(let v):
            return v
        case .perRow:
            let asked = plan.asked[a]
            return plan.plans[asked.plan].answer(leaf: asked.leaf, scratch, in: context)
        }
    }

    /// Sets number and date fields (cleared) from their columns' cells:
    /// each plain cell straight from its bytes (``AccountColumns/setPlain(_:_:on:)``), any
    /// other as ``AccountColumns/apply(_:of:to:cache:)`` reads it. Returns
    /// the first cell that cannot be read, in column order.
    private mutating func setFields(
        _ read: [Int], _ fields: [AccountField], _ base: UnsafePointer<UInt8>, on account: inout Account
    ) -> (column: Int, reason: String)? {
        for (c, f) in zip(read, fields) where !AccountColumns.setPlain(f, cell(base, c), on: &account) {
            let bounds = self.bounds
            if let failure = columns.apply(
                CollectionOfOne(c), of: { BulkWorker.text(base, bounds, $0) }, to: &account, cache: &cache)
            {
                return failure
            }
        }
        return nil
    }

    /// Clears a number or date field.
    private static func clear(_ field: AccountField, on account: inout Account) {
        switch field {
        case .employees: account.employees = nil
        case .revenue: account.annualRevenue = nil
        case .founded: account.founded = nil
        case .funding: account.fundingTotal = nil
        case .lastFundingDate: account.lastFundingDate = nil
        case .customers: account.customerCount = nil
        case .nps: account.nps = nil
        case .sentiment: account.sentiment = nil
        case .referrals: account.referralsGiven = nil
        default: break
        }
    }
}

extension CRMImport {
    /// The accounts of the rows that start on `lines`, read again from a
    /// file already summarised (the best few of a ranking, to explain
    /// them): only those rows are split and built, with every column the
    /// profile reads (or every column, without `reading`), exactly as
    /// ``mapAccounts(path:idColumn:map:format:strict:events:threads:reading:repeatedIDs:_:_:)``
    /// builds them. Standard input cannot be read twice: `-` gives none.
    ///
    /// - Throws: ``FileError`` or ``HeaderError`` as the first reading did.
    package static func accounts(
        path: String, lines: Set<Int>, idColumn: String?, map: ColumnMap, format: CSVFormat, reading read: FieldsRead?
    ) throws -> [Int: Account] {
        guard path != "-", !lines.isEmpty else { return [:] }
        let blocks = try CSVBlocks(path: path, format: format)
        guard var block = try blocks.next() else { return [:] }
        let first = block.rows.removeFirst()
        let header = BulkWorker.record(of: first, in: block, skip: [], delimiter: blocks.delimiter).fields
        let all = try AccountColumns(header: header, file: blocks.source, idColumn: idColumn, map: map)
        let columns = read.map { all.reading(only: $0) } ?? all
        blocks.skip = columns.skipped
        var found: [Int: Account] = [:]
        var cache = AccountCache()
        while true {
            for row in block.rows where lines.contains(row.line) {
                let record = BulkWorker.record(of: row, in: block, skip: columns.skipped, delimiter: blocks.delimiter)
                if case .success(let account) = columns.account(from: record, cache: &cache) {
                    found[row.line] = account
                }
            }
            guard found.count < lines.count, let next = try blocks.next() else { break }
            block = next
        }
        return found
    }
}
