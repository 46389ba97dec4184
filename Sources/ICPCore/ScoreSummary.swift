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
        aggregate(
            line: { index in
                if !lineIsBands[index] { return lineCriterion[index].degree(of: subject, in: context) }
                return lineSignal[index].measure(subject, in: context)
            },
            disqualifier: { disqualifiers[$0].criterion.degree(of: subject, in: context) },
            requirement: { tiers[$0].requirement?.degree(of: subject, in: context) })  // asked only when present
    }

    /// The summary from answers worked out elsewhere (a compiled form of the
    /// rubric that reads CSV cells, say): the degree of each criterion line
    /// or the value of each banded line's signal, then each disqualifier's
    /// degree, then each tier's requirement degree, in order; NaN for an
    /// unknown answer or a tier without a requirement.
    ///
    /// - Precondition: `answers.count == answerCount`.
    package func summary(answers: UnsafeBufferPointer<Double>) -> ScoreSummary {
        let lineCount = linePoints.count
        let disqualifierCount = self.disqualifierCount
        func known(_ x: Double) -> Double? { x.isNaN ? nil : x }
        return aggregate(
            line: { known(answers[$0]) }, disqualifier: { known(answers[lineCount + $0]) },
            requirement: { known(answers[lineCount + disqualifierCount + $0]) })
    }

    /// How many answers ``summary(answers:)`` takes: one per line,
    /// disqualifier and tier.
    package var answerCount: Int { linePoints.count + disqualifierCount + tierMinimum.count }

    /// Adds up the lines' answers (a criterion line's degree or a banded
    /// line's value, `nil` when unknown), applies caps, disqualifiers, tiers
    /// and the threshold. Requirements are asked only of tiers whose
    /// minimum is reached, best first.
    @inline(__always)
    private func aggregate(
        line answer: (Int) -> Double?, disqualifier: (Int) -> Double?, requirement: (Int) -> Double?
    ) -> ScoreSummary {
        let groups = capValues.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, 2 * groups)) { sums in
            for g in 0..<(2 * groups) { sums[g] = 0 }
            var total = 0.0
            var maximum = 0.0
            // Counts come from the unpacked arrays: the generic arrays'
            // counts would look up their type's metadata on every call.
            for index in 0..<linePoints.count {
                guard let points = earned(line: index, answer: answer(index)) else { continue }
                let g = lineCapGroup[index]
                if g >= 0 {
                    sums[g] += points
                    sums[groups + g] += lineMaximum[index]
                } else {
                    total += points
                    maximum += lineMaximum[index]
                }
            }
            for g in 0..<groups {
                total += min(capValues[g], sums[g])
                maximum += min(capValues[g], sums[groups + g])
            }
            var disqualified = false
            for i in 0..<disqualifierCount where (disqualifier(i) ?? 0) >= 0.5 {
                disqualified = true
                break
            }
            return conclude(total: total, maximum: maximum, disqualified: disqualified, requirement: requirement)
        }
    }

    /// What a line earns for its answer (a criterion line's degree or a
    /// banded line's value, `nil` when unknown): the points, those of the
    /// line's missing-data policy when the answer is unknown, or `nil` when
    /// the policy leaves the line out of the maximum.
    @inline(__always)
    private func earned(line index: Int, answer: Double?) -> Double? {
        if !lineIsBands[index] {
            if let d = answer { return linePoints[index] * d }
        } else if let v = answer, v.isFinite {
            return bandPoints(line: index, value: v)
        }
        return missingPoints(line: index)
    }

    /// A line's degree for its answer (a criterion line's degree or a
    /// banded line's value; NaN when unknown): what ``LineScore/degree`` of
    /// its score holds, NaN for `nil`.
    package func degree(line index: Int, answer: Double) -> Double {
        if !lineIsBands[index] { return answer }
        guard answer.isFinite else { return .nan }
        let range = lineMaximum[index] - lineMinimum[index]
        return range > 0 ? (bandPoints(line: index, value: answer) - lineMinimum[index]) / range : 1
    }

    /// Appends each line's degree for its answer (the first
    /// `lines.count` answers), as ``degree(line:answer:)`` gives it.
    package func appendDegrees(_ answers: [Double], to degrees: inout [Double]) {
        let count = linePoints.count
        answers.withUnsafeBufferPointer { a in
            for index in 0..<min(count, a.count) {
                degrees.append(lineIsBands[index] ? degree(line: index, answer: a[index]) : a[index])
            }
        }
    }

    /// The points of the first band of a banded line that the (finite)
    /// value reaches, else the line's `otherwise`.
    @inline(__always)
    private func bandPoints(line index: Int, value: Double) -> Double {
        for band in lineBands[index] where value >= band.threshold { return band.points }
        return lineOtherwise[index]
    }

    /// What a line whose answer is unknown earns under its missing-data
    /// policy, or `nil` when the policy leaves it out of the maximum.
    @inline(__always)
    private func missingPoints(line index: Int) -> Double? {
        switch linePolicy[index] {
        case .noPoints: 0
        case .excludeFromMaximum: nil
        case .fixedPoints(let fixed): fixed
        }
    }

    /// The summary from the capped points: the tier (requirements asked
    /// only of tiers whose minimum is reached, best first) and the
    /// threshold.
    @inline(__always)
    private func conclude(
        total: Double, maximum: Double, disqualified: Bool, requirement: (Int) -> Double?
    ) -> ScoreSummary {
        let tierCount = tierMinimum.count
        var tierIndex = tierCount - 1
        if !disqualified {
            for i in 0..<tierCount {
                if let minimum = tierMinimum[i], !minimum.isReached(total: total, maximum: maximum) { continue }
                if tierHasRequirement[i], (requirement(i) ?? 0) < 0.5 { continue }
                tierIndex = i
                break
            }
        }
        let qualified =
            !disqualified
            && (threshold.map { $0.isReached(total: total, maximum: maximum) } ?? (tierIndex < tierCount - 1))
        return ScoreSummary(
            total: total, maximum: maximum, ratio: maximum > 0 ? min(1, max(0, total / maximum)) : 0,
            tierRank: tierIndex, isQualified: qualified, isDisqualified: disqualified)
    }
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
        (linePoints.count + disqualifierCount + 2 + 2 * capValues.count) * SubjectRun<Subject>.width
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
        let lineCount = linePoints.count
        for a in 0..<lineCount { lineAnswer[a].fill(run, context, answers + a * width) }
        for d in 0..<disqualifierCount {
            disqualifierAnswer[d].fill(run, context, answers + (lineCount + d) * width)
        }
        summarize(
            answers: answers, width: width, count: count,
            sums: answers + (lineCount + disqualifierCount) * width,
            requirement: { tier, j in tiers[tier].requirement?.degree(of: run[j], in: context) }, into: out)
    }

    /// How many numbers ``summarize(answers:width:count:sums:requirement:into:)``
    /// needs for its `sums`.
    package func sumsScratch(width: Int) -> Int { (2 + 2 * capValues.count) * width }

    /// Initializes `out[0..<count]` with the summaries of `count` subjects
    /// whose answers are given as columns of `width` numbers: one column per
    /// line (a criterion line's degree, a banded line's value), then one per
    /// disqualifier, an unknown answer as NaN. Each summary is exactly what
    /// ``summary(_:in:)`` gives: lines are added in order. `requirement`
    /// answers a tier's requirement for a subject, asked only of tiers whose
    /// minimum is reached; `sums` has room for ``sumsScratch(width:)`` numbers.
    package func summarize(
        answers: UnsafePointer<Double>, width: Int, count: Int, sums: UnsafeMutablePointer<Double>,
        requirement: (_ tier: Int, _ subject: Int) -> Double?, into out: UnsafeMutablePointer<ScoreSummary>
    ) {
        let lineCount = linePoints.count
        let groups = capValues.count
        addLines(answers, width: width, into: sums)
        for j in 0..<count {
            var total = sums[j]
            var maximum = sums[width + j]
            for g in 0..<groups {
                total += min(capValues[g], sums[(2 + g) * width + j])
                maximum += min(capValues[g], sums[(2 + groups + g) * width + j])
            }
            var disqualified = false  // an unknown answer (NaN) is not at least 0.5
            for i in 0..<disqualifierCount where answers[(lineCount + i) * width + j] >= 0.5 {
                disqualified = true
                break
            }
            (out + j).initialize(
                to: conclude(
                    total: total, maximum: maximum, disqualified: disqualified,
                    requirement: { requirement($0, j) }))
        }
    }

    /// Adds up line answers (one column of `width` answers per line) into `sums`: for each subject the uncapped total,
    /// then the maximum, then each cap group's points, then each group's
    /// maximum, a column of each. Lines are added in order, so each
    /// subject's sums are those of `aggregate`, to the last bit.
    private func addLines(_ answers: UnsafePointer<Double>, width: Int, into sums: UnsafeMutablePointer<Double>) {
        let groups = capValues.count
        sums.initialize(repeating: 0, count: (2 + 2 * groups) * width)
        for index in 0..<linePoints.count {
            let column = answers + index * width
            let g = lineCapGroup[index]
            let points = g >= 0 ? sums + (2 + g) * width : sums
            let maximums = g >= 0 ? sums + (2 + groups + g) * width : sums + width
            let lineMaximum = self.lineMaximum[index]
            // The line's kind, points and missing-data policy are read once, not per subject.
            let missing = missingPoints(line: index)
            let counted = missing != nil
            let missingEarned = missing ?? 0
            if !lineIsBands[index] {
                let weight = linePoints[index]
                // Without branches, so that the loop runs on vectors: a line
                // whose answer is unknown and not counted adds +0, which
                // leaves every sum (never -0: each starts at +0) as it was.
                for j in 0..<width {
                    let answer = column[j]
                    let known = answer == answer
                    points[j] += known ? weight * answer : missingEarned
                    maximums[j] += known || counted ? lineMaximum : 0
                }
                continue
            }
            let otherwise = lineOtherwise[index]
            lineBands[index].withUnsafeBufferPointer { bands in
                for j in 0..<width {
                    let answer = column[j]
                    if answer.isFinite {
                        var earned = otherwise
                        for band in bands where answer >= band.threshold {
                            earned = band.points
                            break
                        }
                        points[j] += earned
                        maximums[j] += lineMaximum
                    } else if counted {
                        points[j] += missingEarned
                        maximums[j] += lineMaximum
                    }
                }
            }
        }
    }
}
