import Foundation

/// The formats the configuration checks: E.164 phone numbers, absolute http(s) URLs, hex digests.
public enum ConfigFormats {
    /// `^\+[1-9][0-9]{1,14}$`.
    /// An absolute URL whose scheme is `http` or `https` (any case) and that has a host.
    public static func isAbsoluteHTTPURL(_ text: String) -> Bool {
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }),
              let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else { return false }
        return true
    }

    /// The bytes of `text` when it is exactly `byteCount * 2` hex digits (either case); nil otherwise.
    public static func hexBytes(_ text: String, byteCount: Int) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == byteCount * 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
