import ICPCore
import ICPOutcomes

/// The one-page ICP and its evidence as one self-contained HTML page:
/// inline CSS and SVG charts, no script, font or image from elsewhere;
/// it reads on a screen and prints on A4 and Letter.
///
/// The first page is the profile: what each fit level takes, the rubric,
/// knock-outs, personas and the engagement rubric in brief; with
/// accounts, the tier mix and the best ten with their reasons. With a
/// validation, the evidence follows (win rate by tier, cumulative gains,
/// ROC, scores of wins and losses, calibration, the lines' verdicts); with
/// a drift comparison, the drift (PSI by field, the score's PSI, the tier
/// mix then and now). Every chart has its numbers in a table beside it.
///
/// ```swift
/// let report = ICPReport(
///     profile: ProfileSheet(profile), asOf: CalendarDay(2026, 11, 30),
///     accounts: AccountsSheet(profile: profile, accounts: accounts, asOf: day),
///     validation: try Validation.run(profile.fit, accounts: history, outcomes: outcomes, asOf: day))
/// let html = report.html()
/// ```
public struct ICPReport: Sendable {
    /// The profile.
    public var profile: ProfileSheet
    /// The day the report is as of (scores, review due).
    public var asOf: CalendarDay
    /// The accounts scored, if any.
    public var accounts: AccountsSheet?
    /// The validation against outcomes, if any.
    public var validation: ValidationReport?
    /// What counted as a win in the validation (`won = true`).
    public var outcome: String?
    /// The drift from a reference data set, if any.
    public var drift: DriftReport?
    /// Where the numbers came from (file names), for the page's foot.
    public var sources: [String]
    /// Cautions shown under the evidence's verdict (outcomes that are the
    /// profile's own training data, say).
    public var cautions: [String] = []

    /// How `icp learn` begins the summary of a profile it writes, before
    /// the file's name: a report on outcomes from that file is in-sample.
    public static let learnedFrom = "Learned by icp learn from"

    /// The caution for outcomes read from the file a profile was learned
    /// from, when its summary says so; `nil` otherwise.
    public static func inSampleCaution(summary: String, outcomesFile: String) -> String? {
        guard summary.hasPrefix(learnedFrom + " " + outcomesFile + " ") else { return nil }
        return
            "These outcomes are the file the profile was learned from (\(outcomesFile)): the evidence is in-sample and flatters the profile. Judge it by learn's holdout AUC, or validate on deals closed since."
    }

    /// Creates a report.
    public init(
        profile: ProfileSheet, asOf: CalendarDay, accounts: AccountsSheet? = nil, validation: ValidationReport? = nil,
        outcome: String? = nil, drift: DriftReport? = nil, sources: [String] = []
    ) {
        self.profile = profile
        self.asOf = asOf
        self.accounts = accounts
        self.validation = validation
        self.outcome = outcome
        self.drift = drift
        self.sources = sources
    }

