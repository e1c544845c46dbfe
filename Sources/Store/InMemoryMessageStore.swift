import Synchronization

/// Records in memory: for tests, the demo and benchmarks. Lost on restart.
public final class InMemoryMessageStore: MessageStore {
    private let records = Mutex<[String: MessageRecord]>([:])

    public init() {}

    public func save(_ record: MessageRecord) async throws {
        records.withLock { $0[record.id] = record }
    }

    public func record(id: String) async throws -> MessageRecord? {
        records.withLock { $0[id] }
    }

    public func isUsable() async -> Bool { true }

    /// How many records are held.
    public var count: Int { records.withLock { $0.count } }
}
