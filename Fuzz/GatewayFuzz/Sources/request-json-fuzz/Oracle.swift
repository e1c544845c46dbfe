/// Independent, deliberately simple restatements of api.md's rules, to check the gateway's answers.
enum Oracle {
    /// `^\+[1-9][0-9]{1,14}$`.
    static func isE164(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"),
              (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[1]) else { return false }
        return bytes[2...].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// A necessary condition for an absolute http(s) URL: the scheme (any case), then a non-empty
    /// authority start, printable ASCII only.
    static func looksLikeHTTPURL(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let lowered = bytes.prefix(8).map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }
        let scheme: Int
        if lowered.starts(with: Array("https://".utf8)) { scheme = 8 }
        else if lowered.starts(with: Array("http://".utf8)) { scheme = 7 }
        else { return false }
        guard bytes.count > scheme, !Array("/?#".utf8).contains(bytes[scheme]) else { return false }
        return bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// GSM 03.38 default alphabet (3GPP TS 23.038 6.2.1), position 0x1B (escape) left out.
    private static let gsmBasic = Set((
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    ).unicodeScalars)
    /// Its extension table: form feed ^ { } \ [ ~ ] | €, two septets each.
    private static let gsmExtension = Set("\u{0C}^{}\\[~]|€".unicodeScalars)

    /// Septets a scalar takes in GSM-7, or nil when it is not in the alphabet.
    static func gsmSeptets(_ scalar: Unicode.Scalar) -> Int? {
        if gsmBasic.contains(scalar) { return 1 }
        if gsmExtension.contains(scalar) { return 2 }
        return nil
    }
}
