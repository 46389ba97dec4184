import ICPCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds named columns in a header by their aliases (folded), for the
/// events and contacts files.
struct HeaderIndex {
    let file: String
    let header: [String]
    private var positions: [String: Int] = [:]

    /// - Throws: ``HeaderError`` when a required column is missing or two
    ///   columns read as the same one.
    init(header: [String], file: String, columns: [(name: String, aliases: [String], required: Bool)]) throws {
        self.file = file
        self.header = header
        let keys = header.map { NameKey($0) }
        for column in columns {
            // The columns that read as this one, by the first alias they
            // match: an earlier alias wins ("Associated Company IDs (Primary)"
            // over "Associated Company ID"); two columns on one alias clash.
            let aliases = column.aliases.map { NameKey($0) }
            let hits =
                aliases.lazy.map { alias in keys.indices.filter { keys[$0] == alias } }.first { !$0.isEmpty } ?? []
            if hits.count > 1 {
                throw HeaderError(
                    file: file,
                    message:
                        "columns \(hits[0] + 1) (\"\(header[hits[0]])\") and \(hits[1] + 1) (\"\(header[hits[1]])\") both read as \(column.name); rename one"
                )
            }
            if let i = hits.first {
                positions[column.name] = i
            } else if column.required {
                throw HeaderError(
                    file: file,
                    message:
                        "no \(column.name) column; call it one of \(column.aliases.map { "\"\($0)\"" }.joined(separator: ", ")); the columns are \(AccountColumns.list(header))"
                )
            }
        }
    }

    /// The trimmed text of a named column in a record, `nil` when the file has no such column.
    func text(_ name: String, in record: CSVRecord) -> String? {
        positions[name].map { record.fields[$0].trimmed() }
    }

    /// The header of a named column.
    func headerName(_ name: String) -> String { positions[name].map { header[$0] } ?? name }

    /// Checks the record's shape: no parse problem and as many fields as the header.
    func check(_ record: CSVRecord) -> RowError? {
        let read = Set(positions.values)
        if let problem = record.problem(reading: read.contains, header: header) {
            return RowError(file: file, line: record.line, reason: problem)
        }
        guard record.fields.count == header.count else {
            return RowError(
                file: file, line: record.line,
                reason: "has \(record.fields.count) fields, the header has \(header.count)")
        }
        return nil
    }
}

/// An event from an events file, with the account (and contact) it belongs to.
public struct EventRow: Sendable, Hashable {
    /// The account's id.
    public var accountID: String
    /// The contact's id, when the event is a person's.
    public var contactID: String?
    /// The event.
    public var event: EngagementEvent
}

/// How the columns of an events file map onto events: `account_id`,
/// `kind`, `timestamp` (required), and `contact_id`, `count`, `value`,
/// `channel`, `detail` (optional), with common aliases (`type`, `date`,
/// `topic` …).
public struct EventColumns: Sendable {
    private let index: HeaderIndex

    /// The columns and their aliases.
    static let columns: [(name: String, aliases: [String], required: Bool)] = [
        ("account_id", ["account_id", "account id", "accountid", "company id"], true),
        ("contact_id", ["contact_id", "contact id", "contactid"], false),
        ("kind", ["kind", "type", "event", "event type", "activity", "activity type"], true),
        ("timestamp", ["timestamp", "date", "time", "occurred at", "event date", "created at"], true),
        ("count", ["count", "quantity"], false),
        ("value", ["value", "amount"], false),
        ("channel", ["channel", "source"], false),
        ("detail", ["detail", "topic", "tag", "page", "url", "subject"], false),
    ]

    /// Maps a header.
    ///
    /// - Throws: ``HeaderError`` for a missing required column or two
    ///   columns that read as one.
    public init(header: [String], file: String) throws {
        index = try HeaderIndex(header: header, file: file, columns: EventColumns.columns)
    }

