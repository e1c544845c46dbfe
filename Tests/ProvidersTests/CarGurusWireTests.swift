import Providers
import Foundation
import Gateway
import HTTPTypes
import Simulators
import Testing

/// What the gateway puts on the wire for a CarGurus dealer (providers.md, "CarGurus"), read back
/// from the simulator's record of the request.
@Suite("CarGurus on the wire")
struct CarGurusWireTests {
    /// The recorded request's form parameters (exactly appId, authToken, body, in that order) and the
    /// DealerSMSRequest JSON inside `body`.
    private func dealerSMSRequest(_ harness: GatewayHarness, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue? {
        let received = harness.simulators.carGurus.received
        #expect(received.count == 1, sourceLocation: sourceLocation)
        guard let request = received.first else { return nil }
        #expect(request.method == .post, sourceLocation: sourceLocation)
        #expect(request.path == "/Cars/api/1.0/dealerSMSRequest.action", sourceLocation: sourceLocation)
        #expect(request.headers[.contentType] == "application/x-www-form-urlencoded", sourceLocation: sourceLocation)
        #expect(request.headers[.contentLength] == String(request.body.count), sourceLocation: sourceLocation)
        guard let pairs = FormBody.pairs(request.body) else {
            Issue.record("not a form body: \(request.bodyText)", sourceLocation: sourceLocation)
            return nil
        }
        #expect(pairs.map(\.name) == ["appId", "authToken", "body"], sourceLocation: sourceLocation)
        #expect(pairs.first { $0.name == "appId" }?.value == GatewayHarness.credentials.carGurusAppID, sourceLocation: sourceLocation)
        #expect(pairs.first { $0.name == "authToken" }?.value == GatewayHarness.credentials.carGurusAuthToken,
                sourceLocation: sourceLocation)
        guard let body = pairs.first(where: { $0.name == "body" })?.value, let json = JSONValue.parse(text: body) else {
            Issue.record("body parameter is not JSON: \(request.bodyText)", sourceLocation: sourceLocation)
            return nil
        }
        return json
    }

    @Test("text with cargurus_dealer_id: dealer_id, to, body; no from, no media_urls; 201 and the same record on GET", arguments: UpstreamClient.allCases)
    func textWithDealerID(upstream: UpstreamClient) async throws {
        try await withGateway(upstream: upstream) { h in
            let reply = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hello & welcome +1 é","media_urls":[],"metadata":{"crm":"42"}}"#,
                                         headers: [("X-Request-ID", "e2e-cg-1")])
            let json = expectSent(reply, dealer: "cg-main", provider: "cargurus", account: "cargurus-main", to: "+15550100000",
                                  segments: 1, encoding: "gsm7")
            #expect(reply.header("X-Request-ID") == "e2e-cg-1")
            #expect(json?["provider_message_id"]?.stringValue?.hasPrefix("MM") == true)
            #expect(stringMap(json?["metadata"]) == ["crm": "42"])
            #expect(json?["warnings"]?.arrayValue?.isEmpty == true)

            let wire = dealerSMSRequest(h)
            #expect(wire?.memberNames.sorted() == ["body", "dealer_id", "to"])
            #expect(wire?["dealer_id"]?.stringValue == "sp61504")
            #expect(wire?["to"]?.stringValue == "+15550100000")
            #expect(wire?["body"]?.stringValue == "Hello & welcome +1 é")

            let id = json?["id"]?.stringValue ?? ""
            let lookup = try await h.message(id)
            #expect(lookup.status == 200)
            #expect(lookup.body == reply.body, "GET shows the record exactly as the 201 did")
        }
    }

    @Test("media only: body omitted (also when \"\"), media_urls sent in order; segments 0, encoding none")
    func mediaOnly() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100001","body":"","media_urls":["https://cdn.example.com/a.jpg","http://example.com/b%20c.png?x=1&y=2"]}"#)
            expectSent(reply, dealer: "cg-main", provider: "cargurus", account: "cargurus-main", to: "+15550100001",
                       segments: 0, encoding: "none")
            let wire = dealerSMSRequest(h)
            #expect(wire?.memberNames.sorted() == ["dealer_id", "media_urls", "to"])
            #expect(wire?["media_urls"] == .array([.string("https://cdn.example.com/a.jpg"), .string("http://example.com/b%20c.png?x=1&y=2")]))
        }
    }

    @Test("text and media together: both sent")
    func textAndMedia() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100002","body":"See photo","media_urls":["https://cdn.example.com/a.jpg"]}"#)
            expectSent(reply, dealer: "cg-main", provider: "cargurus", account: "cargurus-main", to: "+15550100002",
                       segments: 1, encoding: "gsm7")
            let wire = dealerSMSRequest(h)
            #expect(wire?.memberNames.sorted() == ["body", "dealer_id", "media_urls", "to"])
            #expect(wire?["body"]?.stringValue == "See photo")
        }
    }

    @Test("dealer with from: the dealer's from, no dealer_id")
    func dealerFrom() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"cg-from","to":"+15550100003","body":"Hi"}"#)
            let json = expectSent(reply, dealer: "cg-from", provider: "cargurus", account: "cargurus-main", to: "+15550100003",
                                  segments: 1, encoding: "gsm7")
            #expect(warnings(of: json).isEmpty)
            let wire = dealerSMSRequest(h)
            #expect(wire?.memberNames.sorted() == ["body", "from", "to"])
            #expect(wire?["from"]?.stringValue == "+16175551212")
        }
    }

    @Test("dealer with from: the request's from overrides it")
    func requestFromOverride() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"cg-from","to":"+15550100004","body":"Hi","from":"+15557770000"}"#)
            let json = expectSent(reply, dealer: "cg-from", provider: "cargurus", account: "cargurus-main", to: "+15550100004",
                                  segments: 1, encoding: "gsm7")
            #expect(warnings(of: json).isEmpty)
            let wire = dealerSMSRequest(h)
            #expect(wire?.memberNames.sorted() == ["body", "from", "to"])
            #expect(wire?["from"]?.stringValue == "+15557770000")
        }
    }

    @Test("dealer with cargurus_dealer_id: a request's from (even malformed) is ignored with a warning, never sent")
    func fromIgnoredWithDealerID() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100005","body":"Hi","from":"not-a-number"}"#)
            let json = expectSent(reply, dealer: "cg-main", provider: "cargurus", account: "cargurus-main", to: "+15550100005",
                                  segments: 1, encoding: "gsm7")
            let w = warnings(of: json)
            #expect(w.map(\.code) == ["option_ignored"])
            #expect(w.first?.message.contains("'from'") == true)
            let wire = dealerSMSRequest(h)
            #expect(wire?.memberNames.sorted() == ["body", "dealer_id", "to"])
        }
    }

    @Test("the form body is percent-encoded so that +, &, = and non-ASCII survive")
    func formEncoding() async throws {
        try await withGateway { h in
            let text = "a+b&c=d 100% «ü» 😀"
            let reply = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100006","body":"\#(text)"}"#)
            #expect(reply.status == 201, "\(reply.bodyText)")
            let raw = h.simulators.carGurus.received.first?.body ?? []
            // Nothing a form decoder would misread: no raw '+' or '&' from the values, only escapes.
            #expect(FormBody.pairs(raw) != nil, "strict form encoding: \(String(decoding: raw, as: UTF8.self))")
            #expect(dealerSMSRequest(h)?["body"]?.stringValue == text)
        }
    }
}
