import Foundation
import Testing
@testable import Simulators

@Suite struct SendSMSSimulatorTests {
    let simulator = SendSMSSimulator(apiKey: Fixture.apiKey)

    private func expectFailure(_ reply: Reply, status: Int, code: String, to: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == status, sourceLocation: sourceLocation)
        #expect(reply.json?["status"] == "Failure", sourceLocation: sourceLocation)
        #expect(reply.json?["error-code"] == .string(code), sourceLocation: sourceLocation)
        #expect(reply.json?["error-info"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(reply.json?["to"] == .string(to), sourceLocation: sourceLocation)
    }

    @Test func successEchoesAndTheExactRequestIsRecorded() async throws {
        try await withRunning(simulator) { sim in
            #expect(sim.baseURL == "http://127.0.0.1:\(sim.port)/api")
            let body = #"{"action":"SendSMS","message-text":"Hi","to":"+15551234567","from":"00000","from-mask":"Dunder Mifflin","campaign-ref":"campaign2345","click-tracking":false}"#
            let reply = try await post(sim.baseURL, headers: ["content-type": "application/json", "x-api-key": Fixture.apiKey],
                                       body: Array(body.utf8))
            #expect(reply.status == 200)
            let json = try #require(reply.json)
            #expect(json["status"] == "Success")
            #expect(json["to"] == "+15551234567")
            #expect(json["from"] == "00000")
            #expect(json["status-details"] == "SMS request accepted and queued for delivery")
            #expect(json["tracking-id"]?.stringValue?.count == 12)

            let got = try #require(sim.received.first)
            #expect(sim.requestCount == 1)
            #expect(got.method == .post && got.path == "/api")
            #expect(got.headers[try #require(.init("x-api-key"))] == Fixture.apiKey)
            #expect(got.body == Array(body.utf8))
        }
    }

    @Test func wrongOrMissingKeyIs401() async throws {
        try await withRunning(simulator) { sim in
            var r = sim.validRequest(to: Fixture.recipient)
            r.headers["x-api-key"] = "key-xyz"  // case-sensitive
            expectFailure(try await post(r.url, headers: r.headers, body: r.body), status: 401, code: "E101", to: "")
            r.headers["x-api-key"] = nil
            expectFailure(try await post(r.url, headers: r.headers, body: r.body), status: 401, code: "E101", to: "")
        }
    }

    @Test(arguments: [
        ("not json", "E100", ""),
        (#"{"action":"sendsms","message-text":"x","to":"+15551234567","from":"+18885551212","extra":1}"#, "E100", "+15551234567"),
        (#"{"action":"sendsms","message-text":"x","to":"+15551234567","from":"+18885551212","click-tracking":"yes"}"#, "E100", "+15551234567"),
        (#"{"action":"sendmms","message-text":"x","to":"+15551234567","from":"+18885551212"}"#, "E102", "+15551234567"),
        (#"{"action":"sendsms","to":"+15551234567","from":"+18885551212"}"#, "E103", "+15551234567"),
        (#"{"action":"sendsms","message-text":"x","to":"15551234567","from":"+18885551212"}"#, "E104", "15551234567"),
        (#"{"action":"sendsms","message-text":"x","to":"+15551234567"}"#, "E111", "+15551234567"),
        (#"{"action":"sendsms","message-text":"x","to":"+15551234567","from":"Dealer"}"#, "E111", "+15551234567"),
    ])
    func malformedBodyIsAFailure(body: String, code: String, to: String) async throws {
        try await withRunning(simulator) { sim in
            let r = sim.validRequest(to: Fixture.recipient)
            expectFailure(try await post(r.url, headers: r.headers, body: Array(body.utf8)), status: 200, code: code, to: to)
        }
    }

    @Test func wrongContentTypeIsAFailure() async throws {
        try await withRunning(simulator) { sim in
            var r = sim.validRequest(to: Fixture.recipient)
            r.headers["Content-Type"] = "application/x-www-form-urlencoded"
            expectFailure(try await post(r.url, headers: r.headers, body: r.body), status: 200, code: "E100", to: "")
        }
    }

    @Test func wrongPathIs404() async throws {
        try await withRunning(simulator) { sim in
            let r = sim.validRequest(to: Fixture.recipient)
            let reply = try await post("http://127.0.0.1:\(sim.port)/api/v2", headers: r.headers, body: r.body)
            #expect(reply.status == 404)
        }
    }

    @Test func scriptedFailures() async throws {
        try await withRunning(simulator) { sim in
            let invalidSender = try await sendValid(sim, to: Scenarios.sendSMSInvalidSender.recipient)
            expectFailure(invalidSender, status: 200, code: "E111", to: Scenarios.sendSMSInvalidSender.recipient)
            #expect(invalidSender.json?["error-info"] == "Invalid Sender.")
            expectFailure(try await sendValid(sim, to: Scenarios.sendSMSUnknownCode.recipient), status: 200, code: "E999",
                          to: Scenarios.sendSMSUnknownCode.recipient)
            let lower = try await sendValid(sim, to: Scenarios.sendSMSLowercaseFailure.recipient)
            #expect(lower.json?["status"] == "failure")
            #expect(lower.json?["error-code"] == "E111")
        }
    }

    @Test func lowercaseSuccess() async throws {
        try await withRunning(simulator) { sim in
            let json = try #require(try await sendValid(sim, to: Scenarios.sendSMSLowercaseSuccess.recipient).json)
            #expect(json["status"] == "success")
            #expect(json["tracking-id"]?.stringValue != nil)
            #expect(json["to"] == .string(Scenarios.sendSMSLowercaseSuccess.recipient))
        }
    }
}