    /// The page.
    public func html() -> String {
        var page = Markup()
        page.raw("<!DOCTYPE html>\n")
        page.open("html", [("lang", "en")])
        page.open("head")
        page.empty("meta", [("charset", "utf-8")])
        page.empty("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")])
        page.element("title", "\(profile.name): ideal customer profile")
        page.open("style")
        page.raw(Self.css)
        page.close()
        page.close()
        page.open("body")
        page.open("main")
        profileSection(&page)
        if let validation { evidenceSection(validation, &page) }
        if let drift { driftSection(drift, &page) }
        page.open("footer")
        var foot = "Made by icp report as of \(asOf)"
        if !sources.isEmpty { foot += " from " + sources.joined(separator: ", ") }
        page.element("p", foot + ".")
        page.close()
        return page.finish() + "\n"
    }

    // MARK: The one-page ICP

    private func profileSection(_ page: inout Markup) {
        page.open("section", [("class", "profile")])
        page.open("header")
        page.element("h1", profile.name)
        if !profile.summary.isEmpty { page.element("p", [("class", "summary")], profile.summary) }
        page.open("p", [("class", "meta")])
        var meta = ["Version \(profile.version)"]
        if let last = profile.lastReviewed {
            meta.append("last reviewed \(last)")
        } else {
            meta.append("never reviewed")
        }
        page.add(meta.joined(separator: " · ") + " · ")
        if let next = profile.nextReview {
            if next <= asOf {
                page.element("strong", [("class", "due")], "review overdue since \(next)")
            } else {
                page.add("next review due \(next)")
            }
        } else {
            page.element("strong", [("class", "due")], "review due now")
        }
        page.add(" (every \(profile.reviewInterval)) · as of \(asOf)")
        page.close()
        page.close()

        page.element("h2", "Fit levels")
        page.open("dl", [("class", "levels")])
        for level in profile.fit.levels {
            page.element("dt", level.name)
            page.element("dd", level.words.isEmpty ? "every other account" : level.words)
        }
        page.close()

        page.element("h2", "The fit rubric: \(profile.fit.name)")
        rubricTable(profile.fit, tally: accounts.flatMap { $0.tally.rubrics.first }, count: accounts?.count, &page)
        var notes = ["at most \(ValueFormat.points(profile.fit.maximumPoints)) points"]
        if let threshold = profile.fit.threshold { notes.append("qualified at \(threshold)") }
        for (group, cap) in profile.fit.caps.sorted(by: { $0.key < $1.key }) {
            notes.append("\"\(group)\" lines together at most \(ValueFormat.points(cap))")
        }
        page.element("p", [("class", "note")], notes.joined(separator: "; ") + ".")
        if !profile.fit.disqualifiers.isEmpty {
            page.open("p", [("class", "knockouts")])
            page.element("b", "Knocked out, whatever the points: ")
            page.add(profile.fit.disqualifiers.joined(separator: "; ") + ".")
            page.close()
        }

        if !profile.personas.isEmpty {
            page.element("h2", "Who to talk to")
            page.open("div", [("class", "personas")])
            for persona in profile.personas { personaCard(persona, &page) }
            page.close()
        }

        if let engagement = profile.engagement {
            page.element("h2", "Engagement in brief: \(engagement.name)")
            page.open("p", [("class", "brief")])
            page.add(
                engagement.lines.map { "\($0.name) (\(Self.pointsRange($0)))" }.joined(separator: "; ")
                    + ". Levels: "
                    + engagement.levels.map { level in
                        level.words.isEmpty ? level.name : "\(level.name) \(level.words)"
                    }.joined(separator: "; ") + ".")
            page.close()
        }

        if let accounts { accountsPart(accounts, &page) }
        page.close()
    }

    private static func pointsRange(_ line: RubricSheet.Line) -> String {
        let low = line.minimumPoints
        let high = line.maximumPoints
        if low == 0 { return (high > 0 ? "+" : "") + ValueFormat.points(high) }
        if high == 0 { return ValueFormat.points(low) }
        return "\(ValueFormat.points(low))…+\(ValueFormat.points(high))"
    }

    private func rubricTable(_ rubric: RubricSheet, tally: LintTally.Rubric?, count: Int?, _ page: inout Markup) {
        page.open("table", [("class", "rubric")])
        page.open("thead")
        page.open("tr")
        for (i, h) in ["Line", "Points", "Reads", "Met in the accounts"].enumerated() where i < 3 || tally != nil {
            page.element("th", [("class", i == 1 || i == 3 ? "num" : nil)], h)
        }
        page.close()
        page.close()
        page.open("tbody")
        for (i, line) in rubric.lines.enumerated() {
            page.open("tr")
            page.element("td", line.name + (line.group.map { " [\($0)]" } ?? ""))
            page.element("td", [("class", "num")], Self.pointsRange(line))
            page.element("td", [("class", "reads")], line.reads.isEmpty ? "—" : line.reads.joined(separator: ", "))
            if let tally, let count, i < tally.met.count {
                let text =
                    tally.known[i] == 0
                    ? "no data"
                    : "\(ValueFormat.percent.format(Double(tally.met[i]) / Double(max(1, count))))"
                page.element("td", [("class", "num")], text)
            }
            page.close()
        }
        page.close()
        page.close()
    }

    private func personaCard(_ persona: Persona, _ page: inout Markup) {
        page.open("div", [("class", "persona")])
        var heading = persona.name
        if persona.isRequired { heading += " (required)" }
        page.element("h3", heading)
        if !persona.titles.isEmpty { page.element("p", [("class", "titles")], persona.titles.joined(separator: ", ")) }
        for (label, items) in [
            ("Goals", persona.goals), ("Pain points", persona.painPoints), ("Objections", persona.objections),
        ] where !items.isEmpty {
            page.open("p")
            page.element("b", label + ": ")
            page.add(items.joined(separator: "; "))
            page.close()
        }
        page.close()
    }

    private func accountsPart(_ accounts: AccountsSheet, _ page: inout Markup) {
        page.element("h2", "The \(ValueFormat.count.format(Double(accounts.count))) accounts given")
        let tiers = accounts.tally.rubrics.first?.tiers ?? []
        let segments = zip(profile.fit.levels, tiers).map { StackedBar.Segment($0.name, $1) }
        figure(
            StackedBar(title: "Accounts by fit tier", segments: segments).svg(id: "tier-mix"),
            table: (
                ["Tier", "Accounts", "Share"],
                segments.map { s in
                    [
                        s.name, ValueFormat.count.format(Double(s.count)),
                        ValueFormat.percent.format(Double(s.count) / Double(max(1, accounts.count))),
                    ]
                }
            ), &page)
        guard !accounts.top.isEmpty else { return }
        page.element("h3", "The best \(accounts.top.count)")
        page.open("table", [("class", "top")])
        page.open("thead")
        page.open("tr")
        let committees = accounts.top.contains { $0.committee != nil }
        for h in ["#", "Account", "Tier", "Points", "Why"] + (committees ? ["Buying committee"] : []) {
            page.element("th", [("class", h == "#" || h == "Points" ? "num" : nil)], h)
        }
        page.close()
        page.close()
        page.open("tbody")
        for (i, top) in accounts.top.enumerated() {
            page.open("tr")
            page.element("td", [("class", "num")], String(i + 1))
            page.element("td", top.name == top.id || top.name.isEmpty ? top.id : "\(top.name) (\(top.id))")
            page.element("td", [("class", "tier")], top.tier)
            page.element(
                "td", [("class", "num")], "\(ValueFormat.points(top.points))/\(ValueFormat.points(top.maximum))")
            page.element(
                "td", top.disqualification.map { "knocked out: \($0)" } ?? top.reasons.joined(separator: ", "))
            if committees { page.element("td", top.committee ?? "—") }
            page.close()
        }
        page.close()
        page.close()
    }

    // MARK: Evidence

    /// The headline of a validation, in words.
    static func headline(_ v: ValidationReport) -> String {
        switch v.verdict {
        case .separates: return "The profile separates the customers who win from the rest"
        case .weak: return "The profile separates winners only weakly"
        case .noSignal: return "No evidence that the profile separates winners from the rest"
        case .reversed: return "The profile ranks losses above wins: it points the wrong way"
        }
    }

    private func evidenceSection(_ v: ValidationReport, _ page: inout Markup) {
        let pct = ChartValueStyle.percent
        page.open("section", [("class", "evidence")])
        page.element("h2", "Evidence: does the profile find the customers who win?")
        page.open("p", [("class", "verdict verdict-\(v.verdict.rawValue.replacingSpaces)")])
        page.element("strong", Self.headline(v) + ".")
        var detail = " AUC \(Self.fixed(v.auc, 3))"
        if let i = v.aucInterval {
            detail +=
                " (\(ValueFormat.percent.format(v.bootstrap.confidence)) interval \(Self.fixed(i.lowerBound, 3))–\(Self.fixed(i.upperBound, 3)))"
        }
        detail +=
            " over \(ValueFormat.count.format(Double(v.accounts))) closed accounts, \(ValueFormat.count.format(Double(v.wins))) won (\(pct.format(v.baseRate)))"
        if let outcome { detail += "; a win is \(outcome)" }
        page.add(detail + ".")
        page.close()
        for caution in cautions { page.element("p", [("class", "caution")], caution) }

        // Win rate by tier.
        let tierBars = v.tiers.map { BarChart.Bar($0.tier, $0.winRate, interval: $0.interval) }
        figure(
            BarChart(
                title: "Win rate by fit tier", bars: tierBars, axisLabel: "win rate (bars: 95% interval)", style: pct,
                references: [.init("all: \(pct.format(v.baseRate))", at: v.baseRate)]
            ).svg(id: "win-rate"),
            table: (
                ["Tier", "Accounts", "Won", "Win rate", "Interval", "Lift"],
                v.tiers.map { t in
                    [
                        t.tier, ValueFormat.count.format(Double(t.accounts)), ValueFormat.count.format(Double(t.wins)),
                        pct.format(t.winRate),
                        t.interval.map { "\(pct.format($0.lowerBound))–\(pct.format($0.upperBound))" } ?? "—",
                        Self.fixed(t.lift, 2) + "×",
                    ]
                }
            ), &page)

        // Cumulative gains.
        let gains = [LineChart.Point(0, 0)] + v.capture.map { LineChart.Point($0.share, $0.shareOfWins) }
        figure(
            LineChart(
                title: "Cumulative gains: share of wins in the top accounts by score",
                series: [.init("this profile", gains), .init("random", [.init(0, 0), .init(1, 1)])],
                xLabel: "top share of accounts by score", yLabel: "share of wins"
            ).svg(id: "gains"),
            table: (
                ["Top", "Accounts", "Wins", "Share of wins", "Lift"],
                v.capture.map { c in
                    [
                        pct.format(c.share), ValueFormat.count.format(Double(c.accounts)),
                        ValueFormat.count.format(Double(c.wins)), pct.format(c.shareOfWins),
                        Self.fixed(c.lift, 2) + "×",
                    ]
                }
            ), &page)

        // ROC.
        let roc = v.roc.map { LineChart.Point($0.falsePositiveRate, $0.truePositiveRate) }
        let shown = Self.spread(v.roc, count: 11)
        figure(
            LineChart(
                title: "ROC curve, AUC \(Self.fixed(v.auc, 3))",
                series: [.init("this profile", roc), .init("chance", [.init(0, 0), .init(1, 1)])],
                xLabel: "share of losses taken", yLabel: "share of wins taken"
            ).svg(id: "roc"),
            table: (
                ["Score at least", "Losses taken", "Wins taken"],
                shown.map { p in
                    [
                        p.score.isFinite ? ValueFormat.points(p.score) : "(none)", pct.format(p.falsePositiveRate),
                        pct.format(p.truePositiveRate),
                    ]
                }
            ), &page)

        // Scores of wins and of losses.
        let losses = v.accounts - v.wins
        let one = ChartValueStyle.number(decimals: 1)
        let binNames = v.distribution.map { b in
            b.lower == b.upper ? one.format(b.lower) : "\(one.format(b.lower)) to \(one.format(b.upper))"
        }
        figure(
            ColumnChart(
                title: "Scores of wins and of losses", categories: binNames,
                series: [
                    .init("won", v.distribution.map { Double($0.positives) / Double(max(1, v.wins)) }),
                    .init("lost", v.distribution.map { Double($0.negatives) / Double(max(1, losses)) }),
                ], categoryLabel: "fit points", valueLabel: "share of the group", style: pct
            ).svg(id: "distribution"),
            table: (
                ["Points", "Won", "Lost"],
                zip(binNames, v.distribution).map { name, b in
                    [
                        name, ValueFormat.count.format(Double(b.positives)),
                        ValueFormat.count.format(Double(b.negatives)),
                    ]
                }
            ), &page)

        // Calibration.
        figure(
            BarChart(
                title: "Win rate by score decile (1 is the top tenth)",
                bars: v.calibration.map { .init("decile \($0.decile)", $0.winRate) }, axisLabel: "win rate",
                style: pct, references: [.init("all: \(pct.format(v.baseRate))", at: v.baseRate)]
            ).svg(id: "calibration"),
            table: (
                ["Decile", "Points", "Accounts", "Win rate"],
                v.calibration.map { c in
                    [
                        String(c.decile),
                        c.scores.lowerBound == c.scores.upperBound
                            ? ValueFormat.points(c.scores.lowerBound)
                            : "\(ValueFormat.points(c.scores.lowerBound))–\(ValueFormat.points(c.scores.upperBound))",
                        ValueFormat.count.format(Double(c.accounts)), pct.format(c.winRate),
                    ]
                }
            ), &page)

        page.element("h3", "Each line against the outcomes")
        page.open("table", [("class", "lines")])
        page.open("thead")
        page.open("tr")
        for h in ["Line", "Points", "Met", "Win rate met", "Win rate not met", "Lift", "p", "Verdict"] {
            page.element("th", [("class", h == "Line" || h == "Verdict" ? nil : "num")], h)
        }
        page.close()
        page.close()
        page.open("tbody")
        for line in v.lines {
            page.open("tr", [("class", "verdict-\(line.verdict.rawValue)")])
            page.element("td", line.line)
            page.element("td", [("class", "num")], ValueFormat.points(line.points))
            page.element("td", [("class", "num")], ValueFormat.count.format(Double(line.met)))
            page.element("td", [("class", "num")], pct.format(line.metRate))
            page.element("td", [("class", "num")], pct.format(line.unmetRate))
            page.element("td", [("class", "num")], Self.fixed(line.lift, 2) + "×")
            page.element("td", [("class", "num")], line.pValue < 0.001 ? "<0.001" : Self.fixed(line.pValue, 3))
            page.element("td", line.verdict.rawValue)
            page.close()
        }
        page.close()
        page.close()
        page.element(
            "p", [("class", "note")],
            "signal: met accounts win clearly more (or, for a penalty, less); noise: within what chance gives across this many lines (Benjamini–Hochberg at 5%); contradicts: clear, but against the line's points; thin: fewer than 10 accounts on one side."
        )
        page.close()
    }

    // MARK: Drift

    private func driftSection(_ d: DriftReport, _ page: inout Markup) {
        page.open("section", [("class", "drift")])
        page.element("h2", "Drift: has the market moved since the reference?")
        let shifted = d.fields.filter { $0.status == .shifted }.map(\.field)
        var words =
            "The fit score's PSI is \(Self.fixed(d.score.psi, 3)) (\(d.score.status.rawValue)), between \(ValueFormat.count.format(Double(d.referenceCount))) reference and \(ValueFormat.count.format(Double(d.currentCount))) current accounts."
        if !shifted.isEmpty { words += " Shifted: " + shifted.joined(separator: ", ") + "." }
        page.element("p", [("class", "verdict")], words)
        var score = d.score
        score.field = "fit score"
        let sorted = (d.fields + [score]).sorted { $0.psi != $1.psi ? $0.psi > $1.psi : $0.field < $1.field }
        figure(
            BarChart(
                title: "Population stability index by field", bars: sorted.map { .init($0.field, $0.psi) },
                axisLabel: "PSI (0.10: investigate; 0.25: shifted)", style: .number(decimals: 2),
                references: [.init("0.10", at: 0.10), .init("0.25", at: 0.25)]
            ).svg(id: "psi"),
            table: (
                ["Field", "PSI", "Status"],
                sorted.map { [$0.field, Self.fixed($0.psi, 3), $0.status.rawValue] }
            ), &page)
        figure(
            ColumnChart(
                title: "Fit tier mix, reference and current", categories: d.tiers.map(\.tier),
                series: [
                    .init("reference", d.tiers.map { Double($0.reference) / Double(max(1, d.referenceCount)) }),
                    .init("current", d.tiers.map { Double($0.current) / Double(max(1, d.currentCount)) }),
                ], categoryLabel: "fit tier", valueLabel: "share of accounts", style: .percent
            ).svg(id: "tiers-then-now"),
            table: (
                ["Tier", "Reference", "Current"],
                d.tiers.map { t in
                    [
                        t.tier,
                        "\(ValueFormat.count.format(Double(t.reference))) (\(ValueFormat.percent.format(Double(t.reference) / Double(max(1, d.referenceCount)))))",
                        "\(ValueFormat.count.format(Double(t.current))) (\(ValueFormat.percent.format(Double(t.current) / Double(max(1, d.currentCount)))))",
                    ]
                }
            ), &page)
        page.close()
    }

    // MARK: Parts

    /// A chart and its numbers side by side.
    private func figure(_ svg: String, table: (header: [String], rows: [[String]]), _ page: inout Markup) {
        page.open("figure")
        page.open("div", [("class", "plot")])
        page.raw(svg)
        page.close()
        page.open("table", [("class", "numbers")])
        page.open("thead")
        page.open("tr")
        for (i, h) in table.header.enumerated() { page.element("th", [("class", i == 0 ? nil : "num")], h) }
        page.close()
        page.close()
        page.open("tbody")
        for row in table.rows {
            page.open("tr")
            for (i, cell) in row.enumerated() { page.element("td", [("class", i == 0 ? nil : "num")], cell) }
            page.close()
        }
        page.close()
        page.close()
        page.close()
    }

    /// A number with exactly `decimals` decimals.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : "∞" }
        var text = ChartValueStyle.decimal(value, decimals)
        let dot = text.firstIndex(of: ".")
        let have = dot.map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
        if decimals > 0 {
            if dot == nil { text += "." }
            text += String(repeating: "0", count: max(0, decimals - have))
        }
        return text
    }

    /// About `count` elements spread evenly, the first and last included.
    static func spread<T>(_ items: [T], count: Int) -> [T] {
        guard items.count > count, count >= 2 else { return items }
        return (0..<count).map { items[$0 * (items.count - 1) / (count - 1)] }
    }

    static let css = """
        :root { color: #111; background: #fff; }
        body { font: 14px/1.45 Helvetica, Arial, sans-serif; margin: 0; }
        main { max-width: 980px; margin: 0 auto; padding: 24px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 22px 0 8px; border-bottom: 2px solid #111; padding-bottom: 2px; }
        h3 { font-size: 15px; margin: 16px 0 6px; }
        .summary { font-size: 15px; margin: 4px 0; }
        .meta, .note { color: #444; font-size: 12px; }
        .due { color: #000; text-decoration: underline; }
        dl.levels { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
        dl.levels dt { font-weight: bold; }
        dl.levels dd { margin: 0; }
        table { border-collapse: collapse; font-size: 12.5px; margin: 4px 0 8px; }
        th, td { border-bottom: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
        th { border-bottom: 1.5px solid #111; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        td.reads { color: #444; }
        td.tier, td.num { white-space: nowrap; }
        .personas { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 10px; }
        .persona { border: 1px solid #999; padding: 6px 10px; break-inside: avoid; }
        .persona h3 { margin: 2px 0; }
        .persona p { margin: 3px 0; font-size: 12.5px; }
        .titles { color: #444; }
        figure { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: flex-start; margin: 12px 0;
                 break-inside: avoid; }
        svg.chart { max-width: 100%; height: auto; }
        .verdict { font-size: 15px; border-left: 4px solid #111; padding: 4px 10px; }
        .caution { font-weight: bold; border: 2px dashed #111; padding: 4px 10px; }
        tr.verdict-contradicts td { font-weight: bold; }
        section.evidence, section.drift { break-before: page; }
        footer { color: #555; font-size: 11px; margin-top: 24px; }
        @page { margin: 12mm; }
        @media print {
          main { padding: 0; max-width: none; zoom: 0.7; }
          h1 { font-size: 22px; }
          h2 { font-size: 16px; margin: 12px 0 5px; break-after: avoid; }
          h3 { margin: 10px 0 4px; }
          .summary { margin: 2px 0; }
          table { font-size: 12px; break-inside: auto; }
          th, td { padding: 1px 7px; }
          tr { break-inside: avoid; }
          .personas { grid-template-columns: repeat(3, 1fr); gap: 8px; }
          .persona p { font-size: 12px; margin: 1px 0; }
          figure { margin: 8px 0; }
          section.profile { break-after: page; }
        }
        """
}

extension String {
    /// The text with spaces as hyphens, for a class name (`no signal` → `no-signal`).
    fileprivate var replacingSpaces: String { String(map { $0 == " " ? "-" : $0 }) }
}
