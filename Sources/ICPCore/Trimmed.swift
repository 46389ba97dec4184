extension StringProtocol where UTF8View: BidirectionalCollection {
    /// The text without leading and trailing white space (any Unicode white
    /// space and line breaks).
    package func trimmed() -> String {
        // Fast path: nothing to trim when both ends are visible ASCII.
        if let f = utf8.first, let l = utf8.last, f > 0x20 && f < 0x7F, l > 0x20 && l < 0x7F { return String(self) }
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
