import ArgumentParser
import Dispatch
import Foundation
import Simulators
#if canImport(Glibc)
import Glibc
#endif

/// The three provider simulators alone, in their own process (for load tests against `serve`):
/// prints one JSON line with the ports and credentials when ready, then runs until SIGTERM/SIGINT.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the CarGurus, myKaarma and sendsms simulators (demo credentials) until SIGTERM/SIGINT.",
        discussion: """
            Prints one JSON line when listening, e.g. {"cargurus_port":18081,...}. Recipient numbers \
            +1555010XXXX select scripted behaviours (Sources/Simulators/Scenarios.swift). Each simulator \
            accepts up to 10,000 connections at once (the HTTP server's default).
            """)

    @Option(name: .long, help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "CarGurus at this port, myKaarma at +1, sendsms at +2 (0: three free ports).")
    var basePort: Int = 0

    @Option(name: .customLong("cargurus-port"), help: "CarGurus port (overrides --base-port; 0: a free port).")
    var carGurusPort: Int?

    @Option(name: .customLong("mykaarma-port"), help: "myKaarma port (overrides --base-port; 0: a free port).")
    var myKaarmaPort: Int?

    @Option(name: .customLong("sendsms-port"), help: "sendsms port (overrides --base-port; 0: a free port).")
    var sendSMSPort: Int?

    @Option(name: .long, help: "Added before every answer, in milliseconds.")
    var latencyMs: Int = 0

    func validate() throws {
        for (name, port) in [("--base-port", basePort), ("--cargurus-port", carGurusPort ?? 0),
                             ("--mykaarma-port", myKaarmaPort ?? 0), ("--sendsms-port", sendSMSPort ?? 0)]
        where !(0...65535).contains(port) {
            throw ValidationError("\(name) must be 0...65535")
        }
        if basePort > 65533 { throw ValidationError("--base-port must leave room for three ports") }
        if latencyMs < 0 { throw ValidationError("--latency-ms must not be negative") }
    }

    /// The three ports asked for: explicit ones, else base, base+1, base+2, else 0.
    var requestedPorts: (carGurus: Int, myKaarma: Int, sendSMS: Int) {
        let base = basePort
        return (carGurusPort ?? base, myKaarmaPort ?? (base == 0 ? 0 : base + 1), sendSMSPort ?? (base == 0 ? 0 : base + 2))
    }

    func run() async throws {
        let ports = requestedPorts
        let suite = SimulatorSuite(host: host, carGurusPort: ports.carGurus, myKaarmaPort: ports.myKaarma,
                                   sendSMSPort: ports.sendSMS, latency: .milliseconds(latencyMs))
        do {
            try await suite.start()
        } catch {
            FileHandle.standardError.write(Data("sms-gateway simulate: cannot listen: \(error)\n".utf8))
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data((Self.readyLine(suite) + "\n").utf8))  // unbuffered: readers wait for it
        await Self.waitForStopSignal()
        await suite.stop()
    }

    /// One JSON object: the ports, the URLs a gateway config needs, and the accepted credentials.
    static func readyLine(_ suite: SimulatorSuite) -> String {
        let c = suite.credentials
        let fields: [String: Any] = [
            "cargurus_port": suite.carGurus.port, "mykaarma_port": suite.myKaarma.port, "sendsms_port": suite.sendSMS.port,
            "cargurus_url": suite.carGurus.baseURL, "mykaarma_base_url": suite.myKaarma.baseURL,
            "sendsms_url": suite.sendSMS.baseURL,
            "cargurus_app_id": c.carGurusAppID, "cargurus_auth_token": c.carGurusAuthToken,
            "mykaarma_username": c.myKaarmaUsername, "mykaarma_password": c.myKaarmaPassword,
            "sendsms_api_key": c.sendSMSAPIKey,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Returns on the first SIGTERM or SIGINT.
    static func waitForStopSignal() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let sources = Signals(queue: DispatchQueue(label: "simulate.signals"))
            sources.once([SIGTERM, SIGINT]) {
                sources.cancelAll()
                done.resume()
            }
        }
    }
}
