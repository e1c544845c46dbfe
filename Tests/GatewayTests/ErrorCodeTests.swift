import Testing
@testable import Gateway

@Suite("GatewayErrorCode table")
struct ErrorCodeTests {
    /// api.md's table, copied independently of the implementation: code, status, retryable.
    static let contract: [(String, Int, Bool)] = [
        ("malformed_request", 400, false), ("invalid_json", 400, false), ("invalid_request", 400, false),
        ("unauthorized", 401, false), ("forbidden", 403, false), ("not_found", 404, false),
        ("method_not_allowed", 405, false), ("idempotency_in_progress", 409, true), ("request_timeout", 408, true),
        ("payload_too_large", 413, false), ("uri_too_long", 414, false), ("unsupported_media_type", 415, false),
        ("idempotency_key_reused", 422, false), ("unknown_dealer", 422, false), ("invalid_recipient", 422, false),
        ("invalid_content", 422, false), ("invalid_sender", 422, false), ("recipient_opted_out", 422, false),
        ("provider_rejected", 422, false), ("rate_limited", 429, true), ("headers_too_large", 431, false),
        ("internal_error", 500, false), ("not_implemented", 501, false), ("provider_auth_failed", 502, false),
        ("dealer_rejected", 502, false), ("provider_error", 502, false), ("provider_unavailable", 503, true),
        ("provider_timeout", 504, false), ("shutting_down", 503, true), ("not_ready", 503, true),
        ("http_version_not_supported", 505, false),
    ]

    @Test("every contract code exists with its status and retryable flag", arguments: contract)
    func row(code: String, status: Int, retryable: Bool) throws {
        let parsed = try #require(GatewayErrorCode(rawValue: code))
        #expect(parsed.httpStatus == status)
        #expect(parsed.retryable == retryable)
        #expect(!parsed.defaultMessage.isEmpty)
    }

    @Test func noCodesBeyondTheContract() {
        #expect(GatewayErrorCode.allCases.count == Self.contract.count)
        #expect(Set(GatewayErrorCode.allCases.map(\.rawValue)) == Set(Self.contract.map(\.0)))
    }

    @Test func errorDefaultsMessageAndForwardsStatus() {
        let error = GatewayError(code: .rateLimited, retryAfter: "5")
        #expect(error.message == GatewayErrorCode.rateLimited.defaultMessage)
        #expect(error.httpStatus == 429)
        #expect(error.retryable)
        #expect(error.retryAfter == "5")
        #expect(error.field == nil && error.provider == nil)
        let invalid = GatewayError.invalidRequest(field: "to", "bad")
        #expect(invalid.code == .invalidRequest && invalid.field == "to" && invalid.message == "bad")
    }
}
