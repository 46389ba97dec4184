/// One cell of the fit × engagement matrix: a fit letter (A for the best
/// fit tier) and an engagement level (1 for the most engaged), e.g. `A1`.
public struct MatrixCell: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The fit tier's position, 0 for the best (A).
    public var fitRank: Int
    /// The engagement tier's position, 0 for the most engaged (level 1).
    public var engagementRank: Int
    /// The cell's place in the matrix's priority order, 1 first.
    public var priority: Int

    /// Creates a cell.
    public init(fitRank: Int, engagementRank: Int, priority: Int) {
        self.fitRank = fitRank
        self.engagementRank = engagementRank
        self.priority = priority
    }

    /// `A`, `B`, … for fit ranks 0, 1, …
    public var fitLetter: String { MatrixCell.letter(fitRank) }
    /// 1, 2, … for engagement ranks 0, 1, …
    public var engagementLevel: Int { engagementRank + 1 }
    /// `A1`.
    public var name: String { fitLetter + String(engagementLevel) }
    /// `A1`.
    public var description: String { name }

    /// Cells order by priority.
    public static func < (lhs: MatrixCell, rhs: MatrixCell) -> Bool {
        (lhs.priority, lhs.fitRank, lhs.engagementRank) < (rhs.priority, rhs.fitRank, rhs.engagementRank)
    }

    private static let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".map(String.init)

    static func letter(_ rank: Int) -> String {
        rank >= 0 && rank < letters.count ? letters[rank] : "Z\(rank - 25)"
    }

    /// Reads `A1`, `c4`: a letter and a level from 1.
    static func parse(_ text: String) -> (fit: Int, engagement: Int)? {
        let chars = Array(text.uppercased())
        guard chars.count >= 2, let ascii = chars[0].asciiValue, (65...90).contains(ascii),
            let level = Int(String(chars[1...])), level >= 1
        else { return nil }
        return (Int(ascii) - 65, level - 1)
    }
}

/// The fit × engagement matrix: fit tiers become letters A–D (A best),
/// engagement tiers become levels 1–4 (1 most engaged), and each cell has a
/// place in a priority order.
///
/// By default cells are worked in order of the sum of their two ranks,
/// better fit first on a tie: A1; A2, B1; A3, B2, C1; A4, B3, C2, D1; B4,
/// C3, D2; C4, D3; D4. A team that chases engagement first lists its own
/// order; cells it leaves out follow in the default order.
///
/// ```swift
/// let matrix = try EngagementMatrix(priority: ["A1", "B1", "A2", "C1"])
/// matrix.cell(fitRank: 1, engagementRank: 0).priority   // 2
/// ```
public struct EngagementMatrix: Sendable, Hashable, CustomStringConvertible {
    /// The cells listed first, by name (`A1`), in order; empty for the default order.
    public let priority: [String]
    private let listed: [Cells: Int]

    private struct Cells: Hashable {
        let fit: Int
        let engagement: Int
    }

    /// The default order.
    public init() {
        priority = []
        listed = [:]
    }

    /// A custom order: the cells named first, in order; the rest after, in
    /// the default order.
    ///
    /// - Throws: ``MatrixError`` for a name that is not a letter and a level
    ///   (`A1`) or a cell named twice.
    public init(priority: [String]) throws {
        var listed: [Cells: Int] = [:]
        for (i, text) in priority.enumerated() {
            guard let parsed = MatrixCell.parse(text) else { throw MatrixError.notACell(text, index: i) }
            let key = Cells(fit: parsed.fit, engagement: parsed.engagement)
            if listed[key] != nil { throw MatrixError.duplicate(text, index: i) }
            listed[key] = i
        }
        self.priority = priority.map { $0.uppercased() }
        self.listed = listed
    }

    /// The default order over a matrix of the given size.
    public static func defaultOrder(fitTiers: Int, engagementTiers: Int) -> [String] {
        EngagementMatrix().cells(fitTiers: fitTiers, engagementTiers: engagementTiers).map(\.name)
    }

    /// Every cell of a matrix of the given size, in priority order.
    public func cells(fitTiers: Int, engagementTiers: Int) -> [MatrixCell] {
        var keys: [Cells] = []
        for f in 0..<max(0, fitTiers) {
            for e in 0..<max(0, engagementTiers) { keys.append(Cells(fit: f, engagement: e)) }
        }
        keys.sort { a, b in
            switch (listed[a], listed[b]) {
            case (let x?, let y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return (a.fit + a.engagement, a.fit) < (b.fit + b.engagement, b.fit)
            }
        }
        return keys.enumerated().map {
            MatrixCell(fitRank: $0.element.fit, engagementRank: $0.element.engagement, priority: $0.offset + 1)
        }
    }

    /// `default (fit + engagement, fit first)` or `A1, B1, A2, then default`.
    public var description: String {
        priority.isEmpty ? "default (fit + engagement, fit first)" : priority.joined(separator: ", ") + ", then default"
    }
}

/// A matrix priority list that cannot be read.
public enum MatrixError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An entry is not a fit letter followed by an engagement level.
    case notACell(String, index: Int)
    /// A cell is listed twice.
    case duplicate(String, index: Int)

    /// The message, naming the entry and its position.
    public var description: String {
        switch self {
        case .notACell(let text, let i):
            "matrix priority[\(i)]: \"\(text)\" is not a cell; expected a fit letter and an engagement level, e.g. A1"
        case .duplicate(let text, let i):
            "matrix priority[\(i)]: \"\(text)\" is listed twice"
        }
    }
}
