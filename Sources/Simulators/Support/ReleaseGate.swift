import Locking

/// Holds back hanging and sleeping handlers until the simulator stops, so `stop()` is bounded.
final class ReleaseGate: Sendable {
    private struct State {
        var released = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Locked(State())

    var isReleased: Bool { state.withLock { $0.released } }

    /// Returns once `release()` has been called (at once if it already was).
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { s -> Bool in
                if s.released { return true }
                s.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Sleeps for `duration`, or less if the gate is released meanwhile (checked every 50 ms).
    func sleep(_ duration: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: duration)
        while !isReleased {
            let left = clock.now.duration(to: deadline)
            if left <= .zero { return }
            try? await Task.sleep(for: min(left, .milliseconds(50)))
        }
    }

    /// Lets every waiter go, now and from now on.
    func release() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.released = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
