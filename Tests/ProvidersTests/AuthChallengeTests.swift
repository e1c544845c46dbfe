import Gateway
import Providers
import Simulators
import Testing

/// A provider's 401 carrying `WWW-Authenticate: Basic` must come back as a 401 (→ provider_auth_failed),
/// not hang: libcurl-backed URLSession on Linux waits forever on such a challenge without a delegate.
@Suite("Upstream authentication challenges")
struct AuthChallengeTests {
    @Test func challengedUnauthorizedAnswerIsReportedNotHung() async throws {
        let simulator = MyKaarmaSimulator(username: "right-user", password: "right-pass", authenticateChallenge: true)
        try simulator.start()
        let account = ProviderAccountConfig(
            name: "mk", type: "mykaarma", timeoutMs: 3000, maxConnections: 4,
            settings: MyKaarmaAccountSettings(baseURL: simulator.baseURL, username: "wrong-user", password: "wrong-pass"))
        let request = UpstreamRequest(
            url: simulator.baseURL + "/communications/department/d/user/u/customer/c/message",
            headers: [("Authorization", "Basic d3Jvbmc6d3Jvbmc="), ("Accept", "application/json"), ("Content-Type", "application/json")],
            body: Array("{}".utf8))
        let transport = URLSessionTransport()
        let result = await transport.send(request, account: account)
        await simulator.stop()

        guard case .success(let response) = result else {
            Issue.record("expected the 401 answer, got \(result)")
            return
        }
        #expect(response.status == 401)  // answered: a hang would have ended as .timedOut at 3 s
        let outcome = TransportErrorMapping.outcome(forStatusOf: response, provider: "mykaarma")
        guard case .failed(let error, _)? = outcome else {
            Issue.record("a 401 must map to a failure")
            return
        }
        #expect(error.code == .providerAuthFailed)
        #expect(error.providerCode == "http_401")
    }
}
