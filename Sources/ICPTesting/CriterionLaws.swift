import ICPCore
import ICPCriteria

/// One broken law: which, for which subject, and what was seen.
public struct LawViolation: Sendable, Hashable, CustomStringConvertible {
    /// The law's name, e.g. `degree in 0…1`.
    public var law: String
    /// The criterion's name.
    public var criterion: String
    /// The subject's position in the list checked.
    public var subject: Int
    /// What was seen.
    public var detail: String

    /// `"employees at least 200", subject 3: degree in 0…1: …`.
    public var description: String { "\"\(criterion)\", subject \(subject): \(law): \(detail)" }
}

/// Checks the laws every criterion must keep, on a list of subjects, so a
/// host application can test its own criteria as the library tests its
/// built-ins.
///
/// ```swift
/// @Test func myCriterionKeepsTheLaws() {
///     #expect(CriterionLaws.check(HasSOC2(), on: companies, asOf: CalendarDay(2026, 11, 23)).isEmpty)
/// }
/// ```
///
/// The laws:
/// 1. The degree is in 0…1 (never NaN) or unknown, and unknown names at
///    least one missing field.
/// 2. The same subject and context give the same evaluation.
/// 3. `Criterion/degree(of:in:)` agrees with `evaluate(_:in:).degree`.
/// 4. `!(!c)` evaluates as `c` (degrees equal within 1e-12).
/// 5. `!c` has degree `1 - d`, swapped sentences and the same unknowns.
/// 6. The name and the sentence for the outcome are not empty.
/// 7. For an `Account`, the criterion's `Criterion/condition` (when it has
///    one) gives the same degree, or unknown, as the criterion (within 1e-12).
public enum CriterionLaws {
    /// Checks every law on every subject; returns the violations (empty
    /// when the criterion keeps them all).
    public static func check<C: Criterion>(_ criterion: C, on subjects: [C.Subject], asOf day: CalendarDay)
        -> [LawViolation]
    {
        check(criterion, on: subjects, in: EvaluationContext(asOf: day))
    }

    /// Checks every law on every subject in a context.
    public static func check<C: Criterion>(
        _ criterion: C, on subjects: [C.Subject], in context: EvaluationContext
    ) -> [LawViolation] {
        var violations: [LawViolation] = []
        func fail(_ law: String, _ index: Int, _ detail: String) {
            violations.append(LawViolation(law: law, criterion: criterion.name, subject: index, detail: detail))
        }
        if criterion.name.isEmpty { fail("name not empty", -1, "the criterion's name is empty") }
        let negated = Not(criterion)
        let doubleNegated = Not(negated)
        for (i, subject) in subjects.enumerated() {
            let e = criterion.evaluate(subject, in: context)
            switch e.outcome {
            case .degree(let d):
                if !(d >= 0 && d <= 1) { fail("degree in 0…1", i, "degree \(d)") }
            case .unknown(let missing):
                if missing.isEmpty { fail("unknown names its fields", i, "no missing field named") }
            }
            let again = criterion.evaluate(subject, in: context)
            if again != e { fail("same input, same result", i, "\(e) then \(again)") }
            let fast = criterion.degree(of: subject, in: context)
            if fast != e.degree {
                fail(
                    "degree(of:) agrees with evaluate", i,
                    "\(String(describing: fast)) vs \(String(describing: e.degree))")
            }
            if e.sentence.isEmpty { fail("sentence not empty", i, "empty sentence for \(e.outcome)") }
            if let condition = criterion.condition, let account = subject as? Account {
                let answer = condition.degree(of: account, in: context)
                if !sameDegree(answer, e.degree) {
                    fail(
                        "condition agrees with degree", i,
                        "\(String(describing: answer)) vs \(String(describing: e.degree)) for \(condition)")
                }
            }

            let nn = doubleNegated.evaluate(subject, in: context)
            if !sameOutcome(nn.outcome, e.outcome) || nn.evidence != e.evidence
                || nn.metSentence != e.metSentence || nn.unmetSentence != e.unmetSentence
            {
                fail("!(!c) evaluates as c", i, "\(nn) vs \(e)")
            }
            let n = negated.evaluate(subject, in: context)
            let expected: Evaluation.Outcome =
                switch e.outcome {
                case .degree(let d): .degree(1 - d)
                case .unknown: e.outcome
                }
            if !sameOutcome(n.outcome, expected) || n.metSentence != e.unmetSentence || n.unmetSentence != e.metSentence
            {
                fail("!c negates c", i, "\(n) vs \(e)")
            }
        }
        return violations
    }

    /// Checks that a signal's operand, when it has one, reads what the
    /// signal measures for every account (to 1e-12).
    public static func check<S: Signal>(signal: S, on subjects: [Account], in context: EvaluationContext)
        -> [LawViolation] where S.Subject == Account
    {
        guard let operand = signal.operand else { return [] }
        var violations: [LawViolation] = []
        for (i, subject) in subjects.enumerated() {
            let read = operand.number(of: subject, in: context)
            let measured = signal.measure(subject, in: context)
            if !sameDegree(read, measured) {
                violations.append(
                    LawViolation(
                        law: "operand agrees with measure", criterion: signal.name, subject: i,
                        detail: "\(String(describing: read)) vs \(String(describing: measured)) for \(operand)"))
            }
        }
        return violations
    }

    private static func sameDegree(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let x?, let y?): x == y || abs(x - y) <= 1e-12
        default: false
        }
    }

    private static func sameOutcome(_ a: Evaluation.Outcome, _ b: Evaluation.Outcome) -> Bool {
        switch (a, b) {
        case (.degree(let x), .degree(let y)): abs(x - y) <= 1e-12
        case (.unknown(let x), .unknown(let y)): x == y
        default: false
        }
    }
}
