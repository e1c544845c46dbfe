import Foundation
import GRDB
@testable import Store
import Testing

/// Message records are written with group commit: concurrent saves share transactions, and each save
/// returns only once its own row is committed.
@Suite struct SQLiteGroupCommitTests {
    @Test func concurrentSavesAreEachCommittedAndReadableFromAnotherConnection() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("gateway.sqlite")
        let store = try SQLiteMessageStore(path: path)
        let other = try SQLiteMessageStore(path: path)  // another process's view of the same file
        let count = 300
        let records = (0..<count).map { i in
            var record = Fixtures.fullRecord
            record.id = "msg_group_\(i)"
            record.segments = i % 7 + 1
            return record
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for record in records {
                group.addTask {
                    try await store.save(record)
                    // Committed when save returns: the other connection reads it.
                    #expect(try await other.record(id: record.id) == record)
                }
            }
            try await group.waitForAll()
        }
        for record in records {
            #expect(try await store.record(id: record.id) == record)
        }
    }

    @Test func aBurstOfSavesSharesTransactionsAndALoneSaveHasItsOwn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteMessageStore(path: directory.file("gateway.sqlite"))
        var lone = Fixtures.minimalRecord
        lone.id = "msg_lone"
        try await store.save(lone)
        #expect(store.groupCommitCounts == .init(batches: 1, rows: 1))

        let count = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<count {
                group.addTask {
                    var record = Fixtures.fullRecord
                    record.id = "msg_burst_\(i)"
                    try await store.save(record)
                }
            }
            try await group.waitForAll()
        }
        let afterBurst = store.groupCommitCounts
        #expect(afterBurst.rows == 1 + count)
        // Saves that arrive while a transaction runs wait for the next one, so the burst took fewer
        // transactions than saves (without group commit it would take one each).
        #expect(afterBurst.batches < 1 + count)
        for i in 0..<count {
            #expect(try await store.record(id: "msg_burst_\(i)") != nil)
        }

        // After the burst the store is idle again: the next save is one transaction of its own.
        lone.id = "msg_lone_again"
        try await store.save(lone)
        #expect(store.groupCommitCounts == .init(batches: afterBurst.batches + 1, rows: afterBurst.rows + 1))
    }

    @Test func commitsWaitForTheDiskSync() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteMessageStore(path: directory.file("gateway.sqlite"))
        // 2 is FULL: a commit survives a power loss. GRDB's WAL setup alone leaves 1 (NORMAL).
        let level = try await store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(level == 2)
        let mode = try await store.pool.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func aSecondSaveOfARecordReplacesTheFirstInOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteMessageStore(path: directory.file("gateway.sqlite"))
        var record = Fixtures.minimalRecord
        record.status = .unknown
        try await store.save(record)
        record.status = .sent
        record.providerMessageID = "provider-1"
        try await store.save(record)
        #expect(try await store.record(id: record.id) == record)
    }
}
