import Gateway
import Providers
import Simulators
import Testing

/// providers.md's shared table: HTTP status rows, unreadable answers and transport failures, for
/// each of the three providers, through each upstream HTTP client.
@Suite("Upstream failures")
struct UpstreamFailureTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var scenario: Scenario
        var code: String
        var status: Int
        var retryable = false
        var providerCode: String?
        var recordStatus: String
        var testDescription: String { "\(scenario.recipient) → \(code)" }
    }

    static let statusRows: [Row] = [
        Row(scenario: Scenarios.http401, code: "provider_auth_failed", status: 502, providerCode: "http_401", recordStatus: "failed"),
        Row(scenario: Scenarios.http403, code: "provider_auth_failed", status: 502, providerCode: "http_403", recordStatus: "failed"),
        Row(scenario: Scenarios.http429, code: "rate_limited", status: 429, retryable: true, providerCode: "http_429", recordStatus: "failed"),
        Row(scenario: Scenarios.http500, code: "provider_error", status: 502, providerCode: "http_500", recordStatus: "unknown"),
        Row(scenario: Scenarios.http502, code: "provider_unavailable", status: 503, retryable: true, providerCode: "http_502", recordStatus: "failed"),
        Row(scenario: Scenarios.http503, code: "provider_unavailable", status: 503, retryable: true, providerCode: "http_503", recordStatus: "failed"),
        Row(scenario: Scenarios.nonJSON, code: "provider_error", status: 502, providerCode: "http_200", recordStatus: "unknown"),
        Row(scenario: Scenarios.missingFields, code: "provider_error", status: 502, providerCode: "http_200", recordStatus: "unknown"),
        Row(scenario: Scenarios.reset, code: "provider_error", status: 502, providerCode: nil, recordStatus: "unknown"),
    ]

    @Test("status rows, unreadable answers and resets, on every provider", arguments: statusRows, UpstreamClient.allCases)
    func row(_ row: Row, upstream: UpstreamClient) async throws {
        try await withGateway(upstream: upstream) { h in
            for kind in ProviderKind.allCases {
                let reply = try await h.post(kind.requestBody(to: row.scenario.recipient))
                try await h.expectProviderFailure(reply, ExpectedError(
                    code: row.code, status: row.status, retryable: row.retryable, provider: kind.rawValue,
                    providerCode: row.providerCode, checkProviderMessage: false, hasRecord: true), recordStatus: row.recordStatus)
                #expect(kind.requestCount(h) == 1, "\(kind): exactly one upstream attempt")
                #expect(reply.header("Retry-After") == (row.code == "rate_limited" ? "7" : nil), "\(kind): Retry-After passed on")
            }
        }
    }

    @Test("a hang past timeout_ms → provider_timeout 504, record unknown, answered within the timeout", arguments: UpstreamClient.allCases)
    func timeout(upstream: UpstreamClient) async throws {
        try await withGateway(upstream: upstream) { h in
            let clock = ContinuousClock()
            let started = clock.now
            let replies = try await withThrowingTaskGroup(of: (ProviderKind, HTTPReply).self) { group in
                for kind in ProviderKind.allCases {
                    group.addTask { (kind, try await h.post(kind.requestBody("fast", to: Scenarios.hang.recipient))) }
                }
                var all: [(ProviderKind, HTTPReply)] = []
                for try await reply in group { all.append(reply) }
                return all
            }
            let elapsed = started.duration(to: clock.now)
            #expect(elapsed >= .milliseconds(850) && elapsed < TestTime.scaled(.seconds(10)), "\(elapsed)")  // bounded, never before timeout_ms
            for (kind, reply) in replies {
                try await h.expectProviderFailure(reply, ExpectedError(
                    code: "provider_timeout", status: 504, provider: kind.rawValue, providerCode: nil, providerMessage: nil,
                    hasRecord: true), recordStatus: "unknown")
                #expect(kind.requestCount(h) == 1, "\(kind) received the request before the gateway gave up")
            }
        }
    }

    @Test("an answer slower than timeout_ms → provider_timeout when timeout_ms has passed, not before", arguments: UpstreamClient.allCases)
    func slowPastTimeout(upstream: UpstreamClient) async throws {
        try await withGateway(upstream: upstream) { h in
            for kind in ProviderKind.allCases {
                let clock = ContinuousClock()
                let started = clock.now
                let reply = try await h.post(kind.requestBody("fast", to: "+15550101300"))  // answers after 3 s
                let elapsed = started.duration(to: clock.now)
                #expect(elapsed >= .milliseconds(880) && elapsed < TestTime.scaled(.seconds(10)), "\(kind): \(elapsed)")  // not before timeout_ms
                try await h.expectProviderFailure(reply, ExpectedError(
                    code: "provider_timeout", status: 504, provider: kind.rawValue, providerCode: nil, providerMessage: nil,
                    hasRecord: true), recordStatus: "unknown")
            }
        }
    }

    @Test("a refused connection → provider_unavailable 503, retryable, with a failed record", arguments: UpstreamClient.allCases)
    func refused(upstream: UpstreamClient) async throws {
        try await withGateway(upstream: upstream) { h in
            for kind in ProviderKind.allCases {
                let reply = try await h.post(kind.requestBody("closed", to: "+15550100000"))
                try await h.expectProviderFailure(reply, ExpectedError(
                    code: "provider_unavailable", status: 503, retryable: true, provider: kind.rawValue, providerCode: nil,
                    providerMessage: nil, hasRecord: true), recordStatus: "failed")
            }
            #expect(h.upstreamRequestCount == 0)
        }
    }

    @Test("credentials the provider refuses → provider_auth_failed (CarGurus 101 in a 200, the others HTTP 401)", arguments: UpstreamClient.allCases)
    func wrongCredentials(upstream: UpstreamClient) async throws {
        try await withGateway(upstream: upstream) { h in
            let expected: [(ProviderKind, String, String?)] = [
                (.cargurus, "101", "Invalid auth credentials.  Details: Invalid auth token"),
                (.mykaarma, "http_401", nil),
                (.sendsms, "http_401", nil),
            ]
            for (kind, providerCode, providerMessage) in expected {
                let reply = try await h.post(kind.requestBody("badcreds", to: "+15550100000"))
                try await h.expectProviderFailure(reply, ExpectedError(
                    code: "provider_auth_failed", status: 502, provider: kind.rawValue, providerCode: providerCode,
                    providerMessage: providerMessage, checkProviderMessage: kind == .cargurus, hasRecord: true),
                    recordStatus: "failed")
                #expect(kind.requestCount(h) == 1)
            }
        }
    }

    /// `max_connections: 1`: two messages to one account at once are sent one after the other, so the
    /// pair takes at least two upstream answers' time (400 ms each). Without the cap they would overlap.
    @Test("max_connections caps the requests in flight to an account; the next one waits its turn", arguments: UpstreamClient.allCases)
    func connectionCap(upstream: UpstreamClient) async throws {
        try await withGateway(upstream: upstream) { h in
            for kind in ProviderKind.allCases {
                let clock = ContinuousClock()
                let started = clock.now
                async let first = h.post(kind.requestBody("capped", to: "+15550101040"))
                async let second = h.post(kind.requestBody("capped", to: "+15550101040"))
                let replies = try await [first, second]
                let elapsed = started.duration(to: clock.now)
                for reply in replies {
                    expectSent(reply, dealer: kind.dealer("capped"), provider: kind.rawValue, account: "\(kind.rawValue)-capped",
                               to: "+15550101040", segments: 1, encoding: "gsm7")
                }
                #expect(elapsed >= .milliseconds(790), "\(kind): \(elapsed), the two calls overlapped")
            }
        }
    }

    @Test("a slow answer within a sub-second timeout_ms is a success", arguments: UpstreamClient.allCases)
    func slowButInTime(upstream: UpstreamClient) async throws {
        try await withGateway(upstream: upstream) { h in
            for kind in ProviderKind.allCases {
                let to = "+15550101010"  // answers after 100 ms; the account allows 900 ms (corelibs URLSession truncated it to 0 s)
                // A loaded machine can only make an answer late, never a timeout early: up to three tries
                // for one 201, and no 504 may come before the account's 900 ms.
                let clock = ContinuousClock()
                var reply = HTTPReply(status: 0, headers: [], body: [])
                for _ in 0..<3 {
                    let started = clock.now
                    reply = try await h.post(kind.requestBody("fast", to: to))
                    if reply.status == 201 { break }
                    #expect(reply.status == 504, "\(kind): \(reply.bodyText)")
                    #expect(started.duration(to: clock.now) >= .milliseconds(880), "\(kind): timed out before timeout_ms")
                }
                expectSent(reply, dealer: kind.dealer("fast"), provider: kind.rawValue, account: "\(kind.rawValue)-fast", to: to,
                           segments: 1, encoding: "gsm7")
            }
        }
    }
}
