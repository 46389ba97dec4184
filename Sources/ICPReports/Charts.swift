/// How a series is told apart without colour: each style differs in gray
/// level, pattern or dash, so a chart reads the same printed in grayscale.
enum SeriesStyle {
    /// Fill attributes of the `index`-th series of bars (dark, hatched, light, outlined).
    static func fill(_ index: Int, id: String) -> [(String, String?)] {
        switch index % 4 {
        case 0: return [("fill", "#333333")]
        case 1: return [("fill", "url(#\(id)-hatch)"), ("stroke", "#333333"), ("stroke-width", "0.8")]
        case 2: return [("fill", "#bbbbbb")]
        default: return [("fill", "#ffffff"), ("stroke", "#333333"), ("stroke-width", "1")]
        }
    }

    /// Stroke attributes of the `index`-th line (solid, dashed, dotted, dash-dot).
    static func line(_ index: Int) -> [(String, String?)] {
        let dashes = [nil, "7 4", "2 3", "8 3 2 3"]
        return [
            ("fill", "none"), ("stroke", index % 2 == 0 ? "#111111" : "#555555"), ("stroke-width", "2"),
            ("stroke-dasharray", dashes[index % dashes.count]),
        ]
    }
}

/// The frame every chart shares: an `<svg>` with a title and a
/// description for screen readers, the hatch pattern, and text styles.
struct ChartCanvas {
    let id: String
    let width: Double
    let height: Double
    var markup = Markup()

    init(id: String, width: Double, height: Double, title: String, summary: String) {
        self.id = id
        self.width = width
        self.height = height
        markup.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("class", "chart"),
                ("viewBox", "0 0 \(coordinate(width)) \(coordinate(height))"), ("width", coordinate(width)),
                ("height", coordinate(height)), ("role", "img"), ("aria-labelledby", "\(id)-title \(id)-desc"),
                ("font-family", "Helvetica, Arial, sans-serif"), ("font-size", "11"),
            ])
        markup.element("title", [("id", "\(id)-title")], title)
        markup.element("desc", [("id", "\(id)-desc")], summary)
        markup.open("defs")
        markup.open(
            "pattern",
            [
                ("id", "\(id)-hatch"), ("width", "5"), ("height", "5"), ("patternUnits", "userSpaceOnUse"),
                ("patternTransform", "rotate(45)"),
            ])
        markup.empty("rect", [("width", "5"), ("height", "5"), ("fill", "#ffffff")])
        markup.empty(
            "line", [("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "5"), ("stroke", "#333333"), ("stroke-width", "2")])
        markup.close()
        markup.close()
    }

    mutating func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", weight: String? = nil,
        rotate: Bool = false
    ) {
        markup.element(
            "text",
            [
                ("x", coordinate(x)), ("y", coordinate(y)), ("text-anchor", anchor), ("font-weight", weight),
                ("transform", rotate ? "rotate(-90 \(coordinate(x)) \(coordinate(y)))" : nil),
            ], content)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, _ style: [(String, String?)]) {
        markup.empty(
            "line",
            [("x1", coordinate(x1)), ("y1", coordinate(y1)), ("x2", coordinate(x2)), ("y2", coordinate(y2))] + style)
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, _ style: [(String, String?)]) {
        markup.empty(
            "rect",
            [
                ("x", coordinate(x)), ("y", coordinate(y)), ("width", coordinate(max(0, width))),
                ("height", coordinate(max(0, height))),
            ] + style)
    }

    /// A horizontal value axis at `y` with ticks and grid lines up to `top`.
    mutating func horizontalAxis(_ scale: LinearScale, y: Double, top: Double, style: ChartValueStyle, label: String) {
        for tick in LinearScale.ticks(scale.domain) {
            let x = scale(tick)
            line(x1: x, y1: top, x2: x, y2: y, [("stroke", "#dddddd"), ("stroke-width", "1")])
            line(x1: x, y1: y, x2: x, y2: y + 4, [("stroke", "#333333"), ("stroke-width", "1")])
            text(style.format(tick), x: x, y: y + 15, anchor: "middle")
        }
        line(x1: scale.from, y1: y, x2: scale.to, y2: y, [("stroke", "#333333"), ("stroke-width", "1")])
        text(label, x: (scale.from + scale.to) / 2, y: y + 31, anchor: "middle")
    }

    /// A vertical value axis at `x` with ticks and grid lines across to `right`.
    mutating func verticalAxis(_ scale: LinearScale, x: Double, right: Double, style: ChartValueStyle, label: String) {
        for tick in LinearScale.ticks(scale.domain) {
            let y = scale(tick)
            line(x1: x, y1: y, x2: right, y2: y, [("stroke", "#dddddd"), ("stroke-width", "1")])
            line(x1: x - 4, y1: y, x2: x, y2: y, [("stroke", "#333333"), ("stroke-width", "1")])
            text(style.format(tick), x: x - 6, y: y + 4, anchor: "end")
        }
        line(x1: x, y1: scale.from, x2: x, y2: scale.to, [("stroke", "#333333"), ("stroke-width", "1")])
        text(label, x: 12, y: (scale.from + scale.to) / 2, anchor: "middle", rotate: true)
    }

    /// A legend: one swatch and name per series, in a row at `y`.
    mutating func legend(_ names: [String], x: Double, y: Double, lines: Bool) {
        var left = x
        for (i, name) in names.enumerated() {
            if lines {
                line(x1: left, y1: y - 4, x2: left + 22, y2: y - 4, SeriesStyle.line(i))
                left += 28
            } else {
                rect(x: left, y: y - 10, width: 12, height: 12, SeriesStyle.fill(i, id: id))
                left += 17
            }
            text(name, x: left, y: y)
            left += Double(name.count) * 6.2 + 18
        }
    }

    mutating func finish() -> String { markup.finish() }
}

