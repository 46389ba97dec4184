import ICPCore

/// The account's Net Promoter Score answer, 0–10 (`Account.nps`), and its
/// categories: promoters answer 9–10, passives 7–8, detractors 0–6.
///
/// ```swift
/// NPS.promoter.points(2)
/// NPS.detractor.points(-2)
/// NPS.between(7...10).points(1)
/// ```
public enum NPS: AccountMeasure {
    /// `NPS`, as a signal.
    public static let signal = NumberField<Account>(
        "NPS", category: .qualitative, specification: Specification("nps"),
        operand: .field(.nps)
    ) { a, _ in a.nps.map(Double.init) }
    /// The same signal, named for reading.
    public static var rating: NumberField<Account> { signal }

    /// An NPS category.
    public enum Category: String, Sendable, Hashable, CaseIterable {
        /// 9–10.
        case promoter
        /// 7–8.
        case passive
        /// 0–6.
        case detractor

        /// The answers in the category.
        public var range: ClosedRange<Int> {
            switch self {
            case .promoter: 9...10
            case .passive: 7...8
            case .detractor: 0...6
            }
        }

        /// The category of an answer; `nil` outside 0–10.
        public init?(rating: Int) {
            guard let c = Category.allCases.first(where: { $0.range.contains(rating) }) else { return nil }
            self = c
        }
    }

    /// Holds for promoters (9–10).
    public static var promoter: NPSCriterion { NPSCriterion(.promoter) }
    /// Holds for passives (7–8).
    public static var passive: NPSCriterion { NPSCriterion(.passive) }
    /// Holds for detractors (0–6).
    public static var detractor: NPSCriterion { NPSCriterion(.detractor) }
}

/// Holds when the account's NPS answer is in a category. An answer outside
/// 0–10 reads as missing.
public struct NPSCriterion: Criterion {
    /// The category.
    public let nps: NPS.Category

    /// Creates the criterion.
    public init(_ category: NPS.Category) { self.nps = category }

    /// `{"kind": "nps", "category": "promoter"}`.
    public var specification: Specification? { Specification("nps", ["category": .string(nps.rawValue)]) }

    /// The rating (unknown outside 0–10) in the category's range.
    public var condition: Condition? {
        .number(
            .valid(.field(.nps), .between(0, 10)),
            .between(Double(nps.range.lowerBound), Double(nps.range.upperBound)))
    }

    /// `NPS promoter`.
    public var name: String { "NPS \(nps.rawValue)" }

    /// Qualitative.
    public var category: SignalCategory { .qualitative }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ account: Account, in context: EvaluationContext) -> Evaluation {
        let range = "\(nps.range.lowerBound)–\(nps.range.upperBound)"
        guard let rating = account.nps, let found = NPS.Category(rating: rating) else {
            return .unknown(
                missing: ["NPS"], evidence: [Observation("NPS", account.nps.map(String.init) ?? "unknown")],
                met: "NPS is a \(nps.rawValue) (\(range))", unmet: "NPS is not a \(nps.rawValue) (\(range))")
        }
        return .known(
            found == nps, evidence: [Observation("NPS", String(rating))],
            met: "NPS \(rating) is a \(nps.rawValue) (\(range))",
            unmet: "NPS \(rating) is a \(found.rawValue), not a \(nps.rawValue) (\(range))")
    }

    /// The degree without text.
    public func degree(of account: Account, in context: EvaluationContext) -> Double? {
        account.nps.flatMap { NPS.Category(rating: $0) }.map { $0 == nps ? 1 : 0 }
    }
}

/// Feedback sentiment, -1 (negative) … 1 (positive) (`Account.sentiment`).
///
/// ```swift
/// Sentiment.atLeast(0.5).points(1)
/// ```
public enum Sentiment: AccountMeasure {
    /// `sentiment`, as a signal.
    public static let signal = NumberField<Account>(
        "sentiment", category: .qualitative, specification: Specification("sentiment"),
        operand: .field(.sentiment)
    ) { a, _ in a.sentiment }
    /// The same signal, named for reading.
    public static var score: NumberField<Account> { signal }
}

/// Referrals the account has given (`Account.referralsGiven`): the
/// published rubric's "referral proclivity".
///
/// ```swift
/// Referrals.atLeast(1).points(2)
/// ```
public enum Referrals: AccountMeasure {
    /// `referrals given`, as a signal.
    public static let signal = NumberField<Account>(
        "referrals given", category: .qualitative, specification: Specification("referrals"),
        operand: .field(.referrals)
    ) { a, _ in
        a.referralsGiven.map(Double.init)
    }
    /// The same signal, named for reading.
    public static var given: NumberField<Account> { signal }
}

