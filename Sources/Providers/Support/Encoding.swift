import Foundation

/// The encodings providers' requests need.
enum WireEncoding {
    /// application/x-www-form-urlencoded (WHATWG): `*-._` and alphanumerics kept, space as `+`,
    /// everything else `%XX` of its UTF-8 bytes.
    static func form(_ pairs: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, (name, value)) in pairs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "&")) }
            formComponent(name, into: &out)
            out.append(UInt8(ascii: "="))
            formComponent(value, into: &out)
        }
        return out
    }

    private static func formComponent(_ s: String, into out: inout [UInt8]) {
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.append(b)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                percent(b, into: &out)
            }
        }
    }

    /// One URL path segment: unreserved characters kept, everything else `%XX` (so `/` cannot escape it).
    static func pathSegment(_ s: String) -> String {
        var out: [UInt8] = []
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            default:
                percent(b, into: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func percent(_ b: UInt8, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "%"))
        out.append(hexDigit(b >> 4))
        out.append(hexDigit(b & 15))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }

    /// `Basic base64(user:password)`.
    static func basicAuth(username: String, password: String) -> String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}
