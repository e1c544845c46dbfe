import Gateway
import Simulators
import Testing

/// Every CarGurus `error_code` → the unified error, and the record it leaves (providers.md table).
@Suite("CarGurus error codes")
struct CarGurusErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var scenario: Scenario
        var providerCode: String
        var code: String
        var status: Int
        var retryable = false
        var recordStatus = "failed"
        var description: String
        var testDescription: String { "\(scenario.recipient) → \(code)" }
    }

    static let cases: [Case] = [
        Case(scenario: Scenarios.carGurus100, providerCode: "100", code: "provider_rejected", status: 422,
             description: "Bad or malformed request."),
        Case(scenario: Scenarios.carGurus101, providerCode: "101", code: "provider_auth_failed", status: 502,
             description: "Invalid auth credentials.  Details: Invalid auth token"),
        Case(scenario: Scenarios.carGurus102, providerCode: "102", code: "provider_auth_failed", status: 502,
             description: "Invalid application id."),
        Case(scenario: Scenarios.carGurus103, providerCode: "103", code: "provider_unavailable", status: 503, retryable: true,
             description: "I/O error."),
        Case(scenario: Scenarios.carGurus105, providerCode: "105", code: "provider_error", status: 502, recordStatus: "unknown",
             description: "Unexpected error."),
        Case(scenario: Scenarios.carGurus108, providerCode: "108", code: "dealer_rejected", status: 502,
             description: "Invalid dealer."),
        Case(scenario: Scenarios.carGurus110, providerCode: "110", code: "invalid_recipient", status: 422,
             description: "Missing/invalid 'to' phone number."),
        Case(scenario: Scenarios.carGurus111, providerCode: "111", code: "invalid_content", status: 422,
             description: "Missing/invalid sms content (body/media_urls)."),
        Case(scenario: Scenarios.carGurus112, providerCode: "112", code: "invalid_sender", status: 422,
             description: "Invalid 'from' phone number."),
        Case(scenario: Scenarios.carGurus113, providerCode: "113", code: "recipient_opted_out", status: 422,
             description: "Blocked 'to' phone number (user replied w/STOP)."),
        Case(scenario: Scenarios.carGurusUnknownCode, providerCode: "999", code: "provider_rejected", status: 422,
             description: "Unknown error."),
        Case(scenario: Scenarios.carGurus113AsString, providerCode: "113", code: "recipient_opted_out", status: 422,
             description: "Blocked 'to' phone number (user replied w/STOP)."),
    ]

    @Test("error_code → unified code, status, retryable, provider fields; GET shows the record", arguments: cases)
    func errorCode(_ c: Case) async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"cg-main","to":"\#(c.scenario.recipient)","body":"Hi"}"#)
            try await h.expectProviderFailure(reply, ExpectedError(
                code: c.code, status: c.status, retryable: c.retryable, provider: "cargurus", providerCode: c.providerCode,
                providerMessage: c.description, hasRecord: true), recordStatus: c.recordStatus)
            #expect(h.simulators.carGurus.requestCount == 1, "one upstream attempt, never retried")
            #expect(reply.header("Retry-After") == nil)
        }
    }
}
