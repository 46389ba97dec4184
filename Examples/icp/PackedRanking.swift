import Foundation
import ICPCore
import ICPFiles

/// The bulk path's accounts, packed: summaries by block, ids and names in
/// one byte arena, ranked by sorting small keys rather than rows, and
/// written as CSV bytes. Ranks and writes exactly as `Row.ranked` and
/// `Output.csv` do.
struct PackedRanking {
    /// One account's sort key and where its id is.
    struct Key {
        /// Cell priority, then fit tier.
        var order: UInt64
        var fit: Double
        var engagement: Double
        /// The id, in ``PackedRanking/text``; the name follows it.
        var idStart: Int
        var idCount: Int32
        /// The account's place in the per-account arrays.
        var row: Int32
        var isASCII: Bool
    }

    let profile: Profile<Account>
    private var keys: [Key] = []
    /// Every id and name, UTF-8.
    private var text: [UInt8] = []
    /// Per account: its summaries, where its name ends in ``text``, and
    /// its disqualification in ``reasons`` (-1 when none).
    private var fits: [ScoreSummary] = []
    private var engagements: [ScoreSummary?] = []
    private var nameEnds: [Int] = []
    private var reasonIndexes: [Int32] = []
    private var reasons: [String] = []
    /// The matrix cell by fit and engagement tier, as written.
    private let cells: [[UInt8]]

    init(profile: Profile<Account>) {
        self.profile = profile
        let width = profile.engagement?.tiers.count ?? 0
        cells = (0..<(profile.fit.tiers.count * width)).map { i in
            var out: [UInt8] = []
            if let cell = profile.cell(fitRank: i / width, engagementRank: i % width) {
                CSVWriter.append(cell.name.utf8, to: &out)
            }
            return out
        }
    }

    /// How many accounts.
    var count: Int { keys.count }

    /// Adds a block's accounts.
    mutating func add(_ block: SummaryBlock) {
        let base = text.count
        text.append(contentsOf: block.text)
        let reasonBase = reasons.count
        reasons.append(contentsOf: block.reasons)
        for e in block.entries {
            let priority = e.engagement.flatMap {
                profile.cell(fitRank: e.fit.tierRank, engagementRank: $0.tierRank)?.priority
            }
            keys.append(
                Key(
                    order: UInt64(priority ?? 0) << 32 | UInt64(e.fit.tierRank), fit: e.fit.total,
                    engagement: e.engagement?.total ?? 0, idStart: base + Int(e.idStart),
                    idCount: e.nameStart - e.idStart, row: Int32(fits.count), isASCII: e.isASCII))
            fits.append(e.fit)
            engagements.append(e.engagement)
            nameEnds.append(base + Int(e.nameEnd))
            reasonIndexes.append(e.reason < 0 ? -1 : Int32(reasonBase) + e.reason)
        }
    }

    /// Sorts best first: matrix cell priority, fit tier, fit points,
    /// engagement points, then id. Each core sorts a share; the shares are
    /// then merged.
    mutating func rank() {
        let parts = min(ParallelMap.defaultThreads, max(1, keys.count / 50_000))
        let size = (keys.count + parts - 1) / parts
        let text = self.text
        text.withUnsafeBufferPointer { text in
            keys.withUnsafeMutableBufferPointer { keys in
                let shared = SharedKeys(keys: keys, text: text)
                _ = ParallelMap.map(count: parts, threads: parts) { p in
                    var share = UnsafeMutableBufferPointer(
                        rebasing: shared.keys[(p * size)..<min(shared.keys.count, (p + 1) * size)])
                    share.sort { PackedRanking.before($0, $1, shared.text) }
                }
            }
            var size = size
            while size < keys.count {
                var merged: [Key] = []
                merged.reserveCapacity(keys.count)
                var start = 0
                while start < keys.count {
                    let middle = min(keys.count, start + size)
                    let end = min(keys.count, start + 2 * size)
                    var i = start
                    var j = middle
                    while i < middle && j < end {
                        if PackedRanking.before(keys[j], keys[i], text) {
                            merged.append(keys[j])
                            j += 1
                        } else {
                            merged.append(keys[i])
                            i += 1
                        }
                    }
                    merged.append(contentsOf: keys[i..<middle])
                    merged.append(contentsOf: keys[j..<end])
                    start = end
                }
                keys = merged
                size *= 2
            }
        }
    }

