import Foundation
import Store
import Testing

/// Opening the database: the folder is created; anything that stops it is a `StoreError` naming the path and
/// the reason, never a crash.
@Suite struct SQLiteOpeningTests {
    /// Whether permission bits stop this process from writing (they do not for root).
    static let permissionsApply: Bool = {
        guard let directory = try? TemporaryDirectory() else { return false }
        defer { directory.remove() }
        guard (try? FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path))
                != nil else { return false }
        return !FileManager.default.createFile(atPath: directory.file("probe"), contents: Data())
    }()

    /// The `StoreError` that opening `path` throws, or nil (recorded as a failure) when it opens.
    func openingError(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> StoreError? {
        do {
            _ = try SQLiteMessageStore(path: path)
            Issue.record("opened \(path)", sourceLocation: sourceLocation)
            return nil
        } catch let error as StoreError {
            return error
        } catch {
            Issue.record("not a StoreError: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test func missingFoldersAreCreated() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("a/b/c/gateway.sqlite")
        let store = try SQLiteMessageStore(path: path)
        #expect(await store.isUsable())
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aFileInTheWayOfTheFolderIsAStoreError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(FileManager.default.createFile(atPath: directory.file("blocker"), contents: Data("x".utf8)))
        let path = directory.file("blocker/data/gateway.sqlite")
        let error = try #require(openingError(path))
        #expect(error.description.contains(path))
        #expect(error.description.contains("cannot create the folder \"\(directory.file("blocker"))\""))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self"), "needs Linux /proc"))
    func anUncreatableFolderIsAStoreError() throws {
        // /proc refuses new folders even to root.
        let path = "/proc/sms-gateway-store-test-\(UUID().uuidString)/gateway.sqlite"
        let error = try #require(openingError(path))
        #expect(error.description.contains(path))
        #expect(error.description.contains("cannot create the folder"))
    }

    @Test(.enabled(if: permissionsApply, "running as root: permission bits do not stop writes"))
    func aReadOnlyFolderIsAStoreError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.file("ro"), withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.file("ro"))
        let path = directory.file("ro/gateway.sqlite")
        let error = try #require(openingError(path))
        #expect(error.description.contains(path))
        #expect(error.description.contains("cannot write in the folder"))
    }

    @Test(.enabled(if: permissionsApply, "running as root: permission bits do not stop writes"))
    func aReadOnlyDatabaseFileIsAStoreError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("gateway.sqlite")
        do { _ = try SQLiteMessageStore(path: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let error = try #require(openingError(path))
        #expect(error.description.contains(path))
    }

    @Test func aFolderAtTheDatabasePathIsAStoreError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("gateway.sqlite")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        let error = try #require(openingError(path))
        #expect(error.description.contains(path))
        #expect(error.description.contains("it is a folder"))
    }

    @Test func aFileThatIsNotADatabaseIsAStoreError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("gateway.sqlite")
        let garbage = Data(String(repeating: "not a database, just text. ", count: 200).utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: garbage))
        let error = try #require(openingError(path))
        #expect(error.description.contains(path))
        #expect(error.description.contains("not a database"))
    }

    @Test func anEmptyPathIsAStoreError() throws {
        let error = try #require(openingError(""))
        #expect(error.description.contains("empty"))
    }
}
