import ICPCore

/// A number read off a subject by a closure or key path: the signal behind
/// ranges (`employees ≥ 200`) and bands.
///
/// Built-in fields of `Account` are exposed through namespaces
/// (``Employees/count``, ``Revenue/amount``); a host application points one
/// at its own type:
///
/// ```swift
/// let headcount = Field.number("headcount", \Company.headcount)
/// let line = headcount.between(200...2_000).points(2)
/// ```
public struct NumberField<Subject>: Signal {
    /// The field's name in sentences.
    public let name: String
    /// The kind of signal.
    public let category: SignalCategory
    /// How values are written.
    public let format: ValueFormat
    /// How the field is written in a profile file, when it has a file form.
    public let specification: Specification?
    /// The value read, as data, for the built-in fields of `Account`.
    public let operand: Operand?
    /// The value as read, before the finite check (criteria over a field
    /// call it directly, without the signal's existential).
    let read: @Sendable (Subject, EvaluationContext) -> Double?

    /// Creates a field from a closure; NaN and infinities read as missing.
    public init(
        _ name: String, category: SignalCategory = .firmographic, format: ValueFormat = .count,
        specification: Specification? = nil, operand: Operand? = nil,
        read: @escaping @Sendable (Subject, EvaluationContext) -> Double?
    ) {
        self.name = name
        self.category = category
        self.format = format
        self.specification = specification
        self.operand = operand
        self.read = read
    }

    /// The value, or `nil` when missing or not finite.
    public func measure(_ subject: Subject, in context: EvaluationContext) -> Double? {
        NumberField.finite(read(subject, context))
    }

    /// The value when it is finite.
    @inline(__always) static func finite(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }
}

/// A text read off a subject, matched against a set of values (folded:
/// case, spaces, underscores and hyphens do not matter).
///
/// ```swift
/// Field.text("segment", \Company.segment).oneOf("Enterprise", "Mid-Market")
/// ```
public struct TextField<Subject>: Sendable {
    /// The field's name in sentences.
    public let name: String
    /// The kind of signal.
    public let category: SignalCategory
    /// How the field is written in a profile file (its `oneOf` criterion
    /// adds the values), when it has a file form.
    public let specification: Specification?
    /// The text read, as data, for the built-in fields of `Account`.
    public let operand: Operand?
    let read: @Sendable (Subject) -> String?
    let readKey: @Sendable (Subject) -> NameKey?

    /// Creates a text field from a closure; the text is folded on each evaluation.
    public init(
        _ name: String, category: SignalCategory = .firmographic, read: @escaping @Sendable (Subject) -> String?
    ) {
        self.init(name, category: category, read: read) { NameKey(nonBlank: read($0)) }
    }

    /// Creates a text field whose subject keeps the text already folded
    /// (`nil` when missing or blank), so matching does no folding.
    public init(
        _ name: String, category: SignalCategory = .firmographic, specification: Specification? = nil,
        operand: Operand? = nil, read: @escaping @Sendable (Subject) -> String?,
        folded: @escaping @Sendable (Subject) -> NameKey?
    ) {
        self.name = name
        self.category = category
        self.specification = specification
        self.operand = operand
        self.read = read
        self.readKey = folded
    }

    /// Holds when the text is one of the values.
    public func oneOf(_ values: String...) -> TextCriterion<Subject> { oneOf(values) }

    /// Holds when the text is one of the values.
    public func oneOf(_ values: [String]) -> TextCriterion<Subject> {
        TextCriterion(field: self, values: values)
    }
}

/// Fields of a host application's own types, by key path.
public enum Field {
    /// A whole-number field.
    public static func number<Subject>(
        _ name: String, _ keyPath: any KeyPath<Subject, Int?> & Sendable,
        category: SignalCategory = .firmographic, format: ValueFormat = .count
    ) -> NumberField<Subject> {
        NumberField(name, category: category, format: format) { subject, _ in subject[keyPath: keyPath].map(Double.init)
        }
    }

    /// A whole-number field that is never missing.
    public static func number<Subject>(
        _ name: String, _ keyPath: any KeyPath<Subject, Int> & Sendable,
        category: SignalCategory = .firmographic, format: ValueFormat = .count
    ) -> NumberField<Subject> {
        NumberField(name, category: category, format: format) { subject, _ in Double(subject[keyPath: keyPath]) }
    }

    /// A decimal field.
    public static func number<Subject>(
        _ name: String, _ keyPath: any KeyPath<Subject, Double?> & Sendable,
        category: SignalCategory = .firmographic, format: ValueFormat = .count
    ) -> NumberField<Subject> {
        NumberField(name, category: category, format: format) { subject, _ in subject[keyPath: keyPath] }
    }

    /// A decimal field that is never missing.
    public static func number<Subject>(
        _ name: String, _ keyPath: any KeyPath<Subject, Double> & Sendable,
        category: SignalCategory = .firmographic, format: ValueFormat = .count
    ) -> NumberField<Subject> {
        NumberField(name, category: category, format: format) { subject, _ in subject[keyPath: keyPath] }
    }

    /// A text field.
    public static func text<Subject>(
        _ name: String, _ keyPath: any KeyPath<Subject, String?> & Sendable, category: SignalCategory = .firmographic
    ) -> TextField<Subject> {
        TextField(name, category: category) { $0[keyPath: keyPath] }
    }

    /// A text field that is never missing.
    public static func text<Subject>(
        _ name: String, _ keyPath: any KeyPath<Subject, String> & Sendable, category: SignalCategory = .firmographic
    ) -> TextField<Subject> {
        TextField(name, category: category) { $0[keyPath: keyPath] }
    }
}
