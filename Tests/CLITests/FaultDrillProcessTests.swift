import Foundation
import Simulators
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Fault drills against the real `sms-gateway serve` binary: a provider process killed mid-request,
/// a provider process frozen, a full disk. Each fault gets the unified error providers.md and api.md
/// name for it, and the gateway recovers without a restart.
@Suite("Fault drills against the sms-gateway process", .serialized)
struct FaultDrillProcessTests {
    static let token = "tok-drill-777"

    /// The three provider types, with a dealer per account suffix.
    enum Kind: String, CaseIterable, Sendable {
        case cargurus, mykaarma, sendsms

        func dealer(_ suffix: String) -> String { "\(rawValue)-\(suffix)" }

        func dealerLine(_ suffix: String) -> String {
            switch self {
            case .cargurus: "  \(dealer(suffix)): {provider: cargurus-\(suffix), cargurus_dealer_id: \"sp61504\"}"
            case .mykaarma: "  \(dealer(suffix)): {provider: mykaarma-\(suffix), department_uuid: \"d1\", user_uuid: \"u1\"}"
            case .sendsms: "  \(dealer(suffix)): {provider: sendsms-\(suffix), from: \"+18885551212\"}"
            }
        }

        func body(_ suffix: String, to: String) -> String {
            let customer = self == .mykaarma ? #","customer_id":"c1""# : ""
            return #"{"dealer_id":"\#(dealer(suffix))","to":"\#(to)","body":"Drill"\#(customer)}"#
        }
    }

    /// `serve` in front of the provider process: accounts `main` (timeout 20 s, far beyond anything
    /// these drills wait for) and `fast` (timeout 1 s), plus `local`, a sendsms account on an
    /// in-process simulator that no drill touches.
    static func gatewayConfig(providers: ProviderSimulatorProcess, local: SendSMSSimulator) -> String {
        """
        server:
          host: "127.0.0.1"
          port: 0
        clients:
          - name: "crm"
            token: "\(token)"
            dealers: ["*"]
        providers:
        \(providers.accounts(suffix: "main", timeoutMs: 20_000))
        \(providers.accounts(suffix: "fast", timeoutMs: 1_000))
          local: {type: sendsms, url: "\(local.baseURL)", api_key: "\(ProviderSimulatorProcess.sendSMSAPIKey)", timeout_ms: 5000}
        dealers:
        \(Kind.allCases.map { $0.dealerLine("main") }.joined(separator: "\n"))
        \(Kind.allCases.map { $0.dealerLine("fast") }.joined(separator: "\n"))
          local: {provider: local, from: "+18885551212"}
        """
    }

    // MARK: Drill 1

    @Test("a provider process killed mid-request: in-flight → provider_error (unknown); while down → provider_unavailable (failed); back → 201")
    func providerKilledMidRequest() async throws {
        let local = SendSMSSimulator(apiKey: ProviderSimulatorProcess.sendSMSAPIKey)
        try local.start()
        var providers = try await ProviderSimulatorProcess.start()
        let gateway = try GatewayProcessHarness(arguments: ["serve"], config: Self.gatewayConfig(providers: providers, local: local))
        do {
            let port = try #require(await gateway.waitForPort())
            let client = DrillClient(port: port, token: Self.token)

            // Warm: each account has a kept-alive upstream connection, as in production.
            for kind in Kind.allCases {
                let sent = try await client.post(kind.body("main", to: "+15551230001"))
                #expect(sent.status == 201, "\(kind) warm-up: \(sent.body)")
            }

            // Two requests per provider that the simulators hold unanswered, then the provider process dies.
            let hangsPerKind = 2
            let inFlight = Task {
                try await withThrowingTaskGroup(of: (Kind, HTTPResult, Duration).self) { group in
                    for kind in Kind.allCases {
                        for _ in 0..<hangsPerKind {
                            group.addTask {
                                let started = ContinuousClock.now
                                let reply = try await client.post(kind.body("main", to: Scenarios.hang.recipient), timeout: 60)
                                return (kind, reply, ContinuousClock.now - started)
                            }
                        }
                    }
                    var all: [(Kind, HTTPResult, Duration)] = []
                    for try await one in group { all.append(one) }
                    return all
                }
            }
            let expected = Kind.allCases.count * hangsPerKind
            // The gateway holds them all (the /metrics request counts itself), then a generous moment
            // for the loopback upstream writes, which take microseconds.
            let held = try await client.waitForInFlight(atLeast: expected + 1, timeout: .seconds(20))
            #expect(held, "the gateway never had \(expected) requests in flight")
            try await Task.sleep(for: .milliseconds(1500))
            let killedAt = ContinuousClock.now
            await providers.kill()
            let answers = try await inFlight.value
            let answeredAfterKill = ContinuousClock.now - killedAt
            #expect(answeredAfterKill < .seconds(10), "answered \(answeredAfterKill) after the kill, not at the 20 s timeout")
            for (kind, reply, elapsed) in answers {
                let id = client.expectError(reply, code: "provider_error", status: 502, retryable: false, provider: kind.rawValue, hasRecord: true)
                #expect(elapsed < .seconds(19), "\(kind): \(elapsed)")
                if let id { try await client.expectRecord(id, status: "unknown", code: "provider_error") }
            }

            // While it is down: refused before anything was written.
            for kind in Kind.allCases {
                let reply = try await client.post(kind.body("main", to: "+15551230002"))
                let id = client.expectError(reply, code: "provider_unavailable", status: 503, retryable: true, provider: kind.rawValue, hasRecord: true)
                if let id { try await client.expectRecord(id, status: "failed", code: "provider_unavailable") }
            }
            #expect(try await client.get("/readyz").status == 200, "a provider down does not make the gateway unready")

            // The provider comes back on the same ports: the same gateway process sends again.
            await providers.stop()
            providers = try await ProviderSimulatorProcess.start(ports: providers.ports)
            for kind in Kind.allCases {
                let sent = try await client.post(kind.body("main", to: "+15551230003"))
                #expect(sent.status == 201, "\(kind) after recovery: \(sent.body)")
            }
            #expect(try await client.get("/readyz").status == 200)
            #expect(gateway.process.isRunning)
        } catch {
            await gateway.stop(); await providers.stop(); await local.stop()
            throw error
        }
        await gateway.stop(); await providers.stop(); await local.stop()
    }

