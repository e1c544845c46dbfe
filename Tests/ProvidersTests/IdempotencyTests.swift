import Gateway
import Simulators
import Testing

/// api.md "Idempotency", end to end: replay, reuse with another body, in-flight conflicts, release on retryable.
@Suite("Idempotency-Key")
struct IdempotencyTests {
    static func key(_ k: String) -> [(String, String)] { [("Idempotency-Key", k)] }

    @Test func sameKeyAndBodyReplaysTheFirstResponseByteForByte() async throws {
        try await withGateway { h in
            let first = try await h.post(#"{"dealer_id":"cg-main","to":"+15551230200","body":"Pickup at 5"}"#,
                                         headers: Self.key("order-1") + [("X-Request-ID", "first-request")])
            #expect(first.status == 201)
            // The same JSON value, keys in another order and other white space.
            let again = try await h.post(#"{ "body": "Pickup at 5", "to": "+15551230200", "dealer_id": "cg-main" }"#,
                                         headers: Self.key("order-1") + [("X-Request-ID", "second-request")])
            #expect(again.status == 201)
            #expect(again.body == first.body)
            #expect(again.header("Idempotent-Replayed") == "true")
            #expect(again.header("Location") == first.header("Location"))
            #expect(again.header("X-Request-ID") == "second-request")
            #expect(first.header("Idempotent-Replayed") == nil)
            #expect(h.simulators.carGurus.requestCount == 1)
        }
    }

    @Test func sameKeyWithAnotherBodyIs422() async throws {
        try await withGateway { h in
            #expect(try await h.post(#"{"dealer_id":"cg-main","to":"+15551230201","body":"A"}"#, headers: Self.key("k2")).status == 201)
            let other = try await h.post(#"{"dealer_id":"cg-main","to":"+15551230201","body":"B"}"#, headers: Self.key("k2"))
            expectError(other, ExpectedError(code: "idempotency_key_reused", status: 422, field: "Idempotency-Key", hasRecord: false))
            #expect(h.simulators.carGurus.requestCount == 1)
        }
    }

    @Test func aRefusalIsReplayedToo() async throws {
        try await withGateway { h in
            let body = #"{"dealer_id":"cg-main","to":"\#(Scenarios.carGurus113.recipient)","body":"Hi"}"#
            let first = try await h.post(body, headers: Self.key("k3"))
            #expect(first.status == 422)
            let again = try await h.post(body, headers: Self.key("k3"))
            #expect(again.status == 422)
            #expect(again.body == first.body)
            #expect(again.header("Idempotent-Replayed") == "true")
            #expect(h.simulators.carGurus.requestCount == 1)
        }
    }

    @Test func aRetryableAnswerReleasesTheKey() async throws {
        try await withGateway { h in
            let body = #"{"dealer_id":"cg-main","to":"\#(Scenarios.http503.recipient)","body":"Hi"}"#
            let first = try await h.post(body, headers: Self.key("k4"))
            #expect(first.status == 503)
            let again = try await h.post(body, headers: Self.key("k4"))
            #expect(again.status == 503)
            #expect(again.header("Idempotent-Replayed") == nil)
            #expect(h.simulators.carGurus.requestCount == 2)  // tried again, as retryable invites
        }
    }

    @Test func keysBelongToOneClient() async throws {
        try await withGateway { h in
            let body = #"{"dealer_id":"ss-main","to":"+15551230205","body":"Hi"}"#
            #expect(try await h.post(body, headers: Self.key("shared")).status == 201)
            let other = try await h.post(body, token: GatewayHarness.limitedToken, headers: Self.key("shared"))
            #expect(other.status == 201)
            #expect(other.header("Idempotent-Replayed") == nil)
            #expect(h.simulators.sendSMS.requestCount == 2)
        }
    }

    @Test func hundredConcurrentRequestsWithOneKeyMakeOneUpstreamRequest() async throws {
        try await withGateway { h in
            // The provider takes 300 ms, so the others arrive while the first is in flight.
            let body = #"{"dealer_id":"cg-main","to":"\#(Scenarios.prefix)1030","body":"Once"}"#
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        let r = try await h.post(body, headers: Self.key("storm"))
                        return (r.status, r.header("Idempotent-Replayed"))
                    }
                }
                var all: [(Int, String?)] = []
                for try await s in group { all.append(s) }
                return all
            }
            #expect(h.simulators.carGurus.requestCount == 1)
            let firsts = statuses.filter { $0.0 == 201 && $0.1 == nil }.count
            let replays = statuses.filter { $0.0 == 201 && $0.1 == "true" }.count
            let conflicts = statuses.filter { $0.0 == 409 }.count
            #expect(firsts == 1)
            #expect(firsts + replays + conflicts == 100, "\(statuses)")
            #expect(conflicts > 0)
        }
    }

    @Test func inFlightConflictCarriesRetryAfter() async throws {
        try await withGateway { h in
            let body = #"{"dealer_id":"cg-main","to":"\#(Scenarios.prefix)1400","body":"Slow"}"#  // answered after 4 s (the account allows 5)
            async let first = h.post(body, headers: Self.key("slow"))
            // The second request goes once the provider holds the first (bounded wait).
            for _ in 0..<500 where h.simulators.carGurus.requestCount == 0 {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(h.simulators.carGurus.requestCount == 1)
            let second = try await h.post(body, headers: Self.key("slow"))
            expectError(second, ExpectedError(code: "idempotency_in_progress", status: 409, retryable: true, field: "Idempotency-Key", hasRecord: false))
            #expect(second.header("Retry-After") != nil)
            #expect(try await first.status == 201)
        }
    }
}
