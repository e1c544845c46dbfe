import Foundation
import Gateway
import HTTPServer
import Logging
import Providers
import Simulators
import Store
import Locking
import Testing

/// A store that can be switched to failing, as a full disk or a revoked permission would make it.
final class SwitchableStore: GatewayStore {
    let inner = InMemoryMessageStore()
    let broken = Locked(false)

    private func check() throws { if broken.withLock({ $0 }) { throw StoreError("disk I/O error") } }
    func save(_ record: MessageRecord) async throws { try check(); try await inner.save(record) }
    func record(id: String) async throws -> MessageRecord? { try check(); return try await inner.record(id: id) }
    func isUsable() async -> Bool { !broken.withLock { $0 } }
    func claim(client: String, key: String, fingerprint: String, now: Date, retention: TimeInterval,
               staleClaimAfter: TimeInterval) async throws -> IdempotencyClaim {
        try check()
        return try await inner.claim(client: client, key: key, fingerprint: fingerprint, now: now, retention: retention, staleClaimAfter: staleClaimAfter)
    }
    func complete(client: String, key: String, response: StoredResponse, now: Date) async throws {
        try check(); try await inner.complete(client: client, key: key, response: response, now: now)
    }
    func release(client: String, key: String) async throws { try check(); try await inner.release(client: client, key: key) }
    func pruneIdempotencyKeys(before: Date) async throws -> Int { try check(); return try await inner.pruneIdempotencyKeys(before: before) }
}

@Suite("A store that cannot be written")
struct StoreFailureTests {
    @Test func readinessAndRequestsAnswer503WithoutCallingTheProvider() async throws {
        let simulator = SendSMSSimulator(apiKey: "k-store-fail")
        try simulator.start()
        let config = try GatewayConfigLoader.load(text: """
            clients: [{name: crm, token: "tok-store-fail", dealers: ["*"]}]
            providers: {sms: {type: sendsms, url: "\(simulator.baseURL)", api_key: "k-store-fail"}}
            dealers: {sunrise: {provider: sms, from: "+18885551212"}}
            """, environment: [:])
        let store = SwitchableStore()
        let app = GatewayApp(runtime: GatewayRuntime(config: config, plugins: ProviderRegistry.builtIn, transport: UpstreamClient.default.makeTransport()),
                             store: store, logger: Logger(label: "store-failure") { JSONLogHandler(label: $0, level: .trace) })
        var serverConfig = HTTPServerConfiguration()
        serverConfig.host = "127.0.0.1"
        serverConfig.port = 0
        let server = HTTPServer(configuration: serverConfig, errorRenderer: app.errorRenderer, serve: app.serve)
        try server.start()
        defer { Task { await server.shutdown(gracePeriod: .seconds(1)); await simulator.stop() } }
        let headers = [("Authorization", "Bearer tok-store-fail"), ("Content-Type", "application/json")]
        let body = Array(#"{"dealer_id":"sunrise","to":"+15551238000","body":"Hello"}"#.utf8)

        #expect(try await LoopbackHTTPClient.send(port: server.port, method: "GET", path: "/readyz", headers: [], body: []).status == 200)
        #expect(try await LoopbackHTTPClient.send(port: server.port, method: "POST", path: "/messages", headers: headers, body: body).status == 201)

        store.broken.withLock { $0 = true }
        let ready = try await LoopbackHTTPClient.send(port: server.port, method: "GET", path: "/readyz", headers: [], body: [])
        expectError(ready, ExpectedError(code: "not_ready", status: 503, retryable: true, hasRecord: false))
        let refused = try await LoopbackHTTPClient.send(port: server.port, method: "POST", path: "/messages", headers: headers, body: body)
        expectError(refused, ExpectedError(code: "not_ready", status: 503, retryable: true, hasRecord: false))
        let keyed = try await LoopbackHTTPClient.send(port: server.port, method: "POST", path: "/messages",
                                                      headers: headers + [("Idempotency-Key", "k1")], body: body)
        #expect(keyed.status == 503)
        #expect(simulator.requestCount == 1)  // only the message sent before the store broke

        // It recovers without a restart.
        store.broken.withLock { $0 = false }
        #expect(try await LoopbackHTTPClient.send(port: server.port, method: "GET", path: "/readyz", headers: [], body: []).status == 200)
        #expect(try await LoopbackHTTPClient.send(port: server.port, method: "POST", path: "/messages", headers: headers, body: body).status == 201)
    }
}
