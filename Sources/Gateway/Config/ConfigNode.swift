/// One value of a parsed configuration file, with the dotted path where it sits
/// (`providers.cargurus-main.url`, `clients[0].dealers[1]`).
///
/// `${NAME}` references are already replaced from the environment. Decoders read it with the typed
/// readers in `ConfigNode+Values.swift`; each failure is a `ConfigErrors` naming this node's path.
/// Its description shows the path and kind only, never the value, so it cannot leak a secret.
public struct ConfigNode: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The shape of a value.
    public enum Kind: String, Sendable {
        case null, scalar, mapping, sequence
        /// A string whose `${NAME}` could not be resolved (already reported as an error).
        case unresolved
    }

    /// A scalar as written, after environment substitution.
    struct Scalar: Sendable {
        /// The text after `${NAME}` substitution.
        var text: String
        /// Quoted (or a block scalar, or tagged `!!str`) in the file: always a string.
        var quoted: Bool
        /// Contained a `${NAME}` reference: a string that may also be read as a number or boolean.
        var interpolated: Bool
        /// The text may be read as a number or boolean.
        var mayBeTyped: Bool { !quoted || interpolated }
        /// An unquoted `true`/`false` as written in the file.
        var isLiteralBool: Bool { !quoted && !interpolated && ConfigNode.boolValue(text) != nil }
    }

    /// One key of a mapping, in file order.
    struct Entry: Sendable {
        var key: String
        var node: ConfigNode
    }

    enum Storage: Sendable {
        case null
        case scalar(Scalar)
        case mapping([Entry])
        case sequence([ConfigNode])
        case unresolved
    }

    /// The dotted path of this value; empty for the document root.
    public let path: String
    let storage: Storage

    init(path: String, storage: Storage) {
        self.path = path
        self.storage = storage
    }

    /// The path to show in errors: `path`, or `(root)` for the document itself.
    public var displayPath: String { path.isEmpty ? "(root)" : path }

    /// The shape of this value.
    public var kind: Kind {
        switch storage {
        case .null: .null
        case .scalar: .scalar
        case .mapping: .mapping
        case .sequence: .sequence
        case .unresolved: .unresolved
        }
    }

    /// The path of `key` under this node.
    public func childPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// An error at this node's path.
    public func error(_ message: String) -> ConfigErrors {
        ConfigErrors(path: displayPath, message: message)
    }

    /// The value under `key` when this is a mapping that has it with a non-null value; nil otherwise
    /// (an absent key and `key: null` / `key:` both mean "not set").
    public func child(_ key: String) -> ConfigNode? {
        guard case .mapping(let entries) = storage,
              let entry = entries.first(where: { $0.key == key }) else { return nil }
        if case .null = entry.node.storage { return nil }
        return entry.node
    }

    /// The value under `key`, or an error `<path>.<key>: is required` when it is absent or null.
    public func requiredChild(_ key: String) throws(ConfigErrors) -> ConfigNode {
        guard let node = child(key) else {
            throw ConfigErrors(path: childPath(key), message: "is required")
        }
        return node
    }

    /// The keys of this mapping, in file order (empty for anything else).
    public var keys: [String] {
        guard case .mapping(let entries) = storage else { return [] }
        return entries.map(\.key)
    }

    /// An error for every key of this mapping that is not in `allowed` (`<path>.<key>: unknown key`);
    /// nothing for a node that is not a mapping.
    public func rejectUnknownKeys(allowed: Set<String>) throws(ConfigErrors) {
        var errors = ConfigErrors()
        for key in keys where !allowed.contains(key) {
            let known = allowed.sorted().joined(separator: ", ")
            errors.append(ConfigError(path: childPath(key), message: "unknown key (expected one of: \(known))"))
        }
        try errors.throwIfAny()
    }

    /// `ConfigNode(path, kind)`; never the value.
    public var description: String { "ConfigNode(\(displayPath), \(kind.rawValue))" }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// Shows the path and kind only.
    public var customMirror: Mirror {
        Mirror(self, children: ["path": displayPath, "kind": kind.rawValue], displayStyle: .struct)
    }
}
