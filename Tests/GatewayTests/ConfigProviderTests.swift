import Testing
@testable import Gateway

@Suite("Config providers: accounts of each type")
struct ConfigProviderTests {
    @Test("each type's account settings are read, with the common defaults")
    func accounts() throws {
        let config = try ConfigTestSupport.load("""
            providers:
              cg:
                type: cargurus
                app_id: "app-1"
                auth_token: "auth-1"
              cg-custom:
                type: cargurus
                url: "http://127.0.0.1:18081/custom"
                app_id: "app-2"
                auth_token: "auth-2"
                timeout_ms: 2500
                max_connections: 8
              mk:
                type: mykaarma
                base_url: "https://mk.example.com"
                username: "user"
                password: "pass"
              mk-default:
                type: mykaarma
                username: "u"
                password: "p"
              ss:
                type: sendsms
                url: "https://sms.example.com/api"
                api_key: "key"
            """)
        let cg = try #require(config.providers["cg"])
        #expect(cg.name == "cg" && cg.type == "cargurus" && cg.timeoutMs == 10_000 && cg.maxConnections == 64)
        #expect(cg.settings as? CarGurusAccountSettings == CarGurusAccountSettings(
            url: "https://www.cargurus.com/Cars/api/1.0/dealerSMSRequest.action", appID: "app-1", authToken: "auth-1"))
        let custom = try #require(config.providers["cg-custom"])
        #expect(custom.timeoutMs == 2500 && custom.maxConnections == 8)
        #expect((custom.settings as? CarGurusAccountSettings)?.url == "http://127.0.0.1:18081/custom")
        #expect(config.providers["mk"]?.settings as? MyKaarmaAccountSettings == MyKaarmaAccountSettings(
            baseURL: "https://mk.example.com", username: "user", password: "pass"))
        #expect((config.providers["mk-default"]?.settings as? MyKaarmaAccountSettings)?.baseURL == "https://api.mykaarma.com")
        #expect(config.providers["ss"]?.settings as? SendSMSAccountSettings == SendSMSAccountSettings(
            url: "https://sms.example.com/api", apiKey: "key"))
        #expect(config.providers["ss"]?.type == "sendsms")
    }

    @Test("type is required and must be known")
    func types() {
        #expect(ConfigTestSupport.descriptions("""
            providers:
              a:
                url: "https://x.example.com"
              b:
                type: twilio
              c: "cargurus"
            """) == [
            "providers.a.type: is required",
            "providers.b.type: unknown provider type \"twilio\" (known: cargurus, mykaarma, sendsms)",
            "providers.c: must be a mapping",
        ])
    }

    @Test("credentials are required; all of an account's problems are reported together")
    func required() {
        #expect(ConfigTestSupport.descriptions("""
            providers:
              cg: {type: cargurus}
              mk: {type: mykaarma}
              ss: {type: sendsms}
            """) == [
            "providers.cg.app_id: is required",
            "providers.cg.auth_token: is required",
            "providers.mk.username: is required",
            "providers.mk.password: is required",
            "providers.ss.url: is required",
            "providers.ss.api_key: is required",
        ])
    }

    @Test("URLs must be absolute http(s); timeout_ms and max_connections positive")
    func urlsAndNumbers() {
        #expect(ConfigTestSupport.descriptions("""
            providers:
              cg:
                type: cargurus
                url: "ftp://files.example.com/x"
                app_id: a
                auth_token: b
                timeout_ms: 0
                max_connections: -1
              mk:
                type: mykaarma
                base_url: "/relative/path"
                username: u
                password: p
              ss:
                type: sendsms
                url: "https://"
                api_key: k
              ss2:
                type: sendsms
                url: "https://sms.example.com/a b"
                api_key: k2
            """) == [
            "providers.cg.timeout_ms: must be a positive integer, at most 86400000",
            "providers.cg.max_connections: must be a positive integer",
            "providers.cg.url: must be an absolute http:// or https:// URL",
            "providers.mk.base_url: must be an absolute http:// or https:// URL",
            "providers.ss.url: must be an absolute http:// or https:// URL",
            "providers.ss2.url: must be an absolute http:// or https:// URL",
        ])
    }

    @Test("format checks", arguments: [
        ("+15551234567", true), ("+1", false), ("+12", true), ("15551234567", false), ("+05551234567", false),
        ("+1234567890123456", false), ("+123456789012345", true), ("+1555 123", false), ("", false),
    ])
    func e164(_ text: String, _ valid: Bool) {
        #expect(E164.isValid(text) == valid)
    }

    @Test("URL checks", arguments: [
        ("https://a.example.com", true), ("HTTP://127.0.0.1:18081/x?y=1", true), ("http://[::1]:80/", true),
        ("mailto:a@b.c", false), ("https:/missing", false), ("//host/path", false), ("https://a.example.com/\n", false),
    ])
    func urls(_ text: String, _ valid: Bool) {
        #expect(ConfigFormats.isAbsoluteHTTPURL(text) == valid)
    }

    @Test("a custom provider type plugs in through providerTypes")
    func customType() throws {
        struct EchoAccount: ProviderAccountSettings { var greeting: String }
        struct EchoDealer: DealerProviderSettings { var room: Int }
        enum EchoConfig: ProviderConfigType {
            static let typeName = "echo"
            static let accountKeys: Set<String> = ["greeting"]
            static let dealerKeys: Set<String> = ["room"]
            static func decodeAccount(_ node: ConfigNode) throws(ConfigErrors) -> any ProviderAccountSettings {
                EchoAccount(greeting: try node.requiredChild("greeting").string())
            }
            static func decodeDealer(_ node: ConfigNode) throws(ConfigErrors) -> any DealerProviderSettings {
                EchoDealer(room: try node.requiredChild("room").positiveInt())
            }
        }
        let config = try GatewayConfigLoader.load(text: """
            providers:
              e: {type: echo, greeting: hi}
            dealers:
              d: {provider: e, room: 4}
            """, environment: [:], providerTypes: [EchoConfig.self])
        #expect((config.providers["e"]?.settings as? EchoAccount)?.greeting == "hi")
        #expect((config.dealers["d"]?.settings as? EchoDealer)?.room == 4)
    }
}
