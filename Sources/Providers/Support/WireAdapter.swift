import Gateway
import Store

/// What every adapter has in common: build one request, send it, read the answer. An adapter
/// supplies only its request builder and its answer reader; `send` is shared.
protocol WireAdapter: ProviderAdapter {
    var transport: any UpstreamTransport { get }
    /// The exact upstream request; nil when the account or dealer settings are not this provider's.
    func request(for message: ValidatedMessage, dealer: DealerConfig) -> UpstreamRequest?
    /// The provider's answer as a result or a unified error (its error table).
    func outcome(of response: UpstreamResponse) -> ProviderOutcome
}

extension WireAdapter {
    public func send(_ message: ValidatedMessage, dealer: DealerConfig) async -> ProviderOutcome {
        guard let request = request(for: message, dealer: dealer) else {
            return .failed(GatewayError(code: .internalError, message: "Account or dealer settings do not match the \(account.type) provider."),
                           status: .failed)
        }
        switch await transport.send(request, account: account) {
        case .failure(let failure):
            return TransportErrorMapping.outcome(for: failure, provider: account.type)
        case .success(let response):
            return outcome(of: response)
        }
    }
}
