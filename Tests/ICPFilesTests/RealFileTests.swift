import Foundation
import ICPCore
import ICPFiles
import Testing

@Suite("Reading files nobody here made")
struct RealFileTests {
    @Test("Cells past 15 digits or 10^18 are invalid with the reason, never a trap")
    func overflow() {
        let huge = "12345678901234567890"
        let too = "\"\(huge)\" is too large to be a number this tool reads (at most 10^18)"
        #expect(Cells.count(huge) == .invalid(too))
        #expect(Cells.integer(huge) == .invalid(too))
        #expect(Cells.number(huge) == .invalid(too))
        #expect(Cells.count("999999999999999") == .invalid("\"999999999999999\" is not a whole count below 10^12"))
        #expect(Cells.integer("999999999999999") == .value(999_999_999_999_999))
        let infinite = "1" + String(repeating: "0", count: 300) + "bn"
        guard case .invalid(let reason) = Cells.number(infinite) else {
            Issue.record("a 300-digit money cell was read")
            return
        }
        #expect(reason.hasSuffix("… (303 characters)\" is too large to be a number this tool reads (at most 10^18)"))
        #expect(Cells.attribute("Y") == .flag(true))
        #expect(Cells.attribute("n") == .flag(false))
    }

    @Test("The delimiter is told from the header line, outside quotes; a tie is a comma")
    func delimiters() {
        #expect(CSVDelimiter.detect(Array("a;b;c\n1,5;2;3".utf8)) == UInt8(ascii: ";"))
        #expect(CSVDelimiter.detect(Array("a\tb\tc,d\n".utf8)) == 0x09)
        #expect(CSVDelimiter.detect(Array("\"a;b;c\",d\n".utf8)) == UInt8(ascii: ","))
        #expect(CSVDelimiter.detect(Array("a;b,c\n".utf8)) == UInt8(ascii: ","))
        #expect(CSVDelimiter.detect(Array("single\n".utf8)) == UInt8(ascii: ","))
    }

    @Test("--map text: FIELD=HEADER pairs, more headers after a comma, ';' too")
    func mapText() throws {
        let map = try ColumnMap(parsing: "employees=current employee estimate,size range;Tier=Account Tier (custom)")
        #expect(map.entries.map(\.name) == ["employees", "Tier"])
        #expect(map.entries[0].headers == ["current employee estimate", "size range"])
        #expect(map.entries[0].target == .field(.employees))
        #expect(map.entries[1].target == .attribute("Tier"))
        #expect(try ColumnMap(parsing: "NumberOfEmployees=Staff").entries[0].target == .field(.employees))
        #expect(throws: ColumnMapError.self) { try ColumnMap(parsing: "Staff") }
        #expect(throws: ColumnMapError.self) { try ColumnMap(parsing: "employees=") }
        // An option's entry wins over the profile's for the same field.
        let merged = map.merging(ColumnMap(profileColumns: ["employees": ["Headcount"], "country": ["HQ"]]))
        #expect(merged.entries.map(\.name) == ["employees", "Tier", "country"])
        #expect(merged.entries[2].required == false)
    }

