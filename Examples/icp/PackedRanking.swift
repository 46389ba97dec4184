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
    /// its disqualification in ``reasons`` (-1 when none); together, so
    /// that writing an account reads one place.
    private struct Record {
        var fit: ScoreSummary
        var engagement: ScoreSummary?
        var idStart: Int
        var nameStart: Int
        var nameEnd: Int
        var reason: Int32
    }
    private var records: [Record] = []
    private var reasons: [String] = []
    /// By fit tier × engagement tier (``width`` engagement tiers a row):
    /// the matrix cell, and its name as written.
    private let cells: [MatrixCell?]
    private let cellNames: [[UInt8]]
    private let width: Int

    init(profile: Profile<Account>) {
        self.profile = profile
        let width = profile.engagement?.tiers.count ?? 0
        self.width = width
        cells = (0..<(profile.fit.tiers.count * width)).map {
            profile.cell(fitRank: $0 / width, engagementRank: $0 % width)
        }
        cellNames = cells.map { cell in
            var out: [UInt8] = []
            if let cell { CSVWriter.append(cell.name.utf8, to: &out) }
            return out
        }
    }

    /// The matrix cell of a fit summary and an engagement summary.
    private func cell(_ fit: ScoreSummary, _ engagement: ScoreSummary?) -> MatrixCell? {
        engagement.flatMap { cells[fit.tierRank * width + $0.tierRank] }
    }

    /// Adds a block's accounts.
    mutating func add(_ block: SummaryBlock) {
        let base = text.count
        text.append(contentsOf: block.text)
        let reasonBase = reasons.count
        reasons.append(contentsOf: block.reasons)
        for e in block.entries {
            let priority = UInt64(cell(e.fit, e.engagement)?.priority ?? 0)
            keys.append(
                Key(
                    order: priority << 32 | UInt64(e.fit.tierRank), fit: e.fit.total,
                    engagement: e.engagement?.total ?? 0, idStart: base + Int(e.idStart),
                    idCount: e.nameStart - e.idStart, row: Int32(records.count), isASCII: e.isASCII))
            records.append(
                Record(
                    fit: e.fit, engagement: e.engagement, idStart: base + Int(e.idStart),
                    nameStart: base + Int(e.nameStart),
                    nameEnd: base + Int(e.nameEnd),
                    reason: e.reason < 0 ? -1 : Int32(reasonBase) + e.reason))
        }
    }

    /// Sorts best first: matrix cell priority, fit tier, fit points,
    /// engagement points, then id. Each core sorts a share; the shares are
    /// then merged. When the file lists its ids in order (as exports sorted
    /// by id do), ties are broken by the accounts' places in the file, the
    /// same order, without reading the ids.
    mutating func rank() {
        let parts = min(ParallelMap.defaultThreads, max(1, keys.count / 50_000))
        let size = (keys.count + parts - 1) / parts
        let text = self.text
        text.withUnsafeBufferPointer { text in
            let inOrder = keys.indices.dropFirst().allSatisfy { PackedRanking.idBefore(keys[$0 - 1], keys[$0], text) }
            keys.withUnsafeMutableBufferPointer { keys in
                let shared = SharedKeys(keys: keys, text: text)
                _ = ParallelMap.map(count: parts, threads: parts) { p in
                    var share = UnsafeMutableBufferPointer(
                        rebasing: shared.keys[(p * size)..<min(shared.keys.count, (p + 1) * size)])
                    if inOrder {
                        share.sort { PackedRanking.beforeInFileOrder($0, $1) }
                    } else {
                        share.sort { PackedRanking.before($0, $1, shared.text) }
                    }
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
                        if inOrder
                            ? PackedRanking.beforeInFileOrder(keys[j], keys[i])
                            : PackedRanking.before(keys[j], keys[i], text)
                        {
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
        return idBefore(a, b, text)
    }

    /// Whether `a` ranks before `b` when the ids are in file order: the
    /// same as ``before(_:_:_:)`` then.
    private static func beforeInFileOrder(_ a: Key, _ b: Key) -> Bool {
        if a.order != b.order { return a.order < b.order }
        if a.fit != b.fit { return a.fit > b.fit }
        if a.engagement != b.engagement { return a.engagement > b.engagement }
        return a.row < b.row
    }

    /// Whether `a`'s id comes before `b`'s.
    private static func idBefore(_ a: Key, _ b: Key, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let x = UnsafeBufferPointer(rebasing: text[a.idStart..<(a.idStart + Int(a.idCount))])
        let y = UnsafeBufferPointer(rebasing: text[b.idStart..<(b.idStart + Int(b.idCount))])
        guard a.isASCII, b.isASCII else {
            // String order is by canonical equivalence beyond ASCII.
            return String(decoding: x, as: UTF8.self) < String(decoding: y, as: UTF8.self)
        }
        return x.lexicographicallyPrecedes(y)
    }

    /// How many accounts were added.
    var count: Int { keys.count }

    /// The ranked accounts `range` as rows.
    func rows(_ range: Range<Int>) -> [Row] {
        keys[range].map { key in
            let record = records[Int(key.row)]
            return Row(
                id: String(decoding: text[key.idStart..<record.nameStart], as: UTF8.self),
                name: String(decoding: text[record.nameStart..<record.nameEnd], as: UTF8.self), fit: record.fit,
                engagement: record.engagement,
                cell: cell(record.fit, record.engagement), committee: nil,
                disqualification: record.reason < 0 ? nil : reasons[Int(record.reason)],
                extra: nil)
        }
    }

    /// Whether the account added `index`-th (in file order) has this id.
    func isAccount(_ index: Int, named id: String) -> Bool {
        guard index < records.count else { return false }
        let record = records[index]
        return text[record.idStart..<record.nameStart].elementsEqual(id.utf8)
    }

    /// The file-order index of the account ranked `rank` (from 0).
    func recordIndex(ranked rank: Int) -> Int { Int(keys[rank].row) }

    /// Writes the ranked accounts as `Output.json` writes rows (without
    /// `--explain`), a chunk of items at a time.
    func writeJSON(asOf: CalendarDay, to handle: FileHandle) throws {
        let ranking = self
        try Write.bytes(Data(Output.jsonHead(profile, asOf: asOf).utf8), to: handle, named: "standard output")
        func quoted(_ names: [String]) -> Names {
            Names(
                names.map { name in
                    var bytes: [UInt8] = []
                    Array(name.utf8).withUnsafeBufferPointer { JSONValue.append(quoted: $0, to: &bytes) }
                    return bytes
                })
        }
        let fitTiers = quoted(profile.fit.tiers.map(\.name))
        let engagementTiers = quoted(profile.engagement?.tiers.map(\.name) ?? [])
        let cellNames = quoted(cells.map { $0?.name ?? "" })
        try PackedRanking.writeChunks(count: count, to: handle) { range in
            var out: [UInt8] = []
            out.reserveCapacity(range.count * 256)
            ranking.formatJSON(range, fitTiers, engagementTiers, cellNames, into: &out)
            return out
        }
        try Write.bytes(Data(Output.jsonTail.utf8), to: handle, named: "standard output")
    }

    /// The JSON items of the accounts ranked `range`, each as
    /// `Output.jsonItem` writes it (without `--explain` or a committee),
    /// preceded by a comma but for the first account.
    private func formatJSON(
        _ range: Range<Int>, _ fitTiers: Names, _ engagementTiers: Names, _ cellNames: Names, into out: inout [UInt8]
    ) {
        text.withUnsafeBufferPointer { text in
            keys.withUnsafeBufferPointer { keys in
                records.withUnsafeBufferPointer { records in
                    func score(_ s: ScoreSummary, _ tiers: Names) {
                        out.append(contentsOf: "{\"score\":".utf8)
                        JSONValue.append(number: s.total, to: &out)
                        out.append(contentsOf: ",\"max\":".utf8)
                        JSONValue.append(number: s.maximum, to: &out)
                        out.append(contentsOf: ",\"ratio\":".utf8)
                        JSONValue.append(number: s.ratio, to: &out)
                        out.append(contentsOf: ",\"tier\":".utf8)
                        tiers.append(s.tierRank, to: &out)
                        out.append(contentsOf: (s.isQualified ? ",\"qualified\":true" : ",\"qualified\":false").utf8)
                    }
                    for k in range {
                        let key = keys[k]
                        let r = records[Int(key.row)]
                        if k > 0 { out.append(UInt8(ascii: ",")) }
                        out.append(contentsOf: "{\"rank\":".utf8)
                        JSONValue.append(number: Double(k + 1), to: &out)
                        out.append(contentsOf: ",\"id\":".utf8)
                        JSONValue.append(
                            quoted: UnsafeBufferPointer(rebasing: text[key.idStart..<r.nameStart]), to: &out)
                        out.append(contentsOf: ",\"name\":".utf8)
                        JSONValue.append(
                            quoted: UnsafeBufferPointer(rebasing: text[r.nameStart..<r.nameEnd]), to: &out)
                        out.append(contentsOf: ",\"fit\":".utf8)
                        score(r.fit, fitTiers)
                        if r.reason >= 0 {
                            out.append(contentsOf: ",\"disqualification\":".utf8)
                            Array(reasons[Int(r.reason)].utf8).withUnsafeBufferPointer {
                                JSONValue.append(quoted: $0, to: &out)
                            }
                        }
                        out.append(UInt8(ascii: "}"))
                        if let g = r.engagement, profile.engagement != nil {
                            out.append(contentsOf: ",\"engagement\":".utf8)
                            score(g, engagementTiers)
                            out.append(UInt8(ascii: "}"))
                        }
                        if let g = r.engagement, cells[r.fit.tierRank * width + g.tierRank] != nil {
                            out.append(contentsOf: ",\"cell\":".utf8)
                            cellNames.append(r.fit.tierRank * width + g.tierRank, to: &out)
                        }
                        out.append(UInt8(ascii: "}"))
                    }
                }
            }
        }
    }

    /// Formats `0..<count` in chunks on all cores while this thread writes
    /// the chunks before them, in order.
    static func writeChunks(
        count: Int, chunkSize: Int = 16_384, to handle: FileHandle,
        _ format: @escaping @Sendable (Range<Int>) throws -> [UInt8]
    ) throws {
        let chunks = (count + chunkSize - 1) / chunkSize
        var states = [Int](repeating: 0, count: ParallelMap.defaultThreads)
        var next = 0
        var written: [Result<[UInt8], any Error>] = []
        while next < chunks || !written.isEmpty {
            let group = min(chunks - next, 8)
            let first = next
            let previous = written
            written = try states.withUnsafeMutableBufferPointer { states in
                try ParallelMap.map(
                    count: group, states: states,
                    meanwhile: {
                        for bytes in previous {
                            try Write.bytes(Data(bytes.get()), to: handle, named: "standard output")
                        }
                    }
                ) { b, _ in
                    let start = (first + b) * chunkSize
                    return Result { try format(start..<min(count, start + chunkSize)) }
                }
            }
            next += group
        }
    }

    /// Writes the ranked accounts as `Output.csv` writes rows (without
    /// `--explain`): chunks formatted as bytes on all cores while this
    /// thread writes the chunks before them, in order.
    func writeCSV(to handle: FileHandle) throws {
        try Write.bytes(Data(CSVWriter.line(Output.columns).utf8), to: handle, named: "standard output")
        let fitTiers = Names(profile.fit.tiers.map(\.name))
        let engagementTiers = Names(profile.engagement?.tiers.map(\.name) ?? [])
        let cellNames = Names(self.cellNames)
        let ranking = self
        try PackedRanking.writeChunks(count: count, to: handle) { range in
            var out: [UInt8] = []
            out.reserveCapacity(range.count * 128)
            ranking.format(range, fitTiers, engagementTiers, cellNames, into: &out)
            return out
        }
    }

    /// Names written as CSV fields, in one buffer.
    private struct Names: Sendable {
        var bytes: [UInt8] = []
        var starts: [Int] = [0]

        init(_ names: [String]) {
            for name in names {
                CSVWriter.append(name.utf8, to: &bytes)
                starts.append(bytes.count)
            }
        }

        init(_ written: [[UInt8]]) {
            for name in written {
                bytes.append(contentsOf: name)
                starts.append(bytes.count)
            }
        }

        /// Appends name `i` as written.
        func append(_ i: Int, to out: inout [UInt8]) {
            bytes.withUnsafeBufferPointer {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[starts[i]..<starts[i + 1]]))
            }
        }
    }

    /// The CSV lines of the accounts ranked `range`.
    private func format(
        _ range: Range<Int>, _ fitTiers: Names, _ engagementTiers: Names, _ cellNames: Names, into out: inout [UInt8]
    ) {
        let comma = UInt8(ascii: ",")
        text.withUnsafeBufferPointer { text in
            keys.withUnsafeBufferPointer { keys in
                records.withUnsafeBufferPointer { records in
                    for k in range {
                        let key = keys[k]
                        let r = records[Int(key.row)]
                        let nameStart = r.nameStart
                        Output.appendNumber(Double(k + 1), to: &out)
                        out.append(comma)
                        CSVWriter.append(UnsafeBufferPointer(rebasing: text[key.idStart..<nameStart]), to: &out)
                        out.append(comma)
                        CSVWriter.append(UnsafeBufferPointer(rebasing: text[nameStart..<r.nameEnd]), to: &out)
                        out.append(comma)
                        Output.appendNumber(r.fit.total, to: &out)
                        out.append(comma)
                        Output.appendNumber(r.fit.maximum, to: &out)
                        out.append(comma)
                        Output.appendNumber(r.fit.ratio, to: &out)
                        out.append(comma)
                        fitTiers.append(r.fit.tierRank, to: &out)
                        out.append(comma)
                        out.append(contentsOf: r.fit.isQualified ? "true".utf8 : "false".utf8)
                        out.append(comma)
                        if let g = r.engagement {
                            Output.appendNumber(g.total, to: &out)
                            out.append(comma)
                            Output.appendNumber(g.maximum, to: &out)
                            out.append(comma)
                            engagementTiers.append(g.tierRank, to: &out)
                            out.append(comma)
                            cellNames.append(r.fit.tierRank * width + g.tierRank, to: &out)
                        } else {
                            out.append(contentsOf: ",,,".utf8)
                        }
                        out.append(contentsOf: ",,,".utf8)  // no committee without contacts
                        if r.reason >= 0 { CSVWriter.append(reasons[Int(r.reason)].utf8, to: &out) }
                        out.append(UInt8(ascii: "\n"))
                    }
                }
            }
        }
    }
}

/// The keys and text shared with the sorting threads: each sorts its own
/// share of the keys, and the text is only read.
private struct SharedKeys: @unchecked Sendable {
    let keys: UnsafeMutableBufferPointer<PackedRanking.Key>
    let text: UnsafeBufferPointer<UInt8>
}

/// The best `limit` accounts of packed summary blocks, kept as they come:
/// an account is turned into a ``Row`` (with strings) only when it ranks
/// before the last one kept, so ranking a large file for its top N makes
/// no string per row.
struct PackedTop {
    /// A kept account and the line its row starts on.
    struct Candidate {
        let row: Row
        let line: Int
        let id: [UInt8]
        let isASCII: Bool
    }

    let profile: Profile<Account>
    private var best: TopN<Candidate>

    init(profile: Profile<Account>, limit: Int) {
        self.profile = profile
        best = TopN(limit) { PackedTop.before($0, $1) }
    }

    /// How many accounts were offered.
    var offered: Int { best.offered }

    /// The kept accounts, best first.
    var sorted: [Candidate] { best.sorted }

    /// Offers a block's accounts.
    mutating func add(_ block: SummaryBlock) {
        for e in block.entries {
            let cell = e.engagement.flatMap { profile.cell(fitRank: e.fit.tierRank, engagementRank: $0.tierRank) }
            if let last = best.threshold {
                let key = Row.key(cell: cell, fit: e.fit, engagement: e.engagement)
                let worst = last.row.key
                if key > worst { continue }
                if key == worst {
                    let before = block.withID(e) { id in
                        e.isASCII && last.isASCII
                            ? id.lexicographicallyPrecedes(last.id)
                            : String(decoding: id, as: UTF8.self) < last.row.id
                    }
                    if !before { continue }
                }
            }
            let row = Row(
                id: block.id(e), name: block.name(e), fit: e.fit, engagement: e.engagement, cell: cell, committee: nil,
                disqualification: block.disqualification(e), extra: nil)
            best.add(Candidate(row: row, line: e.line, id: Array(row.id.utf8), isASCII: e.isASCII))
        }
    }

    private static func before(_ a: Candidate, _ b: Candidate) -> Bool { Row.ranksBefore(a.row, b.row) }
}
