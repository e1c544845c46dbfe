import Foundation

/// The first response to a request with an `Idempotency-Key`, kept to be replayed byte for byte.
public struct StoredResponse: Sendable, Codable, Equatable {
    public var status: Int
    /// The header fields to replay (Content-Type, Location, Retry-After…), in order; never X-Request-ID.
    public var headers: [StoredHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [StoredHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

public struct StoredHeader: Sendable, Codable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What claiming a key found (api.md "Idempotency").
public enum IdempotencyClaim: Sendable, Equatable {
    /// This request holds the key now: go on to the provider, then `complete` or `release` it.
    case claimed
    /// The same key's first request is still in flight: 409 `idempotency_in_progress`.
    case inProgress
    /// The key's first request finished with this response; `fingerprint` is that request's.
    /// Same fingerprint: replay it. Another: 422 `idempotency_key_reused`.
    case completed(StoredResponse, fingerprint: String)
    /// The key is held or completed for another request body: 422 `idempotency_key_reused`.
    case fingerprintMismatch
}

/// Idempotency keys, per client, shared by every gateway replica that uses the same store.
/// A claim is atomic in the store itself (one transaction / one conditional insert), so two processes
/// racing on one key agree on a single winner. PostgreSQL can implement the same with
/// `INSERT … ON CONFLICT DO NOTHING RETURNING` plus a `SELECT … FOR UPDATE`.
public protocol IdempotencyStore: Sendable {
    /// Claims `key` for `client`, or reports what holds it. A completed key older than `retention`
    /// counts as absent (and is replaced); an in-progress claim older than `staleClaimAfter` is
    /// considered abandoned by a crashed process and may be taken over.
    func claim(client: String, key: String, fingerprint: String, now: Date,
               retention: TimeInterval, staleClaimAfter: TimeInterval) async throws -> IdempotencyClaim
    /// Stores the first response for a claimed key.
    func complete(client: String, key: String, response: StoredResponse, now: Date) async throws
    /// Gives a claimed key up (a retryable outcome: the caller's retry must try again).
    func release(client: String, key: String) async throws
    /// Deletes keys whose first request is older than `before`; returns how many.
    func pruneIdempotencyKeys(before: Date) async throws -> Int
}
