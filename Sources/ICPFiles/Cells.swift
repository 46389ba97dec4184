import ICPCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A cell read as a value: missing (empty), a value, or text that cannot
/// be read, with the reason.
public enum Cell<Value: Sendable>: Sendable {
    /// The cell is empty or blank.
    case missing
    /// The cell's value.
    case value(Value)
    /// The cell cannot be read; the reason names what was expected.
    case invalid(String)
}

extension Cell: Equatable where Value: Equatable {}

/// How CRM exports write values, read as values.
///
/// | cell | read as |
/// | --- | --- |
/// | `1,200` · `1 200` · `1.200,5` · `12.5k` · `$1.2M` · `€3 000 000` · `USD 2.5bn` | numbers (money is a number) |
/// | `201-500` · `1,001–5,000` · `10,001+` | employee bands: the midpoint, or the lower bound of an open band |
/// | `Salesforce; Okta` · `AWS\|Azure` | lists, split on `;` or `\|` |
/// | `2026-11-20` · `2026-11-20T10:30:00Z` · `2026-11-20 10:30` | dates (UTC unless an offset is given) |
/// | `yes` · `no` · `true` · `false` · `y` · `n` | flags |
/// | empty or blank | missing |
///
/// Thousands separators: `,` `.` `'` and spaces (also non-breaking). With
/// both `,` and `.` the later one is the decimal point; with only one of
/// them, it separates thousands when every group after it has three
/// digits (`1,200`), else it is the decimal point (`12,5`).
public enum Cells {
    /// Reads a number, money or not.
    public static func number(_ text: String) -> Cell<Double> {
        switch reading(text) {
        case .missing: .missing
        case .value(let v): .value(v)
        case .notANumber: .invalid("\"\(Cells.shown(text))\" is not a number")
        case .tooLarge: .invalid(Cells.tooLarge(text))
        }
    }

    /// What a number cell holds, and why not when it holds none.
    private enum NumberReading {
        case missing, value(Double), notANumber, tooLarge
    }

    /// Reads a number cell: ``number(_:)`` without the messages.
    private static func reading(_ text: String) -> NumberReading {
        if let plain = plainDecimal(text) { return .value(plain) }
        let trimmed = text.trimmed()
        guard !trimmed.isEmpty else { return .missing }
        var body = Substring(trimmed)
        var negative = false
        if body.hasPrefix("("), body.hasSuffix(")") {
            negative = true
            body = body.dropFirst().dropLast()
        }
        body = stripCurrency(body)
        if body.hasPrefix("-") || body.hasPrefix("−") {
            negative.toggle()
            body = body.dropFirst()
        } else if body.hasPrefix("+") {
            body = body.dropFirst()
        }
        body = stripCurrency(body)
        var scale = 1.0
        let lower = body.lowercased()
        for (suffix, factor) in [("bn", 1e9), ("mm", 1e6), ("k", 1e3), ("m", 1e6), ("b", 1e9)]
        where lower.hasSuffix(suffix) {
            let digitsEnd = lower.dropLast(suffix.count)
            if let last = digitsEnd.last, last.isNumber || last == " " {
                scale = factor
                body = body.dropLast(suffix.count)
                break
            }
        }
        guard let value = plainNumber(body.trimmed()) else { return .notANumber }
        let result = (negative ? -value : value) * scale
        guard result.isFinite, abs(result) < 1e18 else { return .tooLarge }
        return .value(result)
    }

