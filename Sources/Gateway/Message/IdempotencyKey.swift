/// The `Idempotency-Key` header's syntax: 1 to 255 printable ASCII characters (0x20–0x7E).
public enum IdempotencyKey {
    /// Longest key accepted, in bytes.
    public static let maxLength = 255

    /// Whether `key` is 1...255 bytes, each 0x20–0x7E.
    public static func isValid(_ key: String) -> Bool {
        let bytes = key.utf8
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        return bytes.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
    }
}
