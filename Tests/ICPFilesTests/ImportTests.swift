import Foundation
import ICPCore
import ICPFiles
import Testing

/// A temporary folder for one test's files.
struct Scratch {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("icp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

@Suite("Importing CRM exports")
struct ImportTests {
    static let hubspot = """
        Record ID,Company name,Company Domain Name,Industry,Number of Employees,Annual Revenue,Country/Region,State/Region,City,Year Founded,Lifecycle Stage,Tech Stack\r
        9001,"Acme Security, Inc.",acme.example,Security Software,201-500,"$12.5M",United States,California,San Jose,2009,customer,"Salesforce; Okta"\r
        9002,Nordic Shield,nordic.example,Computer & Network Security,"1,200",€3 000 000,Sweden,,Stockholm,2015,lead,\r

        """

    @Test("A HubSpot company export reads as it is; other columns become custom attributes")
    func hubspotExport() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("hubspot.csv", Self.hubspot)
        let (accounts, report) = try CRMImport.allAccounts(path: path)
        #expect(report.read == 2)
        #expect(report.used == 2)
        #expect(report.rejected.isEmpty)
        let acme = accounts[0]
        #expect(acme.id == "9001")
        #expect(acme.name == "Acme Security, Inc.")
        #expect(acme.domain == "acme.example")
        #expect(acme.employees == 351)
        #expect(acme.annualRevenue == 12_500_000)
        #expect(acme.countryCode == "US")
        #expect(acme.subdivisionCode == "US-CA")
        #expect(acme.city == "San Jose")
        #expect(acme.founded == 2009)
        #expect(acme.technologies == ["Salesforce", "Okta"])
        #expect(acme.attributes["lifecycle stage"] == .text("customer"))
        #expect(accounts[1].employees == 1_200)
        #expect(accounts[1].annualRevenue == 3_000_000)
        #expect(accounts[1].countryCode == "SE")
        #expect(accounts[1].state == nil)
        #expect(accounts[1].technologies.isEmpty)
    }

    @Test("A Salesforce Account export reads as it is")
    func salesforceExport() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write(
            "sf.csv",
            """
            Id,Name,Industry,NumberOfEmployees,AnnualRevenue,BillingCountry,BillingState,BillingCity,Rating
            001A,Maple Distribution,IT Services,450,45000000,CA,ON,Toronto,Hot
            001B,Monterrey Seguridad,Security Software,640,,MX,,Monterrey,Warm
            """)
        let (accounts, report) = try CRMImport.allAccounts(path: path)
        #expect(report.used == 2)
        #expect(accounts.map(\.id) == ["001A", "001B"])
        #expect(accounts[0].subdivisionCode == "CA-ON")
        #expect(accounts[0].annualRevenue == 45_000_000)
        #expect(accounts[1].annualRevenue == nil)
        #expect(accounts[1].countryCode == "MX")
        #expect(accounts[0].attributes["rating"] == .text("Hot"))
    }

