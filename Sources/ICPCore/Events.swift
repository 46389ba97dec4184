#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What kind of thing happened: a website visit, an email click, a webinar,
/// or any kind a host application names.
///
/// Kinds compare folded, so `"Website Visit"`, `"website_visit"` and
/// `.websiteVisit` are the same kind.
///
/// ```swift
/// EngagementEvent(.emailClick, at: date)
/// EngagementEvent("trial signup", at: date)
/// ```
public struct EventKind: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The folded name: `website_visit`.
    public let key: NameKey

    /// A kind by name.
    public init(_ name: String) { key = NameKey(name) }

    /// A kind by name.
    public init(stringLiteral value: String) { self.init(value) }

    /// A visit to the company's website.
    public static let websiteVisit = EventKind("website visit")
    /// One page viewed.
    public static let pageView = EventKind("page view")
    /// An email opened.
    public static let emailOpen = EventKind("email open")
    /// A link in an email clicked.
    public static let emailClick = EventKind("email click")
    /// A form submitted (demo request, content download).
    public static let formSubmit = EventKind("form submit")
    /// A webinar registered for or attended.
    public static let webinar = EventKind("webinar")
    /// A like of a social post.
    public static let socialLike = EventKind("social like")
    /// A share of a social post.
    public static let socialShare = EventKind("social share")
    /// A comment on a social post.
    public static let socialComment = EventKind("social comment")
    /// Use of the product (sessions, active days, API calls).
    public static let productUsage = EventKind("product usage")
    /// Research on a topic seen by an intent-data provider; the topic goes
    /// in ``EngagementEvent/detail``.
    public static let intentTopic = EventKind("intent topic")
    /// A compelling event (a breach, a new executive, a merger); the tag
    /// goes in ``EngagementEvent/detail``.
    public static let compellingEvent = EventKind("compelling event")

    /// The kind in words: `website visit`.
    public var description: String { key.folded.replacing("_", with: " ") }

    /// Kinds order by their folded names.
    public static func < (lhs: EventKind, rhs: EventKind) -> Bool { lhs.key < rhs.key }

    /// Decodes a kind from its name.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the kind as its folded name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(key.folded)
    }
}

/// One timestamped engagement: three page views on 2 November, a webinar
/// attended, an intent topic researched.
///
/// Behavioral criteria count events in windows, weigh them by age and cap
/// them. An event dated after the "as of" moment of an evaluation has not
/// happened yet as far as that evaluation knows, and is ignored.
public struct EngagementEvent: Sendable, Hashable, Codable {
    /// What happened.
    public var kind: EventKind
    /// When it happened.
    public var timestamp: Date
    /// How many times (3 page views in one record); counts below 0 count as 0.
    public var count: Int
    /// A value attached to the event, e.g. minutes of usage or a deal size;
    /// NaN and infinities read as missing.
    public var value: Double?
    /// Where it happened, e.g. `LinkedIn`, `newsletter`, `organic search`.
    public var channel: String?
    /// What it was about: the page, the intent topic, the compelling-event tag.
    public var detail: String?

    /// Creates an event.
    public init(
        _ kind: EventKind, at timestamp: Date, count: Int = 1, value: Double? = nil, channel: String? = nil,
        detail: String? = nil
    ) {
        self.kind = kind
        self.timestamp = timestamp
        self.count = count
        self.value = value
        self.channel = channel
        self.detail = detail
    }

    /// Creates an event at the start (00:00 UTC) of a day.
    public init(
        _ kind: EventKind, on day: CalendarDay, count: Int = 1, value: Double? = nil, channel: String? = nil,
        detail: String? = nil
    ) {
        self.init(kind, at: day.date, count: count, value: value, channel: channel, detail: detail)
    }

    /// The count, with negative counts read as 0.
    public var effectiveCount: Int { max(0, count) }

    /// The value, or `nil` when missing or not finite.
    public var finiteValue: Double? { value.flatMap { $0.isFinite ? $0 : nil } }
}

