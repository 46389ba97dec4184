import ICPCore

/// Holds when a signal's value falls within a bound:
/// `employees between 200 and 2,000`.
///
/// Sentences name the value and the bound either way: "employees 450 is
/// between 200 and 2,000" / "employees 120 is below 200". A missing value is
/// unknown.
public struct NumericCriterion<Subject>: Criterion {
    /// The signal read.
    public let signal: any Signal<Subject>
    /// The bound.
    public let bound: NumericBound

    private let boundText: String
    /// The signal's value before the finite check: a ``NumberField``'s own
    /// reader, called directly rather than through the existential, or
    /// any other signal's measure.
    private let read: @Sendable (Subject, EvaluationContext) -> Double?

    /// Creates the criterion; its wording is written once, here.
    public init(_ signal: any Signal<Subject>, _ bound: NumericBound) {
        self.signal = signal
        self.bound = bound
        self.boundText = bound.text(signal.format)
        if let field = signal as? NumberField<Subject> {
            self.read = field.read
        } else {
            self.read = { subject, context in signal.measure(subject, in: context) }
        }
    }

    /// `employees between 200 and 2,000`.
    public var name: String { "\(signal.name) \(boundText)" }

    /// The signal's category.
    public var category: SignalCategory { signal.category }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        guard let v = signal.measure(subject, in: context) else {
            return .unknown(
                missing: [signal.name], evidence: [Observation(signal.name, "unknown")],
                met: "\(signal.name) is \(boundText)", unmet: "\(signal.name) is not \(boundText)")
        }
        let shown = signal.format.format(v)
        return .known(
            bound.contains(v), evidence: [Observation(signal.name, shown)],
            met: "\(signal.name) \(shown) is \(boundText)",
            unmet: "\(signal.name) \(shown) is \(bound.miss(v, signal.format))")
    }

    /// The degree without text.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        NumberField<Subject>.finite(read(subject, context)).map { bound.contains($0) ? 1 : 0 }
    }

    /// The signal's value in the bound, when the signal has an operand.
    public var condition: Condition? { signal.operand.map { .number($0, bound) } }

    /// The signal's specification with the bound: `{"kind": "employees", "min": 200, "max": 2000}`.
    public var specification: Specification? {
        guard var spec = signal.specification else { return nil }
        for (key, value) in bound.parameters { spec = spec.with(key, .number(value)) }
        return spec
    }
}

extension Signal {
    /// Holds when the value is at least `n`.
    public func atLeast(_ n: Double) -> NumericCriterion<Subject> { NumericCriterion(self, .atLeast(n)) }
    /// Holds when the value is at most `n`.
    public func atMost(_ n: Double) -> NumericCriterion<Subject> { NumericCriterion(self, .atMost(n)) }
    /// Holds when the value is more than `n` ("over 500 employees").
    public func moreThan(_ n: Double) -> NumericCriterion<Subject> { NumericCriterion(self, .moreThan(n)) }
    /// Holds when the value is less than `n` ("under 100 employees").
    public func lessThan(_ n: Double) -> NumericCriterion<Subject> { NumericCriterion(self, .lessThan(n)) }
    /// Holds when the value lies in the range, ends included.
    public func between(_ range: ClosedRange<Double>) -> NumericCriterion<Subject> {
        NumericCriterion(self, .between(range.lowerBound, range.upperBound))
    }
    /// Holds when the value lies in the range: at least its lower bound and
    /// less than its upper one.
    public func within(_ range: Range<Double>) -> NumericCriterion<Subject> {
        NumericCriterion(self, .interval(range.lowerBound, range.upperBound))
    }
}

/// Holds when a text field is one of a set of values, compared folded
/// (case, spaces, underscores and hyphens do not matter). A missing or
/// blank text is unknown.
public struct TextCriterion<Subject>: Criterion {
    /// The field read.
    public let field: TextField<Subject>
    /// The values as given, for sentences.
    public let values: [String]
    private let keys: SortedKeys
    private let setText: String

    /// Creates the criterion; the values are folded and worded once, here.
    public init(field: TextField<Subject>, values: [String]) {
        self.field = field
        self.values = values
        self.keys = SortedKeys(values.map { NameKey($0) })
        self.setText = Wording.oneOf(values)
    }

    /// `stage one of Series B or Series C`.
    public var name: String { "\(field.name) \(setText)" }

    /// The field's category.
    public var category: SignalCategory { field.category }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        let set = setText
        guard let text = field.read(subject), let key = field.readKey(subject) else {
            return .unknown(
                missing: [field.name], evidence: [Observation(field.name, "unknown")],
                met: "\(field.name) is \(set)", unmet: "\(field.name) is not \(set)")
        }
        return .known(
            keys.contains(key), evidence: [Observation(field.name, text)],
            met: "\(field.name) \(text) is \(set)", unmet: "\(field.name) \(text) is not \(set)")
    }

    /// The degree without text.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        field.readKey(subject).map { keys.contains($0) ? 1 : 0 }
    }

    /// The field's text in the folded values, when the field has an operand.
    public var condition: Condition? { field.operand.map { .text($0, Set(keys.keys)) } }

    /// The field's specification with `oneOf`.
    public var specification: Specification? { field.specification?.with("oneOf", .strings(values)) }
}
