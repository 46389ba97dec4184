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

    /// The attributes' folded names, ordered by ``NameKey/precedes(_:_:)``
    /// (their stored hashes, then their texts): an account has a handful,
    /// and finding one compares a few integers in place, where a dictionary
    /// would hash, probe and copy the entry. The order is a function of the
    /// keys alone, so equal attributes are equal arrays.
    @usableFromInline var keys: [NameKey] = []
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
        } else {
            keys.insert(key, at: i)
            entries.insert(entry, at: i)
        }
    }

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
    /// when there is none: the hot path of criteria. The entry is lent by
    /// address, valid only during the call, so that nothing in it is copied
    /// or retained.
    @inlinable
    package func withEntry<R>(_ key: NameKey, missing: R, _ body: (UnsafePointer<Entry>) -> R) -> R {
        guard let i = index(of: key) else { return missing }
        return entries.withUnsafeBufferPointer { entries in
            guard let base = entries.baseAddress else { return missing }
            return body(base + i)
        }
    }

    subscript(key: NameKey, originalName name: String) -> AttributeValue? {
        get { entry(key)?.value }
        set {
            let (i, found) = position(of: key)
            guard let newValue else {
                if found {
                    keys.remove(at: i)
                    entries.remove(at: i)
                }
                return
            }
            if found {
                entries[i] = Entry(name: entries[i].name, value: newValue)
            } else {
                keys.insert(key, at: i)
                entries.insert(Entry(name: name, value: newValue), at: i)
            }
        }
    }

    /// The number of attributes.
    public var count: Int { keys.count }

    /// The entries, in order of their folded names.
    public func makeIterator() -> IndexingIterator<[Entry]> {
        keys.indices.sorted { keys[$0] < keys[$1] }.map { entries[$0] }.makeIterator()
    }
}
