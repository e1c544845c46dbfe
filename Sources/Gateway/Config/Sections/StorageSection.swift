/// Reads the `storage` section.
enum StorageSection {
    static let keys: Set<String> = ["sqlite_path"]

    static func decode(_ node: ConfigNode?) -> (StorageSettings, ConfigErrors) {
        var settings = StorageSettings()
        var errors = ConfigErrors()
        guard let node else { return (settings, errors) }
        if node.kind != .mapping {
            errors.append(contentsOf: node.error("must be a mapping"))
        }
        errors.collect { () throws(ConfigErrors) in try node.rejectUnknownKeys(allowed: keys) }
        if let path = errors.collect({ () throws(ConfigErrors) in try node.child("sqlite_path")?.string() }), let path {
            settings.sqlitePath = path
        }
        return (settings, errors)
    }
}
