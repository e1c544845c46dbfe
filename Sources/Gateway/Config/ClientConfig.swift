/// Which dealers a client may send for.
public enum DealerScope: Sendable, Equatable {
    /// Every dealer (`["*"]`).
    case all
    /// Only these dealer keys.
    case only(Set<String>)
}

/// One entry of `clients`: an internal system allowed to call `POST /messages`.
///
/// Its `dealers` list holds `"*"` or dealer keys; the loader rejects a key that is not in the
/// `dealers` section (an unknown dealer key in a client's list is a configuration error, because a
/// typo there would silently lock the client out). `"*"` alongside other keys means all dealers.
public struct ClientConfig: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The client's unique name, used in logs.
    public var name: String
    /// Its bearer token or the token's digest.
    public var credential: ClientCredential
    /// The dealers it may send for.
    public var dealers: DealerScope

    /// Creates a client.
    public init(name: String, credential: ClientCredential, dealers: DealerScope) {
        self.name = name
        self.credential = credential
        self.dealers = dealers
    }

    /// True when this client may send for, and read the messages of, `dealer`.
    public func mayAccess(dealer: String) -> Bool {
        switch dealers {
        case .all: true
        case .only(let keys): keys.contains(dealer)
        }
    }

    /// Name, credential kind and dealers; never the token.
    public var description: String {
        let scope: String = switch dealers {
        case .all: "*"
        case .only(let keys): keys.sorted().joined(separator: ", ")
        }
        return "ClientConfig(name: \(name), credential: \(credential), dealers: [\(scope)])"
    }

    /// Same as `description`.
    public var debugDescription: String { description }
}
