import Foundation
import HTTPServer
import HTTPTypes
import Logging
import Store
import Locking

/// The gateway's HTTP application: routes, auth, validation, the provider call, records.
/// It plugs into `HTTPServer` through `handler` and `errorRenderer`.
public final class GatewayApp: Sendable {
    private let runtimeState: Locked<GatewayRuntime>
    public let store: any GatewayStore
    public let readiness: Readiness
    public let metrics: GatewayMetrics
    let logger: Logger

    public init(runtime: GatewayRuntime, store: any GatewayStore, readiness: Readiness = Readiness(),
                metrics: GatewayMetrics = GatewayMetrics(), logger: Logger) {
        self.runtimeState = Locked(runtime)
        self.store = store
        self.readiness = readiness
        self.metrics = metrics
        self.logger = logger
    }

    /// The configuration in force.
    public var runtime: GatewayRuntime { runtimeState.withLock { $0 } }

    /// Swaps in a new configuration atomically (SIGHUP). Requests in flight finish with the old one.
    public func replace(runtime: GatewayRuntime) {
        runtimeState.withLock { $0 = runtime }
    }

    public var handler: HTTPHandler {
        { [self] request in await self.handle(request) }
    }

    public var errorRenderer: HTTPErrorRenderer {
        { [metrics] error, head in
            let response = Responses.serverError(error, head: head)
            let path = head?.path.map { Substring($0.prefix { $0 != "?" }) } ?? ""
            metrics.serverAnswered(route: Route.match(path)?.pattern ?? "other",
                                   method: Self.methodLabel(head?.method), status: response.status.code)
            return response
        }
    }

    /// Known methods by name; anything else is `other`, so a client cannot invent label values.
    static func methodLabel(_ method: HTTPRequest.Method?) -> String {
        guard let method else { return "other" }
        switch method {
        case .get, .head, .post, .put, .delete, .patch, .options, .connect, .trace: return method.rawValue
        default: return "other"
        }
    }

    func handle(_ request: HTTPServerRequest) async -> HTTPServerResponse {
        let started = ContinuousClock.now
        metrics.requestStarted()
        let route = Route.match(request.path)
        let requestID = Identifiers.requestID(from: request.headerFields[.requestID])
        let response = await respond(to: request, route: route, requestID: requestID)
        finished(request, route: route, requestID: requestID, response: response, duration: ContinuousClock.now - started)
        return response
    }

    /// Metrics and the access line for an answered request. Not inlined into `handle`, so that its
    /// temporaries stay off the async frame every waiting request keeps (see `sendMessage`).
    @inline(never)
    private func finished(_ request: HTTPServerRequest, route: Route?, requestID: String, response: HTTPServerResponse, duration: Duration) {
        let method = Self.methodLabel(request.method)
        let pattern = route?.pattern ?? "other"
        metrics.requestFinished(route: pattern, method: method, status: response.status.code, duration: duration)
        // The access line: the route pattern, never the raw path (ids stay out of logs' cardinality).
        logger.info("request", metadata: [
            "request_id": "\(requestID)", "method": "\(method)", "route": "\(pattern)",
            "status": "\(response.status.code)", "duration_ms": "\(Self.milliseconds(duration))",
            "remote": "\(request.remoteAddress)",
        ])
    }

    static func milliseconds(_ d: Duration) -> String {
        let (s, a) = d.components
        let micros = s * 1_000_000 + a / 1_000_000_000_000
        return "\(micros / 1000).\(String(format: "%03d", Int(micros % 1000)))"
    }

    private func respond(to request: HTTPServerRequest, route: Route?, requestID: String) async -> HTTPServerResponse {
        switch immediateAnswer(to: request, route: route, requestID: requestID) {
        case .answer(let response):
            return response
        case .readyz:
            return await readyz(requestID: requestID)
        case .sendMessage:
            return await sendMessage(request, requestID: requestID)
        case .lookUpMessage(let id):
            return await lookUpMessage(id: id, request: request, requestID: requestID)
        }
    }

    private enum RouteAction {
        case answer(HTTPServerResponse)
        case readyz
        case sendMessage
        case lookUpMessage(String)
    }

    /// The answer when the route alone gives it; otherwise which endpoint goes on.
    @inline(never)
    private func immediateAnswer(to request: HTTPServerRequest, route: Route?, requestID: String) -> RouteAction {
        guard let route else {
            return .answer(Responses.error(GatewayError(code: .notFound, message: "There is nothing at \(String(request.path.prefix(200)))."), requestID: requestID))
        }
        guard route.allowedMethods.contains(request.method) else {
            let allow = route.allowedMethods.map(\.rawValue).joined(separator: ", ")
            var response = Responses.error(
                GatewayError(code: .methodNotAllowed, message: "\(route.pattern) takes \(allow), not \(request.method.rawValue)."),
                requestID: requestID)
            response.headerFields[.allow] = allow
            return .answer(response)
        }
        switch route {
        case .healthz:
            return .answer(Responses.json(.ok, Array(#"{"status":"ok"}"#.utf8), requestID: requestID))
        case .readyz:
            return .readyz
        case .metrics:
            return .answer(Responses.text(.ok, metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8", requestID: requestID))
        case .messages:
            return .sendMessage
        case .message(let id):
            return .lookUpMessage(String(id))
        }
    }

    private func readyz(requestID: String) async -> HTTPServerResponse {
        if let reason = readiness.notReadyReason(storeUsable: await store.isUsable()) {
            var e = GatewayError(code: .notReady, message: reason)
            e.retryAfter = "1"
            return Responses.error(e, requestID: requestID)
        }
        return Responses.json(.ok, Array(#"{"status":"ready"}"#.utf8), requestID: requestID)
    }
}
