import Foundation
import Simulators
import Testing

/// The gateway as operators run it: a process, its signals, its exit code and its log lines.
@Suite("sms-gateway serve as a process", .serialized)
struct ServeProcessTests {
    static let token = "tok-cli-abc-123"
    static let apiKey = "secret-api-key-123"
    static let messageBody = "Your brake pads are in, see you Tuesday"

    static func config(simulatorURL: String, token: String = token, drainDelayMs: Int = 400) -> String {
        """
        server:
          host: "127.0.0.1"
          port: 0
          drain_delay_ms: \(drainDelayMs)
          shutdown_grace_ms: 8000
        clients:
          - name: "crm"
            token: "\(token)"
            dealers: ["*"]
        providers:
          sms:
            type: sendsms
            url: "\(simulatorURL)"
            api_key: "${CLI_TEST_API_KEY}"
        dealers:
          sunrise:
            provider: sms
            from: "+18885551212"
        """
    }

    static func send(port: Int, to: String, token: String = token) async throws -> HTTPResult {
        try await http("POST", "http://127.0.0.1:\(port)/messages",
                       headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                       body: #"{"dealer_id":"sunrise","to":"\#(to)","body":"\#(messageBody)"}"#)
    }

    /// Every line is one JSON object, and none carries a secret, a message body or an unmasked number.
    static func checkLogPrivacy(_ lines: [String], numbers: [String], tokens: [String]) {
        #expect(!lines.isEmpty)
        for line in lines {
            let object = line.data(using: .utf8).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
            #expect(object != nil, "not a JSON object: \(line)")
            for secret in tokens + [apiKey, messageBody] + numbers {
                #expect(!line.contains(secret), "log line leaks \(secret): \(line)")
            }
        }
    }

    @Test func sigtermDrainsFinishesInFlightAndExitsZero() async throws {
        let simulator = SendSMSSimulator(apiKey: Self.apiKey)
        try simulator.start()
        // A drain delay far longer than the checks below need, so a loaded machine cannot outrun it.
        let gateway = try GatewayProcessHarness(arguments: ["serve"], config: Self.config(simulatorURL: simulator.baseURL, drainDelayMs: Int(2500 * TestTime.scale)),
                                                environment: ["CLI_TEST_API_KEY": Self.apiKey])
        defer { Task { await gateway.stop(); await simulator.stop() } }
        let port = try #require(await gateway.waitForPort())
        #expect(try await http("GET", "http://127.0.0.1:\(port)/readyz").status == 200)

        let slowNumber = Scenarios.prefix + "1100"  // the simulator answers after 1 s
        let inFlight = Task { try await Self.send(port: port, to: slowNumber) }
        try await Task.sleep(for: .milliseconds(200))
        gateway.signal(SIGTERM)
        try await Task.sleep(for: .milliseconds(60))

        let ready = try await http("GET", "http://127.0.0.1:\(port)/readyz")
        #expect(ready.status == 503)
        #expect(ready.body.contains("\"not_ready\""))
        // Within drain_delay_ms the server still serves.
        #expect(try await http("GET", "http://127.0.0.1:\(port)/healthz").status == 200)

        let answer = try await inFlight.value
        #expect(answer.status == 201)
        #expect(answer.body.contains("\"status\":\"sent\""))
        #expect(await gateway.waitForExit(timeout: TestTime.scaled(.seconds(10))) == 0)
        #expect(simulator.requestCount == 1)
        #expect(gateway.output.contains { $0.contains("\"msg\":\"draining\"") })
        Self.checkLogPrivacy(gateway.output, numbers: [slowNumber], tokens: [Self.token])
    }

    @Test func sighupReloadsAGoodFileAndKeepsTheOldOnABadOne() async throws {
        let simulator = SendSMSSimulator(apiKey: Self.apiKey)
        try simulator.start()
        let gateway = try GatewayProcessHarness(arguments: ["serve"], config: Self.config(simulatorURL: simulator.baseURL, drainDelayMs: 0),
                                                environment: ["CLI_TEST_API_KEY": Self.apiKey])
        defer { Task { await gateway.stop(); await simulator.stop() } }
        let port = try #require(await gateway.waitForPort())
        let newToken = "tok-after-reload-789"
        #expect(try await Self.send(port: port, to: "+15551230001", token: newToken).status == 401)

        try Self.config(simulatorURL: simulator.baseURL, token: newToken, drainDelayMs: 0)
            .write(to: gateway.configPath, atomically: true, encoding: .utf8)
        gateway.signal(SIGHUP)
        #expect(await gateway.waitForLine(containing: "configuration reloaded") != nil)
        #expect(try await Self.send(port: port, to: "+15551230002", token: newToken).status == 201)
        #expect(try await Self.send(port: port, to: "+15551230003", token: Self.token).status == 401)

        try "server: {port: \"not a number\"}\nmystery: 1\n".write(to: gateway.configPath, atomically: true, encoding: .utf8)
        gateway.signal(SIGHUP)
        #expect(await gateway.waitForLine(containing: "configuration reload failed") != nil)
        #expect(try await Self.send(port: port, to: "+15551230004", token: newToken).status == 201)

        gateway.signal(SIGINT)
        #expect(await gateway.waitForExit(timeout: .seconds(10)) == 0)
        Self.checkLogPrivacy(gateway.output, numbers: ["+15551230002", "+15551230004"], tokens: [Self.token, newToken])
    }

    @Test func invalidConfigurationIsOneJSONLineAndExitOne() async throws {
        let gateway = try GatewayProcessHarness(arguments: ["serve"], config: "server:\n  port: 80800\nclients: [{name: a, token: \"s3cr3t-token\", dealers: [\"nope\"]}]\n")
        defer { Task { await gateway.stop() } }
        #expect(await gateway.waitForExit() == 1)
        let lines = gateway.output
        #expect(lines.count >= 1)
        #expect(lines.allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") })
        #expect(lines.contains { $0.contains("\"level\":\"critical\"") && $0.contains("server.port") })
        #expect(!lines.joined().contains("s3cr3t-token"))
    }

    @Test func checkConfigNamesPathsAndNeverSecrets() async throws {
        let good = try GatewayProcessHarness(arguments: ["check-config"], config: Self.config(simulatorURL: "http://127.0.0.1:9/api"),
                                             environment: ["CLI_TEST_API_KEY": Self.apiKey])
        #expect(await good.waitForExit() == 0)
        await good.stop()

        let bad = try GatewayProcessHarness(
            arguments: ["check-config"],
            config: Self.config(simulatorURL: "http://127.0.0.1:9/api").replacingOccurrences(of: "provider: sms", with: "provider: smss"),
            environment: ["CLI_TEST_API_KEY": Self.apiKey])
        #expect(await bad.waitForExit() == 1)
        let text = bad.output.joined(separator: "\n")
        #expect(text.contains("dealers.sunrise.provider"))
        #expect(!text.contains(Self.apiKey))
        #expect(!text.contains(Self.token))
        await bad.stop()
    }

    @Test func healthcheckExitCodes() async throws {
        let simulator = SendSMSSimulator(apiKey: Self.apiKey)
        try simulator.start()
        let gateway = try GatewayProcessHarness(arguments: ["serve"], config: Self.config(simulatorURL: simulator.baseURL),
                                                environment: ["CLI_TEST_API_KEY": Self.apiKey])
        defer { Task { await gateway.stop(); await simulator.stop() } }
        let port = try #require(await gateway.waitForPort())

        let healthy = try GatewayProcessHarness(arguments: ["healthcheck"], config: nil, environment: ["PORT": "\(port)"])
        #expect(await healthy.waitForExit() == 0)
        await healthy.stop()

        let nobody = try GatewayProcessHarness(arguments: ["healthcheck", "--timeout", "1"], config: nil, environment: ["PORT": "9"])
        #expect(await nobody.waitForExit() == 1)
        await nobody.stop()
    }
}
