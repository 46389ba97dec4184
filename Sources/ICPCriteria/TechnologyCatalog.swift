import ICPCore

/// Technologies by canonical name, with the other names exports use for
/// them and the category each belongs to.
///
/// Matching goes through the catalog: `"salesforce.com"`, `"Sales Cloud"`
/// and `"SFDC"` are all Salesforce. A catalog is a value: extend it and pass
/// it to the criteria that should use it.
///
/// ```swift
/// let catalog = TechnologyCatalog.standard
///     .adding("Acme Shield", category: "Security", aliases: ["AcmeShield", "Acme Shield EDR"])
/// TechStack.usesAny("Acme Shield", catalog: catalog)
/// ```
public struct TechnologyCatalog: Sendable, Equatable {
    /// One technology.
    public struct Entry: Sendable, Hashable {
        /// The canonical name, e.g. `Salesforce`.
        public var name: String
        /// The category, e.g. `CRM`.
        public var category: String?
        /// Other names for it, e.g. `salesforce.com`, `Sales Cloud`.
        public var aliases: [String]

        /// Creates an entry.
        public init(_ name: String, category: String? = nil, aliases: [String] = []) {
            self.name = name
            self.category = category
            self.aliases = aliases
        }
    }

    /// The entries, in the order added.
    public private(set) var entries: [Entry] = []
    private var entryByKey: [NameKey: Int] = [:]

    /// Catalogs are equal when they hold the same entries in the same order.
    public static func == (lhs: TechnologyCatalog, rhs: TechnologyCatalog) -> Bool { lhs.entries == rhs.entries }

    /// A catalog of the given entries; a later entry's names take precedence.
    public init(_ entries: [Entry]) {
        for entry in entries { add(entry) }
    }

    /// The catalog with one more technology, or more names and a category
    /// for one it already has.
    public func adding(_ name: String, category: String? = nil, aliases: [String] = []) -> TechnologyCatalog {
        var copy = self
        copy.add(Entry(name, category: category, aliases: aliases))
        return copy
    }

    private mutating func add(_ entry: Entry) {
        let key = NameKey(entry.name)
        if let existing = entryByKey[key] {
            entries[existing].aliases += entry.aliases
            if let category = entry.category { entries[existing].category = category }
            for alias in entry.aliases { entryByKey[NameKey(alias)] = existing }
            return
        }
        entries.append(entry)
        let index = entries.count - 1
        entryByKey[key] = index
        for alias in entry.aliases { entryByKey[NameKey(alias)] = index }
    }

    /// The entry a name refers to, by canonical name or alias (folded).
    public func entry(for name: String) -> Entry? { entry(for: NameKey(name)) }

    /// The entry a folded name refers to.
    public func entry(for key: NameKey) -> Entry? { entryByKey[key].map { entries[$0] } }

    /// The canonical name for a name; the name itself when the catalog does not know it.
    public func canonicalName(for name: String) -> String { entry(for: name)?.name ?? name }

    /// Every folded name that refers to the same technology as `name`
    /// (itself included).
    func keys(for name: String) -> Set<NameKey> {
        var keys: Set<NameKey> = [NameKey(name)]
        if let e = entry(for: name) {
            keys.insert(NameKey(e.name))
            for alias in e.aliases { keys.insert(NameKey(alias)) }
        }
        return keys
    }

    /// Every folded name of every technology in a category (folded).
    func keys(inCategory category: String) -> [NameKey: Int] {
        let wanted = NameKey(category)
        var result: [NameKey: Int] = [:]
        for (index, e) in entries.enumerated() where e.category.map({ NameKey($0) == wanted }) ?? false {
            result[NameKey(e.name)] = index
            for alias in e.aliases { result[NameKey(alias)] = index }
        }
        return result
    }

