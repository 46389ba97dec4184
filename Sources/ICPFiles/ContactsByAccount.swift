import ICPCore

/// The contacts of a contacts file, ready to be found per account: by the
/// account id a contact carries, else by its email's domain against the
/// account's domain or website.
///
/// Domains are compared lower-cased, without a scheme, `www.`, a path or a
/// port (`https://www.Acme.com/about` is `acme.com`). Free-mail domains
/// (gmail.com, outlook.com, yahoo.com and the like) never match an account.
///
/// ```swift
/// let people = try CRMImport.contacts(path: "contacts.csv")
/// let committee = profile.committee(people.contacts(of: account))
/// ```
public struct ContactsByAccount: Sendable {
    /// Contacts with an account id, by that id.
    public var byAccount: [String: [Contact]] = [:]
    /// Contacts without an account id, by their email's domain (free mail excepted).
    public var byDomain: [String: [Contact]] = [:]
    /// Contacts without an account id whose email is free mail, so they match no account.
    public var freeMail = 0
    /// Contacts with neither an account id nor an email domain.
    public var noDomain = 0
    /// What reading the file did.
    public var report: ImportReport

    /// An empty set for a file.
    public init(file: String) { report = ImportReport(file: file) }

    /// Whether no contact can be matched to any account.
    public var isEmpty: Bool { byAccount.isEmpty && byDomain.isEmpty }

    /// An account's contacts: those that carry its id, then those whose
    /// email domain is its domain.
    public func contacts(of account: Account) -> [Contact] {
        let own = byAccount[account.id] ?? []
        guard let domain = matchedDomain(of: account) else { return own }
        return own + (byDomain[domain] ?? [])
    }

    /// The contacts matched by domain to an account's domain, if any:
    /// the domain, for counting matches.
    public func matchedDomain(of account: Account) -> String? {
        guard !byDomain.isEmpty, let domain = account.domain.flatMap(ContactsByAccount.webDomain),
            byDomain[domain] != nil
        else { return nil }
        return domain
    }

    /// `matched of N contacts without an account id matched by email domain …`:
    /// the counts after scoring, given the domains that found an account.
    public func domainSummary(matchedDomains: Set<String>) -> String? {
        let byDomainCount = byDomain.values.reduce(0) { $0 + $1.count }
        guard byDomainCount + freeMail + noDomain > 0 else { return nil }
        let matched = matchedDomains.reduce(0) { $0 + (byDomain[$1]?.count ?? 0) }
        let f = ValueFormat.count
        var text =
            "contacts without an account id: \(f.format(Double(matched))) matched to an account by email domain, \(f.format(Double(byDomainCount - matched))) unmatched"
        if freeMail > 0 { text += ", \(f.format(Double(freeMail))) with free-mail addresses (never matched)" }
        if noDomain > 0 { text += ", \(f.format(Double(noDomain))) without an email" }
        return text
    }

    /// The domain of an email address, folded; `nil` when it has none.
    public static func emailDomain(_ email: String) -> String? {
        guard let at = email.lastIndex(of: "@") else { return nil }
        return webDomain(String(email[email.index(after: at)...]))
    }

    /// A domain or website folded for matching: lower-cased, without
    /// scheme, `www.`, path, port or a final dot; `nil` when nothing is left.
    public static func webDomain(_ text: String) -> String? {
        var t = Substring(text.trimmed().lowercased())
        for scheme in ["https://", "http://"] where t.hasPrefix(scheme) { t = t.dropFirst(scheme.count) }
        if let end = t.firstIndex(where: { $0 == "/" || $0 == ":" || $0 == "?" || $0 == "#" }) { t = t[..<end] }
        if t.hasPrefix("www.") { t = t.dropFirst(4) }
        while t.hasSuffix(".") { t = t.dropLast() }
        return t.isEmpty || !t.contains(".") ? nil : String(t)
    }

    /// Whether a folded domain is a free-mail provider's.
    public static func isFreeMail(_ domain: String) -> Bool { freeMailDomains.contains(domain) }

    /// Free-mail providers: an address there says nothing about the employer.
    static let freeMailDomains: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
        "yahoo.com", "yahoo.co.uk", "yahoo.fr", "ymail.com", "aol.com", "icloud.com", "me.com", "mac.com",
        "proton.me", "protonmail.com", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com", "zoho.com",
        "yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "126.com", "fastmail.com", "hey.com",
        "tutanota.com", "orange.fr", "free.fr", "laposte.net", "libero.it", "t-online.de", "btinternet.com",
        "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "rediffmail.com",
    ]
}
