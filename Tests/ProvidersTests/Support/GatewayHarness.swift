import Foundation
import Gateway
import HTTPServer
import Logging
import Providers
import Simulators
import Store

/// The three provider simulators and a gateway in front of them, all on loopback port 0, wired as
/// `serve` wires them (`ProviderRegistry.builtIn`, the default upstream client unless told otherwise,
/// `InMemoryMessageStore`).
///
/// Every provider type has five accounts: `main` (generous timeout), `fast` (`timeout_ms: 900`, for
/// hangs), `closed` (a port that refuses connections), `badcreds` (credentials the simulator
/// refuses) and `capped` (`max_connections: 1`). Dealers are named `<cg|mk|ss>-<account>`, plus `cg-from` (a CarGurus dealer with `from`
/// instead of `cargurus_dealer_id`), `mk-flags` (myKaarma flags configured against the defaults) and
/// `ss-full` (sendsms `from_mask`, `campaign_ref` and `click_tracking: false` configured).
final class GatewayHarness: Sendable {
    /// A client allowed for every dealer.
    static let fullToken = "crm-token"
    /// A client allowed only for `ss-main`.
    static let limitedToken = "limited-token"
    static let credentials = SimulatorSuite.Credentials(
        carGurusAppID: "e2e-app", carGurusAuthToken: "e2e auth/token+1", myKaarmaUsername: "e2e-user",
        myKaarmaPassword: "p@ss:word", sendSMSAPIKey: "e2e-api-key")
    /// The myKaarma `mk-*` dealers' path identifiers: characters that must be percent-encoded.
    static let departmentUUID = "dept 9f/0c?"
    static let userUUID = "41aa%7d"

    let simulators: SimulatorSuite
    let store: InMemoryMessageStore
    let app: GatewayApp
    let server: HTTPServer
    let config: GatewayConfig
    let transport: any UpstreamTransport
    private let closedPort: ClosedPort

    var port: Int { server.port }

    private init(simulators: SimulatorSuite, store: InMemoryMessageStore, app: GatewayApp, server: HTTPServer,
                 config: GatewayConfig, transport: any UpstreamTransport, closedPort: ClosedPort) {
        self.simulators = simulators
        self.store = store
        self.app = app
        self.server = server
        self.config = config
        self.transport = transport
        self.closedPort = closedPort
    }

    /// Starts everything; on failure stops what was started.
    static func start(upstream: UpstreamClient = .default) async throws -> GatewayHarness {
        let simulators = SimulatorSuite(credentials: credentials)
        try await simulators.start()
        do {
            let closedPort = try ClosedPort()
            let text = configText(simulators: simulators, closedPort: closedPort.port)
            let config = try GatewayConfigLoader.load(text: text, environment: [:])
            let store = InMemoryMessageStore()
            let transport = upstream.makeTransport()
            let runtime = GatewayRuntime(config: config, plugins: ProviderRegistry.builtIn, transport: transport)
            // The production JSON handler at trace level, so scripts/check-log-privacy.sh can scan every line the suite logs.
            let app = GatewayApp(runtime: runtime, store: store, logger: Logger(label: "e2e") { JSONLogHandler(label: $0, level: .trace) })
            let server = HTTPServer(configuration: config.server.httpServerConfiguration, errorRenderer: app.errorRenderer,
                                    serve: app.serve)
            try server.start()
            return GatewayHarness(simulators: simulators, store: store, app: app, server: server, config: config,
                                  transport: transport, closedPort: closedPort)
        } catch {
            await simulators.stop()
            throw error
        }
    }

    /// Stops the gateway, then the simulators (which resets any hanging upstream request).
    func stop() async {
        await server.shutdown(gracePeriod: .seconds(1))
        await simulators.stop()
        await transport.shutdown()
    }

