import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import Simulators

@Suite struct MyKaarmaSimulatorTests {
    let simulator = MyKaarmaSimulator(username: Fixture.username, password: Fixture.password)

    private func expectFailure(_ reply: Reply, status: Int, code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == status, sourceLocation: sourceLocation)
        #expect(reply.json?["status"] == "FAILURE", sourceLocation: sourceLocation)
        #expect(reply.json?["errors"]?.arrayValue?.first?["errorCode"] == .string(code), sourceLocation: sourceLocation)
        #expect(reply.json?["errors"]?.arrayValue?.first?["errorUID"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(reply.json?["warnings"] == [], sourceLocation: sourceLocation)
    }

    @Test func successIsTheFullShapeAndTheExactRequestRecorded() async throws {
        try await withRunning(simulator) { sim in
            #expect(sim.baseURL == "http://127.0.0.1:\(sim.port)")
            let r = sim.validRequest(to: Fixture.recipient)
            let reply = try await post(r.url, headers: r.headers, body: r.body)
            #expect(reply.status == 200)
            let json = try #require(reply.json)
            #expect(json["status"] == "SUCCESS")
            #expect(json["messageUUID"]?.stringValue?.isEmpty == false)
            #expect(json["requestUUID"]?.stringValue?.isEmpty == false)
            #expect(json["customerUUID"] == "cust-3")
            #expect(json["errors"] == [])
            #expect(json["warnings"] == [])

            let got = try #require(sim.received.first)
            #expect(sim.requestCount == 1)
            #expect(got.method == .post)
            #expect(got.path == MyKaarmaSimulator.messagePath)
            #expect(got.headers[.authorization] == basicAuth(Fixture.username, Fixture.password))
            #expect(got.headers[.accept] == "application/json")
            #expect(got.body == r.body)
        }
    }

    @Test func percentEncodedSegmentsAreAccepted() async throws {
        try await withRunning(simulator) { sim in
            let r = sim.validRequest(to: Fixture.recipient)
            let url = sim.baseURL + "/communications/department/d%20one/user/u%2F2/customer/c3/message"
            let reply = try await post(url, headers: r.headers, body: r.body)
            #expect(reply.json?["status"] == "SUCCESS")
            #expect(sim.received.first?.path == "/communications/department/d%20one/user/u%2F2/customer/c3/message")
        }
    }

    @Test func wrongOrMissingCredentialsAre401WithTheErrorShape() async throws {
        try await withRunning(simulator) { sim in
            var r = sim.validRequest(to: Fixture.recipient)
            r.headers["Authorization"] = basicAuth(Fixture.username, "wrong")
            let wrong = try await post(r.url, headers: r.headers, body: r.body)
            expectFailure(wrong, status: 401, code: "UNAUTHORIZED")
            #expect(wrong.header("www-authenticate") == nil)
            r.headers["Authorization"] = nil
            expectFailure(try await post(r.url, headers: r.headers, body: r.body), status: 401, code: "UNAUTHORIZED")
            r.headers["Authorization"] = "Bearer abc"
            expectFailure(try await post(r.url, headers: r.headers, body: r.body), status: 401, code: "UNAUTHORIZED")
        }
    }

    /// The exact header a client makes is checked first; any other spelling of the same credentials
    /// (RFC 7617: the scheme is case-insensitive) still goes through the full decoding and is accepted.
    @Test func otherSpellingsOfTheRightCredentialsAreAccepted() async throws {
        try await withRunning(simulator) { sim in
            var r = sim.validRequest(to: Fixture.recipient)
            let encoded = try #require(basicAuth(Fixture.username, Fixture.password).split(separator: " ").last)
            for spelling in ["basic \(encoded)", "BASIC  \(encoded) "] {
                r.headers["Authorization"] = spelling
                let reply = try await post(r.url, headers: r.headers, body: r.body)
                #expect(reply.status == 200, "\(spelling)")
                #expect(reply.json?["status"] == "SUCCESS", "\(spelling)")
            }
            r.headers["Authorization"] = "basic " + Data("\(Fixture.username)x:\(Fixture.password)".utf8).base64EncodedString()
            expectFailure(try await post(r.url, headers: r.headers, body: r.body), status: 401, code: "UNAUTHORIZED")
        }
    }

    @Test(arguments: [
        "not json",
        #"{"messageSendingAttributes":{}}"#,
        #"{"messageAttributes":{"body":"","protocol":"TEXT","type":"OUTGOING"}}"#,
        #"{"messageAttributes":{"body":"x","protocol":"SMS","type":"OUTGOING"}}"#,
        #"{"messageAttributes":{"body":"x","protocol":"TEXT","type":"INCOMING"}}"#,
        #"{"messageAttributes":{"body":"x","isManual":"no","protocol":"TEXT","type":"OUTGOING"}}"#,
        #"{"messageAttributes":{"body":"x","protocol":"TEXT","type":"OUTGOING","extra":1}}"#,
        #"{"messageAttributes":{"body":"x","protocol":"TEXT","type":"OUTGOING"},"messageSendingAttributes":{"addTCPAFooter":1}}"#,
        #"{"messageAttributes":{"body":"x","protocol":"TEXT","type":"OUTGOING"},"messageSendingAttributes":{"addfooter":true}}"#,
    ])
    func malformedBodyIs400WithErrors(body: String) async throws {
        try await withRunning(simulator) { sim in
            let r = sim.validRequest(to: Fixture.recipient)
            expectFailure(try await post(r.url, headers: r.headers, body: Array(body.utf8)), status: 400, code: "INVALID_REQUEST")
        }
    }

    @Test func invalidPhoneNumberIs400() async throws {
        try await withRunning(simulator) { sim in
            let r = sim.validRequest(to: "5551234567")
            expectFailure(try await post(r.url, headers: r.headers, body: r.body), status: 400, code: "INVALID_COMMUNICATION_VALUE")
        }
    }

    @Test func transportChecks() async throws {
        try await withRunning(simulator) { sim in
            var r = sim.validRequest(to: Fixture.recipient)
            let wrongPath = try await post(sim.baseURL + "/communications/department/d/user/u/message", headers: r.headers, body: r.body)
            expectFailure(wrongPath, status: 404, code: "NOT_FOUND")
            r.headers["Content-Type"] = "text/plain"
            expectFailure(try await post(r.url, headers: r.headers, body: r.body), status: 415, code: "UNSUPPORTED_MEDIA_TYPE")
            r.headers["Content-Type"] = "application/json; charset=utf-8"
            r.headers["Accept"] = "text/html"
            expectFailure(try await post(r.url, headers: r.headers, body: r.body), status: 406, code: "NOT_ACCEPTABLE")
        }
    }

    @Test func failureWithErrors() async throws {
        try await withRunning(simulator) { sim in
            let json = try #require(try await sendValid(sim, to: Scenarios.myKaarmaFailure.recipient).json)
            #expect(json["status"] == "FAILURE")
            #expect(json["errors"]?.arrayValue?.first?["errorCode"] == "INVALID_COMMUNICATION_VALUE")
            #expect(json["errors"]?.arrayValue?.first?["errorDescription"] == "Phone number is not valid for this customer")
            #expect(json["messageUUID"] == nil)
        }
    }

    @Test func failureWithoutErrors() async throws {
        try await withRunning(simulator) { sim in
            let reply = try await sendValid(sim, to: Scenarios.myKaarmaFailureWithoutErrors.recipient)
            #expect(reply.status == 200)
            #expect(reply.json?["status"] == "FAILED")
            #expect(reply.json?["errors"] == [])
        }
    }

    @Test func successWithErrors() async throws {
        try await withRunning(simulator) { sim in
            let json = try #require(try await sendValid(sim, to: Scenarios.myKaarmaSuccessWithErrors.recipient).json)
            #expect(json["status"] == "SUCCESS")
            #expect(json["errors"]?.arrayValue?.first?["errorCode"] == "CUSTOMER_OPTED_OUT")
        }
    }

    @Test func successWithWarnings() async throws {
        try await withRunning(simulator) { sim in
            let json = try #require(try await sendValid(sim, to: Scenarios.myKaarmaWarnings.recipient).json)
            #expect(json["status"] == "SUCCESS")
            #expect(json["messageUUID"]?.stringValue != nil)
            #expect(json["errors"] == [])
            #expect(json["warnings"] == [["warningCode": "SIGNATURE_NOT_FOUND",
                                          "warningDescription": "No signature configured; sent without it"]])
        }
    }

    @Test func successWithoutMessageUUID() async throws {
        try await withRunning(simulator) { sim in
            let json = try #require(try await sendValid(sim, to: Scenarios.myKaarmaNoMessageUUID.recipient).json)
            #expect(json["status"] == "SUCCESS")
            #expect(json["messageUUID"] == nil)
            #expect(json["requestUUID"]?.stringValue != nil)
        }
    }

    @Test func http401HasTheErrorShape() async throws {
        try await withRunning(simulator) { sim in
            expectFailure(try await sendValid(sim, to: Scenarios.http401.recipient), status: 401, code: "HTTP_401")
        }
    }

    @Test func authenticateChallengeIsOptIn() async throws {
        let sim = MyKaarmaSimulator(username: Fixture.username, password: Fixture.password, authenticateChallenge: true)
        try await withRunning(sim) { sim in
            var r = sim.validRequest(to: Fixture.recipient)
            r.headers["Authorization"] = nil
            let url = try #require(URL(string: r.url))
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.timeoutInterval = 5
            for (name, value) in r.headers { request.setValue(value, forHTTPHeaderField: name) }
            request.httpBody = Data(r.body)
            // Linux URLSession only completes a challenged 401 when a delegate answers the challenge.
            let delegate = ChallengeCanceller()
            let session = URLSession(configuration: .ephemeral, delegate: delegate, delegateQueue: nil)
            defer { session.finishTasksAndInvalidate() }
            await #expect(throws: URLError.self) { _ = try await session.data(for: request) }
            #expect(delegate.methods == [NSURLAuthenticationMethodHTTPBasic])
        }
    }
}

/// Cancels every authentication challenge and remembers its method.
private final class ChallengeCanceller: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []
    var methods: [String] { lock.withLock { seen } }

    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        lock.withLock { seen.append(challenge.protectionSpace.authenticationMethod) }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}
