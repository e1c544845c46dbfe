/// How one provider type reads its part of the configuration. Adding a provider means one new
/// conforming type, its two settings structs, and one line in `ProviderConfigRegistry.builtIn`.
public protocol ProviderConfigType: Sendable {
    /// The `type` value of its accounts: `cargurus`, `mykaarma`, `sendsms`.
    static var typeName: String { get }
    /// Account keys of this type besides `type`, `timeout_ms` and `max_connections`.
    static var accountKeys: Set<String> { get }
    /// Dealer keys of this type besides `provider`.
    static var dealerKeys: Set<String> { get }
    /// Reads an account's type-specific keys (unknown keys are already rejected by the loader).
    /// Should report every problem it finds, each at its own path.
    static func decodeAccount(_ node: ConfigNode) throws(ConfigErrors) -> any ProviderAccountSettings
    /// Reads a dealer's type-specific keys, checking that the fields the type needs are present.
    static func decodeDealer(_ node: ConfigNode) throws(ConfigErrors) -> any DealerProviderSettings
}

/// The provider types the gateway knows.
public enum ProviderConfigRegistry {
    /// CarGurus, myKaarma and sendsms.
    public static let builtIn: [any ProviderConfigType.Type] = [
        CarGurusProviderConfig.self,
        MyKaarmaProviderConfig.self,
        SendSMSProviderConfig.self,
    ]
}
