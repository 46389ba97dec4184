/// One piece of evidence a criterion looked at: a field and the value it
/// held, already written for a person (`employees` = `450`).
public struct Observation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The field read, e.g. `employees`, `country`, `technologies`.
    public var field: String
    /// The value seen, formatted; `unknown` when the field was empty.
    public var value: String

    /// Creates an observation.
    public init(_ field: String, _ value: String) {
        self.field = field
        self.value = value
    }

    /// `field value`, e.g. `employees 450`.
    public var description: String { "\(field) \(value)" }
}

/// How far a subject meets one criterion, with the evidence and the words
/// to explain it either way.
///
/// Most criteria answer 0 (not met) or 1 (met); decaying or partial signals
/// answer in between. When the data a criterion needs is missing the answer
/// is *unknown*, naming the fields, and the rubric's missing-data policy
/// decides what that is worth.
///
/// Both sentences are always present, so that negation can swap them (the
/// unmet sentence of `employees ≥ 200` is the met sentence of its `not`):
///
/// ```swift
/// evaluation.metSentence    // "employees 450 is between 200 and 2,000"
/// evaluation.unmetSentence  // "employees 450 is not between 200 and 2,000"
/// evaluation.sentence       // the one that fits the outcome
/// ```
public struct Evaluation: Sendable, Hashable {
    /// The answer: a degree or unknown.
    public enum Outcome: Sendable, Hashable {
        /// Known: how far the criterion holds, 0…1.
        case degree(Double)
        /// Not known: the fields whose values were missing.
        case unknown(missing: [String])
    }

    /// The answer.
    public var outcome: Outcome
    /// What the criterion looked at.
    public var evidence: [Observation]
    /// The sentence that explains the criterion holding.
    public var metSentence: String
    /// The sentence that explains the criterion not holding.
    public var unmetSentence: String

    /// Creates an evaluation; a degree outside 0…1 is clamped into it and a
    /// NaN degree becomes unknown.
    public init(outcome: Outcome, evidence: [Observation], met: String, unmet: String) {
        switch outcome {
        case .degree(let d) where d.isNaN:
            self.outcome = .unknown(missing: evidence.map(\.field))
        case .degree(let d):
            self.outcome = .degree(min(1, max(0, d)))
        case .unknown:
            self.outcome = outcome
        }
        self.evidence = evidence
        self.metSentence = met
        self.unmetSentence = unmet
    }

    /// A known answer of the given degree.
    public static func known(
        _ degree: Double, evidence: [Observation], met: String, unmet: String
    ) -> Evaluation {
        Evaluation(outcome: .degree(degree), evidence: evidence, met: met, unmet: unmet)
    }

    /// A known yes-or-no answer (degree 1 or 0).
    public static func known(
        _ holds: Bool, evidence: [Observation], met: String, unmet: String
    ) -> Evaluation {
        Evaluation(outcome: .degree(holds ? 1 : 0), evidence: evidence, met: met, unmet: unmet)
    }

    /// An unknown answer: the named fields were missing.
    public static func unknown(
        missing: [String], evidence: [Observation], met: String, unmet: String
    ) -> Evaluation {
        Evaluation(outcome: .unknown(missing: missing), evidence: evidence, met: met, unmet: unmet)
    }

    /// The degree in 0…1, or `nil` when unknown.
    public var degree: Double? {
        if case .degree(let d) = outcome { return d }
        return nil
    }

    /// Whether the answer is known.
    public var isKnown: Bool { degree != nil }

    /// The fields whose values were missing; empty when known.
    public var missingFields: [String] {
        if case .unknown(let missing) = outcome { return missing }
        return []
    }

    /// Whether the criterion holds: a known degree of at least 0.5.
    ///
    /// The half-way rule keeps negation symmetric for partial degrees and is
    /// what tiers, disqualifiers and combinators' sentences use; points use
    /// the degree itself.
    public var isMet: Bool { (degree ?? 0) >= 0.5 }

    /// The sentence that fits the outcome: the met sentence when met, the
    /// unmet one when not, and for unknown the missing fields
    /// (`"employees not known"`).
    public var sentence: String {
        switch outcome {
        case .unknown(let missing):
            return missing.isEmpty ? "not known" : "\(missing.joined(separator: ", ")) not known"
        case .degree:
            return isMet ? metSentence : unmetSentence
        }
    }

    /// The same evaluation with the outcome negated (degree `1 - d`, unknown
    /// stays unknown) and the two sentences swapped.
    public var negated: Evaluation {
        let flipped: Outcome
        switch outcome {
        case .degree(let d): flipped = .degree(1 - d)
        case .unknown: flipped = outcome
        }
        return Evaluation(outcome: flipped, evidence: evidence, met: unmetSentence, unmet: metSentence)
    }
}
