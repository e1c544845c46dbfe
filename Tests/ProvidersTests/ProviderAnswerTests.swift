import Gateway
import Simulators
import Testing

/// myKaarma's and sendsms' own answers → unified errors or warnings (providers.md).
@Suite("myKaarma and sendsms answers")
struct ProviderAnswerTests {
    @Test("sendsms E111 → invalid_sender; unknown code → provider_rejected; lowercase failure read too", arguments: [
        (Scenarios.sendSMSInvalidSender, "invalid_sender", "E111", "Invalid Sender."),
        (Scenarios.sendSMSUnknownCode, "provider_rejected", "E999", "Unknown error."),
        (Scenarios.sendSMSLowercaseFailure, "invalid_sender", "E111", "Invalid Sender."),
    ])
    func sendSMSFailure(scenario: Scenario, code: String, providerCode: String, info: String) async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"ss-main","to":"\#(scenario.recipient)","body":"Hi"}"#)
            try await h.expectProviderFailure(reply, ExpectedError(
                code: code, status: 422, provider: "sendsms", providerCode: providerCode, providerMessage: info, hasRecord: true),
                recordStatus: "failed")
            #expect(h.simulators.sendSMS.requestCount == 1)
        }
    }

    @Test("myKaarma refusals → provider_rejected with the first error, or the status when there is none", arguments: [
        (Scenarios.myKaarmaFailure, "INVALID_COMMUNICATION_VALUE", "Phone number is not valid for this customer" as String?),
        (Scenarios.myKaarmaFailureWithoutErrors, "FAILED", nil),
        (Scenarios.myKaarmaSuccessWithErrors, "CUSTOMER_OPTED_OUT", "Customer has opted out of texts"),
    ])
    func myKaarmaRefusal(scenario: Scenario, providerCode: String, providerMessage: String?) async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"mk-main","to":"\#(scenario.recipient)","body":"Hi","customer_id":"c1"}"#)
            try await h.expectProviderFailure(reply, ExpectedError(
                code: "provider_rejected", status: 422, provider: "mykaarma", providerCode: providerCode,
                providerMessage: providerMessage, hasRecord: true), recordStatus: "failed")
            #expect(h.simulators.myKaarma.requestCount == 1)
        }
    }

    @Test("myKaarma SUCCESS without messageUUID → provider_error, record unknown")
    func myKaarmaNoMessageUUID() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"mk-main","to":"\#(Scenarios.myKaarmaNoMessageUUID.recipient)","body":"Hi","customer_id":"c1"}"#)
            try await h.expectProviderFailure(reply, ExpectedError(
                code: "provider_error", status: 502, provider: "mykaarma", providerCode: "SUCCESS", providerMessage: nil,
                hasRecord: true), recordStatus: "unknown")
        }
    }

    @Test("myKaarma warnings → provider_warning entries after option_ignored, in the 201 and on GET")
    func myKaarmaWarnings() async throws {
        try await withGateway { h in
            let to = Scenarios.myKaarmaWarnings.recipient
            let reply = try await h.post(#"{"dealer_id":"mk-main","to":"\#(to)","body":"Hi","customer_id":"c1","options":{"campaign_ref":"x"}}"#)
            let json = expectSent(reply, dealer: "mk-main", provider: "mykaarma", account: "mykaarma-main", to: to,
                                  segments: 1, encoding: "gsm7")
            let w = warnings(of: json)
            #expect(w.map(\.code) == ["option_ignored", "provider_warning"])
            #expect(w.last?.message.contains("No signature configured; sent without it") == true, "\(w)")
            let lookup = try await h.message(json?["id"]?.stringValue ?? "")
            #expect(lookup.json?["warnings"] == json?["warnings"])
        }
    }
}