    // MARK: Drill 2

    @Test("a provider process frozen (accepts, never answers): provider_timeout (unknown) within timeout_ms, others served meanwhile")
    func providerFrozen() async throws {
        let local = SendSMSSimulator(apiKey: ProviderSimulatorProcess.sendSMSAPIKey)
        try local.start()
        let providers = try await ProviderSimulatorProcess.start()
        let gateway = try GatewayProcessHarness(arguments: ["serve"], config: Self.gatewayConfig(providers: providers, local: local))
        do {
            let port = try #require(await gateway.waitForPort())
            let client = DrillClient(port: port, token: Self.token)
            for kind in Kind.allCases {
                #expect(try await client.post(kind.body("fast", to: "+15551230011")).status == 201, "\(kind) warm-up")
            }

            providers.freeze()
            let frozen = Task {
                try await withThrowingTaskGroup(of: (Kind, HTTPResult, Duration).self) { group in
                    for kind in Kind.allCases {
                        for _ in 0..<3 {
                            group.addTask {
                                let started = ContinuousClock.now
                                let reply = try await client.post(kind.body("fast", to: "+15551230012"), timeout: 30)
                                return (kind, reply, ContinuousClock.now - started)
                            }
                        }
                    }
                    var all: [(Kind, HTTPResult, Duration)] = []
                    for try await one in group { all.append(one) }
                    return all
                }
            }
            // Meanwhile the gateway serves everything else at once.
            let held = try await client.waitForInFlight(atLeast: 10, timeout: .seconds(20))
            #expect(held, "the frozen provider's requests were not all in flight")
            let sideStarted = ContinuousClock.now
            #expect(try await client.get("/readyz").status == 200)
            #expect(try await client.get("/healthz").status == 200)
            for _ in 0..<5 {
                let sent = try await client.post(#"{"dealer_id":"local","to":"+15551230013","body":"Drill"}"#)
                #expect(sent.status == 201, "another provider meanwhile: \(sent.body)")
            }
            let sideElapsed = ContinuousClock.now - sideStarted
            let stillHeld = try await client.inFlight()
            #expect(sideElapsed < .seconds(5), "other requests were not held up: \(sideElapsed)")

            let answers = try await frozen.value
            #expect(answers.count == 9)
            for (kind, reply, elapsed) in answers {
                let id = client.expectError(reply, code: "provider_timeout", status: 504, retryable: false, provider: kind.rawValue, hasRecord: true)
                // timeout_ms is 1000: never before it, and well within it plus a margin for a loaded machine.
                #expect(elapsed >= .milliseconds(950) && elapsed < .seconds(6), "\(kind): answered after \(elapsed)")
                if let id { try await client.expectRecord(id, status: "unknown", code: "provider_timeout") }
            }
            print("drill frozen-provider: side requests took \(sideElapsed), in flight then \(String(describing: stillHeld)); frozen answers \(answers.map { $0.2 })")

            providers.thaw()
            for kind in Kind.allCases {
                let sent = try await client.post(kind.body("fast", to: "+15551230014"))
                #expect(sent.status == 201, "\(kind) after thaw: \(sent.body)")
            }
            #expect(try await client.get("/readyz").status == 200)
        } catch {
            await gateway.stop(); await providers.stop(); await local.stop()
            throw error
        }
        await gateway.stop(); await providers.stop(); await local.stop()
    }
}
