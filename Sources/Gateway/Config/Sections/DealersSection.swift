/// Reads the `dealers` section; each dealer names an account of `providers` and carries the fields
/// that account's provider type needs.
enum DealersSection {
    /// The wildcard of a client's dealer list; no dealer may use it as its key.
    static let wildcard = "*"

    static func decode(_ node: ConfigNode?, declaredTypes: [String: (any ProviderConfigType.Type)?],
                       providerTypes: [any ProviderConfigType.Type]) -> ([String: DealerConfig], ConfigErrors) {
        var dealers: [String: DealerConfig] = [:]
        var errors = ConfigErrors()
        guard let node else { return (dealers, errors) }
        guard let entries = errors.collect({ () throws(ConfigErrors) in try node.entries() }) else { return (dealers, errors) }
        for (key, dealer) in entries {
            if key.isEmpty || key == wildcard {
                errors.append(contentsOf: dealer.error("\"\(key)\" cannot be a dealer key"))
                continue
            }
            guard dealer.kind == .mapping else {
                errors.append(contentsOf: dealer.error("must be a mapping"))
                continue
            }
            var found = ConfigErrors()
            let account = found.collect { () throws(ConfigErrors) in try dealer.requiredChild("provider").string() }
            var type: (any ProviderConfigType.Type)?
            if let account {
                if let declared = declaredTypes[account] {
                    type = declared
                } else {
                    found.append(ConfigError(
                        path: dealer.childPath("provider"), message: "no provider account named \(dealer.child("provider")?.echo(account) ?? "")"))
                }
            }
            // With the type unknown, still catch typos: accept any key some provider type uses.
            let typeKeys = type?.dealerKeys ?? providerTypes.reduce(into: Set<String>()) { $0.formUnion($1.dealerKeys) }
            let allowed = typeKeys.union(["provider"])
            found.collect { () throws(ConfigErrors) in try dealer.rejectUnknownKeys(allowed: allowed) }
            if let account, let type,
               let settings = found.collect({ () throws(ConfigErrors) in try type.decodeDealer(dealer) }), found.isEmpty {
                dealers[key] = DealerConfig(key: key, providerAccount: account, settings: settings)
            }
            errors.append(contentsOf: found)
        }
        return (dealers, errors)
    }
}
