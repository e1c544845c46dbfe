import Providers
import Foundation
import Gateway
import HTTPTypes
import Simulators
import Testing

/// What the gateway puts on the wire for a myKaarma dealer (providers.md, "myKaarma").
@Suite("myKaarma on the wire")
struct MyKaarmaWireTests {
    /// The recorded request's checked headers and its JSON body.
    private func messageRequest(_ harness: GatewayHarness, path: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue? {
        let received = harness.simulators.myKaarma.received
        #expect(received.count == 1, sourceLocation: sourceLocation)
        guard let request = received.first else { return nil }
        #expect(request.method == .post, sourceLocation: sourceLocation)
        #expect(request.path == path, sourceLocation: sourceLocation)
        let c = GatewayHarness.credentials
        let basic = "Basic " + Data("\(c.myKaarmaUsername):\(c.myKaarmaPassword)".utf8).base64EncodedString()
        #expect(request.headers[.authorization] == basic, sourceLocation: sourceLocation)
        #expect(request.headers[.accept] == "application/json", sourceLocation: sourceLocation)
        #expect(request.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
        guard let json = JSONValue.parse(text: request.bodyText) else {
            Issue.record("not JSON: \(request.bodyText)", sourceLocation: sourceLocation)
            return nil
        }
        #expect(json.memberNames.sorted() == ["messageAttributes", "messageSendingAttributes"], sourceLocation: sourceLocation)
        #expect(json["messageAttributes"]?.memberNames.sorted() == ["body", "isManual", "protocol", "type"], sourceLocation: sourceLocation)
        #expect(json["messageAttributes"]?["protocol"]?.stringValue == "TEXT", sourceLocation: sourceLocation)
        #expect(json["messageAttributes"]?["type"]?.stringValue == "OUTGOING", sourceLocation: sourceLocation)
        #expect(json["messageSendingAttributes"]?.memberNames.sorted()
                    == ["addFooter", "addSignature", "addTCPAFooter", "communicationValueOfCustomer", "sendSynchronously", "sendVCard"],
                sourceLocation: sourceLocation)
        #expect(json["messageSendingAttributes"]?["sendSynchronously"] == .bool(true), sourceLocation: sourceLocation)
        return json
    }

    /// The four add*/send* flags and isManual as sent.
    private func flags(_ json: JSONValue?) -> [String: Bool?] {
        let sending = json?["messageSendingAttributes"]
        return [
            "isManual": json?["messageAttributes"]?["isManual"]?.boolValue,
            "addTCPAFooter": sending?["addTCPAFooter"]?.boolValue, "addSignature": sending?["addSignature"]?.boolValue,
            "addFooter": sending?["addFooter"]?.boolValue, "sendVCard": sending?["sendVCard"]?.boolValue,
        ]
    }

    @Test("path segments percent-encoded, Basic auth, JSON body with the defaults; 201 with the messageUUID", arguments: UpstreamClient.allCases)
    func defaults(upstream: UpstreamClient) async throws {
        try await withGateway(upstream: upstream) { h in
            let reply = try await h.post(#"{"dealer_id":"mk-main","to":"+15550100000","body":"Your car is ready","customer_id":"cust/42 x"}"#)
            let json = expectSent(reply, dealer: "mk-main", provider: "mykaarma", account: "mykaarma-main", to: "+15550100000",
                                  segments: 1, encoding: "gsm7")
            #expect(json?["provider_message_id"]?.stringValue?.count == 36)
            #expect(warnings(of: json).isEmpty)
            let wire = messageRequest(h, path: "/communications/department/dept%209f%2F0c%3F/user/41aa%257d/customer/cust%2F42%20x/message")
            #expect(wire?["messageAttributes"]?["body"]?.stringValue == "Your car is ready")
            #expect(wire?["messageSendingAttributes"]?["communicationValueOfCustomer"]?.stringValue == "+15550100000")
            #expect(flags(wire) == ["isManual": false, "addTCPAFooter": true, "addSignature": false, "addFooter": false, "sendVCard": false])
        }
    }

    @Test("the dealer's configured flags replace the defaults")
    func dealerFlags() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"mk-flags","to":"+15550100000","body":"Hi","customer_id":"c1"}"#)
            #expect(reply.status == 201, "\(reply.bodyText)")
            let wire = messageRequest(h, path: "/communications/department/d1/user/u1/customer/c1/message")
            #expect(flags(wire) == ["isManual": false, "addTCPAFooter": false, "addSignature": true, "addFooter": true, "sendVCard": true])
        }
    }

    @Test("the request's options win over the dealer's flags")
    func optionsWin() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"mk-flags","to":"+15550100000","body":"Hi","customer_id":"c1","options":{"add_tcpa_footer":true,"add_signature":false,"add_footer":false,"send_vcard":false,"is_manual":true}}"#)
            let json = expectSent(reply, dealer: "mk-flags", provider: "mykaarma", account: "mykaarma-main", to: "+15550100000",
                                  segments: 1, encoding: "gsm7")
            #expect(warnings(of: json).isEmpty)
            let wire = messageRequest(h, path: "/communications/department/d1/user/u1/customer/c1/message")
            #expect(flags(wire) == ["isManual": true, "addTCPAFooter": true, "addSignature": false, "addFooter": false, "sendVCard": false])
        }
    }

    @Test("one option set: it wins, the others keep the defaults")
    func oneOption() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"mk-main","to":"+15550100000","body":"Hi","customer_id":"c1","options":{"add_signature":true}}"#)
            #expect(reply.status == 201, "\(reply.bodyText)")
            let wire = messageRequest(h, path: "/communications/department/dept%209f%2F0c%3F/user/41aa%257d/customer/c1/message")
            #expect(flags(wire) == ["isManual": false, "addTCPAFooter": true, "addSignature": true, "addFooter": false, "sendVCard": false])
        }
    }

    @Test("from and sendsms/unknown-to-myKaarma options are ignored with warnings, in order, and not sent")
    func ignoredInputs() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"mk-main","to":"+15550100000","body":"Hi","customer_id":"c1","from":"bogus","options":{"click_tracking":true,"from_mask":"WayTooLongMask","campaign_ref":"c"}}"#)
            let json = expectSent(reply, dealer: "mk-main", provider: "mykaarma", account: "mykaarma-main", to: "+15550100000",
                                  segments: 1, encoding: "gsm7")
            let w = warnings(of: json)
            #expect(w.map(\.code) == ["option_ignored", "option_ignored", "option_ignored", "option_ignored"])
            #expect(zip(w.map(\.message), ["'from'", "'options.click_tracking'", "'options.from_mask'", "'options.campaign_ref'"])
                        .allSatisfy { $0.contains($1) }, "\(w)")
            let wire = messageRequest(h, path: "/communications/department/dept%209f%2F0c%3F/user/41aa%257d/customer/c1/message")
            #expect(!(wire.map { String(describing: $0) } ?? "").contains("bogus"))
        }
    }
}
