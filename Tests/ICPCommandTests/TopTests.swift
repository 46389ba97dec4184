import Foundation
import Testing

/// `--top N` and the table keep only the best N while the file is read, and
/// read the shown rows again to explain them: the output must be what
/// ranking every account gives (the first N rows), and what the row-by-row
/// path gives on standard input.
@Suite("The best N, kept while reading")
struct TopTests {
    static let profile = ICP.root.appendingPathComponent("Examples/Profiles/security-software.json").path

    /// A generated file of 3,000 accounts (many tie on points, so ids decide).
    static func accounts() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-top-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let r = try ICP.run(["generate", "--accounts", "3000", "--seed", "11", "--output", folder.path])
        #expect(r.status == 0)
        return folder.appendingPathComponent("accounts.csv")
    }

    @Test("--top N as CSV, JSON and with --explain equals the first N of the full ranking")
    func topEqualsFullRanking() throws {
        let path = try Self.accounts().path
        let base = ["score", "--profile", Self.profile, "--as-of", "2026-11-23"]
        let full = try ICP.run(base + ["--format", "csv", path])
        let top = try ICP.run(base + ["--format", "csv", "--top", "40", path])
        #expect(full.status == 0 && top.status == 0)
        let fullLines = full.out.split(separator: "\n")
        #expect(fullLines.count == 3_001)
        #expect(top.out.split(separator: "\n") == Array(fullLines.prefix(41)))
        // Ties on the sort key among the first 40, so the ids had to decide.
        let scores = fullLines.dropFirst().prefix(41).map { $0.split(separator: ",")[3] }
        #expect(Set(scores).count < 5)
        let explained = try ICP.run(base + ["--format", "csv", "--explain", "--top", "40", path])
        let explainedStdin = try ICP.run(
            base + ["--format", "csv", "--explain", "--top", "40", "-"],
            stdin: String(contentsOfFile: path, encoding: .utf8))
        #expect(explained.out == explainedStdin.out)
        #expect(explained.out.split(separator: "\n").count == 41)
        let json = try ICP.run(base + ["--format", "json", "--explain", "--top", "7", path])
        let jsonStdin = try ICP.run(
            base + ["--format", "json", "--explain", "--top", "7", "-"],
            stdin: String(contentsOfFile: path, encoding: .utf8))
        #expect(json.out == jsonStdin.out)
        #expect(json.out.contains("\"breakdown\"") || json.out.contains("\"lines\""))
    }

    @Test("The table from a file (kept while reading) equals the table from standard input (row by row)")
    func tableEqualsRowPath() throws {
        let path = try Self.accounts().path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for extra in [[], ["--top", "12"], ["--explain", "--top", "5"]] {
            let args = ["score", "--profile", Self.profile, "--as-of", "2026-11-23"] + extra
            let file = try ICP.run(args + [path])
            let stdin = try ICP.run(args + ["-"], stdin: text)
            #expect(file.status == 0)
            #expect(file.out == stdin.out, "\(extra)")
            #expect(file.out.contains("security software"))
        }
    }

    @Test("Every account explained (the file read twice, lines kept on disk) equals the row path on standard input")
    func everyAccountExplained() throws {
        let path = try Self.accounts().path
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        // A bad row and a repeated id among the good ones: both readings
        // must drop the same rows.
        lines.insert("A9999999,Bad Row,bad.example,Software,lots,1,United States,,,2001,,,,,no,,,", at: 700)
        lines.insert(lines[1500], at: 1800)
        let awkward = path + ".awkward.csv"
        let text = lines.joined(separator: "\n") + "\n"
        try text.write(toFile: awkward, atomically: true, encoding: .utf8)
        let base = ["score", "--profile", Self.profile, "--as-of", "2026-11-23", "--explain"]
        for format in ["csv", "json"] {
            let file = try ICP.run(base + ["--format", format, awkward])
            let stdin = try ICP.run(base + ["--format", format, "-"], stdin: text)
            #expect(file.status == 1 && stdin.status == 1, "\(format): one bad row, one repeated id")
            #expect(file.out == stdin.out, "\(format)")
            #expect(file.err.contains(".awkward.csv:701: column \"employees\": \"lots\" is not a count"))
        }
        let csv = try ICP.run(base + ["--format", "csv", awkward])
        let rows = csv.out.split(separator: "\n")
        #expect(rows.count == 3_001)
        // The 15 columns every row has, then a column per line.
        #expect(rows[0].split(separator: ",").count > 15)
        // Without --explain, every account as JSON equals the best 3,000 (the row-by-row writer).
        let json = try ICP.run(["score", "--profile", Self.profile, "--as-of", "2026-11-23", "--format", "json", path])
        let top = try ICP.run(
            ["score", "--profile", Self.profile, "--as-of", "2026-11-23", "--format", "json", "--top", "3000", path])
        #expect(json.status == 0)
        #expect(json.out == top.out)
        #expect(json.out.hasPrefix("{\"profile\":\"") && json.out.hasSuffix("}]}\n"))
    }

    @Test(
        "Every account explained with events and contacts (row by row, lines kept on disk) equals the best N kept whole"
    )
    func everyAccountExplainedWithEvents() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-top-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = try ICP.run(["generate", "--accounts", "1200", "--seed", "12", "--output", folder.path])
        #expect(generated.status == 0)
        let base = [
            "score", "--profile", Self.profile, "--as-of", "2026-11-23", "--explain", "--events",
            folder.appendingPathComponent("events.csv").path, "--contacts",
            folder.appendingPathComponent("contacts.csv").path,
        ]
        let accounts = folder.appendingPathComponent("accounts.csv").path
        for format in ["csv", "json"] {
            let all = try ICP.run(base + ["--format", format, accounts])
            let kept = try ICP.run(base + ["--format", format, "--top", "1200", accounts])
            #expect(all.status == 0, "\(all.err)")
            #expect(all.out == kept.out, "\(format)")
            #expect(all.out.contains("engagement"))
        }
    }
}
