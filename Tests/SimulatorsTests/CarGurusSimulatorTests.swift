import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import Simulators

@Suite struct CarGurusSimulatorTests {
    let simulator = CarGurusSimulator(appId: Fixture.appID, authToken: Fixture.authToken)

    private func sendForm(_ pairs: [(String, String)], contentType: String = "application/x-www-form-urlencoded") async throws -> Reply {
        try await post(simulator.baseURL, headers: ["Content-Type": contentType], body: formEncode(pairs))
    }

    private func dealerRequest(_ json: String) -> [(String, String)] {
        [("appId", Fixture.appID), ("authToken", Fixture.authToken), ("body", json)]
    }

    private func expectError(_ reply: Reply, _ code: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == 200, sourceLocation: sourceLocation)
        #expect(reply.json?["success"] == false, sourceLocation: sourceLocation)
        #expect(reply.json?["error"]?["error_code"] == .number(Double(code)), sourceLocation: sourceLocation)
        #expect(reply.json?["error"]?["description"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    }

    @Test func baseURLIsTheFullEndpoint() async throws {
        try await withRunning(simulator) { sim in
            #expect(sim.port > 0)
            #expect(sim.baseURL == "http://127.0.0.1:\(sim.port)/Cars/api/1.0/dealerSMSRequest.action")
        }
    }

    @Test func successIsAnsweredAndTheExactRequestRecorded() async throws {
        try await withRunning(simulator) { sim in
            let r = sim.validRequest(to: Fixture.recipient)
            let reply = try await post(r.url, headers: r.headers, body: r.body)
            #expect(reply.status == 200)
            #expect(reply.header("content-type") == "application/json")
            #expect(reply.json?["success"] == true)
            let sid = try #require(reply.json?["sid"]?.stringValue)
            #expect(sid.count == 34 && sid.hasPrefix("MM") && sid.dropFirst(2).allSatisfy(\.isHexDigit))
            #expect(reply.json?.objectValue?.count == 2)

            #expect(sim.requestCount == 1)
            let got = try #require(sim.received.first)
            #expect(got.method == .post)
            #expect(got.path == "/Cars/api/1.0/dealerSMSRequest.action")
            #expect(got.headers[.contentType] == "application/x-www-form-urlencoded")
            #expect(got.body == r.body)
            #expect(got.formParameters?["body"] == #"{"dealer_id":"sp61504","to":"+15551234567","body":"Hello from Quirk"}"#)

            sim.reset()
            #expect(sim.requestCount == 0 && sim.received.isEmpty)
        }
    }

