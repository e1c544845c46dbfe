import Providers
import Foundation
import Gateway
import HTTPTypes
import Simulators
import Testing

/// What the gateway puts on the wire for a sendsms dealer (providers.md, "sendsms").
@Suite("sendsms on the wire")
struct SendSMSWireTests {
    private func sendRequest(_ harness: GatewayHarness, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue? {
        let received = harness.simulators.sendSMS.received
        #expect(received.count == 1, sourceLocation: sourceLocation)
        guard let request = received.first else { return nil }
        #expect(request.method == .post, sourceLocation: sourceLocation)
        #expect(request.path == "/api", sourceLocation: sourceLocation)
        #expect(request.headerValues("x-api-key") == [GatewayHarness.credentials.sendSMSAPIKey], sourceLocation: sourceLocation)
        #expect(request.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
        guard let json = JSONValue.parse(text: request.bodyText) else {
            Issue.record("not JSON: \(request.bodyText)", sourceLocation: sourceLocation)
            return nil
        }
        #expect(json["action"]?.stringValue == "sendsms", sourceLocation: sourceLocation)
        return json
    }

    @Test("minimal dealer: action, message-text, to, from and nothing else; 201 with the tracking-id", arguments: UpstreamClient.allCases)
    func minimal(upstream: UpstreamClient) async throws {
        try await withGateway(upstream: upstream) { h in
            let reply = try await h.post(#"{"dealer_id":"ss-main","to":"+15550100000","body":"Hello"}"#)
            let json = expectSent(reply, dealer: "ss-main", provider: "sendsms", account: "sendsms-main", to: "+15550100000",
                                  segments: 1, encoding: "gsm7")
            #expect(json?["provider_message_id"]?.stringValue?.count == 12)
            let wire = sendRequest(h)
            #expect(wire?.memberNames.sorted() == ["action", "from", "message-text", "to"])
            #expect(wire?["message-text"]?.stringValue == "Hello")
            #expect(wire?["to"]?.stringValue == "+15550100000")
            #expect(wire?["from"]?.stringValue == "+18885551212")
        }
    }

    @Test("the dealer's from_mask, campaign_ref and click_tracking: false are sent")
    func dealerSettings() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"ss-full","to":"+15550100000","body":"Hello"}"#)
            #expect(reply.status == 201, "\(reply.bodyText)")
            let wire = sendRequest(h)
            #expect(wire?.memberNames.sorted() == ["action", "campaign-ref", "click-tracking", "from", "from-mask", "message-text", "to"])
            #expect(wire?["from"]?.stringValue == "+18885551213")
            #expect(wire?["from-mask"]?.stringValue == "SunriseAuto")
            #expect(wire?["campaign-ref"]?.stringValue == "campaign2345")
            #expect(wire?["click-tracking"] == .bool(false))
        }
    }

    @Test("request options and from win over the dealer's")
    func optionsWin() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"ss-full","to":"+15550100000","body":"Hello","from":"+15557770000","options":{"from_mask":"ElevenChars","campaign_ref":"spring","click_tracking":true}}"#)
            let json = expectSent(reply, dealer: "ss-full", provider: "sendsms", account: "sendsms-main", to: "+15550100000",
                                  segments: 1, encoding: "gsm7")
            #expect(warnings(of: json).isEmpty)
            let wire = sendRequest(h)
            #expect(wire?["from"]?.stringValue == "+15557770000")
            #expect(wire?["from-mask"]?.stringValue == "ElevenChars")
            #expect(wire?["campaign-ref"]?.stringValue == "spring")
            #expect(wire?["click-tracking"] == .bool(true))
        }
    }

    @Test("an option set only in the request is sent; click_tracking false is sent as false")
    func onlyRequestOptions() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"ss-main","to":"+15550100000","body":"Hello","options":{"click_tracking":false}}"#)
            #expect(reply.status == 201, "\(reply.bodyText)")
            let wire = sendRequest(h)
            #expect(wire?.memberNames.sorted() == ["action", "click-tracking", "from", "message-text", "to"])
            #expect(wire?["click-tracking"] == .bool(false))
        }
    }

    @Test("myKaarma options and customer_id are ignored with warnings")
    func ignoredInputs() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"ss-main","to":"+15550100000","body":"Hello","customer_id":"c1","options":{"is_manual":true}}"#)
            let json = expectSent(reply, dealer: "ss-main", provider: "sendsms", account: "sendsms-main", to: "+15550100000",
                                  segments: 1, encoding: "gsm7")
            let w = warnings(of: json)
            #expect(w.map(\.code) == ["option_ignored", "option_ignored"])
            #expect(w.first?.message.contains("'customer_id'") == true)
            #expect(w.last?.message.contains("'options.is_manual'") == true)
            #expect(sendRequest(h)?.memberNames.sorted() == ["action", "from", "message-text", "to"])
        }
    }

    @Test("lowercase \"success\" is a success")
    func lowercaseSuccess() async throws {
        try await withGateway { h in
            let to = Scenarios.sendSMSLowercaseSuccess.recipient
            let reply = try await h.post(#"{"dealer_id":"ss-main","to":"\#(to)","body":"Hello"}"#)
            expectSent(reply, dealer: "ss-main", provider: "sendsms", account: "sendsms-main", to: to, segments: 1, encoding: "gsm7")
        }
    }

    /// api.md "Success": how the text splits into parts, as the 201 reports it.
    @Test("segments and encoding", arguments: [
        (String(repeating: "a", count: 160), 1, "gsm7"),
        (String(repeating: "a", count: 161), 2, "gsm7"),
        (String(repeating: "€", count: 80), 1, "gsm7"),
        (String(repeating: "€", count: 81), 2, "gsm7"),
        (String(repeating: "ж", count: 70), 1, "ucs2"),
        (String(repeating: "ж", count: 71), 2, "ucs2"),
        (String(repeating: "😀", count: 67), 3, "ucs2"),
    ])
    func segments(text: String, segments: Int, encoding: String) async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"ss-main","to":"+15550100000","body":"\#(text)"}"#)
            expectSent(reply, dealer: "ss-main", provider: "sendsms", account: "sendsms-main", to: "+15550100000",
                       segments: segments, encoding: encoding)
            #expect(sendRequest(h)?["message-text"]?.stringValue == text)
        }
    }
}
