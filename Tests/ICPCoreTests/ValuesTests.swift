import ICPCore
import Testing

@Suite("Values: days, names, formats, geography, accounts, profiles")
struct ValuesTests {
    @Test(
        "Calendar days parse, print and do arithmetic without a time zone",
        arguments: [
            ("2026-11-23", 20_780), ("1970-01-01", 0), ("2000-02-29", 11_016), ("1969-12-31", -1),
        ])
    func calendarDays(text: String, days: Int) throws {
        let day = try CalendarDay(parsing: text)
        #expect(day.daysSinceEpoch == days)
        #expect(day.description == text)
        #expect(CalendarDay(daysSinceEpoch: days) == day)
        #expect(CalendarDay(day.date) == day)
    }

    @Test(
        "Bad dates are refused, naming the text",
        arguments: ["2026-02-30", "2026-13-01", "26-1-1", "", "2026/11/23", "2026-11-2x"])
    func badDates(text: String) {
        #expect(throws: CalendarDayError(text: text)) { try CalendarDay(parsing: text) }
        #expect(CalendarDayError(text: text).description == "\"\(text)\" is not a date in the form YYYY-MM-DD")
    }

    @Test("Adding months clamps to the month's end")
    func addingMonths() {
        #expect(CalendarDay(2026, 1, 31).adding(months: 1) == CalendarDay(2026, 2, 28))
        #expect(CalendarDay(2024, 1, 31).adding(months: 1) == CalendarDay(2024, 2, 29))
        #expect(CalendarDay(2026, 11, 23).adding(months: 3) == CalendarDay(2027, 2, 23))
        #expect(CalendarDay(2026, 3, 15).adding(months: -3) == CalendarDay(2025, 12, 15))
        #expect(CalendarDay(2026, 11, 23).wholeYears(since: CalendarDay(2016, 11, 24)) == 9)
        #expect(CalendarDay(2026, 11, 23).wholeYears(since: CalendarDay(2016, 11, 23)) == 10)
    }

    @Test(
        "Names fold case, spaces, underscores and hyphens",
        arguments: [
            ("Business Type", "business_type"), ("  BUSINESS-type ", "business_type"),
            ("business__type", "business_type"),
            ("MRR", "mrr"), ("Über Größe", "über_größe"), ("", ""),
        ])
    func nameKeys(name: String, folded: String) {
        #expect(NameKey(name).folded == folded)
    }

    @Test("ASCII names fold byte by byte as they fold scalar by scalar")
    func asciiNameKeys() {
        let cases = [
            "Business Type", "  BUSINESS-type ", "business__type", "MRR", "", " ", "_-_", "a", "A-", "-a",
            "Annual Revenue (USD)", "Zoom;Slack", "x\ty\nz\r\n", "AZaz@[`{09", "Series B ", "__init__",
            "Record ID", "CamelCaseHeader", "line 10", "~!#$%^&*()+=",
        ]
        for name in cases {
            #expect(NameKey.foldASCII(name) == NameKey.foldScalars(name), "\(name)")
            #expect(NameKey(name).folded == NameKey.foldScalars(name))
        }
        // Every ASCII byte, between letters and at either end.
        for b in UInt8(0)..<0x80 {
            let c = String(decoding: [b], as: UTF8.self)
            for name in [c, "Ab\(c)Cd", "\(c)\(c)x", "x\(c)"] {
                #expect(NameKey.foldASCII(name) == NameKey.foldScalars(name), "byte \(b)")
            }
        }
        #expect(NameKey.foldASCII("Über Größe") == nil)
        #expect(NameKey.foldASCII("a\u{00A0}b") == nil)
        #expect(NameKey("a\u{00A0}b").folded == "a_b")
        #expect(NameKey.foldASCII(" Series-B ") == "series_b")
    }

    @Test(
        "A blank or missing name folds to nothing",
        arguments: [
            (String?.none, String?.none), ("", nil), ("  _-  ", nil), (" Series-B ", "series_b"),
        ])
    func nonBlankKeys(name: String?, folded: String?) {
        #expect(NameKey(nonBlank: name)?.folded == folded)
    }

