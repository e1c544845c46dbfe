import Locking

/// The requests a simulator received and the behaviours scripted for recipients; thread-safe.
final class RequestLog: Sendable {
    private struct State {
        var received: [ReceivedRequest] = []
        var scripts: [String: SimulatedBehaviour] = [:]
    }
    private let state = Locked(State())

    func record(_ request: ReceivedRequest) { state.withLock { $0.received.append(request) } }
    var received: [ReceivedRequest] { state.withLock { $0.received } }
    var count: Int { state.withLock { $0.received.count } }
    func clearReceived() { state.withLock { $0.received.removeAll() } }

    func script(_ recipient: String, _ behaviour: SimulatedBehaviour) {
        state.withLock { $0.scripts[recipient] = behaviour }
    }
    func clearScripts() { state.withLock { $0.scripts.removeAll() } }

    /// The scripted behaviour for `recipient`, else the `Scenarios` table's.
    func behaviour(for recipient: String) -> SimulatedBehaviour {
        state.withLock { $0.scripts[recipient] } ?? Scenarios.behaviour(for: recipient)
    }
}
