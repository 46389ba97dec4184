/// Writes CSV records (RFC 4180): fields with a comma, a quote or a line
/// break are quoted, quotes doubled; records end with LF.
public enum CSVWriter {
    /// One record as a line, with its line break.
    public static func line(_ fields: [String]) -> String {
        var out = ""
        for (i, field) in fields.enumerated() {
            if i > 0 { out += "," }
            append(field, to: &out)
        }
        out += "\n"
        return out
    }

    /// Appends one field, quoted when it must be.
    public static func append(_ field: String, to out: inout String) {
        let needsQuotes = field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out += field
            return
        }
        out += "\""
        for ch in field {
            if ch == "\"" { out += "\"\"" } else { out.append(ch) }
        }
        out += "\""
    }
}
