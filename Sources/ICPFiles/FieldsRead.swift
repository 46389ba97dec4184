import ICPCore

/// The account fields and custom attributes a profile reads, worked out
/// from its criteria's conditions and its signals' operands, so that an
/// import can skip the rest.
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
    /// disqualifiers and tier requirements); `nil` when some criterion has
    /// no `condition` (or some banded signal no `operand`), so every column
    /// must be read.
    public init?(_ profile: Profile<Account>) {
        var read = FieldsRead()
        for rubric in [profile.fit] + (profile.engagement.map { [$0] } ?? []) {
            for line in rubric.lines {
                switch line.scoring {
                case .criterion(let c, _):
                    guard let condition = c.condition else { return nil }
                    read.add(condition)
                case .bands(let s, _, _):
                    guard let operand = s.operand else { return nil }
                    read.add(operand)
                }
            }
            for criterion in rubric.disqualifiers.map(\.criterion) + rubric.tiers.compactMap(\.requirement) {
                guard let condition = criterion.condition else { return nil }
                read.add(condition)
            }
        }
        self = read
    }

    /// What one condition reads. Event measures read no field.
    public init(_ condition: Condition) {
        self.init()
        add(condition)
    }

    /// What one operand reads.
    public init(_ operand: Operand) {
        self.init()
        add(operand)
    }

    /// What the operands read, together.
    public init(operands: [Operand]) {
        self.init()
        operands.forEach { add($0) }
    }

    private mutating func add(_ condition: Condition) {
        condition.operands.forEach { add($0) }
        condition.flagged.forEach { flags.insert($0) }
    }

    private mutating func add(_ operand: Operand) {
        let reads = operand.reads
        fields.formUnion(reads.fields)
        attributes.formUnion(reads.attributes)
    }
}

extension Condition {
    /// The custom attributes tested as flags.
    fileprivate var flagged: [NameKey] {
        switch self {
        case .flag(.attribute(let key), _): [key]
        case .all(let parts), .any(let parts), .atLeast(_, let parts): parts.flatMap(\.flagged)
        case .not(let part), .missing(let part): part.flagged
        default: []
        }
    }
}
