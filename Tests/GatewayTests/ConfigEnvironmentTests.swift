import Testing
@testable import Gateway

@Suite("Config environment: ${NAME} substitution")
struct ConfigEnvironmentTests {
    @Test("${NAME} is replaced in any string, several per string, and numbers from variables are read")
    func substitution() throws {
        let config = try ConfigTestSupport.load("""
            server:
              host: "${HOST}"
              port: ${GATEWAY_PORT}
              idle_timeout_ms: "${IDLE}"
            storage:
              sqlite_path: "${DATA_DIR}/${DB_NAME}.sqlite"
            providers:
              ss:
                type: sendsms
                url: "https://${SMS_HOST}/api"
                api_key: ${KEY}
            """, environment: [
            "HOST": "127.0.0.1", "GATEWAY_PORT": "9191", "IDLE": "1234", "DATA_DIR": "/var/data",
            "DB_NAME": "gw", "SMS_HOST": "sms.example.com", "KEY": "k-${NOT_EXPANDED}",
        ])
        #expect(config.server.host == "127.0.0.1")
        #expect(config.server.port == 9191)
        #expect(config.server.idleTimeoutMs == 1234)
        #expect(config.storage.sqlitePath == "/var/data/gw.sqlite")
        let account = try #require(config.providers["ss"]?.settings as? SendSMSAccountSettings)
        #expect(account.url == "https://sms.example.com/api")
        #expect(account.apiKey == "k-${NOT_EXPANDED}")
    }

    @Test("a string without ${ is unchanged; a lone $ stays")
    func literalDollar() throws {
        let config = try ConfigTestSupport.load("storage:\n  sqlite_path: \"price$5/$HOME.sqlite\"\n")
        #expect(config.storage.sqlitePath == "price$5/$HOME.sqlite")
    }

    @Test("a missing variable is an error naming it and the path, once per value, never a value")
    func missing() {
        let errors = ConfigTestSupport.errors("""
            clients:
              - name: crm
                token: "${DEALER_CRM_TOKEN}"
                dealers: ["*"]
            providers:
              cg:
                type: cargurus
                app_id: "${CARGURUS_APP_ID}-${CARGURUS_APP_ID}-${REGION}"
                auth_token: "${CARGURUS_AUTH_TOKEN}"
            """, environment: ["CARGURUS_AUTH_TOKEN": "super-secret-auth", "REGION": "eu"])
        #expect(errors.map(\.description) == [
            "clients[0].token: environment variable DEALER_CRM_TOKEN is not set",
            "providers.cg.app_id: environment variable CARGURUS_APP_ID is not set",
        ])
        #expect(!errors.map(\.description).joined().contains("super-secret-auth"))
    }

    @Test("malformed references are errors that do not repeat the text")
    func malformed() {
        #expect(ConfigTestSupport.descriptions("""
            storage:
              sqlite_path: "pa${ss-word"
            server:
              host: "${1BAD}"
            """) == [
            "storage.sqlite_path: unterminated ${...} reference",
            "server.host: malformed ${...} reference (a name is letters, digits and _, not starting with a digit)",
        ])
    }

    @Test("an empty variable makes an empty string, which required strings reject")
    func emptyVariable() {
        #expect(ConfigTestSupport.descriptions("""
            clients:
              - name: crm
                token: "${TOKEN}"
                dealers: ["*"]
            """, environment: ["TOKEN": ""]) == ["clients[0].token: must not be empty"])
    }

    @Test("keys are not substituted")
    func keysStayLiteral() {
        #expect(ConfigTestSupport.paths("${SECTION}: {}\n", environment: ["SECTION": "server"]) == ["${SECTION}"])
    }
}
