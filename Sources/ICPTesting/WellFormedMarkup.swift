/// A strict check that HTML is well-formed as XML: what `ICPReport`
/// writes, and what a host that embeds or extends the page can check its
/// own against.
///
/// It accepts a leading `<!DOCTYPE html>`, then one root element. Every
/// element must be closed in order (`<br />` closes itself), every
/// attribute quoted and named once per element, and text and attribute
/// values may hold `&` only in the five XML entities or a numeric
/// character reference, and `<` never.
///
/// ```swift
/// let counts = try WellFormedMarkup.check(report.html())
/// #expect(counts["svg"] == 8)
/// ```
public enum WellFormedMarkup {
    /// Why markup is not well-formed, and at which byte offset.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The byte offset.
        public var offset: Int
        /// What is wrong.
        public var message: String

        /// `at byte 120: </p> closes <b>`.
        public var description: String { "at byte \(offset): \(message)" }
    }

    /// Checks markup; returns how many elements of each name it holds.
    ///
    /// - Throws: ``Problem`` at the first fault.
    public static func check(_ text: String) throws -> [String: Int] {
        let bytes = Array(text.utf8)
        var i = 0
        var open: [String] = []
        var counts: [String: Int] = [:]
        var rootClosed = false
        func fail(_ message: String) -> Problem { Problem(offset: i, message: message) }
        func starts(_ s: String) -> Bool {
            let u = Array(s.utf8)
            return i + u.count <= bytes.count && Array(bytes[i..<(i + u.count)]) == u
        }
        func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D
                || b == 0x3A || b == 0x5F
        }
        func name() throws -> String {
            let start = i
            while i < bytes.count, isNameByte(bytes[i]) { i += 1 }
            guard i > start else { throw fail("expected a name") }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
        func spaces() { while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }
        /// Checks an entity at `i` (which is `&`) and moves past it.
        func entity() throws {
            guard let end = bytes[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw fail("a bare & (write &amp;)")
            }
            let body = String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
            let named = ["amp", "lt", "gt", "quot", "apos"]
            let numeric =
                body.hasPrefix("#x")
                ? body.count > 2 && body.dropFirst(2).allSatisfy(\.isHexDigit)
                : body.hasPrefix("#") && body.count > 1 && body.dropFirst().allSatisfy(\.isNumber)
            guard named.contains(body) || numeric else { throw fail("an unknown entity &\(body);") }
            i = end + 1
        }
        if starts("<!DOCTYPE html>") { i += "<!DOCTYPE html>".utf8.count }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "<") {
                if starts("<!--") {
                    guard let end = Self.find("-->", in: bytes, from: i) else { throw fail("an unclosed comment") }
                    i = end + 3
                    continue
                }
                if starts("</") {
                    i += 2
                    let tag = try name()
                    spaces()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else {
                        throw fail("expected > after </\(tag)")
                    }
                    guard let last = open.popLast() else { throw fail("</\(tag)> closes nothing") }
                    guard last == tag else { throw fail("</\(tag)> closes <\(last)>") }
                    i += 1
                    if open.isEmpty { rootClosed = true }
                    continue
                }
                i += 1
                let tag = try name()
                guard !rootClosed else { throw fail("<\(tag)> after the root element closed") }
                counts[tag, default: 0] += 1
                var attributes: Set<String> = []
                while true {
                    let before = i
                    spaces()
                    guard i < bytes.count else { throw fail("<\(tag) is not closed") }
                    if bytes[i] == UInt8(ascii: ">") {
                        i += 1
                        open.append(tag)
                        break
                    }
                    if starts("/>") {
                        i += 2
                        if open.isEmpty { rootClosed = true }
                        break
                    }
                    guard i > before else { throw fail("attributes of <\(tag)> must be separated by spaces") }
                    let attribute = try name()
                    guard attributes.insert(attribute).inserted else { throw fail("<\(tag)> repeats \(attribute)") }
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                        throw fail("\(attribute) of <\(tag)> has no value")
                    }
                    i += 1
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                        throw fail("\(attribute) of <\(tag)> is not quoted")
                    }
                    let quote = bytes[i]
                    i += 1
                    while i < bytes.count, bytes[i] != quote {
                        if bytes[i] == UInt8(ascii: "<") { throw fail("< in the value of \(attribute)") }
                        if bytes[i] == UInt8(ascii: "&") { try entity() } else { i += 1 }
                    }
                    guard i < bytes.count else { throw fail("the value of \(attribute) is not closed") }
                    i += 1
                }
                // Style and script text is raw: up to its closing tag.
                if tag == "style" || tag == "script", open.last == tag {
                    guard let end = Self.find("</\(tag)", in: bytes, from: i) else {
                        throw fail("<\(tag)> is not closed")
                    }
                    i = end
                }
                continue
            }
            if b == UInt8(ascii: "&") {
                try entity()
                continue
            }
            if b == UInt8(ascii: ">") { throw fail("a bare > (write &gt;)") }
            if open.isEmpty, ![0x20, 0x0A, 0x0D, 0x09].contains(b) { throw fail("text outside the root element") }
            i += 1
        }
        guard open.isEmpty else { throw fail("<\(open.last ?? "")> is never closed") }
        guard rootClosed else { throw fail("no root element") }
        return counts
    }

    private static func find(_ needle: String, in bytes: [UInt8], from start: Int) -> Int? {
        let n = Array(needle.utf8)
        guard n.count <= bytes.count else { return nil }
        var i = start
        while i + n.count <= bytes.count {
            if bytes[i] == n[0], Array(bytes[i..<(i + n.count)]) == n { return i }
            i += 1
        }
        return nil
    }
}
