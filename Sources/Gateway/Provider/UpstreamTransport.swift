/// One HTTP request to a provider.
public struct UpstreamRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    /// Header fields in order; names as the provider documents them.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String = "POST", url: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    public static func == (a: UpstreamRequest, b: UpstreamRequest) -> Bool {
        a.method == b.method && a.url == b.url && a.body == b.body
            && a.headers.map { "\($0.name): \($0.value)" } == b.headers.map { "\($0.name): \($0.value)" }
    }
}

/// A provider's complete HTTP answer.
public struct UpstreamResponse: Sendable, Equatable {
    public var status: Int
    /// Header fields with lowercased names.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// How an upstream call failed without a complete answer (providers.md, "Transport failures").
public enum UpstreamFailure: Error, Sendable, Equatable {
    /// Refused, reset or unresolvable before the request was fully written: it certainly did not go out.
    case notSent(String)
    /// No complete answer within the account's timeout after the request was written.
    case timedOut
    /// The connection closed or reset after the request was written, before a complete answer.
    case droppedAfterSend(String)
    /// The account's cap on concurrent upstream requests stayed full for the whole timeout: not sent.
    case overCapacity
}

/// Sends upstream requests. The gateway's own are in Providers/Transport (AsyncHTTPClient by default,
/// URLSession on request); tests can use any.
public protocol UpstreamTransport: Sendable {
    func send(_ request: UpstreamRequest, account: ProviderAccountConfig) async -> Result<UpstreamResponse, UpstreamFailure>
    /// Sends the request and calls `completion` once with the result, from any thread.
    func start(_ request: UpstreamRequest, account: ProviderAccountConfig,
               completion: @escaping @Sendable (Result<UpstreamResponse, UpstreamFailure>) -> Void)
    /// Ends the transport's connections after the last request; called once, at process exit.
    func shutdown() async
}

extension UpstreamTransport {
    public func shutdown() async {}

    /// For a transport that has only `send`: a task waits for it.
    public func start(_ request: UpstreamRequest, account: ProviderAccountConfig,
                      completion: @escaping @Sendable (Result<UpstreamResponse, UpstreamFailure>) -> Void) {
        Task { completion(await send(request, account: account)) }
    }
}
