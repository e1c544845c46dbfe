import Foundation
import Gateway
import Simulators
import Testing

/// GET /metrics: api.md's names and labels, valid Prometheus text, counters that move by exactly one.
@Suite("Metrics")
struct MetricsTests {
    /// `name{labels}` → value, for every sample line; fails the test on any line that is not valid text format.
    static func parse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Double] {
        let sample = try! Regex(#"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$"#)
        var samples: [String: Double] = [:]
        var typed: Set<String> = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                #expect(parts.count == 4 && ["counter", "gauge", "histogram", "summary", "untyped"].contains(String(parts[3])),
                        "bad TYPE line: \(line)", sourceLocation: sourceLocation)
                if parts.count > 2 { typed.insert(String(parts[2])) }
                continue
            }
            if line.hasPrefix("#") { continue }
            #expect(line.wholeMatch(of: sample) != nil, "not Prometheus text: \(line)", sourceLocation: sourceLocation)
            guard let space = line.lastIndex(of: " ") else { continue }
            let key = String(line[..<space])
            let family = String(key.prefix { $0 != "{" }).replacingOccurrences(of: "_bucket", with: "")
                .replacingOccurrences(of: "_count", with: "").replacingOccurrences(of: "_sum", with: "")
            #expect(typed.contains(family), "sample without a TYPE line: \(line)", sourceLocation: sourceLocation)
            samples[key] = Double(line[line.index(after: space)...])
        }
        return samples
    }

    func scrape(_ h: GatewayHarness) async throws -> [String: Double] {
        let reply = try await h.send("GET", "/metrics")
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type")?.hasPrefix("text/plain") == true)
        return Self.parse(reply.bodyText)
    }

    @Test func countersMoveByExactlyOnePerMessage() async throws {
        try await withGateway { h in
            let before = try await scrape(h)
            #expect(before["http_requests_in_flight"] != nil)
            #expect(before["http_connections_open"] != nil)
            #expect(before["sms_idempotent_replays_total"] == 0)

            let sent = try await h.post(#"{"dealer_id":"cg-main","to":"+15551230100","body":"Hi"}"#)
            #expect(sent.status == 201)
            let optedOut = try await h.post(#"{"dealer_id":"cg-main","to":"\#(Scenarios.carGurus113.recipient)","body":"Hi"}"#)
            #expect(optedOut.status == 422)
            let refused = try await h.post(#"{"dealer_id":"cg-main","to":"not-a-number","body":"Hi"}"#)
            #expect(refused.status == 422)

            let after = try await scrape(h)
            func delta(_ key: String) -> Double { (after[key] ?? 0) - (before[key] ?? 0) }
            let account = #"provider="cargurus",account="cargurus-main""#
            #expect(delta("sms_messages_total{\(account),outcome=\"sent\"}") == 1)
            #expect(delta("sms_messages_total{\(account),outcome=\"recipient_opted_out\"}") == 1)
            // The gateway's own refusal reached no provider: no message counted for it.
            #expect(after.keys.filter { $0.hasPrefix("sms_messages_total") && $0.contains("invalid_recipient") }.isEmpty)
            #expect(delta("sms_upstream_duration_seconds_count{\(account)}") == 2)
            #expect(delta(#"http_requests_total{route="/messages",method="POST",status="201"}"#) == 1)
            #expect(delta(#"http_requests_total{route="/messages",method="POST",status="422"}"#) == 2)
            #expect(delta(#"http_request_duration_seconds_count{route="/messages",method="POST"}"#) == 3)
            #expect(delta(#"http_requests_total{route="/metrics",method="GET",status="200"}"#) == 1)
        }
    }

    @Test func unknownPathsAndMethodsDoNotCreateLabels() async throws {
        try await withGateway { h in
            _ = try await h.send("GET", "/no/such/path/12345")
            _ = try await h.send("BREW", "/messages")
            let after = try await scrape(h)
            #expect(after.keys.contains(#"http_requests_total{route="other",method="GET",status="404"}"#))
            #expect(after.keys.contains(#"http_requests_total{route="/messages",method="other",status="501"}"#))
            #expect(!after.keys.contains { $0.contains("12345") || $0.contains("BREW") })
        }
    }
}
