/// One measurable question about a subject: does this account meet this
/// part of the profile, and how far?
///
/// `Criterion` is the library's plug-in point, and it is kept small: a name,
/// a signal category and one method. Built-in criteria live in
/// `ICPCriteria`; a host application writes its own by conforming a small
/// value type:
///
/// ```swift
/// struct HasSOC2: Criterion {
///     var name: String { "SOC 2 certified" }
///     var category: SignalCategory { .qualitative }
///     func evaluate(_ company: Company, in context: EvaluationContext) -> Evaluation {
///         guard let certified = company.soc2 else {
///             return .unknown(missing: ["soc2"], evidence: [], met: "SOC 2 certified",
///                             unmet: "not SOC 2 certified")
///         }
///         return .known(certified, evidence: [Observation("soc2", "\(certified)")],
///                       met: "SOC 2 certified", unmet: "not SOC 2 certified")
///     }
/// }
/// ```
///
/// A criterion must be deterministic: it reads only the subject and the
/// context (never the clock, the environment or any global), so the same
/// input always gives the same evaluation.
public protocol Criterion<Subject>: Sendable {
    /// The type of thing this criterion is asked about.
    associatedtype Subject

    /// A short name that reads as the condition: `employees between 200 and 2,000`.
    var name: String { get }

    /// The kind of signal read.
    var category: SignalCategory { get }

    /// Evaluates the subject as of the context's date, with evidence and sentences.
    func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation

    /// The degree alone (`nil` when unknown), without building any text.
    ///
    /// Bulk scoring without explanations calls this. The default calls
    /// ``evaluate(_:in:)``; built-in criteria answer it without allocating.
    /// An override must agree with `evaluate(_:in:).degree`.
    func degree(of subject: Subject, in context: EvaluationContext) -> Double?

    /// How the criterion is written in a profile file, or `nil` when it
    /// cannot be (the default).
    var specification: Specification? { get }

    /// What the criterion tests, as data the engine, the list of columns
    /// read and the SQL compiler use, or `nil` (the default) when it cannot
    /// be written so: such a criterion is asked row by row. When given, it
    /// must agree with ``degree(of:in:)`` for every account.
    var condition: Condition? { get }
}

extension Criterion {
    /// Default: no file form.
    public var specification: Specification? { nil }

    /// Default: no condition; the criterion is asked row by row.
    public var condition: Condition? { nil }

    /// Default: the degree of the full evaluation.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        evaluate(subject, in: context).degree
    }

    /// A rubric line worth `points` when this criterion holds (scaled by the
    /// degree for partial answers). Negative points mark bad-fit traits.
    ///
    /// ```swift
    /// Employees.between(200...2_000).points(2)
    /// TechStack.usesAny("Competitor X").points(-3)
    /// ```
    public func points(_ points: Double) -> RubricLine<Subject> {
        RubricLine(name: name, scoring: .criterion(self, points: points))
    }

    /// A disqualifier: when this criterion holds, the subject is knocked out
    /// to the lowest tier, whatever its points.
    ///
    /// - Parameter reason: What to report; by default the evaluation's sentence.
    public func disqualifies(because reason: String? = nil) -> Disqualifier<Subject> {
        Disqualifier(self, reason: reason)
    }
}
