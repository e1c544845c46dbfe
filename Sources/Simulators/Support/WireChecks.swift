import Foundation
import HTTPTypes

/// Small checks every simulator makes on what it receives.
enum WireChecks {
    /// The media type of a `Content-Type` value, lowercased, parameters dropped.
    static func mediaType(_ fields: HTTPFields) -> String? {
        guard let value = fields[.contentType] else { return nil }
        let type = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// E.164 as the gateway's API spells it: `^\+[1-9][0-9]{1,14}$`.
    static func isE164(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard bytes.count >= 3, bytes.count <= 16, bytes[0] == UInt8(ascii: "+") else { return false }
        guard bytes[1] >= UInt8(ascii: "1"), bytes[1] <= UInt8(ascii: "9") else { return false }
        return bytes.dropFirst(2).allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The `username:password` of a `Basic` Authorization header, or nil.
    static func basicCredentials(_ fields: HTTPFields) -> (username: String, password: String)? {
        guard let value = fields[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
              let decoded = String(data: data, encoding: .utf8),
              let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }

    /// Random lowercase hex digits (for message ids).
    static func randomHex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var rng = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var bits: UInt64 = 0
        for i in 0..<max(0, count) {
            if i % 16 == 0 { bits = rng.next() }
            out.append(digits[Int(bits & 15)])
            bits >>= 4
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of one hex digit (either case), or nil.
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
