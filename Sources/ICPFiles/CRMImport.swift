import ICPCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What reading one file did: rows read, used and rejected, with each
/// rejection's file, line and reason.
public struct ImportReport: Sendable, Hashable, CustomStringConvertible {
    /// The file, or `standard input`.
    public var file: String
    /// Data rows read (the header not counted).
    public var read = 0
    /// Rows used.
    public var used = 0
    /// Rows rejected, in file order.
    public var rejected: [RowError] = []
    /// Rows read well but left out by the analysis (an empty or open
    /// outcome): read = used + rejected + left out.
    public var leftOut = 0
    /// What the reader noticed and did without rejecting a row (no id
    /// column, blank or repeated ids, a report footer), each said once.
    public var notes: [String] = []
    /// The header of an accounts file, as written.
    public var header: [String] = []
    /// What each column of an accounts file fed (see ``AccountColumns``).
    public var targets: [AccountColumns.Target] = []

    /// Creates an empty report for a file.
    public init(file: String) { self.file = file }

    /// `accounts.csv: 1,000 read, 998 used, 2 rejected`.
    public var description: String {
        let f = ValueFormat.count
        return
            "\(file): \(f.format(Double(read))) read, \(f.format(Double(used))) used, \(f.format(Double(rejected.count))) rejected"
            + (leftOut > 0 ? ", \(f.format(Double(leftOut))) left out" : "")
    }
}

/// Events from an events file, by the account or contact they belong to.
public struct EventsByOwner: Sendable {
    /// Every event of an account, its contacts' included, by account id.
    public var byAccount: [String: [EngagementEvent]] = [:]
    /// Contact events, by contact id.
    public var byContact: [String: [EngagementEvent]] = [:]
    /// What reading the file did.
    public var report: ImportReport

    /// Creates an empty set for a file.
    public init(file: String) { report = ImportReport(file: file) }
}

/// Reads CRM exports: accounts (streamed), and the events and contacts
/// files keyed to them by account id.
///
/// A bad row never disappears silently: it goes into the report with its
/// file, line and reason and the good rows are still used; in strict mode
/// the first bad row stops the read with its ``RowError``.
///
/// ```swift
/// let events = try CRMImport.events(path: "events.csv")
/// let report = try CRMImport.accounts(path: "accounts.csv", events: events.byAccount) { account in
///     ranked.add(profile.score(account, asOf: today))
/// }
/// ```
public enum CRMImport {
    /// Streams the accounts of a file (or `-` for standard input), attaching
    /// their events, and calls `body` for each good one in file order.
    ///
    /// - Parameters:
    ///   - path: The file, or `-` for standard input.
    ///   - idColumn: The header of the id column, when not a standard one.
    ///   - map: Columns to read as given fields or attributes.
    ///   - format: The field separator and text encoding; what is not given is told from the file.
    ///   - strict: Stop at the first bad row.
    ///   - events: Account events by account id, attached in time order.
    ///   - body: Called with each good account, in file order.
    /// - Throws: ``FileError``, ``HeaderError``, the first ``RowError`` in
    ///   strict mode, or what `body` throws.
    public static func accounts(
        path: String, idColumn: String? = nil, map: ColumnMap = ColumnMap(), format: CSVFormat = CSVFormat(),
        strict: Bool = false, events: [String: [EngagementEvent]] = [:], _ body: (Account) throws -> Void
    ) throws -> ImportReport {
        try mapAccounts(
            path: path, idColumn: idColumn, map: map, format: format, strict: strict, events: events, threads: 1,
            { $0 }
        ) {
            _, account in try body(account)
        }
    }

    /// Streams the accounts of a file through `transform` on all cores (or
    /// `threads` of them) and hands each result to `body` in file order.
    ///
    /// Records are read in batches; each batch is turned into accounts and
    /// transformed in parallel, one cache of folded texts per thread, then
    /// checked in order (a repeated id is rejected as in ``accounts(path:idColumn:map:format:strict:events:_:)``)
    /// and passed on. This is how `icp score` scores a million accounts.
    ///
    /// - Parameters:
    ///   - path: The file, or `-` for standard input.
    ///   - idColumn: The header of the id column, when not a standard one.
    ///   - map: Columns to read as given fields or attributes.
    ///   - format: The field separator and text encoding; what is not given is told from the file.
    ///   - strict: Stop at the first bad row.
    ///   - events: Account events by account id, attached in time order.
    ///   - threads: How many threads; by default one per active core.
    ///   - read: When given, only these fields and attributes are read (the
    ///     others are neither parsed nor checked), e.g. `FieldsRead(profile)`.
    ///   - repeatedIDs: Whether a row whose id an earlier row has is
    ///     rejected (scoring, where ids name results) or kept with a note
    ///     (outcome analysis, where every row is an observation).
    ///   - transform: Called on the worker threads with each good account.
    ///   - body: Called in file order with each good account's id and result.
    /// - Throws: ``FileError``, ``HeaderError``, the first ``RowError`` in
    ///   strict mode, or what `body` throws.
    public static func mapAccounts<T>(
        path: String, idColumn: String? = nil, map: ColumnMap = ColumnMap(), format: CSVFormat = CSVFormat(),
        strict: Bool = false, events: [String: [EngagementEvent]] = [:], threads: Int? = nil,
        reading read: FieldsRead? = nil, repeatedIDs: RepeatedIDs = .rejected,
        _ transform: @escaping @Sendable (Account) -> T, _ body: (String, T) throws -> Void
    ) throws -> ImportReport {
        try mapAccountLines(
            path: path, idColumn: idColumn, map: map, format: format, strict: strict, events: events, threads: threads,
            reading: read, repeatedIDs: repeatedIDs, transform
        ) { id, _, value in try body(id, value) }
    }

