import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import Simulators

/// The behaviours every simulator acts out, through real HTTP on loopback.
@Suite struct SharedBehaviourTests {
    @Test(arguments: ProviderKind.allCases)
    func anyOtherNumberSucceeds(kind: ProviderKind) async throws {
        try await withRunning(kind) { sim in
            for recipient in [Fixture.recipient, Scenarios.success.recipient, "+15550109999"] {
                let reply = try await sendValid(sim, to: recipient)
                #expect(reply.status == 200)
                #expect(isSuccess(reply, kind), "\(recipient)")
            }
        }
    }

    @Test(arguments: ProviderKind.allCases,
          [Scenarios.http401, Scenarios.http403, Scenarios.http429, Scenarios.http500, Scenarios.http502, Scenarios.http503])
    func httpStatuses(kind: ProviderKind, scenario: Scenario) async throws {
        guard case .httpStatus(let status, _) = scenario.behaviour else {
            Issue.record("not an HTTP status scenario")
            return
        }
        try await withRunning(kind) { sim in
            let reply = try await sendValid(sim, to: scenario.recipient)
            #expect(reply.status == status.code)
            #expect(reply.header("retry-after") == (status.code == 429 ? "7" : nil))
            #expect(!isSuccess(reply, kind))
        }
    }

    @Test(arguments: ProviderKind.allCases)
    func nonJSONAndMissingFields(kind: ProviderKind) async throws {
        try await withRunning(kind) { sim in
            let html = try await sendValid(sim, to: Scenarios.nonJSON.recipient)
            #expect(html.status == 200)
            #expect(html.json == nil)
            #expect(html.header("content-type")?.hasPrefix("text/html") == true)

            let missing = try await sendValid(sim, to: Scenarios.missingFields.recipient)
            #expect(missing.status == 200)
            let object = try #require(missing.json?.objectValue)
            #expect(object["success"] == nil && object["status"] == nil)
        }
    }

    @Test(arguments: ProviderKind.allCases)
    func slowAnswerWaitsThenSucceeds(kind: ProviderKind) async throws {
        try await withRunning(kind) { sim in
            let clock = ContinuousClock()
            let start = clock.now
            let reply = try await sendValid(sim, to: Scenarios.prefix + "1008", timeout: 5 * TestTime.scale)  // 80 ms
            let elapsed = clock.now - start
            #expect(isSuccess(reply, kind))
            #expect(elapsed >= .milliseconds(80))
            #expect(elapsed < TestTime.scaled(.seconds(10)))
        }
    }

    @Test(arguments: ProviderKind.allCases)
    func latencyDelaysEveryAnswer(kind: ProviderKind) async throws {
        try await withRunning(kind, latency: .milliseconds(60)) { sim in
            let clock = ContinuousClock()
            let start = clock.now
            let reply = try await sendValid(sim, to: Fixture.recipient)
            #expect(isSuccess(reply, kind))
            #expect(clock.now - start >= .milliseconds(60))
        }
    }

    @Test(arguments: ProviderKind.allCases)
    func hangIsBoundedByTheClientAndStopReturns(kind: ProviderKind) async throws {
        let sim = kind.make()
        try sim.start()
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: (any Error).self) {
            _ = try await sendValid(sim, to: Scenarios.hang.recipient, timeout: 1)
        }
        let waited = clock.now - start
        #expect(waited >= .milliseconds(900) && waited < TestTime.scaled(.seconds(15)))  // bounded by the client's timeout, generously under load
        #expect(sim.requestCount == 1)
        let stopStart = clock.now
        await sim.stop()
        #expect(clock.now - stopStart < TestTime.scaled(.seconds(10)))
    }

    @Test(arguments: ProviderKind.allCases)
    func stopReleasesAPendingHang(kind: ProviderKind) async throws {
        let sim = kind.make()
        try sim.start()
        let pending = Task { try await sendValid(sim, to: Scenarios.hang.recipient, timeout: 10 * TestTime.scale) }
        for _ in 0..<200 where sim.requestCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(sim.requestCount == 1)
        let clock = ContinuousClock()
        let start = clock.now
        await sim.stop()
        #expect(clock.now - start < TestTime.scaled(.seconds(2)))
        // The client sees the connection go away, not an answer, well before its own timeout.
        await #expect(throws: (any Error).self) { _ = try await pending.value }
        #expect(clock.now - start < TestTime.scaled(.seconds(5)))
    }

    @Test(arguments: ProviderKind.allCases)
    func resetGivesAConnectionError(kind: ProviderKind) async throws {
        try await withRunning(kind) { sim in
            let error = await #expect(throws: URLError.self) {
                _ = try await sendValid(sim, to: Scenarios.reset.recipient, timeout: 5)
            }
            #expect(error?.code != .timedOut)
            #expect(sim.requestCount >= 1)
        }
    }

    @Test(arguments: ProviderKind.allCases)
    func scriptOverridesTheTable(kind: ProviderKind) async throws {
        try await withRunning(kind) { sim in
            sim.script(Fixture.recipient, .httpStatus(.serviceUnavailable))
            let unavailable = try await sendValid(sim, to: Fixture.recipient)
            #expect(unavailable.status == 503)
            sim.script(Scenarios.http500.recipient, .success)
            let succeeded = try await sendValid(sim, to: Scenarios.http500.recipient)
            #expect(isSuccess(succeeded, kind))
        }
    }

    @Test(arguments: ProviderKind.allCases)
    func concurrentRequestsAreAllRecorded(kind: ProviderKind) async throws {
        try await withRunning(kind) { sim in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<20 {
                    group.addTask { isSuccess(try await sendValid(sim, to: "+1555123\(String(format: "%04d", i))"), kind) }
                }
                for try await ok in group { #expect(ok) }
            }
            #expect(sim.requestCount == 20)
            #expect(Set(sim.received.map(\.bodyText)).count == 20)
        }
    }
}

/// Whether a reply is the provider's success answer.
func isSuccess(_ reply: Reply, _ kind: ProviderKind) -> Bool {
    guard reply.status == 200, let json = reply.json else { return false }
    switch kind {
    case .carGurus: return json["success"] == true && json["sid"]?.stringValue?.hasPrefix("MM") == true
    case .myKaarma: return json["status"] == "SUCCESS" && json["messageUUID"] != nil && json["errors"] == []
    case .sendSMS: return json["status"]?.stringValue?.lowercased() == "success" && json["tracking-id"] != nil
    }
}
