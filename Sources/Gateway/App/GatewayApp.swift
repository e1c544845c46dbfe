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

    /// The gateway as `HTTPServer`'s handler. Answers that need neither the store nor a provider
    /// are given at once; the others run as tasks on the connection's executor, and a message waiting
    /// on its provider holds no task at all (see `sendMessage`).
    public var serve: HTTPServeFunction {
        { [self] request, responder in self.handle(request, responder) }
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

    func handle(_ request: HTTPServerRequest, _ responder: HTTPResponder) {
        metrics.requestStarted()
        let route = Route.match(request.path)
        let exchange = Exchange(request, route: route, responder: responder)
        switch immediateAnswer(to: request, route: route, requestID: exchange.requestID) {
        case .answer(let response):
            answer(exchange, response)
        case .sendMessage:
            sendMessage(request, exchange)
        case .readyz:
            answerFromTask(exchange) { [self] in await readyz(requestID: exchange.requestID) }
        case .lookUpMessage(let id):
            answerFromTask(exchange) { [self] in await lookUpMessage(id: id, request: request, requestID: exchange.requestID) }
        }
    }

    /// Runs `body` as a task on the connection's executor, and answers with what it returns.
    private func answerFromTask(_ exchange: Exchange, _ body: @escaping @Sendable () async -> HTTPServerResponse) {
        Task(executorPreference: exchange.executor) { [self] in answer(exchange, await body()) }
    }

    /// One request from its arrival to its answer: what the access line and the metrics need, and
    /// where the answer goes. Small, because a message waiting on its provider keeps it.
    final class Exchange: Sendable {
        let started = ContinuousClock.now
        let requestID: String
        let method: String
        let route: String
        let remoteAddress: String
        let responder: HTTPResponder

        init(_ request: HTTPServerRequest, route: Route?, responder: HTTPResponder) {
            self.requestID = Identifiers.requestID(from: request.headerFields[.requestID])
            self.method = GatewayApp.methodLabel(request.method)
            self.route = route?.pattern ?? "other"
            self.remoteAddress = request.remoteAddress
            self.responder = responder
        }

        var executor: any TaskExecutor { responder.executor }
    }

    /// Metrics, the access line, and the answer.
    func answer(_ exchange: Exchange, _ response: HTTPServerResponse) {
        let duration = ContinuousClock.now - exchange.started
        metrics.requestFinished(route: exchange.route, method: exchange.method, status: response.status.code, duration: duration)
        // The access line: the route pattern, never the raw path (ids stay out of logs' cardinality).
        logger.info("request", metadata: [
            "request_id": "\(exchange.requestID)", "method": "\(exchange.method)", "route": "\(exchange.route)",
            "status": "\(response.status.code)", "duration_ms": "\(Self.milliseconds(duration))",
            "remote": "\(exchange.remoteAddress)",
        ])
        exchange.responder.respond(response)
    }

    static func milliseconds(_ d: Duration) -> String {
        let (s, a) = d.components
        let micros = s * 1_000_000 + a / 1_000_000_000_000
        return "\(micros / 1000).\(String(format: "%03d", Int(micros % 1000)))"
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
