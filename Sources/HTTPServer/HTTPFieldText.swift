/// Field-value text, read as bytes: HTTP's optional whitespace is SP and HTAB only (RFC 9110 §5.6.3),
/// and media types and auth schemes compare ASCII case-insensitively, so neither needs Foundation's
/// Unicode trimming (`trimmingCharacters` and `CharacterSet` were ~3% of the gateway's samples at
/// ~7,000 msg/s, BENCHMARKS.md session 9).
public enum HTTPFieldText {
    /// `text` without leading and trailing SP and HTAB.
    public static func trimmingOWS(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isOWS(utf8[start]) { start = utf8.index(after: start) }
        while start < end {
            let last = utf8.index(before: end)
            guard isOWS(utf8[last]) else { break }
            end = last
        }
        return text[start..<end]
    }

    /// Whether `text` equals `lowercaseASCII` ignoring ASCII case. (Not generic: an unspecialised
    /// generic across the module boundary was 10% of a simulator's samples.)
    public static func equalsIgnoringASCIICase(_ text: Substring, _ lowercaseASCII: String) -> Bool {
        let have = text.utf8
        let want = lowercaseASCII.utf8
        guard have.count == want.count else { return false }
        var i = have.startIndex
        var j = want.startIndex
        while i < have.endIndex {
            let byte = have[i]
            if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != want[j] { return false }
            i = have.index(after: i)
            j = want.index(after: j)
        }
        return true
    }

    /// The media type of a Content-Type value: what comes before any `;`, trimmed.
    public static func mediaType(_ contentType: String) -> Substring {
        let end = contentType.utf8.firstIndex(of: UInt8(ascii: ";")) ?? contentType.endIndex
        return trimmingOWS(contentType[..<end])
    }

    private static func isOWS(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