extension Advocacy {
    /// Holds when the account advocates in at least one of the ways (any
    /// way when none given). Unknown when `Account.advocacy` is `nil`.
    public static func any(_ kinds: Advocacy...) -> AdvocacyCriterion { AdvocacyCriterion(kinds, all: false) }

    /// Holds when the account advocates in every one of the ways.
    public static func all(_ kinds: Advocacy...) -> AdvocacyCriterion { AdvocacyCriterion(kinds, all: true) }
}

/// Holds when an account advocates publicly. See `Advocacy.any(_:)`.
public struct AdvocacyCriterion: Criterion {
    /// The ways asked about; empty means any.
    public let kinds: [Advocacy]
    /// Whether all are needed.
    public let needsAll: Bool

    /// Creates the criterion.
    public init(_ kinds: [Advocacy], all: Bool) {
        self.kinds = kinds
        self.needsAll = all
    }

    private var wanted: String {
        kinds.isEmpty ? "advocacy" : Wording.join(kinds.map(\.rawValue), needsAll ? "and" : "or")
    }

    /// `{"kind": "advocacy", "any": ["case study", "review"]}` (or `all`).
    public var specification: Specification? {
        Specification("advocacy", [needsAll ? "all" : "any": .strings(kinds.map(\.rawValue))])
    }

    /// The advocacy list against the kinds (any advocacy when none is named).
    public var condition: Condition? {
        guard !kinds.isEmpty else {
            return .items(.field(.advocacy), groups: [Set(Advocacy.allCases.map { NameKey($0.rawValue) })], .any)
        }
        return .items(.field(.advocacy), groups: kinds.map { [NameKey($0.rawValue)] }, needsAll ? .all : .any)
    }

    /// `advocates: case study or review`.
    public var name: String { "advocates: \(wanted)" }

    /// Qualitative.
    public var category: SignalCategory { .qualitative }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ account: Account, in context: EvaluationContext) -> Evaluation {
        guard let has = account.advocacy else {
            return .unknown(
                missing: ["advocacy"], evidence: [Observation("advocacy", "unknown")], met: "advocates: \(wanted)",
                unmet: "does not advocate: \(wanted)")
        }
        let shown = has.isEmpty ? "none" : has.sorted().map(\.rawValue).joined(separator: "; ")
        return .known(
            holds(has), evidence: [Observation("advocacy", shown)], met: "advocacy \(shown) includes \(wanted)",
            unmet: "advocacy \(shown) lacks \(wanted)")
    }

    /// The degree without text.
    public func degree(of account: Account, in context: EvaluationContext) -> Double? {
        account.advocacy.map { holds($0) ? 1 : 0 }
    }

    private func holds(_ has: Set<Advocacy>) -> Bool {
        if kinds.isEmpty { return !has.isEmpty }
        return needsAll ? kinds.allSatisfy(has.contains) : kinds.contains(where: has.contains)
    }
}

/// Whether the account is a prominent brand (`Account.isProminentBrand`).
public enum Brand {
    /// Holds for prominent brands; unknown when not recorded.
    public static var isProminent: ProminentBrand { ProminentBrand() }
}

/// Holds for prominent brands. See ``Brand/isProminent``.
public struct ProminentBrand: Criterion {
    /// `{"kind": "prominent_brand"}`.
    public var specification: Specification? { Specification("prominent_brand") }

    /// The prominent-brand flag is yes.
    public var condition: Condition? { .flag(.field(.prominentBrand), wanted: true) }

    /// `prominent brand`.
    public var name: String { "prominent brand" }

    /// Qualitative.
    public var category: SignalCategory { .qualitative }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ account: Account, in context: EvaluationContext) -> Evaluation {
        guard let prominent = account.isProminentBrand else {
            return .unknown(
                missing: ["prominent brand"], evidence: [Observation("prominent brand", "unknown")],
                met: "a prominent brand", unmet: "not a prominent brand")
        }
        return .known(
            prominent, evidence: [Observation("prominent brand", prominent ? "yes" : "no")],
            met: "a prominent brand", unmet: "not a prominent brand")
    }

    /// The degree without text.
    public func degree(of account: Account, in context: EvaluationContext) -> Double? {
        account.isProminentBrand.map { $0 ? 1 : 0 }
    }
}

