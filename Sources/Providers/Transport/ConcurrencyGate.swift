import Locking

/// At most `limit` holders at once; others wait in order, each for a bounded time.
final class ConcurrencyGate: Sendable {
    private struct State {
        var inUse = 0
        var waiters: [(id: Int, then: @Sendable (Bool) -> Void)] = []
        var nextID = 0
    }

    private let limit: Int
    private let state = Locked(State())

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Enters the gate, waiting at most `timeout`; false when the wait ran out.
    func enter(within timeout: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            enter(within: timeout) { continuation.resume(returning: $0) }
        }
    }

    /// Enters the gate and calls `then(true)`, at once when there is room, otherwise when a place
    /// is handed over; `then(false)` when `timeout` passes first. Called exactly once.
    func enter(within timeout: Duration, then: @escaping @Sendable (Bool) -> Void) {
        // Checked under the same lock that queues us, so a leave() in between is not missed.
        let id = state.withLock { s -> Int? in
            if s.inUse < limit && s.waiters.isEmpty {
                s.inUse += 1
                return nil
            }
            s.nextID += 1
            s.waiters.append((s.nextID, then))
            return s.nextID
        }
        guard let id else {
            then(true)
            return
        }
        Task {
            try? await Task.sleep(for: timeout)
            let expired = state.withLock { s -> (@Sendable (Bool) -> Void)? in
                guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: index).then
            }
            expired?(false)
        }
    }

    /// Leaves the gate, handing the place to the longest waiter.
    func leave() {
        let next = state.withLock { s -> (@Sendable (Bool) -> Void)? in
            if s.waiters.isEmpty {
                s.inUse -= 1
                return nil
            }
            return s.waiters.removeFirst().then
        }
        next?(true)
    }
}
