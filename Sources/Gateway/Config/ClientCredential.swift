import Crypto
/// How a client proves who it is: its bearer token, or the SHA-256 digest of it (`token_sha256`).
/// Descriptions and mirrors never show the token or the digest.
public enum ClientCredential: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The bearer token itself (`token`).
    case token(String)
    /// The 32-byte SHA-256 digest of the bearer token's UTF-8 bytes (`token_sha256`).
    case sha256([UInt8])

    /// The SHA-256 digest of `token`'s UTF-8 bytes (32 bytes).
    public static func digest(ofToken token: some StringProtocol) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// The SHA-256 digest of the bearer token this credential accepts.
    public var digest: [UInt8] {
        switch self {
        case .token(let token): ClientCredential.digest(ofToken: token)
        case .sha256(let digest): digest
        }
    }

    /// True when `presented` is the bearer token. Compares SHA-256 digests in constant time, so
    /// the comparison time does not depend on where the tokens differ.
    public func matches(bearerToken presented: some StringProtocol) -> Bool {
        matches(tokenDigest: ClientCredential.digest(ofToken: presented))
    }

    /// True when `actual` is the SHA-256 digest of the bearer token, compared in constant time: the
    /// gateway hashes a presented token once and compares it with every client's credential.
    public func matches(tokenDigest actual: [UInt8]) -> Bool {
        let expected = digest
        guard expected.count == actual.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ actual[index] }
        return difference == 0
    }

    /// `token(<redacted>)` or `sha256(<redacted>)`.
    public var description: String {
        switch self {
        case .token: "token(\(redactedText))"
        case .sha256: "sha256(\(redactedText))"
        }
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// Shows only which kind of credential it is.
    public var customMirror: Mirror {
        Mirror(self, children: ["credential": description], displayStyle: .enum)
    }
}

/// What every redacting description shows instead of a secret.
let redactedText = "<redacted>"
