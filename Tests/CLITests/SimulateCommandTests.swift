import Foundation
import Simulators
import Testing

/// `sms-gateway simulate`: the three simulators in their own process, as the load scripts run them.
@Suite("sms-gateway simulate as a process", .serialized)
struct SimulateCommandTests {
    struct Ready: Decodable {
        var cargurus_port: Int
        var mykaarma_port: Int
        var sendsms_port: Int
        var cargurus_url: String
        var mykaarma_base_url: String
        var sendsms_url: String
        var cargurus_app_id: String
        var sendsms_api_key: String
    }

    static let demo = SimulatorSuite.Credentials.demo

    /// Starts the process and reads its ready line (nil if it never came).
    static func start(_ extra: [String] = []) async throws -> (GatewayProcessHarness, Ready?) {
        let process = try GatewayProcessHarness(arguments: ["simulate"] + extra, config: nil)
        guard let line = await process.waitForLine(containing: "\"sendsms_port\"") else { return (process, nil) }
        return (process, try? JSONDecoder().decode(Ready.self, from: Data(line.utf8)))
    }

    static func form(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { ($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "="
            + ($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") }.joined(separator: "&")
    }

    static func json(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    @Test("answers each provider's wire format with the demo credentials, then exits 0 on SIGTERM")
    func answersEveryProviderAndStopsOnSIGTERM() async throws {
        let (process, ready) = try await Self.start()
        do {
            let sim = try #require(ready, "no ready line; output: \(process.output)")
            #expect(Set([sim.cargurus_port, sim.mykaarma_port, sim.sendsms_port]).count == 3)
            #expect(sim.cargurus_url == "http://127.0.0.1:\(sim.cargurus_port)/Cars/api/1.0/dealerSMSRequest.action")
            #expect(sim.cargurus_app_id == Self.demo.carGurusAppID && sim.sendsms_api_key == Self.demo.sendSMSAPIKey)

            // CarGurus: form body carrying the DealerSMSRequest JSON.
            let cgBody = Self.form([("appId", Self.demo.carGurusAppID), ("authToken", Self.demo.carGurusAuthToken),
                                    ("body", #"{"dealer_id":"sp61504","to":"+15551234567","body":"Hello"}"#)])
            let cg = try await http("POST", sim.cargurus_url,
                                    headers: ["Content-Type": "application/x-www-form-urlencoded"], body: cgBody)
            #expect(cg.status == 200)
            let cgJSON = try #require(Self.json(cg.body), "\(cg.body)")
            #expect(cgJSON["success"] as? Bool == true)
            #expect((cgJSON["sid"] as? String)?.hasPrefix("MM") == true)

            // A scripted recipient works across the process boundary too: CarGurus 113.
            let optedOut = Self.form([("appId", Self.demo.carGurusAppID), ("authToken", Self.demo.carGurusAuthToken),
                                      ("body", #"{"dealer_id":"sp61504","to":"\#(Scenarios.carGurus113.recipient)","body":"Hi"}"#)])
            let cg113 = try await http("POST", sim.cargurus_url,
                                       headers: ["Content-Type": "application/x-www-form-urlencoded"], body: optedOut)
            let error = try #require(Self.json(cg113.body)?["error"] as? [String: Any], "\(cg113.body)")
            #expect(error["error_code"] as? Int == 113)

            // myKaarma: JSON with HTTP Basic auth.
            let basic = Data("\(Self.demo.myKaarmaUsername):\(Self.demo.myKaarmaPassword)".utf8).base64EncodedString()
            let mkBody = #"""
            {"messageAttributes":{"body":"Your car is ready","isManual":false,"protocol":"TEXT","type":"OUTGOING"},
             "messageSendingAttributes":{"communicationValueOfCustomer":"+15551234568","sendSynchronously":true,
               "addTCPAFooter":true,"addSignature":false,"addFooter":false,"sendVCard":false}}
            """#
            let mk = try await http(
                "POST", sim.mykaarma_base_url + "/communications/department/dept-1/user/user-2/customer/cust-3/message",
                headers: ["Content-Type": "application/json", "Accept": "application/json", "Authorization": "Basic \(basic)"],
                body: mkBody)
            #expect(mk.status == 200)
            let mkJSON = try #require(Self.json(mk.body), "\(mk.body)")
            #expect(mkJSON["status"] as? String == "SUCCESS")
            #expect((mkJSON["messageUUID"] as? String)?.isEmpty == false)

            // sendsms: JSON with x-api-key.
            let ss = try await http("POST", sim.sendsms_url,
                                    headers: ["Content-Type": "application/json", "x-api-key": Self.demo.sendSMSAPIKey],
                                    body: #"{"action":"sendsms","message-text":"Hi there","to":"+15551234569","from":"+18885551212"}"#)
            #expect(ss.status == 200)
            let ssJSON = try #require(Self.json(ss.body), "\(ss.body)")
            #expect((ssJSON["status"] as? String)?.lowercased() == "success")
            #expect((ssJSON["tracking-id"] as? String)?.isEmpty == false)

            // A wrong credential gets the provider's own refusal.
            let refused = try await http("POST", sim.sendsms_url,
                                         headers: ["Content-Type": "application/json", "x-api-key": "wrong"],
                                         body: #"{"action":"sendsms","message-text":"Hi","to":"+15551234569","from":"+18885551212"}"#)
            #expect(refused.status == 401)
            #expect(Self.json(refused.body)?["error-code"] as? String == "E101")

            process.signal(SIGTERM)
            #expect(await process.waitForExit(timeout: .seconds(20)) == 0)
        } catch {
            await process.stop()
            throw error
        }
        await process.stop()
    }

    @Test("--base-port puts the simulators on three consecutive ports; --latency-ms delays answers")
    func basePortAndLatency() async throws {
        // A port that was free a moment ago; the three after it are very likely free too.
        let base = try Self.freePortBelow(60_000)
        let (process, ready) = try await Self.start(["--base-port", "\(base)", "--latency-ms", "300"])
        do {
            let sim = try #require(ready, "no ready line; output: \(process.output)")
            let ports: [Int] = [sim.cargurus_port, sim.mykaarma_port, sim.sendsms_port]
            #expect(ports == [base, base + 1, base + 2])
            let started = ContinuousClock.now
            let ss = try await http("POST", sim.sendsms_url,
                                    headers: ["Content-Type": "application/json", "x-api-key": Self.demo.sendSMSAPIKey],
                                    body: #"{"action":"sendsms","message-text":"Hi","to":"+15551234569","from":"+18885551212"}"#)
            #expect(ss.status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            process.signal(SIGINT)
            #expect(await process.waitForExit(timeout: .seconds(20)) == 0)
        } catch {
            await process.stop()
            throw error
        }
        await process.stop()
    }

    @Test("a negative latency is refused before anything starts")
    func rejectsNegativeLatency() async throws {
        let process = try GatewayProcessHarness(arguments: ["simulate", "--latency-ms", "-5"], config: nil)
        let status = await process.waitForExit(timeout: .seconds(20))
        await process.stop()
        #expect(status != nil && status != 0)
    }

    /// A loopback port the kernel just handed out, with the next two also bindable.
    static func freePortBelow(_ limit: Int) throws -> Int {
        for _ in 0..<20 {
            let port = try bindable(0)
            if port < limit, (try? bindable(port + 1)) != nil, (try? bindable(port + 2)) != nil { return port }
        }
        throw POSIXError(.EADDRINUSE)
    }

    private static func bindable(_ port: Int) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
