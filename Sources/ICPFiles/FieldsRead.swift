import ICPCore

/// The account fields and custom attributes a profile reads, worked out
/// from its criteria's file forms, so that an import can skip the rest.
public struct FieldsRead: Sendable, Hashable {
    /// The standard fields read (the id and name are always read).
    public var fields: Set<AccountField>
    /// The custom attributes read, folded.
    public var attributes: Set<NameKey>
    /// The custom attributes some criterion tests as a flag (yes / no), folded:
    /// a cell there that is not a flag cannot be read.
    public var flags: Set<NameKey>

    /// Creates a set of fields.
    public init(fields: Set<AccountField> = [], attributes: Set<NameKey> = [], flags: Set<NameKey> = []) {
        self.fields = fields
        self.attributes = attributes
        self.flags = flags
    }

    /// What a profile's fit and engagement rubrics read (lines,
    /// disqualifiers and tier requirements); `nil` when some criterion has no
    /// file form or an unknown kind, so every column must be read.
    public init?(_ profile: Profile<Account>) {
        var read = FieldsRead()
        for rubric in [profile.fit] + (profile.engagement.map { [$0] } ?? []) {
            var specs: [Specification?] = []
            for line in rubric.lines {
                switch line.scoring {
                case .criterion(let c, _): specs.append(c.specification)
                case .bands(let s, _, _): specs.append(s.specification)
                }
            }
            specs += rubric.disqualifiers.map(\.criterion.specification)
            specs += rubric.tiers.compactMap { $0.requirement.map(\.specification) }
            for spec in specs {
                guard let spec, read.add(spec.json) else { return nil }
            }
        }
        self = read
    }

    /// What one criterion or signal reads, worked out from its file form;
    /// `nil` for a kind this does not know. Event criteria read no field.
    public init?(_ specification: Specification) {
        var read = FieldsRead()
        guard read.add(specification.json) else { return nil }
        self = read
    }

    /// Adds what one criterion or signal reads; false for an unknown kind.
    private mutating func add(_ json: JSONValue) -> Bool {
        guard case .object(let o) = json, case .string(let kind)? = o["kind"] else { return false }
        let direct: [String: [AccountField]] = [
            "employees": [.employees], "revenue": [.revenue], "customers": [.customers], "funding": [.funding],
            "founded": [.founded], "company_age": [.founded], "nps": [.nps], "sentiment": [.sentiment],
            "referrals": [.referrals], "advocacy": [.advocacy], "stage": [.stage], "city": [.city],
            "technologies": [.technologies],
            "technology_count": [.technologies], "industry": [.industry, .industryCode],
            "location": [.country, .state], "funded": [.lastFundingDate], "prominent_brand": [.prominentBrand],
            "pain_points": [.painPoints], "use_cases": [.useCases], "headcount_growth": [.employees],
            "headcount_crossed": [.employees],
        ]
        let events: Set<String> = [
            "event_count", "event_value_sum", "days_since_last", "last_seen", "decayed_engagement", "activity_change",
            "activity_drop",
        ]
        if let f = direct[kind] {
            fields.formUnion(f)
            return true
        }
        if events.contains(kind) { return true }
        switch kind {
        case "attribute":
            guard case .string(let name)? = o["name"] else { return false }
            attributes.insert(NameKey(name))
            if case .bool? = o["equals"] { flags.insert(NameKey(name)) }
            return true
        case "all", "any", "at_least":
            guard case .array(let parts)? = o["of"] else { return false }
            return parts.allSatisfy { add($0) }
        case "not", "missing":
            return o["criterion"].map { add($0) } ?? false
        case "proportional":
            return o["signal"].map { add($0) } ?? false
        default:
            return false
        }
    }
}
