#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a `pthread_mutex_t`: `withLock` is the only way in.
///
/// Used instead of the standard library's `Synchronization.Mutex`, which on Linux locks with futex
/// calls ThreadSanitizer cannot see, so every access under it was reported as a data race
/// (docs/sanitizers.md). ThreadSanitizer intercepts `pthread_mutex_lock`, so races it reports here
/// are real.
public final class Locked<Value: ~Copyable>: @unchecked Sendable {  // `value` is touched only with `mutex` held
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    @usableFromInline var value: Value

    public init(_ value: consuming Value) {
        self.value = value
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock.
    @inlinable
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
