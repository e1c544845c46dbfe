import Foundation
import Gateway
import HTTPServer
import Logging
import Providers
import Simulators
import Store
import Locking
import Testing

/// Fault drills in process: a provider that accepts and never answers while the gateway is busy,
/// and 1,000 slowloris connections during a stream of real messages.
@Suite("Fault drills")
struct FaultDrillTests {
    @Test("a provider that never answers: provider_timeout (unknown) within timeout_ms while other messages go through")
    func hangingProviderDuringTraffic() async throws {
        try await withGateway { h in
            let clock = ContinuousClock()
            let timeout = Duration.milliseconds(try #require(h.config.providers["cargurus-fast"]?.timeoutMs))
            let started = clock.now
            // Ten hanging requests per provider on the `fast` accounts…
            let hung = Task {
                try await withThrowingTaskGroup(of: (ProviderKind, HTTPReply, Duration).self) { group in
                    for kind in ProviderKind.allCases {
                        for _ in 0..<10 {
                            group.addTask {
                                let t0 = clock.now
                                let reply = try await h.post(kind.requestBody("fast", to: Scenarios.hang.recipient))
                                return (kind, reply, t0.duration(to: clock.now))
                            }
                        }
                    }
                    var all: [(ProviderKind, HTTPReply, Duration)] = []
                    for try await one in group { all.append(one) }
                    return all
                }
            }
            // …and meanwhile normal messages on the `main` accounts of the same simulators, and readiness.
            let normal = try await withThrowingTaskGroup(of: HTTPReply.self) { group in
                for i in 0..<30 {
                    let kind = ProviderKind.allCases[i % 3]
                    group.addTask { try await h.post(kind.requestBody(to: "+1555123\(String(format: "%04d", 4000 + i))")) }
                }
                group.addTask { try await h.send("GET", "/readyz") }
                var all: [HTTPReply] = []
                for try await one in group { all.append(one) }
                return all
            }
            let normalDone = started.duration(to: clock.now)
            #expect(normal.allSatisfy { $0.status == 201 || $0.status == 200 }, "\(normal.map(\.status))")
            #expect(normal.filter { $0.status == 201 }.count == 30)

            let answers = try await hung.value
            #expect(answers.count == 30)
            for (kind, reply, elapsed) in answers {
                try await h.expectProviderFailure(reply, ExpectedError(
                    code: "provider_timeout", status: 504, provider: kind.rawValue, providerCode: nil, providerMessage: nil,
                    hasRecord: true), recordStatus: "unknown")
                #expect(elapsed >= timeout * 0.95 && elapsed < timeout + TestTime.scaled(.seconds(5)), "\(kind): \(elapsed) for timeout_ms \(timeout)")
            }
            // Recovered at once: the same accounts send.
            for kind in ProviderKind.allCases {
                #expect(try await h.post(kind.requestBody("fast", to: "+15551234100")).status == 201)
            }
            #expect(try await h.send("GET", "/readyz").status == 200)
            print("drill hang: 30 normal messages done in \(normalDone); hung answers \(answers.map(\.2).min().map { "\($0)" } ?? "-")…\(answers.map(\.2).max().map { "\($0)" } ?? "-")")
        }
    }

    /// The default client (AsyncHTTPClient). URLSession fails this drill: libcurl silently re-sends a
    /// POST whose kept-alive connection died before any answer ("Connection died, retrying a fresh
    /// connect"), so the provider can get the message twice, and here the call ends as provider_timeout.
    @Test("a reset after the request was written, on a kept-alive upstream connection: provider_error (unknown), sent once, not retried")
    func resetOnAKeptAliveConnection() async throws {
        try await withGateway { h in
            for kind in ProviderKind.allCases {
                let warm = try await h.post(kind.requestBody(to: "+15551234200"))
                #expect(warm.status == 201, "\(kind) warm-up: \(warm.bodyText)")
                let before = kind.requestCount(h)
                let reply = try await h.post(kind.requestBody(to: Scenarios.reset.recipient))
                try await h.expectProviderFailure(reply, ExpectedError(
                    code: "provider_error", status: 502, provider: kind.rawValue, providerCode: nil, checkProviderMessage: false,
                    hasRecord: true), recordStatus: "unknown")
                #expect(kind.requestCount(h) - before == 1, "\(kind): the gateway makes one upstream attempt, never a silent retry")
                #expect(try await h.post(kind.requestBody(to: "+15551234201")).status == 201, "\(kind) afterwards")
            }
        }
    }

    @Test("1,000 slowloris connections during 200 messages: every message 201, every slow connection closed by header_timeout_ms")
    func slowlorisDuringLoad() async throws {
        let simulator = SendSMSSimulator(apiKey: "slowloris-key")
        try simulator.start()
        let config = try GatewayConfigLoader.load(text: """
            server: {host: "127.0.0.1", port: 0, header_timeout_ms: 1000, max_connections: 5000}
            clients: [{name: crm, token: "tok-slowloris", dealers: ["*"]}]
            providers: {sms: {type: sendsms, url: "\(simulator.baseURL)", api_key: "slowloris-key"}}
            dealers: {sunrise: {provider: sms, from: "+18885551212"}}
            """, environment: [:])
        let transport = UpstreamClient.default.makeTransport()
        let app = GatewayApp(runtime: GatewayRuntime(config: config, plugins: ProviderRegistry.builtIn, transport: transport),
                             store: InMemoryMessageStore(), logger: Logger(label: "slowloris") { JSONLogHandler(label: $0, level: .warning) })
        let server = HTTPServer(configuration: config.server.httpServerConfiguration, errorRenderer: app.errorRenderer, serve: app.serve)
        try server.start()
        let port = server.port
        let headers = [("Authorization", "Bearer tok-slowloris"), ("Content-Type", "application/json")]
        func post(_ i: Int) async throws -> HTTPReply {
            try await LoopbackHTTPClient.send(port: port, method: "POST", path: "/messages", headers: headers,
                                              body: Array(#"{"dealer_id":"sunrise","to":"+1555123\#(String(format: "%04d", i))","body":"Load"}"#.utf8),
                                              timeout: 20)
        }

        let clock = ContinuousClock()
        let started = clock.now
        let loadRunning = Locked(true)
        let allOpen = Locked<ContinuousClock.Instant?>(nil)
        let swarm = SlowlorisSwarm(port: port, connections: 1000)
        let attack = Task {
            await swarm.run(keepUp: { loadRunning.withLock { $0 } }, deadline: TestTime.scaled(.seconds(25)), opened: { allOpen.withLock { $0 = clock.now } })
        }
        // The load starts once the 1,000 are open (bounded wait), and runs at least as long as one header timeout.
        for _ in 0..<1000 where allOpen.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
        let loadStarted = clock.now
        let results: [(Int, Duration)]
        do {
            results = try await withThrowingTaskGroup(of: [(Int, Duration)].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var mine: [(Int, Duration)] = []
                        for i in 0..<50 {
                            let t0 = clock.now
                            let reply = try await post(worker * 50 + i)
                            mine.append((reply.status, t0.duration(to: clock.now)))
                        }
                        return mine
                    }
                }
                var all: [(Int, Duration)] = []
                for try await part in group { all += part }
                return all
            }
        } catch {
            loadRunning.withLock { $0 = false }
            _ = await attack.value
            await server.shutdown(gracePeriod: .seconds(1)); await transport.shutdown(); await simulator.stop()
            throw error
        }
        if loadStarted.duration(to: clock.now) < .milliseconds(1500) { try await Task.sleep(for: .milliseconds(1500)) }
        let loadTime = loadStarted.duration(to: clock.now)
        loadRunning.withLock { $0 = false }
        let report = await attack.value
        let total = started.duration(to: clock.now)

        #expect(allOpen.withLock { $0 } != nil, "the 1,000 connections were never all open: \(report)")
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0.0 == 201 }, "statuses: \(Dictionary(grouping: results.map(\.0), by: { $0 }).mapValues(\.count))")
        #expect(simulator.requestCount == 200)
        #expect(report.peakOpen == 1000)
        #expect(report.connectFailures == 0, "\(report)")
        #expect(report.stillOpen == 0, "the server left slow connections open: \(report)")
        #expect(report.otherAnswers.isEmpty, "\(report.otherAnswers.prefix(5))")
        #expect(report.closedByServer == report.opened, "\(report)")
        // Closed by the header timeout (1 s from accept), not before, and not much after on a loaded machine.
        #expect(report.shortestLife >= .milliseconds(900), "\(report)")
        #expect(report.longestLife < TestTime.scaled(.seconds(8)), "\(report)")

        // Afterwards the server serves normally, and the slow connections are gone.
        #expect(try await LoopbackHTTPClient.send(port: port, method: "GET", path: "/readyz", headers: [], body: []).status == 200)
        #expect(try await post(9999).status == 201)
        for _ in 0..<200 where server.connectionCount > 0 { try await Task.sleep(for: .milliseconds(25)) }
        #expect(server.connectionCount == 0)
        let latencies = results.map(\.1).sorted()
        print("drill slowloris: \(report); load of 200 messages \(loadTime), p50 \(latencies[latencies.count / 2]), max \(latencies.last ?? .zero); total \(total)")
        await server.shutdown(gracePeriod: .seconds(1))
        await transport.shutdown()
        await simulator.stop()
    }
}
