import ICPCore
import ICPFiles

/// Ranked rows as a table, CSV or JSON.
enum Output {
    /// The CSV columns every row has.
    static let columns = [
        "id", "name", "score", "max", "ratio", "tier", "qualified", "engagement", "engagement_max",
        "engagement_level", "cell", "committee_coverage", "missing_required_roles", "disqualification",
    ]

    static func number(_ v: Double) -> String { ValueFormat.decimal(v, grouped: false, maxFractionDigits: 4) }

    static func csv(_ rows: [Row], profile: Profile<Account>, explain: Bool) -> String {
        var header = columns
        if explain {
            header += profile.fit.lines.map(\.name)
            header += profile.engagement?.lines.map { "engagement: \($0.name)" } ?? []
        }
        var out = CSVWriter.line(header)
        out.reserveCapacity(rows.count * 96)
        for row in rows {
            var f = [
                row.id, row.name, number(row.fit.total), number(row.fit.maximum), number(row.fit.ratio), row.fit.tier,
                row.fit.isQualified ? "true" : "false",
                row.engagement.map { number($0.total) } ?? "", row.engagement.map { number($0.maximum) } ?? "",
                row.engagement?.tier ?? "", row.cell?.name ?? "",
                row.committee.map { number($0.completeness) } ?? "",
                row.committee?.missingRequired.joined(separator: "; ") ?? "",
                row.fit.disqualifications.joined(separator: "; "),
            ]
            if explain {
                f += row.fit.breakdown.map { number($0.points) }
                f += row.engagement?.breakdown.map { number($0.points) } ?? []
            }
            out += CSVWriter.line(f)
        }
        return out
    }

    static func json(_ rows: [Row], profile: Profile<Account>, explain: Bool, asOf: CalendarDay) -> String {
        func score(_ s: Score) -> JSONObject {
            var o: JSONObject = [
                "score": .number(s.total), "max": .number(s.maximum), "ratio": .number(s.ratio),
                "tier": .string(s.tier), "qualified": .bool(s.isQualified),
            ]
            if !s.disqualifications.isEmpty { o["disqualification"] = .strings(s.disqualifications) }
            if explain {
                o["lines"] = .array(
                    s.breakdown.map { line in
                        var l: JSONObject = [
                            "name": .string(line.name), "points": .number(line.points), "max": .number(line.possible),
                        ]
                        if !line.sentence.isEmpty { l["reason"] = .string(line.sentence) }
                        return .object(l)
                    })
            }
            return o
        }
        let items: [JSONValue] = rows.enumerated().map { i, row in
            var o: JSONObject = ["rank": .number(Double(i + 1)), "id": .string(row.id), "name": .string(row.name)]
            o["fit"] = .object(score(row.fit))
            if let e = row.engagement { o["engagement"] = .object(score(e)) }
            if let c = row.cell { o["cell"] = .string(c.name) }
            if let c = row.committee {
                o["committee"] = .object([
                    "coverage": .number(c.completeness), "missingRequired": .strings(c.missingRequired),
                ])
            }
            return .object(o)
        }
        let root: JSONObject = [
            "profile": .string(profile.name), "version": .string(profile.version), "asOf": .string(asOf.description),
            "accounts": .array(items),
        ]
        return JSONValue.object(root).written() + "\n"
    }

    /// A table for a terminal: rank, account, tier, points, engagement,
    /// cell, committee and the top reasons, about 125 columns at most
    /// (`--explain` widens the reasons).
    static func table(_ rows: [Row], total: Int, explain: Bool) -> String {
        var header = ["#", "Account", "Tier", "Fit", "Engagement", "Cell", "Committee", "Top reasons"]
        if rows.allSatisfy({ $0.engagement == nil }) { header.removeAll { $0 == "Engagement" || $0 == "Cell" } }
        if rows.allSatisfy({ $0.committee == nil }) { header.removeAll { $0 == "Committee" } }
        var cells: [[String]] = []
        for (i, row) in rows.enumerated() {
            let s = row.fit
            let reasons =
                s.disqualifications.first.map { "disqualified: \($0)" }
                ?? s.topReasons(explain ? 5 : 3).map(\.name).joined(separator: ", ")
            var line = [
                String(i + 1), clip("\(row.name) (\(row.id))", 26), clip(s.tier, 12),
                "\(ValueFormat.points(s.total))/\(ValueFormat.points(s.maximum))",
            ]
            if header.contains("Engagement") {
                line.append(
                    row.engagement.map {
                        "\($0.tier) \(ValueFormat.points($0.total))/\(ValueFormat.points($0.maximum))"
                    }
                        ?? "—")
                line.append(row.cell?.name ?? "—")
            }
            if let c = row.committee {
                let missing = c.missingRequired.isEmpty ? "" : ", needs \(c.missingRequired.joined(separator: ", "))"
                line.append(clip("\(ValueFormat.percent.format(c.completeness))\(missing)", 26))
            } else if header.contains("Committee") {
                line.append("—")
            }
            line.append(clip(reasons, explain ? 60 : 34))
            cells.append(line)
        }
        var widths = header.map(\.count)
        for row in cells { for (c, text) in row.enumerated() { widths[c] = max(widths[c], text.count) } }
        func format(_ row: [String]) -> String {
            var out = ""
            for (c, text) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[c] - text.count)
                out += c == 0 || c == 3 ? pad + text : text + pad
                if c + 1 < row.count { out += "  " }
            }
            while out.last == " " { out.removeLast() }
            return out
        }
        var lines = [format(header), format(widths.map { String(repeating: "-", count: $0) })]
        lines += cells.map(format)
        if rows.count < total {
            lines.append("… \(total - rows.count) more; use --top N or --format csv for all")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
