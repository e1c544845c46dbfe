import Gateway
import Testing

/// 400 `invalid_request`, 403 `forbidden` and the 422s on `POST /messages`: the exact code, status
/// and field, and for every one of them no provider call and no record.
@Suite("Gateway refusals: schema, dealer, content")
struct GatewayValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        var code: String
        var status: Int
        var field: String?
        var token: String = GatewayHarness.fullToken
        var testDescription: String { "\(code) \(field ?? "-"): \(body.prefix(90))" }

        static func schema(_ body: String, _ field: String) -> Case {
            Case(body: body, code: "invalid_request", status: 400, field: field)
        }
    }

    static let metadata21 = (1...21).map { #""k\#($0)":"v""# }.joined(separator: ",")
    static let media11 = (1...11).map { #""https://cdn.example.com/\#($0).jpg""# }.joined(separator: ",")

    static let schemaCases: [Case] = [
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","colour":"red"}"#, "colour"),
        .schema(#"{"to":"+15550100000","body":"Hi"}"#, "dealer_id"),
        .schema(#"{"dealer_id":"cg-main","body":"Hi"}"#, "to"),
        .schema(#"{}"#, "dealer_id"),
        .schema(#"{"dealer_id":42,"to":"+15550100000","body":"Hi"}"#, "dealer_id"),
        .schema(#"{"dealer_id":null,"to":"+15550100000","body":"Hi"}"#, "dealer_id"),
        .schema(#"{"dealer_id":"cg-main","to":15550100000,"body":"Hi"}"#, "to"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","body":true}"#, "body"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","media_urls":"https://cdn.example.com/a.jpg"}"#, "media_urls"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","media_urls":[1]}"#, "media_urls"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","from":15557770000}"#, "from"),
        .schema(#"{"dealer_id":"mk-main","to":"+15550100000","body":"Hi","customer_id":7}"#, "customer_id"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","options":[]}"#, "options"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","options":{"x":true}}"#, "options.x"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","options":{"click_tracking":"yes"}}"#, "options.click_tracking"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","options":{"is_manual":1}}"#, "options.is_manual"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","options":{"from_mask":5}}"#, "options.from_mask"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","metadata":{\#(metadata21)}}"#, "metadata"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","metadata":"crm"}"#, "metadata"),
        .schema(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","metadata":{"n":1}}"#, "metadata.n"),
    ]

    static let dealerCases: [Case] = [
        // 403: the dealer is not in the client's list, whether or not it exists.
        Case(body: #"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi"}"#, code: "forbidden", status: 403, field: "dealer_id",
             token: GatewayHarness.limitedToken),
        Case(body: #"{"dealer_id":"ghost-motors","to":"+15550100000","body":"Hi"}"#, code: "forbidden", status: 403,
             field: "dealer_id", token: GatewayHarness.limitedToken),
        Case(body: #"{"dealer_id":"ghost-motors","to":"+15550100000","body":"Hi"}"#, code: "unknown_dealer", status: 422,
             field: "dealer_id"),
        // What depends on the dealer's provider: the 400s.
        .schema(#"{"dealer_id":"mk-main","to":"+15550100000","body":"Hi"}"#, "customer_id"),
        .schema(#"{"dealer_id":"mk-main","to":"+15550100000","body":"Hi","customer_id":""}"#, "customer_id"),
        .schema(#"{"dealer_id":"ss-main","to":"+15550100000","body":"Hi","from":"5557770000"}"#, "from"),
        .schema(#"{"dealer_id":"cg-from","to":"+15550100000","body":"Hi","from":"+0557770000"}"#, "from"),
        .schema(#"{"dealer_id":"ss-main","to":"+15550100000","body":"Hi","options":{"from_mask":"TwelveChars!"}}"#, "options.from_mask"),
        // The 422s.
        Case(body: #"{"dealer_id":"cg-main","to":"5550100000","body":"Hi"}"#, code: "invalid_recipient", status: 422, field: "to"),
        Case(body: #"{"dealer_id":"ss-main","to":"+1555010000012345","body":"Hi"}"#, code: "invalid_recipient", status: 422, field: "to"),
        Case(body: #"{"dealer_id":"cg-main","to":"+15550100000","body":""}"#, code: "invalid_content", status: 422, field: "body"),
        Case(body: #"{"dealer_id":"cg-main","to":"+15550100000"}"#, code: "invalid_content", status: 422, field: "body"),
        Case(body: #"{"dealer_id":"cg-main","to":"+15550100000","body":"","media_urls":[]}"#, code: "invalid_content", status: 422,
             field: "body"),
        Case(body: #"{"dealer_id":"cg-main","to":"+15550100000","body":"\#(String(repeating: "a", count: 1601))"}"#,
             code: "invalid_content", status: 422, field: "body"),
        Case(body: #"{"dealer_id":"ss-main","to":"+15550100000","body":"\#(String(repeating: "😀", count: 1601))"}"#,
             code: "invalid_content", status: 422, field: "body"),
        Case(body: #"{"dealer_id":"cg-main","to":"+15550100000","media_urls":[\#(media11)]}"#, code: "invalid_content", status: 422,
             field: "media_urls"),
        Case(body: #"{"dealer_id":"cg-main","to":"+15550100000","media_urls":["cdn.example.com/a.jpg"]}"#, code: "invalid_content",
             status: 422, field: "media_urls"),
        Case(body: #"{"dealer_id":"cg-main","to":"+15550100000","media_urls":["ftp://cdn.example.com/a.jpg"]}"#,
             code: "invalid_content", status: 422, field: "media_urls"),
        Case(body: #"{"dealer_id":"ss-main","to":"+15550100000","body":"Hi","media_urls":["https://cdn.example.com/a.jpg"]}"#,
             code: "invalid_content", status: 422, field: "media_urls"),
        Case(body: #"{"dealer_id":"mk-main","to":"+15550100000","body":"Hi","customer_id":"c1","media_urls":["https://cdn.example.com/a.jpg"]}"#,
             code: "invalid_content", status: 422, field: "media_urls"),
    ]

    @Test("schema violations → 400 invalid_request naming the field", arguments: schemaCases)
    func schema(_ c: Case) async throws {
        try await withGateway { h in
            let reply = try await h.post(c.body, token: c.token)
            h.expectRefused(reply, c.code, c.status, field: c.field)
        }
    }

    @Test("dealer and provider checks → 403, 422 unknown_dealer, 400, 422", arguments: dealerCases)
    func dealer(_ c: Case) async throws {
        try await withGateway { h in
            let reply = try await h.post(c.body, token: c.token)
            h.expectRefused(reply, c.code, c.status, field: c.field)
        }
    }

    @Test("a bad Idempotency-Key header → 400 naming it", arguments: [
        [("Idempotency-Key", String(repeating: "k", count: 256))],
        [("Idempotency-Key", "a"), ("Idempotency-Key", "b")],
        [("Idempotency-Key", "tab\there")],
    ])
    func idempotencyKey(headers: [(String, String)]) async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi"}"#, headers: headers)
            h.expectRefused(reply, "invalid_request", 400, field: "Idempotency-Key")
        }
    }

    @Test("limits are inclusive: 1600 scalars, 10 media, 20 metadata keys, 11-character from_mask, 255-character key")
    func limitsInclusive() async throws {
        try await withGateway { h in
            let media10 = (1...10).map { #""https://cdn.example.com/\#($0).jpg""# }.joined(separator: ",")
            let metadata20 = (1...20).map { #""k\#($0)":"v""# }.joined(separator: ",")
            let text = String(repeating: "😀", count: 1600)
            let cg = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100000","body":"\#(text)","media_urls":[\#(media10)],"metadata":{\#(metadata20)}}"#,
                                      headers: [("Idempotency-Key", String(repeating: "k", count: 255))])
            let json = expectSent(cg, dealer: "cg-main", provider: "cargurus", account: "cargurus-main", to: "+15550100000",
                                  segments: 49, encoding: "ucs2")
            #expect(json?["metadata"]?.memberNames.count == 20)
            let ss = try await h.post(#"{"dealer_id":"ss-main","to":"+15550100000","body":"\#(String(repeating: "a", count: 1600))","options":{"from_mask":"ElevenChars"}}"#)
            expectSent(ss, dealer: "ss-main", provider: "sendsms", account: "sendsms-main", to: "+15550100000",
                       segments: 11, encoding: "gsm7")
        }
    }

    @Test("values that the dealer's provider does not use are not format-checked, only warned about")
    func unusedNotChecked() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","from":"nope","customer_id":"c1","options":{"from_mask":"MuchTooLongForAMask","is_manual":false}}"#)
            let json = expectSent(reply, dealer: "cg-main", provider: "cargurus", account: "cargurus-main", to: "+15550100000",
                                  segments: 1, encoding: "gsm7")
            let w = warnings(of: json)
            #expect(w.map(\.code) == Array(repeating: "option_ignored", count: 4))
            #expect(zip(w.map(\.message), ["'from'", "'customer_id'", "'options.from_mask'", "'options.is_manual'"])
                        .allSatisfy { $0.contains($1) }, "\(w)")
        }
    }
}
