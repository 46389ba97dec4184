/// A criterion that answers a run of subjects in one call.
///
/// Bulk summaries (``Rubric/summarizeAll(_:in:threads:)``) ask each line
/// once per run of subjects instead of once per subject, so the cost of
/// reaching the criterion through `any Criterion` is paid once per run. The
/// built-in criteria conform; any other criterion is asked subject by
/// subject, with the same results.
package protocol BatchCriterion<Subject>: Criterion {
    /// Writes the degree (``Criterion/degree(of:in:)``) of each of the run's
    /// ``SubjectRun/width`` subjects into `degrees`, in order, NaN where the
    /// degree is unknown.
    func degrees(of run: SubjectRun<Subject>, in context: EvaluationContext, into degrees: UnsafeMutablePointer<Double>)
}

/// A signal that measures a run of subjects in one call: the banded lines'
/// counterpart of ``BatchCriterion``.
package protocol BatchSignal<Subject>: Signal {
    /// Writes the value (``Signal/measure(_:in:)``) of each of the run's
    /// ``SubjectRun/width`` subjects into `values`, in order, NaN where the
    /// value is missing.
    func measures(of run: SubjectRun<Subject>, in context: EvaluationContext, into values: UnsafeMutablePointer<Double>)
}

/// A subject whose bits may be lent (``lend(_:in:_:)``,
/// ``SubjectRun/lending(_:count:in:_:)``): it holds only Swift values and
/// native references, which stay valid wherever their bits are read from.
/// (An Objective-C weak reference, say, does not.)
package protocol Lendable {}

extension Account: Lendable {}
extension Contact: Lendable {}
extension Lead: Lendable {}

/// Eight subjects held as eight stored values, so that a criterion handed a
/// run can pass each subject on without copying it. (A subject read from an
/// array or a buffer is copied before every call that could change the
/// memory; for an ``Account`` that retains each of its texts and arrays,
/// for every line.) A run is made either with copies of its subjects, once
/// each, or by lending them (``lending(_:count:in:_:)``). A run of fewer
/// subjects repeats its last one; the extra answers are ignored.
@usableFromInline
package struct SubjectRun<Subject> {
    /// How many subjects a run holds.
    package static var width: Int { 8 }

    @usableFromInline let s0, s1, s2, s3, s4, s5, s6, s7: Subject

    /// The run of `subject(0)` … `subject(count - 1)`, the last repeated to
    /// fill the run.
    ///
    /// - Precondition: `1 <= count <= width`.
    package init(count: Int, _ subject: (Int) -> Subject) {
        let last = subject(count - 1)
        func at(_ i: Int) -> Subject { i < count - 1 ? subject(i) : last }
        (s0, s1, s2, s3) = (at(0), at(1), at(2), at(3))
        (s4, s5, s6, s7) = (at(4), at(5), at(6), at(7))
    }

    /// Calls `body` with the run of the `count` subjects stored at `base`,
    /// lent rather than copied: the run holds the subjects' own bits, not
    /// copies, so making it retains nothing (a copy of an ``Account``
    /// retains each of its texts and arrays).
    ///
    /// The run is built in `slot` (memory for one run, left uninitialized
    /// as it was given), moved out for the call and moved back after, and
    /// never destroyed: each subject is released only by its owner. The
    /// subjects must stay where they are, unchanged, during the call;
    /// whatever `body` copies out of the run it owns as usual.
    ///
    /// - Precondition: `1 <= count <= width`, and `Subject` is
    ///   ``Lendable``.
    package static func lending<R>(
        _ base: UnsafePointer<Subject>, count: Int, in slot: UnsafeMutablePointer<SubjectRun>,
        _ body: (SubjectRun) -> R
    ) -> R {
        let raw = UnsafeMutableRawPointer(slot)
        let stride = MemoryLayout<Subject>.stride
        // The eight stored subjects lie one stride apart.
        assert(MemoryLayout<SubjectRun>.size == 7 * stride + MemoryLayout<Subject>.size)
        for i in 0..<width {
            (raw + i * stride).copyMemory(
                from: UnsafeRawPointer(base + Swift.min(i, count - 1)), byteCount: MemoryLayout<Subject>.size)
        }
        return lend(slot, body)
    }
}

/// Calls `body` with the value whose bits `slot` holds, moved out for the
/// call and back after, so that no reference it holds is retained or
/// released: for a value whose bits were copied into `slot` from where its
/// owner keeps it (``SubjectRun/lending(_:count:in:_:)``,
/// ``lend(_:in:_:)``). `slot` holds the same bits after as before.
@inline(__always)
func lend<T, R>(_ slot: UnsafeMutablePointer<T>, _ body: (T) -> R) -> R {
    let value = slot.move()
    let result = body(value)
    slot.initialize(to: consume value)
    return result
}

/// Calls `body` with the value stored at `source`, lent rather than
/// copied (a copy of an ``Account`` retains each of its texts and arrays):
/// its bits are copied into `slot`, memory for one value that is left
/// uninitialized as it was given. The value must stay where it is,
/// unchanged, during the call.
@inline(__always)
package func lend<T: Lendable, R>(_ source: UnsafePointer<T>, in slot: UnsafeMutablePointer<T>, _ body: (T) -> R) -> R {
    UnsafeMutableRawPointer(slot).copyMemory(from: UnsafeRawPointer(source), byteCount: MemoryLayout<T>.size)
    return lend(slot, body)
}

