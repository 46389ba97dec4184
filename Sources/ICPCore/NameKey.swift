/// A name folded for matching: case-insensitive, with spaces, underscores
/// and hyphens treated alike and surrounding blanks ignored.
///
/// `"Business Type"`, `"business_type"` and `" BUSINESS-type "` all fold to
/// the same key, so a CRM column, a profile file and code can name one
/// attribute three ways. Fold once, when data is read or a criterion is
/// built, then compare keys.
///
/// - Complexity: O(*n*) in the length of the name to create; hashing and
///   comparison are those of a `String`.
public struct NameKey: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The folded text: lowercase, each run of separators as one `_`.
    public let folded: String

    /// Folds a name.
    public init(_ name: String) {
        var out = ""
        out.reserveCapacity(name.utf8.count)
        var pendingSeparator = false
        for scalar in name.unicodeScalars {
            let isSeparator =
                scalar == " " || scalar == "_" || scalar == "-" || scalar == "\t"
                || scalar == "\u{00A0}" || scalar == "\n" || scalar == "\r"
            if isSeparator {
                pendingSeparator = !out.isEmpty
                continue
            }
            if pendingSeparator {
                out.append("_")
                pendingSeparator = false
            }
            if scalar.isASCII {
                let v = scalar.value
                out.unicodeScalars.append(
                    (65...90).contains(v) ? Unicode.Scalar(UInt8(truncatingIfNeeded: v + 32)) : scalar)
            } else {
                out += String(scalar).lowercased()
            }
        }
        folded = out
    }

    /// Folds a name, or gives `nil` when the name is missing or blank (only
    /// separators), which is how data missing from a CRM cell reads.
    public init?(nonBlank name: String?) {
        guard let name else { return nil }
        self.init(name)
        if folded.isEmpty { return nil }
    }

    /// Folds a string literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// The folded text.
    public var description: String { folded }

    /// Keys order by their folded text.
    public static func < (lhs: NameKey, rhs: NameKey) -> Bool { lhs.folded < rhs.folded }
}
