import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Gateway
import Synchronization

/// Upstream calls over URLSession (libcurl on Linux): one session per provider account with the
/// account's timeout, and at most `max_connections` requests in flight per account.
public final class URLSessionTransport: UpstreamTransport {
    private struct Pool: @unchecked Sendable {  // URLSession is thread-safe
        let session: URLSession
        let gate: ConcurrencyGate
        let timeoutMs: Int
        let maxConnections: Int
    }

    private let pools = Mutex<[String: Pool]>([:])

    public init() {}

    public func send(_ request: UpstreamRequest, account: ProviderAccountConfig) async -> Result<UpstreamResponse, UpstreamFailure> {
        guard let url = URL(string: request.url) else { return .failure(.notSent("invalid URL")) }
        let pool = self.pool(for: account)
        let timeout = Duration.milliseconds(account.timeoutMs)
        guard await pool.gate.enter(within: timeout) else { return .failure(.overCapacity) }
        defer { pool.gate.leave() }

        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = Double(account.timeoutMs) / 1000
        for (name, value) in request.headers { urlRequest.addValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = Data(request.body)
        do {
            let (data, response) = try await pool.session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else { return .failure(.droppedAfterSend("not an HTTP answer")) }
            var headers: [String: String] = [:]
            for (key, value) in http.allHeaderFields {
                headers[String(describing: key).lowercased()] = String(describing: value)
            }
            return .success(UpstreamResponse(status: http.statusCode, headers: headers, body: Array(data)))
        } catch let error as URLError {
            return .failure(Self.classify(error))
        } catch {
            return .failure(.droppedAfterSend(String(describing: type(of: error))))
        }
    }

    /// providers.md's transport table: only what certainly did not leave is `notSent`.
    static func classify(_ error: URLError) -> UpstreamFailure {
        switch error.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .badURL, .unsupportedURL:
            return .notSent(Self.describe(error.code))
        case .timedOut:
            return .timedOut
        default:
            return .droppedAfterSend(Self.describe(error.code))
        }
    }

    private static func describe(_ code: URLError.Code) -> String {
        switch code {
        case .cannotConnectToHost: "connection refused"
        case .cannotFindHost, .dnsLookupFailed: "host not found"
        case .notConnectedToInternet: "no network"
        case .networkConnectionLost: "connection lost"
        case .badServerResponse: "bad server response"
        case .zeroByteResource: "empty answer"
        default: "URL error \(code.rawValue)"
        }
    }

    private func pool(for account: ProviderAccountConfig) -> Pool {
        pools.withLock { pools in
            if let existing = pools[account.name], existing.timeoutMs == account.timeoutMs,
               existing.maxConnections == account.maxConnections {
                return existing
            }
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = Double(account.timeoutMs) / 1000
            configuration.timeoutIntervalForResource = Double(account.timeoutMs) / 1000
            configuration.httpMaximumConnectionsPerHost = account.maxConnections
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            configuration.urlCache = nil
            configuration.httpCookieStorage = nil
            let pool = Pool(session: URLSession(configuration: configuration), gate: ConcurrencyGate(limit: account.maxConnections),
                            timeoutMs: account.timeoutMs, maxConnections: account.maxConnections)
            pools[account.name] = pool
            return pool
        }
    }
}
