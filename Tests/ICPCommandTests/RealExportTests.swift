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
        #expect(explain.err.hasSuffix("icp explain: no account with id \"A9\" in \(file) (1 accounts read)\n"))
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
            "learn", "--label", "won", "--force", "--as-of", "2026-11-23", "--output", "/dev/full",
            folder.path + "/history.csv",
        ])
        #expect(learn.status == 2)
        #expect(learn.err.hasSuffix("icp: cannot write /dev/full: No space left on device\n"))
        // /dev/full is still a device: the output was not renamed over it.
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/full")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
        let intoFolder = try ICP.run([
            "learn", "--label", "won", "--force", "--as-of", "2026-11-23", "--output", folder.path,
            folder.path + "/history.csv",
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
        // A profile reading every one of these columns.
        let profile = try folder.file(
            "numbers.json",
            """
            {"name": "Numbers", "fit": {"name": "fit", "lines": [
              {"name": "big", "points": 1, "criterion": {"kind": "employees", "atLeast": 100}},
              {"name": "old", "points": 1, "criterion": {"kind": "founded", "lessThan": 2000}},
              {"name": "customers", "points": 1, "criterion": {"kind": "customers", "atLeast": 1}},
              {"name": "referrals", "points": 1, "criterion": {"kind": "referrals", "atLeast": 1}},
              {"name": "promoter", "points": 1, "criterion": {"kind": "nps", "category": "promoter"}},
              {"name": "rich", "points": 1, "criterion": {"kind": "revenue", "atLeast": 1000}}]}}
            """)
        let too = "\"\(huge)\" is too large to be a number this tool reads (at most 10^18)"
        let expected = [
            "icp: \(file):2: column \"employees\": \(too)",
            "icp: \(file):3: column \"founded\": \(too)",
            "icp: \(file):4: column \"customers\": \(too)",
            "icp: \(file):5: column \"referrals\": \(too)",
            "icp: \(file):6: column \"nps\": \(too)",
            "icp: \(file):7: column \"revenue\": \"1\(String(repeating: "0", count: 39))… (303 characters)\" is too large to be a number this tool reads (at most 10^18)",
            "icp: \(file):8: column \"employees\": \"-5\" is negative; a count is 0 or more",
            "icp: \(file): 7 read, 0 used, 7 rejected",
        ]
        for format in ["csv", "table", "json"] {
            let r = try ICP.run(["score", "--profile", profile, "--as-of", "2026-11-23", "--format", format, file])
            #expect(r.status == 1)
            #expect(r.err.split(separator: "\n").map(String.init) == expected, "\(format)")
        }
        // An event count of 20 digits is a rejected event, not a trap.
        let events = try folder.file(
            "events.csv",
            "account_id,kind,timestamp,count\nA0,website_visit,2026-11-20,\(huge)\nA0,website_visit,2026-11-20,3\n")
        let withEvents = try ICP.run([
            "score", "--profile", Self.security, "--events", events, "--as-of", "2026-11-23", file,
        ])
        #expect(withEvents.err.contains("icp: \(events):2: column \"count\": \(too)\n"))
        #expect(withEvents.err.contains("icp: \(events): 2 read, 1 used, 1 rejected\n"))
        // lint reads every column, and rejects the same rows without a trap.
        let lint = try ICP.run(["lint", profile, "--sample", file, "--as-of", "2026-11-23"])
        #expect(lint.err.hasSuffix("icp: \(file): 7 read, 0 used, 7 rejected\n"))
    }

    @Test("A megabyte cell in an error is shortened")
    func longCell() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let file = try folder.file(
            "long.csv",
            "id,name,employees,industry,country\nA1,Acme,\(String(repeating: "x", count: 1_000_000)),Retail,US\n")
        let r = try ICP.run(["score", "--profile", Self.security, "--as-of", "2026-11-23", file])
        #expect(r.status == 1)
        let x40 = String(repeating: "x", count: 40)
        #expect(
            r.err.contains("icp: \(file):2: column \"employees\": \"\(x40)… (1,000,000 characters)\" is not a count\n"))
        #expect(r.err.utf8.count < 2_000)
    }

    @Test("Flags as exports write them: Y, 1, TRUE fire a flag disqualifier; an unreadable value is said")
    func flags() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let profile = try folder.file(
            "p.json",
            """
            {"name": "Flags", "fit": {"name": "fit", "lines": [
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
        let knocked = rows.filter { $0.last == "marked do not contact" }.map { String($0[1]) }
        #expect(knocked.sorted() == ["A1", "A2", "A3"])
        #expect(rows.map { String($0[1]) }.sorted() == ["A1", "A2", "A3", "A4", "A5"])
        #expect(r.status == 1)
        #expect(
            r.err.hasPrefix(
                "icp: \(file):7: column \"Do Not Contact\": \"maybe\" is not a flag (yes / no, y / n, true / false, 1 / 0), and the profile tests it as one\n"
            ))
    }
}

/// Files shaped like real exports, written by the tests.
@Suite("icp on export-shaped files", .serialized)
struct ExportShapeTests {
    static let security = CommandTests.security
    static let day = ["--as-of", "2026-11-23"]

    /// A People Data Labs company list: no id, "size range" and "current
    /// employee estimate", no business type, technologies or flags.
    static let pdl = """
        name,domain,year founded,industry,size range,locality,country,linkedin url,current employee estimate
        acme security,acme.com,2001,computer & network security,201-500,"san jose, california",united states,x,650
        beta retail,beta.de,1990,retail,11-50,berlin,germany,y,30

        """

    @Test(
        "Profile fields with no column are named once with the nearest headers; --strict and a file feeding nothing exit 2"
    )
    func unmatchedFields() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let file = try folder.file("pdl.csv", Self.pdl)
        let r = try ICP.run(["score", "--profile", Self.security, "--format", "csv"] + Self.day + [file])
        #expect(r.status == 0, "\(r.err)")
        let expected = [
            "icp: \(file): 'makes and sells' reads business_type: no column",
            "icp: \(file): 'distributes' reads business_type: no column",
            "icp: \(file): 'runs a CRM we integrate with' reads technologies: no column",
            "icp: \(file): disqualifier 'marked do not contact' reads do_not_contact: no column",
            "icp: note: the profile's engagement rubric \"Account engagement\" reads events, and no --events file was given: engagement is empty (every account at None)",
            "icp: note: the profile has 3 personas and no --contacts file was given: buying committees are empty",
            "icp: \(file): note: no id column (\"id\", \"record id\", \"account id\" or --id-column); rows are named by their line, as \"line 2\"",
            "icp: \(file): 2 read, 2 used, 0 rejected",
        ]
        #expect(r.err.split(separator: "\n").map(String.init) == expected)
        // "current employee estimate" feeds employees (650: over 500), "size range" stays an attribute.
        // security software 3, US-based 1, North American 1, over 500 and over 200 employees 1 + 2.
        #expect(r.out.split(separator: "\n")[1].hasPrefix("1,line 2,acme security,8,11,"))
        let strict = try ICP.run(["score", "--profile", Self.security, "--strict"] + Self.day + [file])
        #expect(strict.status == 2)
        #expect(strict.out.isEmpty)
        #expect(
            strict.err.hasSuffix(
                "icp score: \(file): 4 parts of the profile have no column (--strict); map columns with --map FIELD=HEADER or a \"columns\" object in the profile\n"
            ))
        let nothing = try folder.file("nothing.csv", "foo,bar\n1,2\n")
        let none = try ICP.run(["score", "--profile", Self.security] + Self.day + [nothing])
        #expect(none.status == 2)
        #expect(none.out.isEmpty)
        #expect(
            none.err.contains(
                "icp: \(nothing): 'over 500 employees' reads employees: no column\n"))
        #expect(
            none.err.hasSuffix(
                "icp score: \(nothing) has a column for none of the profile's 9 lines that read one; map columns with --map FIELD=HEADER or a \"columns\" object in the profile\n"
            ))
        // The nearest headers of a file whose employee column has an unknown name.
        let odd = try folder.file("odd.csv", "name,staff headcount estimate,employee band,hq\nA,10,1-10,US\n")
        let nearest = try ICP.run(["score", "--profile", Self.security] + Self.day + [odd])
        #expect(
            nearest.err.contains(
                "icp: \(odd): 'over 500 employees' reads employees: no column; nearest headers: 'staff headcount estimate', 'employee band'\n"
            ))
    }

    @Test("--map as an option and as the profile's columns; a --map header that is not there is an error")
    func columnMaps() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let file = try folder.file(
            "a.csv", "Account Number,Company,Staff,Nation,Sector\nX1,Acme,600,Mexico,Security Software\n")
        let mapped = try ICP.run(
            [
                "score", "--profile", Self.security, "--format", "csv", "--map", "id=Account Number,employees=Staff",
                "--map", "country=Nation", "--map", "industry=Sector",
            ] + Self.day + [file])
        #expect(mapped.status == 0, "\(mapped.err)")
        // security software 3, North American (Mexico) 1, over 500 and over 200 employees 1 + 2.
        #expect(mapped.out.split(separator: "\n")[1].hasPrefix("1,X1,Acme,7,11,"))
        // The same map inside the profile.
        var profile = try String(contentsOfFile: Self.security, encoding: .utf8)
        let brace = try #require(profile.firstIndex(of: "{"))
        profile.insert(
            contentsOf:
                "\n  \"columns\": {\"id\": \"Account Number\", \"employees\": [\"Headcount (est.)\", \"Staff\"], \"country\": \"Nation\", \"industry\": \"Sector\"},",
            at: profile.index(after: brace))
        let mappedProfile = try folder.file("mapped.json", profile)
        let viaProfile = try ICP.run(["score", "--profile", mappedProfile, "--format", "csv"] + Self.day + [file])
        #expect(viaProfile.out == mapped.out)
        let lint = try ICP.run(["lint", mappedProfile])
        #expect(lint.status == 0, "\(lint.err)")
        let missing = try ICP.run(
            ["score", "--profile", Self.security, "--map", "employees=Head Count"] + Self.day + [file])
        #expect(missing.status == 2)
        #expect(
            missing.err
                == "icp score: \(file): no column named \"Head Count\" for employees (--map); the columns are \"Account Number\", \"Company\", \"Staff\", \"Nation\", \"Sector\"\n"
        )
    }

    @Test("A HubSpot totals row at the end is left out as a footer, by the bulk path and the row path alike")
    func totalsFooter() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let text =
            "Record ID,Company name,Industry,Number of Employees,Country/Region\n101,Acme Security,Security Software,1200,United States\n102,Beta,Retail,40,France\nTotal,,,1240,\n"
        let file = try folder.file("hubspot.csv", text)
        let csv = try ICP.run(["score", "--profile", Self.security, "--format", "csv"] + Self.day + [file])
        let table = try ICP.run(
            ["score", "--profile", Self.security, "--explain", "--top", "5"] + Self.day + ["-"], stdin: text)
        for (r, source) in [(csv, file), (table, "standard input")] {
            #expect(r.status == 0, "\(r.err)")
            #expect(
                r.err.contains(
                    "icp: \(source): note: the last line (4) reads as totals: read as a report footer and left out\n"))
            #expect(r.err.hasSuffix("icp: \(source): 2 read, 2 used, 0 rejected\n"))
            #expect(!r.out.contains("Total"))
        }
        #expect(csv.out.split(separator: "\n").count == 3)
    }

    @Test("A ';' file with a report footer reads as a comma file; --delimiter overrides")
    func semicolonsAndFooter() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let text =
            "Id;Name;NumberOfEmployees;BillingCountry;Industry\r\n001;Müller;600;Germany;Security Software\r\n002;Acme;\"1200\";USA;Security Software\r\n\r\n\"Grand Totals (2 records)\"\r\n\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\r\n"
        let file = try folder.file("sf.csv", text)
        let comma = try folder.file(
            "sf-comma.csv",
            "Id,Name,NumberOfEmployees,BillingCountry,Industry\n001,Müller,600,Germany,Security Software\n002,Acme,1200,USA,Security Software\n"
        )
        for format in ["csv", "json", "table"] {
            let semi = try ICP.run(["score", "--profile", Self.security, "--format", format] + Self.day + [file])
            let plain = try ICP.run(["score", "--profile", Self.security, "--format", format] + Self.day + [comma])
            #expect(semi.status == 0, "\(semi.err)")
            #expect(semi.out == plain.out, "\(format)")
            #expect(semi.err.contains("icp: \(file): note: fields separated by \";\", as its header line shows\n"))
            #expect(
                semi.err.contains(
                    "icp: \(file): note: the last 2 lines (from line 5) have fewer fields than the header: read as a report footer and left out\n"
                ))
            #expect(semi.err.hasSuffix("icp: \(file): 2 read, 2 used, 0 rejected\n"))
        }
        let forced = try ICP.run(["score", "--profile", Self.security, "--delimiter", ","] + Self.day + [file])
        #expect(forced.status == 2)
        let bad = try ICP.run(["score", "--profile", Self.security, "--delimiter", "x"] + Self.day + [file])
        #expect(bad.status == 2)
        #expect(bad.err.hasPrefix("icp score: --delimiter must be one of , ; tab |, not 'x'\n"))
        // A short row followed by full rows is a rejected row, not a footer.
        let middle = try folder.file("m.csv", "id,name,employees\n1,A,5\n2,B\n3,C,7\n")
        let m = try ICP.run(["score", "--profile", Self.security] + Self.day + [middle])
        #expect(m.status == 1)
        #expect(m.err.contains("icp: \(middle):3: has 2 fields, the header has 3\n"))
        #expect(m.err.hasSuffix("icp: \(middle): 3 read, 2 used, 1 rejected\n"))
    }

    @Test("Tables never cut an id: a long name is shortened around it; a row without a name shows its id")
    func tableIDs() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let file = try folder.file(
            "a.csv",
            "id,name,employees,industry,country\n0016g00000AbCdEfGh,International Consolidated Security Holdings plc,900,Security Software,US\nSHORT,,50,Retail,US\n"
        )
        let r = try ICP.run(["score", "--profile", Self.security, "--top", "1"] + Self.day + [file])
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines[2].contains("  Internation… (0016g00000AbCdEfGh)  "))
        #expect(lines[3] == "… 1 more below the top 1; --format csv lists all")
        let all = try ICP.run(["score", "--profile", Self.security] + Self.day + [file])
        #expect(all.out.split(separator: "\n")[3].hasPrefix("2  SHORT  "))
        // The same rows as JSON and CSV, with snake_case keys and a rank column.
        let json = try ICP.run(["score", "--profile", Self.security, "--format", "json"] + Self.day + [file])
        #expect(json.out.contains("\"as_of\":\"2026-11-23\""))
        let csv = try ICP.run(["score", "--profile", Self.security, "--format", "csv"] + Self.day + [file])
        #expect(csv.out.split(separator: "\n").map { $0.prefix(2) } == ["ra", "1,", "2,"])
    }

    @Test("A HubSpot contacts export: no contact id needed, contacts matched by email domain, free mail never")
    func hubSpotContacts() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let companies = try folder.file(
            "companies.csv",
            "Record ID,Company name,Website URL,Number of Employees,Country/Region,Industry\n101,Acme Security,https://www.Acme.com/about,450,United States,Security Software\n102,Beta,beta.io,50,Germany,Retail\n"
        )
        let contacts = try folder.file(
            "contacts.csv",
            "First Name,Last Name,Email,Job Title,Associated Company IDs (Primary),Associated Company ID,Company Name\nDana,Reyes,dana@acme.com,CISO,,,Acme\nSam,Lee,sam@gmail.com,CISO,,,Acme\nKim,Park,kim@beta.io,VP Engineering,102,102,Beta\nAnn,Ode,ann@nowhere.org,IT Manager,,,\n"
        )
        let r = try ICP.run(
            ["score", "--profile", Self.security, "--contacts", contacts, "--format", "json"] + Self.day + [companies])
        #expect(r.status == 0, "\(r.err)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let accounts = try #require(root["accounts"] as? [[String: Any]])
        let coverage = Dictionary(
            uniqueKeysWithValues: accounts.map {
                ($0["id"] as? String ?? "", (($0["committee"] as? [String: Any])?["coverage"] as? Double) ?? -1)
            })
        #expect(coverage == ["101": 0.5, "102": 0])
        #expect(
            r.err.contains(
                "icp: \(contacts): note: 3 contacts have no account id (first: line 2); matched to accounts by email domain against the accounts' domain or website\n"
            ))
        #expect(
            r.err.contains(
                "icp: \(contacts): note: contacts without an account id: 1 matched to an account by email domain, 1 unmatched, 1 with free-mail addresses (never matched)\n"
            ))
        #expect(r.err.contains("icp: \(contacts): 4 read, 4 used, 0 rejected\n"))
        // The contact named by its email is the one explain lists.
        let explain = try ICP.run(
            ["explain", "--profile", Self.security, "--contacts", contacts, "--id", "101"] + Self.day + [companies])
        #expect(explain.status == 0, "\(explain.err)")
        #expect(explain.out.contains("Dana Reyes (CISO)"))
        #expect(!explain.out.contains("Sam Lee"))
    }

    @Test("A file with no id column goes through every command; rows are named by their line")
    func noIDs() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let gen = try ICP.run(["generate", "--accounts", "400", "--seed", "5", "--outcomes", "--output", folder.path])
        #expect(gen.status == 0)
        // history.csv without its id column, and with a repeated row.
        let history = try String(contentsOfFile: folder.path + "/history.csv", encoding: .utf8)
        var lines = history.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.drop { $0 != "," }.dropFirst())
        }
        lines.insert(lines[1], at: 2)
        let file = try folder.file("noid.csv", lines.joined(separator: "\n"))
        let note =
            "icp: \(file): note: no id column (\"id\", \"record id\", \"account id\" or --id-column); rows are named by their line, as \"line 2\"\n"
        let commands: [[String]] = [
            ["score", "--profile", Self.security, "--format", "csv", file],
            ["explain", "--profile", Self.security, "--id", "line 3", file],
            ["lint", Self.security, "--sample", file],
            ["validate", "--profile", Self.security, "--label", "won", "--resamples", "20", file],
            [
                "learn", "--label", "won", "--force", "--exclude", "mrr,tenure_months,support_tickets", "--output",
                folder.path + "/learned.json", file,
            ],
            ["discover", "--value", "mrr:+", "--exclude", "won", "--output", folder.path + "/draft.json", file],
            ["diff", Self.security, Self.security, "--accounts", file],
        ]
        for c in commands {
            let r = try ICP.run(c + Self.day)
            #expect(r.status == 0, "\(c[0]): \(r.err)")
            #expect(r.err.contains(note), "\(c[0])")
        }
        let score = try ICP.run(["score", "--profile", Self.security, "--format", "csv"] + Self.day + [file])
        #expect(score.out.contains(",line 2,") && score.out.contains(",line 3,"))
        let drift = try ICP.run(["drift", "--profile", Self.security] + Self.day + [file, file])
        #expect(drift.status == 0, "\(drift.err)")
        #expect(drift.err.components(separatedBy: note).count == 3)
    }

    @Test("validate reads an opportunities export without an account per row, as the row path (with events) reads it")
    func validatePaths() throws {
        let folder = try Folder()
        defer { folder.remove() }
        var text = "Account ID,Account Name,Industry,Employees,Billing Country,Stage,Amount,Churned\n"
        text += "001A,Acme,Security Software,750,United States,Closed Won,\"$12,000\",no\n"
        text += "001B,\"Brill, Inc.\",Cybersecurity,\"1,200\",Canada,Closed Lost,8000,\n"
        text += "001A,Acme,Security Software,750,United States,Closed Won,\"$3,500\",yes\n"  // a second deal
        text += ",No Id Co,Logistics,40,Germany,Closed Lost,,\n"
        text += "001C,Zürich AG,Security Software,300,Switzerland,Negotiation,5000,\n"
        text += "001D,Bad Count,Security Software,many,USA,Closed Lost,1,\n"
        text += "001E,Blank Stage,Cybersecurity,500,USA,,100,\n"
        for i in 0..<60 {
            let industry = i % 3 == 0 ? "Security Software" : "Retail"
            let stage = i % 4 == 0 || (industry == "Security Software" && i % 2 == 0) ? "Closed Won" : "Closed Lost"
            text += "002\(i),Co \(i),\(industry),\(100 + 37 * i),United States,\(stage),\(1_000 * (i + 1)),no\n"
        }
        text += "Total,,,,,,\"$1,854,500\",\n"
        let file = try folder.file("opps.csv", text)
        let events = try folder.file("events.csv", "account_id,kind,timestamp\n")
        let arguments =
            [
                "validate", "--profile", Self.security, "--label", "Stage", "--positive", "Closed Won", "--negative",
                "Closed Lost", "--value-column", "Amount", "--churn-column", "Churned", "--resamples", "50",
                "--format", "json",
            ] + Self.day
        let bulk = try ICP.run(arguments + [file])
        let rows = try ICP.run(arguments + ["--events", events, file])
        #expect(bulk.status == 1, "\(bulk.err)")  // the bad count
        #expect(rows.status == bulk.status)
        #expect(bulk.out == rows.out)
        #expect(bulk.err == rows.err.split(separator: "\n").filter { !$0.contains(events) }.map { $0 + "\n" }.joined())
        let root = try #require(try JSONSerialization.jsonObject(with: Data(bulk.out.utf8)) as? [String: Any])
        #expect(root["accounts"] as? Double == 64)  // 67 rows less the bad count, the open deal and the blank stage
        #expect(root["wins"] as? Double == 22)  // Acme twice; of the 60, every fourth and 6, 18, 30, 42, 54
        #expect(bulk.err.contains("icp: \(file):7: column \"Employees\": \"many\" is not a count\n"))
        #expect(bulk.err.contains("icp: \(file):8: left out: the label \"Stage\" is empty\n"))
        #expect(bulk.err.contains("1 row neither won nor lost is left out as not closed: Negotiation 1"))
        #expect(bulk.err.contains("1 row repeats an id of an earlier row (first: line 4"))
        #expect(bulk.err.contains("the last line (69) reads as totals"))
        #expect(bulk.err.hasSuffix("icp: \(file): 67 read, 64 used, 1 rejected, 2 left out\n"))
    }

    @Test(
        "learn and discover read a file a column at a time, and find what they find in the same rows on standard input")
    func learnPaths() throws {
        let folder = try Folder()
        defer { folder.remove() }
        // A HubSpot-shaped deals export: its own headers, "$1.2M", ";" lists,
        // a column 90% zeros, blank and repeated ids, open deals, a blank
        // stage, a bad count and a totals footer.
        var text =
            "Record ID,Company name,Industry,Number of Employees,Country/Region,State/Region,Annual Revenue,"
            + "Technologies,Lead Source,Visits,Deal Stage\n"
        let industries = ["Security Software", "Retail", "Logistics", "Fintech", "Cybersecurity"]
        let sources = ["Web", "Referral", "Event"]
        var expected = (rows: 0, wins: 0)
        for i in 0..<600 {
            let industry = industries[(i * 7) % 5]
            let id = i % 97 == 5 ? "" : i % 101 == 7 ? "R1" : "R\(i)"
            let employees = i == 13 ? "many" : "\(20 + (i * 37) % 900)"
            let country = i % 11 == 0 ? "" : ["United States", "Germany", "USA", "Canada"][i % 4]
            let state = i % 11 == 0 ? "Massachusetts" : ""
            let revenue = "\"$\(Double(i % 9) + 0.5)M\""
            let tech = ["AWS;Slack", "Azure", "AWS;Zendesk;Slack", ""][i % 4]
            let visits = i % 10 == 0 ? "\(i % 7 + 1)" : "0"
            let good = industry.contains("Secur") || industry == "Cybersecurity"
            let won = good ? i % 3 != 0 : i % 4 == 0
            let stage =
                i % 50 == 3 ? "Negotiation" : i % 61 == 4 ? "" : won ? "Closed Won" : "Closed Lost"
            text +=
                "\(id),Co \(i),\(industry),\(employees),\(country),\(state),\(revenue),\(tech),"
                + "\(sources[i % 3]),\(visits),\(stage)\n"
            if i != 13, stage.hasPrefix("Closed") {
                expected.rows += 1
                if won { expected.wins += 1 }
            }
        }
        text += "Total,,,,,,,,,,\n"
        let file = try folder.file("deals.csv", text)
        let security = try String(contentsOfFile: Self.security, encoding: .utf8)
        // The security profile with its first three lines locked.
        var locked = security
        for name in ["\"security software\"", "\"makes and sells\"", "\"distributes\""] {
            locked = locked.replacingOccurrences(of: "\"name\": \(name),", with: "\"name\": \(name), \"locked\": true,")
        }
        #expect(locked.components(separatedBy: "\"locked\": true").count == 4)
        let start = try folder.file("start.json", locked)
        for sub in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: folder.path + "/" + sub, withIntermediateDirectories: true)
        }
        let label = ["--label", "Deal Stage", "--positive", "Closed Won", "--negative", "Closed Lost"]
        for extra in [[], ["--monotone", "--bins", "3"], ["--from-profile", start], ["--holdout", "0"]] {
            let arguments =
                ["learn"] + label + extra + ["--force", "--format", "json", "--as-of", "2026-11-23", "--output"]
            let fromFile = try ICP.run(arguments + [folder.path + "/a/learned.json", file])
            let fromInput = try ICP.run(arguments + [folder.path + "/b/learned.json", "-"], stdin: text)
            #expect(fromFile.status == 1, "\(extra): \(fromFile.err)")  // the bad count
            #expect(fromInput.status == fromFile.status)
            #expect(fromFile.out == fromInput.out.replacingOccurrences(of: "/b/", with: "/a/"), "\(extra)")
            #expect(fromFile.err == fromInput.err.replacingOccurrences(of: "standard input", with: file), "\(extra)")
            let a = try String(contentsOfFile: folder.path + "/a/learned.json", encoding: .utf8)
            let b = try String(contentsOfFile: folder.path + "/b/learned.json", encoding: .utf8)
            #expect(a == b.replacingOccurrences(of: "from standard input", with: "from deals.csv"), "\(extra)")
            let root = try #require(try JSONSerialization.jsonObject(with: Data(fromFile.out.utf8)) as? [String: Any])
            let rows = (root["training_rows"] as? Double ?? 0) + (root["holdout_rows"] as? Double ?? 0)
            #expect(rows == Double(expected.rows), "\(extra): \(fromFile.out)")
            let lockedLines = (root["lines"] as? [[String: Any]] ?? []).filter { $0["locked"] as? Bool == true }
            #expect(lockedLines.count == (extra.first == "--from-profile" ? 3 : 0), "\(extra)")
            #expect(fromFile.err.contains("icp: \(file):15: column \"Number of Employees\": \"many\" is not a count\n"))
            #expect(fromFile.err.contains("the last line (602) reads as totals"))
        }
        // discover keeps the file as columns too.
        let discover = [
            "discover", "--value", "revenue:+,Visits:+", "--exclude", "Deal Stage", "--format", "json", "--as-of",
            "2026-11-23", "--output",
        ]
        let found = try ICP.run(discover + [folder.path + "/a/draft.json", file])
        let foundInput = try ICP.run(discover + [folder.path + "/b/draft.json", "-"], stdin: text)
        #expect(found.status == 1 && foundInput.status == 1, "\(found.err)")
        #expect(found.out == foundInput.out.replacingOccurrences(of: "/b/", with: "/a/"))
        #expect(found.err == foundInput.err.replacingOccurrences(of: "standard input", with: file))
        #expect(
            try String(contentsOfFile: folder.path + "/a/draft.json", encoding: .utf8)
                == String(contentsOfFile: folder.path + "/b/draft.json", encoding: .utf8))
        let discovered = try #require(
            try JSONSerialization.jsonObject(with: Data(found.out.utf8)) as? [String: Any])
        #expect(discovered["accounts"] as? Double == 599)  // 600 rows less the bad count
        #expect((discovered["super_users"] as? [String])?.count == 120)  // the top 20%, rounded up
        let table = try ICP.run(
            ["learn"] + label + [
                "--holdout", "0", "--force", "--as-of", "2026-11-23", "--output", folder.path + "/c.json", file,
            ])
        #expect(
            table.out.contains("\nTraining rows \(expected.rows) (\(expected.wins) wins), no holdout\n"), "\(table.out)"
        )
    }

    @Test(
        "learn answers some candidates from its columns and reads the rest from the file again, and finds what it finds on standard input"
    )
    func learnMixedPaths() throws {
        let folder = try Folder()
        defer { folder.remove() }
        // A third of the rows in countries and states of their own: a table
        // of every pair of country and state would hold (3,000 + 3)² > 2²²
        // answers, so the candidates that read both (the state's) are read
        // from the file again, beside the employees' answered from the table.
        var text = "Record ID,Company name,Country/Region,State/Region,Number of Employees,Won\n"
        var wins = 0
        for i in 0..<9_000 {
            let (country, state) =
                i % 3 == 0
                ? ("United States", "California") : i % 3 == 1 ? ("Canada", "Ontario") : ("Land \(i)", "Province \(i)")
            let employees = [10, 50, 200, 1_000, 5_000][(i / 3) % 5]
            let chance = 20 + (state == "California" ? 30 : 0) + (employees >= 200 ? 20 : 0)
            let won = (i * 7_919 + i / 7) % 100 < chance
            if won { wins += 1 }
            text += "R\(i),Co \(i),\(country),\(state),\(employees),\(won ? "yes" : "no")\n"
        }
        let file = try folder.file("geo.csv", text)
        for sub in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: folder.path + "/" + sub, withIntermediateDirectories: true)
        }
        let arguments = ["learn", "--label", "Won", "--format", "json", "--as-of", "2026-11-23", "--output"]
        let fromFile = try ICP.run(arguments + [folder.path + "/a/learned.json", file])
        let fromInput = try ICP.run(arguments + [folder.path + "/b/learned.json", "-"], stdin: text)
        #expect(fromFile.status == 0, "\(fromFile.err)")
        #expect(fromInput.status == 0)
        #expect(fromFile.out == fromInput.out.replacingOccurrences(of: "/b/", with: "/a/"))
        #expect(fromFile.err == fromInput.err.replacingOccurrences(of: "standard input", with: file))
        let a = try String(contentsOfFile: folder.path + "/a/learned.json", encoding: .utf8)
        let b = try String(contentsOfFile: folder.path + "/b/learned.json", encoding: .utf8)
        #expect(a == b.replacingOccurrences(of: "from standard input", with: "from geo.csv"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(fromFile.out.utf8)) as? [String: Any])
        let rows = (root["training_rows"] as? Double ?? 0) + (root["holdout_rows"] as? Double ?? 0)
        #expect(rows == 9_000)
        let whole = try ICP.run(
            [
                "learn", "--label", "Won", "--holdout", "0", "--as-of", "2026-11-23", "--output",
                folder.path + "/c.json", file,
            ])
        let counted = "\(wins / 1_000),\(String(wins % 1_000 + 1_000).dropFirst())"
        #expect(whole.out.contains("\nTraining rows 9,000 (\(counted) wins), no holdout\n"), "\(whole.out)")
        let names = (root["lines"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        // Lines of both kinds were learned.
        #expect(names.contains("state is California"), "\(names)")
        #expect(names.contains { $0.hasPrefix("employees is ") }, "\(names)")
    }

    @Test(
        "Open deals with --positive and --negative are left out and counted; --positive alone on four values is an error"
    )
    func openDeals() throws {
        let folder = try Folder()
        defer { folder.remove() }
        var text = "Opportunity,Account Name,Industry,Employees,Country,Stage\n"
        let stages = ["Won", "Lost", "Lost", "Open", "In Progress", "Won", "Lost", ""]
        for i in 0..<120 {
            let industry = i % 3 == 0 ? "Security Software" : "Retail"
            let stage = industry == "Retail" && stages[i % 8] == "Won" ? "Lost" : stages[i % 8]
            text += "\(1_000 + i % 50),Co \(i),\(industry),\(200 + 10 * i),United States,\(stage)\n"
        }
        let file = try folder.file("opps.csv", text)
        let alone = try ICP.run(
            ["validate", "--profile", Self.security, "--label", "Stage", "--positive", "Won"] + Self.day + [file])
        #expect(alone.status == 2)
        #expect(
            alone.err.hasPrefix(
                "icp validate: \(file): column \"Stage\" has 4 values: Lost (65), In Progress (15), Open (15), Won (10); with --positive alone every value but Won would count as a loss: name the losing values with --negative, and the others (open deals) are left out\n"
            ))
        let both = try ICP.run(
            [
                "validate", "--profile", Self.security, "--label", "Stage", "--positive", "Won", "--negative", "Lost",
                "--resamples", "20", "--format", "json",
            ] + Self.day + [file])
        #expect(both.status == 1, "\(both.err)")  // 15 rows have an empty label
        let root = try #require(try JSONSerialization.jsonObject(with: Data(both.out.utf8)) as? [String: Any])
        #expect(root["accounts"] as? Double == 75)
        #expect(root["wins"] as? Double == 10)
        #expect(
            both.err.contains(
                "icp: \(file): note: 30 rows neither won nor lost are left out as not closed: In Progress 15, Open 15\n"
            ))
        // The rows with an empty label are named by their line, and no left-out row counts as used.
        #expect(both.err.contains("icp: \(file):9: left out: the label \"Stage\" is empty\n"))
        #expect(both.err.hasSuffix("icp: \(file): 120 read, 75 used, 0 rejected, 45 left out\n"))
        let learn = try ICP.run(
            [
                "learn", "--label", "Stage", "--positive", "Won", "--negative", "Lost", "--exclude", "Opportunity,Tagz",
                "--output", folder.path + "/l.json",
            ] + Self.day + [file])
        #expect(learn.status == 2)
        #expect(
            learn.err.hasPrefix(
                "icp learn: --exclude names \"Tagz\", which is not a column of \(file); the columns are \"Opportunity\", \"Account Name\", \"Industry\", \"Employees\", \"Country\", \"Stage\"\n"
            ))
    }
}

/// Encodings and bytes that are not text.
@Suite("icp on files that are not UTF-8", .serialized)
struct EncodingTests {
    static let security = CommandTests.security

    @Test("A Windows-1252 export is detected and decoded with a note; --encoding utf-8 rejects its rows by column")
    func windows1252() throws {
        let folder = try Folder()
        defer { folder.remove() }
        var bytes = Array("id,name,employees,country,industry\n1,M".utf8) + [0xFC]
        bytes += Array("nchen,600,Germany,Security Software\n2,Soci".utf8) + [0xE9]
        bytes += Array("t".utf8) + [0xE9] + Array(",900,France,Cybersecurity\n".utf8)
        let path = folder.path + "/w.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = try ICP.run(["score", "--profile", Self.security, "--as-of", "2026-11-23", "--format", "csv", path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains(",1,München,") && r.out.contains(",2,Société,"))
        #expect(
            r.err.contains("icp: \(path): note: read as windows-1252 text, as it is not UTF-8 (--encoding overrides)\n")
        )
        // Forced to UTF-8, the names are shown with replacement characters: a name decides nothing.
        let forced = try ICP.run([
            "score", "--profile", Self.security, "--as-of", "2026-11-23", "--format", "csv", "--encoding", "utf-8",
            path,
        ])
        #expect(forced.status == 0)
        #expect(forced.out.contains(",1,M\u{FFFD}nchen,"))
    }

    @Test("A bad byte in a column the profile does not read never decides a row's fate, in any format or place")
    func badBytes() throws {
        let folder = try Folder()
        defer { folder.remove() }
        var bytes = Array("id,name,employees,notes,country,industry\n".utf8)
        func row(_ text: String, bad: String? = nil) {
            guard let bad, let range = text.range(of: bad) else {
                bytes += Array((text + "\n").utf8)
                return
            }
            bytes += Array(text[..<range.lowerBound].utf8) + [0xFF] + Array((text[range.upperBound...] + "\n").utf8)
        }
        row("1,Acme,600,BAD,US,Security Software", bad: "BAD")
        row("2,Beta,700,\"quoted BAD\",US,Security Software", bad: "BAD")
        // Over 4 MiB, so that the late rows are past the first block of every reader.
        for i in 3..<150_000 { row("\(i),Co \(i),\(i % 900),fine and dandy,US,Retail") }
        row("150000,Late,700,BAD,US,Security Software", bad: "BAD")
        row("150001,Later,700,\"quoted BAD\",US,Security Software", bad: "BAD")
        row("150002,Read,700,x,US,BAD Software", bad: "BAD")
        let path = folder.path + "/bad.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let rejected =
            "icp: \(path):150003: column \"industry\" is not valid UTF-8 text (save the file as UTF-8, or give --encoding windows-1252)\n"
        for format in ["table", "csv", "json"] {
            let r = try ICP.run([
                "score", "--profile", Self.security, "--as-of", "2026-11-23", "--encoding", "utf-8", "--format",
                format, "--top", "4", path,
            ])
            #expect(r.status == 1, "\(format)")
            #expect(r.err.hasSuffix(rejected + "icp: \(path): 150,002 read, 150,001 used, 1 rejected\n"), "\(format)")
        }
        let all = try ICP.run([
            "score", "--profile", Self.security, "--as-of", "2026-11-23", "--encoding", "utf-8", "--format", "csv",
            path,
        ])
        #expect(all.err.hasSuffix(rejected + "icp: \(path): 150,002 read, 150,001 used, 1 rejected\n"))
        let explain = try ICP.run([
            "explain", "--profile", Self.security, "--as-of", "2026-11-23", "--encoding", "utf-8", "--id", "150001",
            path,
        ])
        #expect(explain.status == 1)
        #expect(explain.out.contains("Fit: Later — "))
    }
}
