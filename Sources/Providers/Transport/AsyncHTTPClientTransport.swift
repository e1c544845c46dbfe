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
/// Each account gets its own clients (keep-alive pools), at most `connectionsPerClient` connections
/// each, used in turn; the account is held to `max_connections` concurrent requests by a
/// `ConcurrencyGate`, and each request to the account's `timeout_ms`, counted from the start of the
/// wait for the gate. Requests use AsyncHTTPClient's future-based API: its deadline is an event-loop
/// timer (not a `Task` on the Swift cooperative pool, which was seen firing seconds late under load),
/// and a request in flight holds a completion callback, no task (the 9,900 in-flight load spent
/// ~28 KB of task memory per request on the async API; docs/load.md).
public final class AsyncHTTPClientTransport: UpstreamTransport {
    /// Provider answers are small JSON documents; a larger one is treated as a broken answer.
    static let maxAnswerBytes = 1 << 20
    /// AsyncHTTPClient 1.37's pool copies its connection list on every connection event, so opening
    /// thousands of connections in one pool costs quadratic time (~840 connections/s at 9,900 in
    /// flight, docs/load.md); an account with a large `max_connections` gets several pools.
    static let connectionsPerClient = 256

    private struct Account {
        let limit: Int
        let gate: ConcurrencyGate
        let clients: [HTTPClient]
        let next: Locked<Int>
    }

    private let accounts = Locked<[String: Account]>([:])
    /// Every client made, for shutdown (a reload that changes `max_connections` makes new ones).
    private let allClients = Locked<[HTTPClient]>([])

    public init() {}

    deinit {
        // A client must be shut down before it goes.
        for client in allClients.withLock({ $0 }) { client.shutdown { _ in } }
    }

    public func shutdown() async {
        for client in allClients.withLock({ $0 }) { try? await client.shutdown() }
    }

    public func send(_ request: UpstreamRequest, account: ProviderAccountConfig) async -> Result<UpstreamResponse, UpstreamFailure> {
        await withCheckedContinuation { continuation in
            start(request, account: account) { continuation.resume(returning: $0) }
        }
    }

    public func start(_ request: UpstreamRequest, account: ProviderAccountConfig,
                      completion: @escaping @Sendable (Result<UpstreamResponse, UpstreamFailure>) -> Void) {
        let timeout = Duration.milliseconds(account.timeoutMs)
        let waitStarted = ContinuousClock.now
        let (gate, client) = self.route(account)
        gate.enter(within: timeout) { entered in
            guard entered else {
                completion(.failure(.overCapacity))
                return
            }
            guard let answer = Self.start(request, on: client, deadline: Self.deadline(timeout, since: waitStarted)) else {
                gate.leave()
                completion(.failure(.notSent("invalid URL")))
                return
            }
            answer.whenComplete { result in
                gate.leave()
                completion(Self.result(of: result))
            }
        }
    }

    private static func deadline(_ timeout: Duration, since waitStarted: ContinuousClock.Instant) -> NIODeadline {
        let remaining = max(.zero, timeout - (ContinuousClock.now - waitStarted))
        let (seconds, attoseconds) = remaining.components
        return NIODeadline.now() + .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Starts the call; nil when the request cannot be made (an invalid URL).
    @inline(never)
    private static func start(_ request: UpstreamRequest, on client: HTTPClient, deadline: NIODeadline) -> EventLoopFuture<HTTPClient.Response>? {
        let outgoing: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            headers.reserveCapacity(request.headers.count + 1)
            for (name, value) in request.headers { headers.add(name: name, value: value) }
            outgoing = try HTTPClient.Request(url: request.url, method: HTTPMethod(rawValue: request.method),
                                              headers: headers, body: .bytes(request.body))
        } catch {
            return nil
        }
        return client.execute(request: outgoing,
                              delegate: ResponseAccumulator(request: outgoing, maxBodySize: Self.maxAnswerBytes),
                              deadline: deadline).futureResult
    }

    @inline(never)
    private static func result(of result: Result<HTTPClient.Response, any Error>) -> Result<UpstreamResponse, UpstreamFailure> {
        switch result {
        case .success(let response):
            var headers: [String: String] = [:]
            for (name, value) in response.headers {
                let key = name.lowercased()
                headers[key] = headers[key].map { "\($0), \(value)" } ?? value
            }
            let body = response.body.map { Array($0.readableBytesView) } ?? []
            return .success(UpstreamResponse(status: Int(response.status.code), headers: headers, body: body))
        case .failure(let error):
            return .failure(classify(error))
        }
    }

    /// The account's gate and its next client (in turn), made anew when `max_connections` changed
    /// (a reload); requests holding the old gate finish under it.
    @inline(never)
    private func route(_ account: ProviderAccountConfig) -> (ConcurrencyGate, HTTPClient) {
        let entry = accounts.withLock { accounts -> Account in
            if let existing = accounts[account.name], existing.limit == account.maxConnections { return existing }
            let count = max(1, (account.maxConnections + Self.connectionsPerClient - 1) / Self.connectionsPerClient)
            let perClient = min(account.maxConnections, Self.connectionsPerClient)
            let clients = (0..<count).map { _ in Self.makeClient(connections: perClient) }
            allClients.withLock { $0 += clients }
            let made = Account(limit: account.maxConnections, gate: ConcurrencyGate(limit: account.maxConnections),
                               clients: clients, next: Locked(0))
            accounts[account.name] = made
            return made
        }
        let index = entry.next.withLock { next -> Int in
            defer { next = (next + 1) % entry.clients.count }
            return next
        }
        return (entry.gate, entry.clients[index])
    }

    private static func makeClient(connections: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        // A refused connection fails its requests at once (certainly not sent, retryable by the
        // caller) instead of being retried with back-off until each request's deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
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
}
