import Foundation
import Store
import Testing

/// The behaviour every store must share, run against each implementation.
@Suite struct StoreSemanticsTests {
    let retention: TimeInterval = 86_400
    let stale: TimeInterval = 60

    func claim(_ store: any IdempotencyStore, client: String = "crm", key: String = "k1", _ fingerprint: String,
               at offset: TimeInterval) async throws -> IdempotencyClaim {
        try await store.claim(client: client, key: key, fingerprint: fingerprint, now: Fixtures.date(offset),
                              retention: retention, staleClaimAfter: stale)
    }

    @Test(arguments: StoreKind.allCases)
    func savedRecordsReadBackAndReplace(kind: StoreKind) async throws {
        let (store, directory) = try kind.makeStore()
        defer { directory?.remove() }
        #expect(try await store.record(id: Fixtures.fullRecord.id) == nil)
        try await store.save(Fixtures.fullRecord)
        try await store.save(Fixtures.minimalRecord)
        #expect(try await store.record(id: Fixtures.fullRecord.id) == Fixtures.fullRecord)
        #expect(try await store.record(id: Fixtures.minimalRecord.id) == Fixtures.minimalRecord)

        var updated = Fixtures.fullRecord
        updated.status = .sent
        updated.error = nil
        updated.warnings = []
        updated.updatedAt = Fixtures.date(9)
        try await store.save(updated)
        #expect(try await store.record(id: updated.id) == updated)
        #expect(await store.isUsable())
    }

    @Test(arguments: StoreKind.allCases)
    func savedOutcomeChangesTheAnswerFieldsOnly(kind: StoreKind) async throws {
        let (store, directory) = try kind.makeStore()
        defer { directory?.remove() }
        var pending = Fixtures.fullRecord
        pending.status = .unknown
        pending.providerMessageID = nil
        pending.error = nil
        try await store.save(pending)

        var answered = pending
        answered.status = .sent
        answered.providerMessageID = "prov-42"
        answered.warnings.append(StoredWarning(code: "option_ignored", message: "from the provider"))
        answered.updatedAt = Fixtures.date(9)
        try await store.saveOutcome(answered)
        #expect(try await store.record(id: pending.id) == answered)

        var failed = answered
        failed.status = .failed
        failed.providerMessageID = nil
        failed.error = Fixtures.fullRecord.error
        failed.updatedAt = Fixtures.date(10)
        try await store.saveOutcome(failed)
        #expect(try await store.record(id: pending.id) == failed)
    }

    /// An outcome for a record the store does not have is stored whole, not dropped.
    @Test(arguments: StoreKind.allCases)
    func savedOutcomeOfAnUnknownRecordStoresItWhole(kind: StoreKind) async throws {
        let (store, directory) = try kind.makeStore()
        defer { directory?.remove() }
        try await store.saveOutcome(Fixtures.fullRecord)
        #expect(try await store.record(id: Fixtures.fullRecord.id) == Fixtures.fullRecord)
    }

    @Test(arguments: StoreKind.allCases)
    func firstClaimWinsThenInProgressOrMismatch(kind: StoreKind) async throws {
        let (store, directory) = try kind.makeStore()
        defer { directory?.remove() }
        #expect(try await claim(store, "fp-a", at: 0) == .claimed)
        #expect(try await claim(store, "fp-a", at: 1) == .inProgress)
        #expect(try await claim(store, "fp-b", at: 1) == .fingerprintMismatch)
        // Keys are per client, and per key.
        #expect(try await claim(store, client: "other", "fp-b", at: 1) == .claimed)
        #expect(try await claim(store, key: "k2", "fp-b", at: 1) == .claimed)
    }

    @Test(arguments: StoreKind.allCases)
    func completedKeyReplaysItsResponse(kind: StoreKind) async throws {
        let (store, directory) = try kind.makeStore()
        defer { directory?.remove() }
        #expect(try await claim(store, "fp-a", at: 0) == .claimed)
        try await store.complete(client: "crm", key: "k1", response: Fixtures.response, now: Fixtures.date(2))
        #expect(try await claim(store, "fp-a", at: 3) == .completed(Fixtures.response, fingerprint: "fp-a"))
        #expect(try await claim(store, "fp-b", at: 3) == .fingerprintMismatch)
        // Completed keys are not "abandoned": past staleClaimAfter they still replay.
        #expect(try await claim(store, "fp-a", at: stale * 10) == .completed(Fixtures.response, fingerprint: "fp-a"))
        // Another client with the same key is unaffected.
        #expect(try await claim(store, client: "other", "fp-a", at: 3) == .claimed)
    }

