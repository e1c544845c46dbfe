import Foundation
import Locking

/// Records in memory: for tests, the demo and benchmarks. Lost on restart.
public final class InMemoryMessageStore: MessageStore, IdempotencyStore {
    private let records = Locked<[String: MessageRecord]>([:])

    private struct KeyState {
        var fingerprint: String
        var createdAt: Date
        var response: StoredResponse?
    }

    private let keys = Locked<[String: KeyState]>([:])

    private static func id(_ client: String, _ key: String) -> String { "\(client)\u{0}\(key)" }

    public init() {}

    public func save(_ record: MessageRecord) async throws {
        records.withLock { $0[record.id] = record }
    }

    public func record(id: String) async throws -> MessageRecord? {
        records.withLock { $0[id] }
    }

    public func isUsable() async -> Bool { true }

    public func claim(client: String, key: String, fingerprint: String, now: Date,
                      retention: TimeInterval, staleClaimAfter: TimeInterval) async throws -> IdempotencyClaim {
        keys.withLock { keys in
            let id = Self.id(client, key)
            if let existing = keys[id] {
                let expired = now.timeIntervalSince(existing.createdAt) >= retention
                let abandoned = existing.response == nil && now.timeIntervalSince(existing.createdAt) >= staleClaimAfter
                if !expired && !abandoned {
                    if existing.fingerprint != fingerprint { return .fingerprintMismatch }
                    if let response = existing.response { return .completed(response, fingerprint: existing.fingerprint) }
                    return .inProgress
                }
            }
            keys[id] = KeyState(fingerprint: fingerprint, createdAt: now, response: nil)
            return .claimed
        }
    }

    public func complete(client: String, key: String, response: StoredResponse, now: Date) async throws {
        keys.withLock { $0[Self.id(client, key)]?.response = response }
    }

    public func release(client: String, key: String) async throws {
        _ = keys.withLock { $0.removeValue(forKey: Self.id(client, key)) }
    }

    public func pruneIdempotencyKeys(before: Date) async throws -> Int {
        keys.withLock { keys in
            let old = keys.filter { $0.value.createdAt < before }.map(\.key)
            for k in old { keys[k] = nil }
            return old.count
        }
    }

    /// How many records are held.
    public var count: Int { records.withLock { $0.count } }
}
