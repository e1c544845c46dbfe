import Locking
import CoreMetrics
import Metrics
import Prometheus

/// The metrics of api.md's "Metrics" table, recorded through swift-metrics into a Prometheus
/// registry of the gateway's own (not the global one, so tests can each have theirs).
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let inFlight: Meter
    private let connections: Meter
    /// Handles made once per label set: making one through the factory builds its label string and looks
    /// it up in the registry under the registry's lock, which cost ~8% of a /healthz request's CPU.
    private let handles = Locked(Handles())

    private struct RequestKey: Hashable { let route: String, method: String, status: Int }
    private struct RouteKey: Hashable { let route: String, method: String }
    private struct MessageKey: Hashable { let provider: String, account: String, outcome: String }
    private struct UpstreamKey: Hashable { let provider: String, account: String }
    /// The label values are bounded (route patterns, methods, statuses, configured accounts, error
    /// codes), so these dictionaries stay small.
    private struct Handles {
        var requests: [RequestKey: CoreMetrics.Counter] = [:]
        var durations: [RouteKey: Metrics.Timer] = [:]
        var messages: [MessageKey: CoreMetrics.Counter] = [:]
        var upstream: [UpstreamKey: Metrics.Timer] = [:]
    }

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
        let key = RouteKey(route: route, method: method)
        let timer = handles.withLock { h in
            if let timer = h.durations[key] { return timer }
            let timer = Metrics.Timer(label: "http_request_duration_seconds", dimensions: [("route", route), ("method", method)], factory: factory)
            h.durations[key] = timer
            return timer
        }
        timer.recordNanoseconds(Self.nanoseconds(duration))
    }

    private func requestCounter(route: String, method: String, status: Int) -> CoreMetrics.Counter {
        let key = RequestKey(route: route, method: method, status: status)
        return handles.withLock { h in
            if let counter = h.requests[key] { return counter }
            let counter = Counter(label: "http_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory)
            h.requests[key] = counter
            return counter
        }
    }

    /// Open connections, as the HTTP server reports them.
    public func connectionsChanged(_ count: Int) { connections.set(count) }

    /// One message handed to a provider: `outcome` is `sent` or the unified error code.
    func message(provider: String, account: String, outcome: String, upstreamDuration: Duration) {
        let messageKey = MessageKey(provider: provider, account: account, outcome: outcome)
        let upstreamKey = UpstreamKey(provider: provider, account: account)
        let (counter, timer) = handles.withLock { h -> (CoreMetrics.Counter, Metrics.Timer) in
            let counter = h.messages[messageKey] ?? {
                let made = Counter(label: "sms_messages_total", dimensions: [("provider", provider), ("account", account), ("outcome", outcome)], factory: factory)
                h.messages[messageKey] = made
                return made
            }()
            let timer = h.upstream[upstreamKey] ?? {
                let made = Metrics.Timer(label: "sms_upstream_duration_seconds", dimensions: [("provider", provider), ("account", account)], factory: factory)
                h.upstream[upstreamKey] = made
                return made
            }()
            return (counter, timer)
        }
        counter.increment()
        timer.recordNanoseconds(Self.nanoseconds(upstreamDuration))
    }

    func idempotentReplay() {
        Counter(label: "sms_idempotent_replays_total", dimensions: [], factory: factory).increment()
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
