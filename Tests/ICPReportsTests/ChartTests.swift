import Testing

@testable import ICPReports

/// Chart geometry: a known series gives known coordinates.
@Suite("Charts")
struct ChartTests {
    @Test("A linear scale maps the domain onto the span, either way up")
    func scale() {
        let x = LinearScale(domain: 0...0.4, from: 100, to: 500)
        #expect(x(0) == 100)
        #expect(x(0.1) == 200)
        #expect(x(0.4) == 500)
        let y = LinearScale(domain: 0...1, from: 256, to: 30)
        #expect(y(0.5) == 143)
        #expect(LinearScale(domain: 3...3, from: 10, to: 90)(3) == 10)
    }

    @Test("Ticks fall on 1, 2 or 5 times a power of ten; domains widen to whole steps")
    func ticks() {
        #expect(LinearScale.step(span: 0.37) == 0.1)
        #expect(LinearScale.step(span: 13) == 2)
        #expect(LinearScale.step(span: 780) == 200)
        #expect(LinearScale.nice(0...0.37) == 0...0.4)
        #expect(LinearScale.nice(0...0.78) == 0...0.8)
        #expect(LinearScale.nice(-2...11) == -2...12)
        #expect(LinearScale.nice(0...0) == 0...1)
        #expect(LinearScale.nice(5...5) == 0...5)
        #expect(LinearScale.ticks(0...0.4) == [0, 0.1, 0.2, 0.3, 0.4])
        #expect(LinearScale.ticks(-2...12) == [-2, 0, 2, 4, 6, 8, 10, 12])
        #expect(LinearScale.ticks(0...1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    @Test("Values are written as axes and tables show them")
    func formats() {
        #expect(ChartValueStyle.percent.format(0.256) == "26%")
        #expect(ChartValueStyle.percent.format(0.012) == "1.2%")
        #expect(ChartValueStyle.percent.format(0) == "0%")
        #expect(ChartValueStyle.number(decimals: 2).format(0.1) == "0.1")
        #expect(ChartValueStyle.number(decimals: 1).format(-0.92) == "-0.9")
        #expect(ChartValueStyle.number(decimals: 0).format(1_200_000) == "1200000")
        #expect(ICPReport.fixed(0.5993, 3) == "0.599")
        #expect(ICPReport.fixed(2, 2) == "2.00")
        #expect(ICPReport.fixed(0.1, 3) == "0.100")
    }

    @Test("Bars: from the label column to the value, a band each")
    func bars() {
        let chart = BarChart(
            title: "Win rate", bars: [.init("A", 0.2), .init("B", 0.4, interval: 0.3...0.5)], axisLabel: "rate",
            style: .percent, references: [.init("all", at: 0.25)])
        // Labels of one letter: the label column's least width, 60.
        #expect(chart.scale == LinearScale(domain: 0...0.5, from: 60, to: 516))
        let r = chart.rectangles
        #expect(r.count == 2)
        #expect(r[0].x == 60 && r[0].y == 27 && r[0].height == 16)
        #expect(abs(r[0].width - 182.4) < 1e-9)
        #expect(r[1].y == 53 && abs(r[1].width - 364.8) < 1e-9)
        #expect(chart.height == 22 + 2 * 26 + 44)
        let svg = chart.svg(id: "c")
        #expect(svg.contains("<rect x=\"60\" y=\"27\" width=\"182.4\" height=\"16\" fill=\"#bbbbbb\" />"))
        // The whisker from 30% to 50%, and the reference line at 25%, halfway.
        #expect(svg.contains("<line x1=\"333.6\" y1=\"61\" x2=\"516\" y2=\"61\""))
        #expect(svg.contains("<line x1=\"288\" y1=\"18\" x2=\"288\" y2=\"74\""))
        #expect(svg.contains("<title id=\"c-title\">Win rate</title>"))
        #expect(svg.contains("<desc id=\"c-desc\">A: 20%; B: 40%</desc>"))
    }

    @Test("Columns: groups per category, a column per series")
    func columns() {
        let chart = ColumnChart(
            title: "Mix", categories: ["x", "y"], series: [.init("then", [1, 2]), .init("now", [3, 4])],
            categoryLabel: "tier", valueLabel: "count", style: .number(decimals: 0))
        #expect(chart.scale == LinearScale(domain: 0...4, from: 192, to: 28))
        let r = chart.rectangles
        // 490 wide: groups of 245, columns of 98 from 10% in.
        #expect(r[0][0].x == 82.5 && r[0][0].y == 151 && r[0][0].width == 98 && r[0][0].height == 41)
        #expect(r[1][0].x == 180.5 && r[1][0].y == 69 && r[1][0].height == 123)
        #expect(r[1][1].x == 425.5 && r[1][1].y == 28 && r[1][1].height == 164)
    }

    @Test("Lines: points through both scales, as a path")
    func lines() {
        let chart = LineChart(
            title: "Gains", series: [.init("p", [.init(0, 0), .init(0.5, 0.8), .init(1, 1)])], xLabel: "x",
            yLabel: "y")
        #expect(chart.paths == ["M58,256 L202,75.2 L346,30"])
        // A point beyond 1 widens the axis to the next whole step.
        let wide = LineChart(title: "t", series: [.init("p", [.init(0, 0), .init(1, 1.3)])], xLabel: "x", yLabel: "y")
        #expect(wide.scales.y.domain == 0...1.4)
    }

    @Test("A stacked bar splits its width by share")
    func stacked() {
        let bar = StackedBar(title: "Tiers", segments: [.init("a", 1), .init("b", 3), .init("c", 0)], width: 400)
        let spans = bar.spans
        #expect(spans.map(\.x) == [0, 100, 400])
        #expect(spans.map(\.width) == [100, 300, 0])
        #expect(bar.svg(id: "s").contains("<desc id=\"s-desc\">a: 1 (25%); b: 3 (75%); c: 0 (0%)</desc>"))
    }

    @Test("Text is escaped in content and attributes; characters XML forbids are dropped")
    func escaping() {
        #expect(HTML.escape("R&D <\"x\"> 'y'") == "R&amp;D &lt;&quot;x&quot;&gt; &#39;y&#39;")
        #expect(HTML.escape("a\u{1}b\tc") == "ab\tc")
    }
}