    /// ``mapAccounts(path:idColumn:map:format:strict:events:threads:reading:repeatedIDs:_:_:)``
    /// handing `body` each row's line too.
    package static func mapAccountLines<T>(
        path: String, idColumn: String?, map: ColumnMap, format: CSVFormat, strict: Bool,
        events: [String: [EngagementEvent]], threads: Int?, reading read: FieldsRead?, repeatedIDs: RepeatedIDs,
        _ transform: @escaping @Sendable (Account) -> T, _ body: (String, Int, T) throws -> Void
    ) throws -> ImportReport {
        let reader = try CSVReader(path: path, format: format)
        var report = ImportReport(file: reader.source)
        guard let header = try reader.next() else {
            throw HeaderError(file: reader.source, message: "is empty; expected a header row")
        }
        report.notes += CSVFormat.notes(delimiter: reader.delimiter, encoding: reader.encoding, given: format)
        let all = try AccountColumns(header: header.fields, file: reader.source, idColumn: idColumn, map: map)
        report.header = all.header
        report.targets = all.targets
        let columns = read.map { all.reading(only: $0) } ?? all
        reader.skip = columns.skipped
        let workers = max(1, threads ?? ParallelMap.defaultThreads)
        var caches = [AccountCache](repeating: AccountCache(), count: workers)
        var ledger = RowLedger(report: report, strict: strict, repeatedIDs: repeatedIDs)
        let batchSize = 16_384
        var batch: [CSVRecord] = []
        batch.reserveCapacity(batchSize)
        var finished = false
        while !finished {
            batch.removeAll(keepingCapacity: true)
            while batch.count < batchSize, let record = try reader.next() { batch.append(record) }
            finished = batch.count < batchSize
            if batch.isEmpty { break }
            let records = batch
            let results = caches.withUnsafeMutableBufferPointer { buffer in
                ParallelMap.map(count: records.count, states: buffer) {
                    (index: Int, cache: inout AccountCache) -> Result<(String, T), RowError> in
                    switch columns.account(from: records[index], cache: &cache) {
                    case .success(var account):
                        if !events.isEmpty, let own = events[account.id] { account.events = EventLog(own) }
                        return .success((account.id, transform(account)))
                    case .failure(let error):
                        return .failure(error)
                    }
                }
            }
            for (i, result) in results.enumerated() {
                let line = records[i].line
                switch result {
                case .success(let (id, value)):
                    if try ledger.take(id: id, line: line) { try body(id, line, value) }
                case .failure(let error):
                    try ledger.reject(error)
                }
            }
        }
        return ledger.finish(columns)
    }

    /// Reads every account of a file into memory, in file order.
    ///
    /// - Parameters:
    ///   - path: The file, or `-` for standard input.
    ///   - idColumn: The header of the id column, when not a standard one.
    ///   - map: Columns to read as given fields or attributes.
    ///   - format: The field separator and text encoding; what is not given is told from the file.
    ///   - strict: Stop at the first bad row.
    ///   - events: Account events by account id, attached in time order.
    ///   - repeatedIDs: Whether a repeated id rejects its row (the default)
    ///     or is kept with a note.
    public static func allAccounts(
        path: String, idColumn: String? = nil, map: ColumnMap = ColumnMap(), format: CSVFormat = CSVFormat(),
        strict: Bool = false, events: [String: [EngagementEvent]] = [:], repeatedIDs: RepeatedIDs = .rejected
    ) throws -> (accounts: [Account], report: ImportReport) {
        let read = try accountLines(
            path: path, idColumn: idColumn, map: map, format: format, strict: strict, events: events,
            repeatedIDs: repeatedIDs)
        return (read.accounts, read.report)
    }

