import Foundation
import Testing

/// The command on files shaped like real exports: nothing crashes, nothing
/// is lost, and whatever the command could not use is said.
@Suite("icp on real exports", .serialized)
struct RealExportTests {
    static let security = CommandTests.security

    /// Runs `icp` with its standard output sent to `/dev/full`.
    static func runToFullDisk(_ arguments: [String]) throws -> (status: Int32, err: String) {
        let process = Process()
        process.executableURL = ICP.url
        process.arguments = arguments
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return (-1, "no /dev/full") }
        process.standardOutput = full
        let err = Pipe()
        process.standardError = err
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("--version, demo --help, and an unknown id for explain")
    func versionAndHelp() throws {
        let version = try ICP.run(["--version"])
        #expect(version.status == 0)
        #expect(version.out == "icp 0.15.0\n")
        let demo = try ICP.run(["demo", "--help"])
        #expect(demo.status == 0)
        #expect(demo.out.hasPrefix("usage: icp [demo]\n\nScores the bundled example accounts"))
        let folder = try Folder()
        defer { folder.remove() }
        let file = try folder.file("a.csv", "id,name,employees\nA1,Acme,450\n")
        let explain = try ICP.run(["explain", "--profile", Self.security, "--id", "A9", file])
        #expect(explain.status == 2)
        #expect(explain.err == "icp explain: no account with id \"A9\" in \(file) (1 accounts read)\n")
    }

    @Test("A write to a full disk ends with one line and exit 2, for help, the demo, score and --output")
    func fullDisk() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let folder = try Folder()
        defer { folder.remove() }
        let file = try folder.file("a.csv", "id,name,employees\nA1,Acme,450\n")
        for arguments in [
            ["help"], [], ["score", "--help"], ["score", "--profile", Self.security, "--as-of", "2026-11-23", file],
            ["score", "--profile", Self.security, "--format", "csv", "--as-of", "2026-11-23", file],
        ] {
            let r = try Self.runToFullDisk(arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.err.hasSuffix("icp: cannot write standard output: No space left on device\n"), "\(arguments)")
        }
        let generated = try ICP.run(["generate", "--accounts", "120", "--outcomes", "--output", folder.path])
        #expect(generated.status == 0)
        let learn = try ICP.run([
            "learn", "--label", "won", "--as-of", "2026-11-23", "--output", "/dev/full", folder.path + "/history.csv",
        ])
        #expect(learn.status == 2)
        #expect(learn.err.hasSuffix("icp: cannot write /dev/full: No space left on device\n"))
        // /dev/full is still a device: the output was not renamed over it.
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/full")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
        let intoFolder = try ICP.run([
            "learn", "--label", "won", "--as-of", "2026-11-23", "--output", folder.path, folder.path + "/history.csv",
        ])
        #expect(intoFolder.status == 2)
        #expect(intoFolder.err.hasSuffix("icp: cannot write \(folder.path): it is a folder\n"))
    }

    @Test("A 20-digit cell in every integer column is rejected with its reason, never a trap")
    func overflowingCells() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let huge = "12345678901234567890"
        let columns = ["employees", "founded", "customers", "referrals", "nps"]
        var text = "id,name," + columns.joined(separator: ",") + ",revenue\n"
        for (i, column) in columns.enumerated() {
            let cells = columns.map { $0 == column ? huge : ($0 == "founded" ? "1999" : "5") }
            text += "A\(i),Acme \(i)," + cells.joined(separator: ",") + ",1000\n"
        }
        text += "A9,Infinite,5,1999,5,5,5,1" + String(repeating: "0", count: 300) + "bn\n"
        text += "A10,Negative,-5,1999,5,5,5,1000\n"
        let file = try folder.file("huge.csv", text)
        let r = try ICP.run(["score", "--profile", Self.security, "--as-of", "2026-11-23", "--format", "csv", file])
        #expect(r.status == 1)
        let too = "\"\(huge)\" is too large to be a number this tool reads (at most 10^18)"
        let expected = [
            "icp: \(file):2: column \"employees\": \(too)",
            "icp: \(file):3: column \"founded\": \(too)",
            "icp: \(file):4: column \"customers\": \(too)",
        ]
        let lines = r.err.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(3)) == expected)
        #expect(lines.contains("icp: \(file):8: column \"employees\": \"-5\" is negative; a count is 0 or more"))
        #expect(lines.last == "icp: \(file): 8 read, 1 used, 7 rejected")
        // The 300-digit revenue is rejected, not read as infinity.
        #expect(lines.contains { $0.hasPrefix("icp: \(file):7: column \"revenue\": \"1000000000") })
        // Lint and learn read the same file without a trap.
        let lint = try ICP.run(["lint", Self.security, "--sample", file, "--as-of", "2026-11-23"])
        #expect(lint.err.contains("8 read, 1 used, 7 rejected"))
    }

    @Test("A megabyte cell in an error is shortened")
    func longCell() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let file = try folder.file(
            "long.csv", "id,name,employees\nA1,Acme,\(String(repeating: "x", count: 1_000_000))\n")
        let r = try ICP.run(["score", "--profile", Self.security, "--as-of", "2026-11-23", file])
        #expect(r.status == 1)
        let x40 = String(repeating: "x", count: 40)
        #expect(
            r.err.hasPrefix(
                "icp: \(file):2: column \"employees\": \"\(x40)… (1,000,000 characters)\" is not a number\n"))
        #expect(r.err.utf8.count < 400)
    }

    @Test("Flags as exports write them: Y, 1, TRUE fire a flag disqualifier; an unreadable value is said")
    func flags() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let profile = try folder.file(
            "p.json",
            """
            {"name": "Flags", "fit": {"lines": [
              {"name": "Big", "points": 2, "criterion": {"kind": "employees", "atLeast": 100}}],
             "disqualifiers": [{"criterion": {"kind": "attribute", "name": "do_not_contact", "equals": true},
                                "reason": "marked do not contact"}]}}
            """)
        let file = try folder.file(
            "a.csv",
            "id,name,employees,Do Not Contact\nA1,One,500,Y\nA2,Two,500,1\nA3,Three,500,TRUE\nA4,Four,500,n\nA5,Five,500,0\nA6,Six,500,maybe\n"
        )
        let r = try ICP.run(["score", "--profile", profile, "--as-of", "2026-11-23", "--format", "csv", file])
        let rows = r.out.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let knocked = rows.filter { $0.last == "marked do not contact" }.map { String($0[0]) }
        #expect(knocked.sorted() == ["A1", "A2", "A3"])
        #expect(rows.map { String($0[0]) }.sorted() == ["A1", "A2", "A3", "A4", "A5"])
        #expect(r.status == 1)
        #expect(
            r.err.hasPrefix(
                "icp: \(file):7: column \"Do Not Contact\": \"maybe\" is not a flag (yes / no, y / n, true / false, 1 / 0), and the profile tests it as one\n"
            ))
    }
}