    /// Reads one record, or says why it cannot be used.
    public func event(from record: CSVRecord) -> Result<EventRow, RowError> {
        let h = index
        if let error = h.check(record) { return .failure(error) }
        func reject(_ reason: String) -> Result<EventRow, RowError> {
            .failure(RowError(file: h.file, line: record.line, reason: reason))
        }
        let account = h.text("account_id", in: record) ?? ""
        guard !account.isEmpty else {
            return reject("the account id (column \"\(h.headerName("account_id"))\") is empty")
        }
        let kind = h.text("kind", in: record) ?? ""
        guard !kind.isEmpty else { return reject("the kind (column \"\(h.headerName("kind"))\") is empty") }
        let date: Date
        switch Cells.date(h.text("timestamp", in: record) ?? "") {
        case .value(let d): date = d
        case .missing: return reject("the timestamp (column \"\(h.headerName("timestamp"))\") is empty")
        case .invalid(let reason): return reject("column \"\(h.headerName("timestamp"))\": \(reason)")
        }
        var count = 1
        switch Cells.count(h.text("count", in: record) ?? "") {
        case .value(let n): count = n
        case .missing: break
        case .invalid(let reason): return reject("column \"\(h.headerName("count"))\": \(reason)")
        }
        var value: Double?
        switch Cells.number(h.text("value", in: record) ?? "") {
        case .value(let v): value = v
        case .missing: break
        case .invalid(let reason): return reject("column \"\(h.headerName("value"))\": \(reason)")
        }
        let contact = h.text("contact_id", in: record).flatMap { $0.isEmpty ? nil : $0 }
        let channel = h.text("channel", in: record).flatMap { $0.isEmpty ? nil : $0 }
        let detail = h.text("detail", in: record).flatMap { $0.isEmpty ? nil : $0 }
        return .success(
            EventRow(
                accountID: account, contactID: contact,
                event: EngagementEvent(
                    EventKind(kind), at: date, count: count, value: value, channel: channel, detail: detail)))
    }
}

/// How the columns of a contacts file map onto contacts: `account_id` and
/// `id` (required); `name` or `first name` and `last name`; `title`,
/// `seniority`, `department`, `email`; with common aliases (`Job Title`,
/// `Contact ID` …).
public struct ContactColumns: Sendable {
    private let index: HeaderIndex

    static let columns: [(name: String, aliases: [String], required: Bool)] = [
        (
            "account_id",
            [
                "account_id", "account id", "accountid", "company id", "associated company ids (primary)",
                "associated company id", "associated company ids",
            ], false
        ),
        ("id", ["id", "contact id", "contact_id", "contactid", "record id"], false),
        ("name", ["name", "full name", "contact name"], false),
        ("first_name", ["first name", "firstname", "given name"], false),
        ("last_name", ["last name", "lastname", "family name", "surname"], false),
        ("title", ["title", "job title", "jobtitle"], false),
        ("seniority", ["seniority", "level"], false),
        ("department", ["department", "dept"], false),
        ("email", ["email", "email address"], false),
    ]

    /// Maps a header.
    ///
    /// - Throws: ``HeaderError`` for a missing required column or two
    ///   columns that read as one.
    public init(header: [String], file: String) throws {
        index = try HeaderIndex(header: header, file: file, columns: ContactColumns.columns)
    }

    /// Reads one record, or says why it cannot be used.
    public func contact(from record: CSVRecord) -> Result<Contact, RowError> {
        let h = index
        if let error = h.check(record) { return .failure(error) }
        func reject(_ reason: String) -> Result<Contact, RowError> {
            .failure(RowError(file: h.file, line: record.line, reason: reason))
        }
        func field(_ name: String) -> String? { h.text(name, in: record).flatMap { $0.isEmpty ? nil : $0 } }
        // A contact without an account id is kept (matched by email domain
        // where the caller can); without an id it is named by its email,
        // else its line.
        let account = field("account_id")
        let id = field("id") ?? field("email") ?? AccountColumns.lineID(record.line)
        var seniority: Seniority?
        if let text = field("seniority") {
            let key = NameKey(text)
            let aliases: [NameKey: Seniority] = [
                "ic": .individualContributor, "c_suite": .cLevel, "executive": .cLevel,
            ]
            guard
                let s = Seniority.allCases.first(where: {
                    NameKey($0.rawValue) == key || NameKey($0.description) == key
                })
                    ?? aliases[key]
            else {
                return reject(
                    "column \"\(h.headerName("seniority"))\": \"\(Cells.shown(text))\" is not a seniority: C-level, VP, director, manager or individual contributor"
                )
            }
            seniority = s
        }
        let fullName =
            field("name")
            ?? [field("first_name"), field("last_name")].compactMap { $0 }.joined(separator: " ")
        let name = fullName.isEmpty ? (field("email") ?? id) : fullName
        return .success(
            Contact(
                id: id, accountID: account, name: name, title: field("title"), seniority: seniority,
                department: field("department"), email: field("email")))
    }
}

extension HeaderIndex: Sendable {}
