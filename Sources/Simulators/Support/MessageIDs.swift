import Synchronization

/// The ids simulators hand out (message ids, request ids). They must be unique within a run and look
/// like the provider's; they need not be unpredictable. Each id is a process-wide counter mixed with a
/// random salt through SplitMix64's finalizer, a bijection of 64-bit words, so the first 16 hex digits
/// of ids made in one process never repeat. No system call per id (`UUID()` and
/// `SystemRandomNumberGenerator` make one each), which kept the simulators off the benchmarks' figures.
enum MessageIDs {
    private static let counter = Atomic<UInt64>(0)
    private static let salt: UInt64 = {
        var rng = SystemRandomNumberGenerator()
        return rng.next()
    }()
    private static let digits = Array("0123456789abcdef".utf8)

    /// `count` lowercase hex digits.
    static func hex(_ count: Int) -> String {
        String(decoding: hexDigits(count), as: UTF8.self)
    }

    /// A lowercase UUID of version 4's shape: `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
    static func uuid() -> String {
        var hex = hexDigits(32)
        hex[12] = UInt8(ascii: "4")
        hex[16] = digits[8 + Int(hex[16] & 3)]   // the variant: 8, 9, a or b
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, digit) in hex.enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
            out.append(digit)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexDigits(_ count: Int) -> [UInt8] {
        let n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        var block = mix(n ^ salt)
        var word = block
        var out: [UInt8] = []
        out.reserveCapacity(max(0, count))
        for i in 0..<max(0, count) {
            if i > 0 && i % 16 == 0 {
                block = mix(block &+ 0x9E37_79B9_7F4A_7C15)
                word = block
            }
            out.append(digits[Int(word >> 60)])
            word <<= 4
        }
        return out
    }

    /// SplitMix64's finalizer.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
