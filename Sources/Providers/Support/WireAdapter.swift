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
    /// What the gateway calls: builds the request, hands it to the transport, reads the answer in
    /// the transport's completion (see GatewayApp.sendMessage).
    public func start(_ message: ValidatedMessage, dealer: DealerConfig, completion: @escaping @Sendable (ProviderOutcome) -> Void) {
        guard let call = upstreamCall(for: message, dealer: dealer) else {
            completion(mismatch())
            return
        }
        call.transport.start(call.request, account: call.account) { result in completion(self.outcome(of: result)) }
    }

    public func send(_ message: ValidatedMessage, dealer: DealerConfig) async -> ProviderOutcome {
        await withCheckedContinuation { continuation in
            start(message, dealer: dealer) { continuation.resume(returning: $0) }
        }
    }

    @inline(never)
    func upstreamCall(for message: ValidatedMessage, dealer: DealerConfig) -> UpstreamCall? {
        guard let request = request(for: message, dealer: dealer) else { return nil }
        return UpstreamCall(request: request, account: account, transport: transport)
    }

    @inline(never)
    func mismatch() -> ProviderOutcome {
        .failed(GatewayError(code: .internalError, message: "Account or dealer settings do not match the \(account.type) provider."),
                status: .failed)
    }

    @inline(never)
    func outcome(of result: Result<UpstreamResponse, UpstreamFailure>) -> ProviderOutcome {
        switch result {
        case .failure(let failure):
            return TransportErrorMapping.outcome(for: failure, provider: account.type)
        case .success(let response):
            return outcome(of: response)
        }
    }
}

/// One upstream request with what sends it.
struct UpstreamCall {
    let request: UpstreamRequest
    let account: ProviderAccountConfig
    let transport: any UpstreamTransport
}