/// Horizontal bars, one per category, with optional interval whiskers and
/// reference lines (a base rate, PSI bands): win rate by tier, calibration
/// by decile, PSI by field.
public struct BarChart: Sendable, Hashable {
    /// One bar.
    public struct Bar: Sendable, Hashable {
        /// The category, written left of the bar.
        public var label: String
        /// The bar's length.
        public var value: Double
        /// An interval drawn as a whisker across the bar's end, if any.
        public var interval: ClosedRange<Double>?

        /// Creates a bar.
        public init(_ label: String, _ value: Double, interval: ClosedRange<Double>? = nil) {
            self.label = label
            self.value = value
            self.interval = interval
        }
    }

    /// A vertical line across the bars at a value, named.
    public struct Reference: Sendable, Hashable {
        /// What the line marks: `base rate 12%`, `0.25: act`.
        public var label: String
        /// Where.
        public var value: Double

        /// Creates a reference line.
        public init(_ label: String, at value: Double) {
            self.label = label
            self.value = value
        }
    }

    /// The chart's title, also read out by screen readers.
    public var title: String
    /// The bars, top to bottom.
    public var bars: [Bar]
    /// What the values are, under the axis.
    public var axisLabel: String
    /// How values are written.
    public var style: ChartValueStyle
    /// Reference lines.
    public var references: [Reference]
    /// The drawing's width.
    public var width: Double

    /// Creates a bar chart.
    public init(
        title: String, bars: [Bar], axisLabel: String, style: ChartValueStyle, references: [Reference] = [],
        width: Double = 560
    ) {
        self.title = title
        self.bars = bars
        self.axisLabel = axisLabel
        self.style = style
        self.references = references
        self.width = width
    }

    /// The space left of the plot for the category labels.
    var labelWidth: Double { min(200, max(60, Double(bars.map(\.label.count).max() ?? 0) * 6.2 + 12)) }
    /// Each bar's band of height.
    static let band = 26.0
    static let top = 22.0

    /// The value axis: from zero (or the lowest value, when below zero) to
    /// the highest value, interval end or reference, widened to whole steps.
    public var scale: LinearScale {
        let values =
            bars.flatMap { [$0.value] + ($0.interval.map { [$0.lowerBound, $0.upperBound] } ?? []) }
            + references.map(\.value)
        let finite = values.filter(\.isFinite)
        let low = min(0, finite.min() ?? 0)
        let high = max(0, finite.max() ?? 1)
        // Room on the right for the last bar's value.
        return LinearScale(domain: LinearScale.nice(low...high), from: labelWidth, to: width - 44)
    }

