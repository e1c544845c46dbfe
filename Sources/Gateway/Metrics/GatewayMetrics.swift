import Metrics
import Prometheus
import Synchronization

/// The metrics of api.md's "Metrics" table, recorded through swift-metrics into a Prometheus
/// registry of the gateway's own (not the global one, so tests can each have theirs).
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let inFlight: Meter
    private let connections: Meter
    /// Handles by label values, made once: the factory's own lookup takes a lock and allocates.
    private let counters = Mutex<[String: Metrics.Counter]>([:])
    private let timers = Mutex<[String: Metrics.Timer]>([:])

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
            .seconds(5), .seconds(10), .seconds(30),
        ]
        self.factory = factory
        inFlight = Meter(label: "http_requests_in_flight", dimensions: [], factory: factory)
        connections = Meter(label: "http_connections_open", dimensions: [], factory: factory)
        inFlight.set(0)
        connections.set(0)
        // Present from the start, so a scrape sees it before the first replay.
        _ = Counter(label: "sms_idempotent_replays_total", dimensions: [], factory: factory)
    }

    func requestStarted() { inFlight.increment() }

    /// One answered request. `route` is the route pattern, or `other` for unknown paths.
    func requestFinished(route: String, method: String, status: Int, duration: Duration) {
        inFlight.decrement()
        record(route: route, method: method, status: status, duration: duration)
    }

    /// An answer the server core gave by itself (malformed request, limits, timeouts).
    func serverAnswered(route: String, method: String, status: Int) {
        requestCounter(route: route, method: method, status: status).increment()
    }

    private func record(route: String, method: String, status: Int, duration: Duration) {
        requestCounter(route: route, method: method, status: status).increment()
        timer("http_request_duration_seconds", [("route", route), ("method", method)]).recordNanoseconds(Self.nanoseconds(duration))
    }

    private func requestCounter(route: String, method: String, status: Int) -> Metrics.Counter {
        counter("http_requests_total", [("route", route), ("method", method), ("status", String(status))])
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Counter {
        let key = Self.key(label, dimensions)
        return counters.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = Metrics.Counter(label: label, dimensions: dimensions, factory: factory)
            cache[key] = made
            return made
        }
    }

    private func timer(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Timer {
        let key = Self.key(label, dimensions)
        return timers.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = Metrics.Timer(label: label, dimensions: dimensions, factory: factory)
            cache[key] = made
            return made
        }
    }

    private static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        var key = label
        for (name, value) in dimensions { key += "|\(name)=\(value)" }
        return key
    }

    /// Open connections, as the HTTP server reports them.
    public func connectionsChanged(_ count: Int) { connections.set(count) }

    /// One message handed to a provider: `outcome` is `sent` or the unified error code.
    func message(provider: String, account: String, outcome: String, upstreamDuration: Duration) {
        counter("sms_messages_total", [("provider", provider), ("account", account), ("outcome", outcome)]).increment()
        timer("sms_upstream_duration_seconds", [("provider", provider), ("account", account)])
            .recordNanoseconds(Self.nanoseconds(upstreamDuration))
    }

    func idempotentReplay() {
        counter("sms_idempotent_replays_total", []).increment()
    }

    /// The Prometheus text exposition.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    private static func nanoseconds(_ d: Duration) -> Int64 {
        let (s, a) = d.components
        return s * 1_000_000_000 + a / 1_000_000_000
    }
}
