#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A day of the proleptic Gregorian calendar in UTC, free of locale and time
/// zone settings.
///
/// Scores must not depend on the machine they run on, so date arithmetic in
/// this library (company age, review intervals, "as of" dates) uses this
/// type rather than `Calendar.current`.
///
/// ```swift
/// let day = try CalendarDay(parsing: "2026-11-23")
/// day.adding(months: 3)   // 2027-02-23
/// ```
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, e.g. 2026.
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…31.
    public let day: Int

    /// Creates a day; components out of range are normalised the way
    /// calendars roll over (month 13 of 2026 is January 2027).
    public init(_ year: Int, _ month: Int, _ day: Int) {
        self.init(daysSinceEpoch: CalendarDay.days(year: year, month: month, day: day))
    }

    /// The UTC day that contains the given instant.
    public init(_ date: Date) {
        let seconds = date.timeIntervalSince1970
        let days = seconds.isFinite ? Int((seconds / 86_400).rounded(.down)) : 0
        self.init(daysSinceEpoch: days)
    }

    /// Parses an ISO 8601 calendar date, `YYYY-MM-DD`.
    ///
    /// - Throws: ``CalendarDayError`` naming the text when it is not a real date.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1, d <= CalendarDay.days(inMonth: m, year: y)
        else { throw CalendarDayError(text: text) }
        self.year = y
        self.month = m
        self.day = d
    }

    /// Creates the day a number of days after 1970-01-01.
    public init(daysSinceEpoch z: Int) {
        // Howard Hinnant's civil_from_days.
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int { CalendarDay.days(year: year, month: month, day: day) }

    /// The instant 00:00 UTC on this day.
    public var date: Date { Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400) }

    /// The day a number of days later (earlier when negative).
    public func adding(days: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + days) }

    /// The same day of the month a number of months later, clamped to the
    /// month's last day (January 31 plus one month is February 28 or 29).
    public func adding(months: Int) -> CalendarDay {
        let total = year * 12 + (month - 1) + months
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        return CalendarDay(y, m, min(day, CalendarDay.days(inMonth: m, year: y)))
    }

    /// Whole years from `earlier` to this day, counting a year only once its
    /// anniversary has been reached.
    public func wholeYears(since earlier: CalendarDay) -> Int {
        var years = year - earlier.year
        if (month, day) < (earlier.month, earlier.day) { years -= 1 }
        return years
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(abs(n))
            return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Earlier days order first.
    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Encodes as the text `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes from the text `YYYY-MM-DD`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { try self.init(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date YYYY-MM-DD, found \"\(text)\"")
        }
    }

    /// The number of days in a month (1–12) of a year, leap years counted.
    public static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func days(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil, after normalising the month.
        let total = year * 12 + (month - 1)
        let y0 = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y0 * 12 + 1
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// The text given is not a calendar date in the form `YYYY-MM-DD`.
public struct CalendarDayError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text that failed to parse.
    public var text: String

    /// Creates the error for a text.
    public init(text: String) { self.text = text }
    /// A sentence naming the text and the expected form.
    public var description: String { "\"\(text)\" is not a date in the form YYYY-MM-DD" }
}
