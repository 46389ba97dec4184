/// The library's wording, in one place, so sentences stay consistent and
/// tests can compare them exactly.
package enum Wording {
    /// `A`, `A or B`, `A, B or C`.
    package static func join(_ items: [String], _ conjunction: String) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + (items.last ?? "")
        }
    }

    /// `Security Software` or `one of A, B or C`.
    package static func oneOf(_ items: [String]) -> String {
        items.count == 1 ? items[0] : "one of " + join(items, "or")
    }

    /// Parenthesises a composite name inside another composite.
    package static func nested(_ name: String) -> String {
        name.contains(" and ") || name.contains(" or ") || name.hasPrefix("at least ") ? "(\(name))" : name
    }
}
