import AsyncHTTPClient
import Gateway
import NIOCore
import NIOHTTP1
import NIOPosix

/// `UpstreamTransport` over AsyncHTTPClient (SwiftNIO), for comparison with the gateway's
/// URLSession transport. One client for all accounts; each account's host keeps at most
/// `max_connections` connections (requests beyond that wait in AsyncHTTPClient's queue, and the wait
/// counts against the account's timeout, as the URLSession transport's gate does).
final class AsyncHTTPClientTransport: UpstreamTransport {
    private let client: HTTPClient

    /// - Parameter maxConnectionsPerHost: the largest `max_connections` of any account.
    init(maxConnectionsPerHost: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60),
                                             concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnectionsPerHost)
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton), configuration: configuration)
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    func send(_ request: UpstreamRequest, account: ProviderAccountConfig) async -> Result<UpstreamResponse, UpstreamFailure> {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await client.execute(outgoing, timeout: .milliseconds(Int64(account.timeoutMs)))
            var body = try await response.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for (name, value) in response.headers { headers[name.lowercased()] = value }
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            return .success(UpstreamResponse(status: Int(response.status.code), headers: headers, body: bytes))
        } catch let error as HTTPClientError {
            return .failure(Self.classify(error))
        } catch {
            // NIO connect errors (refused, unreachable) are thrown before anything was written.
            if error is NIOConnectionError || error is IOError { return .failure(.notSent(String(describing: error))) }
            return .failure(.droppedAfterSend(String(describing: type(of: error))))
        }
    }

    private static func classify(_ error: HTTPClientError) -> UpstreamFailure {
        if error == .deadlineExceeded || error == .readTimeout || error == .writeTimeout { return .timedOut }
        if error == .connectTimeout || error == .invalidURL || error == .emptyHost { return .notSent(String(describing: error)) }
        return .droppedAfterSend(String(describing: error))
    }
}
