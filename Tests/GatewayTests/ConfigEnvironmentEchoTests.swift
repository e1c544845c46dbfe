import Testing
@testable import Gateway

/// Regression for a config-fuzz finding: four messages quoted a string value (a provider `type`, a
/// dealer's `provider`, a client `name`, a key in a client's `dealers`), and when that value came from
/// `${NAME}` the environment value (possibly a token) showed in the error. Such values are now not shown.
@Suite("Config errors never echo a value from the environment")
struct ConfigEnvironmentEchoTests {
    static let secret = "tokQ7vXk2LmN9pR4sT8"
    static let environment = ["DEALER_CRM_TOKEN": secret]

    static func descriptions(_ text: String) -> [String] {
        ConfigTestSupport.descriptions(text, environment: environment)
    }

    @Test("unknown provider type from the environment")
    func providerType() {
        let lines = Self.descriptions("""
            providers:
              s: {type: "se${DEALER_CRM_TOKEN}x", url: "https://sms.example.com/api", api_key: k}
            """)
        #expect(lines.contains { $0.hasPrefix("providers.s.type: unknown provider type (a value from the environment)") })
        #expect(!lines.contains { $0.contains(Self.secret) })
    }

    @Test("dealer's provider account from the environment")
    func dealerProvider() {
        let lines = Self.descriptions("""
            dealers:
              d: {provider: "${DEALER_CRM_TOKEN}", from: "+18885551212"}
            """)
        #expect(lines.contains("dealers.d.provider: no provider account named (a value from the environment)"))
        #expect(!lines.contains { $0.contains(Self.secret) })
    }

    @Test("client name and dealer key from the environment")
    func clientNameAndDealer() {
        let lines = Self.descriptions("""
            clients:
              - {name: "${DEALER_CRM_TOKEN}", token: a, dealers: ["*"]}
              - {name: "${DEALER_CRM_TOKEN}", token: b, dealers: ["${DEALER_CRM_TOKEN}"]}
            """)
        #expect(lines.contains { $0.hasPrefix("clients[1].name: duplicate client name (a value from the environment)") })
        #expect(lines.contains("clients[1].dealers[0]: no dealer named (a value from the environment)"))
        #expect(!lines.contains { $0.contains(Self.secret) })
    }

    @Test("a value written in the file is still quoted")
    func literalValueQuoted() {
        let lines = Self.descriptions("""
            dealers:
              d: {provider: "cargurus-mian", from: "+18885551212"}
            """)
        #expect(lines.contains("dealers.d.provider: no provider account named \"cargurus-mian\""))
    }
}
