import HTTPServer

/// One loaded configuration with the adapters built from it. Replaced as a whole on reload, so a
/// request sees one consistent configuration from start to end.
public struct GatewayRuntime: Sendable {
    public let config: GatewayConfig
    /// Adapters by provider account name.
    public let adapters: [String: any ProviderAdapter]

    public init(config: GatewayConfig, adapters: [String: any ProviderAdapter]) {
        self.config = config
        self.adapters = adapters
    }

    /// Builds an adapter for every configured account whose type has a plugin.
    public init(config: GatewayConfig, plugins: [ProviderPlugin], transport: any UpstreamTransport) {
        var adapters: [String: any ProviderAdapter] = [:]
        for (name, account) in config.providers {
            if let plugin = plugins.first(where: { $0.typeName == account.type }) {
                adapters[name] = plugin.makeAdapter(account, transport)
            }
        }
        self.init(config: config, adapters: adapters)
    }

    /// The client a bearer token belongs to, compared in constant time.
    func client(authorization: String?) -> ClientConfig? {
        guard let authorization else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, HTTPFieldText.equalsIgnoringASCIICase(parts[0], "bearer") else { return nil }
        let token = HTTPFieldText.trimmingOWS(parts[1])
        guard !token.isEmpty else { return nil }
        let presented = ClientCredential.digest(ofToken: token)
        var found: ClientConfig? = nil
        for client in config.clients where client.credential.matches(tokenDigest: presented) {
            found = client  // no early exit: every client is compared
        }
        return found
    }
}