    @Test(
        "Values format without a locale",
        arguments: [
            (ValueFormat.count, 2_000.0, "2,000"), (.count, 1_234_567, "1,234,567"), (.count, 12.5, "12.5"),
            (.count, -1_500, "-1,500"), (.count, 0.004, "0"), (.money, 950_000, "$950k"),
            (.money, 12_500_000, "$12.5M"),
            (.money, 2_000_000_000, "$2B"), (.money, 999.5, "$999.5"), (.money, 999_999, "$1M"), (.year, 2015, "2015"),
            (.years, 1, "1 year"), (.years, 12, "12 years"), (.percent, 0.8, "80%"), (.percent, 0.8571, "85.7%"),
            (.days, 30, "30 days"), (.count, .nan, "NaN"), (.count, .infinity, "infinity"),
        ])
    func formats(format: ValueFormat, value: Double, text: String) {
        #expect(format.format(value) == text)
    }

    @Test(
        "Decimals: rounded half away from zero, trailing zeros and negative zero dropped, grouped on request",
        arguments: [
            (Double(7) / 11, false, 4, "0.6364"), (0.00006, false, 4, "0.0001"), (0.00004, false, 4, "0"),
            (-0.00004, false, 4, "0"), (-2.5, false, 0, "-3"), (2.25, false, 4, "2.25"), (1.5, false, 2, "1.5"),
            (1_234_567.125, true, 2, "1,234,567.13"), (999.9996, true, 3, "1,000"), (-1_000, true, 2, "-1,000"),
            (123_456_789_012.5, false, 1, "123456789012.5"), (1e16, false, 2, "1e+16"), (0.1 + 0.2, false, 6, "0.3"),
            (3.000_004, false, 9, "3.000004"), (-Double.infinity, false, 2, "-infinity"),
        ])
    func decimals(value: Double, grouped: Bool, digits: Int, text: String) {
        #expect(ValueFormat.decimal(value, grouped: grouped, maxFractionDigits: digits) == text)
        var bytes: [UInt8] = [0x3E]
        ValueFormat.appendDecimal(value, grouped: grouped, maxFractionDigits: digits, to: &bytes)
        #expect(bytes == [0x3E] + Array(text.utf8))
    }

    @Test(
        "Countries resolve by alpha-2, alpha-3 and common names",
        arguments: [
            ("US", "US"), ("usa", "US"), ("U.S.", "US"), ("U.S.A.", "US"), ("United States", "US"),
            ("United States of America", "US"), ("america", "US"), ("UK", "GB"), ("Great Britain", "GB"), ("GBR", "GB"),
            ("Deutschland", "DE"), ("germany", "DE"), ("Mexico", "MX"), ("México", "MX"), ("CAN", "CA"),
            ("Canada", "CA"),
            ("South Korea", "KR"), ("Korea, Republic of", "KR"), ("Czech Republic", "CZ"), ("Türkiye", "TR"),
            ("Turkey", "TR"),
            ("Viet Nam", "VN"), ("Ivory Coast", "CI"), ("UAE", "AE"),
        ])
    func countries(text: String, alpha2: String) {
        #expect(Geography.country(named: text)?.alpha2 == alpha2)
    }

    @Test("Unknown places resolve to nothing", arguments: ["Narnia", "", "XX", "North America"])
    func unknownCountries(text: String) {
        #expect(Geography.country(named: text) == nil)
    }

    @Test("The table holds every ISO 3166-1 country and the US and Canadian subdivisions")
    func tableSizes() {
        #expect(Geography.countries.count == 249)
        #expect(Geography.subdivisions.filter { $0.country == "US" && $0.kind == "State" }.count == 50)
        #expect(Geography.subdivisions.filter { $0.country == "CA" }.count == 13)
        #expect(Geography.subdivision(named: "Ontario", in: "CA")?.code == "CA-ON")
        #expect(Geography.subdivision(named: "tx", in: "US")?.name == "Texas")
        #expect(Geography.subdivision(named: "QC", in: "CA")?.name == "Quebec")
        #expect(Geography.subdivision(named: "Ontario", in: "US") == nil)
    }

