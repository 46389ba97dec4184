import Foundation
import ICPCore
import ICPCriteria
import ICPDemo
import ICPFiles
import Testing

@Suite("Profile files")
struct ProfileFileTests {
    @Test("The example profile round-trips: same text, same scores")
    func roundTrip() throws {
        let profile = try ExampleProfile.securitySoftware()
        let text = try ProfileFile.encode(profile)
        let read = try ProfileFile.decode(text)
        #expect(try ProfileFile.encode(read) == text)
        let accounts = SampleAccounts.generate(count: 200, seed: 3)
        for a in accounts {
            #expect(read.score(a, asOf: Demo.asOf) == profile.score(a, asOf: Demo.asOf))
        }
        #expect(read.personas == profile.personas)
        #expect(read.lastReviewed == CalendarDay(2026, 9, 1))
    }

    /// The package root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("The shipped security-software profile is the example profile, tiers named as the seed names them")
    func shippedSecurityProfile() throws {
        let path = Self.root.appendingPathComponent("Examples/Profiles/security-software.json").path
        let shipped = try ProfileFile.load(path: path)
        #expect(try ProfileFile.encode(shipped) == ProfileFile.encode(ExampleProfile.securitySoftware()))
        #expect(shipped.fit.tiers.map(\.name) == ["Best fit", "Good fit", "Bad fit"])
        #expect(shipped.personas.map(\.name) == ["Security leader", "IT operations", "Procurement"])
    }
}

@Suite("Profile file errors")
struct ProfileFileErrorTests {
    static let minimal =
        #"{"name": "P", "fit": {"name": "fit", "lines": [{"criterion": {"kind": "employees", "atLeast": 200}, "points": 2}]}}"#

    @Test("A minimal profile reads with the defaults")
    func minimal() throws {
        let p = try ProfileFile.decode(Self.minimal)
        #expect(p.name == "P")
        #expect(p.version == "1")
        #expect(p.fit.lines.map(\.name) == ["employees at least 200"])
        #expect(p.fit.tiers.map(\.name) == ["Tier 1", "Tier 2", "Tier 3"])
        #expect(p.reviewInterval == .quarterly)
        #expect(p.engagement == nil)
    }

