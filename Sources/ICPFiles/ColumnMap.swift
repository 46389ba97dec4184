import ICPCore

/// Which export column feeds a field or attribute, when the header is not
/// one the import knows: `employees` from "current employee estimate",
/// `tier` from "Account Tier (custom)". Given on the command line
/// (`--map employees=current employee estimate`) or in a profile file
/// (`"columns": {"employees": "current employee estimate"}`).
///
/// A mapped column feeds its target whatever its header would otherwise
/// read as; another column whose header is an alias of the same field is
/// then read as a custom attribute under its own header.
///
/// ```swift
/// let map = try ColumnMap(parsing: "employees=current employee estimate,size range;country=HQ")
/// let columns = try AccountColumns(header: header, file: "pdl.csv", map: map)
/// ```
public struct ColumnMap: Sendable, Hashable {
    /// One field or attribute and the headers that may feed it.
    public struct Entry: Sendable, Hashable {
        /// A standard field's name or alias (`employees`, `NumberOfEmployees`)
        /// or a custom attribute's name.
        public var name: String
        /// The headers to read it from: the first the file has is used.
        public var headers: [String]
        /// Whether a file with none of the headers is an error (a map given
        /// for this file) rather than passed over (a profile's map, written
        /// for many files).
        public var required: Bool

        /// What the column feeds.
        public var target: AccountColumns.Target

        /// Creates an entry for a name: a standard field when the name is
        /// one (or an alias of one), else a custom attribute of that name.
        public init(name: String, headers: [String], required: Bool = true) {
            let target: AccountColumns.Target =
                if let field = AccountField(rawValue: name) ?? AccountField.byAlias[NameKey(name)] {
                    .field(field)
                } else {
                    .attribute(name.trimmed())
                }
            self.init(target: target, name: name, headers: headers, required: required)
        }

        /// Creates an entry that feeds a given target: an outcome column
        /// read as an attribute although its header ("Stage") is a field's.
        public init(target: AccountColumns.Target, name: String, headers: [String], required: Bool = true) {
            self.target = target
            self.name = name
            self.headers = headers
            self.required = required
        }
    }

    /// The entries, in the order given.
    public var entries: [Entry]

    /// A map of the given entries.
    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// A profile file's `columns` (name → headers), none of them required.
    public init(profileColumns: [String: [String]]) {
        entries = profileColumns.keys.sorted().map {
            Entry(name: $0, headers: profileColumns[$0] ?? [], required: false)
        }
    }

    /// Reads `FIELD=HEADER[,HEADER…][;FIELD=…]` or `FIELD=HEADER,FIELD=HEADER`: a
    /// part without `=` is one more header for the field before it.
    ///
    /// - Throws: ``ColumnMapError`` for a part before any `FIELD=`, or an
    ///   empty name or header.
    public init(parsing text: String) throws {
        var entries: [Entry] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == ";" }).map({ $0.trimmed() }) where !part.isEmpty {
            if let eq = part.firstIndex(of: "=") {
                let name = part[..<eq].trimmed()
                let header = part[part.index(after: eq)...].trimmed()
                guard !name.isEmpty, !header.isEmpty else {
                    throw ColumnMapError(message: "--map expects FIELD=HEADER, not \"\(part)\"")
                }
                entries.append(Entry(name: name, headers: [header]))
            } else if !entries.isEmpty {
                entries[entries.count - 1].headers.append(part)
            } else {
                throw ColumnMapError(message: "--map expects FIELD=HEADER, not \"\(part)\"")
            }
        }
        self.entries = entries
    }

    /// This map's entries followed by another's: a field mapped here keeps
    /// this map's headers.
    public func merging(_ other: ColumnMap) -> ColumnMap {
        let mine = Set(entries.map { NameKey($0.name) })
        return ColumnMap(entries + other.entries.filter { !mine.contains(NameKey($0.name)) })
    }
}

/// A `--map` option that cannot be read.
public struct ColumnMapError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
