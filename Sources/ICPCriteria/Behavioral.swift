import ICPCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A span of days counted back from the evaluation's "as of" moment.
///
/// `TimeWindow.last(30)` holds the events at most 30 days old, the event
/// exactly 30 days old included. A window that ends in the past
/// (`TimeWindow(days: 30, endingDaysAgo: 30)`, "the 30 days before") holds
/// its older boundary but not its newer one, so consecutive windows never
/// share an event. Events dated after the "as of" moment are in no window.
public struct TimeWindow: Sendable, Hashable, CustomStringConvertible {
    /// The window's length in days (negative lengths count as 0).
    public let days: Int
    /// How many days before "as of" the window ends.
    public let endingDaysAgo: Int

    /// A window of `days` days that ends `endingDaysAgo` days before "as of".
    public init(days: Int, endingDaysAgo: Int = 0) {
        self.days = max(0, days)
        self.endingDaysAgo = max(0, endingDaysAgo)
    }

    /// The last `days` days: "in the last 30 days".
    public static func last(_ days: Int) -> TimeWindow { TimeWindow(days: days) }

    /// The window of the same length just before this one.
    public var previous: TimeWindow { TimeWindow(days: days, endingDaysAgo: endingDaysAgo + days) }

    /// `in the last 30 days`, `in the 30 days before the last 30 days`,
    /// `in the 30 days ending 90 days ago`.
    public var description: String {
        let length = ValueFormat.days.format(Double(days))
        if endingDaysAgo == 0 { return days == 1 ? "in the last day" : "in the last \(length)" }
        if endingDaysAgo == days { return "in the \(length) before the last \(length)" }
        return "in the \(length) ending \(ValueFormat.days.format(Double(endingDaysAgo))) ago"
    }

    /// The window's parameters in a profile file: `days`, and
    /// `endingDaysAgo` when not 0.
    public var parameters: JSONObject {
        var object: JSONObject = ["days": .number(Double(days))]
        if endingDaysAgo != 0 { object["endingDaysAgo"] = .number(Double(endingDaysAgo)) }
        return object
    }

    /// The window's events in a log, oldest first.
    public func events(in log: EventLog, asOf: Date) -> ArraySlice<EngagementEvent> {
        EventMeasure(.count(perDayCap: nil), days: days, endingDaysAgo: endingDaysAgo).window(of: log, asOf: asOf)
    }
}

/// Which events a behavioral signal reads: some kinds (all kinds when
/// empty), optionally only those about one topic or tag.
public struct EventFilter: Sendable, Hashable, CustomStringConvertible {
    /// The kinds read; empty reads every kind.
    public let kinds: [EventKind]
    /// The topic or tag the event's detail must have (folded), if any.
    public let detail: String?
    private let kindSet: Set<EventKind>
    private let detailKey: NameKey?

    /// Creates a filter.
    public init(kinds: [EventKind], detail: String? = nil) {
        self.kinds = kinds
        self.detail = detail
        self.kindSet = Set(kinds)
        self.detailKey = detail.map { NameKey($0) }
    }

    /// Whether the filter takes the event.
    @inlinable
    public func accepts(_ event: EngagementEvent) -> Bool {
        acceptsKind(event.kind) && acceptsDetail(event.detail)
    }

    @usableFromInline
    func acceptsKind(_ kind: EventKind) -> Bool { kindSet.isEmpty || kindSet.contains(kind) }

    @usableFromInline
    func acceptsDetail(_ detail: String?) -> Bool {
        guard let detailKey else { return true }
        return detail.map { NameKey($0) } == detailKey
    }

    /// A measure of the events this filter takes, in a window (every event
    /// up to "as of" when `nil`).
    public func measure(_ aggregate: EventMeasure.Aggregate, in window: TimeWindow?) -> EventMeasure {
        EventMeasure(
            aggregate, kinds: kinds, detail: detailKey, days: window?.days, endingDaysAgo: window?.endingDaysAgo ?? 0)
    }

    /// `website visits`, `email opens or email clicks`, `intent topics about zero trust`, `events`.
    public var description: String {
        let kindsText = kinds.isEmpty ? "events" : Wording.join(kinds.map(EventFilter.plural), "or")
        return detail.map { "\(kindsText) about \($0)" } ?? kindsText
    }

    /// The filter's parameters in a profile file: `events` (kinds; omitted
    /// for every kind) and `about`.
    public var parameters: JSONObject {
        var object = JSONObject()
        if !kinds.isEmpty { object["events"] = .strings(kinds.map(\.description)) }
        if let detail { object["about"] = .string(detail) }
        return object
    }

    /// `website visit or page view`, `compelling event about new CISO`, `event`.
    public var singular: String {
        let kindsText = kinds.isEmpty ? "event" : Wording.join(kinds.map(\.description), "or")
        return detail.map { "\(kindsText) about \($0)" } ?? kindsText
    }

    /// `website visit` → `website visits`; `product usage` → `product usage events`.
    static func plural(_ kind: EventKind) -> String {
        let text = kind.description
        let uncountable = ["usage", "engagement", "research", "intent", "activity"]
        if uncountable.contains(where: { text.hasSuffix($0) }) { return text + " events" }
        if text.hasSuffix("s") || text.hasSuffix("x") || text.hasSuffix("ch") || text.hasSuffix("sh") {
            return text + "es"
        }
        return text + "s"
    }
}