    /// The drawing's height.
    public var height: Double { Self.top + Double(bars.count) * Self.band + 44 }

    /// Where each bar is drawn: x, y, width, height.
    public var rectangles: [(x: Double, y: Double, width: Double, height: Double)] {
        let scale = self.scale
        let zero = scale(0)
        return bars.enumerated().map { i, bar in
            let end = scale(bar.value.isFinite ? bar.value : 0)
            return (min(zero, end), Self.top + Double(i) * Self.band + 5, abs(end - zero), Self.band - 10)
        }
    }

    /// The chart as an `<svg>` element; `id` must be unique in the page.
    public func svg(id: String) -> String {
        let scale = self.scale
        let plotBottom = Self.top + Double(bars.count) * Self.band
        let summary = bars.map { "\($0.label): \(style.format($0.value))" }.joined(separator: "; ")
        var canvas = ChartCanvas(id: id, width: width, height: height, title: title, summary: summary)
        canvas.horizontalAxis(scale, y: plotBottom, top: Self.top, style: style, label: axisLabel)
        for (bar, r) in zip(bars, rectangles) {
            canvas.text(bar.label, x: labelWidth - 8, y: r.y + r.height / 2 + 4, anchor: "end")
            canvas.rect(x: r.x, y: r.y, width: r.width, height: r.height, SeriesStyle.fill(2, id: id))
            if let interval = bar.interval {
                let y = r.y + r.height / 2
                let line: [(String, String?)] = [("stroke", "#111111"), ("stroke-width", "1.5")]
                canvas.line(x1: scale(interval.lowerBound), y1: y, x2: scale(interval.upperBound), y2: y, line)
                for end in [interval.lowerBound, interval.upperBound] {
                    canvas.line(x1: scale(end), y1: y - 6, x2: scale(end), y2: y + 6, line)
                }
            }
            let valueX = max(r.x + r.width, bar.interval.map { scale($0.upperBound) } ?? 0) + 4
            if valueX + 40 < width { canvas.text(style.format(bar.value), x: valueX, y: r.y + r.height / 2 + 4) }
        }
        for (i, reference) in references.enumerated() {
            let x = scale(reference.value)
            canvas.line(x1: x, y1: Self.top - 4, x2: x, y2: plotBottom, SeriesStyle.line(1 + i))
            canvas.text(
                reference.label, x: x + (i % 2 == 0 ? -3 : 3), y: Self.top - 8, anchor: i % 2 == 0 ? "end" : "start")
        }
        return canvas.finish()
    }
}

/// Vertical columns in groups, one column per series in each category,
/// with a legend: wins and losses by score, the tier mix then and now.
public struct ColumnChart: Sendable, Hashable {
    /// The chart's title, also read out by screen readers.
    public var title: String
    /// The categories, left to right.
    public var categories: [String]
    /// The series: a name and one value per category.
    public var series: [Series]
    /// What the categories are, under the axis.
    public var categoryLabel: String
    /// What the values are, beside the axis.
    public var valueLabel: String
    /// How values are written.
    public var style: ChartValueStyle
    /// The drawing's width.
    public var width: Double
    /// The drawing's height.
    public var height: Double

    /// Creates a column chart.
    public init(
        title: String, categories: [String], series: [Series], categoryLabel: String,
        valueLabel: String, style: ChartValueStyle, width: Double = 560, height: Double = 240
    ) {
        self.title = title
        self.categories = categories
        self.series = series
        self.categoryLabel = categoryLabel
        self.valueLabel = valueLabel
        self.style = style
        self.width = width
        self.height = height
    }

    /// A named series of values, one per category.
    public struct Series: Sendable, Hashable {
        /// The name in the legend.
        public var name: String
        /// One value per category.
        public var values: [Double]

