import Dispatch
import Foundation
import GRDB
import Locking

/// Group commit for message records: saves that arrive while a write transaction is running are
/// written together in the next one, so a busy gateway pays one `BEGIN IMMEDIATE`/`COMMIT` (and one
/// WAL sync) per batch instead of per record. Durability is unchanged: a save returns only after the
/// transaction holding its row has committed.
///
/// If a batch's transaction fails, each of its rows is tried again alone, so one bad row (or a
/// transient error) fails only its own save.
final class SQLiteGroupCommit: Sendable {
    /// One statement to run; `ifNoRowChanged` gives the statement to run instead when it changed no row
    /// (an update of a row that is not there).
    struct Write: Sendable {
        let sql: String
        let arguments: StatementArguments
        var ifNoRowChanged: (@Sendable () throws -> Write)? = nil
    }

    private struct Pending: Sendable {
        let write: Write
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var draining = false
        /// Rows in the last transaction written: many means saves arrive faster than transactions commit.
        var lastBatch = 0
        var counts = Counts()
    }

    /// Batches taken (one transaction each, unless it fails and its rows are retried alone) and the rows
    /// in them, since the store opened: for tests and diagnostics.
    struct Counts: Sendable, Equatable {
        var batches = 0
        var rows = 0
    }

    var counts: Counts { state.withLock { $0.counts } }

    /// At most this many rows in one transaction, so a backlog cannot make one transaction huge.
    static let maxBatch = 256
    /// Under load, the drain waits this long before it takes the next batch, so that more saves share one
    /// transaction: PostgreSQL's `commit_delay`. 500 µs measured best on 2 cores (BENCHMARKS.md "Session 6").
    static let commitDelayMicroseconds: useconds_t = 500
    /// "Under load" means the last transaction held at least this many rows (PostgreSQL's
    /// `commit_siblings`): a lone save, or a few at 1,000 msg/s, never waits; only a backlog does.
    static let commitSiblings = 4

    private let pool: DatabasePool
    private let mapError: @Sendable (any Error) -> any Error
    private let state = Locked(State())
    private let queue = DispatchQueue(label: "sms-gateway-store-group-commit")

    /// - Parameter mapError: turns a database error into the error the caller sees.
    init(pool: DatabasePool, mapError: @escaping @Sendable (any Error) -> any Error) {
        self.pool = pool
        self.mapError = mapError
    }

    /// Executes `write` in a committed transaction (shared with other saves).
    func save(_ write: Write) async throws {
        // Checked, not unsafe: ThreadSanitizer reports the unsafe continuation's resume racing with the
        // resumed task reusing the frame (three reports per run of the suite); the checked one does not.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startDraining = state.withLock { s -> Bool in
                s.pending.append(Pending(write: write, continuation: continuation))
                if s.draining { return false }
                s.draining = true
                return true
            }
            if startDraining { queue.async { self.drain() } }
        }
    }

    /// Writes batches until nothing is pending. Runs on `queue`, so on one thread at a time, and never on
    /// the Swift cooperative pool (the write blocks while SQLite syncs).
    private func drain() {
        while true {
            let underLoad = state.withLock { $0.lastBatch >= Self.commitSiblings && $0.pending.count < Self.maxBatch }
            if underLoad { usleep(Self.commitDelayMicroseconds) }
            let batch = state.withLock { s -> [Pending] in
                if s.pending.isEmpty {
                    s.draining = false
                    s.lastBatch = 0
                    return []
                }
                let taken = Array(s.pending.prefix(Self.maxBatch))
                s.pending.removeFirst(taken.count)
                s.lastBatch = taken.count
                s.counts.batches += 1
                s.counts.rows += taken.count
                return taken
            }
            if batch.isEmpty { return }
            do {
                try Self.transaction(pool) { db in
                    for item in batch { try Self.execute(item.write, in: db) }
                }
                for item in batch { item.continuation.resume() }
            } catch {
                if batch.count == 1 {
                    batch[0].continuation.resume(throwing: mapError(error))
                    continue
                }
                for item in batch {
                    do {
                        try Self.transaction(pool) { db in try Self.execute(item.write, in: db) }
                        item.continuation.resume()
                    } catch {
                        item.continuation.resume(throwing: mapError(error))
                    }
                }
            }
        }
    }

    /// `pool.write` with the transaction's `BEGIN IMMEDIATE` and `COMMIT` as cached statements: GRDB
    /// parses both anew for every transaction, which was a third of the group commit's CPU when
    /// batches are small (perf, BENCHMARKS.md "Session 6"). Rolls back and rethrows on any failure.
    private static func transaction(_ pool: DatabasePool, _ body: (Database) throws -> Void) throws {
        try pool.writeWithoutTransaction { db in
            try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
            do {
                try body(db)
                try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
            } catch {
                if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK TRANSACTION").execute() }
                throw error
            }
        }
    }

    private static func execute(_ write: Write, in db: Database) throws {
        try db.cachedStatement(sql: write.sql).execute(arguments: write.arguments)
        if let instead = write.ifNoRowChanged, db.changesCount == 0 {
            try execute(instead(), in: db)
        }
    }
}
