/// The `media_urls` element rule: an absolute `http://` or `https://` URL (RFC 3986, ASCII only).
public enum MediaURL {
    /// Whether `text` is an absolute http(s) URL with a non-empty host, a numeric port if any, and only
    /// RFC 3986 characters (percent-escapes well formed; no spaces, controls or raw non-ASCII).
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let rest: ArraySlice<UInt8>
        if hasPrefix(bytes, "https://") {
            rest = bytes[8...]
        } else if hasPrefix(bytes, "http://") {
            rest = bytes[7...]
        } else {
            return false
        }
        guard allowedCharacters(rest) else { return false }
        let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        var hostPort = rest[rest.startIndex..<authorityEnd]
        if let at = hostPort.lastIndex(of: UInt8(ascii: "@")) {
            hostPort = hostPort[(at + 1)...]
        }
        return validHostPort(hostPort)
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: String) -> Bool {
        let expected = Array(prefix.utf8)
        guard bytes.count >= expected.count else { return false }
        return zip(bytes, expected).allSatisfy { pair in
            let lowered = pair.0 >= UInt8(ascii: "A") && pair.0 <= UInt8(ascii: "Z") ? pair.0 + 32 : pair.0
            return lowered == pair.1
        }
    }

    private static func validHostPort(_ hostPort: ArraySlice<UInt8>) -> Bool {
        var host = hostPort
        var port: ArraySlice<UInt8> = []
        if hostPort.first == UInt8(ascii: "[") {
            guard let close = hostPort.firstIndex(of: UInt8(ascii: "]")) else { return false }
            host = hostPort[hostPort.startIndex...close]
            let after = hostPort[(close + 1)...]
            if let colon = after.first {
                guard colon == UInt8(ascii: ":") else { return false }
                port = after.dropFirst()
            }
            guard host.count > 2 else { return false }
        } else if let colon = hostPort.firstIndex(of: UInt8(ascii: ":")) {
            host = hostPort[hostPort.startIndex..<colon]
            port = hostPort[(colon + 1)...]
        }
        guard !host.isEmpty else { return false }
        if hostPort.first != UInt8(ascii: "[") {
            guard host.allSatisfy({ isUnreserved($0) || isSubDelimiter($0) || $0 == UInt8(ascii: "%") }) else { return false }
        }
        guard port.count <= 5, port.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
        if let number = Int(String(decoding: port, as: UTF8.self)), number > 65535 { return false }
        return true
    }

    private static func allowedCharacters(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else { return false }
                index += 3
                continue
            }
            guard isUnreserved(byte) || isSubDelimiter(byte) || isGenDelimiter(byte) else { return false }
            index += 1
        }
        return true
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || Array("-._~".utf8).contains(byte)
    }

    private static func isSubDelimiter(_ byte: UInt8) -> Bool {
        Array("!$&'()*+,;=".utf8).contains(byte)
    }

    private static func isGenDelimiter(_ byte: UInt8) -> Bool {
        Array(":/?#[]@".utf8).contains(byte)
    }
}
