import Foundation
import ICPCore
import Testing

/// Runs the built `icp` executable, which sits next to the test bundle.
struct ICP {
    static let url: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            here.appendingPathComponent("icp"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/icp"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Result {
        let status: Int32
        let out: String
        let err: String
    }

    static func run(_ arguments: [String], stdin: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        if stdin != nil { process.standardInput = input }
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        // Read both pipes at once, before waiting: a child that fills one
        // pipe while the test reads the other would block for ever.
        let errData = Captured()
        let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errBytes = errData.wait()
        return Result(
            status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
            err: String(decoding: errBytes, as: UTF8.self))
    }

    /// Bytes read on another thread, handed over once.
    final class Captured: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()
        func set(_ bytes: Data) {
            data = bytes
            done.signal()
        }
        func wait() -> Data {
            done.wait()
            return data
        }
    }
}

/// A temporary folder.
struct Folder {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("icp-cmd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func file(_ name: String, _ text: String) throws -> String {
        let p = path + "/" + name
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("The icp command", .serialized)
struct CommandTests {
    static let security = ICP.root.appendingPathComponent("Examples/Profiles/security-software.json").path

    @Test("The executable is built next to the tests")
    func built() {
        #expect(FileManager.default.isExecutableFile(atPath: ICP.url.path), "\(ICP.url.path)")
    }

    @Test("help, per-command help, the demo, and usage errors with exit 2")
    func usage() throws {
        let help = try ICP.run(["help"])
        #expect(help.status == 0)
        #expect(help.out.hasPrefix("usage: icp [demo]"))
        for command in ["score", "explain", "generate", "lint", "validate", "learn", "discover", "drift", "diff"] {
            let r = try ICP.run([command, "--help"])
            #expect(r.status == 0)
            #expect(r.out.hasPrefix("usage: icp \(command)"))
        }
        let demo = try ICP.run([])
        #expect(demo.status == 0)
        #expect(demo.out.contains("Tiers: Best fit 3, Good fit 7, Bad fit 20 of 30 accounts"))
        let unknown = try ICP.run(["frobnicate"])
        #expect(unknown.status == 2)
        #expect(unknown.err == "icp: unknown command 'frobnicate'; run 'icp help'\n")
        let badOption = try ICP.run(["score", "--profile", Self.security, "--colour", "red", "x.csv"])
        #expect(badOption.status == 2)
        #expect(badOption.err.hasPrefix("icp score: unknown option --colour for 'score'; it takes "))
        let badFormat = try ICP.run(["score", "--profile", Self.security, "--format", "xml", "x.csv"])
        #expect(badFormat.status == 2)
        #expect(badFormat.err.hasPrefix("icp score: --format must be one of table, csv, json, not 'xml'"))
        let noFile = try ICP.run(["score", "--profile", Self.security, "--as-of", "2026-11-23", "/nonexistent.csv"])
        #expect(noFile.status == 2)
        #expect(noFile.err == "icp score: /nonexistent.csv: does not exist\n")
        let badProfile = try ICP.run(["score", "--profile", "/nonexistent.json", "x.csv"])
        #expect(badProfile.status == 2)
        #expect(badProfile.err == "icp score: /nonexistent.json: does not exist\n")
        // A folder, and a profile that is not UTF-8, each in their own words.
        let folderProfile = try ICP.run(["score", "--profile", NSTemporaryDirectory(), "x.csv"])
        #expect(folderProfile.err == "icp score: \(NSTemporaryDirectory()): is a folder, not a file\n")
        let scratch = try Folder()
        defer { scratch.remove() }
        let latin = scratch.path + "/latin.json"
        try Data([0x7B, 0x0A, 0x22, 0x6E, 0xE9, 0x22]).write(to: URL(fileURLWithPath: latin))
        let notUTF8 = try ICP.run(["score", "--profile", latin, "x.csv"])
        #expect(notUTF8.err == "icp score: \(latin): is not UTF-8 text: byte 5 (line 2) is 0xE9\n")
        let folderData = try ICP.run(["score", "--profile", Self.security, scratch.path])
        #expect(folderData.status == 2)
        #expect(folderData.err == "icp score: \(scratch.path): is a folder, not a file\n")
    }

    @Test("score as JSON: the packed ranking writes each account as the per-account path does")
    func scoreJSONPacked() throws {
        let folder = try Folder()
        defer { folder.remove() }
        // Ids and names JSON must escape, a disqualified account, a blank name.
        let accounts = try folder.file(
            "accounts.csv",
            "id,name,industry,employees,country,business_type,do_not_contact\n"
                + "\"q\"\"1\",\"Acme \"\"Quoted\"\", Inc.\",Security Software,500,US,manufacturer,no\n"
                + "b\\2,Back\\slash,Cybersecurity,40,US,distributor,no\n"
                + "3,\"Tab\there\",Security Software,2000,CA,manufacturer,yes\n"
                + "4,Zürich AG,Security Software,300,CH,,no\n"
                + "5,,Logistics,7,US,,no\n"
                + "6,\"Line\nbreak\",Security Software,90,US,manufacturer,no\n"
                + "7,Bell \u{07} Co,Security Software,90,US,distributor,no\n")
        // Events for no account of the file: each account is read and scored on its own.
        let events = try folder.file(
            "events.csv",
            "account_id,contact_id,kind,timestamp,count,detail\nnobody,,form submit,2026-10-08T23:29:57Z,1,\n")
        let base = ["score", "--profile", Self.security, "--as-of", "2026-11-23", "--format", "json"]
        let packed = try ICP.run(base + [accounts])
        let perAccount = try ICP.run(base + ["--events", events, accounts])
        #expect(packed.status == 0 && perAccount.status == 0)
        #expect(packed.out == perAccount.out)
        #expect(packed.out.contains(#""id":"q\"1","name":"Acme \"Quoted\", Inc.""#))
        #expect(packed.out.contains(#""id":"b\\2","name":"Back\\slash""#))
        #expect(packed.out.contains(#""name":"Tab\there""#) && packed.out.contains(#""name":"Line\nbreak""#))
        #expect(packed.out.contains(#""name":"Bell \u0007 Co""#))
        #expect(packed.out.contains(#""qualified":false,"disqualification":"marked do not contact"}"#))
        #expect(packed.out.contains(#""id":"5","name":"5""#))
        let document = try JSONSerialization.jsonObject(with: Data(packed.out.utf8)) as? [String: Any]
        #expect((document?["accounts"] as? [Any])?.count == 7)
    }

    @Test("generate is seeded; score ranks it as CSV, JSON and a table")
    func generateAndScore() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let gen = try ICP.run(["generate", "--accounts", "60", "--seed", "3", "--output", folder.path])
        #expect(gen.status == 0)
        #expect(gen.err.hasPrefix("icp: wrote 60 accounts, "))
        let first = try String(contentsOfFile: folder.path + "/accounts.csv", encoding: .utf8)
        let again = try Folder()
        defer { again.remove() }
        _ = try ICP.run(["generate", "--accounts", "60", "--seed", "3", "--output", again.path])
        #expect(try String(contentsOfFile: again.path + "/accounts.csv", encoding: .utf8) == first)
        #expect(first.split(separator: "\n").count == 61)

        let base = [
            "score", "--profile", Self.security, "--events", folder.path + "/events.csv", "--contacts",
            folder.path + "/contacts.csv", "--as-of", "2026-11-23",
        ]
        let csv = try ICP.run(base + ["--format", "csv", folder.path + "/accounts.csv"])
        #expect(csv.status == 0)
        let lines = csv.out.split(separator: "\n").map(String.init)
        #expect(
            lines[0]
                == "rank,id,name,score,max,ratio,tier,qualified,engagement,engagement_max,engagement_level,cell,committee_coverage,missing_required_roles,disqualification"
        )
        #expect(lines.dropFirst().map { $0.prefix { $0 != "," } } == (1...60).map { Substring(String($0)) })
        #expect(lines.count == 61)
        #expect(csv.err.contains("icp: \(folder.path)/accounts.csv: 60 read, 60 used, 0 rejected"))
        // Ranked best first: by matrix cell priority (A1, A2, B1, …).
        let order = EngagementMatrix.defaultOrder(fitTiers: 3, engagementTiers: 4)
        let cells = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }.map {
            order.firstIndex(of: String($0[11])) ?? -1
        }
        #expect(cells == cells.sorted())
        #expect(!cells.contains(-1))