    @Test(
        "Each mistake names its place",
        arguments: [
            (#"{"name": "P"}"#, "the top level: missing \"fit\" (a rubric)"),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"criterion": {"kind": "employees", "atLeast": 1}, "points": 1}]}, "colour": 1}"#,
                "the top level: unknown key \"colour\"; expected one of \"name\", \"version\", \"description\", \"fit\", \"engagement\", \"matrix\", \"personas\", \"contactEngagement\", \"leadScoring\", \"lastReviewed\", \"reviewInterval\""
            ),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"criterion": {"kind": "employees", "atLeast": 1}}]}}"#,
                "fit.lines[0]: missing \"points\" (a number)"
            ),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"signal": {"kind": "employees"}}]}}"#,
                "fit.lines[0]: missing \"bands\" (an array of {\"atLeast\": n, \"points\": n}, or pointsUpTo)"
            ),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"signal": {"kind": "employees"}, "bands": [{"atLeast": 10, "pts": 3}]}]}}"#,
                "fit.lines[0].bands[0]: missing \"points\" (a number)"
            ),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"points": 3}]}}"#,
                "fit.lines[0]: a line needs \"criterion\" and \"points\", or \"signal\" and \"bands\" or \"pointsUpTo\""
            ),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"criterion": {"kind": "employees", "atLeast": 1}, "points": 1, "ifMissing": "skip"}]}}"#,
                "fit.lines[0].ifMissing: expected \"noPoints\", \"excludeFromMaximum\" or {\"fixedPoints\": n}"
            ),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"criterion": {"kind": "employees", "atLeast": 1}, "points": 1}], "tiers": [{"name": "A", "minimum": {"ratio": 0.5}}]}}"#,
                "fit: "
            ),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"criterion": {"kind": "employees", "atLeast": 1}, "points": 1}]}, "lastReviewed": "2026-02-30"}"#,
                "lastReviewed: expected a date like 2026-09-01, found \"2026-02-30\""
            ),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"criterion": {"kind": "employees", "atLeast": 1}, "points": 1}]}, "personas": [{"name": "X", "seniorities": ["boss"]}]}"#,
                "personas[0].seniorities[0]: expected one of \"c-level\", \"vp\", \"director\", \"manager\", \"individual-contributor\", found \"boss\""
            ),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"criterion": {"kind": "employees", "atLeast": 1}, "points": 1}]}, "matrix": {"priority": ["A1", "A1"]}}"#,
                "matrix.priority: matrix priority[1]: \"A1\" is listed twice"
            ),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"criterion": {"kind": "employees", "atLeast": 1}, "points": 1}]}, "reviewInterval": "weekly"}"#,
                "reviewInterval: expected \"monthly\", \"quarterly\", \"half-yearly\", \"yearly\" or {\"months\": n, \"days\": n}"
            ),
            (
                #"{"name": "P", "fit": {"name": "f", "lines": [{"criterion": {"kind": "employees", "atLeast": 1}, "points": 1}]}, "contactEngagement": {"name": "c", "lines": [{"criterion": {"kind": "employees", "atLeast": 1}, "points": 1}]}}"#,
                "contactEngagement.lines[0].criterion.kind: unknown kind \"employees\"; the known kinds are "
            ),
            (
                "{\"name\": \"P\",\n  \"fit\": {\"name\": \"f\" \"lines\": []}}",
                "line 2, column 23: expected ',' or '}'"
            ),
            (#"{"name": "P", "name": "Q"}"#, "line 1, column 15: the key \"name\" appears twice"),
        ] as [(String, String)])
    func mistakes(json: String, message: String) {
        do {
            _ = try ProfileFile.decode(json)
            Issue.record("decoded: \(json)")
        } catch let e as ProfileFileError {
            #expect(e.description.hasPrefix(message), "\(e.description)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("A locked line is written with \"locked\": true and read back locked")
    func locked() throws {
        let fit = try Rubric<Account>("fit") {
            Employees.atLeast(200).points(2).named("size").locked()
            Employees.count.within(50..<200).points(1).named("small")
        }
        let text = try ProfileFile.encode(Profile(name: "P", fit: fit))
        #expect(text.contains(#""locked": true"#))
        #expect(text.contains(#""atLeast": 50"#) && text.contains(#""lessThan": 200"#))
        let read = try ProfileFile.decode(text)
        #expect(read.fit.lines.map(\.isLocked) == [true, false])
        #expect(try ProfileFile.encode(read) == text)
        #expect(throws: ProfileFileError.self) {
            try ProfileFile.decode(text.replacingOccurrences(of: #""locked": true"#, with: #""locked": "yes""#))
        }
    }

    @Test("A criterion with no file form cannot be written, and the path says which")
    func unwritable() throws {
        let closure = NumberField<Account>("custom score") { a, _ in Double(a.employees ?? 0) }
        let fit = try Rubric<Account>("fit") {
            Employees.atLeast(10).points(1)
            closure.atLeast(5).points(1)
        }
        #expect(throws: ProfileFileError.self) { try ProfileFile.encode(Profile(name: "P", fit: fit)) }
        do {
            _ = try ProfileFile.encode(Profile(name: "P", fit: fit))
        } catch let e as ProfileFileError {
            #expect(e.description.hasPrefix("fit.lines[1].criterion: \"custom score at least 5\" has no file form"))
        }
    }
}

@Suite("JSON text")
struct JSONTextTests {
    @Test(
        "Values parse and write back",
        arguments: [
            #"{"a":[1,2.5,-3e2,true,false,null],"b":{"c":"x\"y\\z\n\u00e9😀"}}"#,
            #"[]"#, #"{}"#, #""""#, #"0"#, #"-0.5"#,
        ])
    func roundTrip(text: String) throws {
        let v = try JSONValue.parse(text)
        #expect(try JSONValue.parse(v.written(pretty: true)) == v)
        #expect(try JSONValue.parse(v.written(pretty: false)) == v)
    }

    @Test("Keys keep their order")
    func order() throws {
        let v = try JSONValue.parse(#"{"z": 1, "a": 2, "m": 3}"#)
        guard case .object(let o) = v else { return }
        #expect(o.keys == ["z", "a", "m"])
        #expect(v.written(pretty: false) == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test(
        "Syntax errors name the line and column",
        arguments: [
            ("{\"a\": 01}", "line 1, column 7: a number may not start with 0"),
            ("[1, 2", "line 1, column 6: unexpected end of text; expected ',' or ']'"),
            ("{\"a\": tru}", "line 1, column 7: expected a value"),
            ("\"abc", "line 1, column 5: unterminated string"),
            ("[1] x", "line 1, column 5: unexpected text after the JSON value"),
            ("{\n\n  \"a\" 1}", "line 3, column 7: expected ':' after the key"),
            ("\"\\ud800\"", "line 1, column 8: a lone surrogate in a \\u escape"),
            ("", "line 1, column 1: unexpected end of text; expected a value"),
        ] as [(String, String)])
    func syntax(text: String, message: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(text) }
        do { _ = try JSONValue.parse(text) } catch { #expect("\(error)" == message) }
    }
}

@Suite("The shipped lead-scoring profile")
struct LeadScoringProfileTests {
    static let path = ProfileFileTests.root.appendingPathComponent("Examples/Profiles/lead-scoring.json").path
    static let asOf = CalendarDay(2026, 11, 23)

    static func events(_ list: [(EventKind, Int, Int)]) -> EventLog {
        EventLog(list.map { EngagementEvent($0.0, on: asOf.adding(days: -$0.2), count: $0.1) })
    }

    @Test("Fit out of 10 and engagement out of 10, as the guide's table says")
    func scores() throws {
        let profile = try ProfileFile.load(path: Self.path)
        #expect(profile.fit.maximumPoints == 10)
        #expect(profile.engagement?.maximumPoints == 10)  // 3 + (1 + 3 capped at 3) + 2 + 2
        let hot = Account(
            id: "hot", name: "Hot", industry: "Software", annualRevenue: 12_000_000, country: "USA",
            attributes: ["budget": 50_000],
            events: Self.events([
                (.websiteVisit, 14, 2), (.emailOpen, 5, 3), (.emailClick, 1, 3), (.socialShare, 1, 9),
                (.socialComment, 1, 30),
            ]),
            referralsGiven: 2)
        let warm = Account(
            id: "warm", name: "Warm", industry: "Retail", annualRevenue: 80_000_000, country: "Canada",
            attributes: ["title_match": true, "budget": 25_000],
            events: Self.events([(.websiteVisit, 3, 5), (.emailOpen, 2, 6), (.emailClick, 1, 31)]), referralsGiven: 0)
        let h = profile.score(hot, asOf: Self.asOf)
        #expect(h.fit.total == 10)
        #expect(h.engagement?.total == 10)
        #expect(h.cell?.name == "A1")
        let w = profile.score(warm, asOf: Self.asOf)
        #expect(w.fit.total == 6)  // title 3 + area 1 + afford 2
        #expect(w.fit.isQualified)
        #expect(w.engagement?.total == 2)  // website low 1 + email open 1; the click is 31 days old
        #expect(w.cell?.name == "B3")
    }
}

@Suite("Fields a profile reads")
struct FieldsReadTests {
    @Test("The example profile reads its firmographics, technologies, funding date and two attributes")
    func example() throws {
        let read = try #require(FieldsRead(ExampleProfile.securitySoftware()))
        // Its industry line names industries and no code prefix, so the code column is not read.
        #expect(read.fields == [.industry, .country, .state, .employees, .technologies, .lastFundingDate])
        #expect(read.attributes == [NameKey("business_type"), NameKey("do_not_contact")])
    }

    @Test("Reading follows the conditions: codes only with prefixes, flags only where tested as flags")
    func conditions() throws {
        #expect(FieldsRead(Industry.code(prefix: "5112").condition!).fields == [.industryCode])
        #expect(FieldsRead(Industry.oneOf("Retail").condition!).fields == [.industry])
        #expect(FieldsRead(Location.in(.dach).condition!).fields == [.country, .state])
        #expect(FieldsRead(Trigger.headcountGrowth(atLeast: 0.2, overDays: 90).condition!).fields == [.employees])
        let seen: RecencyCriterion<Account> = Events.lastSeen(.formSubmit, withinDays: 14)
        #expect(FieldsRead(seen.condition!) == FieldsRead())
        let flags = FieldsRead((Attribute("dnc").isTrue || Attribute("tier").oneOf("A")).condition!)
        #expect(flags.attributes == [NameKey("dnc"), NameKey("tier")])
        #expect(flags.flags == [NameKey("dnc")])
    }

    @Test("A criterion without a condition means every column must be read")
    func closure() throws {
        let custom = NumberField<Account>("custom") { a, _ in Double(a.employees ?? 0) }
        let fit = try Rubric<Account>("fit") { custom.atLeast(1).points(1) }
        #expect(FieldsRead(Profile(name: "p", fit: fit)) == nil)
    }

    @Test("Columns a profile does not read are not parsed, so their cells cannot reject a row")
    func unreadColumns() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("a.csv", "id,name,employees,revenue\n1,A,300,lots\n2,B,many,5\n")
        let read = FieldsRead(fields: [.employees])
        var ids: [String] = []
        let report = try CRMImport.mapAccounts(path: path, reading: read, { $0.employees }) { id, _ in ids.append(id) }
        #expect(ids == ["1"])
        #expect(report.rejected.map(\.reason) == ["column \"employees\": \"many\" is not a count"])
    }
}
