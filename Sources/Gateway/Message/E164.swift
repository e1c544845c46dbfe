/// E.164 phone numbers as the contract writes them: `^\+[1-9][0-9]{1,14}$` (ASCII digits only).
public enum E164 {
    /// Whether `number` is `+`, a non-zero digit, then 1 to 14 more digits, and nothing else.
    public static func isValid(_ number: String) -> Bool {
        let bytes = Array(number.utf8)
        guard bytes.count >= 3, bytes.count <= 16, bytes[0] == UInt8(ascii: "+") else { return false }
        guard bytes[1] >= UInt8(ascii: "1"), bytes[1] <= UInt8(ascii: "9") else { return false }
        return bytes.dropFirst(2).allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
