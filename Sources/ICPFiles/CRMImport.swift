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

    /// Creates an empty report for a file.
    public init(file: String) { self.file = file }

    /// `accounts.csv: 1,000 read, 998 used, 2 rejected`.
    public var description: String {
        let f = ValueFormat.count
        return
            "\(file): \(f.format(Double(read))) read, \(f.format(Double(used))) used, \(f.format(Double(rejected.count))) rejected"
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
    ///   - strict: Stop at the first bad row.
    ///   - events: Account events by account id, attached in time order.
    ///   - body: Called with each good account, in file order.
    /// - Throws: ``FileError``, ``HeaderError``, the first ``RowError`` in
    ///   strict mode, or what `body` throws.
    public static func accounts(
        path: String, idColumn: String? = nil, strict: Bool = false, events: [String: [EngagementEvent]] = [:],
        _ body: (Account) throws -> Void
    ) throws -> ImportReport {
        try mapAccounts(path: path, idColumn: idColumn, strict: strict, events: events, threads: 1, { $0 }) {
            _, account in try body(account)
        }
    }

    /// Streams the accounts of a file through `transform` on all cores (or
    /// `threads` of them) and hands each result to `body` in file order.
    ///
    /// Records are read in batches; each batch is turned into accounts and
    /// transformed in parallel, one cache of folded texts per thread, then
    /// checked in order (a repeated id is rejected as in ``accounts(path:idColumn:strict:events:_:)``)
    /// and passed on. This is how `icp score` scores a million accounts.
    ///
    /// - Parameters:
    ///   - path: The file, or `-` for standard input.
    ///   - idColumn: The header of the id column, when not a standard one.
    ///   - strict: Stop at the first bad row.
    ///   - events: Account events by account id, attached in time order.
    ///   - threads: How many threads; by default one per active core.
    ///   - read: When given, only these fields and attributes are read (the
    ///     others are neither parsed nor checked), e.g. `FieldsRead(profile)`.
    ///   - transform: Called on the worker threads with each good account.
    ///   - body: Called in file order with each good account's id and result.
    /// - Throws: ``FileError``, ``HeaderError``, the first ``RowError`` in
    ///   strict mode, or what `body` throws.
    public static func mapAccounts<T>(
        path: String, idColumn: String? = nil, strict: Bool = false, events: [String: [EngagementEvent]] = [:],
        threads: Int? = nil, reading read: FieldsRead? = nil, _ transform: @escaping @Sendable (Account) -> T,
        _ body: (String, T) throws -> Void
    ) throws -> ImportReport {
        let reader = try CSVReader(path: path)
        var report = ImportReport(file: reader.source)
        guard let header = try reader.next() else {
            throw HeaderError(file: reader.source, message: "is empty; expected a header row")
        }
        let all = try AccountColumns(header: header.fields, file: reader.source, idColumn: idColumn)
        let columns = read.map { all.reading(only: $0) } ?? all
        reader.skip = columns.skipped
        let workers = max(1, threads ?? ParallelMap.defaultThreads)
        var caches = [AccountCache](repeating: AccountCache(), count: workers)
        var seen = FirstLines()
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
                report.read += 1
                switch result {
                case .success(let (id, value)):
                    if let error = seen.repeated(id, line: records[i].line, file: reader.source) {
                        if strict { throw error }
                        report.rejected.append(error)
                        continue
                    }
                    report.used += 1
                    try body(id, value)
                case .failure(let error):
                    if strict { throw error }
                    report.rejected.append(error)
                }
            }
        }
        return report
    }

    /// Reads every account of a file into memory, in file order.
    public static func allAccounts(
        path: String, idColumn: String? = nil, strict: Bool = false, events: [String: [EngagementEvent]] = [:]
    ) throws -> (accounts: [Account], report: ImportReport) {
        var list: [Account] = []
        let report = try CRMImport.accounts(path: path, idColumn: idColumn, strict: strict, events: events) {
            list.append($0)
        }
        return (list, report)
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

    /// Reads a contacts file into contacts by account id, attaching each
    /// contact's events.
    ///
    /// - Throws: ``FileError``, ``HeaderError`` or, in strict mode, the
    ///   first ``RowError``.
    public static func contacts(path: String, strict: Bool = false, events: [String: [EngagementEvent]] = [:])
        throws -> (byAccount: [String: [Contact]], report: ImportReport)
    {
        let reader = try CSVReader(path: path)
        var report = ImportReport(file: reader.source)
        guard let header = try reader.next() else {
            throw HeaderError(file: reader.source, message: "is empty; expected a header row")
        }
        let columns = try ContactColumns(header: header.fields, file: reader.source)
        var byAccount: [String: [Contact]] = [:]
        var seen = FirstLines()
        while let record = try reader.next() {
            report.read += 1
            var result = columns.contact(from: record)
            if case .success(let c) = result, let error = seen.repeated(c.id, line: record.line, file: reader.source) {
                result = .failure(error)
            }
            switch result {
            case .success(var contact):
                if let own = events[contact.id] { contact.events = EventLog(own) }
                report.used += 1
                byAccount[contact.accountID ?? "", default: []].append(contact)
            case .failure(let error):
                if strict { throw error }
                report.rejected.append(error)
            }
        }
        return (byAccount, report)
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
