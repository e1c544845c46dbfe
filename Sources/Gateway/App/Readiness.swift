import Locking

/// Why the gateway is or is not ready (`/readyz`).
public final class Readiness: Sendable {
    private let state = Locked<(configLoaded: Bool, draining: Bool)>((true, false))

    public init() {}

    /// Set on SIGTERM/SIGINT: `/readyz` answers 503 from then on.
    public func beginDraining() { state.withLock { $0.draining = true } }

    public var isDraining: Bool { state.withLock { $0.draining } }

    public func setConfigLoaded(_ loaded: Bool) { state.withLock { $0.configLoaded = loaded } }

    /// Nil when ready; otherwise the reason.
    func notReadyReason(storeUsable: Bool) -> String? {
        let s = state.withLock { $0 }
        if s.draining { return "The gateway is draining for shutdown." }
        if !s.configLoaded { return "No configuration is loaded." }
        if !storeUsable { return "The message store cannot be written." }
        return nil
    }
}
