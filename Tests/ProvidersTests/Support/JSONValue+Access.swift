import Gateway

/// Reading JSON answers and recorded request bodies in tests (Gateway's `JSONValue` keeps member
/// order, duplicates and the difference between `true` and `1`).
extension JSONValue {
    /// Parses UTF-8 JSON text; nil when it is not JSON.
    static func parse(text: String) -> JSONValue? { try? JSONReader().parse(Array(text.utf8)).get() }

    /// The first member named `key` of an object.
    subscript(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// An object's member names in order (empty for anything else).
    var memberNames: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.key)
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    var numberText: String? {
        if case .number(let n) = self { return n }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var isNull: Bool { self == .null }
}

/// An object of strings as a dictionary (nil for anything else).
func stringMap(_ value: JSONValue?) -> [String: String]? {
    guard case .object(let members)? = value else { return nil }
    var result: [String: String] = [:]
    for member in members {
        guard let text = member.value.stringValue else { return nil }
        result[member.key] = text
    }
    return result
}
