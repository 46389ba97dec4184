/// How a measured value is written in evidence and sentences.
///
/// Formatting is deliberately locale-free: the same score reads the same on
/// every machine, and tests can compare the exact text.
///
/// | format | 1234567.0 |
/// | --- | --- |
/// | ``count`` | `1,234,567` |
/// | ``money`` | `$1.2M` |
/// | ``year`` | `1234567` |
/// | ``years`` | `1,234,567 years` |
/// | ``percent`` (of 0.25) | `25%` |
public enum ValueFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// A quantity with thousands separators and up to two decimals: `2,000`, `12.5`.
    case count
    /// An amount of money in the revenue currency, abbreviated: `$950k`, `$12.5M`, `$2B`.
    case money
    /// A calendar year, written plainly: `2015`.
    case year
    /// A duration in years: `1 year`, `12 years`.
    case years
    /// A share in 0…1 written as a percentage: `0.8` → `80%`.
    case percent
    /// A number of days: `1 day`, `30 days`.
    case days

    /// Writes a value in this format.
    public func format(_ value: Double) -> String {
        switch self {
        case .count: return ValueFormat.decimal(value, grouped: true)
        case .year: return ValueFormat.decimal(value, grouped: false)
        case .years: return ValueFormat.decimal(value, grouped: true) + (value == 1 ? " year" : " years")
        case .days: return ValueFormat.decimal(value, grouped: true) + (value == 1 ? " day" : " days")
        case .percent: return ValueFormat.decimal(value * 100, grouped: true, maxFractionDigits: 1) + "%"
        case .money: return ValueFormat.money(value)
        }
    }

    /// Writes points the way a rubric shows them: `3`, `-3`, `2.5`, `8.75`.
    public static func points(_ value: Double) -> String {
        decimal(value, grouped: false)
    }

    /// Writes a number with at most `maxFractionDigits` decimals, trailing
    /// zeros removed, optionally with `,` between thousands.
    public static func decimal(_ value: Double, grouped: Bool, maxFractionDigits: Int = 2) -> String {
        var bytes: [UInt8] = []
        appendDecimal(value, grouped: grouped, maxFractionDigits: maxFractionDigits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``decimal(_:grouped:maxFractionDigits:)`` appended to UTF-8 bytes,
    /// making no `String` (bulk output writes millions).
    package static func appendDecimal(
        _ value: Double, grouped: Bool, maxFractionDigits: Int = 2, to out: inout [UInt8]
    ) {
        guard value.isFinite else {
            out.append(contentsOf: (value.isNaN ? "NaN" : (value < 0 ? "-infinity" : "infinity")).utf8)
            return
        }
        let digits = max(0, min(maxFractionDigits, 6))
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded()
        guard scaled < 9.0e15 else {
            out.append(contentsOf: String(value).utf8)
            return
        }
        let units = Int(scaled)
        if value < 0 && units > 0 { out.append(UInt8(ascii: "-")) }
        appendWhole(units / scale, grouped: grouped, to: &out)
        var fraction = units % scale
        guard fraction > 0 else { return }
        var width = digits
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        out.append(UInt8(ascii: "."))
        var place = 1
        for _ in 1..<width { place *= 10 }
        while place > fraction {
            out.append(UInt8(ascii: "0"))
            place /= 10
        }
        appendWhole(fraction, grouped: false, to: &out)
    }

    /// The digits of a non-negative whole number, optionally with `,`
    /// between thousands.
    private static func appendWhole(_ n: Int, grouped: Bool, to out: inout [UInt8]) {
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: below 9e15, 16 digits and 5 commas
        withUnsafeMutableBytes(of: &buffer) { b in
            var i = b.count
            var rest = n
            var count = 0
            repeat {
                if grouped && count > 0 && count % 3 == 0 {
                    i -= 1
                    b[i] = UInt8(ascii: ",")
                }
                i -= 1
                b[i] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            // As typed bytes, so that the append is one copy.
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b.bindMemory(to: UInt8.self)[i...]))
        }
    }

    private static func money(_ value: Double) -> String {
        guard value.isFinite else { return decimal(value, grouped: false) }
        let magnitude = abs(value)
        let sign = value < 0 ? "-" : ""
        let (divisor, suffix): (Double, String) =
            magnitude >= 999_500_000
            ? (1e9, "B")
            : magnitude >= 999_500
                ? (1e6, "M")
                : magnitude >= 10_000
                    ? (1e3, "k")
                    : (1, "")
        let digits = divisor == 1 ? 2 : 1
        return sign + "$" + decimal(magnitude / divisor, grouped: true, maxFractionDigits: digits) + suffix
    }
}
