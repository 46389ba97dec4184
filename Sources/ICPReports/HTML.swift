/// Writing HTML and SVG text: escaping, and a small writer of elements.
///
/// The report is written as XML-well-formed HTML (every element closed,
/// every attribute quoted, only the five XML entities), so that a strict
/// XML parser reads it and a browser renders it the same.
public enum HTML {
    /// Text escaped for an element's content or a quoted attribute:
    /// `&`, `<`, `>`, `"` and `'` become entities; control characters
    /// other than tab and line breaks, which XML does not allow, are
    /// dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Markup written in order: elements opened and closed, text escaped.
struct Markup {
    private(set) var text = ""
    private var open: [String] = []

    /// Opens an element; attributes with a `nil` value are left out.
    mutating func open(_ tag: String, _ attributes: [(String, String?)] = []) {
        text += "<" + tag + Markup.attributes(attributes) + ">"
        open.append(tag)
    }

    /// Closes the innermost open element.
    mutating func close() {
        guard let tag = open.popLast() else { return }
        text += "</" + tag + ">"
    }

    /// An element holding escaped text.
    mutating func element(_ tag: String, _ attributes: [(String, String?)] = [], _ content: String) {
        text += "<" + tag + Markup.attributes(attributes) + ">" + HTML.escape(content) + "</" + tag + ">"
    }

    /// An element holding escaped text, without attributes.
    mutating func element(_ tag: String, _ content: String) { element(tag, [], content) }

    /// An element with no content, closed XML-style (`<rect … />`).
    mutating func empty(_ tag: String, _ attributes: [(String, String?)] = []) {
        text += "<" + tag + Markup.attributes(attributes) + " />"
    }

    /// Escaped text.
    mutating func add(_ content: String) { text += HTML.escape(content) }

    /// Markup already written (a chart).
    mutating func raw(_ markup: String) { text += markup }

    /// Closes every open element.
    mutating func finish() -> String {
        while !open.isEmpty { close() }
        return text
    }

    static func attributes(_ attributes: [(String, String?)]) -> String {
        var out = ""
        for (name, value) in attributes {
            guard let value else { continue }
            out += " " + name + "=\"" + HTML.escape(value) + "\""
        }
        return out
    }
}