    @Test(arguments: StoreKind.allCases)
    func emptyResponseRoundTrips(kind: StoreKind) async throws {
        let (store, directory) = try kind.makeStore()
        defer { directory?.remove() }
        let empty = StoredResponse(status: 204, headers: [], body: [])
        #expect(try await claim(store, "fp", at: 0) == .claimed)
        try await store.complete(client: "crm", key: "k1", response: empty, now: Fixtures.date(0))
        #expect(try await claim(store, "fp", at: 1) == .completed(empty, fingerprint: "fp"))
    }

    @Test(arguments: StoreKind.allCases)
    func releasedKeyCanBeClaimedAgain(kind: StoreKind) async throws {
        let (store, directory) = try kind.makeStore()
        defer { directory?.remove() }
        #expect(try await claim(store, "fp-a", at: 0) == .claimed)
        try await store.release(client: "crm", key: "k1")
        #expect(try await claim(store, "fp-b", at: 1) == .claimed)
        #expect(try await claim(store, "fp-b", at: 2) == .inProgress)
        // Releasing an unknown key is harmless.
        try await store.release(client: "crm", key: "never-claimed")
    }

    @Test(arguments: StoreKind.allCases)
    func completingAnUnclaimedKeyStoresNothing(kind: StoreKind) async throws {
        let (store, directory) = try kind.makeStore()
        defer { directory?.remove() }
        try await store.complete(client: "crm", key: "k1", response: Fixtures.response, now: Fixtures.date(0))
        #expect(try await claim(store, "fp-a", at: 1) == .claimed)
    }

    @Test(arguments: StoreKind.allCases)
    func abandonedClaimIsTakenOverAtStaleClaimAfter(kind: StoreKind) async throws {
        let (store, directory) = try kind.makeStore()
        defer { directory?.remove() }
        #expect(try await claim(store, "fp-a", at: 0) == .claimed)
        #expect(try await claim(store, "fp-a", at: stale - 0.001) == .inProgress)
        #expect(try await claim(store, "fp-b", at: stale - 0.001) == .fingerprintMismatch)
        // At exactly staleClaimAfter the claim is abandoned, whatever the fingerprint.
        #expect(try await claim(store, "fp-b", at: stale) == .claimed)
        // The takeover restarted the clock.
        #expect(try await claim(store, "fp-b", at: stale + 1) == .inProgress)
        #expect(try await claim(store, "fp-a", at: stale + 1) == .fingerprintMismatch)
    }

    @Test(arguments: StoreKind.allCases)
    func completedKeyExpiresAtRetention(kind: StoreKind) async throws {
        let (store, directory) = try kind.makeStore()
        defer { directory?.remove() }
        #expect(try await claim(store, "fp-a", at: 0) == .claimed)
        try await store.complete(client: "crm", key: "k1", response: Fixtures.response, now: Fixtures.date(1))
        let justBefore = retention - 0.001
        #expect(try await claim(store, "fp-a", at: justBefore) == .completed(Fixtures.response, fingerprint: "fp-a"))
        #expect(try await claim(store, "fp-b", at: justBefore) == .fingerprintMismatch)
        // Retention counts from the claim, not the completion; an expired key is replaced.
        #expect(try await claim(store, "fp-b", at: retention) == .claimed)
        #expect(try await claim(store, "fp-b", at: retention + 1) == .inProgress)
        #expect(try await claim(store, "fp-a", at: retention + 1) == .fingerprintMismatch)
    }

    @Test(arguments: StoreKind.allCases)
    func pruneDeletesKeysClaimedBeforeTheCutoff(kind: StoreKind) async throws {
        let (store, directory) = try kind.makeStore()
        defer { directory?.remove() }
        #expect(try await claim(store, key: "old-done", "fp", at: 0) == .claimed)
        try await store.complete(client: "crm", key: "old-done", response: Fixtures.response, now: Fixtures.date(0))
        #expect(try await claim(store, key: "old-open", "fp", at: 10) == .claimed)
        #expect(try await claim(store, key: "at-cutoff", "fp", at: 20) == .claimed)
        #expect(try await claim(store, key: "new", "fp", at: 30) == .claimed)

        #expect(try await store.pruneIdempotencyKeys(before: Fixtures.date(20)) == 2)
        #expect(try await store.pruneIdempotencyKeys(before: Fixtures.date(20)) == 0)

        // Pruned keys are free again (even with another body); kept ones are still held.
        #expect(try await claim(store, key: "old-done", "other", at: 31) == .claimed)
        #expect(try await claim(store, key: "old-open", "other", at: 31) == .claimed)
        #expect(try await claim(store, key: "at-cutoff", "fp", at: 31) == .inProgress)
        #expect(try await claim(store, key: "new", "other", at: 31) == .fingerprintMismatch)
    }
}
