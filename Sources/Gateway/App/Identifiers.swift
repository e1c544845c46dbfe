import Foundation

/// Request and message identifiers.
enum Identifiers {
    private static let crockford = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    private static let hex = Array("0123456789abcdef".utf8)

    /// `msg_` + a ULID (48-bit millisecond time, 80 random bits, Crockford base32): sortable by creation.
    static func messageID(now: Date = Date()) -> String {
        var value = [UInt8](repeating: 0, count: 16)
        let ms = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        for i in 0..<6 { value[i] = UInt8(truncatingIfNeeded: ms >> UInt64(8 * (5 - i))) }
        // Two 64-bit draws (two getrandom calls), not one per byte: ten calls were 2.8% of the
        // gateway's samples at ~7,000 msg/s (BENCHMARKS.md, session 9).
        var rng = SystemRandomNumberGenerator()
        let high = rng.next() as UInt64, low = rng.next() as UInt64
        for i in 6..<8 { value[i] = UInt8(truncatingIfNeeded: high >> UInt64(8 * (i - 6))) }
        for i in 8..<16 { value[i] = UInt8(truncatingIfNeeded: low >> UInt64(8 * (i - 8))) }
        // 128 bits -> 26 base32 characters (the first carries 3 bits).
        var out = [UInt8](repeating: 0, count: 26)
        var bits: UInt32 = 0
        var bitCount = 2  // pad 2 leading zero bits so 128 + 2 = 130 = 26 * 5
        var o = 0
        for byte in value {
            bits = (bits << 8) | UInt32(byte)
            bitCount += 8
            while bitCount >= 5 {
                bitCount -= 5
                out[o] = crockford[Int((bits >> UInt32(bitCount)) & 31)]
                o += 1
            }
        }
        return "msg_" + String(decoding: out, as: UTF8.self)
    }

    /// A 16-hex-character request id.
    static func requestID() -> String {
        var rng = SystemRandomNumberGenerator()
        let n = UInt64.random(in: 0...UInt64.max, using: &rng)
        var out = [UInt8](repeating: 0, count: 16)
        for i in 0..<16 { out[i] = hex[Int((n >> UInt64(4 * (15 - i))) & 15)] }
        return String(decoding: out, as: UTF8.self)
    }

    /// A caller's X-Request-ID is echoed when it is 1–128 visible ASCII characters; otherwise one is made.
    static func requestID(from header: String?) -> String {
        if let header, !header.isEmpty, header.utf8.count <= 128, header.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) {
            return header
        }
        return requestID()
    }
}
