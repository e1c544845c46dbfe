import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The three provider simulators in a child process of their own (`sms-gateway demo`, which serves
/// them on the ports its configuration names), so a fault drill can kill or freeze a provider for
/// real: SIGKILL makes the kernel close every connection mid-request, SIGSTOP leaves connections
/// accepted by the kernel and never answered.
final class ProviderSimulatorProcess: Sendable {
    static let carGurusAppID = "drill-app"
    static let carGurusAuthToken = "drill-auth-token"
    static let myKaarmaUsername = "drill-user"
    static let myKaarmaPassword = "drill-pass"
    static let sendSMSAPIKey = "drill-api-key"

    /// The simulators' ports: CarGurus, myKaarma, sendsms.
    let ports: (carGurus: Int, myKaarma: Int, sendSMS: Int)
    let harness: GatewayProcessHarness

    private init(ports: (carGurus: Int, myKaarma: Int, sendSMS: Int), harness: GatewayProcessHarness) {
        self.ports = ports
        self.harness = harness
    }

    /// Starts the simulators on `ports` (fresh free ports when nil) and waits until they listen.
    static func start(ports: (carGurus: Int, myKaarma: Int, sendSMS: Int)? = nil) async throws -> ProviderSimulatorProcess {
        let chosen = try ports ?? (FreePort.pick(), FreePort.pick(), FreePort.pick())
        let harness = try GatewayProcessHarness(arguments: ["demo"], config: demoConfig(ports: chosen))
        // The demo's own gateway logs "listening" once the simulators are up.
        guard await harness.waitForPort() != nil else {
            let output = harness.output.joined(separator: "\n")
            await harness.stop()
            throw FreePort.Failure(description: "the simulator process did not start: \(output)")
        }
        return ProviderSimulatorProcess(ports: chosen, harness: harness)
    }

    var pid: Int32 { harness.process.processIdentifier }

    /// SIGKILL, then waits for the process to be gone.
    func kill() async {
        harness.signal(SIGKILL)
        _ = await harness.waitForExit(timeout: .seconds(10))
    }

    func freeze() { harness.signal(SIGSTOP) }
    func thaw() { harness.signal(SIGCONT) }

    /// Stops the process whatever its state (a frozen one is thawed first) and removes its folder.
    func stop() async {
        thaw()
        await harness.stop()
    }

    var carGurusURL: String { "http://127.0.0.1:\(ports.carGurus)/Cars/api/1.0/dealerSMSRequest.action" }
    var myKaarmaURL: String { "http://127.0.0.1:\(ports.myKaarma)" }
    var sendSMSURL: String { "http://127.0.0.1:\(ports.sendSMS)/api" }

    /// Provider account lines (YAML, two-space indent under `providers:`) for this process's
    /// simulators, named `<type>-<suffix>`.
    func accounts(suffix: String, timeoutMs: Int) -> String {
        """
          cargurus-\(suffix): {type: cargurus, url: "\(carGurusURL)", app_id: "\(Self.carGurusAppID)", auth_token: "\(Self.carGurusAuthToken)", timeout_ms: \(timeoutMs)}
          mykaarma-\(suffix): {type: mykaarma, base_url: "\(myKaarmaURL)", username: "\(Self.myKaarmaUsername)", password: "\(Self.myKaarmaPassword)", timeout_ms: \(timeoutMs)}
          sendsms-\(suffix): {type: sendsms, url: "\(sendSMSURL)", api_key: "\(Self.sendSMSAPIKey)", timeout_ms: \(timeoutMs)}
        """
    }

    /// The demo's configuration: its gateway on a free port, one account per simulator.
    private static func demoConfig(ports: (carGurus: Int, myKaarma: Int, sendSMS: Int)) -> String {
        """
        server:
          host: "127.0.0.1"
          port: 0
        clients:
          - name: "demo"
            token: "drill-demo-token"
            dealers: ["*"]
        providers:
          cargurus: {type: cargurus, url: "http://127.0.0.1:\(ports.carGurus)/Cars/api/1.0/dealerSMSRequest.action", app_id: "\(carGurusAppID)", auth_token: "\(carGurusAuthToken)"}
          mykaarma: {type: mykaarma, base_url: "http://127.0.0.1:\(ports.myKaarma)", username: "\(myKaarmaUsername)", password: "\(myKaarmaPassword)"}
          sendsms: {type: sendsms, url: "http://127.0.0.1:\(ports.sendSMS)/api", api_key: "\(sendSMSAPIKey)"}
        dealers:
          cg: {provider: cargurus, cargurus_dealer_id: "sp61504"}
          mk: {provider: mykaarma, department_uuid: "d1", user_uuid: "u1"}
          ss: {provider: sendsms, from: "+18885551212"}
        """
    }
}

/// A loopback port that was free a moment ago (bound to port 0, read, closed), for a child process
/// that must listen on a port named in its configuration.
enum FreePort {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func pick() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "bind: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
