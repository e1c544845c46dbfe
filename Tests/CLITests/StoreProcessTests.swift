import Foundation
import Simulators
import Testing

/// The SQLite store as operators meet it: across restarts, shared by two processes, unusable paths.
@Suite("sms-gateway serve with its SQLite store", .serialized)
struct StoreProcessTests {
    static let token = "tok-store-456"
    static let apiKey = "store-api-key-789"

    static func config(simulatorURL: String, sqlitePath: String) -> String {
        """
        server:
          host: "127.0.0.1"
          port: 0
        storage:
          sqlite_path: "\(sqlitePath)"
        clients:
          - name: "crm"
            token: "\(token)"
            dealers: ["*"]
        providers:
          sms:
            type: sendsms
            url: "\(simulatorURL)"
            api_key: "\(apiKey)"
        dealers:
          sunrise:
            provider: sms
            from: "+18885551212"
        """
    }

    static func post(port: Int, to: String, key: String) async throws -> HTTPResult {
        try await http("POST", "http://127.0.0.1:\(port)/messages",
                       headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json", "Idempotency-Key": key],
                       body: #"{"dealer_id":"sunrise","to":"\#(to)","body":"Store test"}"#)
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func recordsAndKeysSurviveARestart() async throws {
        let simulator = SendSMSSimulator(apiKey: Self.apiKey)
        try simulator.start()
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = Self.config(simulatorURL: simulator.baseURL, sqlitePath: dir.appendingPathComponent("db/gateway.sqlite").path)

        let first = try GatewayProcessHarness(arguments: ["serve"], config: config)
        let port1 = try #require(await first.waitForPort())
        let sent = try await Self.post(port: port1, to: "+15551239001", key: "restart-key")
        #expect(sent.status == 201)
        let id = try #require(sent.headers["location"]?.split(separator: "/").last.map(String.init))
        first.signal(SIGTERM)
        #expect(await first.waitForExit() == 0)
        await first.stop()

        let second = try GatewayProcessHarness(arguments: ["serve"], config: config)
        defer { Task { await second.stop(); await simulator.stop() } }
        let port2 = try #require(await second.waitForPort())
        let lookup = try await http("GET", "http://127.0.0.1:\(port2)/messages/\(id)", headers: ["Authorization": "Bearer \(Self.token)"])
        #expect(lookup.status == 200)
        #expect(lookup.body.contains("\"status\":\"sent\""))
        #expect(!lookup.body.contains("Store test"))  // the message body is not kept
        let replay = try await Self.post(port: port2, to: "+15551239001", key: "restart-key")
        #expect(replay.status == 201)
        #expect(replay.headers["idempotent-replayed"] == "true")
        #expect(replay.body == sent.body)
        #expect(simulator.requestCount == 1)
    }

    @Test func twoProcessesOnOneFileSendOnce() async throws {
        let simulator = SendSMSSimulator(apiKey: Self.apiKey)
        try simulator.start()
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = Self.config(simulatorURL: simulator.baseURL, sqlitePath: dir.appendingPathComponent("shared.sqlite").path)
        let a = try GatewayProcessHarness(arguments: ["serve"], config: config)
        let b = try GatewayProcessHarness(arguments: ["serve"], config: config)
        defer { Task { await a.stop(); await b.stop(); await simulator.stop() } }
        let portA = try #require(await a.waitForPort())
        let portB = try #require(await b.waitForPort())

        let slow = Scenarios.prefix + "1030"  // 300 ms upstream, so the requests overlap
        let answers = try await withThrowingTaskGroup(of: HTTPResult.self) { group in
            for i in 0..<20 {
                let port = i % 2 == 0 ? portA : portB
                group.addTask { try await Self.post(port: port, to: slow, key: "one-key-two-replicas") }
            }
            var all: [HTTPResult] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(simulator.requestCount == 1)
        #expect(answers.filter { $0.status == 201 && $0.headers["idempotent-replayed"] == nil }.count == 1)
        #expect(answers.allSatisfy { $0.status == 201 || $0.status == 409 })
    }

    @Test func anUnusableStorePathIsReportedAtStart() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a-file")
        try "not a folder".write(to: file, atomically: true, encoding: .utf8)
        let gateway = try GatewayProcessHarness(
            arguments: ["serve"], config: Self.config(simulatorURL: "http://127.0.0.1:9/api", sqlitePath: file.appendingPathComponent("db.sqlite").path))
        defer { Task { await gateway.stop() } }
        #expect(await gateway.waitForExit() == 1)
        let lines = gateway.output
        #expect(lines.contains { $0.contains("\"level\":\"critical\"") && $0.contains("a-file") })
        #expect(!lines.joined().contains(Self.apiKey))
    }
}