    @Test("An account normalises country, state and technologies when they are set")
    func accountNormalises() {
        var a = Account(
            id: "1", name: "A", country: "U.S.", state: "california", technologies: ["Sales Cloud", " OKTA "])
        #expect(a.countryCode == "US")
        #expect(a.subdivisionCode == "US-CA")
        #expect(a.technologyKeys == [NameKey("sales cloud"), NameKey("okta")])
        a.country = "Canada"
        #expect(a.countryCode == "CA")
        #expect(a.subdivisionCode == nil)
        a.state = "British Columbia"
        #expect(a.subdivisionCode == "CA-BC")
        a.country = "Atlantis"
        #expect(a.countryCode == nil)
        a.technologies = []
        #expect(a.technologyKeys.isEmpty)
        a.industry = "Security  Software"
        #expect(a.industryKey == NameKey("security_software"))
        a.industry = "   "
        #expect(a.industryKey == nil)
        a.stage = "Series-B"
        #expect(a.stageKey == NameKey("series b"))
        #expect(Account(id: "2", name: "B", industry: "Retail", stage: "Public").industryKey == NameKey("retail"))
    }

    @Test("Custom attribute names match folded; the first spelling is kept")
    func customAttributes() {
        var attributes: CustomAttributes = [
            "Business Type": "manufacturer", "MRR": 12_000, "certs": ["SOC 2"], "dnc": true,
        ]
        #expect(attributes["business_type"] == .text("manufacturer"))
        #expect(attributes["BUSINESS-TYPE"] == .text("manufacturer"))
        #expect(attributes["mrr"] == .number(12_000))
        attributes["business_type"] = "distributor"
        #expect(attributes.entry(NameKey("Business Type"))?.name == "Business Type")
        #expect(attributes.entry(NameKey("Business Type"))?.textKey == NameKey("distributor"))
        #expect(attributes.entry(NameKey("certs"))?.listKeys == [NameKey("soc 2")])
        #expect(attributes.entry(NameKey("certs"))?.textKey == nil)
        attributes["mrr"] = nil
        #expect(attributes.count == 3)
        #expect(attributes.map(\.name) == ["Business Type", "certs", "dnc"])
        #expect(attributes["certs"]?.description == "SOC 2")
        #expect(attributes["dnc"]?.description == "yes")
    }

    @Test(
        "A profile's review falls due after its interval",
        arguments: [
            (CalendarDay(2026, 11, 30), false), (CalendarDay(2026, 12, 1), true), (CalendarDay(2027, 1, 5), true),
        ])
    func reviewDue(day: CalendarDay, due: Bool) throws {
        let fit = try Rubric<FactSheet>("fit") { fact("a").points(1) }
        let profile = Profile(name: "P", fit: fit, lastReviewed: CalendarDay(2026, 9, 1), reviewInterval: .quarterly)
        #expect(profile.nextReview == CalendarDay(2026, 12, 1))
        #expect(profile.isReviewDue(asOf: day) == due)
        let never = Profile(name: "P", fit: fit)
        #expect(never.isReviewDue(asOf: day))
        #expect(ReviewInterval(months: 1, days: 15).description == "1 month 15 days")
    }

    @Test("A profile scores fit and engagement separately")
    func profileScores() throws {
        let fit = try Rubric<FactSheet>("fit") { fact("a").points(2) }
        let engagement = try Rubric<FactSheet>("engagement") {
            Measure(key: "visits").bands(.atLeast(3, points: 3), .atLeast(1, points: 1))
        }
        let profile = Profile(name: "P", fit: fit, engagement: engagement)
        let s = profile.score(FactSheet("l", ["a": 1, "visits": 2]), asOf: asOf)
        #expect(s.fit.total == 2)
        #expect(s.engagement?.total == 1)
        #expect(s.engagement?.tier == "Tier 3")
    }

    @Test("Evaluations clamp degrees, turn NaN into unknown, and negate by swapping sentences")
    func evaluations() {
        let over = Evaluation.known(1.5, evidence: [], met: "m", unmet: "u")
        #expect(over.degree == 1)
        let nan = Evaluation.known(Double.nan, evidence: [Observation("x", "?")], met: "m", unmet: "u")
        #expect(nan.degree == nil)
        #expect(nan.missingFields == ["x"])
        let e = Evaluation.known(0.25, evidence: [], met: "met", unmet: "unmet")
        #expect(e.sentence == "unmet")
        #expect(e.negated.degree == 0.75)
        // "not c" holds, and the reason is c's unmet sentence.
        #expect(e.negated.metSentence == "unmet")
        #expect(e.negated.unmetSentence == "met")
        #expect(e.negated.sentence == "unmet")
        #expect(e.negated.negated == e)
    }
}
