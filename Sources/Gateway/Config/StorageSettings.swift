/// The `storage` section.
public struct StorageSettings: Sendable, Equatable {
    /// The SQLite database file; its folder is created. Default `data/gateway.sqlite`.
    public var sqlitePath: String

    /// Creates storage settings.
    public init(sqlitePath: String = "data/gateway.sqlite") {
        self.sqlitePath = sqlitePath
    }
}
