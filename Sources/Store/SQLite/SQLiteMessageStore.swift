import Foundation
import GRDB

/// Message records and idempotency keys in one SQLite file (GRDB `DatabasePool`, WAL mode).
///
/// Several gateway processes may open the same file: every write is one `BEGIN IMMEDIATE` transaction and
/// waits up to `busyTimeout` for another process's write lock, so an idempotency claim has exactly one winner
/// across processes. Dates are kept to the millisecond (rounded to the nearest), the precision the API renders.
/// The message body is never stored.
public final class SQLiteMessageStore: MessageStore, IdempotencyStore {
    /// The database file's path, as given.
    public let path: String
    let pool: DatabasePool
    /// The file that was opened: if the path later names another file (or none), the store is not usable.
    private let openedFile: SQLiteFileSystem.FileIdentity
    /// Message records are written with group commit (concurrent saves share a transaction).
    private let records: SQLiteGroupCommit
    /// How many batches the group commit has written, and how many records in them (tests, diagnostics).
    var groupCommitCounts: SQLiteGroupCommit.Counts { records.counts }

    /// Opens (creating if needed) the database at `path`, creating its folder and missing parents, and
    /// migrates it to the current schema.
    ///
    /// - Parameter busyTimeout: how long a write waits for another connection's write lock (seconds).
    /// - Throws: `StoreError` naming the path and the reason when the folder cannot be created or the file
    ///   cannot be opened, migrated or written.
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        guard !path.isEmpty else { throw StoreError("the SQLite database path is empty") }
        self.path = path
        let folder = SQLiteFileSystem.folder(of: path)
        try SQLiteFileSystem.createFolder(folder, forDatabase: path)
        try SQLiteFileSystem.checkWritable(folder: folder, forDatabase: path)
        switch SQLiteFileSystem.kind(of: path) {
        case .directory:
            throw StoreError("cannot open the SQLite database \"\(path)\": it is a folder, not a file")
        case .other:
            throw StoreError("cannot open the SQLite database \"\(path)\": it is not a regular file")
        case .unreachable(let code):
            throw StoreError("cannot open the SQLite database \"\(path)\": \(SQLiteFileSystem.reason(code))")
        case .missing, .regularFile:
            break
        }

        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "sms-gateway-store"
        do {
            pool = try Self.openPool(path: path, configuration: configuration)
        } catch {
            throw StoreError("cannot open the SQLite database \"\(path)\": \(Self.reason(error))")
        }
        do {
            try Self.commitDurably(pool)
            try Self.migrate(pool)
            try Self.writeHeartbeat(pool)
        } catch {
            throw StoreError("cannot write the SQLite database \"\(path)\": \(Self.reason(error))")
        }
        guard case .regularFile(let identity) = SQLiteFileSystem.kind(of: path) else {
            throw StoreError("cannot open the SQLite database \"\(path)\": the file disappeared while opening it")
        }
        openedFile = identity
        records = SQLiteGroupCommit(pool: pool) { [path] error in
            if let error = error as? StoreError { return error }
            return StoreError("cannot write the SQLite database \"\(path)\": \(SQLiteMessageStore.reason(error))")
        }
    }

    // MARK: MessageStore

    public func save(_ record: MessageRecord) async throws {
        try await records.save(Self.upsert(record))
    }

    /// Updates only the columns a provider's answer changes (a third of the upsert's values); the
    /// whole record is written instead if its row is not there.
    public func saveOutcome(_ record: MessageRecord) async throws {
        try await records.save(Self.outcomeUpdate(record))
    }

    // Out of line: their temporaries stay off the async frames of the saves (thousands wait at once).

    @inline(never)
    private static func upsert(_ record: MessageRecord) throws -> SQLiteGroupCommit.Write {
        SQLiteGroupCommit.Write(sql: MessageRow.insertSQL, arguments: try MessageRow.arguments(record))
    }

    @inline(never)
    private static func outcomeUpdate(_ record: MessageRecord) throws -> SQLiteGroupCommit.Write {
        SQLiteGroupCommit.Write(sql: MessageRow.outcomeSQL, arguments: try MessageRow.outcomeArguments(record),
                                ifNoRowChanged: { try upsert(record) })
    }

    public func record(id: String) async throws -> MessageRecord? {
        do {
            return try await pool.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM messages WHERE id = ?"), arguments: [id]).map(MessageRow.record)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("cannot read the SQLite database \"\(path)\": \(Self.reason(error))")
        }
    }

    /// True only if the path still names the file that was opened and a write transaction succeeds right now.
    public func isUsable() async -> Bool {
        guard SQLiteFileSystem.kind(of: path) == .regularFile(openedFile) else { return false }
        do {
            try await pool.write { db in try Self.writeHeartbeat(db) }
            return true
        } catch {
            return false
        }
    }

    // MARK: Helpers

    /// Runs `updates` in one write transaction, mapping failures to `StoreError`.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(updates)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("cannot write the SQLite database \"\(path)\": \(Self.reason(error))")
        }
    }

    /// Opens the pool, retrying a few times while another process holds the lock that switching a fresh
    /// file to WAL needs (that step does not wait on the busy timeout; seen when replicas start together).
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 20 {
                attempt += 1
                usleep(50_000)
            }
        }
    }

    /// Every commit waits until the WAL is synced to disk (`synchronous = FULL`). GRDB's pool sets
    /// `NORMAL` when it switches the file to WAL, after any `prepareDatabase`, so it is set here on the
    /// pool's one writer connection. With `NORMAL`, a power loss or kernel crash can undo the last commits:
    /// a record the caller was told about, or an idempotency claim, so that a retry would text the customer
    /// again. The group commit shares each sync among the saves that arrive together.
    private static func commitDurably(_ pool: DatabasePool) throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    }

    /// Migrates, retrying when another process migrated the same fresh file at the same moment (GRDB decides
    /// what to apply before taking the write lock, so the loser of that race sees "table already exists").
    private static func migrate(_ pool: DatabasePool) throws {
        let attempts = 3
        for attempt in 1...attempts {
            do {
                try SQLiteSchema.migrator.migrate(pool)
                return
            } catch {
                if attempt == attempts { throw error }
            }
        }
    }

    private static func writeHeartbeat(_ pool: DatabasePool) throws {
        try pool.write { db in try writeHeartbeat(db) }
    }

    private static func writeHeartbeat(_ db: Database) throws {
        try db.execute(sql: "UPDATE heartbeat SET at = ? WHERE id = 1",
                       arguments: [SQLiteColumns.milliseconds(Date())])
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "no message")"
        }
        if let error = error as? StoreError { return error.description }
        return String(describing: error)
    }
}
