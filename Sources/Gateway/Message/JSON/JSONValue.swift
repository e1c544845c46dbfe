/// A parsed JSON value that keeps what `JSONSerialization` loses: the difference between `true` and
/// `1`, the order of an object's members, and duplicate member names.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, kept as its exact source text (already checked against RFC 8259's grammar).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An object's members in source order; duplicates are kept, so the reader of the value decides.
    case object([JSONMember])

    /// The JSON type name used in error messages ("a string", "a number", ...).
    public var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One `"name": value` member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    /// The member name.
    public var key: String
    /// The member value.
    public var value: JSONValue

    /// Creates a member.
    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