    @Test("Canonical headers, qualitative columns and folded custom attributes")
    func canonical() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write(
            "canonical.csv",
            """
            id,name,employees,revenue,country,technologies,nps,sentiment,referrals,advocacy,prominent_brand,pain_points,Business Type,do_not_contact,Renewal Date
            a1,A One,50,1.2M,DE,AWS|Okta,9,0.5,2,case study; review,yes,alert fatigue; phishing,manufacturer,no,2027-02-01
            """)
        let (accounts, _) = try CRMImport.allAccounts(path: path)
        let a = try #require(accounts.first)
        #expect(a.nps == 9)
        #expect(a.sentiment == 0.5)
        #expect(a.referralsGiven == 2)
        #expect(a.advocacy == [.caseStudy, .review])
        #expect(a.isProminentBrand == true)
        #expect(a.painPoints == ["alert fatigue", "phishing"])
        #expect(a.attributes["business_type"] == .text("manufacturer"))
        #expect(a.attributes["do-not-contact"] == .flag(false))
        #expect(a.attributes["renewal date"] == .date(CalendarDay(2027, 2, 1).date))
    }

    @Test("Rows with the same attribute columns filled share one array of attribute names")
    func sharedAttributeNames() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write(
            "attributes.csv",
            """
            id,name,Business Type,budget,region
            a1,A,manufacturer,100,north
            a2,B,distributor,200,south
            a3,C,,300,east
            a4,D,reseller,400,west
            a5,E,,500,
            """)
        let (accounts, _) = try CRMImport.allAccounts(path: path)
        let names = accounts.map { $0.attributes.names }
        let addresses = names.map { $0.withUnsafeBufferPointer(\.baseAddress) }
        #expect(names.map(\.count) == [3, 3, 2, 3, 1])
        #expect(addresses[0] == addresses[1] && addresses[1] == addresses[3])
        #expect(addresses[2] != addresses[0] && addresses[4] != addresses[2])
        #expect(
            accounts.map { $0.attributes["business_type"] } == ["manufacturer", "distributor", nil, "reseller", nil])
        #expect(accounts.map { $0.attributes["budget"] } == [100, 200, 300, 400, 500])
    }

    @Test("Bad rows are reported with file, line and reason; good rows are still read")
    func badRows() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write(
            "bad.csv",
            """
            id,name,employees,revenue,founded,nps
            1,Good,10,100,2001,7
            2,Bad employees,many,100,2001,7
            ,No id,10,100,2001,7
            4,Short row,10
            1,Duplicate,10,100,2001,7
            6,Negative revenue,10,-5,2001,7
            7,Odd year,10,100,20011,7
            8,NPS out of range,10,100,2001,12
            9,"Broken "quote",10,100,2001,7
            10,Also good,,,,

            """)
        let (accounts, report) = try CRMImport.allAccounts(path: path)
        // A blank id is no reason to lose a row: it is named by its line.
        #expect(accounts.map(\.id) == ["1", "line 4", "10"])
        #expect(report.read == 10)
        #expect(report.used == 3)
        #expect(report.notes == ["1 row has a blank id (column \"id\") and is named by the line, as \"line 4\""])
        #expect(
            report.rejected.map(\.description) == [
                "\(path):3: column \"employees\": \"many\" is not a count",
                "\(path):5: has 3 fields, the header has 6",
                "\(path):6: the id \"1\" is already used on line 2",
                "\(path):7: column \"revenue\": \"-5\" is negative",
                "\(path):8: column \"founded\": \"20011\" is not a year",
                "\(path):9: column \"nps\": \"12\" is not an NPS answer 0–10",
                "\(path):10: text after the closing quote of field 2",
            ])
        #expect(report.description == "\(path): 10 read, 3 used, 7 rejected")
        #expect(throws: RowError.self) { try CRMImport.allAccounts(path: path, strict: true) }
    }

    @Test("Header problems name the file and the columns")
    func headers() throws {
        // No id column is no error: rows are named by their line.
        let noID = try AccountColumns(header: ["Name", "Employees"], file: "x.csv")
        #expect(noID.idIndex == nil)
        #expect(try noID.account(from: CSVRecord(fields: ["Acme", "5"], line: 7)).get().id == "line 7")
        #expect(throws: HeaderError.self) { try AccountColumns(header: ["id", "Name", "Company name"], file: "x.csv") }
        do {
            _ = try AccountColumns(header: ["id", "Name", "Company name"], file: "x.csv")
        } catch let e as HeaderError {
            #expect(
                e.description
                    == "x.csv: columns 2 (\"Name\") and 3 (\"Company name\") both read as name; rename one or choose one with --map"
            )
        }
        // Two headers that fold to one attribute clash like two fields.
        do {
            _ = try AccountColumns(header: ["id", "Tier", "tier "], file: "x.csv")
            Issue.record("expected a clash")
        } catch let e as HeaderError {
            #expect(
                e.description
                    == "x.csv: columns 2 (\"Tier\") and 3 (\"tier \") both read as the attribute \"Tier\"; rename one or choose one with --map"
            )
        }
        let picked = try AccountColumns(
            header: ["Record ID", "Account Number", "Name"], file: "x.csv", idColumn: "account number")
        #expect(picked.targets == [.attribute("Record ID"), .field(.id), .field(.name)])
        #expect(throws: HeaderError.self) { try AccountColumns(header: ["id"], file: "x.csv", idColumn: "nope") }
        let scratch = try Scratch()
        defer { scratch.remove() }
        let empty = try scratch.write("empty.csv", "")
        #expect(throws: HeaderError.self) { try CRMImport.allAccounts(path: empty) }
    }

    @Test("Events and contacts files attach to their accounts and contacts")
    func eventsAndContacts() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let events = try scratch.write(
            "events.csv",
            """
            account_id,contact_id,type,date,count,value,channel,topic
            a1,,website visit,2026-11-20,3,,organic,
            a1,c1,Email Click,2026-11-21T09:00:00Z,,,newsletter,
            a1,,intent topic,2026-11-19,,,,zero trust
            a2,,webinar,not a date,,,,
            a1,,page view,2026-11-20,-2,,,
            """)
        let contacts = try scratch.write(
            "contacts.csv",
            """
            Account ID,Contact ID,First Name,Last Name,Job Title,Seniority,Department,Email
            a1,c1,Dana,Reyes,Head of IT Security,,Security,dana@a1.example
            a1,c2,,,Procurement Lead,Manager,,buyer@a1.example
            a2,c3,Lee,Park,CFO,Boss,,lee@a2.example
            """)
        let accounts = try scratch.write("accounts.csv", "id,name\na1,A One\na2,A Two\n")
        let owned = try CRMImport.events(path: events)
        #expect(owned.report.used == 3)
        #expect(
            owned.report.rejected.map(\.reason) == [
                "column \"date\": \"not a date\" is not a date like 2026-11-20 or 2026-11-20T10:30:00Z",
                "column \"count\": \"-2\" is negative; a count is 0 or more",
            ])
        let people = try CRMImport.contacts(path: contacts, events: owned.byContact)
        #expect(
            people.report.rejected.map(\.reason) == [
                "column \"Seniority\": \"Boss\" is not a seniority: C-level, VP, director, manager or individual contributor"
            ])
        let c1 = try #require(people.byAccount["a1"]?.first)
        #expect(c1.name == "Dana Reyes")
        #expect(c1.events.map(\.kind) == [.emailClick])
        #expect(people.byAccount["a1"]?.last?.name == "buyer@a1.example")
        #expect(people.byAccount["a1"]?.last?.seniority == .manager)
        let (read, _) = try CRMImport.allAccounts(path: accounts, events: owned.byAccount)
        #expect(read[0].events.map(\.kind) == [.intentTopic, .websiteVisit, .emailClick])  // the contact's too
        #expect(read[0].events[1].count == 3)
        #expect(read[0].events.first?.detail == "zero trust")
        #expect(read[1].events.isEmpty)
    }
}

