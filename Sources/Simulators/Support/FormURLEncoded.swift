/// `application/x-www-form-urlencoded` bodies and percent-encoded path segments, read strictly, byte by byte.
enum FormURLEncoded {
    /// The name/value pairs in order; nil when a name or value is not valid percent-encoded UTF-8.
    static func parse(_ body: [UInt8]) -> [(name: String, value: String)]? {
        var pairs: [(name: String, value: String)] = []
        for part in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let pieces = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(pieces[0], plusIsSpace: true), !name.isEmpty else { return nil }
            let value = pieces.count > 1 ? decode(pieces[1], plusIsSpace: true) : ""
            guard let value else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    /// One percent-encoded path segment (`+` stays `+`); nil when a `%` is not followed by two hex
    /// digits or the bytes are not UTF-8.
    static func decodePathSegment(_ segment: Substring) -> String? {
        decode(ArraySlice(segment.utf8), plusIsSpace: false)
    }

    /// The same, of a segment's bytes.
    static func decodePathSegment(_ segment: ArraySlice<UInt8>) -> String? {
        decode(segment, plusIsSpace: false)
    }

    private static func decode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                guard bytes.endIndex - i >= 3, let high = WireChecks.hexValue(bytes[i + 1]), let low = WireChecks.hexValue(bytes[i + 2]) else { return nil }
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(plusIsSpace && b == UInt8(ascii: "+") ? UInt8(ascii: " ") : b)
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}
