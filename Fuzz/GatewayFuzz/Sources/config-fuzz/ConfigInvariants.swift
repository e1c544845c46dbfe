import FuzzSupport
import Gateway

/// What must hold for every configuration text (config.md).
enum ConfigInvariants {
    /// A refused text: at least one error, each with a path and a message, and no environment value
    /// (or a cut of one) in any of them unless the text itself holds it literally.
    static func checkErrors(_ errors: ConfigErrors, text: String) {
        require(!errors.isEmpty, "the loader threw an empty error list")
        for error in errors.errors {
            require(!error.path.isEmpty, "an error without a path: \(error.message)")
            require(!error.message.isEmpty, "an error without a message at \(error.path)")
        }
        let description = errors.description
        require(description.split(separator: "\n", omittingEmptySubsequences: false).count >= errors.errors.count,
                "fewer description lines than errors")
        for fragment in FixedEnvironment.secretFragments where !text.contains(fragment) {
            require(!description.contains(fragment), "an environment value leaked into an error: \(description)")
        }
    }

    /// A loaded configuration: secrets do not change any description, references resolve, settings
    /// are in their ranges, and the server configuration can be built from them.
    static func checkLoaded(_ config: GatewayConfig) {
        require(canonicalDescription(config) == canonicalDescription(withSecretsChanged(config)),
                "a description depends on a secret: \(canonicalDescription(config))")

        var names = Set<String>()
        var digests = Set<[UInt8]>()
        for client in config.clients {
            require(!client.name.isEmpty && names.insert(client.name).inserted, "client name empty or repeated: \(client.name)")
            require(digests.insert(client.credential.digest).inserted, "two clients share a token")
            require(client.credential.digest.count == 32, "a credential digest is not 32 bytes")
            if case .only(let keys) = client.dealers {
                for key in keys { require(config.dealers[key] != nil, "client \(client.name) names unknown dealer \(key)") }
            }
        }
        for (name, account) in config.providers {
            require(account.name == name, "provider \(name) is stored as \(account.name)")
            require(account.timeoutMs >= 1 && account.maxConnections >= 1, "provider \(name) limits out of range")
            require(settingsType(account.settings) == account.type, "provider \(name) of type \(account.type) has other settings")
        }
        for (key, dealer) in config.dealers {
            require(dealer.key == key, "dealer \(key) is stored as \(dealer.key)")
            guard let account = config.providers[dealer.providerAccount] else {
                violated("dealer \(key) sends through unknown account \(dealer.providerAccount)")
            }
            require(dealerSettingsType(dealer.settings) == account.type, "dealer \(key) settings do not fit \(account.type)")
        }

        let server = config.server
        require((0...65_535).contains(server.port), "port \(server.port)")
        require(!server.host.isEmpty, "empty host")
        for value in [server.maxConnections, server.maxTargetBytes, server.maxHeaderBytes, server.maxBodyBytes,
                      server.maxRequestsPerConnection] {
            require(value >= 1, "a server limit below 1: \(value)")
        }
        for value in [server.headerTimeoutMs, server.bodyTimeoutMs, server.idleTimeoutMs, server.shutdownGraceMs] {
            require((1...86_400_000).contains(value), "a timeout out of range: \(value)")
        }
        require((0...86_400_000).contains(server.drainDelayMs), "drain delay out of range: \(server.drainDelayMs)")
        require(["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(server.logLevel),
                "log level \(server.logLevel)")
        _ = server.httpServerConfiguration  // the conversions to the server's types must not trap
    }

    /// Every part's `description`, `debugDescription` and `dump`, maps in key order (a dictionary's
    /// iteration order is not stable between two copies).
    static func canonicalDescription(_ config: GatewayConfig) -> String {
        var parts = [describe(config.server), describe(config.storage)]
        parts += config.clients.map { describe($0) }
        parts += config.providers.sorted { $0.key < $1.key }.map { "\($0.key)=\(describe($0.value))" }
        parts += config.dealers.sorted { $0.key < $1.key }.map { "\($0.key)=\(describe($0.value))" }
        return parts.joined(separator: "\n")
    }

    private static func describe(_ value: Any) -> String {
        var dumped = ""
        dump(value, to: &dumped)
        return "\(String(describing: value))|\(String(reflecting: value))|\(dumped)"
    }

    /// The same configuration with every credential replaced by another value.
    static func withSecretsChanged(_ config: GatewayConfig) -> GatewayConfig {
        var changed = config
        changed.clients = config.clients.map { client in
            var client = client
            switch client.credential {
            case .token(let token): client.credential = .token(token + "-changed")
            case .sha256(let digest): client.credential = .sha256(digest.map { $0 ^ 0xA5 })
            }
            return client
        }
        for (name, account) in config.providers {
            var account = account
            switch account.settings {
            case var settings as CarGurusAccountSettings:
                settings.appID += "-changed"
                settings.authToken += "-changed"
                account.settings = settings
            case var settings as MyKaarmaAccountSettings:
                settings.username += "-changed"
                settings.password += "-changed"
                account.settings = settings
            case var settings as SendSMSAccountSettings:
                settings.apiKey += "-changed"
                account.settings = settings
            default:
                violated("provider \(name) has settings of an unknown type")
            }
            changed.providers[name] = account
        }
        return changed
    }

    private static func settingsType(_ settings: any ProviderAccountSettings) -> String {
        switch settings {
        case is CarGurusAccountSettings: CarGurusProviderConfig.typeName
        case is MyKaarmaAccountSettings: MyKaarmaProviderConfig.typeName
        case is SendSMSAccountSettings: SendSMSProviderConfig.typeName
        default: "unknown"
        }
    }

    private static func dealerSettingsType(_ settings: any DealerProviderSettings) -> String {
        switch settings {
        case is CarGurusDealerSettings: CarGurusProviderConfig.typeName
        case is MyKaarmaDealerSettings: MyKaarmaProviderConfig.typeName
        case is SendSMSDealerSettings: SendSMSProviderConfig.typeName
        default: "unknown"
        }
    }
}
