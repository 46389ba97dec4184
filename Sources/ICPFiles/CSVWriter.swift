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
        guard field.utf8.contains(where: mustQuote) else {
            out += field
            return
        }
        out += "\""
        for ch in field {
            if ch == "\"" { out += "\"\"" } else { out.append(ch) }
        }
        out += "\""
    }

    /// Appends one field's UTF-8 bytes, quoted when it must be, as the
    /// `String` form does: for output built as bytes.
    @inlinable
    public static func append(_ field: some Collection<UInt8>, to out: inout [UInt8]) {
        guard field.contains(where: mustQuote) else {
            out.append(contentsOf: field)
            return
        }
        out.append(0x22)
        for b in field {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }

    /// Appends one field's UTF-8 bytes, quoted when it must be: the
    /// generic form's result, checking most bytes with one comparison.
    public static func append(_ field: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        // Every byte that needs quotes is below 0x2D (the comma is 0x2C).
        for b in field where b < 0x2D && mustQuote(b) {
            append(field[...], to: &out)
            return
        }
        out.append(contentsOf: field)
    }

    /// Whether a byte makes its field need quotes: a comma, a quote or a
    /// line break.
    @usableFromInline
    static func mustQuote(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D
    }
}