    /// The configuration text the gateway loads.
    static func configText(simulators: SimulatorSuite, closedPort: Int) -> String {
        let c = credentials
        let cargurusURL = simulators.carGurus.baseURL
        let cargurusClosed = "http://127.0.0.1:\(closedPort)/Cars/api/1.0/dealerSMSRequest.action"
        let sendsmsURL = simulators.sendSMS.baseURL
        let sendsmsClosed = "http://127.0.0.1:\(closedPort)/api"
        return """
        server:
          host: "127.0.0.1"
          port: 0
        clients:
          - name: "crm"
            token: "\(fullToken)"
            dealers: ["*"]
          - name: "limited"
            token: "\(limitedToken)"
            dealers: ["ss-main"]
        providers:
          cargurus-main: {type: cargurus, url: "\(cargurusURL)", app_id: "\(c.carGurusAppID)", auth_token: "\(c.carGurusAuthToken)", timeout_ms: 5000}
          cargurus-fast: {type: cargurus, url: "\(cargurusURL)", app_id: "\(c.carGurusAppID)", auth_token: "\(c.carGurusAuthToken)", timeout_ms: 900}
          cargurus-closed: {type: cargurus, url: "\(cargurusClosed)", app_id: "\(c.carGurusAppID)", auth_token: "\(c.carGurusAuthToken)", timeout_ms: 5000}
          cargurus-badcreds: {type: cargurus, url: "\(cargurusURL)", app_id: "\(c.carGurusAppID)", auth_token: "not-the-token", timeout_ms: 5000}
          mykaarma-main: {type: mykaarma, base_url: "\(simulators.myKaarma.baseURL)", username: "\(c.myKaarmaUsername)", password: "\(c.myKaarmaPassword)", timeout_ms: 5000}
          mykaarma-fast: {type: mykaarma, base_url: "\(simulators.myKaarma.baseURL)", username: "\(c.myKaarmaUsername)", password: "\(c.myKaarmaPassword)", timeout_ms: 900}
          mykaarma-closed: {type: mykaarma, base_url: "http://127.0.0.1:\(closedPort)", username: "\(c.myKaarmaUsername)", password: "\(c.myKaarmaPassword)", timeout_ms: 5000}
          mykaarma-badcreds: {type: mykaarma, base_url: "\(simulators.myKaarma.baseURL)", username: "\(c.myKaarmaUsername)", password: "wrong", timeout_ms: 5000}
          sendsms-main: {type: sendsms, url: "\(sendsmsURL)", api_key: "\(c.sendSMSAPIKey)", timeout_ms: 5000}
          sendsms-fast: {type: sendsms, url: "\(sendsmsURL)", api_key: "\(c.sendSMSAPIKey)", timeout_ms: 900}
          sendsms-closed: {type: sendsms, url: "\(sendsmsClosed)", api_key: "\(c.sendSMSAPIKey)", timeout_ms: 5000}
          sendsms-badcreds: {type: sendsms, url: "\(sendsmsURL)", api_key: "wrong-key", timeout_ms: 5000}
          cargurus-capped: {type: cargurus, url: "\(cargurusURL)", app_id: "\(c.carGurusAppID)", auth_token: "\(c.carGurusAuthToken)", timeout_ms: 5000, max_connections: 1}
          mykaarma-capped: {type: mykaarma, base_url: "\(simulators.myKaarma.baseURL)", username: "\(c.myKaarmaUsername)", password: "\(c.myKaarmaPassword)", timeout_ms: 5000, max_connections: 1}
          sendsms-capped: {type: sendsms, url: "\(sendsmsURL)", api_key: "\(c.sendSMSAPIKey)", timeout_ms: 5000, max_connections: 1}
        dealers:
          cg-main: {provider: cargurus-main, cargurus_dealer_id: "sp61504"}
          cg-from: {provider: cargurus-main, from: "+16175551212"}
          cg-fast: {provider: cargurus-fast, cargurus_dealer_id: "sp61504"}
          cg-closed: {provider: cargurus-closed, cargurus_dealer_id: "sp61504"}
          cg-badcreds: {provider: cargurus-badcreds, cargurus_dealer_id: "sp61504"}
          mk-main: {provider: mykaarma-main, department_uuid: "\(departmentUUID)", user_uuid: "\(userUUID)"}
          mk-flags: {provider: mykaarma-main, department_uuid: "d1", user_uuid: "u1", add_tcpa_footer: false, add_signature: true, add_footer: true, send_vcard: true}
          mk-fast: {provider: mykaarma-fast, department_uuid: "d1", user_uuid: "u1"}
          mk-closed: {provider: mykaarma-closed, department_uuid: "d1", user_uuid: "u1"}
          mk-badcreds: {provider: mykaarma-badcreds, department_uuid: "d1", user_uuid: "u1"}
          ss-main: {provider: sendsms-main, from: "+18885551212"}
          ss-full: {provider: sendsms-main, from: "+18885551213", from_mask: "SunriseAuto", campaign_ref: "campaign2345", click_tracking: false}
          ss-fast: {provider: sendsms-fast, from: "+18885551212"}
          ss-closed: {provider: sendsms-closed, from: "+18885551212"}
          ss-badcreds: {provider: sendsms-badcreds, from: "+18885551212"}
          cg-capped: {provider: cargurus-capped, cargurus_dealer_id: "sp61504"}
          mk-capped: {provider: mykaarma-capped, department_uuid: "d1", user_uuid: "u1"}
          ss-capped: {provider: sendsms-capped, from: "+18885551212"}

        """
    }

    // MARK: Requests

    /// Any request to the gateway.
    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []) async throws -> HTTPReply {
        try await LoopbackHTTPClient.send(port: port, method: method, path: path, headers: headers, body: body)
    }

    /// `POST /messages` with a bearer token and `Content-Type: application/json` unless told otherwise.
    func post(_ json: String, token: String? = fullToken, contentType: String? = "application/json",
              headers: [(String, String)] = []) async throws -> HTTPReply {
        try await post(bytes: Array(json.utf8), token: token, contentType: contentType, headers: headers)
    }

    func post(bytes: [UInt8], token: String? = fullToken, contentType: String? = "application/json",
              headers: [(String, String)] = []) async throws -> HTTPReply {
        var all: [(String, String)] = []
        if let token { all.append(("Authorization", "Bearer \(token)")) }
        if let contentType { all.append(("Content-Type", contentType)) }
        return try await send("POST", "/messages", headers: all + headers, body: bytes)
    }

    /// `GET /messages/{id}` (or another method) with a bearer token unless told otherwise.
    func message(_ id: String, token: String? = fullToken, method: String = "GET") async throws -> HTTPReply {
        try await send(method, "/messages/\(id)", headers: token.map { [("Authorization", "Bearer \($0)")] } ?? [])
    }

    // MARK: What the providers saw

    /// Requests received by all three simulators together.
    var upstreamRequestCount: Int {
        simulators.carGurus.requestCount + simulators.myKaarma.requestCount + simulators.sendSMS.requestCount
    }
}

/// Runs `body` against a fresh harness and tears it down afterwards, whatever happened.
func withGateway<T: Sendable>(upstream: UpstreamClient = .default,
                              _ body: (GatewayHarness) async throws -> T) async throws -> T {
    let harness = try await GatewayHarness.start(upstream: upstream)
    do {
        let result = try await body(harness)
        await harness.stop()
        return result
    } catch {
        await harness.stop()
        throw error
    }
}
