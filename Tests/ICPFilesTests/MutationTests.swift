import Foundation
import ICPCore
import ICPCriteria
import Testing

@testable import ICPFiles

/// A seeded mutation test (a fuzz target that runs in `swift test` for a
/// bounded time): the files of `Corpus/` with bytes flipped, inserted and
/// deleted — quotes, delimiters, line breaks, bytes that are not UTF-8,
/// long runs of digits — read by every reader. Nothing may trap; every row
/// read is used, rejected or left in a footer note; the parser gives the
/// same records in any chunking; and the compiled, bulk path agrees with
/// scoring each account.
@Suite("Mutated real files", .serialized)
struct MutationTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")
    static let context = EvaluationContext(asOf: CalendarDay(2026, 11, 23))

    /// Bytes that break CSV and cells in interesting ways.
    static let pieces: [[UInt8]] = [
        [0x22], [0x2C], [0x3B], [0x0A], [0x0D], [0x0D, 0x0A], [0xFF], [0xC3], [0xE9], [0x09],
        Array("12345678901234567890".utf8), Array("1".utf8) + [UInt8](repeating: 0x30, count: 300) + Array("bn".utf8),
        Array("-5".utf8), Array("$1.2M".utf8), Array("201-500".utf8), Array("yes".utf8), Array("\"\"".utf8),
    ]

    /// One mutation of `bytes`, drawn from `rng`.
    static func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var out = bytes
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            let at = out.isEmpty ? 0 : Int(rng.next() % UInt64(out.count))
            switch rng.next() % 4 {
            case 0: out.insert(contentsOf: pieces[Int(rng.next() % UInt64(pieces.count))], at: at)
            case 1: if !out.isEmpty { out.remove(at: at) }
            case 2: if !out.isEmpty { out[at] = UInt8(truncatingIfNeeded: rng.next()) }
            default:
                let length = min(out.count - at, Int(rng.next() % 16))
                out.removeSubrange(at..<(at + length))
            }
        }
        return out
    }

    static func records(_ bytes: [UInt8], chunk: Int) -> [CSVRecord] {
        var parser = CSVParser()
        var records: [CSVRecord] = []
        var i = 0
        while i < bytes.count {
            parser.feed(bytes[i..<min(bytes.count, i + chunk)]) { records.append($0) }
            i += chunk
        }
        parser.finish { records.append($0) }
        return records
    }

    @Test("Corpus files mutated 900 ways: no trap, every row accounted for, chunking and paths agree")
    func mutations() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter {
            $0.hasSuffix(".csv")
        }
        .sorted()
        #expect(files.count == 3)
        let profile = try ProfileFile.load(path: Self.corpus.appendingPathComponent("profile.json").path)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var rng = SeededGenerator(seed: 20_261_130)
        var checked = 0
        for name in files {
            let original = [UInt8](try Data(contentsOf: Self.corpus.appendingPathComponent(name)))
            for round in 0..<300 {
                let bytes = round == 0 ? original : Self.mutate(original, &rng)
                // The parser: the same records whatever the chunks.
                let whole = Self.records(bytes, chunk: bytes.count + 1)
                #expect(Self.records(bytes, chunk: 1 + Int(rng.next() % 7)) == whole, "\(name) round \(round)")
                // Cells never trap.
                for record in whole.prefix(8) {
                    for cell in record.fields {
                        _ = Cells.count(cell)
                        _ = Cells.integer(cell)
                        _ = Cells.number(cell)
                        _ = Cells.date(cell)
                        _ = Cells.attribute(cell)
                    }
                }
                let path = folder.appendingPathComponent("\(round)-\(name)").path
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let map = ColumnMap(profileColumns: profile.columns)
                let ordinary: (accounts: [Account], report: ImportReport)
                do {
                    ordinary = try CRMImport.allAccounts(path: path, map: map)
                } catch is HeaderError {
                    continue  // a header mutated into a clash or into nothing: an error, named
                }
                let report = ordinary.report
                #expect(report.read == report.used + report.rejected.count, "\(name) round \(round)")
                #expect(report.used == ordinary.accounts.count)
                // The bulk path and the ordinary one read and score alike.
                var bulk: [AccountSummary] = []
                let bulkReport = try CRMImport.summarize(
                    path: path, profile: profile, context: Self.context, idColumn: nil, map: map, strict: false,
                    threads: 2, blockSize: 64
                ) { bulk.append($0) }
                var rows: [AccountSummary] = []
                let rowReport = try CRMImport.mapAccounts(
                    path: path, map: map, reading: FieldsRead(profile),
                    { BulkWorker.summary(of: $0, profile: profile, context: Self.context) }
                ) { _, s in rows.append(s) }
                #expect(bulk == rows, "\(name) round \(round)")
                #expect(bulkReport == rowReport, "\(name) round \(round)")
                #expect(bulkReport.read == bulkReport.used + bulkReport.rejected.count)
                checked += 1
            }
        }
        #expect(checked > 700)
    }

    @Test("Mutated profiles are read or refused with a path, never a trap")
    func profiles() throws {
        let original = [UInt8](try Data(contentsOf: Self.corpus.appendingPathComponent("profile.json")))
        var rng = SeededGenerator(seed: 7)
        var refused = 0
        for _ in 0..<400 {
            let bytes = Self.mutate(original, &rng)
            guard let text = String(validating: bytes, as: UTF8.self) else { continue }
            do {
                let profile = try ProfileFile.decode(text)
                // What is read is written back and read again to the same file form.
                let again = try ProfileFile.decode(try ProfileFile.encode(profile))
                #expect(try ProfileFile.encode(again) == ProfileFile.encode(profile))
            } catch let error as ProfileFileError {
                #expect(!error.message.isEmpty)
                refused += 1
            }
        }
        #expect(refused > 100)
    }
}