/// Stated pain points (`Account.painPoints`) against the ones the product solves.
///
/// ```swift
/// PainPoints.overlap(with: ["alert fatigue", "compliance reporting", "phishing"], atLeast: 2).points(2)
/// ```
public enum PainPoints {
    /// Holds when at least `count` of the profile's pain points are among the account's.
    public static func overlap(with profile: [String], atLeast count: Int = 1) -> OverlapCriterion<Account> {
        var c = OverlapCriterion<Account>("pain points", profile: profile, atLeast: count) { $0.painPoints }
        c.specification = Specification(
            "pain_points", ["overlap": .strings(profile), "atLeast": .number(Double(c.needed))])
        c.condition = .phrases(.field(.painPoints), profile.map(Phrase.init), atLeast: c.needed)
        return c
    }
}

/// Use cases (`Account.useCases`) against the ones the product serves.
public enum UseCases {
    /// Holds when at least `count` of the profile's use cases are among the account's.
    public static func overlap(with profile: [String], atLeast count: Int = 1) -> OverlapCriterion<Account> {
        var c = OverlapCriterion<Account>("use cases", profile: profile, atLeast: count) { $0.useCases }
        c.specification = Specification(
            "use_cases", ["overlap": .strings(profile), "atLeast": .number(Double(c.needed))])
        c.condition = .phrases(.field(.useCases), profile.map(Phrase.init), atLeast: c.needed)
        return c
    }
}

/// How many of a profile's phrases a subject's list shares.
///
/// A profile phrase matches a subject's item when either contains the
/// other's words together and in order, case and punctuation aside:
/// "compliance reporting" matches "Manual compliance reporting". The
/// degree is the matches over `atLeast`, at most 1, so the points grow
/// with the overlap until enough match. An empty list is unknown.
public struct OverlapCriterion<Subject>: Criterion {
    /// The field's name: `pain points`.
    public let field: String
    /// The profile's phrases.
    public let profile: [String]
    /// How many must match for full points (at least 1).
    public let needed: Int
    /// The category (qualitative unless given).
    public let category: SignalCategory
    private let phrases: [Phrase]
    private let read: @Sendable (Subject) -> [String]
    /// How the criterion is written in a profile file (`Account` pain
    /// points and use cases only).
    public internal(set) var specification: Specification?
    /// The phrases overlapping the field's (`Account` pain points and use cases only).
    public internal(set) var condition: Condition?

    /// Creates the criterion from a closure that reads the subject's list.
    public init(
        _ field: String, category: SignalCategory = .qualitative, profile: [String], atLeast count: Int = 1,
        read: @escaping @Sendable (Subject) -> [String]
    ) {
        self.field = field
        self.category = category
        self.profile = profile
        self.needed = max(1, count)
        self.phrases = profile.map(Phrase.init)
        self.read = read
    }

    /// `pain points overlap at least 2 of alert fatigue, compliance reporting or phishing`.
    public var name: String { "\(field) overlap at least \(needed) of \(Wording.join(profile, "or"))" }

    /// The profile phrases the subject's list matches, in profile order.
    public func matches(_ subject: Subject) -> [String]? {
        let items = read(subject).map(Phrase.init).filter { !$0.words.isEmpty }
        guard !items.isEmpty else { return nil }
        return profile.indices.filter { i in
            items.contains { $0.contains(phrases[i]) || phrases[i].contains($0) }
        }.map { profile[$0] }
    }

    /// Evaluates: the evidence names which phrases matched and how many.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        let goal = "\(needed) of \(profile.count) \(field)"
        guard let matched = matches(subject) else {
            return .unknown(
                missing: [field], evidence: [Observation(field, "unknown")], met: "\(field) overlap \(goal)",
                unmet: "\(field) do not overlap \(goal)")
        }
        let listed = matched.isEmpty ? "" : ": " + matched.joined(separator: ", ")
        let sentence = "\(field) match \(matched.count) of \(profile.count)\(listed)"
        return .known(
            min(1, Double(matched.count) / Double(needed)),
            evidence: [
                Observation(field, read(subject).joined(separator: "; ")),
                Observation("\(field) matched", "\(matched.count)\(listed)"),
            ],
            met: sentence, unmet: "\(sentence) (\(needed) needed)")
    }

    /// The degree without text.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        matches(subject).map { min(1, Double($0.count) / Double(needed)) }
    }
}
