/// The arithmetic of a rubric, resolved once when the rubric is built: what
/// each line earns for its answer, the caps, how many disqualifiers there
/// are, the tiers' minimums and the threshold.
///
/// Plain data, the same for every kind of subject. Every path that scores
/// in bulk adds points with it: ``Rubric/summary(_:in:)`` one subject at a
/// time, ``Rubric/summarizeAll(_:in:threads:)`` a run at a time, and
/// ``ScoringPlan`` a chunk of columns at a time. Each adds a subject's lines
/// in their order, so all of them agree to the last bit.
package struct Tally: Sendable {
    /// One line's arithmetic.
    package struct Line: Sendable {
        /// Whether the line is banded (its answer a value) rather than a
        /// criterion's (its answer a degree).
        package let isBands: Bool
        /// A criterion line's points for a degree of 1 (0 for a banded line).
        package let points: Double
        /// A banded line's bands, highest threshold first (empty for a
        /// criterion line).
        package let bands: [Band]
        /// What a banded line earns below its lowest band.
        package let otherwise: Double
        /// The most and fewest points the line can earn with its answer known.
        package let maximum: Double
        package let minimum: Double
        /// What the line earns when its answer is unknown, under its
        /// missing-data policy; `nil` when the policy leaves it out of the
        /// maximum.
        package let missing: Double?
        /// The line's place among ``Tally/caps``, -1 when it is not capped.
        package let capGroup: Int

        /// What the line earns for its answer (a degree, or a banded line's
        /// value; `nil` when unknown): the points, those of the missing-data
        /// policy when unknown, or `nil` when that leaves it out.
        @inline(__always)
        package func earned(_ answer: Double?) -> Double? {
            if !isBands {
                if let d = answer { return points * d }
            } else if let v = answer, v.isFinite {
                return bandPoints(v)
            }
            return missing
        }

        /// The points of the first band the (finite) value reaches, else
        /// ``otherwise``.
        @inline(__always)
        package func bandPoints(_ value: Double) -> Double {
            for band in bands where value >= band.threshold { return band.points }
            return otherwise
        }

        /// The degree the line's score shows for its answer (NaN when
        /// unknown): a criterion's degree as it is, a banded line's points
        /// placed between its fewest and most.
        package func degree(_ answer: Double) -> Double {
            if !isBands { return answer }
            guard answer.isFinite else { return .nan }
            let range = maximum - minimum
            return range > 0 ? (bandPoints(answer) - minimum) / range : 1
        }
    }

    /// The lines, in the rubric's order.
    package let lines: [Line]
    /// Each cap group's cap, by the groups' names in order.
    package let caps: [Double]
    /// The cap groups' names, sorted.
    let capNames: [String]
    package let disqualifierCount: Int
    /// Each tier's minimum, best tier first.
    let tierMinimum: [ScoreThreshold?]
    /// Whether each tier has a requirement.
    let tierHasRequirement: [Bool]
    let threshold: ScoreThreshold?
    /// The sum of the lines' ranges of points, for coverage.
    let totalWeight: Double

    init(
        lines: [RubricLine<some Any>], defaultPolicy: MissingDataPolicy, caps: [String: Double],
        disqualifierCount: Int, tierMinimum: [ScoreThreshold?], tierHasRequirement: [Bool],
        threshold: ScoreThreshold?
    ) {
        let capNames = caps.keys.sorted()
        self.capNames = capNames
        self.caps = capNames.map { caps[$0] ?? 0 }
        self.lines = lines.map { line in
            let missing: Double? =
                switch line.missingData ?? defaultPolicy {
                case .noPoints: 0
                case .excludeFromMaximum: nil
                case .fixedPoints(let fixed): fixed
                }
            let capGroup = line.group.flatMap { capNames.firstIndex(of: $0) } ?? -1
            switch line.scoring {
            case .criterion(_, let points):
                return Line(
                    isBands: false, points: points, bands: [], otherwise: 0, maximum: line.maximumPoints,
                    minimum: line.minimumPoints, missing: missing, capGroup: capGroup)
            case .bands(_, let bands, let otherwise):
                return Line(
                    isBands: true, points: 0, bands: bands, otherwise: otherwise, maximum: line.maximumPoints,
                    minimum: line.minimumPoints, missing: missing, capGroup: capGroup)
            }
        }
        self.disqualifierCount = disqualifierCount
        self.tierMinimum = tierMinimum
        self.tierHasRequirement = tierHasRequirement
        self.threshold = threshold
        self.totalWeight = self.lines.reduce(0) { $0 + $1.maximum - $1.minimum }
    }

    /// How many answers ``summary(answers:)`` takes: one per line,
    /// disqualifier and tier.
    package var answerCount: Int { lines.count + disqualifierCount + tierMinimum.count }

    // MARK: One subject

    /// Adds up the lines' answers (a criterion line's degree or a banded
    /// line's value, `nil` when unknown), applies caps, disqualifiers, tiers
    /// and the threshold. Requirements are asked only of tiers whose
    /// minimum is reached, best first.
    @inline(__always)
    func summary(
        line answer: (Int) -> Double?, disqualifier: (Int) -> Double?, requirement: (Int) -> Double?
    ) -> ScoreSummary {
        let groups = caps.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, 2 * groups)) { sums in
            for g in 0..<(2 * groups) { sums[g] = 0 }
            var total = 0.0
            var maximum = 0.0
            for index in lines.indices {
                guard let points = lines[index].earned(answer(index)) else { continue }
                let g = lines[index].capGroup
                if g >= 0 {
                    sums[g] += points
                    sums[groups + g] += lines[index].maximum
                } else {
                    total += points
                    maximum += lines[index].maximum
                }
            }
            for g in 0..<groups {
                total += min(caps[g], sums[g])
                maximum += min(caps[g], sums[groups + g])
            }
            var disqualified = false
            for i in 0..<disqualifierCount where (disqualifier(i) ?? 0) >= 0.5 {
                disqualified = true
                break
            }
            return conclude(total: total, maximum: maximum, disqualified: disqualified, requirement: requirement)
        }
    }

    /// The summary from answers worked out elsewhere (a compiled form of the
    /// rubric that reads CSV cells, say): the degree of each criterion line
    /// or the value of each banded line's signal, then each disqualifier's
    /// degree, then each tier's requirement degree, in order; NaN for an
    /// unknown answer or a tier without a requirement.
    ///
    /// - Precondition: `answers.count == answerCount`.
    package func summary(answers: UnsafeBufferPointer<Double>) -> ScoreSummary {
        let lineCount = lines.count
        let disqualifierCount = self.disqualifierCount
        func known(_ x: Double) -> Double? { x.isNaN ? nil : x }
        return summary(
            line: { known(answers[$0]) }, disqualifier: { known(answers[lineCount + $0]) },
            requirement: { known(answers[lineCount + disqualifierCount + $0]) })
    }

    /// The summary from the capped points: the tier (requirements asked
    /// only of tiers whose minimum is reached, best first) and the
    /// threshold.
    @inline(__always)
    func conclude(total: Double, maximum: Double, disqualified: Bool, requirement: (Int) -> Double?) -> ScoreSummary {
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

    /// The sums of an explained score: the lines' points (those `excluded`
    /// left out), capped per group, with the maximum and minimum.
    func sums(earned: [Double], excluded: [Bool]) -> Sums {
        var total = 0.0
        var maximum = 0.0
        var minimum = 0.0
        var groupEarned = [Double](repeating: 0, count: caps.count)
        var groupMaximum = [Double](repeating: 0, count: caps.count)
        for i in earned.indices {
            if excluded[i] { continue }
            minimum += lines[i].minimum
            let g = lines[i].capGroup
            if g >= 0 {
                groupEarned[g] += earned[i]
                groupMaximum[g] += lines[i].maximum
            } else {
                total += earned[i]
                maximum += lines[i].maximum
            }
        }
        for g in caps.indices {
            total += min(caps[g], groupEarned[g])
            maximum += min(caps[g], groupMaximum[g])
        }
        return Sums(total: total, maximum: maximum, minimum: minimum, groupEarned: groupEarned)
    }

    /// What ``sums(earned:excluded:)`` gives.
    struct Sums {
        var total: Double
        var maximum: Double
        var minimum: Double
        var groupEarned: [Double]
    }

    // MARK: Columns of subjects

    /// How many numbers ``summarize(answers:width:count:sums:requirement:into:)``
    /// needs for its `sums`.
    package func sumsScratch(width: Int) -> Int { (2 + 2 * caps.count) * width }

    /// Initializes `out[0..<count]` with the summaries of `count` subjects
    /// whose answers are given as columns of `width` numbers: one column per
    /// line (a criterion line's degree, a banded line's value), then one per
    /// disqualifier, an unknown answer as NaN. Each summary is exactly what
    /// ``summary(line:disqualifier:requirement:)`` gives: lines are added in
    /// order. `requirement` answers a tier's requirement for a subject, asked
    /// only of tiers whose minimum is reached; `sums` has room for
    /// ``sumsScratch(width:)`` numbers.
    func summarize(
        answers: UnsafePointer<Double>, width: Int, count: Int, sums: UnsafeMutablePointer<Double>,
        requirement: (_ tier: Int, _ subject: Int) -> Double?, into out: UnsafeMutablePointer<ScoreSummary>
    ) {
        clear(sums, width: width)
        for index in lines.indices { add(line: index, answers + index * width, width: width, into: sums) }
        conclude(
            sums, answers: answers + lines.count * width, width: width, count: count, requirement: requirement,
            into: out)
    }

    /// Sets every sum of a chunk of `width` subjects to +0.
    func clear(_ sums: UnsafeMutablePointer<Double>, width: Int) {
        sums.initialize(repeating: 0, count: sumsScratch(width: width))
    }

    /// Where a line's points and maximums are added in `sums`: for each
    /// subject the uncapped total, then the maximum, then each cap group's
    /// points, then each group's maximum, a column of `width` each.
    @inline(__always)
    func columns(of index: Int, _ sums: UnsafeMutablePointer<Double>, width: Int) -> (
        points: UnsafeMutablePointer<Double>, maximums: UnsafeMutablePointer<Double>
    ) {
        let g = lines[index].capGroup
        let groups = caps.count
        return g >= 0 ? (sums + (2 + g) * width, sums + (2 + groups + g) * width) : (sums, sums + width)
    }

    /// Adds one line's answers (a column of `width`) to the sums. Called for
    /// each line in order, so each subject's sums are those of
    /// ``summary(line:disqualifier:requirement:)``, to the last bit.
    func add(line index: Int, _ column: UnsafePointer<Double>, width: Int, into sums: UnsafeMutablePointer<Double>) {
        let (points, maximums) = columns(of: index, sums, width: width)
        let line = lines[index]
        let lineMaximum = line.maximum
        // The line's kind, points and missing-data policy are read once, not per subject.
        let counted = line.missing != nil
        let missingEarned = line.missing ?? 0
        if !line.isBands {
            let weight = line.points
            // Without branches, so that the loop runs on vectors: a line
            // whose answer is unknown and not counted adds +0, which
            // leaves every sum (never -0: each starts at +0) as it was.
            for j in 0..<width {
                let answer = column[j]
                let known = answer == answer
                points[j] += known ? weight * answer : missingEarned
                maximums[j] += known || counted ? lineMaximum : 0
            }
            return
        }
        // A band at a time, lowest first, each overwriting what the lower
        // ones gave: each value ends with the first band (highest first)
        // it reaches, in loops without branches.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: width) { earned in
            for j in 0..<width { earned[j] = line.otherwise }
            for band in line.bands.reversed() {
                let threshold = band.threshold
                let bandPoints = band.points
                for j in 0..<width { earned[j] = column[j] >= threshold ? bandPoints : earned[j] }
            }
            for j in 0..<width {
                let known = column[j].isFinite
                points[j] += known ? earned[j] : missingEarned
                maximums[j] += known || counted ? lineMaximum : 0
            }
        }
    }

    /// Initializes `out[0..<count]` from the lines' sums and the
    /// disqualifiers' answers (a column of `width` each, NaN when unknown):
    /// the caps, disqualification, tier and threshold of each subject.
    func conclude(
        _ sums: UnsafePointer<Double>, answers disqualifiers: UnsafePointer<Double>, width: Int, count: Int,
        requirement: (_ tier: Int, _ subject: Int) -> Double?, into out: UnsafeMutablePointer<ScoreSummary>
    ) {
        let groups = caps.count
        for j in 0..<count {
            var total = sums[j]
            var maximum = sums[width + j]
            for g in 0..<groups {
                total += min(caps[g], sums[(2 + g) * width + j])
                maximum += min(caps[g], sums[(2 + groups + g) * width + j])
            }
            var disqualified = false  // an unknown answer (NaN) is not at least 0.5
            for i in 0..<disqualifierCount where disqualifiers[i * width + j] >= 0.5 {
                disqualified = true
                break
            }
            (out + j).initialize(
                to: conclude(
                    total: total, maximum: maximum, disqualified: disqualified,
                    requirement: { requirement($0, j) }))
        }
    }
}
