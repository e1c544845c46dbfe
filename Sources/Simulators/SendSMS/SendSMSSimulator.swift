import HTTPServer

/// A fake sendsms JSON API (see `SendSMSWire` for what it checks): answers on `POST /api`,
/// behaviour chosen by `to` (see `Scenarios`).
public final class SendSMSSimulator: Sendable {
    private let engine: SimulatorEngine<SendSMSWire>

    /// - Parameters:
    ///   - apiKey: the `x-api-key` it accepts (others: HTTP 401).
    ///   - port: 0 picks a free port.
    ///   - latency: added before every answer.
    public init(apiKey: String, host: String = "127.0.0.1", port: Int = 0, latency: Duration = .zero) {
        engine = SimulatorEngine(wire: SendSMSWire(apiKey: apiKey), host: host, port: port, latency: latency)
    }

    /// Binds and starts answering.
    public func start() throws { try engine.start() }
    /// Stops: hanging requests are reset, then the server shuts down.
    public func stop() async { await engine.stop() }
    /// The bound port.
    public var port: Int { engine.port }
    /// The endpoint URL, `http://127.0.0.1:PORT/api`.
    public var baseURL: String { engine.origin + SendSMSWire.path }

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
