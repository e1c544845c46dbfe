/// Reads the `providers` section: named accounts, each of a known provider type.
enum ProvidersSection {
    /// Keys every account has, whatever its type.
    static let commonKeys: Set<String> = ["type", "timeout_ms", "max_connections"]

    struct Result {
        /// The accounts that decoded without error.
        var accounts: [String: ProviderAccountConfig] = [:]
        /// Every account name in the file with its type when the type is known (nil otherwise), so
        /// that dealers naming a broken account are still checked against its type and are not
        /// told the account does not exist.
        var declaredTypes: [String: (any ProviderConfigType.Type)?] = [:]
        var errors = ConfigErrors()
    }

    static func decode(_ node: ConfigNode?, providerTypes: [any ProviderConfigType.Type]) -> Result {
        var result = Result()
        guard let node else { return result }
        guard let entries = result.errors.collect({ () throws(ConfigErrors) in try node.entries() }) else { return result }
        for (name, account) in entries {
            guard !name.isEmpty else {
                result.errors.append(contentsOf: account.error("an account name must not be empty"))
                continue
            }
            let type = providerType(of: account, among: providerTypes, errors: &result.errors)
            result.declaredTypes[name] = .some(type)
            guard let type else { continue }
            if let config = decodeAccount(name: name, node: account, type: type, errors: &result.errors) {
                result.accounts[name] = config
            }
        }
        return result
    }

    /// The account's provider type; nil (with an error recorded) when it is missing or unknown.
    private static func providerType(of account: ConfigNode, among providerTypes: [any ProviderConfigType.Type],
                                     errors: inout ConfigErrors) -> (any ProviderConfigType.Type)? {
        guard account.kind == .mapping else {
            errors.append(contentsOf: account.error("must be a mapping"))
            return nil
        }
        guard let typeName = errors.collect({ () throws(ConfigErrors) in try account.requiredChild("type").string() }) else {
            return nil
        }
        guard let type = providerTypes.first(where: { $0.typeName == typeName }) else {
            let known = providerTypes.map { $0.typeName }.joined(separator: ", ")
            errors.append(ConfigError(
                path: account.childPath("type"), message: "unknown provider type \(account.child("type")?.echo(typeName) ?? "") (known: \(known))"))
            return nil
        }
        return type
    }

    private static func decodeAccount(name: String, node: ConfigNode, type: any ProviderConfigType.Type,
                                      errors: inout ConfigErrors) -> ProviderAccountConfig? {
        var found = ConfigErrors()
        found.collect { () throws(ConfigErrors) in try node.rejectUnknownKeys(allowed: commonKeys.union(type.accountKeys)) }
        let timeout = found.collect { () throws(ConfigErrors) in try node.child("timeout_ms")?.milliseconds() }
        let maxConnections = found.collect { () throws(ConfigErrors) in try node.child("max_connections")?.positiveInt() }
        let settings = found.collect { () throws(ConfigErrors) in try type.decodeAccount(node) }
        errors.append(contentsOf: found)
        guard found.isEmpty, let timeout, let maxConnections, let settings else { return nil }
        return ProviderAccountConfig(
            name: name, type: type.typeName, timeoutMs: timeout ?? 10_000,
            maxConnections: maxConnections ?? 64, settings: settings)
    }
}
