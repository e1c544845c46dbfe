/// A strict RFC 8259 JSON reader over UTF-8 bytes.
///
/// Rejects: invalid UTF-8 (also inside strings), a byte order mark, anything after the value but white
/// space, unescaped control characters in strings, lone UTF-16 surrogates in `\u` escapes, leading zeros,
/// `NaN`/`Infinity`, trailing commas, comments, and nesting deeper than ``maxDepth``.
public struct JSONReader: Sendable {
    /// Why a text is not JSON, and where (byte offset).
    public struct Failure: Error, Sendable, Equatable {
        /// What is wrong.
        public var message: String
        /// Byte offset of the problem.
        public var offset: Int
    }

    /// Deepest nesting of arrays and objects accepted.
    public var maxDepth: Int

    /// Creates a reader.
    public init(maxDepth: Int = 64) {
        self.maxDepth = maxDepth
    }

    /// Parses one complete JSON text.
    public func parse(_ bytes: [UInt8]) -> Result<JSONValue, Failure> {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth)
        do throws(Failure) {
            parser.skipWhitespace()
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            guard parser.index == bytes.count else {
                throw Failure(message: "unexpected data after the JSON value", offset: parser.index)
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

/// The recursive-descent parser behind ``JSONReader``.
private struct Parser {
    let bytes: [UInt8]
    let maxDepth: Int
    var index = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private func fail(_ message: String) -> JSONReader.Failure {
        JSONReader.Failure(message: message, offset: index)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            index += 1
        }
    }

    mutating func value(depth: Int) throws(JSONReader.Failure) -> JSONValue {
        guard let byte = current else { throw fail("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail("unexpected character")
        }
    }

    private mutating func literal(_ word: String) throws(JSONReader.Failure) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count,
              bytes[index..<(index + expected.count)].elementsEqual(expected) else { throw fail("invalid literal") }
        index += expected.count
    }

    private mutating func object(depth: Int) throws(JSONReader.Failure) -> JSONValue {
        guard depth <= maxDepth else { throw fail("nesting too deep") }
        index += 1  // {
        var members: [JSONMember] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let key = try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            let value = try value(depth: depth)
            members.append(JSONMember(key: key, value: value))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(members)
            default: throw fail("expected ',' or '}'")
            }
        }
    }

    private mutating func array(depth: Int) throws(JSONReader.Failure) -> JSONValue {
        guard depth <= maxDepth else { throw fail("nesting too deep") }
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            default: throw fail("expected ',' or ']'")
            }
        }
    }

    /// Reads a number and returns its source text.
    private mutating func number() throws(JSONReader.Failure) -> String {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, isDigit(first) else { throw fail("invalid number") }
        index += 1
        if first == UInt8(ascii: "0"), let next = current, isDigit(next) {
            throw fail("leading zero in number")
        }
        skipDigits()
        if current == UInt8(ascii: ".") {
            index += 1
            guard let next = current, isDigit(next) else { throw fail("invalid number") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let next = current, isDigit(next) else { throw fail("invalid number") }
            skipDigits()
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while let byte = current, isDigit(byte) { index += 1 }
    }

    /// Reads a string starting at its opening quote; validates UTF-8 and escapes.
    mutating func string() throws(JSONReader.Failure) -> String {
        index += 1  // "
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = current else { throw fail("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                index += 1
                scalars.append(try escape())
            case 0x00..<0x20:
                throw fail("unescaped control character in string")
            case 0x20..<0x80:
                scalars.append(Unicode.Scalar(byte))
                index += 1
            default:
                scalars.append(try multiByteScalar())
            }
        }
    }

    /// Decodes one multi-byte UTF-8 sequence (strictly: no overlongs, no surrogates, ≤ U+10FFFF).
    private mutating func multiByteScalar() throws(JSONReader.Failure) -> Unicode.Scalar {
        let lead = bytes[index]
        let length: Int
        var value: UInt32
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0: length = 3; value = UInt32(lead & 0x0F); lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xED: length = 3; value = UInt32(lead & 0x0F); upperBound = 0x9F
        case 0xF0: length = 4; value = UInt32(lead & 0x07); lowerBound = 0x90
        case 0xF1...0xF3: length = 4; value = UInt32(lead & 0x07)
        case 0xF4: length = 4; value = UInt32(lead & 0x07); upperBound = 0x8F
        default: throw fail("invalid UTF-8")
        }
        guard bytes.count - index >= length else { throw fail("invalid UTF-8") }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            let low: UInt8 = offset == 1 ? lowerBound : 0x80
            let high: UInt8 = offset == 1 ? upperBound : 0xBF
            guard byte >= low && byte <= high else { throw fail("invalid UTF-8") }
            value = (value << 6) | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { throw fail("invalid UTF-8") }
        index += length
        return scalar
    }

    /// Decodes the escape after a backslash.
    private mutating func escape() throws(JSONReader.Failure) -> Unicode.Scalar {
        guard let byte = current else { throw fail("unterminated string") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hex4()
            switch unit {
            case 0xD800...0xDBFF:
                guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw fail("lone surrogate in \\u escape")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone surrogate in \\u escape") }
                let combined = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                guard let scalar = Unicode.Scalar(combined) else { throw fail("invalid \\u escape") }
                return scalar
            case 0xDC00...0xDFFF:
                throw fail("lone surrogate in \\u escape")
            default:
                guard let scalar = Unicode.Scalar(UInt32(unit)) else { throw fail("invalid \\u escape") }
                return scalar
            }
        default:
            throw fail("invalid escape")
        }
    }

    private mutating func hex4() throws(JSONReader.Failure) -> UInt16 {
        guard bytes.count - index >= 4 else { throw fail("invalid \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
