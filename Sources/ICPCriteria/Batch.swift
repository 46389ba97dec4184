import ICPCore

// Bulk summaries ask each line about a run of subjects in one call (see
// `BatchCriterion`). Each conformance is the criterion's own degree in a
// loop, compiled for the concrete type, and for accounts where the type is
// generic, so that the degree is inlined.

extension NumericCriterion: BatchCriterion {
    @_specialize(where Subject == Account)
    package func degrees(
        of run: SubjectRun<Subject>, in context: EvaluationContext, into degrees: UnsafeMutablePointer<Double>
    ) { eachDegree(of: run, in: context, into: degrees) }
}

extension TextCriterion: BatchCriterion {
    @_specialize(where Subject == Account)
    package func degrees(
        of run: SubjectRun<Subject>, in context: EvaluationContext, into degrees: UnsafeMutablePointer<Double>
    ) { eachDegree(of: run, in: context, into: degrees) }
}

extension IndustryCriterion: BatchCriterion {
    @_specialize(where Subject == Account)
    package func degrees(
        of run: SubjectRun<Subject>, in context: EvaluationContext, into degrees: UnsafeMutablePointer<Double>
    ) { eachDegree(of: run, in: context, into: degrees) }
}

extension LocationCriterion: BatchCriterion {
    @_specialize(where Subject == Account)
    package func degrees(
        of run: SubjectRun<Subject>, in context: EvaluationContext, into degrees: UnsafeMutablePointer<Double>
    ) { eachDegree(of: run, in: context, into: degrees) }
}

extension TechnologyCriterion: BatchCriterion {
    @_specialize(where Subject == Account)
    package func degrees(
        of run: SubjectRun<Subject>, in context: EvaluationContext, into degrees: UnsafeMutablePointer<Double>
    ) { eachDegree(of: run, in: context, into: degrees) }
}

extension AttributeCriterion: BatchCriterion {
    package func degrees(
        of run: SubjectRun<Account>, in context: EvaluationContext, into degrees: UnsafeMutablePointer<Double>
    ) { eachDegree(of: run, in: context, into: degrees) }
}

extension NPSCriterion: BatchCriterion {
    package func degrees(
        of run: SubjectRun<Account>, in context: EvaluationContext, into degrees: UnsafeMutablePointer<Double>
    ) { eachDegree(of: run, in: context, into: degrees) }
}

extension NumberField: BatchSignal {
    @_specialize(where Subject == Account)
    package func measures(
        of run: SubjectRun<Subject>, in context: EvaluationContext, into values: UnsafeMutablePointer<Double>
    ) { eachMeasure(of: run, in: context, into: values) }
}

extension CategoryCount: BatchSignal {
    @_specialize(where Subject == Account)
    package func measures(
        of run: SubjectRun<Subject>, in context: EvaluationContext, into values: UnsafeMutablePointer<Double>
    ) { eachMeasure(of: run, in: context, into: values) }
}
