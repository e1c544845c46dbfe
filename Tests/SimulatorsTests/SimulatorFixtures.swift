import Foundation
import Testing
@testable import Simulators

/// What the shared behaviour tests need from each simulator.
protocol SimulatorUnderTest: Sendable {
    func start() throws
    func stop() async
    var requestCount: Int { get }
    var received: [ReceivedRequest] { get }
    /// A well-formed, authenticated request to `recipient`: URL, headers, body.
    func validRequest(to recipient: String) -> (url: String, headers: [String: String], body: [UInt8])
    func script(_ recipient: String, _ behaviour: SimulatedBehaviour)
}

enum Fixture {
    static let appID = "app-123"
    static let authToken = "token-abc"
    static let username = "mk-user"
    static let password = "mk-pass:word"
    static let apiKey = "key-XYZ"
    static let recipient = "+15551234567"
}

extension CarGurusSimulator: SimulatorUnderTest {
    func validRequest(to recipient: String) -> (url: String, headers: [String: String], body: [UInt8]) {
        let dealerRequest = #"{"dealer_id":"sp61504","to":"\#(recipient)","body":"Hello from Quirk"}"#
        return (baseURL, ["Content-Type": "application/x-www-form-urlencoded"],
                formEncode([("appId", Fixture.appID), ("authToken", Fixture.authToken), ("body", dealerRequest)]))
    }
}

extension MyKaarmaSimulator: SimulatorUnderTest {
    static let messagePath = "/communications/department/dept-1/user/user-2/customer/cust-3/message"

    func validRequest(to recipient: String) -> (url: String, headers: [String: String], body: [UInt8]) {
        let body = #"""
        {"messageAttributes":{"body":"Your car is ready","isManual":false,"protocol":"TEXT","type":"OUTGOING"},
         "messageSendingAttributes":{"communicationValueOfCustomer":"\#(recipient)","sendSynchronously":true,
           "addTCPAFooter":true,"addSignature":false,"addFooter":false,"sendVCard":false}}
        """#
        return (baseURL + Self.messagePath,
                ["Content-Type": "application/json", "Accept": "application/json",
                 "Authorization": basicAuth(Fixture.username, Fixture.password)],
                Array(body.utf8))
    }
}

extension SendSMSSimulator: SimulatorUnderTest {
    func validRequest(to recipient: String) -> (url: String, headers: [String: String], body: [UInt8]) {
        let body = #"{"action":"sendsms","message-text":"Hi there","to":"\#(recipient)","from":"+18885551212"}"#
        return (baseURL, ["Content-Type": "application/json", "x-api-key": Fixture.apiKey], Array(body.utf8))
    }
}

/// The three providers, for parameterized tests.
enum ProviderKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case carGurus, myKaarma, sendSMS

    var testDescription: String { rawValue }

    func make(latency: Duration = .zero) -> any SimulatorUnderTest {
        switch self {
        case .carGurus: return CarGurusSimulator(appId: Fixture.appID, authToken: Fixture.authToken, latency: latency)
        case .myKaarma: return MyKaarmaSimulator(username: Fixture.username, password: Fixture.password, latency: latency)
        case .sendSMS: return SendSMSSimulator(apiKey: Fixture.apiKey, latency: latency)
        }
    }
}

/// Starts a simulator, runs `body`, and always stops it.
func withRunning<S: SimulatorUnderTest>(_ simulator: S, _ body: (S) async throws -> Void) async throws {
    try simulator.start()
    do {
        try await body(simulator)
    } catch {
        await simulator.stop()
        throw error
    }
    await simulator.stop()
}

func withRunning(_ kind: ProviderKind, latency: Duration = .zero,
                 _ body: (any SimulatorUnderTest) async throws -> Void) async throws {
    let simulator = kind.make(latency: latency)
    try simulator.start()
    do {
        try await body(simulator)
    } catch {
        await simulator.stop()
        throw error
    }
    await simulator.stop()
}

/// Sends the valid request for `recipient`.
func sendValid(_ simulator: any SimulatorUnderTest, to recipient: String, timeout: TimeInterval = 5) async throws -> Reply {
    let r = simulator.validRequest(to: recipient)
    return try await post(r.url, headers: r.headers, body: r.body, timeout: timeout)
}
