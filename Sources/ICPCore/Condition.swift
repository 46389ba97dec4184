/// What a criterion tests, written as data: a test over one value of the
/// account (a number in a bound, a text in a set, a list against groups of
/// names, a flag, a date, presence), or all / any / not / at least *k* of
/// such tests.
///
/// Built-in criteria give theirs as ``Criterion/condition``; a host's own
/// criterion gives none and is run row by row. The columnar engine, the
/// list of columns a profile reads and the SQL compiler all read
/// conditions, so none of them knows criterion kinds by name, and a new
/// kind is one file: its criterion and the condition it is.
///
/// A condition answers as its criterion's ``Criterion/degree(of:in:)``
/// does: a degree in 0…1, or `nil` when the data it needs is missing
/// (``degree(of:in:)`` works it out for an ``Account``; `CriterionLaws`
/// checks the two agree).
public indirect enum Condition: Sendable, Hashable {
    /// 1 when the number is within the bound, else 0; unknown when missing.
    case number(Operand, NumericBound)
    /// The number over the cap's size, clamped to 0…1 (0 when the cap is 0);
    /// unknown when missing.
    case proportion(Operand, cap: Double)
    /// 1 when the folded text is one of the keys, else 0; unknown when
    /// missing, blank, or (for an attribute) not a text.
    case text(Operand, Set<NameKey>)
    /// 1 when the text, with its spaces removed, starts with one of the
    /// prefixes, else 0; unknown when missing or blank.
    case prefix(Operand, [String])
    /// A list of names (a text attribute is a list of one) against groups
    /// of keys, each group one wanted value and its aliases; unknown when the
    /// list is missing.
    case items(Operand, groups: [Set<NameKey>], ItemsTest)
    /// How many of the phrases overlap an item of a list of phrases (one
    /// contains the other, word by word), over `atLeast`, at most 1;
    /// unknown when the list has no words.
    case phrases(Operand, [Phrase], atLeast: Int)
    /// 1 when a yes / no value is `wanted`, else 0; unknown when missing or
    /// not a yes / no.
    case flag(Operand, wanted: Bool)
    /// A date test; unknown when the date is missing.
    case date(Operand, DateTest)
    /// 1 when the value is there (of any kind), else 0; never unknown.
    case present(Operand)
    /// 1 when the headcount was below `size` on the day `days` before "as
    /// of" and is at least `size` now; unknown without that history.
    case headcountCrossed(size: Int, days: Int)
    /// Every part: the smallest degree, unknown when unknowns could change it.
    case all([Condition])
    /// Some part: the largest degree, unknown when unknowns could change it.
    case any([Condition])
    /// At least *k* parts: the *k*-th largest degree, unknown when unknowns
    /// could change it; at least 0 always holds, more than the parts never.
    case atLeast(Int, [Condition])
    /// `1 - d`; unknown stays unknown.
    case not(Condition)
    /// 1 when the part is unknown, else 0.
    case missing(Condition)

    /// How a list meets its groups.
    public enum ItemsTest: String, Sendable, Hashable {
        /// Some group has an item.
        case any
        /// Every group has an item.
        case all
        /// No group has an item.
        case none
    }

    /// How a date is tested.
    public enum DateTest: Sendable, Hashable {
        /// Before the day's start (UTC).
        case before(CalendarDay)
        /// On or after the day's start (UTC).
        case onOrAfter(CalendarDay)
        /// On a day at most this many days before "as of", and not after it.
        case withinDays(Int)
    }

    /// Whether the answer can change with the "as of" day (an event window,
    /// a date within days, a company's age, headcount change).
    public var dependsOnDay: Bool {
        switch self {
        case .date(_, .withinDays): return true
        case .headcountCrossed: return true
        case .all(let parts), .any(let parts), .atLeast(_, let parts): return parts.contains(where: \.dependsOnDay)
        case .not(let part), .missing(let part): return part.dependsOnDay
        default: return operands.contains(where: \.dependsOnDay)
        }
    }

    /// The operands the condition reads, in order, each once.
    public var operands: [Operand] {
        var found: [Operand] = []
        func add(_ o: Operand) { if !found.contains(o) { found.append(o) } }
        func walk(_ c: Condition) {
            switch c {
            case .number(let o, _), .proportion(let o, _), .text(let o, _), .prefix(let o, _), .items(let o, _, _),
                .phrases(let o, _, _), .flag(let o, _), .date(let o, _), .present(let o):
                add(o)
            case .headcountCrossed: add(.headcountHistory)
            case .all(let parts), .any(let parts), .atLeast(_, let parts): parts.forEach(walk)
            case .not(let part), .missing(let part): walk(part)
            }
        }
        walk(self)
        return found
    }
}

/// A value of an account a condition reads.
public indirect enum Operand: Sendable, Hashable {
    /// A standard field.
    case field(AccountField)
    /// A custom attribute, by folded name.
    case attribute(NameKey)
    /// Whole years from the founding year to the "as of" year.
    case companyAge
    /// Headcount change over the last `days` days as a share (0.25 = +25%):
    /// the newest headcount as of today (else the employees field) against
    /// the newest snapshot at least `days` old; missing without one, or when it was 0.
    case headcountGrowth(days: Int)
    /// The headcount history itself (read by ``Condition/headcountCrossed(size:days:)``).
    case headcountHistory
    /// A number worked out from the events.
    case events(EventMeasure)
    /// `(now - before) / before` of two event measures; missing when
    /// `before` is missing or not above 0.
    case change(EventMeasure, before: EventMeasure)
    /// How many groups of keys a list has an item of; missing when the list is.
    case matches(Operand, groups: [Set<NameKey>])
    /// The value when it is within the bound, else missing.
    case valid(Operand, NumericBound)

    /// Whether the value can change with the "as of" day.
    public var dependsOnDay: Bool {
        switch self {
        case .field, .attribute: false
        case .companyAge, .headcountGrowth, .headcountHistory, .events, .change: true
        case .matches(let o, _), .valid(let o, _): o.dependsOnDay
        }
    }

    /// The standard fields and custom attributes read, and whether events are.
    public var reads: (fields: [AccountField], attributes: [NameKey], events: Bool) {
        switch self {
        case .field(let f): ([f], [], false)
        case .attribute(let k): ([], [k], false)
        case .companyAge: ([.founded], [], false)
        case .headcountGrowth, .headcountHistory: ([.employees], [], false)
        case .events, .change: ([], [], true)
        case .matches(let o, _), .valid(let o, _): o.reads
        }
    }
}
