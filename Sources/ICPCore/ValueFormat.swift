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
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-infinity" : "infinity") }
        let digits = max(0, min(maxFractionDigits, 6))
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.0e15 else { return String(value) }
        let units = Int(scaled)
        let whole = units / Int(scale)
        var fraction = units % Int(scale)
        var fractionText = ""
        if fraction > 0 {
            var width = digits
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            let f = String(fraction)
            fractionText = "." + String(repeating: "0", count: width - f.count) + f
        }
        var wholeText = String(whole)
        if grouped && wholeText.count > 3 {
            var groupedText = ""
            for (i, ch) in wholeText.enumerated() {
                if i > 0 && (wholeText.count - i) % 3 == 0 { groupedText.append(",") }
                groupedText.append(ch)
            }
            wholeText = groupedText
        }
        let negative = value < 0 && units > 0
        return (negative ? "-" : "") + wholeText + fractionText
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
