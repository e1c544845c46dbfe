import HTTPServer

/// A fake myKaarma communications API (see `MyKaarmaWire` for what it checks): answers on
/// `POST /communications/department/{d}/user/{u}/customer/{c}/message`, behaviour chosen by
/// `communicationValueOfCustomer` (see `Scenarios`).
public final class MyKaarmaSimulator: Sendable {
    private let engine: SimulatorEngine<MyKaarmaWire>

    /// - Parameters:
    ///   - username, password: the Basic credentials it accepts (others: HTTP 401).
    ///   - port: 0 picks a free port.
    ///   - latency: added before every answer.
    ///   - authenticateChallenge: send `WWW-Authenticate: Basic` with the 401, as many servers do.
    ///     Off by default: Linux URLSession without a delegate never completes such a request.
    public init(username: String, password: String, host: String = "127.0.0.1", port: Int = 0, latency: Duration = .zero,
                authenticateChallenge: Bool = false) {
        engine = SimulatorEngine(wire: MyKaarmaWire(username: username, password: password,
                                                    authenticateChallenge: authenticateChallenge),
                                 host: host, port: port, latency: latency)
    }

    /// Binds and starts answering.
    public func start() throws { try engine.start() }
    /// Stops: hanging requests are reset, then the server shuts down.
    public func stop() async { await engine.stop() }
    /// The bound port.
    public var port: Int { engine.port }
    /// The base URL, `http://127.0.0.1:PORT`.
    public var baseURL: String { engine.origin }

    /// Every request received, in order.
    public var received: [ReceivedRequest] { engine.log.received }
    /// How many requests were received.
    public var requestCount: Int { engine.log.count }
    /// Forgets the received requests (scripts stay).
    public func reset() { engine.log.clearReceived() }
    /// Scripts a behaviour for a recipient, overriding `Scenarios`.
    public func script(_ recipient: String, _ behaviour: SimulatedBehaviour) { engine.log.script(recipient, behaviour) }
    /// Removes every scripted behaviour.
    public func clearScripts() { engine.log.clearScripts() }
}
