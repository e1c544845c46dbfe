/// One problem found in a configuration file, tied to where it is.
///
/// `path` is the dotted path of the offending value (`dealers.quirk-vw.provider`, `clients[0].token`),
/// `(root)` for the document itself, or `line L, column C` for a YAML syntax error. `message` never
/// contains a credential or any value read from the environment.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is, e.g. `dealers.quirk-vw.provider`.
    public var path: String
    /// What is wrong, e.g. `no provider account named "cargurus-mian"`.
    public var message: String

    /// Creates an error at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}

/// Every problem found in a configuration file, in the order found (the loader collects them all
/// rather than stopping at the first). Its description is one error per line.
public struct ConfigErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The errors, in the order found.
    public var errors: [ConfigError]

    /// Creates a list of errors (empty by default).
    public init(_ errors: [ConfigError] = []) {
        self.errors = errors
    }

    /// A list holding the one error `path: message`.
    public init(path: String, message: String) {
        self.errors = [ConfigError(path: path, message: message)]
    }

    /// True when no error was recorded.
    public var isEmpty: Bool { errors.isEmpty }

    /// One error per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }

    /// Records one more error.
    public mutating func append(_ error: ConfigError) {
        errors.append(error)
    }

    /// Records every error of `other`.
    public mutating func append(contentsOf other: ConfigErrors) {
        errors.append(contentsOf: other.errors)
    }

    /// Runs `body`; on failure records its errors and returns nil, so that one decoder can report
    /// every problem of a section instead of only the first. A nil result always means that errors
    /// were recorded here, or earlier for the same value (an unresolved `${NAME}`).
    public mutating func collect<T>(_ body: () throws(ConfigErrors) -> T) -> T? {
        do {
            return try body()
        } catch {
            append(contentsOf: error)
            return nil
        }
    }

    /// Throws `self` when any error was recorded.
    public func throwIfAny() throws(ConfigErrors) {
        if !errors.isEmpty { throw self }
    }
}
