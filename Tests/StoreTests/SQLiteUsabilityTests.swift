import Foundation
import Store
import Testing

/// `isUsable()` (behind /readyz): true only while the opened file is still there and takes a write.
@Suite struct SQLiteUsabilityTests {
    @Test func notUsableOnceTheFileIsReplacedByAFolder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("gateway.sqlite")
        let store = try SQLiteMessageStore(path: path)
        #expect(await store.isUsable())
        try FileManager.default.moveItem(atPath: path, toPath: directory.file("moved.sqlite"))
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(await store.isUsable() == false)
    }

    @Test func notUsableOnceTheFileIsDeleted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("gateway.sqlite")
        let store = try SQLiteMessageStore(path: path)
        #expect(await store.isUsable())
        try FileManager.default.removeItem(atPath: path)
        #expect(await store.isUsable() == false)
        // Another file at the same path is not the one this store opened either.
        _ = try SQLiteMessageStore(path: path)
        #expect(await store.isUsable() == false)
    }
}
