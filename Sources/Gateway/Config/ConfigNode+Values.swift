/// Typed readers. Each throws an error at this node's path when the value has the wrong shape or
/// format; messages never repeat the value. A node whose `${NAME}` was unresolved throws an empty
/// `ConfigErrors` (its error was reported once, by the environment substitution).
extension ConfigNode {
    /// The mapping's entries in file order; a null node is an empty mapping.
    public func entries() throws(ConfigErrors) -> [(key: String, node: ConfigNode)] {
        switch storage {
        case .mapping(let entries): return entries.map { ($0.key, $0.node) }
        case .null: return []
        case .unresolved: throw ConfigErrors()
        default: throw error("must be a mapping")
        }
    }

    /// The sequence's elements; a null node is an empty sequence.
    public func elements() throws(ConfigErrors) -> [ConfigNode] {
        switch storage {
        case .sequence(let elements): return elements
        case .null: return []
        case .unresolved: throw ConfigErrors()
        default: throw error("must be a list")
        }
    }

    /// A non-empty string. An unquoted number is read as its text (`sp61504`, `2345`); a boolean is not.
    public func string() throws(ConfigErrors) -> String {
        switch storage {
        case .scalar(let scalar):
            guard !scalar.isLiteralBool else { throw error("must be a string, not a boolean (quote it)") }
            guard !scalar.text.isEmpty else { throw error("must not be empty") }
            return scalar.text
        case .unresolved: throw ConfigErrors()
        default: throw error("must be a string")
        }
    }

    /// An integer in `range`.
    public func int(in range: ClosedRange<Int> = Int.min...Int.max) throws(ConfigErrors) -> Int {
        let expectation = ConfigNode.describe(range)
        switch storage {
        case .scalar(let scalar):
            guard scalar.mayBeTyped, let value = ConfigNode.intValue(scalar.text) else {
                throw error("must be \(expectation)")
            }
            guard range.contains(value) else { throw error("must be \(expectation)") }
            return value
        case .unresolved: throw ConfigErrors()
        default: throw error("must be \(expectation)")
        }
    }

    /// A positive integer (1 or more).
    public func positiveInt() throws(ConfigErrors) -> Int {
        try int(in: 1...Int.max)
    }

    /// The longest duration in milliseconds a setting accepts: one day. Anything longer is a typo,
    /// and bounding it keeps every later conversion (to `Duration`, to nanoseconds) far from overflow.
    public static let maxMilliseconds = 86_400_000

    /// A duration in milliseconds: `1...maxMilliseconds`, or `0...maxMilliseconds` when `allowZero`.
    public func milliseconds(allowZero: Bool = false) throws(ConfigErrors) -> Int {
        try int(in: (allowZero ? 0 : 1)...ConfigNode.maxMilliseconds)
    }

    /// `true` or `false` (also `True`/`TRUE`/`False`/`FALSE`), unquoted.
    public func bool() throws(ConfigErrors) -> Bool {
        switch storage {
        case .scalar(let scalar):
            guard scalar.mayBeTyped, let value = ConfigNode.boolValue(scalar.text) else {
                throw error("must be true or false")
            }
            return value
        case .unresolved: throw ConfigErrors()
        default: throw error("must be true or false")
        }
    }

    /// An absolute `http://` or `https://` URL with a host.
    public func httpURL() throws(ConfigErrors) -> String {
        let text = try string()
        guard ConfigFormats.isAbsoluteHTTPURL(text) else {
            throw error("must be an absolute http:// or https:// URL")
        }
        return text
    }

    /// A phone number in E.164 form (`^\+[1-9][0-9]{1,14}$`).
    public func phoneNumber() throws(ConfigErrors) -> String {
        let text = try string()
        guard E164.isValid(text) else {
            throw error("must be a phone number in E.164 form (+ then country code and number, up to 15 digits)")
        }
        return text
    }

    /// A string of at most `maxLength` characters (Unicode scalar values).
    public func string(maxLength: Int) throws(ConfigErrors) -> String {
        let text = try string()
        guard text.unicodeScalars.count <= maxLength else {
            throw error("must be at most \(maxLength) characters")
        }
        return text
    }

    static func intValue(_ text: String) -> Int? {
        var digits = Substring(text)
        if digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        let body = digits.first == "-" ? digits.dropFirst() : digits
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    static func boolValue(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound, range.upperBound) {
        case (1, Int.max): "a positive integer"
        case (0, Int.max): "an integer, 0 or more"
        case (Int.min, Int.max): "an integer"
        case (1, let high): "a positive integer, at most \(high)"
        case (0, let high): "an integer from 0 to \(high)"
        case (let low, let high): "an integer from \(low) to \(high)"
        }
    }
}
