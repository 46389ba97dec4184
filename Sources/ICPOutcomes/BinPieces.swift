import ICPCore

/// Runs of numeric bins (a column's learn candidates), looked up by
/// where a number falls among their edges rather than by testing every
/// bin: each run's edges cut the line into pieces (below the first edge,
/// at it, between it and the next, …, above the last), on each of which
/// every bin either holds or not, as a number inside it tells.
package struct BinPieces: Sendable {
    /// No runs.
    package init() {}

    /// The runs' edges, each run's ascending and each once.
    private var edges: [Double] = []
    /// Per run: its edges in ``edges``, and its first piece in ``pieceStarts``.
    private var edgeStart: [Int] = []
    private var edgeEnd: [Int] = []
    private var firstPiece: [Int] = []
    /// Per piece: where its bins start in ``members``, each run's pieces
    /// followed by the end of its last.
    private var pieceStarts: [Int] = []
    /// The bins holding in each piece: their candidates' positions, in
    /// the run's order.
    package private(set) var members: [Int32] = []

    /// Adds run `g`'s bins: each one's position (a candidate's) and bound;
    /// runs are added in order, each once.
    package mutating func add(segment g: Int, bins: [(position: Int32, bound: NumericBound)]) {
        while edgeStart.count <= g {
            edgeStart.append(edges.count)
            edgeEnd.append(edges.count)
            firstPiece.append(pieceStarts.count)
        }
        var cut: [Double] = []
        for bin in bins {
            switch bin.bound {
            case .atLeast(let n), .atMost(let n), .moreThan(let n), .lessThan(let n): cut.append(n)
            case .between(let lo, let hi), .interval(let lo, let hi): cut += [lo, hi]
            }
        }
        cut = cut.filter { !$0.isNaN }.sorted()
        var once: [Double] = []
        for edge in cut where once.last != edge { once.append(edge) }
        edgeStart[g] = edges.count
        edges += once
        edgeEnd[g] = edges.count
        firstPiece[g] = pieceStarts.count
        for piece in 0..<(2 * once.count + 1) {
            pieceStarts.append(members.count)
            guard let r = BinPieces.representative(of: piece, once) else { continue }
            for bin in bins where bin.bound.contains(r) { members.append(bin.position) }
        }
        pieceStarts.append(members.count)
    }

    /// A number in piece `piece` of the line cut at `edges`; `nil` when no
    /// number is (between two adjacent numbers).
    private static func representative(of piece: Int, _ edges: [Double]) -> Double? {
        let k = piece / 2
        if piece % 2 == 1 { return edges[k] }
        let low = k == 0 ? -Double.infinity : edges[k - 1]
        let high = k == edges.count ? Double.infinity : edges[k]
        let r = k > 0 ? low.nextUp : high == .infinity ? 0 : high.nextDown
        return r > low && r < high ? r : nil
    }

    /// Where the bins of run `g` that hold for `v` (a finite number) are
    /// in ``members``, in the order added.
    @inline(__always)
    package func bins(holdingFor v: Double, segment g: Int) -> Range<Int> {
        // The first edge at or above v.
        var lo = edgeStart[g]
        var hi = edgeEnd[g]
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        let k = lo - edgeStart[g]
        let p = firstPiece[g] + (lo < edgeEnd[g] && edges[lo] == v ? 2 * k + 1 : 2 * k)
        return pieceStarts[p]..<pieceStarts[p + 1]
    }
}
