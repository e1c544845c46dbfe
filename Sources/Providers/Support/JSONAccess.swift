import Gateway

/// Reading providers' JSON answers.
extension JSONValue {
    /// The first member named `key` of an object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// A number or a numeric string, as its text (`113` and `"113"` both give "113").
    var numberText: String? {
        switch self {
        case .number(let n): return n
        case .string(let s) where !s.isEmpty && s.allSatisfy(\.isNumber): return s
        default: return nil
        }
    }

    /// Parses a provider's body; nil when it is not JSON.
    static func parse(_ body: [UInt8]) -> JSONValue? {
        try? JSONReader().parse(body).get()
    }
}
