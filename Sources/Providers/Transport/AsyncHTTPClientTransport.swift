import AsyncHTTPClient
import Gateway
import NIOCore
import NIOHTTP1
import NIOPosix
import Locking
#if canImport(Glibc)
import Glibc
#endif

/// Upstream calls over AsyncHTTPClient (SwiftNIO): the gateway's default transport, because it is
/// the faster of the two on the same machine (BENCHMARKS.md, "POST /messages").
///
/// One client with a keep-alive pool per provider host; each account is held to its own
/// `max_connections` concurrent requests by a `ConcurrencyGate`, and each request to the account's
/// `timeout_ms`, counted from the moment the gateway starts waiting for the gate.
public final class AsyncHTTPClientTransport: UpstreamTransport {
    /// Provider answers are small JSON documents; a larger one is treated as a broken answer.
    static let maxAnswerBytes = 1 << 20

    private let client: HTTPClient
    private let gates = Locked<[String: (limit: Int, gate: ConcurrencyGate)]>([:])

    public init() {
        var configuration = HTTPClient.Configuration()
        // The per-account gates bound concurrency; the pool itself only needs to allow their sum.
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 100_000)
        // A refused connection fails its requests at once (certainly not sent, retryable by the
        // caller) instead of being retried with back-off until each request's deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    deinit {
        // A client must be shut down before it goes; this one may still be in use by nobody but us.
        client.shutdown { _ in }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    public func send(_ request: UpstreamRequest, account: ProviderAccountConfig) async -> Result<UpstreamResponse, UpstreamFailure> {
        let timeout = Duration.milliseconds(account.timeoutMs)
        let waitStarted = ContinuousClock.now
        let gate = self.gate(for: account)
        guard await gate.enter(within: timeout) else { return .failure(.overCapacity) }
        defer { gate.leave() }
        // The account's timeout counts from the start of the wait for the gate.
        let remaining = max(.zero, timeout - (ContinuousClock.now - waitStarted))
        let (seconds, attoseconds) = remaining.components
        let deadline = NIODeadline.now() + .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let client = self.client
        return await DeadlineRace.run(timeout: remaining) {
            await Self.exchange(request, deadline: deadline, client: client)
        }
    }

    /// One request and its whole answer.
    private static func exchange(_ request: UpstreamRequest, deadline: NIODeadline, client: HTTPClient) async -> Result<UpstreamResponse, UpstreamFailure> {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers.reserveCapacity(request.headers.count + 1)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(request.body)
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            let body = try await response.body.collect(upTo: maxAnswerBytes)
            var headers: [String: String] = [:]
            for (name, value) in response.headers {
                let key = name.lowercased()
                headers[key] = headers[key].map { "\($0), \(value)" } ?? value
            }
            return .success(UpstreamResponse(status: Int(response.status.code), headers: headers,
                                              body: Array(body.readableBytesView)))
        } catch {
            return .failure(classify(error))
        }
    }

    /// providers.md's transport table: only what certainly did not leave is `notSent`; a deadline
    /// that passes once the request may have been written is `timedOut`.
    static func classify(_ error: any Error) -> UpstreamFailure {
        if let error = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .writeTimeout].contains(error) { return .timedOut }
            if [.connectTimeout, .getConnectionFromPoolTimeout].contains(error) { return .notSent("connect timeout") }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) { return .notSent("invalid URL") }
            if error == .remoteConnectionClosed { return .droppedAfterSend("connection closed") }
            return .droppedAfterSend("HTTP client error")
        }
        if error is NIOConnectionError { return .notSent("connection refused") }
        if let error = error as? ChannelError, case .connectTimeout = error { return .notSent("connect timeout") }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL: return .notSent("connection refused")
            case ECONNRESET: return .droppedAfterSend("connection reset")
            default: return .droppedAfterSend("I/O error \(error.errnoCode)")
            }
        }
        if error is NIOTooManyBytesError { return .droppedAfterSend("answer too large") }
        return .droppedAfterSend(String(describing: type(of: error)))
    }

    /// The account's gate, made anew when its `max_connections` changed (a reload); requests holding
    /// the old gate finish under it.
    private func gate(for account: ProviderAccountConfig) -> ConcurrencyGate {
        gates.withLock { gates in
            if let existing = gates[account.name], existing.limit == account.maxConnections { return existing.gate }
            let gate = ConcurrencyGate(limit: account.maxConnections)
            gates[account.name] = (account.maxConnections, gate)
            return gate
        }
    }
}
