import Testing
@testable import Simulators

@Suite struct SimulatorSuiteTests {
    @Test func startsAllThreeAndStopsThem() async throws {
        let suite = SimulatorSuite()
        try await suite.start()
        let ports = [suite.carGurus.port, suite.myKaarma.port, suite.sendSMS.port]
        #expect(ports.allSatisfy { $0 > 0 } && Set(ports).count == 3)

        let cg = try await sendForm(suite.carGurus.baseURL, [
            ("appId", SimulatorSuite.Credentials.demo.carGurusAppID),
            ("authToken", SimulatorSuite.Credentials.demo.carGurusAuthToken),
            ("body", #"{"dealer_id":"sp1","to":"+15551234567","body":"hi"}"#),
        ])
        #expect(cg.json?["success"] == true)
        let mk = try await post(suite.myKaarma.baseURL + "/communications/department/d/user/u/customer/c/message",
                                headers: ["Content-Type": "application/json",
                                          "Authorization": basicAuth("demo-user", "demo-password")],
                                body: Array(#"{"messageAttributes":{"body":"hi","protocol":"TEXT","type":"OUTGOING"}}"#.utf8))
        #expect(mk.json?["status"] == "SUCCESS")
        let ss = try await post(suite.sendSMS.baseURL, headers: ["Content-Type": "application/json", "x-api-key": "demo-api-key"],
                                body: Array(#"{"action":"sendsms","message-text":"hi","to":"+15551234567","from":"00000"}"#.utf8))
        #expect(ss.json?["status"] == "Success")
        await suite.stop()

        await #expect(throws: (any Error).self) {
            _ = try await post(suite.sendSMS.baseURL, headers: [:], body: [], timeout: 2)
        }
    }

    @Test func aPortInUseFailsStartAndStopsTheOthers() async throws {
        let first = SendSMSSimulator(apiKey: "k")
        try first.start()
        let suite = SimulatorSuite(sendSMSPort: first.port)
        await #expect(throws: (any Error).self) { try await suite.start() }
        await first.stop()
    }

    private func sendForm(_ url: String, _ pairs: [(String, String)]) async throws -> Reply {
        try await post(url, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: formEncode(pairs))
    }
}
