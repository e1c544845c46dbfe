/// The JSON text of the `messages` table's JSON columns (`metadata`, `warnings`, `error`), written by
/// hand: Foundation's `JSONEncoder` was 3% of a message's CPU in the POST /messages profile
/// (BENCHMARKS.md). The text is what `JSONDecoder` reads back into the same values (keys as the
/// `Codable` synthesis names them; `nil` members left out; object keys sorted).
enum SQLiteJSONText {
    static func metadata(_ value: [String: String]) -> String {
        var out = "{"
        for (index, key) in value.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            string(key, into: &out)
            out += ":"
            string(value[key] ?? "", into: &out)
        }
        return out + "}"
    }

    static func warnings(_ value: [StoredWarning]) -> String {
        var out = "["
        for (index, warning) in value.enumerated() {
            if index > 0 { out += "," }
            out += "{\"code\":"
            string(warning.code, into: &out)
            out += ",\"message\":"
            string(warning.message, into: &out)
            out += "}"
        }
        return out + "]"
    }

    static func error(_ value: StoredError) -> String {
        // Keys in sorted order, as JSONEncoder's .sortedKeys wrote them.
        var out = "{\"code\":"
        string(value.code, into: &out)
        if let field = value.field { out += ",\"field\":"; string(field, into: &out) }
        out += ",\"message\":"
        string(value.message, into: &out)
        if let provider = value.provider { out += ",\"provider\":"; string(provider, into: &out) }
        if let code = value.providerCode { out += ",\"providerCode\":"; string(code, into: &out) }
        if let message = value.providerMessage { out += ",\"providerMessage\":"; string(message, into: &out) }
        out += value.retryable ? ",\"retryable\":true}" : ",\"retryable\":false}"
        return out
    }

    /// A JSON string literal: quote, backslash and control characters escaped; everything else as is.
    static func string(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
