/// Reads the `clients` section: a list of named clients, each with exactly one of `token` or
/// `token_sha256`, and the dealers it may send for.
enum ClientsSection {
    static let keys: Set<String> = ["name", "token", "token_sha256", "dealers"]

    /// The clients (only when all are valid) and the errors found. `dealerKeys` are the keys of the
    /// `dealers` section as written, valid or not, so a broken dealer is not reported twice.
    static func decode(_ node: ConfigNode?, dealerKeys: Set<String>) -> ([ClientConfig], ConfigErrors) {
        var clients: [ClientConfig] = []
        var errors = ConfigErrors()
        guard let node else { return (clients, errors) }
        guard let elements = errors.collect({ () throws(ConfigErrors) in try node.elements() }) else { return (clients, errors) }
        var pathsByName: [String: String] = [:]
        var pathsByDigest: [[UInt8]: String] = [:]
        for element in elements {
            var found = ConfigErrors()
            guard element.kind == .mapping else {
                errors.append(contentsOf: element.error("must be a mapping with name, token or token_sha256, and dealers"))
                continue
            }
            found.collect { () throws(ConfigErrors) in try element.rejectUnknownKeys(allowed: keys) }
            let name = found.collect { () throws(ConfigErrors) in try element.requiredChild("name").string() }
            if let name {
                if let first = pathsByName[name] {
                    found.append(ConfigError(
                        path: element.childPath("name"), message: "duplicate client name \(element.child("name")?.echo(name) ?? "") (also at \(first))"))
                } else {
                    pathsByName[name] = element.path
                }
            }
            let located = found.collect { () throws(ConfigErrors) in try readCredential(of: element) }
            if let located {
                let digest = located.credential.digest
                if let first = pathsByDigest[digest] {
                    found.append(ConfigError(
                        path: located.path, message: "the same token as the client at \(first); tokens must be unique"))
                } else {
                    pathsByDigest[digest] = element.path
                }
            }
            let scope = found.collect { () throws(ConfigErrors) in try dealerScope(of: element, dealerKeys: dealerKeys) }
            if found.isEmpty, let name, let located, let scope {
                clients.append(ClientConfig(name: name, credential: located.credential, dealers: scope))
            }
            errors.append(contentsOf: found)
        }
        return (clients, errors)
    }

    /// A credential and the path of the key that holds it.
    private struct LocatedCredential {
        var credential: ClientCredential
        var path: String
    }

    private static func readCredential(of client: ConfigNode) throws(ConfigErrors) -> LocatedCredential {
        switch (client.child("token"), client.child("token_sha256")) {
        case (nil, nil):
            throw client.error("needs token or token_sha256")
        case (.some, .some):
            throw client.error("has both token and token_sha256; give exactly one")
        case (let token?, nil):
            let text = try token.string()
            guard text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw token.error("must be printable ASCII without spaces")
            }
            return LocatedCredential(credential: .token(text), path: token.path)
        case (nil, let digest?):
            guard let bytes = ConfigFormats.hexBytes(try digest.string(), byteCount: 32) else {
                throw digest.error("must be 64 hex digits (the SHA-256 of the token)")
            }
            return LocatedCredential(credential: .sha256(bytes), path: digest.path)
        }
    }

    /// `["*"]` (or any list holding `"*"`) is every dealer; otherwise each entry must be a dealer key.
    private static func dealerScope(of client: ConfigNode, dealerKeys: Set<String>) throws(ConfigErrors) -> DealerScope {
        let list = try client.requiredChild("dealers")
        guard list.kind == .sequence else {
            throw list.error("must be a list of dealer keys, or [\"*\"] for every dealer")
        }
        var errors = ConfigErrors()
        var keys = Set<String>()
        var all = false
        for entry in try list.elements() {
            guard let key = errors.collect({ () throws(ConfigErrors) in try entry.string() }) else { continue }
            if key == DealersSection.wildcard {
                all = true
            } else if dealerKeys.contains(key) {
                keys.insert(key)
            } else {
                errors.append(contentsOf: entry.error("no dealer named \(entry.echo(key))"))
            }
        }
        try errors.throwIfAny()
        return all ? .all : .only(keys)
    }
}
