import Foundation
import ICPCore
import ICPFiles

/// Ranked rows as a table, CSV or JSON.
enum Output {
    /// JSON as every command prints it: keys in snake_case, like the CSV
    /// headers, and a final line break.
    static func json(_ value: JSONValue, pretty: Bool = true) -> String {
        snakeCased(value).written(pretty: pretty) + "\n"
    }

    /// The value with every object key in snake_case.
    static func snakeCased(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(snakeCased))
        case .object(let o):
            var out = JSONObject()
            for key in o.keys { out[snakeCase(key)] = snakeCased(o[key] ?? .null) }
            return .object(out)
        default: return value
        }
    }

    /// `baseRate` → `base_rate`, `trainingAUC` → `training_auc`.
    static func snakeCase(_ key: String) -> String {
        var out = ""
        let chars = Array(key)
        for (i, c) in chars.enumerated() {
            if c.isUppercase, i > 0 {
                let before = chars[i - 1]
                let after = i + 1 < chars.count ? chars[i + 1] : nil
                if before.isLowercase || before.isNumber || (before.isUppercase && after?.isLowercase == true) {
                    out.append("_")
                }
            }
            out += c.lowercased()
        }
        return out
    }

    /// An account as a table shows it: the id always whole, the name
    /// shortened to make room; just the id when the row has no name.
    static func account(_ name: String, id: String, width: Int) -> String {
        guard name != id else { return id }
        let whole = "\(name) (\(id))"
        guard whole.count > width else { return whole }
        // A long id widens the column rather than leave the name a stub.
        return "\(clip(name, max(12, width - id.count - 3))) (\(id))"
    }

    /// The CSV columns every row has.
    static let columns = [
        "rank", "id", "name", "score", "max", "ratio", "tier", "qualified", "engagement", "engagement_max",
        "engagement_level", "cell", "committee_coverage", "missing_required_roles", "disqualification",
    ]

    /// A number as written in CSV and JSON: whole numbers plainly, others
    /// with up to four decimals.
    static func number(_ v: Double) -> String {
        var bytes: [UInt8] = []
        appendNumber(v, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``number(_:)`` appended as UTF-8 bytes.
    static func appendNumber(_ v: Double, to out: inout [UInt8]) {
        let whole = v == v.rounded() && abs(v) < 1e15
        ValueFormat.appendDecimal(v, grouped: false, maxFractionDigits: whole ? 0 : 4, to: &out)
    }

    /// The CSV header: the columns every row has, and with `explain` each
    /// line's name.
    static func csvHeader(_ profile: Profile<Account>, explain: Bool) -> [String] {
        var header = columns
        if explain {
            header += profile.fit.lines.map(\.name)
            header += profile.engagement?.lines.map { "engagement: \($0.name)" } ?? []
        }
        return header
    }

    /// Writes the CSV: rows formatted in parallel in blocks, blocks written in order.
    static func csv(_ rows: [Row], profile: Profile<Account>, explain: Bool, to handle: FileHandle) throws {
        let header = csvHeader(profile, explain: explain)
        try Write.bytes(Data(CSVWriter.line(header).utf8), to: handle, named: "standard output")
        let blockSize = 8_192
        let blocks = (rows.count + blockSize - 1) / blockSize
        // Format a few blocks at a time on all cores, then write them in order.
        var next = 0
        while next < blocks {
            let group = min(blocks - next, 16)
            let first = next
            let texts = ParallelMap.map(count: group, threads: nil) { b -> String in
                let start = (first + b) * blockSize
                var out = ""
                out.reserveCapacity(blockSize * 120)
                for (offset, row) in rows[start..<min(rows.count, start + blockSize)].enumerated() {
                    out += String(start + offset + 1)
                    csvFields(row, profile: profile, explain: explain, into: &out)
                }
                return out
            }
            for text in texts { try Write.bytes(Data(text.utf8), to: handle, named: "standard output") }
            next += group
        }
    }

    /// A row's CSV line after its rank: each field with the comma before
    /// it, and the line break.
    static func csvFields(_ row: Row, profile: Profile<Account>, explain: Bool, into out: inout String) {
        func field(_ text: String) {
            out += ","
            CSVWriter.append(text, to: &out)
        }
        let engagementTiers = profile.engagement?.tiers
        field(row.id)
        field(row.name)
        field(number(row.fit.total))
        field(number(row.fit.maximum))
        field(number(row.fit.ratio))
        field(profile.fit.tiers[row.fit.tierRank].name)
        field(row.fit.isQualified ? "true" : "false")
        field(row.engagement.map { number($0.total) } ?? "")
        field(row.engagement.map { number($0.maximum) } ?? "")
        field(row.engagement.map { engagementTiers?[$0.tierRank].name ?? "" } ?? "")
        field(row.cell?.name ?? "")
        field(row.committee.map { number($0.completeness) } ?? "")
        field(row.committee?.missingRequired.joined(separator: "; ") ?? "")
        field(row.disqualification ?? "")
        if explain, let detail = row.detail {
            for line in detail.fit.breakdown { field(number(line.points)) }
            for line in detail.engagement?.breakdown ?? [] { field(number(line.points)) }
        }
        out += "\n"
    }

    /// The JSON document of ranked rows, as one string (see
    /// ``jsonHead(_:asOf:)`` and ``jsonItem(_:rank:profile:explain:)`` for
    /// writing it in parts).
    static func json(_ rows: [Row], profile: Profile<Account>, explain: Bool, asOf: CalendarDay) -> String {
        var out = jsonHead(profile, asOf: asOf)
        for (i, row) in rows.enumerated() {
            if i > 0 { out += "," }
            out += jsonItem(row, rank: i + 1, profile: profile, explain: explain)
        }
        return out + jsonTail
    }

    /// The JSON document up to its first account: the profile, its
    /// version, the day, and the opening of the accounts array.
    static func jsonHead(_ profile: Profile<Account>, asOf: CalendarDay) -> String {
        let root: JSONObject = [
            "profile": .string(profile.name), "version": .string(profile.version), "as_of": .string(asOf.description),
            "accounts": .array([]),
        ]
        // The accounts are last: the document without them ends in "[]}\n".
        return String(json(.object(root), pretty: false).dropLast(3))
    }

    /// What follows the last account.
    static let jsonTail = "]}\n"

    /// One ranked row as an item of the JSON document's accounts array.
    static func jsonItem(_ row: Row, rank: Int, profile: Profile<Account>, explain: Bool) -> String {
        // Written straight as text, key by key, as the compact JSONValue of
        // these keys in this order would be.
        var out = "{\"rank\":"
        func key(_ name: String) { out += ",\"" + name + "\":" }
        func string(_ s: String) { JSONValue.append(quoted: s, to: &out) }
        func number(_ n: Double) { JSONValue.append(number: n, to: &out) }
        func score(_ s: ScoreSummary, _ tiers: [Tier<Account>], _ full: Score?, reason: String?) {
            out += "{\"score\":"
            number(s.total)
            key("max")
            number(s.maximum)
            key("ratio")
            number(s.ratio)
            key("tier")
            string(tiers[s.tierRank].name)
            out += s.isQualified ? ",\"qualified\":true" : ",\"qualified\":false"
            if let reason {
                key("disqualification")
                string(reason)
            }
            if explain, let full {
                key("lines")
                out += "["
                for (i, line) in full.breakdown.enumerated() {
                    out += i == 0 ? "{\"name\":" : ",{\"name\":"
                    string(line.name)
                    key("points")
                    number(line.points)
                    key("max")
                    number(line.possible)
                    if !line.sentence.isEmpty {
                        key("reason")
                        string(line.sentence)
                    }
                    out += "}"
                }
                out += "]"
            }
            out += "}"
        }
        number(Double(rank))
        key("id")
        string(row.id)
        key("name")
        string(row.name)
        key("fit")
        score(row.fit, profile.fit.tiers, row.detail?.fit, reason: row.disqualification)
        if let e = row.engagement, let rubric = profile.engagement {
            key("engagement")
            score(e, rubric.tiers, row.detail?.engagement, reason: nil)
        }
        if let c = row.cell {
            key("cell")
            string(c.name)
        }
        if let c = row.committee {
            key("committee")
            out += "{\"coverage\":"
            number(c.completeness)
            key("missing_required")
            out += "["
            for (i, role) in c.missingRequired.enumerated() {
                if i > 0 { out += "," }
                string(role)
            }
            out += "]}"
        }
        out += "}"
        return out
    }

    /// A table for a terminal: rank, account, tier, points, engagement,
    /// cell, committee and the top reasons, about 125 columns at most
    /// (`--explain` widens the reasons).
    static func table(_ rows: [Row], profile: Profile<Account>, total: Int, explain: Bool, top: Int?) -> String {
        var header = ["#", "Account", "Tier", "Fit", "Engagement", "Cell", "Committee", "Top reasons"]
        if profile.engagement == nil { header.removeAll { $0 == "Engagement" || $0 == "Cell" } }
        if rows.allSatisfy({ $0.committee == nil }) { header.removeAll { $0 == "Committee" } }
        var cells: [[String]] = []
        for (i, row) in rows.enumerated() {
            let s = row.fit
            let tier = profile.fit.tiers[s.tierRank].name
            let reasons =
                row.disqualification.map { "disqualified: \($0)" }
                ?? (row.detail?.fit.topReasons(explain ? 5 : 3).map(\.name).joined(separator: ", ") ?? "")
            var line = [
                String(i + 1), account(row.name, id: row.id, width: 26), clip(tier, 12),
                "\(ValueFormat.points(s.total))/\(ValueFormat.points(s.maximum))",
            ]
            if header.contains("Engagement") {
                let e = row.engagement.map { e in
                    "\(profile.engagement?.tiers[e.tierRank].name ?? "") \(ValueFormat.points(e.total))/\(ValueFormat.points(e.maximum))"
                }
                line.append(e ?? "—")
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
        var lines = grid(header, cells, rightAligned: [0, 3]).split(separator: "\n").map(String.init)
        if rows.count < total {
            let more = ValueFormat.count.format(Double(total - rows.count))
            lines.append(
                top == nil
                    ? "… \(more) more; use --top N or --format csv for all"
                    : "… \(more) more below the top \(rows.count); --format csv lists all")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rows of cells as aligned columns under a header and a rule; the
    /// columns at `rightAligned` positions are aligned right (numbers).
    static func grid(_ header: [String], _ cells: [[String]], rightAligned: Set<Int> = []) -> String {
        var widths = header.map(\.count)
        for row in cells {
            for (c, text) in row.enumerated() where c < widths.count { widths[c] = max(widths[c], text.count) }
        }
        func format(_ row: [String]) -> String {
            var out = ""
            for (c, text) in row.enumerated() where c < widths.count {
                let pad = String(repeating: " ", count: widths[c] - text.count)
                out += rightAligned.contains(c) ? pad + text : text + pad
                if c + 1 < row.count { out += "  " }
            }
            while out.last == " " { out.removeLast() }
            return out
        }
        let lines = [format(header), format(widths.map { String(repeating: "-", count: $0) })] + cells.map(format)
        return lines.joined(separator: "\n") + "\n"
    }

    static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