    /// ``allAccounts(path:idColumn:map:format:strict:events:repeatedIDs:)``
    /// with each account's line (where its record starts), reading only
    /// the fields and attributes in `reading` when it is given, on
    /// `threads` threads (by default one, so that rows with the same
    /// attribute columns share one array of names; `nil` for all cores).
    package static func accountLines(
        path: String, idColumn: String? = nil, map: ColumnMap = ColumnMap(), format: CSVFormat = CSVFormat(),
        strict: Bool = false, events: [String: [EngagementEvent]] = [:], repeatedIDs: RepeatedIDs = .rejected,
        reading: FieldsRead? = nil, threads: Int? = 1
    ) throws -> (accounts: [Account], lines: [Int], report: ImportReport) {
        var list: [Account] = []
        var lines: [Int] = []
        let report = try mapAccountLines(
            path: path, idColumn: idColumn, map: map, format: format, strict: strict, events: events,
            threads: threads, reading: reading, repeatedIDs: repeatedIDs, { $0 }
        ) { _, line, account in
            list.append(account)
            lines.append(line)
        }
        return (list, lines, report)
    }

    /// Reads an events file.
    ///
    /// - Throws: ``FileError``, ``HeaderError`` or, in strict mode, the
    ///   first ``RowError``.
    public static func events(path: String, strict: Bool = false) throws -> EventsByOwner {
        let reader = try CSVReader(path: path)
        var out = EventsByOwner(file: reader.source)
        guard let header = try reader.next() else {
            throw HeaderError(file: reader.source, message: "is empty; expected a header row")
        }
        let columns = try EventColumns(header: header.fields, file: reader.source)
        while let record = try reader.next() {
            out.report.read += 1
            switch columns.event(from: record) {
            case .success(let row):
                out.report.used += 1
                // An account's engagement includes its people's: a contact's
                // event counts for the contact and for the account.
                out.byAccount[row.accountID, default: []].append(row.event)
                if let contact = row.contactID { out.byContact[contact, default: []].append(row.event) }
            case .failure(let error):
                if strict { throw error }
                out.report.rejected.append(error)
            }
        }
        return out
    }

    /// Reads a contacts file, attaching each contact's events: contacts
    /// with an account id by that id, the others by their email's domain
    /// (free-mail domains excepted), to be matched to accounts by
    /// ``ContactsByAccount/contacts(of:)``.
    ///
    /// - Throws: ``FileError``, ``HeaderError`` or, in strict mode, the
    ///   first ``RowError``.
    public static func contacts(path: String, strict: Bool = false, events: [String: [EngagementEvent]] = [:])
        throws -> ContactsByAccount
    {
        let reader = try CSVReader(path: path)
        guard let header = try reader.next() else {
            throw HeaderError(file: reader.source, message: "is empty; expected a header row")
        }
        let columns = try ContactColumns(header: header.fields, file: reader.source)
        var out = ContactsByAccount(file: reader.source)
        var seen = FirstLines()
        var unlinked = (count: 0, first: 0)
        while let record = try reader.next() {
            out.report.read += 1
            var result = columns.contact(from: record)
            if case .success(let c) = result, let error = seen.repeated(c.id, line: record.line, file: reader.source) {
                result = .failure(error)
            }
            switch result {
            case .success(var contact):
                if let own = events[contact.id] { contact.events = EventLog(own) }
                out.report.used += 1
                if let account = contact.accountID {
                    out.byAccount[account, default: []].append(contact)
                    continue
                }
                if unlinked.count == 0 { unlinked.first = record.line }
                unlinked.count += 1
                if let domain = contact.email.flatMap(ContactsByAccount.emailDomain) {
                    if ContactsByAccount.isFreeMail(domain) {
                        out.freeMail += 1
                    } else {
                        out.byDomain[domain, default: []].append(contact)
                    }
                } else {
                    out.noDomain += 1
                }
            case .failure(let error):
                if strict { throw error }
                out.report.rejected.append(error)
            }
        }
        if unlinked.count > 0 {
            let rows =
                unlinked.count == 1
                ? "1 contact has" : "\(ValueFormat.count.format(Double(unlinked.count))) contacts have"
            out.report.notes.append(
                "\(rows) no account id (first: line \(unlinked.first)); matched to accounts by email domain against the accounts' domain or website"
            )
        }
        return out
    }
}

/// Rows with fewer fields than the header, held back while they may be a
/// report footer: rejected when a full row follows them, else noted once.
struct TrailingFooter {
    private var held: [RowError] = []

    /// Holds a short row or a totals row; returns false for any other rejection.
    mutating func hold(_ error: RowError) -> Bool {
        guard error.isShort || error.isTotals else { return false }
        held.append(error)
        return true
    }

    /// Whether no row is held.
    var isEmpty: Bool { held.isEmpty }

    /// The rows held so far, to be rejected after all: a row followed them.
    mutating func release() -> [RowError] {
        defer { held.removeAll() }
        return held
    }

