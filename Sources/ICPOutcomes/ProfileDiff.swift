import ICPCore

/// What changed between two versions of a profile, and on a data set which
/// accounts move between tiers.
public struct ProfileDiff: Sendable, Hashable {
    /// One change, in words.
    public struct Change: Sendable, Hashable, CustomStringConvertible {
        /// What changed: `fit line "employees"`, `fit tier "Best fit"`, `fit threshold`.
        public var subject: String
        /// `added`, `removed` or `changed`.
        public var kind: String
        /// The details: `points 2 → 3`, `criterion employees at least 200 → employees at least 500`.
        public var details: [String]

        /// `changed fit line "size": points 2 → 3`.
        public var description: String {
            "\(kind) \(subject)" + (details.isEmpty ? "" : ": " + details.joined(separator: "; "))
        }
    }

    /// Every change, fit first, in the new profile's order.
    public var changes: [Change]

    /// Whether nothing changed.
    public var isEmpty: Bool { changes.isEmpty }

    /// Compares two profiles.
    public init(old: Profile<Account>, new: Profile<Account>) {
        var changes: [Change] = []
        if old.name != new.name {
            changes.append(Change(subject: "name", kind: "changed", details: ["\(old.name) → \(new.name)"]))
        }
        if old.version != new.version {
            changes.append(Change(subject: "version", kind: "changed", details: ["\(old.version) → \(new.version)"]))
        }
        changes += ProfileDiff.rubric("fit", old.fit, new.fit)
        switch (old.engagement, new.engagement) {
        case (let a?, let b?): changes += ProfileDiff.rubric("engagement", a, b)
        case (nil, let b?):
            changes.append(Change(subject: "engagement rubric \"\(b.name)\"", kind: "added", details: []))
        case (let a?, nil):
            changes.append(Change(subject: "engagement rubric \"\(a.name)\"", kind: "removed", details: []))
        case (nil, nil): break
        }
        let oldPersonas = old.personas.map(\.name)
        let newPersonas = new.personas.map(\.name)
        for p in newPersonas where !oldPersonas.contains(p) {
            changes.append(Change(subject: "persona \"\(p)\"", kind: "added", details: []))
        }
        for p in oldPersonas where !newPersonas.contains(p) {
            changes.append(Change(subject: "persona \"\(p)\"", kind: "removed", details: []))
        }
        self.changes = changes
    }

