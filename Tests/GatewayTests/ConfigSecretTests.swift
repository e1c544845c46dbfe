import Testing
@testable import Gateway

@Suite("Config secrets: never in errors or descriptions")
struct ConfigSecretTests {
    static let secrets = ["tok-SECRET-1", "app-SECRET-2", "auth-SECRET-3", "user-SECRET-4", "pass-SECRET-5", "key-SECRET-6"]

    static let yaml = """
        clients:
          - name: crm
            token: "tok-SECRET-1"
            dealers: ["*"]
        providers:
          cg:
            type: cargurus
            app_id: "app-SECRET-2"
            auth_token: "auth-SECRET-3"
          mk:
            type: mykaarma
            username: "user-SECRET-4"
            password: "pass-SECRET-5"
          ss:
            type: sendsms
            url: "https://sms.example.com/api"
            api_key: "key-SECRET-6"
        dealers:
          d1: {provider: cg, cargurus_dealer_id: sp1}
          d2: {provider: mk, department_uuid: a, user_uuid: b}
          d3: {provider: ss, from: "+18885551212"}
        """

    static func assertNoSecret(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            #expect(!text.contains(secret), "leaked \(secret) in: \(text)", sourceLocation: sourceLocation)
        }
        #expect(!text.contains("SECRET"), sourceLocation: sourceLocation)
    }

    @Test("descriptions, debug descriptions and dumps of the loaded config redact every credential")
    func descriptions() throws {
        let config = try ConfigTestSupport.load(Self.yaml)
        var dumped = ""
        dump(config, to: &dumped)
        Self.assertNoSecret(dumped)
        Self.assertNoSecret(String(describing: config))
        Self.assertNoSecret(String(reflecting: config))
        Self.assertNoSecret("\(config.clients) \(config.providers) \(config.dealers)")
        for account in config.providers.values {
            Self.assertNoSecret(String(describing: account))
            Self.assertNoSecret(String(describing: account.settings))
            Self.assertNoSecret(String(reflecting: account.settings))
        }
        for client in config.clients {
            Self.assertNoSecret(String(describing: client))
            Self.assertNoSecret(String(reflecting: client.credential))
        }
        // And the redacted text still says what the value is.
        let sendSMS = String(describing: try #require(config.providers["ss"]).settings)
        #expect(sendSMS == "SendSMSAccountSettings(url: https://sms.example.com/api, apiKey: <redacted>)")
        #expect(String(describing: ClientCredential.sha256([1, 2, 3])) == "sha256(<redacted>)")
    }

    @Test("errors about credential fields never repeat the credential")
    func errors() {
        let broken = """
            clients:
              - name: crm
                token: "tok SECRET-1"
                dealers: ["nope"]
              - name: crm
                token: "tok SECRET-1"
                dealers: ["*"]
              - name: crm2
                token_sha256: "SECRET-not-hex"
                dealers: ["*"]
            providers:
              cg:
                type: cargurus
                app_id: "app-SECRET-2"
                auth_token: "auth-SECRET-3"
                url: "https://user:pass-SECRET-5@cargurus.example.com x"
              ss:
                type: sendsms
                url: "https://sms.example.com/api"
                api_key: "key-SECRET-6"
                api_kye: "key-SECRET-6"
            server:
              port: "tok-SECRET-1"
              log_level: "auth-SECRET-3"
            """
        let text = ConfigTestSupport.descriptions(broken).joined(separator: "\n")
        #expect(!text.isEmpty)
        Self.assertNoSecret(text)
    }

    @Test("a ConfigNode describes its path and kind, never its value")
    func nodeDescription() throws {
        let (root, errors) = YAMLConfigParser.parse("a:\n  b: tok-SECRET-1\n", environment: [:])
        #expect(errors.isEmpty)
        let node = try #require(root?.child("a")?.child("b"))
        #expect(String(describing: node) == "ConfigNode(a.b, scalar)")
        var dumped = ""
        dump(node, to: &dumped)
        Self.assertNoSecret(dumped)
    }
}
