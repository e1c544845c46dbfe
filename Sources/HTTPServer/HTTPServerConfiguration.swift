/// The server's limits and timeouts, as plain fields with safe defaults (in the manner of Go's
/// `net/http.Server`). Every field has a default suitable for a service behind a load balancer.
public struct HTTPServerConfiguration: Sendable {
    /// Address to bind: an IPv4 or IPv6 literal or a host name. `"::"` listens on IPv4 and IPv6.
    public var host: String = "0.0.0.0"
    /// Port to bind; 0 picks a free one (see `HTTPServer.port`).
    public var port: Int = 8080
    /// Past this many open connections a new one is closed at once, never queued.
    public var maxConnections: Int = 10_000
    /// Longest request target; longer: 414.
    public var maxTargetBytes: Int = 8192
    /// Largest header section (request line not counted); larger: 431. Also bounds chunked trailers.
    public var maxHeaderBytes: Int = 16_384
    /// Largest request body; larger: 413, answered from the declared length before reading the body.
    public var maxBodyBytes: Int = 65_536
    /// The whole head must arrive within this, counted from its first byte (from accept for a new connection).
    public var headerTimeout: Duration = .seconds(10)
    /// Longest gap between two reads while a body arrives.
    public var bodyTimeout: Duration = .seconds(10)
    /// A keep-alive connection with no request in progress is closed after this.
    public var idleTimeout: Duration = .seconds(60)
    /// A response the client does not read within this is abandoned and the connection closed.
    public var writeTimeout: Duration = .seconds(30)
    /// After this many requests the response carries `Connection: close`.
    public var maxRequestsPerConnection: Int = 1000
    /// Methods the server knows; any other token is answered 501.
    public var knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]
    /// listen(2) backlog.
    public var backlog: Int32 = 4096

    public init() {}

    /// The parser's share of these settings.
    public var parserLimits: HTTPParserLimits {
        HTTPParserLimits(
            maxTargetBytes: maxTargetBytes, maxHeaderBytes: maxHeaderBytes,
            maxBodyBytes: maxBodyBytes, knownMethods: knownMethods)
    }
}
