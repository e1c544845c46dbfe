/// Reads the `server` section and applies the `PORT` and `LOG_LEVEL` environment overrides.
enum ServerSection {
    static let keys: Set<String> = [
        "host", "port", "max_connections", "max_target_bytes", "max_header_bytes", "max_body_bytes",
        "header_timeout_ms", "body_timeout_ms", "idle_timeout_ms", "max_requests_per_connection",
        "drain_delay_ms", "shutdown_grace_ms", "log_level",
    ]
    static let portRange = 0...65_535

    /// The settings (defaults where a value is absent or wrong) and the errors found.
    static func decode(_ node: ConfigNode?, environment: [String: String]) -> (ServerSettings, ConfigErrors) {
        var settings = ServerSettings()
        var errors = ConfigErrors()
        if let node {
            if node.kind != .mapping {
                errors.append(contentsOf: node.error("must be a mapping"))
            }
            errors.collect { () throws(ConfigErrors) in try node.rejectUnknownKeys(allowed: keys) }
            func read<T>(_ key: String, _ field: WritableKeyPath<ServerSettings, T>,
                         _ reader: (ConfigNode) throws(ConfigErrors) -> T) {
                guard let child = node.child(key) else { return }
                if let value = errors.collect({ () throws(ConfigErrors) in try reader(child) }) {
                    settings[keyPath: field] = value
                }
            }
            read("host", \.host) { node throws(ConfigErrors) in try node.string() }
            read("port", \.port) { node throws(ConfigErrors) in try node.int(in: portRange) }
            let positive: [(String, WritableKeyPath<ServerSettings, Int>)] = [
                ("max_connections", \.maxConnections), ("max_target_bytes", \.maxTargetBytes),
                ("max_header_bytes", \.maxHeaderBytes), ("max_body_bytes", \.maxBodyBytes),
                ("max_requests_per_connection", \.maxRequestsPerConnection),
            ]
            for (key, field) in positive {
                read(key, field) { node throws(ConfigErrors) in try node.positiveInt() }
            }
            let durations: [(String, WritableKeyPath<ServerSettings, Int>)] = [
                ("header_timeout_ms", \.headerTimeoutMs), ("body_timeout_ms", \.bodyTimeoutMs),
                ("idle_timeout_ms", \.idleTimeoutMs), ("shutdown_grace_ms", \.shutdownGraceMs),
            ]
            for (key, field) in durations {
                read(key, field) { node throws(ConfigErrors) in try node.milliseconds() }
            }
            read("drain_delay_ms", \.drainDelayMs) { node throws(ConfigErrors) in try node.milliseconds(allowZero: true) }
            read("log_level", \.logLevel) { node throws(ConfigErrors) in
                guard let level = logLevel(try node.string()) else {
                    throw node.error("must be one of \(ServerSettings.logLevels.joined(separator: "|"))")
                }
                return level
            }
        }
        applyOverrides(to: &settings, environment: environment, errors: &errors)
        return (settings, errors)
    }

    /// `PORT` replaces `server.port`, `LOG_LEVEL` replaces `server.log_level`; empty means unset.
    static func applyOverrides(to settings: inout ServerSettings, environment: [String: String], errors: inout ConfigErrors) {
        if let port = environment["PORT"], !port.isEmpty {
            if let value = ConfigNode.intValue(port), portRange.contains(value) {
                settings.port = value
            } else {
                errors.append(ConfigError(
                    path: "server.port",
                    message: "the PORT environment variable must be an integer from 0 to 65535"))
            }
        }
        if let level = environment["LOG_LEVEL"], !level.isEmpty {
            if let value = logLevel(level) {
                settings.logLevel = value
            } else {
                errors.append(ConfigError(
                    path: "server.log_level",
                    message: "the LOG_LEVEL environment variable must be one of \(ServerSettings.logLevels.joined(separator: "|"))"))
            }
        }
    }

    /// The canonical (lower-case) level for `text`, any case; nil when it is not a level.
    static func logLevel(_ text: String) -> String? {
        let lowered = text.lowercased()
        return ServerSettings.logLevels.contains(lowered) ? lowered : nil
    }
}