    /// What the report says of a footer at the end of the file, if any.
    var note: String? {
        guard let first = held.first else { return nil }
        let lines =
            held.count == 1 ? "the last line (\(first.line))" : "the last \(held.count) lines (from line \(first.line))"
        let what =
            held.allSatisfy(\.isShort)
            ? "\(held.count == 1 ? "has" : "have") fewer fields than the header"
            : held.allSatisfy(\.isTotals)
                ? "\(held.count == 1 ? "reads" : "read") as totals"
                : "\(held.count == 1 ? "is" : "are") short or totals"
        return "\(lines) \(what): read as a report footer and left out"
    }
}

/// What an import does with a row whose id an earlier row has.
public enum RepeatedIDs: Sendable, Hashable {
    /// The row is rejected: ids name results, and two rows cannot share one.
    case rejected
    /// The row is kept, and the report notes how many repeat.
    case kept
}

/// Rows kept though their id repeats an earlier row's, for the report's note.
struct RepeatedRows {
    private var count = 0
    private var first: RowError?

    /// Counts a repeat, given the error it would have been.
    mutating func add(_ error: RowError) {
        count += 1
        if first == nil { first = error }
    }

    /// The note, when some id repeated.
    var note: String? {
        guard let first else { return nil }
        let rows = count == 1 ? "1 row repeats" : "\(ValueFormat.count.format(Double(count))) rows repeat"
        return
            "\(rows) an id of an earlier row (first: line \(first.line), \(first.reason)); each is kept as its own row"
    }
}

/// What reading an accounts file does with each row's outcome, in file
/// order: a rejection (held back when it may be a report footer), a blank
/// id counted, a repeated id rejected or noted; the notes when done.
struct RowLedger {
    var report: ImportReport
    let strict: Bool
    let repeatedIDs: RepeatedIDs
    private var seen = FirstLines()
    private var blankIDs = (count: 0, first: 0)
    private var repeats = RepeatedRows()
    private var footer = TrailingFooter()

    init(report: ImportReport, strict: Bool, repeatedIDs: RepeatedIDs) {
        self.report = report
        self.strict = strict
        self.repeatedIDs = repeatedIDs
    }

    /// A good row with this id: whether it is used (a repeated id is
    /// rejected unless repeats are kept).
    ///
    /// - Throws: The first rejected row in strict mode.
    mutating func take(id: String, line: Int) throws -> Bool {
        report.read += 1
        try release()
        if id == AccountColumns.lineID(line) {
            if blankIDs.count == 0 { blankIDs.first = line }
            blankIDs.count += 1
        }
        if let error = seen.repeated(id, line: line, file: report.file) {
            if repeatedIDs == .kept {
                repeats.add(error)
            } else {
                try add(error)
                return false
            }
        }
        report.used += 1
        return true
    }

    /// A row that could not be read: held back while it may be part of a
    /// footer, else rejected.
    ///
    /// - Throws: The first rejected row in strict mode.
    mutating func reject(_ error: RowError) throws {
        report.read += 1
        if footer.hold(error) { return }
        try release()
        try add(error)
    }

    /// Rejects the rows held back: they were not a footer.
    private mutating func release() throws {
        for held in footer.release() { try add(held) }
    }

    private mutating func add(_ error: RowError) throws {
        if strict { throw error }
        report.rejected.append(error)
    }

    /// The report, with the footer, blank ids and repeated ids noted.
    func finish(_ columns: AccountColumns) -> ImportReport {
        var report = self.report
        report.finish(footer: footer, blankIDs: blankIDs, repeats: repeats, columns: columns)
        return report
    }
}

extension ImportReport {
    /// Ends an accounts file's reading: a footer held at the end left out
    /// (its rows not counted as read), and notes of it, of blank ids and of
    /// repeated ids kept.
    mutating func finish(
        footer: TrailingFooter, blankIDs: (count: Int, first: Int), repeats: RepeatedRows, columns: AccountColumns
    ) {
        var footer = footer
        if let note = footer.note {
            notes.append(note)
            read -= footer.release().count
        }
        if let note = columns.idNote(blank: blankIDs.count, first: blankIDs.first) { notes.append(note) }
        if let note = repeats.note { notes.append(note) }
    }
}

/// The line each id was first seen on, to reject repeats.
struct FirstLines {
    private var lines: [String: Int] = [:]

    /// Records the id's line, or returns the error when it was seen before.
    mutating func repeated(_ id: String, line: Int, file: String) -> RowError? {
        if let first = lines[id] { return FirstLines.error(id, line: line, first: first, file: file) }
        lines[id] = line
        return nil
    }

    /// The error for an id used before, on line `first`.
    static func error(_ id: String, line: Int, first: Int, file: String) -> RowError {
        RowError(file: file, line: line, reason: "the id \"\(id)\" is already used on line \(first)")
    }
}
