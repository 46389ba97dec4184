/// A piece of a rubric written in a ``RubricBuilder`` block: a line or a
/// disqualifier.
public enum RubricComponent<Subject>: Sendable {
    /// A scoring line.
    case line(RubricLine<Subject>)
    /// A knock-out.
    case disqualifier(Disqualifier<Subject>)
}

/// Writes a rubric's lines and disqualifiers in code, in order, with `if`,
/// `switch` and `for` as needed.
///
/// ```swift
/// let fit = try Rubric<Account>("Mid-market security") {
///     Industry.oneOf("Security Software").points(3)
///     Employees.between(200...2_000).points(2)
///     if sellsInEurope { Location.in(.europe).points(1) }
///     TechStack.usesAny("Competitor X").disqualifies()
/// }
/// ```
@resultBuilder
public enum RubricBuilder<Subject> {
    /// A line.
    public static func buildExpression(_ line: RubricLine<Subject>) -> [RubricComponent<Subject>] {
        [.line(line)]
    }

    /// A disqualifier.
    public static func buildExpression(_ disqualifier: Disqualifier<Subject>) -> [RubricComponent<Subject>] {
        [.disqualifier(disqualifier)]
    }

    /// Several components, e.g. from a helper function.
    public static func buildExpression(_ components: [RubricComponent<Subject>]) -> [RubricComponent<Subject>] {
        components
    }

    /// The statements of a block, in order.
    public static func buildBlock(_ parts: [RubricComponent<Subject>]...) -> [RubricComponent<Subject>] {
        parts.flatMap { $0 }
    }

    /// An `if` without `else`.
    public static func buildOptional(_ part: [RubricComponent<Subject>]?) -> [RubricComponent<Subject>] {
        part ?? []
    }

    /// The first branch of an `if`/`else` or `switch`.
    public static func buildEither(first part: [RubricComponent<Subject>]) -> [RubricComponent<Subject>] {
        part
    }

    /// The second branch of an `if`/`else` or `switch`.
    public static func buildEither(second part: [RubricComponent<Subject>]) -> [RubricComponent<Subject>] {
        part
    }

    /// A `for` loop.
    public static func buildArray(_ parts: [[RubricComponent<Subject>]]) -> [RubricComponent<Subject>] {
        parts.flatMap { $0 }
    }

    /// An `if #available` block.
    public static func buildLimitedAvailability(_ part: [RubricComponent<Subject>]) -> [RubricComponent<Subject>] {
        part
    }
}
