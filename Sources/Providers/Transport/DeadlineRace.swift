import Dispatch
import Gateway
import Locking

/// Runs an upstream call against the account's deadline on a Dispatch timer: whichever of the call
/// and the timer finishes first answers the caller, once; a timeout cancels the call's task.
///
/// Neither the timer nor the call depends on the Swift cooperative thread pool (two threads on a
/// two-core machine): the timer is a Dispatch timer and the call runs on Dispatch's global queue, so a
/// busy or blocked pool cannot make a call start late or a timeout fire late. (AsyncHTTPClient's own
/// deadline is delivered through a `Task` on that pool, and was seen firing seconds late under load.)
enum DeadlineRace {
    typealias Outcome = Result<UpstreamResponse, UpstreamFailure>

    static func run(timeout: Duration, _ operation: @escaping @Sendable () async -> Outcome) async -> Outcome {
        await withCheckedContinuation { continuation in
            let race = Race(continuation)
            let task = Task(executorPreference: DispatchGlobalExecutor.shared) { race.finish(await operation()) }
            race.arm(timeout: timeout) { task.cancel() }
        }
    }

    private final class Race: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Outcome, Never>?
            var timer: Timer?
        }

        /// Dispatch sources are thread-safe; Swift does not know it.
        private struct Timer: @unchecked Sendable {
            let source: any DispatchSourceTimer
        }

        private let state: Locked<State>

        init(_ continuation: CheckedContinuation<Outcome, Never>) {
            state = Locked(State(continuation: continuation))
        }

        /// Starts the timer unless the call already finished.
        func arm(timeout: Duration, onTimeout: @escaping @Sendable () -> Void) {
            let timer = DispatchSource.makeTimerSource(queue: .global())
            let (seconds, attoseconds) = timeout.components
            timer.schedule(deadline: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)))
            timer.setEventHandler { [self] in
                if finish(.failure(.timedOut)) { onTimeout() }
            }
            let armed = state.withLock { s -> Bool in
                guard s.continuation != nil else { return false }
                s.timer = Timer(source: timer)
                return true
            }
            if !armed {
                // The call finished first. A source is released only once resumed (a suspended one
                // traps in libdispatch), so cancel it, then resume it.
                timer.cancel()
            }
            timer.resume()
        }

        /// The first call answers the caller and stops the timer; later ones do nothing.
        @discardableResult
        func finish(_ outcome: Outcome) -> Bool {
            let (continuation, timer) = state.withLock { s in
                defer { s.continuation = nil; s.timer = nil }
                return (s.continuation, s.timer)
            }
            timer?.source.cancel()
            guard let continuation else { return false }
            continuation.resume(returning: outcome)
            return true
        }
    }
}

/// Runs tasks' jobs on Dispatch's global concurrent queue rather than the cooperative pool.
final class DispatchGlobalExecutor: TaskExecutor {
    static let shared = DispatchGlobalExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        DispatchQueue.global().async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
