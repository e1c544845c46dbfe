import Foundation
import Store
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
