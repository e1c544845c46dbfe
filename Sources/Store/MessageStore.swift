/// Where message records live. SQLite is the embedded default; the protocol is small so that a
/// shared PostgreSQL store can implement it for several replicas.
public protocol MessageStore: Sendable {
    /// Stores a new record (before or after the provider call); replaces one with the same id.
    func save(_ record: MessageRecord) async throws
    /// Stores the provider's answer for a record saved before (status, provider message id, error,
    /// warnings, update time). A store may write just those; by default it saves the whole record.
    func saveOutcome(_ record: MessageRecord) async throws
    /// The record with this id, or nil.
    func record(id: String) async throws -> MessageRecord?
    /// Whether the store can be written right now (for readiness).
    func isUsable() async -> Bool
}

extension MessageStore {
    public func saveOutcome(_ record: MessageRecord) async throws {
        try await save(record)
    }
}

/// A store failure, reported to callers as 503 and to /readyz as not ready.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
