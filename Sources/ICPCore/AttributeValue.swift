#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The value of a custom attribute: a number, a text, a flag, a date or a
/// list of texts.
///
/// Literals read naturally: `"manufacturer"`, `42`, `12.5`, `true`,
/// `["Fintech", "Payments"]`.
public enum AttributeValue: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    /// A number.
    case number(Double)
    /// A text.
    case text(String)
    /// A yes-or-no flag.
    case flag(Bool)
    /// An instant.
    case date(Date)
    /// A list of texts.
    case list([String])

    /// A text attribute.
    public init(stringLiteral value: String) { self = .text(value) }
    /// A number attribute.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A number attribute.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A flag attribute.
    public init(booleanLiteral value: Bool) { self = .flag(value) }
    /// A list attribute.
    public init(arrayLiteral elements: String...) { self = .list(elements) }

    /// The value as written in evidence: numbers as counts, dates as days,
    /// lists joined with `; `.
    public var description: String {
        switch self {
        case .number(let n): ValueFormat.count.format(n)
        case .text(let t): t
        case .flag(let f): f ? "yes" : "no"
        case .date(let d): CalendarDay(d).description
        case .list(let items): items.joined(separator: "; ")
        }
    }
}

/// An account's custom attributes, by name, matched case-insensitively with
/// spaces, underscores and hyphens folded: `"Business Type"` and
/// `"business_type"` name the same attribute.
///
/// ```swift
/// var attributes: CustomAttributes = ["Business Type": "manufacturer", "MRR": 12_000]
/// attributes["business_type"]   // .text("manufacturer")
/// ```
public struct CustomAttributes: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    /// One attribute: the name as first given, its value, and for texts the
    /// folded value (computed once, when set).
    public struct Entry: Sendable, Hashable {
        /// The name as first given.
        public let name: String
        /// The value.
        public let value: AttributeValue
        /// The value folded for matching, for ``AttributeValue/text(_:)``.
        public let textKey: NameKey?
        /// The items folded for matching, for ``AttributeValue/list(_:)``.
        public let listKeys: Set<NameKey>?

        /// An entry with its value folded.
        package init(name: String, value: AttributeValue) {
            self.name = name
            self.value = value
            switch value {
            case .text(let t):
                textKey = NameKey(t)
                listKeys = nil
            case .list(let items):
                textKey = nil
                listKeys = Set(items.map { NameKey($0) })
            default:
                textKey = nil
                listKeys = nil
            }
        }
    }

    /// An attribute as criteria read it, in 32 bytes: two to a cache line,
    /// where an ``Entry`` takes a line or more. An account's attributes are
    /// read through these; the entries are read only for lists, evidence
    /// and the public API.
    @usableFromInline package struct Slot: Sendable {
        /// What kind of value the slot holds.
        @usableFromInline package enum Kind: UInt8, Sendable {
            case number, text, flag, date, list
        }
        /// A number's or a date's bits (its `timeIntervalSinceReferenceDate`),
        /// a flag as 0 or 1, a text's stored hash (``NameKey``'s).
        @usableFromInline let bits: UInt64
        /// A text's folded value; empty for other kinds.
        @usableFromInline package let folded: String
        /// The kind of value.
        @usableFromInline package let kind: Kind

        /// The slot for an entry.
        init(_ entry: Entry) {
            switch entry.value {
            case .number(let n): (bits, folded, kind) = (n.bitPattern, "", .number)
            case .text:
                let key = entry.textKey ?? NameKey("")
                (bits, folded, kind) = (UInt64(bitPattern: Int64(key.digest)), key.folded, .text)
            case .flag(let f): (bits, folded, kind) = (f ? 1 : 0, "", .flag)
            case .date(let d): (bits, folded, kind) = (d.timeIntervalSinceReferenceDate.bitPattern, "", .date)
            case .list: (bits, folded, kind) = (0, "", .list)
            }
        }

        /// The number, when the value is one.
        @inlinable package var number: Double? { kind == .number ? Double(bitPattern: bits) : nil }
        /// The flag, when the value is one.
        @inlinable package var flag: Bool? { kind == .flag ? bits != 0 : nil }
        /// The date as seconds since 2001-01-01 00:00 UTC, when the value is one.
        @inlinable package var dateSeconds: Double? { kind == .date ? Double(bitPattern: bits) : nil }
        /// Whether the value is a text whose folded form is in `keys`.
        @inlinable @inline(__always) package func text(in keys: SortedKeys) -> Bool {
            keys.contains(digest: Int(truncatingIfNeeded: Int64(bitPattern: bits)), folded: folded)
        }
    }

    /// The attributes' folded names, ordered by ``NameKey/precedes(_:_:)``
    /// (their stored hashes, then their texts): an account has a handful,
    /// and finding one compares a few integers in place, where a dictionary
    /// would hash, probe and copy the entry. The order is a function of the
    /// keys alone, so equal attributes have equal arrays, and accounts read
    /// from one export can share one array (``shareKeys(_:)``).
    @usableFromInline var keys: [NameKey] = []
    /// What criteria read, in the order of ``keys``.
    @usableFromInline var slots: [Slot] = []
    /// The entries, in the order of ``keys``.
    @usableFromInline var entries: [Entry] = []

    /// Where the key is, or where it would go.
    func position(of key: NameKey) -> (index: Int, found: Bool) {
        keys.withUnsafeBufferPointer { keys in
            let i = NameKey.lowerBound(of: key, in: keys)
            return (i, i < keys.count && keys[i] == key)
        }
    }

    /// Sets a prepared entry under a folded name (importers that prepare
    /// each distinct value once).
    package mutating func set(_ entry: Entry, forKey key: NameKey) {
        let (i, found) = position(of: key)
        if found {
            entries[i] = entry
            slots[i] = Slot(entry)
        } else {
            keys.insert(key, at: i)
            entries.insert(entry, at: i)
            slots.insert(Slot(entry), at: i)
        }
    }

    /// Takes `keys` as this value's names when they are the same names, so
    /// that the accounts of one export share one array of names (which then
    /// stays in cache while they are scored). Returns whether it did.
    @discardableResult package mutating func shareKeys(_ keys: [NameKey]) -> Bool {
        guard self.keys == keys else { return false }
        self.keys = keys
        return true
    }

    /// The folded names, for importers that share them (``shareKeys(_:)``).
    package var names: [NameKey] { keys }

    /// No attributes.
    public init() {}

    /// Attributes from a literal; a later duplicate name replaces an earlier one.
    public init(dictionaryLiteral elements: (String, AttributeValue)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// The value of the named attribute; setting `nil` removes it.
    public subscript(name: String) -> AttributeValue? {
        get { entry(NameKey(name))?.value }
        set { self[NameKey(name), originalName: name] = newValue }
    }

    /// Where the key is (``NameKey/index(of:in:)``: an account has a
    /// handful of attributes, compared in a row by stored hash).
    @inlinable func index(of key: NameKey) -> Int? {
        keys.withUnsafeBufferPointer { NameKey.index(of: key, in: $0) }
    }

    /// The entry for a folded name.
    public func entry(_ key: NameKey) -> Entry? { index(of: key).map { entries[$0] } }

    /// Asks `body` about the entry for a folded name, or gives `missing`
    /// when there is none. The entry is lent by address, valid only during
    /// the call, so that nothing in it is copied or retained.
    @inlinable
    package func withEntry<R>(_ key: NameKey, missing: R, _ body: (UnsafePointer<Entry>) -> R) -> R {
        guard let i = index(of: key) else { return missing }
        return entries.withUnsafeBufferPointer { entries in
            guard let base = entries.baseAddress else { return missing }
            return body(base + i)
        }
    }

    /// The address of the slot for a folded name: the hot path of
    /// criteria, which read the slot in place (see
    /// `Account.attributeSlot(_:)`).
    @inlinable package func slotAddress(_ key: NameKey) -> UnsafePointer<Slot>? {
        guard let i = index(of: key) else { return nil }
        return slots.withUnsafeBufferPointer { $0.baseAddress.map { $0 + i } }
    }

    subscript(key: NameKey, originalName name: String) -> AttributeValue? {
        get { entry(key)?.value }
        set {
            let (i, found) = position(of: key)
            guard let newValue else {
                if found {
                    keys.remove(at: i)
                    entries.remove(at: i)
                    slots.remove(at: i)
                }
                return
            }
            set(Entry(name: found ? entries[i].name : name, value: newValue), forKey: key)
        }
    }

    /// The number of attributes.
    public var count: Int { keys.count }

    /// Attributes are equal when they have the same names (folded) with
    /// equal entries.
    public static func == (lhs: CustomAttributes, rhs: CustomAttributes) -> Bool {
        lhs.keys == rhs.keys && lhs.entries == rhs.entries
    }

    /// Hashes the names and entries.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        hasher.combine(entries)
    }

    /// The entries, in order of their folded names.
    public func makeIterator() -> IndexingIterator<[Entry]> {
        keys.indices.sorted { keys[$0] < keys[$1] }.map { entries[$0] }.makeIterator()
    }
}
