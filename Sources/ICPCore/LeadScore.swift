/// How a contact's lead score weighs its three parts. Weights are relative:
/// `(2, 1, 1)` is the same as `(0.5, 0.25, 0.25)`, the default.
public struct LeadScoring: Sendable, Hashable, Codable {
    /// The weight of the account's fit ratio.
    public var fitWeight: Double
    /// The weight of the contact's best persona degree.
    public var personaWeight: Double
    /// The weight of the contact's engagement ratio.
    public var engagementWeight: Double

    /// Creates weights; negative or non-finite weights count as 0.
    public init(fitWeight: Double = 0.5, personaWeight: Double = 0.25, engagementWeight: Double = 0.25) {
        self.fitWeight = fitWeight
        self.personaWeight = personaWeight
        self.engagementWeight = engagementWeight
    }
}

/// A contact's lead score, 0–100: the account's fit, the contact's best
/// persona match and the contact's own engagement, each 0…1, weighed by
/// ``LeadScoring``.
///
/// - The fit part is the account's fit ratio; a disqualified or unknown
///   account counts 0.
/// - The persona part is the best persona's degree; no matching persona
///   counts 0. A profile without personas leaves the part out.
/// - The engagement part is the ratio of the profile's contact-engagement
///   rubric; a profile without one leaves the part out.
///
/// Parts left out do not dilute the rest: the weights of the parts present
/// are renormalised.
public struct LeadScore: Sendable, Hashable, CustomStringConvertible {
    /// The contact's id.
    public var contactID: String
    /// The contact's name and title.
    public var label: String
    /// The score, 0–100.
    public var value: Double
    /// The fit part, 0…1.
    public var fit: Double
    /// The account's fit score, if known.
    public var accountFit: Score?
    /// The best persona match, if any persona fits at all.
    public var persona: PersonaMatch?
    /// The persona part, 0…1; `nil` when the profile has no personas.
    public var personaPart: Double?
    /// The contact's engagement score, when the profile has a contact-engagement rubric.
    public var engagement: Score?

    /// Combines the parts.
    public init(
        contact: Contact, accountFit: Score?, persona: PersonaMatch?, hasPersonas: Bool, engagement: Score?,
        weights: LeadScoring
    ) {
        func weight(_ w: Double) -> Double { w.isFinite ? max(0, w) : 0 }
        self.contactID = contact.id
        self.label = contact.scoringLabel
        self.accountFit = accountFit
        self.persona = persona
        self.engagement = engagement
        let fit = accountFit.map { $0.disqualifications.isEmpty ? $0.ratio : 0 } ?? 0
        self.fit = fit
        self.personaPart = hasPersonas ? (persona?.degree ?? 0) : nil
        var sum = weight(weights.fitWeight) * fit
        var total = weight(weights.fitWeight)
        if let part = personaPart {
            sum += weight(weights.personaWeight) * part
            total += weight(weights.personaWeight)
        }
        if let engagement {
            sum += weight(weights.engagementWeight) * engagement.ratio
            total += weight(weights.engagementWeight)
        }
        self.value = total > 0 ? 100 * sum / total : 0
    }

    /// `Dana Reyes (Head of IT Security): 85 — fit 80%, Security leader 100%, engagement 80%`.
    public var description: String {
        var parts = ["fit \(ValueFormat.percent.format(fit))"]
        if personaPart != nil {
            parts.append(persona.map { "\($0.persona) \(ValueFormat.percent.format($0.degree))" } ?? "no persona")
        }
        if let engagement { parts.append("engagement \(ValueFormat.percent.format(engagement.ratio))") }
        return "\(label): \(ValueFormat.points(value.rounded())) — " + parts.joined(separator: ", ")
    }
}
