import Foundation
import ICPCore
import ICPFiles

/// The bulk path's accounts, packed: the summary blocks kept as the
/// workers made them (ids and names in each block's byte buffer), ranked by
/// sorting small keys rather than rows, and written as CSV bytes. Ranks and
/// writes exactly as `Row.ranked` and `Output.csv` do.
struct PackedRanking {
    /// One account's sort key and where its summary is.
    struct Key {
        /// Cell priority, then fit tier.
        var order: UInt64
        var fit: Double
        var engagement: Double
        /// The account's place in file order.
        var row: Int32
        /// Its block in ``PackedRanking/blocks``.
        var block: Int32
    }

    let profile: Profile<Account>
    private var keys: [Key] = []
    /// The blocks added, each holding its accounts' summaries, ids, names
    /// and reasons; they are kept rather than copied out.
    private var blocks: [SummaryBlock] = []
    /// The file-order place of each block's first account.
    private var firsts: [Int] = []
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
        let b = Int32(blocks.count)
        var row = Int32(count)
        firsts.append(count)
        for e in block.entries {
            let priority = UInt64(cell(e.fit, e.engagement)?.priority ?? 0)
            keys.append(
                Key(
                    order: priority << 32 | UInt64(e.fit.tierRank), fit: e.fit.total,
                    engagement: e.engagement?.total ?? 0, row: row, block: b))
            row += 1
        }
        blocks.append(block)
    }

    /// Sorts best first: matrix cell priority, fit tier, fit points,
    /// engagement points, then id. Each core sorts a share; the shares are
    /// then merged. When the file lists its ids in order (as exports sorted
    /// by id do), ties are broken by the accounts' places in the file, the
    /// same order, without reading the ids.
    mutating func rank() {
        if inFileOrder {
            sort(by: KeyOrder(ids: nil))
        } else {
            PackedIDs(blocks).withBuffers { sort(by: KeyOrder(ids: ($0, $1, $2))) }
        }
    }

    /// Sorts the keys: a share on each core, then the shares merged.
    private mutating func sort(by order: KeyOrder) {
        let parts = min(ParallelMap.defaultThreads, max(1, keys.count / 50_000))
        let size = (keys.count + parts - 1) / parts
        keys.withUnsafeMutableBufferPointer { keys in
            let shared = SharedKeys(keys: keys)
            _ = ParallelMap.map(count: parts, threads: parts) { p in
                var share = UnsafeMutableBufferPointer(
                    rebasing: shared.keys[(p * size)..<min(shared.keys.count, (p + 1) * size)])
                share.sort { order.before($0, $1) }
            }
        }
        var run = size
        while run < keys.count {
            var merged: [Key] = []
            merged.reserveCapacity(keys.count)
            var start = 0
            while start < keys.count {
                let middle = min(keys.count, start + run)
                let end = min(keys.count, start + 2 * run)
                var i = start
                var j = middle
                while i < middle && j < end {
                    if order.before(keys[j], keys[i]) {
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
            run *= 2
        }
    }

    /// Whether every id comes before the next one in the file (so that
    /// file order breaks ties as id order does).
    private var inFileOrder: Bool {
        // The last id of the blocks before, copied out of its block.
        var carried: (id: [UInt8], isASCII: Bool)?
        for block in blocks {
            let inOrder = block.text.withUnsafeBufferPointer { text in
                var previous: (id: UnsafeBufferPointer<UInt8>, isASCII: Bool)?
                for e in block.entries {
                    let id = UnsafeBufferPointer(rebasing: text[Int(e.idStart)..<Int(e.nameStart)])
                    if let p = previous {
                        if !PackedIDs.before(p.id, p.isASCII, id, e.isASCII) { return false }
                    } else if let c = carried {
                        let before = c.id.withUnsafeBufferPointer { PackedIDs.before($0, c.isASCII, id, e.isASCII) }
                        if !before { return false }
                    }
                    previous = (id, e.isASCII)
                }
                if let p = previous { carried = (Array(p.id), p.isASCII) }
                return true
            }
            if !inOrder { return false }
        }
        return true
    }

    /// How many accounts were added.
    var count: Int { keys.count }

    /// Whether the account added `index`-th (in file order) has this id.
    func isAccount(_ index: Int, named id: String) -> Bool {
        guard index >= 0, index < count else { return false }
        // The last block starting at or before `index`.
        var low = 0
        var high = firsts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if firsts[middle] <= index { low = middle } else { high = middle }
        }
        let block = blocks[low]
        let e = block.entries[index - firsts[low]]
        return block.text[Int(e.idStart)..<Int(e.nameStart)].elementsEqual(id.utf8)
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

    /// Calls `body` with each account ranked in `range`: its rank (from
    /// 0), its summary, its block's text (the summary's id and name are in
    /// it), and its block's place in ``blocks``.
    private func forEachRanked(
        _ range: Range<Int>, _ body: (Int, SummaryBlock.Entry, UnsafeBufferPointer<UInt8>, Int) -> Void
    ) {
        blocks.withUnsafeBufferPointer { blocks in
            keys.withUnsafeBufferPointer { keys in
                for k in range {
                    let key = keys[k]
                    let b = Int(key.block)
                    let e = blocks[b].entries[Int(key.row) - firsts[b]]
                    blocks[b].text.withUnsafeBufferPointer { body(k, e, $0, b) }
                }
            }
        }
    }

    /// The JSON items of the accounts ranked `range`, each as
    /// `Output.jsonItem` writes it (without `--explain` or a committee),
    /// preceded by a comma but for the first account.
    private func formatJSON(
        _ range: Range<Int>, _ fitTiers: Names, _ engagementTiers: Names, _ cellNames: Names, into out: inout [UInt8]
    ) {
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
        forEachRanked(range) { k, r, text, b in
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: "{\"rank\":".utf8)
            JSONValue.append(number: Double(k + 1), to: &out)
            out.append(contentsOf: ",\"id\":".utf8)
            JSONValue.append(quoted: UnsafeBufferPointer(rebasing: text[Int(r.idStart)..<Int(r.nameStart)]), to: &out)
            out.append(contentsOf: ",\"name\":".utf8)
            JSONValue.append(quoted: UnsafeBufferPointer(rebasing: text[Int(r.nameStart)..<Int(r.nameEnd)]), to: &out)
            out.append(contentsOf: ",\"fit\":".utf8)
            score(r.fit, fitTiers)
            if r.reason >= 0 {
                out.append(contentsOf: ",\"disqualification\":".utf8)
                Array(blocks[b].reasons[Int(r.reason)].utf8).withUnsafeBufferPointer {
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

    /// Written as bytes once: appending a `String`'s UTF-8 view copies a
    /// byte at a time.
    private static let yes = Array("true".utf8)
    private static let no = Array("false".utf8)
    private static let commas = Array(",,,".utf8)

    /// The CSV lines of the accounts ranked `range`.
    private func format(
        _ range: Range<Int>, _ fitTiers: Names, _ engagementTiers: Names, _ cellNames: Names, into out: inout [UInt8]
    ) {
        let comma = UInt8(ascii: ",")
        forEachRanked(range) { k, r, text, b in
            Output.appendNumber(Double(k + 1), to: &out)
            out.append(comma)
            CSVWriter.append(UnsafeBufferPointer(rebasing: text[Int(r.idStart)..<Int(r.nameStart)]), to: &out)
            out.append(comma)
            CSVWriter.append(UnsafeBufferPointer(rebasing: text[Int(r.nameStart)..<Int(r.nameEnd)]), to: &out)
            out.append(comma)
            Output.appendNumber(r.fit.total, to: &out)
            out.append(comma)
            Output.appendNumber(r.fit.maximum, to: &out)
            out.append(comma)
            Output.appendNumber(r.fit.ratio, to: &out)
            out.append(comma)
            fitTiers.append(r.fit.tierRank, to: &out)
            out.append(comma)
            out.append(contentsOf: r.fit.isQualified ? PackedRanking.yes : PackedRanking.no)
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
                out.append(contentsOf: PackedRanking.commas)
            }
            out.append(contentsOf: PackedRanking.commas)  // no committee without contacts
            if r.reason >= 0 { CSVWriter.append(blocks[b].reasons[Int(r.reason)].utf8, to: &out) }
            out.append(UInt8(ascii: "\n"))
        }
    }
}

/// The keys shared with the sorting threads: each sorts its own share.
private struct SharedKeys: @unchecked Sendable {
    let keys: UnsafeMutableBufferPointer<PackedRanking.Key>
}

/// Every account's id in file order, in one buffer: made to break ties
/// by id when the file does not list its ids in order.
private struct PackedIDs {
    private var text: [UInt8] = []
    private var starts: [Int] = [0]
    private var isASCII: [Bool] = []

    init(_ blocks: [SummaryBlock]) {
        for block in blocks {
            for e in block.entries {
                text.append(contentsOf: block.text[Int(e.idStart)..<Int(e.nameStart)])
                starts.append(text.count)
                isASCII.append(e.isASCII)
            }
        }
    }

    /// Calls `body` with the ids' bytes, where each starts, and whether each is ASCII.
    func withBuffers<R>(
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Bool>) -> R
    ) -> R {
        text.withUnsafeBufferPointer { text in
            starts.withUnsafeBufferPointer { starts in isASCII.withUnsafeBufferPointer { body(text, starts, $0) } }
        }
    }

    /// Whether id `x` comes before id `y`: by bytes when both are ASCII
    /// (then the same as `String` order), as `String`s otherwise.
    static func before(
        _ x: UnsafeBufferPointer<UInt8>, _ xIsASCII: Bool, _ y: UnsafeBufferPointer<UInt8>, _ yIsASCII: Bool
    ) -> Bool {
        guard xIsASCII, yIsASCII else {
            // String order is by canonical equivalence beyond ASCII.
            return String(decoding: x, as: UTF8.self) < String(decoding: y, as: UTF8.self)
        }
        return x.lexicographicallyPrecedes(y)
    }
}

/// The ranking's order of keys: matrix cell priority, fit tier, fit
/// points, engagement points, then id, or file order when the ids are in
/// order there (`ids` nil). Holds the ids' buffers only while sorting.
private struct KeyOrder: @unchecked Sendable {
    let ids: (text: UnsafeBufferPointer<UInt8>, starts: UnsafeBufferPointer<Int>, isASCII: UnsafeBufferPointer<Bool>)?

    /// Whether `a` ranks before `b`.
    func before(_ a: PackedRanking.Key, _ b: PackedRanking.Key) -> Bool {
        if a.order != b.order { return a.order < b.order }
        if a.fit != b.fit { return a.fit > b.fit }
        if a.engagement != b.engagement { return a.engagement > b.engagement }
        guard let ids else { return a.row < b.row }
        let x = Int(a.row)
        let y = Int(b.row)
        return PackedIDs.before(
            UnsafeBufferPointer(rebasing: ids.text[ids.starts[x]..<ids.starts[x + 1]]), ids.isASCII[x],
            UnsafeBufferPointer(rebasing: ids.text[ids.starts[y]..<ids.starts[y + 1]]), ids.isASCII[y])
    }
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