/// A subject's events in time order, ready for window queries.
///
/// The log sorts its events once, when it is made, so that a criterion
/// asking for "the last 30 days" finds the window by binary search instead
/// of reading every event.
///
/// ```swift
/// let log: EventLog = [EngagementEvent(.websiteVisit, on: CalendarDay(2026, 11, 20), count: 4)]
/// log.events(from: start, through: end)
/// ```
public struct EventLog: Sendable, Hashable, Codable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// The events, oldest first (equal timestamps keep their given order).
    public private(set) var events: [EngagementEvent]

    /// Creates a log from events in any order.
    public init(_ events: [EngagementEvent] = []) {
        self.events = events.enumerated()
            .sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }
            .map(\.element)
    }

    /// Creates a log from events in any order.
    public init(arrayLiteral elements: EngagementEvent...) { self.init(elements) }

    /// Decodes a log from an array of events.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([EngagementEvent].self))
    }

    /// Encodes the log as an array of events, oldest first.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(events)
    }

    /// The first position.
    public var startIndex: Int { events.startIndex }
    /// The position after the last.
    public var endIndex: Int { events.endIndex }
    /// The event at a position.
    public subscript(position: Int) -> EngagementEvent { events[position] }

    /// Adds an event, keeping time order.
    public mutating func append(_ event: EngagementEvent) {
        let at = firstIndex(after: event.timestamp)
        events.insert(event, at: at)
    }

    /// The events with `start ≤ timestamp ≤ end` (both ends included), oldest first.
    public func events(from start: Date, through end: Date) -> ArraySlice<EngagementEvent> {
        guard start <= end else { return events[0..<0] }
        return events[firstIndex(atOrAfter: start)..<firstIndex(after: end)]
    }

    /// The events with `start < timestamp ≤ end`, oldest first.
    public func events(after start: Date, through end: Date) -> ArraySlice<EngagementEvent> {
        guard start < end else { return events[0..<0] }
        return events[firstIndex(after: start)..<firstIndex(after: end)]
    }

    /// The events at or before `end`, oldest first.
    public func events(through end: Date) -> ArraySlice<EngagementEvent> {
        events[0..<firstIndex(after: end)]
    }

    /// The index of the first event at or after `date`.
    private func firstIndex(atOrAfter date: Date) -> Int {
        partition { $0.timestamp >= date }
    }

    /// The index of the first event after `date`.
    private func firstIndex(after date: Date) -> Int {
        partition { $0.timestamp > date }
    }

    /// Binary search for the first event where `isAtOrPast` holds; the
    /// predicate must be false then true along the log.
    private func partition(_ isAtOrPast: (EngagementEvent) -> Bool) -> Int {
        var low = 0
        var high = events.count
        while low < high {
            let mid = (low + high) / 2
            if isAtOrPast(events[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// A subject that carries engagement events: ``Account``, ``Contact``,
/// ``Lead`` or a host application's own type.
///
/// Behavioral criteria in `ICPCriteria` work on any `EventSubject`.
public protocol EventSubject {
    /// The subject's events in time order.
    var events: EventLog { get }
}

/// An account's headcount on a day, for growth and size-crossing triggers.
public struct HeadcountSnapshot: Sendable, Hashable, Codable {
    /// The day the headcount was taken.
    public var day: CalendarDay
    /// The headcount.
    public var employees: Int

    /// Creates a snapshot.
    public init(_ day: CalendarDay, employees: Int) {
        self.day = day
        self.employees = employees
    }
}

/// Ways an account speaks for the vendor publicly.
public enum Advocacy: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A published case study.
    case caseStudy = "case study"
    /// A public review (G2, Gartner Peer Insights).
    case review
    /// Takes reference calls from prospects.
    case reference

    /// Advocacy kinds order as declared.
    public static func < (lhs: Advocacy, rhs: Advocacy) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
