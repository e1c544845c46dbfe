import Foundation
import GRDB

/// Idempotency keys in the `idempotency_keys` table, with exactly `InMemoryMessageStore`'s rules. Each call is one
/// `BEGIN IMMEDIATE` transaction, so a claim is atomic across every process sharing the file.
extension SQLiteMessageStore {
    public func claim(client: String, key: String, fingerprint: String, now: Date,
                      retention: TimeInterval, staleClaimAfter: TimeInterval) async throws -> IdempotencyClaim {
        try await write { db in
            if let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT fingerprint, created_at, response_status, response_headers, response_body
                FROM idempotency_keys WHERE client = ? AND key = ?
                """), arguments: [client, key]) {
                let createdAt = SQLiteColumns.date(milliseconds: try row.decode(forColumn: "created_at"))
                let status: Int? = try row.decode(forColumn: "response_status")
                let expired = now.timeIntervalSince(createdAt) >= retention
                let abandoned = status == nil && now.timeIntervalSince(createdAt) >= staleClaimAfter
                if !expired && !abandoned {
                    let stored: String = try row.decode(forColumn: "fingerprint")
                    if stored != fingerprint { return .fingerprintMismatch }
                    guard let status else { return .inProgress }
                    let headersJSON: String? = try row.decode(forColumn: "response_headers")
                    let headers = try headersJSON.map {
                        try SQLiteColumns.decode([StoredHeader].self, json: $0, column: "idempotency_keys.response_headers")
                    } ?? []
                    let body: Data? = try row.decode(forColumn: "response_body")
                    let response = StoredResponse(status: status, headers: headers, body: Array(body ?? Data()))
                    return .completed(response, fingerprint: stored)
                }
            }
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO idempotency_keys
                    (client, key, fingerprint, created_at, response_status, response_headers, response_body)
                VALUES (?, ?, ?, ?, NULL, NULL, NULL)
                """).execute(arguments: [client, key, fingerprint, SQLiteColumns.milliseconds(now)])
            return .claimed
        }
    }

    public func complete(client: String, key: String, response: StoredResponse, now: Date) async throws {
        let headers = try SQLiteColumns.json(response.headers)
        let body = Data(response.body)
        try await write { db in
            try db.cachedStatement(sql: """
                UPDATE idempotency_keys SET response_status = ?, response_headers = ?, response_body = ?
                WHERE client = ? AND key = ?
                """).execute(arguments: [response.status, headers, body, client, key])
        }
    }

    public func release(client: String, key: String) async throws {
        try await write { db in
            try db.cachedStatement(sql: "DELETE FROM idempotency_keys WHERE client = ? AND key = ?").execute(arguments: [client, key])
        }
    }

    public func pruneIdempotencyKeys(before: Date) async throws -> Int {
        let cutoff = SQLiteColumns.milliseconds(before)
        return try await write { db in
            try db.execute(sql: "DELETE FROM idempotency_keys WHERE created_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}