/// How many events of some kinds fall in a window: "website visits in the
/// last 30 days". Counts add up each event's `EngagementEvent.count`;
/// a per-day cap stops one noisy day from inflating the total. A subject
/// with no such events counts 0.
public struct EventCount<Subject: EventSubject>: Signal {
    /// Which events.
    public let filter: EventFilter
    /// The window.
    public let window: TimeWindow
    /// The most that counts per kind per UTC day, if capped.
    public let perDayCap: Int?
    /// `website visits in the last 30 days`.
    public let name: String

    /// Creates the signal.
    public init(_ filter: EventFilter, in window: TimeWindow, perDayCap: Int? = nil) {
        self.filter = filter
        self.window = window
        self.perDayCap = perDayCap.map { max(0, $0) }
        let capText = perDayCap.map { " (at most \($0) a day)" } ?? ""
        self.name = "\(filter) \(window)\(capText)"
    }

    /// Behavioral.
    public var category: SignalCategory { .behavioral }

    /// The count.
    public func measure(_ subject: Subject, in context: EvaluationContext) -> Double? {
        measured.measure(subject.events, asOf: context.asOf)
    }

    /// The count, as data.
    public var operand: Operand? { .events(measured) }

    var measured: EventMeasure { filter.measure(.count(perDayCap: perDayCap), in: window) }

    /// `{"kind": "event_count", "events": ["website visit"], "days": 30, "perDayCap": 5}`.
    public var specification: Specification? {
        var spec = Specification("event_count", filter.parameters.merging(window.parameters))
        if let perDayCap { spec = spec.with("perDayCap", .number(Double(perDayCap))) }
        return spec
    }
}

/// The sum of the values of some events in a window: "product usage value
/// in the last 30 days". Events without a value add nothing.
public struct EventValueSum<Subject: EventSubject>: Signal {
    /// Which events.
    public let filter: EventFilter
    /// The window.
    public let window: TimeWindow
    /// `product usage value in the last 30 days`.
    public let name: String

    /// Creates the signal.
    public init(_ filter: EventFilter, in window: TimeWindow) {
        self.filter = filter
        self.window = window
        self.name = "\(filter.singular) value \(window)"
    }

    /// Behavioral.
    public var category: SignalCategory { .behavioral }

    /// `{"kind": "event_value_sum", "events": ["product usage"], "days": 30}`.
    public var specification: Specification? {
        Specification("event_value_sum", filter.parameters.merging(window.parameters))
    }

    /// The sum.
    public func measure(_ subject: Subject, in context: EvaluationContext) -> Double? {
        measured.measure(subject.events, asOf: context.asOf)
    }

    /// The sum, as data.
    public var operand: Operand? { .events(measured) }

    private var measured: EventMeasure { filter.measure(.valueSum, in: window) }
}

/// Days since the most recent event of some kinds, as of the evaluation;
/// missing when there is none.
public struct DaysSinceLast<Subject: EventSubject>: Signal {
    /// Which events.
    public let filter: EventFilter
    /// `days since the last website visit`.
    public let name: String

    /// Creates the signal.
    public init(_ filter: EventFilter) {
        self.filter = filter
        self.name = "days since the last \(filter.singular)"
    }

    /// Behavioral.
    public var category: SignalCategory { .behavioral }

    /// Days, as written: `3 days`.
    public var format: ValueFormat { .days }

    /// `{"kind": "days_since_last", "events": ["website visit"]}`.
    public var specification: Specification? { Specification("days_since_last", filter.parameters) }

    /// The age in days of the newest matching event, or `nil`.
    public func measure(_ subject: Subject, in context: EvaluationContext) -> Double? {
        measured.measure(subject.events, asOf: context.asOf)
    }

    /// The age, as data.
    public var operand: Operand? { .events(measured) }

    var measured: EventMeasure { filter.measure(.daysSinceLast, in: nil) }
}

/// Holds when the newest event of some kinds is at most `days` days old:
/// "visited the website in the last 14 days". No such event is a known
/// "not met", not unknown.
public struct RecencyCriterion<Subject: EventSubject>: Criterion {
    /// The age signal.
    public let age: DaysSinceLast<Subject>
    /// The most days the newest event may be old.
    public let days: Double
    private let what: String

    /// Creates the criterion.
    public init(_ filter: EventFilter, withinDays days: Double) {
        self.age = DaysSinceLast(filter)
        self.days = days
        self.what = filter.singular
    }

    /// `{"kind": "last_seen", "events": ["form submit"], "withinDays": 14}`.
    public var specification: Specification? {
        Specification("last_seen", age.filter.parameters).with("withinDays", .number(days))
    }

    /// An event of the kinds on record, at most `days` days old (none is a known "not met").
    public var condition: Condition? {
        let age = Operand.events(self.age.measured)
        return .all([.present(age), .number(age, .atMost(days))])
    }

    /// `last website visit within 14 days`.
    public var name: String { "last \(what) within \(ValueFormat.days.format(days))" }

    /// Behavioral.
    public var category: SignalCategory { .behavioral }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        let limit = ValueFormat.days.format(days)
        guard let age = age.measure(subject, in: context) else {
            return .known(
                false, evidence: [Observation(self.age.name, "none")], met: "a \(what) within \(limit)",
                unmet: "no \(what) on record")
        }
        let shown = ValueFormat.days.format(age)
        return .known(
            age <= days, evidence: [Observation(self.age.name, shown)],
            met: "last \(what) \(shown) ago, within \(limit)", unmet: "last \(what) \(shown) ago, over \(limit)")
    }

    /// The degree without text.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        guard let a = age.measure(subject, in: context) else { return 0 }
        return a <= days ? 1 : 0
    }
}