        let explained = try ICP.run(
            base + ["--format", "csv", "--explain", "--top", "5", folder.path + "/accounts.csv"])
        let header = explained.out.split(separator: "\n")[0]
        #expect(
            header.hasSuffix(
                ",security software,makes and sells,distributes,US-based,North American,over 500 employees,over 200 employees,under 100 employees,runs a CRM we integrate with,engagement: website engagement,engagement: email clicks,engagement: email opens,engagement: webinar,engagement: recent form submit,engagement: researching the category,engagement: funded in the last 180 days,engagement: web activity halved"
            ))
        #expect(explained.out.split(separator: "\n").count == 6)

        let json = try ICP.run(base + ["--format", "json", "--top", "3", folder.path + "/accounts.csv"])
        let value = try JSONValue.parse(json.out)
        guard case .object(let root) = value, case .array(let accounts)? = root["accounts"] else {
            Issue.record("not the expected JSON")
            return
        }
        #expect(accounts.count == 3)
        #expect(root["as_of"] == .string("2026-11-23"))

        let table = try ICP.run(base + ["--top", "4", folder.path + "/accounts.csv"])
        #expect(table.status == 0)
        let tableLines = table.out.split(separator: "\n")
        #expect(tableLines[0].hasPrefix("#  Account"))
        #expect(tableLines.count == 2 + 4 + 1)
        #expect(tableLines.last == "… 56 more below the top 4; --format csv lists all")
        #expect(tableLines.allSatisfy { $0.count <= 130 }, "\(tableLines.map(\.count))")
    }

    @Test(
        "score's bulk path (every row: packed, ranked by keys, written as bytes) writes what the row path writes",
        arguments: ["csv", "json"])
    func bulkMatchesRows(format: String) throws {
        let folder = try Folder()
        defer { folder.remove() }
        _ = try ICP.run(["generate", "--accounts", "2500", "--seed", "9", "--output", folder.path])
        // Ties broken by ids beyond ASCII (the Kelvin sign sorts as "K"),
        // fields to quote, a disqualified row and a rejected one.
        var text = try String(contentsOfFile: folder.path + "/accounts.csv", encoding: .utf8)
        let columns = text.prefix { $0 != "\n" }.split(separator: ",").count
        func row(_ id: String, _ name: String, _ employees: String, _ doNotContact: String) -> String {
            var cells = [String](repeating: "", count: columns)
            cells[0] = id
            cells[1] = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            cells[3] = "Cybersecurity"
            cells[4] = employees
            cells[6] = "United States"
            cells[13] = "manufacturer"
            cells[14] = doNotContact
            return cells.joined(separator: ",") + "\n"
        }
        text += row("\u{212A}9", "Kelvin, Inc.", "900", "no") + row("L9", "\"Quoted\" Co", "900", "no")
        text += row("J9", "Zürich AG", "900", "no") + row("K8", "Blocked", "900", "yes")
        text += row("M9", "Bad", "lots", "no")
        let path = try folder.file("more.csv", text)
        let base = ["score", "--profile", Self.security, "--as-of", "2026-11-23", "--format", format, path]
        let bulk = try ICP.run(base)
        let rows = try ICP.run(base + ["--top", "1000000"])  // the row path, through the streaming top N
        #expect(bulk.status == 1)
        #expect(bulk.out == rows.out)
        #expect(bulk.err == rows.err)
        #expect(bulk.err.contains("2,505 read, 2,504 used, 1 rejected"))
        if format == "csv" {
            // Without the rank, which is the first column.
            let lines = bulk.out.split(separator: "\n").map { String($0.drop { $0 != "," }.dropFirst()) }
            #expect(lines.count == 2_505)
            let ours = lines.filter { ["J9,", "\u{212A}9,", "L9,", "K8,"].contains(where: $0.hasPrefix) }
            try #require(ours.count == 4)
            #expect(ours.map { String($0.prefix(3)) } == ["J9,", "\u{212A}9,", "L9,", "K8,"])
            #expect(ours[1].hasPrefix("\u{212A}9,\"Kelvin, Inc.\","))
            #expect(ours[2].hasPrefix("L9,\"\"\"Quoted\"\" Co\","))
            #expect(ours[3].hasSuffix(",marked do not contact"))
        }
    }

    static let export = """
        Record ID,Company name,Industry,Number of Employees,Annual Revenue,Country/Region,business_type
        1,Good Co,Security Software,750,$12M,United States,manufacturer
        2,Bad Co,Security Software,lots,$12M,United States,manufacturer
        3,Also Good,Retail,12,"1,200,000",Germany,reseller

        """

    @Test("Bad rows are reported, good rows scored, exit 1; --strict stops at the first")
    func badRows() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = try folder.file("hubspot.csv", Self.export)
        let r = try ICP.run(["score", "--profile", Self.security, "--as-of", "2026-11-23", "--format", "csv", path])
        #expect(r.status == 1)
        #expect(r.out.split(separator: "\n").map { $0.split(separator: ",")[1] } == ["id", "1", "3"])
        #expect(r.err.contains("icp: \(path):3: column \"Number of Employees\": \"lots\" is not a count\n"))
        #expect(r.err.contains("icp: \(path): 3 read, 2 used, 1 rejected\n"))
        let strict = try ICP.run(["score", "--profile", Self.security, "--as-of", "2026-11-23", "--strict", path])
        #expect(strict.status == 1)
        #expect(strict.err == "icp score: \(path):3: column \"Number of Employees\": \"lots\" is not a count\n")
    }

    @Test("Standard input, --id-column, explain and lint")
    func others() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let piped = try ICP.run(
            ["score", "--profile", Self.security, "--as-of", "2026-11-23", "--format", "csv", "-"], stdin: Self.export)
        #expect(piped.status == 1)
        #expect(piped.err.contains("icp: standard input:3: column \"Number of Employees\""))
        let renamed = try folder.file("renamed.csv", "Account Number,Name,Employees\nX-1,Ex,900\n")
        // Without an id column the rows are named by their line, and the note says so.
        let noID = try ICP.run([
            "score", "--profile", Self.security, "--as-of", "2026-11-23", "--format", "csv", renamed,
        ])
        #expect(noID.status == 0)
        #expect(noID.out.split(separator: "\n")[1].hasPrefix("1,line 2,Ex,"))
        #expect(
            noID.err.contains(
                "icp: \(renamed): note: no id column (\"id\", \"record id\", \"account id\" or --id-column); rows are named by their line, as \"line 2\"\n"
            ))
        let withID = try ICP.run([
            "score", "--profile", Self.security, "--as-of", "2026-11-23", "--id-column", "Account Number", "--format",
            "csv", renamed,
        ])
        #expect(withID.status == 0)
        #expect(withID.out.split(separator: "\n")[1].hasPrefix("1,X-1,Ex,"))

        let good = try folder.file("good.csv", Self.export.replacingOccurrences(of: "lots", with: "800"))
        let explain = try ICP.run(["explain", "--profile", Self.security, "--as-of", "2026-11-23", "--id", "3", good])
        #expect(explain.status == 0)
        #expect(explain.out.contains("Fit: Also Good — "))
        #expect(explain.out.contains("Buying committee: 0 of 3 roles, 0% by weight; missing required: Security leader"))
        // A file is read as score reads it and the row read again; standard input, once, account by account.
        let explainPiped = try ICP.run(
            ["explain", "--profile", Self.security, "--as-of", "2026-11-23", "--id", "3", "-"],
            stdin: try String(contentsOfFile: good, encoding: .utf8))
        #expect(explainPiped.status == 0)
        #expect(explainPiped.out == explain.out)
        let missing = try ICP.run(["explain", "--profile", Self.security, "--as-of", "2026-11-23", "--id", "9", good])
        #expect(missing.status == 2)
        #expect(missing.err.hasSuffix("icp explain: no account with id \"9\" in \(good) (3 accounts read)\n"))

        let lint = try ICP.run(["lint", Self.security, "--as-of", "2026-11-23", "--sample", good])
        #expect(lint.status == 1)  // no events in the sample: the funding line has nothing to read
        #expect(
            lint.out.contains(
                "error: engagement.lines[6] \"funded in the last 180 days\": no account of the 3 in the sample has the data it needs"
            ))
        let clean = try ICP.run(["lint", Self.security, "--as-of", "2026-11-23"])
        #expect(clean.status == 0)
        #expect(clean.out == "Security software makers and distributors (version 2026.3): no findings\n")
        let overdue = try ICP.run(["lint", Self.security, "--as-of", "2027-01-15"])
        #expect(overdue.out.contains("warning: lastReviewed: review overdue (due since 2026-12-01, every 3 months)"))
    }
}
