import ICPCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A custom attribute of `Account`, by name (folded: `"Business Type"` is
/// `business_type`), and the criteria that read it.
///
/// ```swift
/// Attribute("business_type").oneOf("manufacturer")
/// Attribute("mrr").atLeast(10_000)
/// Attribute("do_not_contact").isTrue
/// Attribute("certifications").containsAny("SOC 2", "ISO 27001")
/// Attribute("renewal_date").before(CalendarDay(2027, 3, 31))
/// ```
///
/// A value of the wrong kind (a text where a number is wanted) is unknown,
/// and its evidence says what was found.
public struct Attribute: Sendable, Hashable {
    /// The attribute's name as given.
    public let name: String
    /// The folded name.
    public let key: NameKey
    /// The category its criteria report (custom by default).
    public let category: SignalCategory

    /// Names an attribute.
    public init(_ name: String, category: SignalCategory = .custom) {
        self.name = name
        self.key = NameKey(name)
        self.category = category
    }

    /// The attribute's number, as a signal (for ranges and bands).
    public var number: NumberField<Account> {
        let key = key
        let spec = Specification(
            "attribute",
            category == .custom
                ? ["name": .string(name)] : ["name": .string(name), "category": .string(category.rawValue)])
        return NumberField(name, category: category, specification: spec, operand: .attribute(key)) { account, _ in
            account.attributeSlot(key)?.pointee.number
        }
    }

    /// Holds when the number is at least `n`.
    public func atLeast(_ n: Double) -> NumericCriterion<Account> { number.atLeast(n) }
    /// Holds when the number is at most `n`.
    public func atMost(_ n: Double) -> NumericCriterion<Account> { number.atMost(n) }
    /// Holds when the number is more than `n`.
    public func moreThan(_ n: Double) -> NumericCriterion<Account> { number.moreThan(n) }
    /// Holds when the number is less than `n`.
    public func lessThan(_ n: Double) -> NumericCriterion<Account> { number.lessThan(n) }
    /// Holds when the number lies in the range.
    public func between(_ range: ClosedRange<Double>) -> NumericCriterion<Account> { number.between(range) }

    /// Holds when the text is one of the values (folded), or a list
    /// contains one of them.
    public func oneOf(_ values: String...) -> AttributeCriterion { AttributeCriterion(self, .oneOf(values)) }
    /// Holds when the text is one of the values (folded), or a list contains one of them.
    public func oneOf(_ values: [String]) -> AttributeCriterion { AttributeCriterion(self, .oneOf(values)) }
    /// Holds when a list (or a single text) contains any of the items (folded).
    public func containsAny(_ items: String...) -> AttributeCriterion { AttributeCriterion(self, .containsAny(items)) }
    /// Holds when a list (or a single text) contains every item (folded).
    public func containsAll(_ items: String...) -> AttributeCriterion { AttributeCriterion(self, .containsAll(items)) }
    /// Holds when the flag is set.
    public var isTrue: AttributeCriterion { AttributeCriterion(self, .flag(true)) }
    /// Holds when the flag is cleared.
    public var isFalse: AttributeCriterion { AttributeCriterion(self, .flag(false)) }
    /// Holds when the date is before the day (00:00 UTC).
    public func before(_ day: CalendarDay) -> AttributeCriterion { AttributeCriterion(self, .before(day)) }
    /// Holds when the date is on or after the day (00:00 UTC).
    public func onOrAfter(_ day: CalendarDay) -> AttributeCriterion { AttributeCriterion(self, .onOrAfter(day)) }
    /// Holds when the attribute has any value; never unknown.
    public var isPresent: AttributeCriterion { AttributeCriterion(self, .present) }
}

/// A test of one custom attribute; see ``Attribute``.
public struct AttributeCriterion: Criterion {
    /// What the attribute must satisfy.
    public enum Test: Sendable, Hashable {
        /// The text is one of these (or a list contains one).
        case oneOf([String])
        /// A list contains any of these.
        case containsAny([String])
        /// A list contains all of these.
        case containsAll([String])
        /// The flag has this value.
        case flag(Bool)
        /// The date is before this day.
        case before(CalendarDay)
        /// The date is on or after this day.
        case onOrAfter(CalendarDay)
        /// The attribute has a value.
        case present

        /// Whether the test reads texts (a list's items among them).
        var readsTexts: Bool {
            switch self {
            case .oneOf, .containsAny, .containsAll: true
            default: false
            }
        }
    }

    /// The attribute read.
    public let attribute: Attribute
    /// The test.
    public let test: Test
    private let keys: SortedKeys
    private let holds: String
    private let negatedCondition: String

    /// Creates the criterion; texts are folded and its wording written once, here.
    public init(_ attribute: Attribute, _ test: Test) {
        self.attribute = attribute
        self.test = test
        switch test {
        case .oneOf(let v), .containsAny(let v), .containsAll(let v): keys = SortedKeys(v.map { NameKey($0) })
        default: keys = SortedKeys([])
        }
        (holds, negatedCondition) = AttributeCriterion.wording(test)
    }

    /// `{"kind": "attribute", "name": "business_type", "oneOf": ["manufacturer"]}`; the test's key is
    /// one of `oneOf`, `containsAny`, `containsAll`, `equals` (a flag), `before`, `onOrAfter`,
    /// `present`.
    public var specification: Specification? {
        var spec = Specification("attribute", ["name": .string(attribute.name)])
        if attribute.category != .custom { spec = spec.with("category", .string(attribute.category.rawValue)) }
        switch test {
        case .oneOf(let v): return spec.with("oneOf", .strings(v))
        case .containsAny(let v): return spec.with("containsAny", .strings(v))
        case .containsAll(let v): return spec.with("containsAll", .strings(v))
        case .flag(let f): return spec.with("equals", .bool(f))
        case .before(let d): return spec.with("before", .string(d.description))
        case .onOrAfter(let d): return spec.with("onOrAfter", .string(d.description))
        case .present: return spec.with("present", .bool(true))
        }
    }

    /// The test on the attribute, as data.
    public var condition: Condition? {
        let o = Operand.attribute(attribute.key)
        switch test {
        case .oneOf, .containsAny: return .items(o, groups: keys.keys.map { [$0] }, .any)
        case .containsAll: return .items(o, groups: keys.keys.map { [$0] }, .all)
        case .flag(let wanted): return .flag(o, wanted: wanted)
        case .before(let day): return .date(o, .before(day))
        case .onOrAfter(let day): return .date(o, .onOrAfter(day))
        case .present: return .present(o)
        }
    }

    /// `business_type manufacturer`, `certifications contains SOC 2`, `do_not_contact is set`.
    public var name: String { "\(attribute.name) \(holds)" }

    /// The attribute's category.
    public var category: SignalCategory { attribute.category }

    /// What the test says when it holds, and when it does not.
    private static func wording(_ test: Test) -> (holds: String, fails: String) {
        switch test {
        case .oneOf(let v): ("is \(Wording.oneOf(v))", "is not \(Wording.oneOf(v))")
        case .containsAny(let v): ("includes \(Wording.join(v, "or"))", "includes none of \(Wording.join(v, "and"))")
        case .containsAll(let v):
            ("includes \(Wording.join(v, "and"))", "does not include all of \(Wording.join(v, "and"))")
        case .flag(let f): f ? ("is yes", "is no") : ("is no", "is yes")
        case .before(let d): ("is before \(d)", "is on or after \(d)")
        case .onOrAfter(let d): ("is on or after \(d)", "is before \(d)")
        case .present: ("is present", "is missing")
        }
    }

    /// The degree; `nil` when the attribute is missing or of the wrong kind.
    public func degree(of subject: Account, in context: EvaluationContext) -> Double? {
        guard let slot = subject.attributeSlot(attribute.key) else {
            if case .present = test { return 0 }
            return nil
        }
        if slot.pointee.kind == .list, test.readsTexts { return listDegree(of: subject) }
        return degree(of: slot)
    }

    /// The degree of a list attribute, read from its entry.
    @inline(never)
    private func listDegree(of subject: Account) -> Double? {
        subject.attributes.withEntry(attribute.key, missing: nil) { degree(ofList: $0) }
    }

    /// The degree for a present attribute other than a list read as texts
    /// (``degree(ofList:)``); `nil` when it is of the wrong kind.
    @inline(__always)
    private func degree(of slot: UnsafePointer<CustomAttributes.Slot>) -> Double? {
        switch test {
        case .oneOf, .containsAny, .containsAll:
            guard slot.pointee.kind == .text else { return nil }
            if case .containsAll = test, keys.count > 1 { return 0 }
            return slot.pointee.text(in: keys) ? 1 : 0
        case .flag(let wanted):
            return AttributeCriterion.flag(slot).map { $0 == wanted ? 1 : 0 }
        case .before(let day):
            return slot.pointee.dateSeconds.map { $0 < day.date.timeIntervalSinceReferenceDate ? 1 : 0 }
        case .onOrAfter(let day):
            return slot.pointee.dateSeconds.map { $0 >= day.date.timeIntervalSinceReferenceDate ? 1 : 0 }
        case .present:
            return 1
        }
    }

    /// A value read as a flag the way exports write one: a flag, the
    /// number 1 or 0 (Salesforce checkboxes), or the text yes / no, y / n,
    /// true / false in any case; `nil` for anything else, which a flag
    /// test reports as unreadable rather than reading as false.
    private static func flag(_ slot: UnsafePointer<CustomAttributes.Slot>) -> Bool? {
        if let flag = slot.pointee.flag { return flag }
        if let n = slot.pointee.number { return n == 1 ? true : n == 0 ? false : nil }
        guard slot.pointee.kind == .text else { return nil }
        return Operand.flagWord(slot.pointee.folded)
    }

    /// The degree for a list attribute.
    private func degree(ofList entry: UnsafePointer<CustomAttributes.Entry>) -> Double? {
        guard let have = entry.pointee.listKeys else { return nil }
        if case .containsAll = test { return keys.keys.allSatisfy(have.contains) ? 1 : 0 }
        return keys.keys.contains(where: have.contains) ? 1 : 0
    }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ subject: Account, in context: EvaluationContext) -> Evaluation {
        let entry = subject.attributes.entry(attribute.key)
        let n = attribute.name
        guard let entry else {
            let evidence = [Observation(n, "unknown")]
            if case .present = test {
                return .known(false, evidence: evidence, met: "\(n) is present", unmet: "\(n) is missing")
            }
            return .unknown(
                missing: [n], evidence: evidence, met: "\(n) \(holds)", unmet: "\(n) \(negatedCondition)")
        }
        let shown = entry.value.description
        let evidence = [Observation(n, shown)]
        guard let degree = degree(of: subject, in: context) else {
            let kind: String
            switch entry.value {
            case .number: kind = "a number"
            case .text: kind = "a text"
            case .flag: kind = "a flag"
            case .date: kind = "a date"
            case .list: kind = "a list"
            }
            return .unknown(
                missing: [n], evidence: [Observation(n, "\(shown) (\(kind), which this test cannot read)")],
                met: "\(n) \(holds)", unmet: "\(n) \(negatedCondition)")
        }
        return .known(
            degree, evidence: evidence, met: "\(n) \(shown) \(holds)", unmet: "\(n) \(shown) \(negatedCondition)")
    }
}
