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
    // Building the request and reading the answer are synchronous and kept out of line, so the async
    // frame a waiting message keeps holds little more than the request (see GatewayApp.sendMessage).
    public func send(_ message: ValidatedMessage, dealer: DealerConfig) async -> ProviderOutcome {
        guard let call = upstreamCall(for: message, dealer: dealer) else { return mismatch() }
        return outcome(of: await call.run())
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

/// One upstream request with what sends it, in one object: while the provider works, the adapter's
/// async frame holds this reference instead of copies of the request, the account and the transport.
final class UpstreamCall: Sendable {
    let request: UpstreamRequest
    let account: ProviderAccountConfig
    let transport: any UpstreamTransport

    init(request: UpstreamRequest, account: ProviderAccountConfig, transport: any UpstreamTransport) {
        self.request = request
        self.account = account
        self.transport = transport
    }

    @inline(never)
    func run() async -> Result<UpstreamResponse, UpstreamFailure> {
        await transport.send(request, account: account)
    }
}
