import Foundation
import ICPCore
import ICPFiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every account of a file ranked and explained (`--explain` without
/// `--top`) in memory that does not grow with the explanations: the
/// ranking comes from the packed summaries; the file is then read a second
/// time, each account explained on all cores into its output line (all but
/// its rank), and the lines kept in a temporary file in file order, to be
/// written out in rank order.
enum ExplainedRanking {
    /// Writes `ranking`'s accounts, explained, as CSV or JSON.
    ///
    /// - Throws: What reading the file again throws; a ``FileError`` when
    ///   its good rows are not the ones the ranking read (it changed in
    ///   between); a ``WriteError`` when the temporary file or the output
    ///   cannot be written.
    static func write(
        _ ranking: PackedRanking, json: Bool, path: String, inputs: Inputs, context: EvaluationContext,
        to handle: FileHandle
    ) throws {
        let profile = ranking.profile
        var spill = try Spill()
        defer { spill.remove() }
        let hits = DomainHits()
        var index = 0
        let changed = FileError(path: path, message: "changed while it was read; score it again")
        _ = try CRMImport.mapAccountLines(
            path: path, idColumn: inputs.idColumn, map: inputs.map, format: inputs.format, strict: inputs.strict,
            events: [:], threads: nil, reading: FieldsRead(profile), repeatedIDs: .rejected,
            { account -> [UInt8] in
                // A CSV line holds each line's points, not its sentence.
                let row = ScoreCommand.row(
                    account, profile: profile, context: context, contacts: nil, hits: hits, explain: true,
                    keepAccount: false, scoring: json ? .explained : .pointsOnly)
                return line(row, json: json, profile: profile)
            }
        ) { id, _, bytes in
            guard ranking.isAccount(index, named: id) else { throw changed }
            try spill.append(bytes)
            index += 1
        }
        guard index == ranking.count else { throw changed }
        let ranked = ranking
        try write(
            count: ranking.count, json: json, profile: profile, asOf: inputs.asOf, lines: try spill.finish(),
            to: handle
        ) { ranked.recordIndex(ranked: $0) }
    }

    /// A row's explained output line, all but its rank: the CSV fields
    /// after the rank, or the JSON item after `{"rank":N`.
    static func line(_ row: Row, json: Bool, profile: Profile<Account>) -> [UInt8] {
        if json {
            // A JSON item's rank is its first key: "{"rank":0" is cut and
            // written back with the rank.
            let cut = "{\"rank\":0".utf8.count
            return Array(Output.jsonItem(row, rank: 0, profile: profile, explain: true).utf8.dropFirst(cut))
        }
        var out = ""
        Output.csvFields(row, profile: profile, explain: true, into: &out)
        return Array(out.utf8)
    }

    /// Writes `count` explained lines in rank order: the header, then each
    /// rank with the line of the row `record(rank)` names.
    static func write(
        count: Int, json: Bool, profile: Profile<Account>, asOf: CalendarDay, lines: Spill.Reader,
        to handle: FileHandle, record: @escaping @Sendable (Int) -> Int
    ) throws {
        let head =
            json
            ? Output.jsonHead(profile, asOf: asOf)
            : CSVWriter.line(Output.csvHeader(profile, explain: true))
        try Write.bytes(Data(head.utf8), to: handle, named: "standard output")
        try PackedRanking.writeChunks(count: count, to: handle) { range in
            var out: [UInt8] = []
            out.reserveCapacity(range.count * 256)
            for rank in range {
                if json { out.append(contentsOf: rank > 0 ? ",{\"rank\":".utf8 : "{\"rank\":".utf8) }
                Output.appendNumber(Double(rank + 1), to: &out)
                try lines.append(record(rank), to: &out)
            }
            return out
        }
        if json { try Write.bytes(Data(Output.jsonTail.utf8), to: handle, named: "standard output") }
    }
}

/// Byte strings written once, in order, to a temporary file, then read
/// back by index in any order.
struct Spill {
    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var offsets: [Int] = [0]
    private var readFD: Int32 = -1

    /// Creates an empty temporary file.
    ///
    /// - Throws: ``WriteError`` when it cannot be made.
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("icp-\(UUID().uuidString).spill").path
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw WriteError(target: path, reason: "a temporary file cannot be made there (set TMPDIR)") }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends one byte string.
    mutating func append(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        offsets.append(offsets[offsets.count - 1] + bytes.count)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private mutating func flush() throws {
        try Write.bytes(Data(buffer), to: handle, named: path)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and opens the file for reading.
    mutating func finish() throws -> Reader {
        try flush()
        try? handle.close()
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw WriteError(target: path, reason: "the temporary file cannot be read back") }
        readFD = fd
        return Reader(fd: fd, offsets: offsets, path: path)
    }

    /// Closes and removes the file.
    func remove() {
        try? handle.close()
        if readFD >= 0 { close(readFD) }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The written strings, read by index from any thread.
    struct Reader: Sendable {
        let fd: Int32
        let offsets: [Int]
        let path: String

        /// Appends the `index`-th string to `out`.
        func append(_ index: Int, to out: inout [UInt8]) throws {
            let start = offsets[index]
            let count = offsets[index + 1] - start
            let before = out.count
            out.append(contentsOf: repeatElement(0, count: count))
            let read = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress.map { $0 + before }, count, off_t(start)) }
            guard read == count else {
                throw WriteError(target: path, reason: "the temporary file could not be read back")
            }
        }
    }
}
