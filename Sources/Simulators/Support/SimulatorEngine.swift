import HTTPServer
import HTTPTypes

/// What the three simulators share: the server, the record of requests, scripted behaviours,
/// latency, and acting out slow answers, hangs and resets.
final class SimulatorEngine<Wire: ProviderWire>: Sendable {
    let log = RequestLog()
    private let gate = ReleaseGate()
    private let server: HTTPServer

    init(wire: Wire, host: String, port: Int, latency: Duration) {
        var configuration = HTTPServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.maxBodyBytes = 1 << 20
        let log = self.log
        let gate = self.gate
        server = HTTPServer(configuration: configuration) { request in
            await SimulatorEngine.handle(request, wire: wire, latency: latency, log: log, gate: gate)
        }
    }

    func start() throws { try server.start() }

    var port: Int { server.port }

    /// `http://HOST:PORT`, with 127.0.0.1 for a wildcard host.
    var origin: String {
        let host = server.configuration.host
        switch host {
        case "", "0.0.0.0": return "http://127.0.0.1:\(port)"
        case "::": return "http://[::1]:\(port)"
        default: return host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
        }
    }

    /// Releases hanging and sleeping handlers, then shuts the server down.
    func stop() async {
        gate.release()
        await server.shutdown(gracePeriod: .milliseconds(500))
    }

    // Static so the server's handler does not capture the engine that owns the server.
    private static func handle(_ request: HTTPServerRequest, wire: Wire, latency: Duration,
                               log: RequestLog, gate: ReleaseGate) async -> HTTPServerResponse {
        log.record(ReceivedRequest(method: request.method, path: request.target,
                                   headers: request.headerFields, body: request.body))
        if latency > .zero { await gate.sleep(latency) }

        switch wire.check(request) {
        case .rejected(let response):
            return response
        case .accepted(let accepted, let recipient):
            let behaviour = recipient.map(log.behaviour(for:)) ?? .success
            switch behaviour {
            case .slow(let duration):
                await gate.sleep(duration)
                return wire.answer(.success, to: accepted)
            case .hang:
                await gate.wait()
                return .reset
            case .reset:
                return .reset
            default:
                return wire.answer(behaviour, to: accepted)
            }
        }
    }
}
