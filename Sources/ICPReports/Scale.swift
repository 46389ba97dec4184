#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps values of a domain linearly onto a span of drawing units (pixels):
/// the axis of a chart.
///
/// ```swift
/// let x = LinearScale(domain: 0...0.4, from: 100, to: 500)
/// x(0.1)  // 200
/// ```
public struct LinearScale: Sendable, Hashable {
    /// The values mapped.
    public var domain: ClosedRange<Double>
    /// Where the domain's lower bound is drawn.
    public var from: Double
    /// Where the domain's upper bound is drawn (less than ``from`` for a
    /// vertical axis, whose values grow upwards).
    public var to: Double

    /// Creates a scale.
    public init(domain: ClosedRange<Double>, from: Double, to: Double) {
        self.domain = domain
        self.from = from
        self.to = to
    }

    /// Where `value` is drawn; an empty domain draws everything at ``from``.
    public func callAsFunction(_ value: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0, value.isFinite else { return from }
        return from + (value - domain.lowerBound) / span * (to - from)
    }

    /// The step between ticks for about `count` ticks over `span`: 1, 2 or
    /// 5 times a power of ten.
    public static func step(span: Double, count: Int = 5) -> Double {
        guard span > 0, span.isFinite, count > 0 else { return 1 }
        let raw = span / Double(count)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let nice: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
        return nice * magnitude
    }

    /// The domain widened to whole steps at both ends (0…0.37 → 0…0.4).
    public static func nice(_ domain: ClosedRange<Double>, count: Int = 5) -> ClosedRange<Double> {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0 else {
            // One value: from zero to it.
            let v = domain.lowerBound
            return v == 0 ? 0...1 : nice(Swift.min(0, v)...Swift.max(0, v), count: count)
        }
        let step = step(span: span, count: count)
        // A bound within a hair of a whole step stays on it.
        let lower = snap((domain.lowerBound / step + 1e-9).rounded(.down), step)
        let upper = snap((domain.upperBound / step - 1e-9).rounded(.up), step)
        return lower...upper
    }

    /// Tick values at whole steps inside the domain, about `count` of them.
    public static func ticks(_ domain: ClosedRange<Double>, count: Int = 5) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0 else { return [domain.lowerBound] }
        let step = step(span: span, count: count)
        let first = (domain.lowerBound / step - 1e-9).rounded(.up)
        let last = (domain.upperBound / step + 1e-9).rounded(.down)
        guard last >= first, last - first < 1_000 else { return [] }
        return stride(from: first, through: last, by: 1).map { snap($0, step) }
    }

    /// `k` steps, rounded to the step's decimals, so that 3 × 0.1 is 0.3,
    /// not 0.30000000000000004.
    static func snap(_ k: Double, _ step: Double) -> Double {
        let digits = Swift.max(0, -Int(log10(step).rounded(.down))) + 1
        let scale = pow(10, Double(digits))
        return (k * step * scale).rounded() / scale
    }
}

/// How a chart writes its values: as percentages or plain numbers.
public enum ChartValueStyle: Sendable, Hashable {
    /// A share, written as a percentage (0.25 → `25%`).
    case percent
    /// A number with at most this many decimals.
    case number(decimals: Int)

    /// The value as written on an axis or in a table.
    public func format(_ value: Double) -> String {
        switch self {
        case .percent: return Self.decimal(value * 100, Swift.abs(value) < 0.1 && value != 0 ? 1 : 0) + "%"
        case .number(let decimals): return Self.decimal(value, decimals)
        }
    }

    /// A number with at most `decimals` decimals, no trailing zeros, `-` for negatives.
    static func decimal(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : value > 0 ? "∞" : "-∞" }
        let scale = pow(10, Double(Swift.max(0, Swift.min(decimals, 6))))
        let rounded = (value * scale).rounded() / scale
        if rounded == 0 { return "0" }
        var text = String(Swift.abs(rounded))
        if text.hasSuffix(".0") { text.removeLast(2) }
        return (rounded < 0 ? "-" : "") + text
    }
}

/// A drawing coordinate as written in SVG: at most one decimal.
func coordinate(_ value: Double) -> String {
    ChartValueStyle.decimal(value.isFinite ? value : 0, 1)
}
