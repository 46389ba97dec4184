import ICPCore
import ICPCriteria
import ICPOutcomes
import ICPTesting
import Testing

@testable import ICPReports

/// The page as a whole: well-formed, self-contained, and saying what the
/// values say.
@Suite("The HTML report")
struct ReportTests {
    static let day = CalendarDay(2026, 11, 23)

    static func profile() throws -> Profile<Account> {
        let fit = try Rubric<Account>(
            "Fit <security>", threshold: .points(2),
            tiers: [
                Tier("Best fit", requires: try Location.in(.country("US")) && Employees.moreThan(500)),
                Tier("Good fit", minimum: .ratio(0.5)), Tier("Bad fit"),
            ]
        ) {
            try Location.in(.country("US")).points(1).named("US-based")
            Employees.moreThan(500).points(2).named("over 500 employees")
            Employees.lessThan(50).points(-1).named("tiny")
            Attribute("do_not_contact").isTrue.disqualifies(because: "marked \"do not contact\"")
        }
        return Profile(
            name: "R&D tools", summary: "Makers of <developer> tools.", fit: fit,
            personas: [
                Persona(
                    name: "Head of Engineering", titles: ["VP Engineering", "CTO"], goals: ["Ship faster"],
                    painPoints: ["slow builds"], objections: ["migration"], isRequired: true)
            ], lastReviewed: CalendarDay(2026, 6, 1))
    }

    @Test("Fit levels are said in the words of the lines that test the same thing")
    func levels() throws {
        let sheet = RubricSheet(try Self.profile().fit)
        #expect(sheet.levels.map(\.name) == ["Best fit", "Good fit", "Bad fit"])
        #expect(sheet.levels.map(\.words) == ["US-based, over 500 employees", "at least 50% (1.5 of 3 points)", ""])
        #expect(sheet.lines.map(\.reads) == [["country", "state"], ["employees"], ["employees"]])
        #expect(sheet.disqualifiers == ["marked \"do not contact\""])
        #expect(sheet.maximumPoints == 3)
    }

    @Test("A full report is well-formed, self-contained and holds every section")
    func full() throws {
        let profile = try Self.profile()
        let accounts = Fixtures.varied(count: 800, seed: 21)
        let context = EvaluationContext(asOf: Self.day)
        // Outcomes that follow the fit, with noise from a seeded generator.
        var generator = SeededGenerator(seed: 4)
        let outcomes = accounts.map { a in
            let points = profile.fit.summary(a, in: context).total
            return Outcome(won: Double.random(in: 0..<1, using: &generator) < 0.15 + 0.15 * points)
        }
        let validation = try Validation.run(
            profile.fit, accounts: accounts, outcomes: outcomes, asOf: Self.day, bootstrap: Bootstrap(resamples: 100))
        let drift = try Drift.compare(
            reference: Fixtures.varied(count: 500, seed: 22), current: accounts, profile: profile, asOf: Self.day)
        let sheet = AccountsSheet(profile: profile, accounts: accounts, asOf: Self.day)
        let report = ICPReport(
            profile: ProfileSheet(profile), asOf: Self.day, accounts: sheet, validation: validation,
            outcome: "won", drift: drift, sources: ["a&b.csv"])
        let html = report.html()
        let counts = try WellFormedMarkup.check(html)
        // Tier mix, win rate, gains, ROC, scores, calibration, PSI, tiers then and now.
        #expect(counts["svg"] == 8)
        #expect(counts["title"] == 9)  // the page's and one per chart
        #expect(counts["figure"] == 8)
        #expect(counts["script"] == nil && counts["img"] == nil && counts["link"] == nil)
        #expect(!html.contains("https://") && !html.contains("src="))
        // Every chart's ids are its own.
        for id in ["tier-mix", "win-rate", "gains", "roc", "distribution", "calibration", "psi", "tiers-then-now"] {
            let marker = "id=\"\(id)-title\""
            #expect(html.split(separator: marker, omittingEmptySubsequences: false).count == 2, "\(id)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" />"))
        #expect(html.contains("<h1>R&amp;D tools</h1>"))
        #expect(html.contains("Makers of &lt;developer&gt; tools."))
        #expect(html.contains("<dt>Best fit</dt><dd>US-based, over 500 employees</dd>"))
        #expect(html.contains("review overdue since 2026-09-01"))
        #expect(html.contains(ICPReport.headline(validation)))
        #expect(html.contains("from a&amp;b.csv."))
        // The tier mix counts every account.
        #expect(sheet.count == 800)
        #expect(sheet.tally.rubrics[0].tiers.reduce(0, +) == 800)
        #expect(sheet.top.count == 10)
        #expect(sheet.top.first?.tier == "Best fit")
        let points = sheet.top.map(\.points)
        #expect(points == points.sorted(by: >))
    }

    @Test("Without accounts, outcomes or drift the page is the profile alone")
    func profileOnly() throws {
        let html = ICPReport(profile: ProfileSheet(try Self.profile()), asOf: Self.day).html()
        let counts = try WellFormedMarkup.check(html)
        #expect(counts["svg"] == nil)
        #expect(counts["section"] == 1)
        #expect(!html.contains("Evidence"))
        #expect(html.contains("<b>Knocked out, whatever the points: </b>marked &quot;do not contact&quot;."))
    }

    @Test("The ROC curve and the score bins agree with the counts")
    func rocAndBins() throws {
        let scores: [Double] = [3, 3, 2, 1, 1, 0]
        let labels = [true, false, true, false, true, false]
        let roc = Statistics.roc(scores: scores, labels: labels)
        let third: Double = 1.0 / 3
        let twoThirds: Double = 2.0 / 3
        let tpr: [Double] = [0, third, twoThirds, 1, 1]
        let fpr: [Double] = [0, third, third, twoThirds, 1]
        #expect(roc.map(\.truePositiveRate) == tpr)
        #expect(roc.map(\.falsePositiveRate) == fpr)
        // The trapezoids under the curve are the AUC.
        var area = 0.0
        for (a, b) in zip(roc, roc.dropFirst()) {
            area += (b.falsePositiveRate - a.falsePositiveRate) * (a.truePositiveRate + b.truePositiveRate) / 2
        }
        #expect(abs(area - (Statistics.auc(scores: scores, labels: labels) ?? 0)) < 1e-12)
        let bins = Statistics.distribution(scores: scores, labels: labels)
        #expect(bins.map(\.lower) == [0, 1, 2, 3])
        #expect(bins.map(\.positives) == [0, 1, 1, 1])
        #expect(bins.map(\.negatives) == [1, 1, 0, 1])
        let wide = Statistics.distribution(
            scores: (0..<100).map(Double.init), labels: (0..<100).map { $0 % 3 == 0 }, bins: 4)
        #expect(wide.map(\.lower) == [0, 24.75, 49.5, 74.25])
        #expect(wide.map { $0.positives + $0.negatives } == [25, 25, 25, 25])
    }

    @Test("The strict check finds what a browser would forgive")
    func strictness() {
        for bad in [
            "<p><b>x</p></b>", "<p>a & b</p>", "<img src=x />", "<p a=\"1\" a=\"2\"></p>", "<p>x", "<p>1 < 2</p>",
            "<p>&nbsp;</p>", "<p></p><p></p>",
        ] {
            #expect(throws: WellFormedMarkup.Problem.self, "\(bad)") { try WellFormedMarkup.check(bad) }
        }
        #expect(
            (try? WellFormedMarkup.check("<!DOCTYPE html>\n<p class=\"a\">x &amp; y<br /></p>\n")) == ["p": 1, "br": 1])
    }
}
