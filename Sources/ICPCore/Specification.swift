/// How a criterion or signal is written in a profile file: a kind and its
/// parameters, e.g. `{"kind": "employees", "min": 200, "max": 2000}`.
///
/// Built-in criteria give their specification; a criterion whose
/// specification is `nil` (a closure over a host type, say) cannot be
/// written to a file. Reading files back needs a registry that knows each
/// kind (see `CriterionRegistry` in `ICPCriteria`).
public struct Specification: Sendable, Hashable, CustomStringConvertible {
    /// The kind: `employees`, `industry`, `all` …
    public var kind: String
    /// The parameters, in order.
    public var parameters: JSONObject

    /// Creates a specification.
    public init(_ kind: String, _ parameters: JSONObject = [:]) {
        self.kind = kind
        self.parameters = parameters
    }

    /// The same specification with one more parameter (or one replaced).
    public func with(_ key: String, _ value: JSONValue) -> Specification {
        var copy = self
        copy.parameters[key] = value
        return copy
    }

    /// The JSON object: `kind` first, then the parameters in order.
    public var json: JSONValue {
        var object: JSONObject = ["kind": .string(kind)]
        for key in parameters.keys where key != "kind" { object[key] = parameters[key] }
        return .object(object)
    }

    /// The JSON text, on one line.
    public var description: String { json.description }
}

extension JSONValue {
    /// An array of strings.
    public static func strings(_ items: [String]) -> JSONValue { .array(items.map(JSONValue.string)) }
}
