import ICPCore

/// A criterion about one type asked of another that holds it: an account
/// criterion asked of a `Lead` through its account. Made by `on(_:)`.
///
/// ```swift
/// let revenueFit = Revenue.between(1_000_000...50_000_000).on(\Lead.account)
/// ```
public struct LiftedCriterion<Outer, Inner>: Criterion {
    /// The criterion asked.
    public let inner: any Criterion<Inner>
    /// What the outer subject holds, for sentences when it is missing: `account`.
    public let part: String
    private let get: @Sendable (Outer) -> Inner?

    /// Creates the criterion from a closure; `nil` from it is unknown.
    public init(_ inner: any Criterion<Inner>, part: String, get: @escaping @Sendable (Outer) -> Inner?) {
        self.inner = inner
        self.part = part
        self.get = get
    }

    /// The inner criterion's name.
    public var name: String { inner.name }

    /// The inner criterion's category.
    public var category: SignalCategory { inner.category }

    /// The inner evaluation, or unknown when the outer subject holds none.
    public func evaluate(_ subject: Outer, in context: EvaluationContext) -> Evaluation {
        guard let value = get(subject) else {
            return .unknown(missing: [part], evidence: [Observation(part, "unknown")], met: name, unmet: "not \(name)")
        }
        return inner.evaluate(value, in: context)
    }

    /// The degree without text.
    public func degree(of subject: Outer, in context: EvaluationContext) -> Double? {
        get(subject).flatMap { inner.degree(of: $0, in: context) }
    }
}

/// A signal about one type read off another that holds it. Made by `on(_:)`.
public struct LiftedSignal<Outer, Inner>: Signal {
    /// The signal read.
    public let inner: any Signal<Inner>
    private let get: @Sendable (Outer) -> Inner?

    /// Creates the signal from a closure; `nil` from it is missing.
    public init(_ inner: any Signal<Inner>, get: @escaping @Sendable (Outer) -> Inner?) {
        self.inner = inner
        self.get = get
    }

    /// The inner signal's name.
    public var name: String { inner.name }
    /// The inner signal's category.
    public var category: SignalCategory { inner.category }
    /// The inner signal's format.
    public var format: ValueFormat { inner.format }

    /// The inner value, or `nil` when the outer subject holds none.
    public func measure(_ subject: Outer, in context: EvaluationContext) -> Double? {
        get(subject).flatMap { inner.measure($0, in: context) }
    }
}

extension Criterion {
    /// This criterion asked of the value at a key path: `Industry.oneOf("Software").on(\Lead.account)`.
    /// A missing value is unknown, named by the key path's last component.
    public func on<Outer>(_ path: any KeyPath<Outer, Subject?> & Sendable, named part: String? = nil)
        -> LiftedCriterion<Outer, Subject>
    {
        LiftedCriterion(self, part: part ?? Lifting.partName(path)) { $0[keyPath: path] }
    }

    /// This criterion asked of the value at a key path: `Personas.match(anyOf: personas).on(\Lead.contact)`.
    public func on<Outer>(_ path: any KeyPath<Outer, Subject> & Sendable) -> LiftedCriterion<Outer, Subject> {
        LiftedCriterion(self, part: Lifting.partName(path)) { $0[keyPath: path] }
    }
}

extension Signal {
    /// This signal read off the value at a key path: `Revenue.amount.on(\Lead.account)`.
    public func on<Outer>(_ path: any KeyPath<Outer, Subject?> & Sendable) -> LiftedSignal<Outer, Subject> {
        LiftedSignal(self) { $0[keyPath: path] }
    }

    /// This signal read off the value at a key path.
    public func on<Outer>(_ path: any KeyPath<Outer, Subject> & Sendable) -> LiftedSignal<Outer, Subject> {
        LiftedSignal(self) { $0[keyPath: path] }
    }
}

enum Lifting {
    /// `\Lead.account` → `account`.
    static func partName(_ path: AnyKeyPath) -> String {
        let text = String(describing: path)
        return text.split(separator: ".").last.map(String.init) ?? text
    }
}

/// Criteria over a contact's persona match.
///
/// ```swift
/// let titleMatch = Personas.match(anyOf: profile.personas)
/// titleMatch.points(3)                       // in a Rubric<Contact>
/// titleMatch.on(\Lead.contact).points(3)     // in a Rubric<Lead>
/// ```
public enum Personas {
    /// Holds as far as the contact fits the best of the personas (see
    /// `PersonaMatcher`).
    public static func match(anyOf personas: [Persona]) -> PersonaCriterion { PersonaCriterion(personas) }

    /// Holds as far as the contact fits the persona.
    public static func match(_ persona: Persona) -> PersonaCriterion { PersonaCriterion([persona]) }
}

/// Holds as far as a contact fits the best of some personas. The degree is
/// the match's (1, 0.5, 0.25 or 0); the sentence gives its reasons.
public struct PersonaCriterion: Criterion {
    /// The personas, with their patterns read.
    public let matcher: PersonaMatcher
    private let names: String

    /// Creates the criterion.
    public init(_ personas: [Persona]) {
        self.matcher = PersonaMatcher(personas)
        self.names = Wording.oneOf(personas.map(\.name))
    }

    /// `matches Security leader`, `matches one of Security leader or IT operations`.
    public var name: String { "matches \(names)" }

    /// Demographic.
    public var category: SignalCategory { .demographic }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ contact: Contact, in context: EvaluationContext) -> Evaluation {
        var evidence = [Observation("title", contact.title ?? "unknown")]
        if let seniority = contact.effectiveSeniority { evidence.append(Observation("seniority", "\(seniority)")) }
        if let department = contact.department { evidence.append(Observation("department", department)) }
        let best = matcher.bestMatch(for: contact)
        let why = best.map { ": " + $0.reasons.joined(separator: "; ") } ?? ""
        return .known(
            best?.degree ?? 0, evidence: evidence, met: "matches \(best?.persona ?? names)\(why)",
            unmet: "does not match \(best?.persona ?? names)\(best == nil ? "" : why)")
    }

    /// The degree without text.
    public func degree(of contact: Contact, in context: EvaluationContext) -> Double? {
        matcher.bestDegree(for: contact)
    }
}
