import Foundation
import Testing
@testable import Gateway

/// Helpers for the Config* suites.
enum ConfigTestSupport {
    /// The package's root folder (…/Tests/GatewayTests/ThisFile.swift → …).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Loads `text` with `environment` (none by default: tests never read the real environment).
    static func load(_ text: String, environment: [String: String] = [:]) throws(ConfigErrors) -> GatewayConfig {
        try GatewayConfigLoader.load(text: text, environment: environment)
    }

    /// The errors loading `text` produces; records an issue when it loads.
    static func errors(_ text: String, environment: [String: String] = [:],
                       sourceLocation: SourceLocation = #_sourceLocation) -> [ConfigError] {
        do {
            _ = try GatewayConfigLoader.load(text: text, environment: environment)
            Issue.record("expected configuration errors, but it loaded", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.errors
        }
    }

    /// The error descriptions (`path: message`) loading `text` produces.
    static func descriptions(_ text: String, environment: [String: String] = [:],
                             sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        errors(text, environment: environment, sourceLocation: sourceLocation).map(\.description)
    }

    /// The paths of the errors loading `text` produces.
    static func paths(_ text: String, environment: [String: String] = [:],
                      sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        errors(text, environment: environment, sourceLocation: sourceLocation).map(\.path)
    }

    /// One valid account of each provider type, for dealer tests.
    static let providers = """
        providers:
          cg:
            type: cargurus
            app_id: "app"
            auth_token: "auth"
          mk:
            type: mykaarma
            username: "user"
            password: "pass"
          ss:
            type: sendsms
            url: "https://sms.example.com/api"
            api_key: "key"
        """
}
