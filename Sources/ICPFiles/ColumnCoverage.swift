import ICPCore

/// Which parts of a profile an accounts file can feed: every fit line,
/// disqualifier and tier requirement whose fields have no column, with the
/// file's headers that look nearest, so that a profile is never scored
/// against columns it cannot read without saying so.
///
/// A part is fed when at least one field or attribute it reads has a
/// column (industry reads the industry or its code; location the country
/// or the state). Event criteria read no column and are always fed here;
/// a criterion of a kind with no file form cannot be checked and counts as fed.
///
/// ```swift
/// let report = try CRMImport.accounts(path: "export.csv") { _ in }
/// let coverage = ColumnCoverage(profile: profile, header: report.header, targets: report.targets)
/// for gap in coverage.gaps { print(gap) }
/// // 'over 500 employees' reads employees: no column; nearest headers: 'current employee estimate', 'size range'
/// ```
public struct ColumnCoverage: Sendable, Hashable {
    /// A part of the profile that no column feeds.
    public struct Gap: Sendable, Hashable, CustomStringConvertible {
        /// What the part is: `line`, `disqualifier` or `tier requirement`.
        public var role: String
        /// The line's name, the disqualifier's reason or the tier's name.
        public var name: String
        /// The fields and attributes it reads, none of which has a column.
        public var reads: [String]
        /// The file's headers that look most like them, best first (at most three).
        public var nearest: [String]

        /// `'over 500 employees' reads employees: no column; nearest headers: 'current employee estimate'`.
        public var description: String {
            let what = role == "line" ? "'\(name)'" : "\(role) '\(name)'"
            var text = "\(what) reads \(reads.joined(separator: " or ")): no column"
            text += nearest.isEmpty ? "" : "; nearest headers: " + nearest.map { "'\($0)'" }.joined(separator: ", ")
            return text
        }
    }

    /// The parts no column feeds, in profile order: lines, disqualifiers, tier requirements.
    public var gaps: [Gap]
    /// How many fit lines read a column at all (event lines excepted).
    public var linesReadingColumns: Int
    /// How many of those the file feeds.
    public var linesFed: Int

    /// Whether the file feeds no fit line although some line reads a column.
    public var feedsNoLine: Bool { linesReadingColumns > 0 && linesFed == 0 }

    /// Works out what a file with this header and mapping feeds.
    public init(profile: Profile<Account>, header: [String], targets: [AccountColumns.Target]) {
        let (fields, attributes, unused) = ColumnCoverage.held(header: header, targets: targets)
        var gaps: [Gap] = []
        var reading = 0
        var fed = 0
        func check(_ read: FieldsRead?, role: String, name: String) -> Bool? {
            guard let read else { return nil }
            guard !read.fields.isEmpty || !read.attributes.isEmpty else { return nil }
            if !read.fields.isDisjoint(with: fields) || !read.attributes.isDisjoint(with: attributes) { return true }
            let names =
                read.fields.map(\.rawValue).sorted() + read.attributes.map(\.folded).sorted()
            let words = read.fields.flatMap { $0.aliases } + read.attributes.map(\.folded)
            gaps.append(
                Gap(role: role, name: name, reads: names, nearest: ColumnCoverage.nearest(to: words, among: unused)))
            return false
        }
        let fit = profile.fit
        for line in fit.lines {
            let read: FieldsRead? =
                switch line.scoring {
                case .criterion(let c, _): c.condition.map(FieldsRead.init)
                case .bands(let s, _, _): s.operand.map(FieldsRead.init)
                }
            if let result = check(read, role: "line", name: line.name) {
                reading += 1
                if result { fed += 1 }
            }
        }
        for d in fit.disqualifiers {
            _ = check(
                d.criterion.condition.map(FieldsRead.init), role: "disqualifier", name: d.reason ?? d.criterion.name)
        }
        for tier in fit.tiers {
            if let r = tier.requirement {
                _ = check(r.condition.map(FieldsRead.init), role: "tier requirement", name: tier.name)
            }
        }
        self.gaps = gaps
        self.linesReadingColumns = reading
        self.linesFed = fed
    }

    /// The fields and attributes a file's columns feed, and the headers of
    /// its attribute columns (those a field might be hiding under).
    static func held(header: [String], targets: [AccountColumns.Target]) -> (
        fields: Set<AccountField>, attributes: Set<NameKey>, unused: [String]
    ) {
        var fields: Set<AccountField> = []
        var attributes: Set<NameKey> = []
        var unused: [String] = []
        for (i, target) in targets.enumerated() {
            switch target {
            case .field(let f): fields.insert(f)
            case .attribute(let a):
                attributes.insert(NameKey(a))
                if i < header.count { unused.append(header[i]) }
            }
        }
        return (fields, attributes, unused)
    }

    /// The headers most like any of `words`, best first, at most three:
    /// by shared words (a word of four letters or more matching the start
    /// of another, so `employee` meets `employees`), then by spelling.
    static func nearest(to words: [String], among headers: [String]) -> [String] {
        func tokens(_ text: String) -> [String] {
            text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count >= 3 }
        }
        let wanted = Set(words.flatMap(tokens))
        let folded = words.map { NameKey($0).folded }
        func stem(_ w: String) -> Substring { w.prefix(max(4, min(w.count, 6))) }
        var scored: [(score: Double, index: Int, header: String)] = []
        for (index, header) in headers.enumerated() {
            let have = tokens(header)
            var score = 0.0
            for t in have
            where wanted.contains(where: { $0 == t || (t.count >= 4 && $0.count >= 4 && stem($0) == stem(t)) }) {
                score += 1
            }
            if score == 0 {
                // A misspelt header: close in spelling to a name or alias.
                let key = NameKey(header).folded
                let best = folded.map { ColumnCoverage.distance($0, key) }.min() ?? Int.max
                if best <= max(1, key.count / 4) { score = 0.5 }
            }
            if score > 0 { scored.append((score, index, header)) }
        }
        return scored.sorted { ($0.score, -$0.index) > ($1.score, -$1.index) }.prefix(3).map(\.header)
    }

    /// Levenshtein distance, for short names.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8.prefix(64))
        let y = Array(b.utf8.prefix(64))
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + [Int](repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }
}