    @Test(
        "A mapped column feeds its field; another alias of it becomes an attribute; fallbacks feed only unclaimed fields"
    )
    func mappedColumns() throws {
        let header = ["Record ID", "Number of Employees", "Staff", "size range", "Website", "Domain"]
        let plain = try AccountColumns(header: header, file: "x.csv")
        #expect(
            plain.targets == [
                .field(.id), .field(.employees), .attribute("Staff"), .attribute("size range"), .attribute("Website"),
                .field(.domain),
            ])
        let mapped = try AccountColumns(header: header, file: "x.csv", map: try ColumnMap(parsing: "employees=staff"))
        #expect(mapped.targets[1] == .attribute("Number of Employees"))
        #expect(mapped.targets[2] == .field(.employees))
        let pdl = try AccountColumns(
            header: ["name", "size range", "current employee estimate", "website"], file: "pdl.csv")
        #expect(
            pdl.targets == [.field(.name), .attribute("size range"), .field(.employees), .field(.domain)])
        #expect(pdl.idIndex == nil)
        do {
            _ = try AccountColumns(header: header, file: "x.csv", map: try ColumnMap(parsing: "employees=Head Count"))
            Issue.record("a missing mapped header was accepted")
        } catch let e as HeaderError {
            #expect(
                e.message
                    == "no column named \"Head Count\" for employees (--map); the columns are \"Record ID\", \"Number of Employees\", \"Staff\", \"size range\", \"Website\", \"Domain\""
            )
        }
        // A profile's entry that the file does not have is passed over.
        let optional = try AccountColumns(
            header: header, file: "x.csv", map: ColumnMap(profileColumns: ["employees": ["Head Count"]]))
        #expect(optional.targets == plain.targets)
    }

    @Test("Coverage names the lines no column feeds and the nearest headers")
    func coverage() throws {
        let profile = try ProfileFile.decode(
            """
            {"name": "P", "fit": {"name": "fit", "lines": [
              {"name": "big", "points": 2, "criterion": {"kind": "employees", "atLeast": 500}},
              {"name": "US", "points": 1, "criterion": {"kind": "location", "in": ["US"]}},
              {"name": "partner", "points": 1, "criterion": {"kind": "attribute", "name": "partner_tier", "oneOf": ["gold"]}}],
             "disqualifiers": [{"criterion": {"kind": "attribute", "name": "do_not_contact", "equals": true},
                                "reason": "marked do not contact"}]}}
            """)
        let header = ["name", "staff count estimate", "country", "Partner Tiers", "dnc"]
        let columns = try AccountColumns(header: header, file: "x.csv")
        let c = ColumnCoverage(profile: profile, header: header, targets: columns.targets)
        #expect(
            c.gaps.map(\.description) == [
                "'big' reads employees: no column; nearest headers: 'staff count estimate'",
                "'partner' reads partner_tier: no column; nearest headers: 'Partner Tiers'",
                "disqualifier 'marked do not contact' reads do_not_contact: no column",
            ])
        #expect(c.linesReadingColumns == 3)
        #expect(c.linesFed == 1)
        #expect(!c.feedsNoLine)
        let none = ColumnCoverage(profile: profile, header: ["foo"], targets: [.attribute("foo")])
        #expect(none.feedsNoLine)
    }

    @Test("Domains fold for matching; free mail never matches")
    func domains() {
        #expect(ContactsByAccount.webDomain("https://www.Acme.com/about?x=1") == "acme.com")
        #expect(ContactsByAccount.webDomain("acme.com.") == "acme.com")
        #expect(ContactsByAccount.webDomain("localhost") == nil)
        #expect(ContactsByAccount.emailDomain("Dana@Sub.Acme.com") == "sub.acme.com")
        #expect(ContactsByAccount.emailDomain("no-at-sign") == nil)
        #expect(ContactsByAccount.isFreeMail("gmail.com"))
        #expect(!ContactsByAccount.isFreeMail("acme.com"))
    }

    @Test("A footer of short rows at the end is one note; a short row before a full one is rejected")
    func footers() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write(
            "f.csv", "id,name,employees\n1,A,5\n2,B\n3,C,7\n\nGrand Totals (3 records)\n\"Copyright (c) 2026, inc.\"\n")
        let (accounts, report) = try CRMImport.allAccounts(path: path)
        #expect(accounts.map(\.id) == ["1", "3"])
        #expect(report.rejected.map(\.line) == [3])
        #expect(
            report.notes == [
                "the last 2 lines (from line 6) have fewer fields than the header: read as a report footer and left out"
            ])
        #expect(report.description == "\(path): 3 read, 2 used, 1 rejected")
    }

    @Test("A totals row at the end is a footer; \"Summit Labs\" with only numbers beside it is an account")
    func totalsRows() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write(
            "t.csv",
            "Company name,Number of Employees,Annual Revenue\nSummit Labs,500,1200000\nTotal Security,40,\nAcme,60,\"$1.2M\"\nGrand Totals (3 records),600,\"2,400,000\"\n"
        )
        let (accounts, report) = try CRMImport.allAccounts(path: path)
        #expect(accounts.map(\.name) == ["Summit Labs", "Total Security", "Acme"])
        #expect(report.rejected == [])
        #expect(report.notes.contains("the last line (5) reads as totals: read as a report footer and left out"))
        #expect(report.description == "\(path): 3 read, 3 used, 0 rejected")  // a footer is not a row read
        // A totals row with rows after it is rejected, with why.
        let middle = try scratch.write("m.csv", "id,name,employees\n1,A,5\nTOTAL,,5\n2,B,7\n")
        let read = try CRMImport.allAccounts(path: middle)
        #expect(read.accounts.map(\.id) == ["1", "2"])
        #expect(
            read.report.rejected.map(\.description) == [
                "\(middle):3: reads as a totals row (its first cell says total, sum or count, and no other cell holds text)"
            ])
        // The words stand alone: "Summary" and "Counts" are not totals.
        for word in [
            "Summary", "Counts", "Totally", "Total Security", "sum", "Sum:", "count (3)", " total", "SUBTOTAL",
        ] {
            let cells = [Array(word.utf8), Array("12".utf8)]
            let expected = !["Summary", "Counts", "Totally", "Total Security"].contains(word)
            #expect(AccountColumns.isTotalsRow(count: 2, cell: { cells[$0] }) == expected, "\(word)")
        }
    }

    @Test("A profile's columns are read, validated and written back")
    func profileColumns() throws {
        let text = """
            {"name": "P", "columns": {"employees": "current employee estimate", "tier": ["Tier", "Account Tier"]},
             "fit": {"name": "fit", "lines": [{"name": "big", "points": 1, "criterion": {"kind": "employees", "atLeast": 5}}]}}
            """
        let profile = try ProfileFile.decode(text)
        #expect(profile.columns == ["employees": ["current employee estimate"], "tier": ["Tier", "Account Tier"]])
        let again = try ProfileFile.decode(try ProfileFile.encode(profile))
        #expect(again.columns == profile.columns)
        do {
            _ = try ProfileFile.decode(text.replacingOccurrences(of: "\"current employee estimate\"", with: "3"))
            Issue.record("a number as a header was accepted")
        } catch let e as ProfileFileError {
            #expect(e.message == "columns.employees: expected a header or a list of headers")
        }
    }
}
