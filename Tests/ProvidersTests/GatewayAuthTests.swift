import Gateway
import Testing

/// 401, 415 and 400 `invalid_json` on `POST /messages`, and the order of api.md's checks. Every
/// refusal here calls no provider and makes no record.
@Suite("Gateway refusals: auth, content type, JSON, check order")
struct GatewayAuthTests {
    static let valid = #"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi"}"#

    /// A valid request whose body string holds `bytes`, which are not UTF-8.
    static func invalidUTF8(_ bytes: [UInt8]) -> [UInt8] {
        Array(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi "#.utf8) + bytes + Array(#""}"#.utf8)
    }

    @Test("missing, wrong or non-Bearer credentials → 401 unauthorized with WWW-Authenticate: Bearer", arguments: [
        [(String, String)](),
        [("Authorization", "Bearer wrong-token")],
        [("Authorization", "Basic \(GatewayHarness.fullToken)")],
        [("Authorization", GatewayHarness.fullToken)],
        [("Authorization", "Bearer")],
        [("Authorization", "Bearer \(GatewayHarness.fullToken)x")],
    ])
    func unauthorized(authorization: [(String, String)]) async throws {
        try await withGateway { h in
            let reply = try await h.post(Self.valid, token: nil, headers: authorization)
            h.expectRefused(reply, "unauthorized", 401, field: nil)
        }
    }

    @Test("the Bearer scheme name is case-insensitive")
    func bearerCaseInsensitive() async throws {
        try await withGateway { h in
            let reply = try await h.post(Self.valid, token: nil, headers: [("Authorization", "bearer \(GatewayHarness.fullToken)")])
            #expect(reply.status == 201, "\(reply.bodyText)")
        }
    }

    @Test("a Content-Type other than application/json → 415", arguments: [
        "text/plain" as String?, nil, "application/x-www-form-urlencoded", "application/jsonx", "application/json-seq",
    ])
    func unsupportedMediaType(contentType: String?) async throws {
        try await withGateway { h in
            let reply = try await h.post(Self.valid, contentType: contentType)
            h.expectRefused(reply, "unsupported_media_type", 415, field: "Content-Type")
        }
    }

    @Test("application/json with parameters, any case, is accepted", arguments: [
        "application/json; charset=utf-8", "Application/JSON",
    ])
    func jsonWithParameters(contentType: String) async throws {
        try await withGateway { h in
            let reply = try await h.post(Self.valid, contentType: contentType)
            #expect(reply.status == 201, "\(reply.bodyText)")
        }
    }

    @Test("a body that is not UTF-8 JSON or not an object → 400 invalid_json", arguments: [
        Array("not json".utf8), Array("".utf8), Array("[1,2]".utf8), Array(#""a string""#.utf8), Array("null".utf8),
        Array(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi""#.utf8),
        invalidUTF8([0xFF, 0xFE]), invalidUTF8([0xC3]), invalidUTF8([0xC0, 0xAF]), invalidUTF8([0xED, 0xA0, 0x80]),
    ])
    func invalidJSON(body: [UInt8]) async throws {
        try await withGateway { h in
            let reply = try await h.post(bytes: body)
            h.expectRefused(reply, "invalid_json", 400, field: nil)
        }
    }

    struct OrderCase: Sendable, CustomTestStringConvertible {
        var name: String
        var token: String?
        var contentType: String?
        var headers: [(String, String)] = []
        var body: String
        var code: String
        var status: Int
        var field: String?
        var testDescription: String { name }
    }

    /// api.md: 401 → 415 → invalid_json → invalid_request (no dealer needed) → 403 → 422 unknown_dealer
    /// → the dealer's provider's 400s → its 422s. Each case fails two checks; the earlier one answers.
    static let orderCases: [OrderCase] = [
        OrderCase(name: "unauthorized beats invalid JSON", token: nil, contentType: "application/json", body: "not json",
                  code: "unauthorized", status: 401),
        OrderCase(name: "unauthorized beats wrong content type", token: "nope", contentType: "text/plain", body: "not json",
                  code: "unauthorized", status: 401),
        OrderCase(name: "wrong content type beats invalid JSON", token: GatewayHarness.fullToken, contentType: "text/plain",
                  body: "not json", code: "unsupported_media_type", status: 415, field: "Content-Type"),
        OrderCase(name: "invalid JSON beats a bad Idempotency-Key", token: GatewayHarness.fullToken, contentType: "application/json",
                  headers: [("Idempotency-Key", String(repeating: "k", count: 256))], body: "[]", code: "invalid_json", status: 400),
        OrderCase(name: "invalid_request beats forbidden", token: GatewayHarness.limitedToken, contentType: "application/json",
                  body: #"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","colour":"red"}"#,
                  code: "invalid_request", status: 400, field: "colour"),
        OrderCase(name: "a bad Idempotency-Key beats forbidden", token: GatewayHarness.limitedToken, contentType: "application/json",
                  headers: [("Idempotency-Key", String(repeating: "k", count: 256))],
                  body: #"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi"}"#,
                  code: "invalid_request", status: 400, field: "Idempotency-Key"),
        OrderCase(name: "forbidden beats unknown dealer", token: GatewayHarness.limitedToken, contentType: "application/json",
                  body: #"{"dealer_id":"ghost-motors","to":"+15550100000","body":"Hi"}"#,
                  code: "forbidden", status: 403, field: "dealer_id"),
        OrderCase(name: "forbidden beats invalid recipient", token: GatewayHarness.limitedToken, contentType: "application/json",
                  body: #"{"dealer_id":"cg-main","to":"12","body":""}"#, code: "forbidden", status: 403, field: "dealer_id"),
        OrderCase(name: "unknown dealer beats invalid recipient and content", token: GatewayHarness.fullToken,
                  contentType: "application/json", body: #"{"dealer_id":"ghost-motors","to":"12","body":""}"#,
                  code: "unknown_dealer", status: 422, field: "dealer_id"),
        OrderCase(name: "missing customer_id beats invalid recipient", token: GatewayHarness.fullToken, contentType: "application/json",
                  body: #"{"dealer_id":"mk-main","to":"12","body":""}"#, code: "invalid_request", status: 400, field: "customer_id"),
        OrderCase(name: "bad from beats invalid recipient and content", token: GatewayHarness.fullToken,
                  contentType: "application/json", body: #"{"dealer_id":"ss-main","to":"12","from":"0800-CARS","body":""}"#,
                  code: "invalid_request", status: 400, field: "from"),
        OrderCase(name: "long from_mask beats invalid recipient", token: GatewayHarness.fullToken, contentType: "application/json",
                  body: #"{"dealer_id":"ss-main","to":"12","body":"Hi","options":{"from_mask":"TwelveChars!"}}"#,
                  code: "invalid_request", status: 400, field: "options.from_mask"),
        OrderCase(name: "invalid recipient beats invalid content", token: GatewayHarness.fullToken, contentType: "application/json",
                  body: #"{"dealer_id":"cg-main","to":"+0123","body":""}"#, code: "invalid_recipient", status: 422, field: "to"),
    ]

    @Test("the first failing check answers", arguments: orderCases)
    func order(_ c: OrderCase) async throws {
        try await withGateway { h in
            let reply = try await h.post(c.body, token: c.token, contentType: c.contentType, headers: c.headers)
            h.expectRefused(reply, c.code, c.status, field: c.field)
        }
    }
}
