/// Character classes of RFC 9110/9112, as lookup tables over bytes.
enum ByteClass {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let sp: UInt8 = 32
    static let htab: UInt8 = 9
    static let colon: UInt8 = 58

    /// tchar: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    static let token: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(c)] = true }
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(c)] = true }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(c)] = true }
        for c in "!#$%&'*+-.^_`|~".utf8 { t[Int(c)] = true }
        return t
    }()

    /// Bytes allowed inside a field value: HTAB, SP, VCHAR, obs-text.
    static let fieldValue: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        t[9] = true
        for c in 32...126 { t[c] = true }
        for c in 128...255 { t[c] = true }
        return t
    }()

    /// Bytes allowed in a request target: visible ASCII only.
    static let target: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for c in 33...126 { t[c] = true }
        return t
    }()

    /// Characters of a Host value: reg-name (unreserved, pct-encoded, sub-delims), IP-literal brackets
    /// and the port's colon.
    static let host: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(c)] = true }
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(c)] = true }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(c)] = true }
        for c in "-._~%!$&'()*+,;=:[]".utf8 { t[Int(c)] = true }
        return t
    }()

    static func hexValue(_ b: UInt8) -> UInt64? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt64(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt64(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt64(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    static func lowercased(_ b: UInt8) -> UInt8 {
        (b >= 65 && b <= 90) ? b + 32 : b
    }

    /// ASCII case-insensitive comparison of bytes with a lowercase literal.
    static func equalsLowercase(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        return literal.withUTF8Buffer { lit in
            var i = 0
            for b in bytes {
                if lowercased(b) != lit[i] { return false }
                i += 1
            }
            return true
        }
    }
}
