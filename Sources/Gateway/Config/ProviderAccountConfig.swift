/// The type-specific settings of a provider account (`CarGurusAccountSettings`, ...). Adapters
/// downcast to their own type. Conforming types must keep credentials out of their descriptions.
public protocol ProviderAccountSettings: Sendable {}

/// One entry of `providers`: a named upstream account.
public struct ProviderAccountConfig: Sendable, CustomStringConvertible {
    /// The account's name in the config (`cargurus-main`).
    public var name: String
    /// The provider type (`cargurus`, `mykaarma`, `sendsms`), a `ProviderConfigType.typeName`.
    public var type: String
    /// Time allowed for an upstream answer after the request was written. Default 10000.
    public var timeoutMs: Int
    /// Most concurrent upstream requests on this account. Default 64.
    public var maxConnections: Int
    /// The type-specific settings (URL, credentials).
    public var settings: any ProviderAccountSettings

    /// Creates a provider account.
    public init(name: String, type: String, timeoutMs: Int = 10_000, maxConnections: Int = 64,
                settings: any ProviderAccountSettings) {
        self.name = name
        self.type = type
        self.timeoutMs = timeoutMs
        self.maxConnections = maxConnections
        self.settings = settings
    }

    /// All fields; the settings describe themselves with credentials redacted.
    public var description: String {
        "ProviderAccountConfig(name: \(name), type: \(type), timeoutMs: \(timeoutMs), "
            + "maxConnections: \(maxConnections), settings: \(String(describing: settings)))"
    }
}
