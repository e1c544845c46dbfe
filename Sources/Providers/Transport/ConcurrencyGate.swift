import Locking

/// At most `limit` holders at once; others wait in order, each for a bounded time.
final class ConcurrencyGate: Sendable {
    private struct State {
        var inUse = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextID = 0
    }

    private let limit: Int
    private let state = Locked(State())

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Enters the gate, waiting at most `timeout`; false when the wait ran out.
    func enter(within timeout: Duration) async -> Bool {
        let entered = state.withLock { s -> Bool in
            guard s.inUse < limit && s.waiters.isEmpty else { return false }
            s.inUse += 1
            return true
        }
        if entered { return true }
        return await withCheckedContinuation { continuation in
            // Checked again under the same lock that queues us, so a leave() in between is not missed.
            let id = state.withLock { s -> Int? in
                if s.inUse < limit && s.waiters.isEmpty {
                    s.inUse += 1
                    return nil
                }
                s.nextID += 1
                s.waiters.append((s.nextID, continuation))
                return s.nextID
            }
            guard let id else {
                continuation.resume(returning: true)
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                let expired = state.withLock { s -> CheckedContinuation<Bool, Never>? in
                    guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return s.waiters.remove(at: index).continuation
                }
                expired?.resume(returning: false)
            }
        }
    }

    /// Leaves the gate, handing the place to the longest waiter.
    func leave() {
        let next = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            if s.waiters.isEmpty {
                s.inUse -= 1
                return nil
            }
            return s.waiters.removeFirst().continuation
        }
        next?.resume(returning: true)
    }
}
