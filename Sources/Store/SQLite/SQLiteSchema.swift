import GRDB

/// The SQLite schema, as ordered `DatabaseMigrator` migrations. Add new migrations at the end; never edit one
/// that has shipped.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: messages, idempotency keys, heartbeat") { db in
            // Dates are INTEGER milliseconds since 1970-01-01 UTC. JSON columns are TEXT. The message body is
            // never stored.
            try db.execute(sql: """
                CREATE TABLE messages (
                    id TEXT NOT NULL PRIMARY KEY,
                    client TEXT NOT NULL,
                    dealer_id TEXT NOT NULL,
                    provider_type TEXT NOT NULL,
                    provider_account TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    status TEXT NOT NULL,
                    provider_message_id TEXT,
                    error TEXT,
                    segments INTEGER NOT NULL,
                    encoding TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    warnings TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE idempotency_keys (
                    client TEXT NOT NULL,
                    key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    response_status INTEGER,
                    response_headers TEXT,
                    response_body BLOB,
                    PRIMARY KEY (client, key)
                ) WITHOUT ROWID;
                CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
                CREATE TABLE heartbeat (
                    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                    at INTEGER NOT NULL
                );
                INSERT INTO heartbeat (id, at) VALUES (1, 0);
                """)
        }
        return migrator
    }
}
