import Testing
@testable import Simulators

@Suite struct ScenariosTests {
    @Test func namedNumbersAreUniqueE164AndMatchTheLookup() {
        #expect(Set(Scenarios.all.map(\.recipient)).count == Scenarios.all.count)
        for scenario in Scenarios.all {
            #expect(WireChecks.isE164(scenario.recipient), "\(scenario.recipient)")
            #expect(Scenarios.behaviour(for: scenario.recipient) == scenario.behaviour, "\(scenario.recipient)")
        }
    }

    @Test func families() {
        #expect(Scenarios.behaviour(for: "+15550101050") == .slow(.milliseconds(500)))
        #expect(Scenarios.behaviour(for: "+15550102104") == .carGurusError(code: 104))
        #expect(Scenarios.behaviour(for: "+15550103110") == .carGurusError(code: 110, asString: true))
        #expect(Scenarios.behaviour(for: "+15550109999") == .success)
        #expect(Scenarios.behaviour(for: "+155501012345") == .success)
        #expect(Scenarios.behaviour(for: "+15551234567") == .success)
    }

    @Test func foreignBehavioursAnswerSuccess() {
        let wire = SendSMSWire(apiKey: "k")
        let reply = wire.answer(.carGurusError(code: 113), to: .init(to: "+15551234567", from: "00000"))
        #expect(JSONValue.parse(reply.body)?["status"] == "Success")
    }
}