    static func rubric<S>(_ label: String, _ old: Rubric<S>, _ new: Rubric<S>) -> [Change] {
        var out: [Change] = []
        let oldLines = Dictionary(old.lines.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newNames = Set(new.lines.map(\.name))
        for line in new.lines {
            guard let before = oldLines[line.name] else {
                out.append(Change(subject: "\(label) line \"\(line.name)\"", kind: "added", details: [describe(line)]))
                continue
            }
            let details = compare(before, line)
            if !details.isEmpty {
                out.append(Change(subject: "\(label) line \"\(line.name)\"", kind: "changed", details: details))
            }
        }
        for line in old.lines where !newNames.contains(line.name) {
            out.append(Change(subject: "\(label) line \"\(line.name)\"", kind: "removed", details: [describe(line)]))
        }
        let oldTiers = Dictionary(old.tiers.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newTierNames = Set(new.tiers.map(\.name))
        for tier in new.tiers {
            guard let before = oldTiers[tier.name] else {
                out.append(Change(subject: "\(label) tier \"\(tier.name)\"", kind: "added", details: [describe(tier)]))
                continue
            }
            if describe(before) != describe(tier) {
                out.append(
                    Change(
                        subject: "\(label) tier \"\(tier.name)\"", kind: "changed",
                        details: ["\(describe(before)) → \(describe(tier))"]))
            }
        }
        for tier in old.tiers where !newTierNames.contains(tier.name) {
            out.append(Change(subject: "\(label) tier \"\(tier.name)\"", kind: "removed", details: [describe(tier)]))
        }
        let threshold = (old.threshold.map { "\($0)" } ?? "none", new.threshold.map { "\($0)" } ?? "none")
        if threshold.0 != threshold.1 {
            out.append(
                Change(subject: "\(label) threshold", kind: "changed", details: ["\(threshold.0) → \(threshold.1)"]))
        }
        if old.missingData != new.missingData {
            out.append(
                Change(
                    subject: "\(label) missing data", kind: "changed",
                    details: ["\(old.missingData) → \(new.missingData)"]))
        }
        let oldD = old.disqualifiers.map { $0.reason ?? $0.criterion.name }
        let newD = new.disqualifiers.map { $0.reason ?? $0.criterion.name }
        for d in newD where !oldD.contains(d) {
            out.append(Change(subject: "\(label) disqualifier \"\(d)\"", kind: "added", details: []))
        }
        for d in oldD where !newD.contains(d) {
            out.append(Change(subject: "\(label) disqualifier \"\(d)\"", kind: "removed", details: []))
        }
        if old.caps != new.caps {
            func caps(_ c: [String: Double]) -> String {
                c.isEmpty
                    ? "none"
                    : c.sorted { $0.key < $1.key }.map { "\($0.key) \(ValueFormat.points($0.value))" }
                        .joined(separator: ", ")
            }
            out.append(
                Change(subject: "\(label) caps", kind: "changed", details: ["\(caps(old.caps)) → \(caps(new.caps))"]))
        }
        return out
    }

    /// How a line scores, in words.
    static func describe<S>(_ line: RubricLine<S>) -> String {
        switch line.scoring {
        case .criterion(let c, let points):
            "\(ValueFormat.points(points)) point\(abs(points) == 1 ? "" : "s") for \(c.name)"
        case .bands(let s, let bands, let otherwise):
            "\(s.name) bands "
                + bands.map {
                    "≥ \(ValueFormat.decimal($0.threshold, grouped: false)): \(ValueFormat.points($0.points))"
                }
                .joined(separator: ", ") + (otherwise != 0 ? ", otherwise \(ValueFormat.points(otherwise))" : "")
        }
    }

    static func describe<S>(_ tier: Tier<S>) -> String {
        var parts: [String] = []
        if let m = tier.minimum { parts.append("minimum \(m)") }
        if let r = tier.requirement { parts.append("requires \(r.name)") }
        return parts.isEmpty ? "catch-all" : parts.joined(separator: ", ")
    }

    static func compare<S>(_ a: RubricLine<S>, _ b: RubricLine<S>) -> [String] {
        var details: [String] = []
        switch (a.scoring, b.scoring) {
        case (.criterion(let ca, let pa), .criterion(let cb, let pb)):
            if pa != pb { details.append("points \(ValueFormat.points(pa)) → \(ValueFormat.points(pb))") }
            if ca.specification?.json != cb.specification?.json || ca.name != cb.name {
                details.append("criterion \(ca.name) → \(cb.name)")
            }
        default:
            if describe(a) != describe(b) { details.append("\(describe(a)) → \(describe(b))") }
        }
        if a.group != b.group { details.append("group \(a.group ?? "none") → \(b.group ?? "none")") }
        if a.missingData != b.missingData {
            details.append(
                "if missing \(a.missingData.map { "\($0)" } ?? "rubric default") → \(b.missingData.map { "\($0)" } ?? "rubric default")"
            )
        }
        if a.isLocked != b.isLocked { details.append(b.isLocked ? "locked" : "unlocked") }
        return details
    }
}

/// How accounts move between fit tiers from one profile version to another.
public struct TierTransitions: Sendable, Hashable {
    /// One account that changed tier.
    public struct Move: Sendable, Hashable {
        /// The account's id.
        public var id: String
        /// Its tier under the old profile.
        public var from: String
        /// Its tier under the new profile.
        public var to: String
        /// Its fit points under the old profile.
        public var oldPoints: Double
        /// Its fit points under the new profile.
        public var newPoints: Double
    }

    /// The old profile's tier names, best first (the table's rows).
    public var oldTiers: [String]
    /// The new profile's tier names, best first (the table's columns).
    public var newTiers: [String]
    /// `counts[i][j]`: accounts in old tier `i` and new tier `j`.
    public var counts: [[Int]]
    /// The accounts that changed tier name, in input order.
    public var moves: [Move]

    /// Scores the accounts with both profiles.
    public init(old: Profile<Account>, new: Profile<Account>, accounts: [Account], asOf day: CalendarDay) {
        let context = EvaluationContext(asOf: day)
        let before = old.fit.summarizeAll(accounts, in: context)
        let after = new.fit.summarizeAll(accounts, in: context)
        self.init(
            old: old, new: new, scores: accounts.indices.map { (accounts[$0].id, before[$0], after[$0]) })
    }

    /// The transitions of accounts already scored with both profiles' fit
    /// rubrics (each account's id and fit summaries), so that a large file
    /// is counted without keeping its accounts. A summary whose tier is not
    /// one of its profile's (scored by another profile) is not counted.
    public init<Subject>(
        old: Profile<Subject>, new: Profile<Subject>, scores: [(id: String, old: ScoreSummary, new: ScoreSummary)]
    ) {
        oldTiers = old.fit.tiers.map(\.name)
        newTiers = new.fit.tiers.map(\.name)
        counts = [[Int]](repeating: [Int](repeating: 0, count: newTiers.count), count: oldTiers.count)
        moves = []
        for (id, a, b) in scores where a.tierRank < oldTiers.count && b.tierRank < newTiers.count {
            counts[a.tierRank][b.tierRank] += 1
            if oldTiers[a.tierRank] != newTiers[b.tierRank] {
                moves.append(
                    Move(
                        id: id, from: oldTiers[a.tierRank], to: newTiers[b.tierRank], oldPoints: a.total,
                        newPoints: b.total))
            }
        }
    }
}
