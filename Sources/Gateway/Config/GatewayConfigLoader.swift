import Foundation

/// Reads, checks and builds a `GatewayConfig` from a YAML or JSON file (config.md).
///
/// - `${NAME}` in any string value is replaced from `environment`; a missing variable is an error
///   naming it and the path, never a value.
/// - Unknown keys are errors at every level; every error names its dotted path; all errors found
///   are reported together, one per line.
/// - Absent sections mean empty lists or defaults. `PORT` overrides `server.port` and `LOG_LEVEL`
///   overrides `server.log_level`.
/// - Credentials never appear in an error message, not even from a syntax error.
public enum GatewayConfigLoader {
    /// The top-level sections.
    static let sections: Set<String> = ["server", "storage", "clients", "providers", "dealers"]

    /// Loads the file at `path`.
    public static func load(path: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            providerTypes: [any ProviderConfigType.Type] = ProviderConfigRegistry.builtIn)
        throws(ConfigErrors) -> GatewayConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigErrors(path: path, message: "cannot read the configuration file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigErrors(path: path, message: "the configuration file is not UTF-8 text")
        }
        return try load(text: text, environment: environment, providerTypes: providerTypes)
    }

    /// Loads configuration text (YAML; JSON is YAML too).
    public static func load(text: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            providerTypes: [any ProviderConfigType.Type] = ProviderConfigRegistry.builtIn)
        throws(ConfigErrors) -> GatewayConfig {
        let (parsed, parseErrors) = YAMLConfigParser.parse(text, environment: environment)
        var errors = parseErrors
        if parsed == nil, !errors.isEmpty { throw errors }
        let root = parsed ?? ConfigNode(path: "", storage: .null)
        if root.kind != .mapping, root.kind != .null {
            errors.append(contentsOf: root.error("must be a mapping of the sections \(sections.sorted().joined(separator: ", "))"))
        }
        errors.collect { () throws(ConfigErrors) in try root.rejectUnknownKeys(allowed: sections) }

        let (server, serverErrors) = ServerSection.decode(root.child("server"), environment: environment)
        errors.append(contentsOf: serverErrors)
        let (storage, storageErrors) = StorageSection.decode(root.child("storage"))
        errors.append(contentsOf: storageErrors)
        let dealersNode = root.child("dealers")
        let (clients, clientErrors) = ClientsSection.decode(root.child("clients"), dealerKeys: Set(dealersNode?.keys ?? []))
        errors.append(contentsOf: clientErrors)
        let providers = ProvidersSection.decode(root.child("providers"), providerTypes: providerTypes)
        errors.append(contentsOf: providers.errors)
        let (dealers, dealerErrors) = DealersSection.decode(
            dealersNode, declaredTypes: providers.declaredTypes, providerTypes: providerTypes)
        errors.append(contentsOf: dealerErrors)

        if !errors.isEmpty { throw errors }
        return GatewayConfig(
            server: server, storage: storage, clients: clients, providers: providers.accounts, dealers: dealers)
    }
}