    /// Whether `a` ranks before `b`.
    private static func before(_ a: Key, _ b: Key, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if a.order != b.order { return a.order < b.order }
        if a.fit != b.fit { return a.fit > b.fit }
        if a.engagement != b.engagement { return a.engagement > b.engagement }
        let x = UnsafeBufferPointer(rebasing: text[a.idStart..<(a.idStart + Int(a.idCount))])
        let y = UnsafeBufferPointer(rebasing: text[b.idStart..<(b.idStart + Int(b.idCount))])
        guard a.isASCII, b.isASCII else {
            // String order is by canonical equivalence beyond ASCII.
            return String(decoding: x, as: UTF8.self) < String(decoding: y, as: UTF8.self)
        }
        return x.lexicographicallyPrecedes(y)
    }

    /// The ranked accounts as rows (for JSON), the best `top` of them.
    func rows(top: Int) -> [Row] {
        keys.prefix(top).map { key in
            let r = Int(key.row)
            let nameStart = key.idStart + Int(key.idCount)
            return Row(
                id: String(decoding: text[key.idStart..<nameStart], as: UTF8.self),
                name: String(decoding: text[nameStart..<nameEnds[r]], as: UTF8.self), fit: fits[r],
                engagement: engagements[r],
                cell: engagements[r].flatMap { profile.cell(fitRank: fits[r].tierRank, engagementRank: $0.tierRank) },
                committee: nil, disqualification: reasonIndexes[r] < 0 ? nil : reasons[Int(reasonIndexes[r])],
                extra: nil)
        }
    }

    /// Writes the ranked accounts as `Output.csv` writes rows (without
    /// `--explain`): blocks formatted as bytes on all cores, written in order.
    func writeCSV(top: Int, to handle: FileHandle) {
        handle.write(Data(CSVWriter.line(Output.columns).utf8))
        func escaped(_ name: String) -> [UInt8] {
            var out: [UInt8] = []
            CSVWriter.append(name.utf8, to: &out)
            return out
        }
        let fitTiers = profile.fit.tiers.map { escaped($0.name) }
        let engagementTiers = profile.engagement?.tiers.map { escaped($0.name) } ?? []
        let count = min(top, keys.count)
        let blockSize = 16_384
        let blocks = (count + blockSize - 1) / blockSize
        var next = 0
        while next < blocks {
            let group = min(blocks - next, 8)
            let first = next
            let texts = ParallelMap.map(count: group, threads: nil) { b -> [UInt8] in
                let start = (first + b) * blockSize
                var out: [UInt8] = []
                out.reserveCapacity(blockSize * 128)
                for k in start..<min(count, start + blockSize) {
                    format(keys[k], fitTiers, engagementTiers, into: &out)
                }
                return out
            }
            for bytes in texts { handle.write(Data(bytes)) }
            next += group
        }
    }

    /// One account's CSV line.
    private func format(_ key: Key, _ fitTiers: [[UInt8]], _ engagementTiers: [[UInt8]], into out: inout [UInt8]) {
        let comma = UInt8(ascii: ",")
        let r = Int(key.row)
        let nameStart = key.idStart + Int(key.idCount)
        CSVWriter.append(text[key.idStart..<nameStart], to: &out)
        out.append(comma)
        CSVWriter.append(text[nameStart..<nameEnds[r]], to: &out)
        out.append(comma)
        let fit = fits[r]
        Output.appendNumber(fit.total, to: &out)
        out.append(comma)
        Output.appendNumber(fit.maximum, to: &out)
        out.append(comma)
        Output.appendNumber(fit.ratio, to: &out)
        out.append(comma)
        out.append(contentsOf: fitTiers[fit.tierRank])
        out.append(comma)
        out.append(contentsOf: fit.isQualified ? "true".utf8 : "false".utf8)
        out.append(comma)
        if let g = engagements[r] {
            Output.appendNumber(g.total, to: &out)
            out.append(comma)
            Output.appendNumber(g.maximum, to: &out)
            out.append(comma)
            out.append(contentsOf: engagementTiers[g.tierRank])
            out.append(comma)
            out.append(contentsOf: cells[fit.tierRank * engagementTiers.count + g.tierRank])
        } else {
            out.append(contentsOf: ",,,".utf8)
        }
        out.append(contentsOf: ",,,".utf8)  // no committee without contacts
        if reasonIndexes[r] >= 0 { CSVWriter.append(reasons[Int(reasonIndexes[r])].utf8, to: &out) }
        out.append(UInt8(ascii: "\n"))
    }
}

/// The keys and text shared with the sorting threads: each sorts its own
/// share of the keys, and the text is only read.
private struct SharedKeys: @unchecked Sendable {
    let keys: UnsafeMutableBufferPointer<PackedRanking.Key>
    let text: UnsafeBufferPointer<UInt8>
}
