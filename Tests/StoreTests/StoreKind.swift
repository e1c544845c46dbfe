import Foundation
import Store
import Testing

/// The store implementations that must behave identically; semantic tests run against each.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemory
    case sqlite

    var testDescription: String { rawValue }

    /// A fresh, empty store of this kind; call `remove()` on the returned folder (if any) when done.
    func makeStore() throws -> (store: any MessageStore & IdempotencyStore, directory: TemporaryDirectory?) {
        switch self {
        case .inMemory:
            return (InMemoryMessageStore(), nil)
        case .sqlite:
            let directory = try TemporaryDirectory()
            do {
                return (try SQLiteMessageStore(path: directory.file("gateway.sqlite")), directory)
            } catch {
                directory.remove()
                throw error
            }
        }
    }
}
