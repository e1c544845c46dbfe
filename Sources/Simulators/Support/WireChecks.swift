import Foundation
import HTTPServer
import HTTPTypes

/// Small checks every simulator makes on what it receives.
enum WireChecks {
    /// Whether the `Content-Type` names `mediaType` (lowercase), in any ASCII case, parameters ignored.
    static func hasMediaType(_ fields: HTTPFields, _ mediaType: String) -> Bool {
        guard let value = fields[.contentType] else { return false }
        return HTTPFieldText.equalsIgnoringASCIICase(HTTPFieldText.mediaType(value), mediaType)
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
        guard parts.count == 2, HTTPFieldText.equalsIgnoringASCIICase(parts[0], "basic"),
              let data = Data(base64Encoded: String(HTTPFieldText.trimmingOWS(parts[1]))),
              let decoded = String(data: data, encoding: .utf8),
              let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
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