    /// Reads a headcount: a whole number, a band (`201-500` → 351, the
    /// midpoint rounded), or an open band (`10,001+` → 10,001).
    public static func count(_ text: String) -> Cell<Int> {
        if let plain = plainInteger(text), plain < 1_000_000_000_000 { return .value(plain) }
        let trimmed = text.trimmed()
        guard !trimmed.isEmpty else { return .missing }
        if trimmed.hasSuffix("+") {
            guard case .value(let low) = number(String(trimmed.dropLast())), let n = wholeCount(low) else {
                return .invalid("\"\(Cells.shown(text))\" is not a count")
            }
            return .value(n)
        }
        for separator in ["-", "–", "—", " to "] {
            let parts = trimmed.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].trimmed().isEmpty else { continue }
            guard case .value(let low) = number(String(parts[0])), case .value(let high) = number(String(parts[1])),
                let lo = wholeCount(low), let hi = wholeCount(high), lo <= hi
            else { return .invalid("\"\(Cells.shown(text))\" is not a count or a band like 201-500") }
            return .value(Int((Double(lo + hi) / 2).rounded()))
        }
        switch reading(trimmed) {
        case .missing: return .missing
        case .tooLarge: return .invalid(Cells.tooLarge(text))
        case .notANumber: return .invalid("\"\(Cells.shown(text))\" is not a count")
        case .value(let v):
            guard v >= 0 else { return .invalid("\"\(Cells.shown(text))\" is negative; a count is 0 or more") }
            guard let n = wholeCount(v) else {
                return .invalid("\"\(Cells.shown(text))\" is not a whole count below 10^12")
            }
            return .value(n)
        }
    }

    /// Reads a whole number (a year, an NPS answer, a count of referrals).
    public static func integer(_ text: String) -> Cell<Int> {
        if let plain = plainInteger(text) { return .value(plain) }
        switch number(text) {
        case .missing: return .missing
        case .invalid(let r): return .invalid(r)
        case .value(let v):
            guard v.rounded() == v, abs(v) < 1e15 else {
                return .invalid("\"\(Cells.shown(text))\" is not a whole number")
            }
            return .value(Int(v))
        }
    }

    /// Splits a list on `;` or `|`, trimming items and dropping empty ones.
    public static func list(_ text: String) -> [String] {
        var items: [String] = []
        var start = text.utf8.startIndex
        let utf8 = text.utf8
        var i = start
        while i != utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: ";") || b == UInt8(ascii: "|") {
                let item = text[start..<i].trimmed()
                if !item.isEmpty { items.append(item) }
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        let last = text[start...].trimmed()
        if !last.isEmpty { items.append(last) }
        return items
    }

    /// Reads a date: `YYYY-MM-DD`, optionally with a time (`T` or a space,
    /// `HH:MM[:SS]`) and a zone (`Z`, `+02:00`); UTC when no zone is given.
    public static func date(_ text: String) -> Cell<Date> {
        if let day = plainDay(text) { return .value(day.date) }
        let trimmed = text.trimmed()
        guard !trimmed.isEmpty else { return .missing }
        let chars = Array(trimmed)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var v = 0
            for c in chars[from..<(from + count)] {
                guard let d = c.wholeNumberValue, c.isASCII else { return nil }
                v = v * 10 + d
            }
            return v
        }
        let invalid = Cell<Date>.invalid(
            "\"\(Cells.shown(text))\" is not a date like 2026-11-20 or 2026-11-20T10:30:00Z")
        guard chars.count >= 10, let y = digits(0, 4), chars[4] == "-" || chars[4] == "/", let m = digits(5, 2),
            chars[7] == chars[4], let d = digits(8, 2), (1...12).contains(m),
            (1...CalendarDay.days(inMonth: m, year: y)).contains(d)
        else { return invalid }
        var seconds = Double(CalendarDay(y, m, d).daysSinceEpoch) * 86_400
        var i = 10
        if i < chars.count {
            guard chars[i] == "T" || chars[i] == " ", let hh = digits(i + 1, 2), i + 3 < chars.count,
                chars[i + 3] == ":", let mm = digits(i + 4, 2), hh < 24, mm < 60
            else { return invalid }
            seconds += Double(hh * 3600 + mm * 60)
            i += 6
            if i < chars.count, chars[i] == ":" {
                guard let ss = digits(i + 1, 2), ss < 60 else { return invalid }
                seconds += Double(ss)
                i += 3
                if i < chars.count, chars[i] == "." {  // fractions of a second
                    i += 1
                    while i < chars.count, chars[i].isNumber { i += 1 }
                }
            }
            if i < chars.count {
                if chars[i] == "Z" {
                    i += 1
                } else if chars[i] == "+" || chars[i] == "-" {
                    let sign: Double = chars[i] == "+" ? 1 : -1
                    guard let oh = digits(i + 1, 2) else { return invalid }
                    var om = 0
                    i += 3
                    if i < chars.count, chars[i] == ":" { i += 1 }
                    if let m2 = digits(i, 2) {
                        om = m2
                        i += 2
                    }
                    seconds -= sign * Double(oh * 3600 + om * 60)
                }
                guard i == chars.count else { return invalid }
            }
        }
        return .value(Date(timeIntervalSince1970: seconds))
    }

    /// Reads a flag: yes / no, true / false, y / n, 1 / 0.
    public static func flag(_ text: String) -> Cell<Bool> {
        switch text.trimmed().lowercased() {
        case "": return .missing
        case "yes", "true", "y", "1": return .value(true)
        case "no", "false", "n", "0": return .value(false)
        default: return .invalid("\"\(Cells.shown(text))\" is not yes or no")
        }
    }

    /// A custom attribute's value, by what the cell looks like: a flag
    /// word, a number, a date, a list (with `;` or `|`), else text.
    public static func attribute(_ text: String) -> AttributeValue? {
        if let plain = plainDecimal(text) { return .number(plain) }
        let trimmed = text.trimmed()
        guard !trimmed.isEmpty else { return nil }
        if let flag = attributeFlags[trimmed.lowercased()] { return .flag(flag) }
        if trimmed.first.map({ $0.isNumber || $0 == "-" || $0 == "$" || $0 == "€" || $0 == "£" }) == true {
            if case .value(let d) = date(trimmed) { return .date(d) }
            if case .value(let n) = number(trimmed) { return .number(n) }
        }
        if trimmed.contains(";") || trimmed.contains("|") { return .list(list(trimmed)) }
        return .text(trimmed)
    }

    /// The words ``attribute(_:)`` reads as a flag, lowercased.
    private static let attributeFlags: [String: Bool] = [
        "yes": true, "true": true, "y": true, "no": false, "false": false, "n": false,
    ]

    /// The longest of ``attributeFlags``: a longer cell is no flag word.
    private static let longestFlag = attributeFlags.keys.map(\.utf8.count).max() ?? 0

    /// ``attribute(_:)`` of a cell's UTF-8 bytes: a plain text (ASCII,
    /// starting with a letter, so no number or date, ending in a visible
    /// character, so nothing to trim, no list separator, longer than any
    /// flag word) read without the general rules, which give it as that
    /// text; any other cell by them.
    package static func attribute(utf8 bytes: UnsafeBufferPointer<UInt8>) -> AttributeValue? {
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        if let first = bytes.first, let last = bytes.last, isLetter(first), last > 0x20, last < 0x7F,
            bytes.count > longestFlag,
            !bytes.contains(where: { $0 >= 0x80 || $0 == 0x3B || $0 == 0x7C })
        {
            return .text(String(decoding: bytes, as: UTF8.self))
        }
        return attribute(String(decoding: bytes, as: UTF8.self))
    }

    /// A cell of only ASCII digits with at most one `.` and a leading `-`
    /// (the way most exports write numbers), read without any other rule;
    /// `nil` for anything else.
    static func plainDecimal(_ text: String) -> Double? {
        decimal(text.utf8)
    }

    /// ``plainDecimal(_:)`` of a cell's UTF-8 bytes.
    static func plainDecimal(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        decimal(bytes)
    }

    /// Powers of ten that a `Double` holds exactly, 10^0 through 10^15.
    private static let exactPowers: [Double] = (0...15).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    /// ``plainDecimal(_:)`` of UTF-8 bytes, read without `strtod`: at most
    /// 15 digits are a whole number below 2^53, and 10^k for k ≤ 15 is
    /// exact, so one division rounds the decimal correctly, as `Double(_:)`
    /// does.
    @inline(__always)
    private static func decimal(_ bytes: some Sequence<UInt8>) -> Double? {
        var whole: Int64 = 0
        var digits = 0
        var dots = 0
        var decimals = 0
        var negative = false
        for (i, b) in bytes.enumerated() {
            if b >= 0x30 && b <= 0x39 {
                digits += 1
                // Past 15 digits the cell is no plain decimal; stopping here
                // keeps `whole` from overflowing.
                guard digits <= 15 else { return nil }
                whole = whole &* 10 &+ Int64(b &- 0x30)
                decimals += dots
            } else if b == 0x2E {
                dots += 1
                guard dots <= 1 else { return nil }
            } else if b == 0x2D && i == 0 {
                negative = true
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        let value = Double(whole) / exactPowers[decimals]
        return negative ? -value : value
    }

    /// A cell that is exactly `YYYY-MM-DD`, read without any other rule.
    static func plainDay(_ text: String) -> CalendarDay? { plainDay(utf8: text.utf8) }

    /// ``plainDay(_:)`` of a cell's UTF-8 bytes.
    static func plainDay(utf8 bytes: some Sequence<UInt8>) -> CalendarDay? {
        var b: (Int, Int, Int) = (0, 0, 0)
        var count = 0
        for (i, c) in bytes.enumerated() {
            count += 1
            if i == 4 || i == 7 {
                guard c == 0x2D else { return nil }
                continue
            }
            guard c >= 0x30 && c <= 0x39, i < 10 else { return nil }
            let d = Int(c - 0x30)
            if i < 4 { b.0 = b.0 * 10 + d } else if i < 7 { b.1 = b.1 * 10 + d } else { b.2 = b.2 * 10 + d }
        }
        guard count == 10, (1...12).contains(b.1), (1...CalendarDay.days(inMonth: b.1, year: b.0)).contains(b.2)
        else { return nil }
        return CalendarDay(b.0, b.1, b.2)
    }

    /// A cell of only ASCII digits (at most 15), read as a whole number.
    static func plainInteger(_ text: String) -> Int? { plainInteger(utf8: text.utf8) }

    /// ``plainInteger(_:)`` of a cell's UTF-8 bytes.
    static func plainInteger(utf8 bytes: some Sequence<UInt8>) -> Int? {
        var value = 0
        var count = 0
        for b in bytes {
            // Past 15 digits the cell is left to the general rules, which
            // reject it; stopping here keeps `value` from overflowing.
            guard b >= 0x30 && b <= 0x39, count < 15 else { return nil }
            value = value * 10 + Int(b - 0x30)
            count += 1
        }
        return count > 0 ? value : nil
    }

    /// Why a number past 10^18 (or infinite) is not read.
    static func tooLarge(_ text: String) -> String {
        "\"\(Cells.shown(text))\" is too large to be a number this tool reads (at most 10^18)"
    }

    /// A cell as an error message shows it: whole up to 60 characters,
    /// else its start, an ellipsis and its length, so that a megabyte cell
    /// is never echoed whole.
    public static func shown(_ text: String) -> String {
        guard text.utf8.count > 60 else { return text }
        return String(text.prefix(40)) + "… (\(ValueFormat.count.format(Double(text.count))) characters)"
    }

    private static let currencySymbols: Set<Character> = ["$", "€", "£", "¥", "₹", "₩", "₽", "¢"]
    private static let currencyCodes = ["usd", "eur", "gbp", "cad", "aud", "chf", "jpy", "inr", "sek", "nok", "dkk"]

    private static func stripCurrency(_ text: Substring) -> Substring {
        var body = text.trimmed()[...]
        while let first = body.first, currencySymbols.contains(first) { body = body.dropFirst() }
        while let last = body.last, currencySymbols.contains(last) { body = body.dropLast() }
        let lower = body.lowercased()
        for code in currencyCodes {
            if lower.hasPrefix(code) { body = body.dropFirst(code.count) }
            if lower.hasSuffix(code) { body = body.dropLast(code.count) }
        }
        // "US$1.2M", "CA$": a letter prefix before a symbol.
        if let i = body.firstIndex(where: currencySymbols.contains), body[..<i].allSatisfy(\.isLetter) {
            body = body[body.index(after: i)...]
        }
        return body.trimmed()[...]
    }

    /// `1,200.5`, `1.200,5`, `1 200`, `1'200`, `12,5`, `0.25` → the number.
    private static func plainNumber(_ text: String) -> Double? {
        let commas = text.filter { $0 == "," }.count
        let dots = text.filter { $0 == "." }.count
        let decimal: Character?
        if commas > 0, dots > 0 {
            let lastComma = text.lastIndex(of: ",") ?? text.startIndex
            let lastDot = text.lastIndex(of: ".") ?? text.startIndex
            decimal = lastComma > lastDot ? "," : "."
        } else if commas > 0 {
            if groupsOfThree(text, ",") {
                decimal = nil
            } else if commas == 1 {
                decimal = ","
            } else {
                return nil
            }
        } else if dots > 1 {
            guard groupsOfThree(text, ".") else { return nil }
            decimal = nil
        } else {
            decimal = "."
        }
        var cleaned = ""
        for c in text {
            if c == decimal {
                cleaned.append(".")
            } else if c == "," || c == "." || c == "'" || c == " " || c == "\u{00A0}" || c == "\u{202F}" {
                continue
            } else if c.isASCII, c.isNumber {
                cleaned.append(c)
            } else {
                return nil
            }
        }
        guard !cleaned.isEmpty, cleaned != ".", let v = Double(cleaned), v.isFinite else { return nil }
        return v
    }

    /// Whether every group after the first `separator` has three digits.
    private static func groupsOfThree(_ text: String, _ separator: Character) -> Bool {
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count > 1, let first = parts.first, (1...3).contains(first.count) else { return false }
        return parts.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(\.isNumber) }
    }

    private static func wholeCount(_ v: Double) -> Int? {
        guard v >= 0, v < 1e12 else { return nil }
        return Int(v.rounded())
    }
}