        /// Creates a series.
        public init(_ name: String, _ values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    static let left = 58.0
    static let top = 28.0
    static let bottom = 48.0

    /// The value axis, from zero to the highest value widened to a whole step.
    public var scale: LinearScale {
        let high = series.flatMap(\.values).filter(\.isFinite).max() ?? 1
        return LinearScale(domain: LinearScale.nice(0...max(high, 0)), from: height - Self.bottom, to: Self.top)
    }

    /// Where each column is drawn, by series then category: x, y, width, height.
    public var rectangles: [[(x: Double, y: Double, width: Double, height: Double)]] {
        let scale = self.scale
        let plotWidth = width - Self.left - 12
        let group = plotWidth / Double(max(1, categories.count))
        let column = group * 0.8 / Double(max(1, series.count))
        let base = scale(0)
        return series.enumerated().map { s, serie in
            categories.indices.map { c in
                let value = c < serie.values.count && serie.values[c].isFinite ? serie.values[c] : 0
                let top = scale(value)
                return (Self.left + Double(c) * group + group * 0.1 + Double(s) * column, top, column, base - top)
            }
        }
    }

    /// The chart as an `<svg>` element; `id` must be unique in the page.
    public func svg(id: String) -> String {
        let scale = self.scale
        let summary = series.map { s in
            "\(s.name): " + zip(categories, s.values).map { "\($0) \(style.format($1))" }.joined(separator: ", ")
        }.joined(separator: "; ")
        var canvas = ChartCanvas(id: id, width: width, height: height, title: title, summary: summary)
        canvas.verticalAxis(scale, x: Self.left, right: width - 12, style: style, label: valueLabel)
        for (s, columns) in rectangles.enumerated() {
            for r in columns {
                canvas.rect(x: r.x, y: r.y, width: r.width, height: r.height, SeriesStyle.fill(s, id: id))
            }
        }
        let group = (width - Self.left - 12) / Double(max(1, categories.count))
        let every = max(1, Int((Double(categories.map(\.count).max() ?? 1) * 6.2 + 6) / group) + 1)
        for (c, name) in categories.enumerated() where c % every == 0 {
            canvas.text(name, x: Self.left + (Double(c) + 0.5) * group, y: height - Self.bottom + 14, anchor: "middle")
        }
        canvas.text(categoryLabel, x: Self.left + (width - Self.left - 12) / 2, y: height - 12, anchor: "middle")
        if series.count > 1 { canvas.legend(series.map(\.name), x: Self.left, y: 14, lines: false) }
        return canvas.finish()
    }
}

/// Lines through points on two value axes, with a legend and an optional
/// diagonal: cumulative gains against random, the ROC curve.
public struct LineChart: Sendable, Hashable {
    /// The chart's title, also read out by screen readers.
    public var title: String
    /// The series: a name and its points, in order.
    public var series: [Series]
    /// What x is, under the axis.
    public var xLabel: String
    /// What y is, beside the axis.
    public var yLabel: String
    /// How x values are written.
    public var xStyle: ChartValueStyle
    /// How y values are written.
    public var yStyle: ChartValueStyle
    /// The drawing's width.
    public var width: Double
    /// The drawing's height.
    public var height: Double

    /// A named line.
    public struct Series: Sendable, Hashable {
        /// The name in the legend.
        public var name: String
        /// The points, in drawing order.
        public var points: [Point]

