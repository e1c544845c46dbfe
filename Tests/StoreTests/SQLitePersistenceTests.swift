import Foundation
import Store
import Testing

/// What the SQLite file keeps across a restart, and at what precision.
@Suite struct SQLitePersistenceTests {
    @Test func recordsAndKeysSurviveReopening() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("data/gateway.sqlite")
        do {
            let store = try SQLiteMessageStore(path: path)
            try await store.save(Fixtures.fullRecord)
            try await store.save(Fixtures.minimalRecord)
            #expect(try await store.claim(client: "crm", key: "done", fingerprint: "fp", now: Fixtures.date(0),
                                          retention: 86_400, staleClaimAfter: 60) == .claimed)
            try await store.complete(client: "crm", key: "done", response: Fixtures.response, now: Fixtures.date(1))
            #expect(try await store.claim(client: "crm", key: "open", fingerprint: "fp", now: Fixtures.date(0),
                                          retention: 86_400, staleClaimAfter: 60) == .claimed)
        }
        // The first store is gone (as after a restart); a new one reads the same file.
        let reopened = try SQLiteMessageStore(path: path)
        #expect(try await reopened.record(id: Fixtures.fullRecord.id) == Fixtures.fullRecord)
        #expect(try await reopened.record(id: Fixtures.minimalRecord.id) == Fixtures.minimalRecord)
        #expect(try await reopened.claim(client: "crm", key: "done", fingerprint: "fp", now: Fixtures.date(2),
                                         retention: 86_400, staleClaimAfter: 60)
                == .completed(Fixtures.response, fingerprint: "fp"))
        #expect(try await reopened.claim(client: "crm", key: "open", fingerprint: "fp", now: Fixtures.date(2),
                                         retention: 86_400, staleClaimAfter: 60) == .inProgress)
        #expect(await reopened.isUsable())
    }

    @Test func datesAreKeptToTheNearestMillisecond() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteMessageStore(path: directory.file("gateway.sqlite"))
        var record = Fixtures.minimalRecord
        record.createdAt = Date(timeIntervalSince1970: 1_750_000_000.1234)
        record.updatedAt = Date(timeIntervalSince1970: 1_750_000_000.1236)
        try await store.save(record)
        let read = try #require(try await store.record(id: record.id))
        #expect(read.createdAt == Date(timeIntervalSince1970: 1_750_000_000.123))
        #expect(read.updatedAt == Date(timeIntervalSince1970: 1_750_000_000.124))
        // A date already on a millisecond comes back identical.
        try await store.save(read)
        #expect(try await store.record(id: record.id) == read)
    }
}
