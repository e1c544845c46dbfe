import Store

/// What one upstream call came to.
public enum ProviderOutcome: Sendable, Equatable {
    /// The provider accepted the message.
    case sent(providerMessageID: String, warnings: [MessageWarning])
    /// The provider refused it (`status: .failed`), or whether it went out is unknown (`status: .unknown`),
    /// or it certainly did not go out (`status: .failed` with a retryable error).
    case failed(GatewayError, status: MessageStatus)
}

/// One adapter per provider type: turns a validated message into exactly one upstream request and
/// the answer into a result or a unified error. Adapters never throw and never retry.
public protocol ProviderAdapter: Sendable {
    /// The configured account this adapter sends through.
    var account: ProviderAccountConfig { get }
    /// What the provider uses for this dealer; validation of a request depends on it.
    func capabilities(for dealer: DealerConfig) -> ProviderCapabilities
    /// Sends one message; every failure comes back as a unified error.
    func send(_ message: ValidatedMessage, dealer: DealerConfig) async -> ProviderOutcome
    /// Sends one message and calls `completion` once with the outcome, from any thread; what the
    /// gateway uses, so that no task waits while the provider works.
    func start(_ message: ValidatedMessage, dealer: DealerConfig, completion: @escaping @Sendable (ProviderOutcome) -> Void)
}

/// A provider type the gateway can use: its configuration schema and how to build its adapter.
/// Adding a provider means one adapter file, one config type, and one entry in a list of these.
public struct ProviderPlugin: Sendable {
    public let configType: any ProviderConfigType.Type
    public let makeAdapter: @Sendable (ProviderAccountConfig, any UpstreamTransport) -> any ProviderAdapter

    public init(configType: any ProviderConfigType.Type,
                makeAdapter: @escaping @Sendable (ProviderAccountConfig, any UpstreamTransport) -> any ProviderAdapter) {
        self.configType = configType
        self.makeAdapter = makeAdapter
    }

    public var typeName: String { configType.typeName }
}
