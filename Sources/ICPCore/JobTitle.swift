/// Words of a free text, folded for matching: lowercase, split on anything
/// that is not a letter or a digit.
///
/// A phrase *contains* another when the other's words appear in it
/// together and in order: "manual compliance reporting" contains
/// "compliance reporting"; "compliance of reporting" does not.
public struct Phrase: Sendable, Hashable, CustomStringConvertible {
    /// The folded words.
    public let words: [String]

    /// Splits and folds a text.
    public init(_ text: String) {
        self.words = Phrase.split(text)
    }

    /// A phrase of given words (already folded).
    public init(words: [String]) {
        self.words = words
    }

    /// Whether `other`'s words appear in this phrase together and in order.
    /// An empty phrase is contained in none.
    public func contains(_ other: Phrase) -> Bool {
        let n = other.words.count
        guard n > 0, n <= words.count else { return false }
        for start in 0...(words.count - n) where words[start] == other.words[0] {
            if words[start..<(start + n)].elementsEqual(other.words) { return true }
        }
        return false
    }

    /// The words joined by spaces.
    public var description: String { words.joined(separator: " ") }

    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}

/// A job title read for persona matching: its seniority and its function
/// words, with common abbreviations written out.
///
/// | title | seniority | function |
/// | --- | --- | --- |
/// | `VP of Sales` | VP | sales |
/// | `Sr. Director, Revenue Operations` | director | revenue operations |
/// | `Head of IT Security` | director | it security |
/// | `CISO` | C-level | information security officer |
/// | `IT Ops Manager` | manager | it operations |
/// | `Marketing Coordinator` | individual contributor | marketing coordinator |
///
/// Abbreviations: VP, SVP, EVP, AVP, Sr., Jr., Dir., Mgr., Ops, RevOps,
/// SecOps, InfoSec, HR, and the chief officers CEO, CFO, COO, CIO, CTO, CISO,
/// CSO, CRO, CMO, CPO, CDO. The function is what is left after the
/// seniority words (chief, vice president, senior, head, director, manager,
/// lead …) and small words (of, and, the …) are taken out.
public struct JobTitle: Sendable, Hashable, CustomStringConvertible {
    /// The title as written.
    public let text: String
    /// All words, folded, abbreviations written out.
    public let words: [String]
    /// The function words: what the person works on.
    public let function: Phrase
    /// The seniority the title states, or `nil` when it states none.
    public let seniority: Seniority?

    /// Reads a title.
    public init(_ text: String) {
        self.text = text
        let words = JobTitle.expand(Phrase.split(text))
        self.words = words
        self.function = Phrase(
            words: words.filter { !JobTitle.smallWords.contains($0) && !JobTitle.levelWords.contains($0) })
        self.seniority = JobTitle.seniority(of: words)
    }

    /// The title as written.
    public var description: String { text }

    /// Words that state a level rather than a function.
    static let levelWords: Set<String> = [
        "chief", "vice", "president", "senior", "junior", "principal", "head", "director", "manager", "lead",
        "leader", "supervisor", "managing", "founder", "cofounder", "owner",
    ]

    /// Words that carry no meaning in a title.
    static let smallWords: Set<String> = ["of", "the", "and", "for", "to", "in", "at", "a", "an", "with", "on"]

    /// Words that mark an individual contributor.
    static let individualWords: Set<String> = [
        "engineer", "analyst", "specialist", "coordinator", "associate", "representative", "administrator",
        "consultant", "developer", "architect", "assistant", "intern", "technician", "buyer", "executive",
        "agent", "designer", "scientist", "accountant", "officer", "advisor", "generalist", "strategist",
        "planner", "clerk", "guard", "writer", "recruiter", "auditor",
    ]

    /// Abbreviations and the words they stand for.
    static let abbreviations: [String: [String]] = [
        "vp": ["vice", "president"], "svp": ["senior", "vice", "president"],
        "evp": ["executive", "vice", "president"], "avp": ["assistant", "vice", "president"],
        "sr": ["senior"], "snr": ["senior"], "jr": ["junior"], "dir": ["director"], "mgr": ["manager"],
        "mngr": ["manager"], "ops": ["operations"], "revops": ["revenue", "operations"],
        "secops": ["security", "operations"], "itops": ["it", "operations"], "salesops": ["sales", "operations"],
        "infosec": ["information", "security"], "mktg": ["marketing"], "hr": ["human", "resources"],
        "exec": ["executive"], "admin": ["administrator"], "sysadmin": ["systems", "administrator"],
        "assoc": ["associate"], "acct": ["account"], "rep": ["representative"], "eng": ["engineering"],
        "engr": ["engineer"],
        "ceo": ["chief", "executive", "officer"], "cfo": ["chief", "financial", "officer"],
        "coo": ["chief", "operating", "officer"], "cio": ["chief", "information", "officer"],
        "cto": ["chief", "technology", "officer"], "ciso": ["chief", "information", "security", "officer"],
        "cso": ["chief", "security", "officer"], "cro": ["chief", "revenue", "officer"],
        "cmo": ["chief", "marketing", "officer"], "cpo": ["chief", "product", "officer"],
        "cdo": ["chief", "data", "officer"],
    ]

    static func expand(_ words: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(words.count + 4)
        var i = 0
        while i < words.count {
            let w = words[i]
            let next = i + 1 < words.count ? words[i + 1] : nil
            if w == "v", next == "p" {  // V.P.
                out += ["vice", "president"]
                i += 2
            } else if w == "co", next == "founder" {  // Co-founder
                out.append("cofounder")
                i += 2
            } else {
                out += abbreviations[w] ?? [w]
                i += 1
            }
        }
        return out
    }

    static func seniority(of words: [String]) -> Seniority? {
        for (i, w) in words.enumerated() where w == "vice" && i + 1 < words.count && words[i + 1] == "president" {
            return .vp
        }
        for (i, w) in words.enumerated() {
            switch w {
            case "chief", "president", "founder", "cofounder", "owner": return .cLevel
            case "managing" where i + 1 < words.count && words[i + 1] == "director": return .cLevel
            default: continue
            }
        }
        if words.contains(where: { $0 == "director" || $0 == "head" }) { return .director }
        if words.contains(where: { $0 == "manager" || $0 == "lead" || $0 == "leader" || $0 == "supervisor" }) {
            return .manager
        }
        if words.contains(where: individualWords.contains) { return .individualContributor }
        return nil
    }
}