    @Test func fromInsteadOfDealerAndMediaOnlyAreAccepted() async throws {
        try await withRunning(simulator) { _ in
            let reply = try await sendForm(dealerRequest(
                #"{"from":"+16175551212","to":"+15551234567","media_urls":["https://i.imgur.com/7zhYvkC.jpg"]}"#))
            #expect(reply.json?["success"] == true)
        }
    }

    @Test func wrongTokenIs101AndWrongAppIDIs102() async throws {
        try await withRunning(simulator) { _ in
            let body = #"{"dealer_id":"sp1","to":"+15551234567","body":"x"}"#
            expectError(try await sendForm([("appId", Fixture.appID), ("authToken", "nope"), ("body", body)]), 101)
            expectError(try await sendForm([("appId", Fixture.appID), ("body", body)]), 101)
            expectError(try await sendForm([("appId", "other"), ("authToken", Fixture.authToken), ("body", body)]), 102)
            expectError(try await sendForm([("authToken", Fixture.authToken), ("body", body)]), 102)
        }
    }

    @Test(arguments: [
        ("not json", 100),
        (#"["array"]"#, 100),
        (#"{"dealer_id":"sp1","from":"+16175551212","to":"+15551234567","body":"x"}"#, 100),  // both
        (#"{"to":"+15551234567","body":"x"}"#, 100),  // neither
        (#"{"dealer_id":"sp1","to":"+15551234567","body":"x","extra":1}"#, 100),
        (#"{"dealer_id":"sp1","to":"+15551234567","body":7}"#, 100),
        (#"{"dealer_id":"","to":"+15551234567","body":"x"}"#, 108),
        (#"{"dealer_id":"sp1","to":"5551234567","body":"x"}"#, 110),
        (#"{"dealer_id":"sp1","body":"x"}"#, 110),
        (#"{"dealer_id":"sp1","to":"+15551234567"}"#, 111),
        (#"{"dealer_id":"sp1","to":"+15551234567","body":""}"#, 111),
        (#"{"from":"6175551212","to":"+15551234567","body":"x"}"#, 112),
    ])
    func malformedDealerSMSRequestGetsItsCode(json: String, code: Int) async throws {
        try await withRunning(simulator) { _ in
            expectError(try await sendForm(dealerRequest(json)), code)
        }
    }

    @Test func limitsAreChecked() async throws {
        try await withRunning(simulator) { _ in
            let long = String(repeating: "a", count: 1601)
            expectError(try await sendForm(dealerRequest(#"{"dealer_id":"sp1","to":"+15551234567","body":"\#(long)"}"#)), 111)
            let atLimit = String(repeating: "a", count: 1600)
            #expect(try await sendForm(dealerRequest(#"{"dealer_id":"sp1","to":"+15551234567","body":"\#(atLimit)"}"#)).json?["success"] == true)
            let media = Array(repeating: #""https://x.test/a.jpg""#, count: 11).joined(separator: ",")
            expectError(try await sendForm(dealerRequest(#"{"dealer_id":"sp1","to":"+15551234567","media_urls":[\#(media)]}"#)), 111)
        }
    }

    @Test func wrongContentTypeOrMissingBodyIs100() async throws {
        try await withRunning(simulator) { _ in
            let json = #"{"dealer_id":"sp1","to":"+15551234567","body":"x"}"#
            expectError(try await sendForm(dealerRequest(json), contentType: "application/json"), 100)
            expectError(try await sendForm([("appId", Fixture.appID), ("authToken", Fixture.authToken)]), 100)
            expectError(try await sendForm(dealerRequest(json) + [("body", json)]), 100)  // repeated parameter
        }
    }

    @Test func wrongPathIs404AndWrongMethodIs405() async throws {
        try await withRunning(simulator) { sim in
            let r = sim.validRequest(to: Fixture.recipient)
            let other = try await post("http://127.0.0.1:\(sim.port)/Cars/api/1.0/dealerSMS.action", headers: r.headers, body: r.body)
            #expect(other.status == 404)
            var get = URLRequest(url: try #require(URL(string: sim.baseURL)))
            get.httpMethod = "GET"
            let reply = try await send(get)
            #expect(reply.status == 405)
            #expect(sim.requestCount == 2)
        }
    }

    @Test(arguments: [100, 101, 102, 103, 105, 108, 110, 111, 112, 113, 999])
    func scriptedErrorCodes(code: Int) async throws {
        try await withRunning(simulator) { sim in
            let reply = try await sendValid(sim, to: Scenarios.prefix + "2" + String(code))
            expectError(reply, code)
        }
    }

    @Test func namedErrorScenariosMatchTheirCodes() {
        #expect(Scenarios.carGurus113.behaviour == .carGurusError(code: 113))
        #expect(Scenarios.carGurus113.recipient == "+15550102113")
        #expect(Scenarios.carGurusUnknownCode.behaviour == .carGurusError(code: 999))
    }

    @Test func errorCodeAsNumericString() async throws {
        try await withRunning(simulator) { sim in
            let reply = try await sendValid(sim, to: Scenarios.carGurus113AsString.recipient)
            #expect(reply.status == 200)
            #expect(reply.json?["success"] == false)
            #expect(reply.json?["error"]?["error_code"] == "113")
        }
    }

    @Test func missingFieldsAndHTTPStatusBodies() async throws {
        try await withRunning(simulator) { sim in
            let missing = try await sendValid(sim, to: Scenarios.missingFields.recipient)
            #expect(missing.status == 200)
            #expect(missing.json?["success"] == nil && missing.json?["sid"] == nil && missing.json != nil)
            let unauthorized = try await sendValid(sim, to: Scenarios.http401.recipient)
            #expect(unauthorized.status == 401)
            #expect(unauthorized.json == nil)  // an HTML page, as a front server would send
        }
    }
}
