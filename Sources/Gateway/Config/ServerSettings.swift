import HTTPServer

/// The `server` section: address, limits, timeouts (milliseconds), shutdown timing and log level.
/// Every field defaults to the value config.md documents.
public struct ServerSettings: Sendable, Equatable {
    /// The log levels `log_level` accepts, least severe first.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Address to bind. Default `0.0.0.0`.
    public var host: String = "0.0.0.0"
    /// Port to bind; 0 picks a free one. Default 8080; `PORT` in the environment overrides it.
    public var port: Int = 8080
    /// Past this many open connections a new one is closed at once. Default 10000.
    public var maxConnections: Int = 10_000
    /// Longest request target; over: 414. Default 8 KiB.
    public var maxTargetBytes: Int = 8192
    /// Largest header section; over: 431. Default 16 KiB.
    public var maxHeaderBytes: Int = 16_384
    /// Largest request body; over: 413. Default 64 KiB.
    public var maxBodyBytes: Int = 65_536
    /// The whole head must arrive within this. Default 10 s.
    public var headerTimeoutMs: Int = 10_000
    /// Longest gap between two reads of a body. Default 10 s.
    public var bodyTimeoutMs: Int = 10_000
    /// Keep-alive idle timeout. Default 60 s.
    public var idleTimeoutMs: Int = 60_000
    /// After this many requests a connection gets `Connection: close`. Default 1000.
    public var maxRequestsPerConnection: Int = 1000
    /// On SIGTERM, how long `/readyz` answers 503 while the server keeps serving. Default 0.
    public var drainDelayMs: Int = 0
    /// Deadline, from the signal, for in-flight work before exit. Default 25 s.
    public var shutdownGraceMs: Int = 25_000
    /// One of `logLevels`, lower case. Default `info`; `LOG_LEVEL` in the environment overrides it.
    public var logLevel: String = "info"

    /// All defaults.
    public init() {}

    /// These settings as the HTTP server's configuration (milliseconds become `Duration`s); fields
    /// the config file does not set keep the server's own defaults.
    public var httpServerConfiguration: HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.maxConnections = maxConnections
        configuration.maxTargetBytes = maxTargetBytes
        configuration.maxHeaderBytes = maxHeaderBytes
        configuration.maxBodyBytes = maxBodyBytes
        configuration.headerTimeout = .milliseconds(headerTimeoutMs)
        configuration.bodyTimeout = .milliseconds(bodyTimeoutMs)
        configuration.idleTimeout = .milliseconds(idleTimeoutMs)
        configuration.maxRequestsPerConnection = maxRequestsPerConnection
        return configuration
    }
}