        /// Creates a series.
        public init(_ name: String, _ points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    /// A point of a series.
    public struct Point: Sendable, Hashable {
        /// Across.
        public var x: Double
        /// Up.
        public var y: Double

        /// Creates a point.
        public init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// Creates a line chart; both axes run over 0…1 unless the points go beyond.
    public init(
        title: String, series: [Series], xLabel: String, yLabel: String, xStyle: ChartValueStyle = .percent,
        yStyle: ChartValueStyle = .percent, width: Double = 360, height: Double = 300
    ) {
        self.title = title
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xStyle = xStyle
        self.yStyle = yStyle
        self.width = width
        self.height = height
    }

    static let left = 58.0
    static let top = 30.0
    static let bottom = 44.0

    /// The axes: 0…1, widened to whole steps when a point lies beyond.
    public var scales: (x: LinearScale, y: LinearScale) {
        let points = series.flatMap(\.points)
        let xs = points.map(\.x).filter(\.isFinite)
        let ys = points.map(\.y).filter(\.isFinite)
        let x = LinearScale.nice(min(0, xs.min() ?? 0)...max(1, xs.max() ?? 1))
        let y = LinearScale.nice(min(0, ys.min() ?? 0)...max(1, ys.max() ?? 1))
        return (
            LinearScale(domain: x, from: Self.left, to: width - 14),
            LinearScale(domain: y, from: height - Self.bottom, to: Self.top)
        )
    }

    /// Each series as an SVG path (`M x,y L x,y …`).
    public var paths: [String] {
        let (x, y) = scales
        return series.map { s in
            s.points.filter { $0.x.isFinite && $0.y.isFinite }.enumerated().map { i, p in
                (i == 0 ? "M" : "L") + coordinate(x(p.x)) + "," + coordinate(y(p.y))
            }.joined(separator: " ")
        }
    }

    /// The chart as an `<svg>` element; `id` must be unique in the page.
    public func svg(id: String) -> String {
        let (x, y) = scales
        let summary = series.map { "\($0.name): \($0.points.count) points" }.joined(separator: "; ")
        var canvas = ChartCanvas(id: id, width: width, height: height, title: title, summary: summary)
        canvas.horizontalAxis(x, y: height - Self.bottom, top: Self.top, style: xStyle, label: xLabel)
        canvas.verticalAxis(y, x: Self.left, right: width - 14, style: yStyle, label: yLabel)
        for (i, path) in paths.enumerated() {
            canvas.markup.empty("path", [("d", path)] + SeriesStyle.line(i))
        }
        canvas.legend(series.map(\.name), x: Self.left, y: 14, lines: true)
        return canvas.finish()
    }
}

/// One bar split into segments by share, each labelled: a tier mix.
public struct StackedBar: Sendable, Hashable {
    /// The chart's title, also read out by screen readers.
    public var title: String
    /// The segments, left to right: a name and a count.
    public var segments: [Segment]
    /// The drawing's width.
    public var width: Double

    /// A part of the bar.
    public struct Segment: Sendable, Hashable {
        /// The name, under the segment and in the description.
        public var name: String
        /// How many; the segment's width is its share of the total.
        public var count: Int

        /// Creates a segment.
        public init(_ name: String, _ count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// Creates a stacked bar.
    public init(title: String, segments: [Segment], width: Double = 560) {
        self.title = title
        self.segments = segments
        self.width = width
    }

    /// The drawing's height.
    public var height: Double { 64 }

    /// Where each segment starts and how wide it is.
    public var spans: [(x: Double, width: Double)] {
        let total = Double(segments.reduce(0) { $0 + max(0, $1.count) })
        var x = 0.0
        return segments.map { s in
            let w = total > 0 ? Double(max(0, s.count)) / total * width : 0
            defer { x += w }
            return (x, w)
        }
    }

    /// The chart as an `<svg>` element; `id` must be unique in the page.
    public func svg(id: String) -> String {
        let total = segments.reduce(0) { $0 + max(0, $1.count) }
        func share(_ n: Int) -> String { ChartValueStyle.percent.format(total > 0 ? Double(n) / Double(total) : 0) }
        let summary = segments.map { "\($0.name): \($0.count) (\(share($0.count)))" }.joined(separator: "; ")
        var canvas = ChartCanvas(id: id, width: width, height: height, title: title, summary: summary)
        for (i, (segment, span)) in zip(segments, spans).enumerated() {
            // A white edge between segments, in place of the series' own.
            let fill = SeriesStyle.fill(i, id: id).filter { $0.0 != "stroke" && $0.0 != "stroke-width" }
            canvas.rect(
                x: span.x, y: 4, width: span.width, height: 28, fill + [("stroke", "#ffffff"), ("stroke-width", "1")])
            // A label under its segment when there is room, else left out (the table has it).
            let label = "\(segment.name) \(share(segment.count))"
            if Double(label.count) * 6.2 < span.width + 4 {
                canvas.text(label, x: span.x + span.width / 2, y: 48, anchor: "middle")
            }
        }
        return canvas.finish()
    }
}
