import Store

/// The table every adapter shares (providers.md, "Transport failures" and HTTP status rows): what a
/// failed call or a non-provider HTTP status means, before any provider-specific body is read.
public enum TransportErrorMapping {
    /// Maps a transport failure to the unified error and the record's status.
    public static func outcome(for failure: UpstreamFailure, provider: String) -> ProviderOutcome {
        switch failure {
        case .notSent(let why):
            return .failed(error(.providerUnavailable, provider, "The provider could not be reached (\(why)); the message was not sent."), status: .failed)
        case .overCapacity:
            return .failed(error(.providerUnavailable, provider, "Too many requests to this provider account are in flight; the message was not sent."), status: .failed)
        case .timedOut:
            return .failed(error(.providerTimeout, provider, "The provider did not answer in time; the message may have been sent."), status: .unknown)
        case .droppedAfterSend(let why):
            return .failed(error(.providerError, provider, "The provider closed the connection before answering (\(why)); the message may have been sent."), status: .unknown)
        }
    }

    /// The HTTP status rows that win whatever the body says: 401, 403, 429, 5xx. Nil for any other
    /// status, whose body the adapter reads.
    public static func outcome(forStatusOf response: UpstreamResponse, provider: String) -> ProviderOutcome? {
        let code = "http_\(response.status)"
        switch response.status {
        case 401, 403:
            return .failed(error(.providerAuthFailed, provider, "The provider refused the gateway's credentials (HTTP \(response.status)).", code: code), status: .failed)
        case 429:
            var e = error(.rateLimited, provider, "The provider is rate limiting requests (HTTP 429).", code: code)
            e.retryAfter = response.headers["retry-after"] ?? "1"
            return .failed(e, status: .failed)
        case 502, 503:
            return .failed(error(.providerUnavailable, provider, "The provider is unavailable (HTTP \(response.status)); the message was not sent.", code: code), status: .failed)
        case 500...599:
            return .failed(error(.providerError, provider, "The provider failed (HTTP \(response.status)); the message may have been sent.", code: code), status: .unknown)
        default:
            return nil
        }
    }

    /// A 2xx or 4xx whose body is not the provider's JSON.
    public static func unreadableAnswer(_ response: UpstreamResponse, provider: String, detail: String) -> ProviderOutcome {
        .failed(error(.providerError, provider, "The provider's answer could not be read (\(detail)).", code: "http_\(response.status)"), status: .unknown)
    }

    static func error(_ code: GatewayErrorCode, _ provider: String, _ message: String, code providerCode: String? = nil) -> GatewayError {
        GatewayError(code: code, message: message, provider: provider, providerCode: providerCode)
    }
}
