/// Why a rubric could not be built. Each case names the offending line
/// (by position, counting from 1, and name), tier or group, and its
/// description says what to change.
public enum RubricError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rubric has no lines.
    case empty(rubric: String)
    /// Two or more lines share a name (positions from 1).
    case duplicateLineName(rubric: String, name: String, lines: [Int])
    /// A line's points, a band's points or a fixed missing-data value is NaN or infinite.
    case nonFinitePoints(rubric: String, line: Int, name: String, value: Double)
    /// A band's threshold is NaN or infinite.
    case nonFiniteBand(rubric: String, line: Int, name: String, band: Int, threshold: Double)
    /// A banded line has no bands.
    case noBands(rubric: String, line: Int, name: String)
    /// Bands are not listed from the highest threshold down.
    case bandsOutOfOrder(rubric: String, line: Int, name: String, band: Int, threshold: Double, previous: Double)
    /// A fixed missing-data value lies outside what the line can earn.
    case missingPointsOutOfRange(rubric: String, line: Int, name: String, value: Double, range: ClosedRange<Double>)
    /// A ratio threshold lies outside 0…1 or a threshold is not finite.
    case invalidThreshold(rubric: String, threshold: ScoreThreshold, owner: String)
    /// The qualifying threshold is above the most points the rubric can give.
    case thresholdUnreachable(rubric: String, threshold: ScoreThreshold, maximum: Double)
    /// Two tiers share a name.
    case duplicateTierName(rubric: String, name: String)
    /// A tier's minimum is above the most points the rubric can give.
    case tierUnreachable(rubric: String, tier: String, minimum: ScoreThreshold, maximum: Double)
    /// A tier can never be reached because an earlier tier with no
    /// requirement takes every subject that reaches its minimum.
    case tiersOutOfOrder(
        rubric: String, tier: String, minimum: ScoreThreshold?, earlier: String, earlierMinimum: ScoreThreshold?)
    /// The last tier does not take every subject.
    case lastTierNotCatchAll(rubric: String, tier: String)
    /// A cap is not a positive finite number.
    case invalidCap(rubric: String, group: String, cap: Double)
    /// A cap names a group no line belongs to.
    case capForUnknownGroup(rubric: String, group: String)

    /// A sentence naming the rubric, the offending part and what is wrong.
    public var description: String {
        switch self {
        case .empty(let r):
            return "rubric \"\(r)\": has no lines; add at least one criterion or banded signal"
        case .duplicateLineName(let r, let name, let lines):
            return
                "rubric \"\(r)\": lines \(lines.map(String.init).joined(separator: ", ")) are all named \"\(name)\"; give each line a unique name with .named(_:)"
        case .nonFinitePoints(let r, let line, let name, let value):
            return
                "rubric \"\(r)\": line \(line) \"\(name)\": points must be a finite number, found \(ValueFormat.points(value))"
        case .nonFiniteBand(let r, let line, let name, let band, let threshold):
            return
                "rubric \"\(r)\": line \(line) \"\(name)\": band \(band) threshold must be a finite number, found \(ValueFormat.points(threshold))"
        case .noBands(let r, let line, let name):
            return "rubric \"\(r)\": line \(line) \"\(name)\": a banded line needs at least one band"
        case .bandsOutOfOrder(let r, let line, let name, let band, let threshold, let previous):
            return
                "rubric \"\(r)\": line \(line) \"\(name)\": band \(band) (at least \(ValueFormat.points(threshold))) must have a lower threshold than band \(band - 1) (at least \(ValueFormat.points(previous))); list bands from the highest threshold down"
        case .missingPointsOutOfRange(let r, let line, let name, let value, let range):
            return
                "rubric \"\(r)\": line \(line) \"\(name)\": fixed points for missing data \(ValueFormat.points(value)) lie outside what the line can earn (\(ValueFormat.points(range.lowerBound))…\(ValueFormat.points(range.upperBound)))"
        case .invalidThreshold(let r, let threshold, let owner):
            return
                "rubric \"\(r)\": \(owner): threshold \(threshold) is invalid; a ratio must lie in 0…1 and points must be finite"
        case .thresholdUnreachable(let r, let threshold, let maximum):
            return
                "rubric \"\(r)\": the qualifying threshold (\(threshold)) can never be reached: the most points any subject can earn is \(ValueFormat.points(maximum))"
        case .duplicateTierName(let r, let name):
            return "rubric \"\(r)\": two tiers are named \"\(name)\""
        case .tierUnreachable(let r, let tier, let minimum, let maximum):
            return
                "rubric \"\(r)\": tier \"\(tier)\" (\(minimum)) can never be reached: the most points any subject can earn is \(ValueFormat.points(maximum))"
        case .tiersOutOfOrder(let r, let tier, let minimum, let earlier, let earlierMinimum):
            let earlierText = earlierMinimum.map { "\($0)" } ?? "no minimum"
            let text = minimum.map { "\($0)" } ?? "no minimum"
            return
                "rubric \"\(r)\": tiers out of order: tier \"\(tier)\" (\(text)) can never be reached because the earlier tier \"\(earlier)\" (\(earlierText)) takes every subject it would; list tiers from the highest minimum down"
        case .lastTierNotCatchAll(let r, let tier):
            return
                "rubric \"\(r)\": the last tier \"\(tier)\" must take every subject (no minimum and no requirement), so that every score has a tier; add a final catch-all tier"
        case .invalidCap(let r, let group, let cap):
            return
                "rubric \"\(r)\": cap for group \"\(group)\" must be a positive finite number of points, found \(ValueFormat.points(cap))"
        case .capForUnknownGroup(let r, let group):
            return "rubric \"\(r)\": a cap is set for group \"\(group)\" but no line belongs to it"
        }
    }
}
