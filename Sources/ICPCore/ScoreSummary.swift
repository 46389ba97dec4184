/// A score without its explanation: the points, the tier and whether the
/// subject qualifies. What ranking a million accounts needs, computed
/// without allocating.
public struct ScoreSummary: Sendable, Hashable {
    /// The points earned.
    public var total: Double
    /// The most points the subject could have earned.
    public var maximum: Double
    /// `total / maximum`, clamped to 0…1 (0 when the maximum is 0).
    public var ratio: Double
    /// The tier's position in the rubric's tiers, 0 for the best.
    public var tierRank: Int
    /// Whether the subject qualifies.
    public var isQualified: Bool
    /// Whether a disqualifier held.
    public var isDisqualified: Bool

    /// Creates a summary.
    public init(total: Double, maximum: Double, ratio: Double, tierRank: Int, isQualified: Bool, isDisqualified: Bool) {
        self.total = total
        self.maximum = maximum
        self.ratio = ratio
        self.tierRank = tierRank
        self.isQualified = isQualified
        self.isDisqualified = isDisqualified
    }

    /// The summary of a full score.
    public init(_ score: Score) {
        self.init(
            total: score.total, maximum: score.maximum, ratio: score.ratio, tierRank: score.tierRank,
            isQualified: score.isQualified, isDisqualified: score.isDisqualified)
    }
}

extension Rubric {
    /// The points, tier and qualification of a subject, exactly as
    /// ``score(_:in:detail:)`` computes them, without building a breakdown
    /// or any text, and without allocating: the hot path of bulk ranking.
    @_specialize(exported:true,where Subject == Account)
    @_specialize(exported:true,where Subject == Contact)
    public func summary(_ subject: Subject, in context: EvaluationContext) -> ScoreSummary {
        tally.summary(
            line: { lineAnswer[$0].answer(subject, context) },
            disqualifier: { disqualifierAnswer[$0].answer(subject, context) },
            requirement: { tiers[$0].requirement?.degree(of: subject, in: context) })  // asked only when present
    }

    /// The summary from answers worked out elsewhere: see
    /// ``Tally/summary(answers:)``.
    package func summary(answers: UnsafeBufferPointer<Double>) -> ScoreSummary { tally.summary(answers: answers) }

    /// How many answers ``summary(answers:)`` takes: one per line,
    /// disqualifier and tier.
    package var answerCount: Int { tally.answerCount }

    /// Line `index`'s degree for its answer, as ``LineScore/degree`` holds
    /// it (NaN when unknown).
    package func degree(line index: Int, answer: Double) -> Double { tally.lines[index].degree(answer) }
}

extension Rubric where Subject: Sendable {
    /// Summarises every subject on all cores (or `threads` of them), in the
    /// subjects' order; each summary is what ``summary(_:in:)`` gives.
    ///
    /// Subjects are taken in runs of eight: each line is asked about a whole
    /// run at once, then each subject's points are added up.
    @_specialize(exported:true,where Subject == Account, C == [Account])
    public func summarizeAll<C: RandomAccessCollection & Sendable>(
        _ subjects: C, in context: EvaluationContext, threads: Int? = nil
    ) -> [ScoreSummary] where C.Element == Subject {
        ParallelMap.mapParts(count: subjects.count, threads: threads) { part, out in
            let width = SubjectRun<Subject>.width
            // One scratch per part: a temporary allocation this size is not
            // always on the stack.
            let answers = UnsafeMutablePointer<Double>.allocate(capacity: summaryScratch)
            defer { answers.deallocate() }
            // Subjects stored side by side are lent to each run, not copied.
            let slot = UnsafeMutablePointer<SubjectRun<Subject>>.allocate(capacity: 1)
            defer { slot.deallocate() }
            var lent = false
            _ = subjects.withContiguousStorageIfAvailable { stored in
                guard Subject.self is any Lendable.Type, let base = stored.baseAddress else { return }
                lent = true
                for start in stride(from: part.lowerBound, to: part.upperBound, by: width) {
                    let count = min(width, part.upperBound - start)
                    SubjectRun.lending(base + start, count: count, in: slot) { run in
                        summarize(
                            run, count: count, in: context, answers: answers, into: out + (start - part.lowerBound))
                    }
                }
            }
            guard !lent else { return }
            for start in stride(from: part.lowerBound, to: part.upperBound, by: width) {
                let count = min(width, part.upperBound - start)
                let first = subjects.index(subjects.startIndex, offsetBy: start)
                let run = SubjectRun(count: count) { subjects[subjects.index(first, offsetBy: $0)] }
                summarize(run, count: count, in: context, answers: answers, into: out + (start - part.lowerBound))
            }
        }
    }
}

extension Rubric {
    /// How many numbers ``summarize(_:count:in:answers:into:)`` needs for
    /// its `answers`: a run's answers to every line and disqualifier, and
    /// each subject's sums.
    var summaryScratch: Int {
        (tally.lines.count + tally.disqualifierCount) * SubjectRun<Subject>.width
            + tally.sumsScratch(width: SubjectRun<Subject>.width)
    }

    /// Initializes `out[0..<count]` with the summaries of the run's first
    /// `count` subjects, each exactly as ``summary(_:in:)`` computes it:
    /// every line and disqualifier is answered for the whole run first (an
    /// unknown answer as NaN), then each subject's points are added up, line
    /// by line. Tier requirements are still asked subject by subject, only
    /// of tiers whose minimum is reached. `answers` has room for
    /// ``summaryScratch`` numbers.
    package func summarize(
        _ run: SubjectRun<Subject>, count: Int, in context: EvaluationContext, answers: UnsafeMutablePointer<Double>,
        into out: UnsafeMutablePointer<ScoreSummary>
    ) {
        let width = SubjectRun<Subject>.width
        let lineCount = tally.lines.count
        for a in 0..<lineCount { lineAnswer[a].fill(run, context, answers + a * width) }
        for d in 0..<tally.disqualifierCount {
            disqualifierAnswer[d].fill(run, context, answers + (lineCount + d) * width)
        }
        tally.summarize(
            answers: answers, width: width, count: count,
            sums: answers + (lineCount + tally.disqualifierCount) * width,
            requirement: { tier, j in tiers[tier].requirement?.degree(of: run[j], in: context) }, into: out)
    }
}