@Suite("Parallel import")
struct ParallelImportTests {
    @Test(
        "mapAccounts gives the same accounts in file order on any number of threads, across batches",
        arguments: [1, 2, 3])
    func order(threads: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var text = "id,name,employees,country\n"
        for i in 0..<20_000 {
            let id = i == 17_000 ? "5" : String(i)  // a repeated id in the second batch
            let employees = i == 12_345 ? "many" : String(i % 900)
            text += "\(id),Name \(i),\(employees),\(["US", "Germany", "Canada"][i % 3])\n"
        }
        let path = try scratch.write("many.csv", text)
        var ids: [String] = []
        var sizes: [Int?] = []
        let report = try CRMImport.mapAccounts(path: path, threads: threads, { ($0.employees, $0.countryCode) }) {
            id, value in
            ids.append(id)
            sizes.append(value.0)
        }
        #expect(report.read == 20_000)
        #expect(report.used == 19_998)
        #expect(report.rejected.map(\.line) == [12_347, 17_002])
        #expect(report.rejected.last?.reason == "the id \"5\" is already used on line 7")
        let serial = try CRMImport.allAccounts(path: path)
        #expect(ids == serial.accounts.map(\.id))
        #expect(sizes == serial.accounts.map(\.employees))
        #expect(throws: RowError.self) { try CRMImport.mapAccounts(path: path, strict: true, { $0.id }) { _, _ in } }
    }
}
