/// The type-specific settings of a dealer (`CarGurusDealerSettings`, ...). Adapters downcast to
/// their own type.
public protocol DealerProviderSettings: Sendable {}

/// One entry of `dealers`: a dealer key as internal systems name it, and how to reach its provider.
public struct DealerConfig: Sendable {
    /// The dealer key (`quirk-vw`).
    public var key: String
    /// The name of the provider account it sends through (a key of `GatewayConfig.providers`).
    public var providerAccount: String
    /// The fields its provider type needs (dealer id, sender number, uuids, flags).
    public var settings: any DealerProviderSettings

    /// Creates a dealer.
    public init(key: String, providerAccount: String, settings: any DealerProviderSettings) {
        self.key = key
        self.providerAccount = providerAccount
        self.settings = settings
    }
}
