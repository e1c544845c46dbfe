import Foundation
import HTTPServer
import HTTPTypes
import Logging
import Store
import Synchronization

/// The gateway's HTTP application: routes, auth, validation, the provider call, records.
/// It plugs into `HTTPServer` through `handler` and `errorRenderer`.
public final class GatewayApp: Sendable {
    private let runtimeState: Mutex<GatewayRuntime>
    public let store: any MessageStore
    public let readiness: Readiness
    let logger: Logger

    public init(runtime: GatewayRuntime, store: any MessageStore, readiness: Readiness = Readiness(), logger: Logger) {
        self.runtimeState = Mutex(runtime)
        self.store = store
        self.readiness = readiness
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
        { error, head in Responses.serverError(error, head: head) }
    }

    func handle(_ request: HTTPServerRequest) async -> HTTPServerResponse {
        let requestID = Identifiers.requestID(from: request.headerFields[.requestID])
        guard let route = Route.match(request.path) else {
            return Responses.error(GatewayError(code: .notFound, message: "There is nothing at \(String(request.path.prefix(200)))."), requestID: requestID)
        }
        guard route.allowedMethods.contains(request.method) else {
            let allow = route.allowedMethods.map(\.rawValue).joined(separator: ", ")
            var response = Responses.error(
                GatewayError(code: .methodNotAllowed, message: "\(route.pattern) takes \(allow), not \(request.method.rawValue)."),
                requestID: requestID)
            response.headerFields[.allow] = allow
            return response
        }
        switch route {
        case .healthz:
            return Responses.json(.ok, Array(#"{"status":"ok"}"#.utf8), requestID: requestID)
        case .readyz:
            return await readyz(requestID: requestID)
        case .messages:
            return await sendMessage(request, requestID: requestID)
        case .message(let id):
            return await lookUpMessage(id: String(id), request: request, requestID: requestID)
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
