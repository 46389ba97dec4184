/// The bounds a number must fall within.
public enum NumericBound: Sendable, Hashable, CustomStringConvertible {
    /// `value ≥ n`.
    case atLeast(Double)
    /// `value ≤ n`.
    case atMost(Double)
    /// `value > n`.
    case moreThan(Double)
    /// `value < n`.
    case lessThan(Double)
    /// `lower ≤ value ≤ upper`.
    case between(Double, Double)
    /// `lower ≤ value < upper`: a bin of a histogram, so that adjacent bins
    /// never share a value. In a file, `atLeast` and `lessThan` together.
    case interval(Double, Double)

    /// Whether the value falls within the bound. A NaN bound holds for no value.
    @inlinable
    public func contains(_ v: Double) -> Bool {
        switch self {
        case .atLeast(let n): v >= n
        case .atMost(let n): v <= n
        case .moreThan(let n): v > n
        case .lessThan(let n): v < n
        case .between(let lo, let hi): v >= lo && v <= hi
        case .interval(let lo, let hi): v >= lo && v < hi
        }
    }

    /// `at least 200`, `between 200 and 2000` (unformatted).
    public var description: String { text(.count) }

    /// The bound's keys in a profile file: `atLeast`, `atMost`, `moreThan`,
    /// `lessThan`, `min` and `max`, or `atLeast` and `lessThan`.
    public var parameters: [(String, Double)] {
        switch self {
        case .atLeast(let n): [("atLeast", n)]
        case .atMost(let n): [("atMost", n)]
        case .moreThan(let n): [("moreThan", n)]
        case .lessThan(let n): [("lessThan", n)]
        case .between(let lo, let hi): [("min", lo), ("max", hi)]
        case .interval(let lo, let hi): [("atLeast", lo), ("lessThan", hi)]
        }
    }

    /// The words a bound reads with: numbers compare ("at least 200"),
    /// years read as time ("before 2010").
    private struct Words {
        let atLeast, atMost, moreThan, lessThan, below, above: String

        static let numbers = Words(
            atLeast: "at least", atMost: "at most", moreThan: "more than", lessThan: "less than", below: "below",
            above: "above")
        static let years = Words(
            atLeast: "in or after", atMost: "in or before", moreThan: "after", lessThan: "before", below: "before",
            above: "after")
    }

    package func text(_ format: ValueFormat) -> String {
        let w = format == .year ? Words.years : Words.numbers
        switch self {
        case .atLeast(let n): return "\(w.atLeast) \(format.format(n))"
        case .atMost(let n): return "\(w.atMost) \(format.format(n))"
        case .moreThan(let n): return "\(w.moreThan) \(format.format(n))"
        case .lessThan(let n): return "\(w.lessThan) \(format.format(n))"
        case .between(let lo, let hi) where lo == hi: return "is \(format.format(lo))"
        case .between(let lo, let hi): return "between \(format.format(lo)) and \(format.format(hi))"
        case .interval(let lo, let hi): return "from \(format.format(lo)) to under \(format.format(hi))"
        }
    }

    /// Why a value misses the bound: `below 200`, `above 2,000`, `at most 500`.
    package func miss(_ v: Double, _ format: ValueFormat) -> String {
        let w = format == .year ? Words.years : Words.numbers
        switch self {
        case .atLeast(let n): return "\(w.below) \(format.format(n))"
        case .atMost(let n): return "\(w.above) \(format.format(n))"
        case .moreThan(let n): return "\(w.atMost) \(format.format(n))"
        case .lessThan(let n): return "\(w.atLeast) \(format.format(n))"
        case .between(let lo, let hi):
            if v < lo { return "\(w.below) \(format.format(lo))" }
            if v > hi { return "\(w.above) \(format.format(hi))" }
            return "not \(text(format))"
        case .interval(let lo, let hi):
            if v < lo { return "\(w.below) \(format.format(lo))" }
            return "\(w.atLeast) \(format.format(hi))"
        }
    }
}
