/// A person at an account: who they are, what they do there and how they
/// have engaged.
///
/// The title is read once, when it is set (see ``JobTitle``), so persona
/// matching compares prepared words. A seniority given explicitly wins over
/// the one the title states.
///
/// ```swift
/// let dana = Contact(
///     id: "c-1", accountID: "001", name: "Dana Reyes", title: "Head of IT Security",
///     email: "dana@acme.com", events: [EngagementEvent(.emailClick, on: CalendarDay(2026, 11, 20))])
/// dana.effectiveSeniority   // .director
/// ```
public struct Contact: Sendable, Hashable, Identifiable, ScoringSubject, EventSubject {
    /// The CRM's record id.
    public var id: String
    /// The id of the contact's account, if known.
    public var accountID: String?
    /// The person's name.
    public var name: String
    /// The job title as written; ``jobTitle`` holds it read.
    public var title: String? {
        didSet { jobTitle = title.map(JobTitle.init) }
    }
    /// The seniority as recorded in the CRM; `nil` to take it from the title.
    public var seniority: Seniority?
    /// The department, e.g. `Security`, `IT`, `Procurement`.
    public var department: String?
    /// The email address.
    public var email: String?
    /// The contact's own engagement events, in time order.
    public var events: EventLog

    /// ``title`` read for matching; `nil` when there is no title.
    public private(set) var jobTitle: JobTitle?

    /// Creates a contact.
    public init(
        id: String, accountID: String? = nil, name: String, title: String? = nil, seniority: Seniority? = nil,
        department: String? = nil, email: String? = nil, events: EventLog = []
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.title = title
        self.seniority = seniority
        self.department = department
        self.email = email
        self.events = events
        self.jobTitle = title.map(JobTitle.init)
    }

    /// The seniority recorded, or else the one the title states.
    public var effectiveSeniority: Seniority? { seniority ?? jobTitle?.seniority }

    /// `Dana Reyes (Head of IT Security)`.
    public var scoringLabel: String {
        guard let title, !title.isEmpty else { return name }
        return "\(name) (\(title))"
    }
}

/// A contact together with their account: the subject of lead-scoring
/// rubrics that mix company fit ("revenue fit") with the person ("title
/// match") and the person's engagement.
///
/// A lead's ``events`` are the contact's. Criteria written for `Account`
/// apply to a lead through `on(\.account)`, and those written for
/// `Contact` through `on(\.contact)` (see `ICPCriteria`).
public struct Lead: Sendable, Hashable, ScoringSubject, EventSubject {
    /// The person.
    public var contact: Contact
    /// The person's company, when known.
    public var account: Account?

    /// Creates a lead.
    public init(contact: Contact, account: Account?) {
        self.contact = contact
        self.account = account
    }

    /// The contact's events.
    public var events: EventLog { contact.events }

    /// `Dana Reyes (Head of IT Security) at Acme Security`.
    public var scoringLabel: String {
        guard let account else { return contact.scoringLabel }
        return "\(contact.scoringLabel) at \(account.name)"
    }
}
