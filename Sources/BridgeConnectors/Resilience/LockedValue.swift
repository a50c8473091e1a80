#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Bionic)
import Bionic
#endif

/// A value guarded by a mutex, for the few places that need synchronous, thread-safe state
/// (a `Clock`'s `now`, recorded requests read without `await`).
///
/// A vendored lock instead of `Synchronization.Mutex`, which needs macOS 15 / iOS 18 and would
/// raise the package's platform floor. `package` access: shared by the sibling modules
/// (`BridgeTesting`, `BridgeURLSession`), not public API.
package final class LockedValue<Value> {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// Creates a lock around `value`.
    package init(_ value: Value) {
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

    /// Runs `body` with exclusive access to the value. Never call back into the same lock from
    /// `body` (the mutex is not recursive) and never suspend inside it.
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

// Safe because every read and write of `value` happens inside `withLock`, under the mutex, and the
// value itself is `Sendable`, so nothing handed out of `withLock` can race.
extension LockedValue: @unchecked Sendable where Value: Sendable {}
