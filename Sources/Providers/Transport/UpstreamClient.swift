import Gateway

/// Which HTTP client carries the gateway's upstream calls (`serve --upstream-client`).
public enum UpstreamClient: String, CaseIterable, Sendable {
    /// AsyncHTTPClient on SwiftNIO: the default, the faster one here (BENCHMARKS.md).
    case asyncHTTPClient = "async-http-client"
    /// URLSession from FoundationNetworking (libcurl).
    case urlSession = "urlsession"

    public static let `default`: UpstreamClient = .asyncHTTPClient

    /// A new transport of this kind; shut it down when the process is done with it.
    public func makeTransport() -> any UpstreamTransport {
        switch self {
        case .asyncHTTPClient: AsyncHTTPClientTransport()
        case .urlSession: URLSessionTransport()
        }
    }
}
