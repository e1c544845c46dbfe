import Foundation

/// A fresh folder under the system's temporary directory, removed by `remove()` (call it in a `defer`).
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("store-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    func file(_ name: String) -> String { path + "/" + name }

    func remove() {
        // Make anything a test made read-only removable again first.
        if let enumerator = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in enumerator {
                _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file(relative))
            }
        }
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        _ = try? FileManager.default.removeItem(atPath: path)
    }
}
