import ICPCore

/// An `AccountTable` read from an accounts file, with what names each of
/// its rows and what reading the file did.
///
/// Row `i` of ``table`` is the account on line `lines[i]` whose id is
/// `ids[i]`: the good rows, in file order.
public struct ImportedTable: Sendable {
    /// The columns the operands asked for read.
    public let table: AccountTable
    /// Each row's account id (a blank id is named by its line, as
    /// everywhere else in the import).
    public let ids: [String]
    /// Each row's line in the file: where its record starts.
    public let lines: [Int]
    /// Rows read, used and rejected, and what the reader noticed, including
    /// each value asked for that no column of the file holds.
    public let report: ImportReport
}

extension CRMImport {
    /// Reads the columns the operands need from an accounts file into an
    /// `AccountTable`, on all cores (or `threads` of them): the way to
    /// score a file with several plans, or one plan on several days,
    /// reading it once.
    ///
    /// Only the columns that feed the operands are parsed and checked.
    /// Numbers are held as `Double`s and any other value dictionary-encoded,
    /// each distinct value once (see `AccountTable`), so the table's size
    /// grows with the columns read, not with whole accounts. Only when an
    /// operand is worked out per row (an id, name or domain, headcount
    /// history, events) does the table keep an account per row, holding
    /// just the columns read (with its events).
    ///
    /// The table holds exactly what `AccountTable(_:reading:)` makes
    /// of the accounts ``allAccounts(path:idColumn:map:format:strict:events:repeatedIDs:)``
    /// reads, and a plan's summaries over it are the rubric's own. A value
    /// no column holds is missing in every row, and the report says so,
    /// with the headers that look nearest. Bind to the table only plans
    /// whose `ScoringPlan.operands` it was read for: what it did not read
    /// is unknown.
    ///
    /// ```swift
    /// guard let plan = ScoringPlan(profile.fit) else { return }  // a host criterion: score row by row
    /// let read = try CRMImport.table(path: "accounts.csv", reading: plan.operands)
    /// let bound = plan.bind(read.table)
    /// let now = bound.summaries(in: EvaluationContext(asOf: today))
    /// let then = bound.summaries(in: EvaluationContext(asOf: lastQuarter))
    /// ```
    ///
    /// - Parameters:
    ///   - path: The file, or `-` for standard input.
    ///   - operands: The values to hold, e.g. a plan's `ScoringPlan.operands`.
    ///   - idColumn: The header of the id column, when not a standard one.
    ///   - map: Columns to read as given fields or attributes.
    ///   - format: The field separator and text encoding; what is not given is told from the file.
    ///   - strict: Stop at the first bad row.
    ///   - events: Account events by account id (read only when an operand
    ///     measures events).
    ///   - repeatedIDs: Whether a row whose id an earlier row has is
    ///     rejected (the default) or kept with a note.
    ///   - threads: How many threads; by default one per active core.
    /// - Throws: ``FileError``, ``HeaderError`` or, in strict mode, the
    ///   first ``RowError``.
    public static func table(
        path: String, reading operands: [Operand], idColumn: String? = nil, map: ColumnMap = ColumnMap(),
        format: CSVFormat = CSVFormat(), strict: Bool = false, events: [String: [EngagementEvent]] = [:],
        repeatedIDs: RepeatedIDs = .rejected, threads: Int? = nil
    ) throws -> ImportedTable {
        try table(
            path: path, reading: operands, idColumn: idColumn, map: map, format: format, strict: strict,
            events: events, repeatedIDs: repeatedIDs, threads: threads, blockSize: 4 << 20)
    }

    /// ``table(path:reading:idColumn:map:format:strict:events:repeatedIDs:threads:)``
    /// reading blocks of about `blockSize` bytes (small ones test the seams).
    static func table(
        path: String, reading operands: [Operand], idColumn: String?, map: ColumnMap, format: CSVFormat,
        strict: Bool, events: [String: [EngagementEvent]], repeatedIDs: RepeatedIDs, threads: Int?, blockSize: Int
    ) throws -> ImportedTable {
        let read = FieldsRead(operands: operands)
        // Read as `icp score` reads a file: each distinct cell once, numbers
        // per row; every row read into an account when a value is worked
        // out per row, and its account kept.
        let keepsAccounts = AccountTable.needsAccounts(operands)
        var builder = AccountTable.Builder(reading: operands, keepingAccounts: keepsAccounts)
        var ids: [String] = []
        var lines: [Int] = []
        var report = try bulkBlocks(
            path: path, idColumn: idColumn, map: map, format: format, strict: strict, threads: threads,
            blockSize: blockSize,
            keep: BulkKeep(repeatedIDs: repeatedIDs, table: true, accounts: keepsAccounts ? events : nil),
            context: AccountTable.dayFree,
            plan: { BulkPlan(table: operands, columns: $0.reading(only: read)) }
        ) { block in
            guard let part = block.table else { return }
            builder.append(contentsOf: part, rows: block.entries.map { Int($0.row) })
            for entry in block.entries {
                ids.append(block.id(entry))
                lines.append(entry.line)
            }
        }
        report.notes += unheld(operands, header: report.header, targets: report.targets)
        return ImportedTable(table: builder.table(), ids: ids, lines: lines, report: report)
    }

    /// A note per operand whose fields and attributes no column feeds.
    private static func unheld(_ operands: [Operand], header: [String], targets: [AccountColumns.Target])
        -> [String]
    {
        let (fields, attributes, unused) = ColumnCoverage.held(header: header, targets: targets)
        var notes: [String] = []
        var said: Set<String> = []
        for operand in operands {
            let reads = FieldsRead(operand)
            let names = reads.fields.map(\.rawValue).sorted() + reads.attributes.map(\.folded).sorted()
            guard !names.isEmpty, !fields.contains(where: { AccountColumns.feeds($0, reads) }),
                reads.attributes.isDisjoint(with: attributes),
                said.insert(names.joined(separator: " or ")).inserted
            else { continue }
            let words = reads.fields.flatMap(\.aliases) + reads.attributes.map(\.folded)
            let nearest = ColumnCoverage.nearest(to: words, among: unused)
            notes.append(
                "no column holds \(names.joined(separator: " or ")): it is missing in every row"
                    + (nearest.isEmpty ? "" : "; nearest headers: " + nearest.map { "'\($0)'" }.joined(separator: ", "))
            )
        }
        return notes
    }
}
