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

    /// One attribute under its folded name.
    @usableFromInline struct Slot: Sendable, Hashable {
        @usableFromInline let key: NameKey
        @usableFromInline var entry: Entry
    }

    /// The attributes, ordered by their keys' hashes (then folded texts):
    /// an account has a handful, and finding one compares a few integers
    /// in place, where a dictionary would hash, probe and copy the entry.
    /// The order is a function of the keys alone, so equal attributes are
    /// equal arrays.
    @usableFromInline var slots: [Slot] = []

    /// Where the key is, or where it would go.
    @inlinable func position(of key: NameKey) -> (index: Int, found: Bool) {
        slots.withUnsafeBufferPointer { s in
            var low = 0
            var high = s.count
            while low < high {
                let mid = (low + high) / 2
                if NameKey.precedes(s[mid].key, key) {
                    low = mid + 1
                } else {
                    high = mid
                }
            }
            return (low, low < s.count && s[low].key == key)
        }
    }

    /// Sets a prepared entry under a folded name (importers that prepare
    /// each distinct value once).
    package mutating func set(_ entry: Entry, forKey key: NameKey) {
        let (i, found) = position(of: key)
        if found { slots[i].entry = entry } else { slots.insert(Slot(key: key, entry: entry), at: i) }
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

    /// The entry for a folded name.
    public func entry(_ key: NameKey) -> Entry? {
        let (i, found) = position(of: key)
        return found ? slots[i].entry : nil
    }

    /// Asks `body` about the entry for a folded name without copying it,
    /// or gives `missing` when there is none: the hot path of criteria.
    @inlinable
    package func withEntry<R>(_ key: NameKey, missing: R, _ body: (borrowing Entry) -> R) -> R {
        let (i, found) = position(of: key)
        guard found else { return missing }
        return slots.withUnsafeBufferPointer { body($0[i].entry) }
    }

    subscript(key: NameKey, originalName name: String) -> AttributeValue? {
        get { entry(key)?.value }
        set {
            let (i, found) = position(of: key)
            guard let newValue else {
                if found { slots.remove(at: i) }
                return
            }
            if found {
                slots[i].entry = Entry(name: slots[i].entry.name, value: newValue)
            } else {
                slots.insert(Slot(key: key, entry: Entry(name: name, value: newValue)), at: i)
            }
        }
    }

    /// The number of attributes.
    public var count: Int { slots.count }

    /// The entries, in order of their folded names.
    public func makeIterator() -> IndexingIterator<[Entry]> {
        slots.sorted { $0.key < $1.key }.map(\.entry).makeIterator()
    }
}
