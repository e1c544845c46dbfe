import Foundation
import GRDB

/// Conversions between Swift values and SQLite columns.
enum SQLiteColumns {
    /// A date as whole milliseconds since 1970 (rounded to the nearest), the precision the API renders.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError("cannot encode a value for the SQLite store: \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, json: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(json.utf8))
        } catch {
            throw StoreError("SQLite store: unreadable JSON in column \(column): \(error)")
        }
    }
}

/// `messages` rows.
enum MessageRow {
    /// Inserts the record, or overwrites every column of the row with its id. An upsert rather than
    /// `INSERT OR REPLACE`: a replace deletes the row and inserts it again (touching the table and its
    /// primary-key index twice); the upsert updates the row where it is.
    static let insertSQL = """
        INSERT INTO messages (id, client, dealer_id, provider_type, provider_account, recipient, status,
            provider_message_id, error, segments, encoding, metadata, warnings, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET client = excluded.client, dealer_id = excluded.dealer_id,
            provider_type = excluded.provider_type, provider_account = excluded.provider_account,
            recipient = excluded.recipient, status = excluded.status, provider_message_id = excluded.provider_message_id,
            error = excluded.error, segments = excluded.segments, encoding = excluded.encoding,
            metadata = excluded.metadata, warnings = excluded.warnings, created_at = excluded.created_at,
            updated_at = excluded.updated_at
        """

    /// What a provider's answer changes in a saved record.
    static let outcomeSQL = """
        UPDATE messages SET status = ?, provider_message_id = ?, error = ?, warnings = ?, updated_at = ?
        WHERE id = ?
        """

    static func outcomeArguments(_ record: MessageRecord) throws -> StatementArguments {
        let error: String? = record.error.map(SQLiteJSONText.error)
        let values: [(any DatabaseValueConvertible)?] = [
            record.status.rawValue, record.providerMessageID, error, SQLiteJSONText.warnings(record.warnings),
            SQLiteColumns.milliseconds(record.updatedAt), record.id,
        ]
        return StatementArguments(values)
    }

    static func arguments(_ record: MessageRecord) throws -> StatementArguments {
        let error: String? = record.error.map(SQLiteJSONText.error)
        let values: [(any DatabaseValueConvertible)?] = [
            record.id, record.client, record.dealerID, record.providerType, record.providerAccount, record.recipient,
            record.status.rawValue, record.providerMessageID, error, record.segments, record.encoding,
            SQLiteJSONText.metadata(record.metadata), SQLiteJSONText.warnings(record.warnings),
            SQLiteColumns.milliseconds(record.createdAt), SQLiteColumns.milliseconds(record.updatedAt),
        ]
        return StatementArguments(values)
    }

    static func record(_ row: Row) throws -> MessageRecord {
        let statusText: String = try row.decode(forColumn: "status")
        guard let status = MessageStatus(rawValue: statusText) else {
            throw StoreError("SQLite store: unknown message status \"\(statusText)\"")
        }
        let errorJSON: String? = try row.decode(forColumn: "error")
        return MessageRecord(
            id: try row.decode(forColumn: "id"),
            client: try row.decode(forColumn: "client"),
            dealerID: try row.decode(forColumn: "dealer_id"),
            providerType: try row.decode(forColumn: "provider_type"),
            providerAccount: try row.decode(forColumn: "provider_account"),
            recipient: try row.decode(forColumn: "recipient"),
            status: status,
            providerMessageID: try row.decode(forColumn: "provider_message_id"),
            error: try errorJSON.map { try SQLiteColumns.decode(StoredError.self, json: $0, column: "messages.error") },
            segments: try row.decode(forColumn: "segments"),
            encoding: try row.decode(forColumn: "encoding"),
            metadata: try SQLiteColumns.decode([String: String].self, json: try row.decode(forColumn: "metadata"),
                                               column: "messages.metadata"),
            warnings: try SQLiteColumns.decode([StoredWarning].self, json: try row.decode(forColumn: "warnings"),
                                               column: "messages.warnings"),
            createdAt: SQLiteColumns.date(milliseconds: try row.decode(forColumn: "created_at")),
            updatedAt: SQLiteColumns.date(milliseconds: try row.decode(forColumn: "updated_at")))
    }
}
