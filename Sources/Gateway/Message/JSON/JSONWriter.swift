/// Builds compact JSON text byte by byte, for response bodies whose key order is part of the contract.
///
/// Strings are escaped per RFC 8259: `"` and `\` get a backslash, control characters below U+0020 use
/// `\b \f \n \r \t` or `\u00XX`; everything else, non-ASCII included, is written as UTF-8.
public struct JSONWriter: Sendable {
    /// The text written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer.
    public init() {}

    /// Appends text verbatim (punctuation and keys the caller knows are valid JSON).
    public mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends a quoted, escaped string.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a string, or `null` for nil.
    public mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// Appends `true` or `false`.
    public mutating func bool(_ value: Bool) {
        raw(value ? "true" : "false")
    }

    /// Appends an integer.
    public mutating func int(_ value: Int) {
        raw(String(value))
    }

    /// Appends `null`.
    public mutating func null() {
        raw("null")
    }

    /// Appends a ``JSONValue``; with `sortingKeys`, object members are sorted by the UTF-8 bytes of their
    /// names (a canonical form: two texts with the same members in another order write the same bytes).
    public mutating func value(_ value: JSONValue, sortingKeys: Bool = false) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let text): raw(text)
        case .string(let text): string(text)
        case .array(let elements):
            raw("[")
            for (offset, element) in elements.enumerated() {
                if offset > 0 { raw(",") }
                self.value(element, sortingKeys: sortingKeys)
            }
            raw("]")
        case .object(let members):
            let ordered = sortingKeys ? members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : members
            raw("{")
            for (offset, member) in ordered.enumerated() {
                if offset > 0 { raw(",") }
                string(member.key)
                raw(":")
                self.value(member.value, sortingKeys: sortingKeys)
            }
            raw("}")
        }
    }
}

extension JSONValue {
    /// Compact JSON with object members sorted by name at every level: equal for two texts that are the
    /// same JSON value up to key order and white space (numbers compare by their source text).
    public var canonicalBytes: [UInt8] {
        var writer = JSONWriter()
        writer.value(self, sortingKeys: true)
        return writer.bytes
    }
}
