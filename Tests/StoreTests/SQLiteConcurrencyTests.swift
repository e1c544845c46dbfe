import Foundation
import Store
import Testing

/// Idempotency claims racing on one key, within one store and across two stores sharing a file (as two
/// gateway processes would).
@Suite struct SQLiteConcurrencyTests {
    static func race(_ stores: [SQLiteMessageStore], claimsPerStore: Int) async throws -> [IdempotencyClaim] {
        let now = Fixtures.date(0)
        return try await withThrowingTaskGroup(of: IdempotencyClaim.self) { group in
            for index in 0..<(stores.count * claimsPerStore) {
                let store = stores[index % stores.count]
                group.addTask {
                    try await store.claim(client: "crm", key: "race", fingerprint: "fp", now: now,
                                          retention: 86_400, staleClaimAfter: 60)
                }
            }
            var results: [IdempotencyClaim] = []
            for try await result in group { results.append(result) }
            return results
        }
    }

    @Test func hundredConcurrentClaimsOnOneStoreHaveOneWinner() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteMessageStore(path: directory.file("gateway.sqlite"))
        let results = try await Self.race([store], claimsPerStore: 100)
        #expect(results.count == 100)
        #expect(results.filter { $0 == .claimed }.count == 1)
        #expect(results.filter { $0 == .inProgress }.count == 99)
    }

    @Test func twoStoresOnOneFileAgreeOnOneWinner() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("gateway.sqlite")
        let first = try SQLiteMessageStore(path: path)
        let second = try SQLiteMessageStore(path: path)
        let results = try await Self.race([first, second], claimsPerStore: 50)
        #expect(results.count == 100)
        #expect(results.filter { $0 == .claimed }.count == 1)
        #expect(results.filter { $0 == .inProgress }.count == 99)

        // What one store completes, the other replays; what one saves, the other reads.
        try await first.complete(client: "crm", key: "race", response: Fixtures.response, now: Fixtures.date(1))
        #expect(try await second.claim(client: "crm", key: "race", fingerprint: "fp", now: Fixtures.date(2),
                                       retention: 86_400, staleClaimAfter: 60)
                == .completed(Fixtures.response, fingerprint: "fp"))
        try await second.save(Fixtures.fullRecord)
        #expect(try await first.record(id: Fixtures.fullRecord.id) == Fixtures.fullRecord)
    }

    @Test func storesOpeningAFreshFileTogetherAllSucceed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("fresh/gateway.sqlite")
        // Each opening creates the folder and migrates the schema, racing the others.
        let stores = try await withThrowingTaskGroup(of: SQLiteMessageStore.self) { group in
            for _ in 0..<4 {
                group.addTask { try SQLiteMessageStore(path: path) }
            }
            var stores: [SQLiteMessageStore] = []
            for try await store in group { stores.append(store) }
            return stores
        }
        #expect(stores.count == 4)
        for store in stores { #expect(await store.isUsable()) }
    }
}