    /// The catalog the criteria use unless told otherwise: common B2B
    /// software with the names CRM exports and enrichment tools give it.
    public static let standard = TechnologyCatalog([
        Entry(
            "Salesforce", category: "CRM",
            aliases: ["salesforce.com", "Sales Cloud", "SFDC", "Salesforce CRM", "Service Cloud"]),
        Entry(
            "HubSpot", category: "CRM",
            aliases: ["HubSpot CRM", "hubspot.com", "HubSpot Sales Hub", "HubSpot Marketing Hub"]),
        Entry(
            "Microsoft Dynamics 365", category: "CRM",
            aliases: ["Dynamics 365", "Dynamics CRM", "MS Dynamics", "Microsoft Dynamics"]),
        Entry("Pipedrive", category: "CRM"),
        Entry("Zoho CRM", category: "CRM", aliases: ["Zoho"]),
        Entry("Marketo", category: "Marketing Automation", aliases: ["Adobe Marketo", "Marketo Engage"]),
        Entry(
            "Pardot", category: "Marketing Automation",
            aliases: ["Marketing Cloud Account Engagement", "Salesforce Pardot"]),
        Entry("Eloqua", category: "Marketing Automation", aliases: ["Oracle Eloqua"]),
        Entry("Mailchimp", category: "Marketing Automation", aliases: ["MailChimp"]),
        Entry("Okta", category: "Identity", aliases: ["Okta SSO", "okta.com"]),
        Entry("Auth0", category: "Identity"),
        Entry("Microsoft Entra ID", category: "Identity", aliases: ["Azure AD", "Azure Active Directory", "Entra ID"]),
        Entry("Ping Identity", category: "Identity", aliases: ["PingFederate", "PingOne"]),
        Entry("OneLogin", category: "Identity"),
        Entry("CrowdStrike", category: "Security", aliases: ["CrowdStrike Falcon", "Falcon"]),
        Entry("SentinelOne", category: "Security", aliases: ["Sentinel One"]),
        Entry(
            "Palo Alto Networks", category: "Security", aliases: ["Palo Alto", "PANW", "Prisma Cloud", "Cortex XDR"]),
        Entry("Splunk", category: "Security", aliases: ["Splunk Enterprise", "Splunk Cloud"]),
        Entry("Zscaler", category: "Security"),
        Entry("Fortinet", category: "Security", aliases: ["FortiGate"]),
        Entry("Cloudflare", category: "Security", aliases: ["cloudflare.com"]),
        Entry("Amazon Web Services", category: "Cloud", aliases: ["AWS", "Amazon AWS", "EC2", "Amazon EC2"]),
        Entry("Microsoft Azure", category: "Cloud", aliases: ["Azure"]),
        Entry("Google Cloud", category: "Cloud", aliases: ["GCP", "Google Cloud Platform"]),
        Entry("Snowflake", category: "Data", aliases: ["Snowflake Data Cloud"]),
        Entry("Databricks", category: "Data"),
        Entry("Segment", category: "Data", aliases: ["Twilio Segment"]),
        Entry(
            "Google Analytics", category: "Analytics", aliases: ["GA4", "Universal Analytics", "google-analytics.com"]),
        Entry("Mixpanel", category: "Analytics"),
        Entry("Amplitude", category: "Analytics"),
        Entry("Tableau", category: "Analytics"),
        Entry("Looker", category: "Analytics", aliases: ["Google Looker"]),
        Entry("Shopify", category: "E-commerce", aliases: ["Shopify Plus"]),
        Entry("Magento", category: "E-commerce", aliases: ["Adobe Commerce"]),
        Entry("BigCommerce", category: "E-commerce"),
        Entry("WooCommerce", category: "E-commerce"),
        Entry("Slack", category: "Collaboration"),
        Entry("Microsoft Teams", category: "Collaboration", aliases: ["MS Teams", "Teams"]),
        Entry("Zoom", category: "Collaboration", aliases: ["Zoom Video"]),
        Entry("Jira", category: "Developer Tools", aliases: ["Atlassian Jira", "JIRA Software"]),
        Entry("GitHub", category: "Developer Tools", aliases: ["github.com", "GitHub Enterprise"]),
        Entry("GitLab", category: "Developer Tools"),
        Entry("Zendesk", category: "Support", aliases: ["Zendesk Support"]),
        Entry("Intercom", category: "Support"),
        Entry("ServiceNow", category: "IT Service Management", aliases: ["Service Now"]),
        Entry("Workday", category: "HR"),
        Entry("NetSuite", category: "ERP", aliases: ["Oracle NetSuite"]),
        Entry("SAP", category: "ERP", aliases: ["SAP S/4HANA", "S/4HANA", "SAP ERP"]),
        Entry("Stripe", category: "Payments"),
    ])
}
