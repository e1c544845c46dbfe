/// The whole, validated gateway configuration (config.md). Build it with `GatewayConfigLoader`.
public struct GatewayConfig: Sendable {
    /// The HTTP server's address, limits, timeouts, shutdown timing and log level.
    public var server: ServerSettings
    /// Where message records are stored.
    public var storage: StorageSettings
    /// The internal systems allowed to call the API, in file order.
    public var clients: [ClientConfig]
    /// Upstream provider accounts by their configured name (`cargurus-main`).
    public var providers: [String: ProviderAccountConfig]
    /// The gateway's dealers by key (`quirk-vw`).
    public var dealers: [String: DealerConfig]

    /// Creates a configuration; every part defaults to empty or its documented defaults.
    public init(server: ServerSettings = ServerSettings(), storage: StorageSettings = StorageSettings(),
                clients: [ClientConfig] = [], providers: [String: ProviderAccountConfig] = [:],
                dealers: [String: DealerConfig] = [:]) {
        self.server = server
        self.storage = storage
        self.clients = clients
        self.providers = providers
        self.dealers = dealers
    }
}