extension SubjectRun {

    /// The subject at `i` (0 ..< ``width``).
    package subscript(i: Int) -> Subject {
        switch i {
        case 0: s0
        case 1: s1
        case 2: s2
        case 3: s3
        case 4: s4
        case 5: s5
        case 6: s6
        default: s7
        }
    }

    /// Calls `body` with each position and subject in order, each subject
    /// passed on as stored: the body of every batch conformance.
    @inlinable @inline(__always)
    package func forEach(_ body: (Int, Subject) -> Void) {
        body(0, s0)
        body(1, s1)
        body(2, s2)
        body(3, s3)
        body(4, s4)
        body(5, s5)
        body(6, s6)
        body(7, s7)
    }
}

extension Criterion {
    /// The body of a ``BatchCriterion`` conformance: the criterion's own
    /// degree for each subject, called on the concrete type so that it can
    /// be inlined.
    @inlinable @inline(__always)
    package func eachDegree(
        of run: SubjectRun<Subject>, in context: EvaluationContext, into degrees: UnsafeMutablePointer<Double>
    ) {
        run.forEach { i, subject in degrees[i] = degree(of: subject, in: context) ?? .nan }
    }
}

extension Signal {
    /// The body of a ``BatchSignal`` conformance: the signal's own measure
    /// for each subject.
    @inlinable @inline(__always)
    package func eachMeasure(
        of run: SubjectRun<Subject>, in context: EvaluationContext, into values: UnsafeMutablePointer<Double>
    ) {
        run.forEach { i, subject in values[i] = measure(subject, in: context) ?? .nan }
    }
}

/// One column of a run's answers: a line's degrees or band values, or a
/// disqualifier's degrees, for every subject of the run. Made once when the
/// rubric is built; kept as an existential so that calling it borrows it
/// from the rubric's array (a closure read from an array is retained).
protocol RunAnswer<Subject>: Sendable {
    associatedtype Subject
    /// Writes the run's answers into `out[0 ..< SubjectRun.width]`.
    func fill(_ run: SubjectRun<Subject>, _ context: EvaluationContext, _ out: UnsafeMutablePointer<Double>)
    /// One subject's answer, `nil` when unknown.
    func answer(_ subject: Subject, _ context: EvaluationContext) -> Double?
}

/// The ``RunAnswer`` of a criterion's degrees: in one call when it is a
/// ``BatchCriterion``, else subject by subject.
func runAnswer<Subject>(degreesOf criterion: any Criterion<Subject>) -> any RunAnswer<Subject> {
    if let batch = criterion as? any BatchCriterion<Subject> { return opened(batch) }
    return EachDegree(criterion: criterion)
}

// Opens the existential once, so that each run calls the concrete type.
private func opened<B: BatchCriterion>(_ batch: B) -> any RunAnswer<B.Subject> { BatchDegrees(batch: batch) }
private func opened<B: BatchSignal>(_ batch: B) -> any RunAnswer<B.Subject> { BatchValues(batch: batch) }

/// The ``RunAnswer`` of a signal's values, NaN where missing.
func runAnswer<Subject>(valuesOf signal: any Signal<Subject>) -> any RunAnswer<Subject> {
    if let batch = signal as? any BatchSignal<Subject> { return opened(batch) }
    return EachValue(signal: signal)
}

private struct BatchDegrees<B: BatchCriterion>: RunAnswer {
    let batch: B
    func fill(_ run: SubjectRun<B.Subject>, _ context: EvaluationContext, _ out: UnsafeMutablePointer<Double>) {
        batch.degrees(of: run, in: context, into: out)
    }
    func answer(_ subject: B.Subject, _ context: EvaluationContext) -> Double? {
        batch.degree(of: subject, in: context)
    }
}

private struct BatchValues<B: BatchSignal>: RunAnswer {
    let batch: B
    func fill(_ run: SubjectRun<B.Subject>, _ context: EvaluationContext, _ out: UnsafeMutablePointer<Double>) {
        batch.measures(of: run, in: context, into: out)
    }
    func answer(_ subject: B.Subject, _ context: EvaluationContext) -> Double? {
        batch.measure(subject, in: context)
    }
}

private struct EachDegree<Subject>: RunAnswer {
    let criterion: any Criterion<Subject>
    func fill(_ run: SubjectRun<Subject>, _ context: EvaluationContext, _ out: UnsafeMutablePointer<Double>) {
        criterion.eachDegree(of: run, in: context, into: out)
    }
    func answer(_ subject: Subject, _ context: EvaluationContext) -> Double? {
        criterion.degree(of: subject, in: context)
    }
}

private struct EachValue<Subject>: RunAnswer {
    let signal: any Signal<Subject>
    func fill(_ run: SubjectRun<Subject>, _ context: EvaluationContext, _ out: UnsafeMutablePointer<Double>) {
        signal.eachMeasure(of: run, in: context, into: out)
    }
    func answer(_ subject: Subject, _ context: EvaluationContext) -> Double? {
        signal.measure(subject, in: context)
    }
}
