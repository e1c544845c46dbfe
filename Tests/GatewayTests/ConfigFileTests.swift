import Foundation
import Testing
@testable import Gateway

@Suite("Config files: config/demo.yaml and config/gateway.yaml")
struct ConfigFileTests {
    static var demoPath: String { ConfigTestSupport.packageRoot.appendingPathComponent("config/demo.yaml").path }
    static var gatewayPath: String { ConfigTestSupport.packageRoot.appendingPathComponent("config/gateway.yaml").path }

    @Test("demo.yaml loads with no environment variables and says what the demo needs")
    func demo() throws {
        let config = try GatewayConfigLoader.load(path: Self.demoPath, environment: [:])
        #expect(config.server.host == "127.0.0.1")
        #expect(config.server.port == 8080)
        #expect(config.storage.sqlitePath == "data/demo.sqlite")

        #expect(config.clients.map(\.name) == ["demo-crm", "limited-crm"])
        let demo = config.clients[0]
        #expect(demo.credential.matches(bearerToken: "demo-token"))
        #expect(demo.dealers == .all)
        let limited = config.clients[1]
        #expect(limited.credential.matches(bearerToken: "limited-token"))
        #expect(limited.dealers == .only(["sunrise-auto"]))

        #expect(config.providers["cargurus-demo"]?.settings as? CarGurusAccountSettings == CarGurusAccountSettings(
            url: "http://127.0.0.1:18081/Cars/api/1.0/dealerSMSRequest.action", appID: "demo-app", authToken: "demo-auth-token"))
        #expect(config.providers["mykaarma-demo"]?.settings as? MyKaarmaAccountSettings == MyKaarmaAccountSettings(
            baseURL: "http://127.0.0.1:18082", username: "demo-user", password: "demo-pass"))
        #expect(config.providers["sendsms-demo"]?.settings as? SendSMSAccountSettings == SendSMSAccountSettings(
            url: "http://127.0.0.1:18083/api", apiKey: "demo-api-key"))

        #expect(config.dealers["quirk-vw"]?.providerAccount == "cargurus-demo")
        #expect((config.dealers["quirk-vw"]?.settings as? CarGurusDealerSettings)?.cargurusDealerID == "sp61504")
        #expect(config.dealers["lakeside-honda"]?.providerAccount == "mykaarma-demo")
        #expect(config.dealers["lakeside-honda"]?.settings is MyKaarmaDealerSettings)
        #expect(config.dealers["sunrise-auto"]?.providerAccount == "sendsms-demo")
        #expect(config.dealers["sunrise-auto"]?.settings as? SendSMSDealerSettings
            == SendSMSDealerSettings(from: "+18885551212", fromMask: "SunriseAuto"))
    }

    static let gatewayEnvironment = [
        "DEALER_CRM_TOKEN": "crm-token", "CARGURUS_APP_ID": "cg-app", "CARGURUS_AUTH_TOKEN": "cg-auth",
        "MYKAARMA_USERNAME": "mk-user", "MYKAARMA_PASSWORD": "mk-pass", "SENDSMS_API_KEY": "ss-key",
    ]

    @Test("gateway.yaml loads with its variables set, in config.md's shape")
    func gateway() throws {
        let config = try GatewayConfigLoader.load(path: Self.gatewayPath, environment: Self.gatewayEnvironment)
        #expect(config.server == ServerSettings())
        #expect(config.storage.sqlitePath == "data/gateway.sqlite")
        #expect(config.clients.map(\.name) == ["dealer-crm"])
        #expect(config.clients.first?.credential.matches(bearerToken: "crm-token") == true)
        #expect(Set(config.providers.keys) == ["cargurus-main", "mykaarma-main", "sendsms-main"])
        #expect((config.providers["cargurus-main"]?.settings as? CarGurusAccountSettings)?.authToken == "cg-auth")
        #expect((config.providers["mykaarma-main"]?.settings as? MyKaarmaAccountSettings)?.password == "mk-pass")
        #expect((config.providers["sendsms-main"]?.settings as? SendSMSAccountSettings)?.apiKey == "ss-key")
        #expect(Set(config.dealers.keys) == ["quirk-vw", "lakeside-honda", "sunrise-auto"])
        #expect(config.dealers["sunrise-auto"]?.settings as? SendSMSDealerSettings == SendSMSDealerSettings(
            from: "+18885551212", fromMask: "SunriseAuto", campaignRef: "campaign2345", clickTracking: false))
    }

    @Test("gateway.yaml without its variables names each missing one")
    func gatewayWithoutEnvironment() {
        do {
            _ = try GatewayConfigLoader.load(path: Self.gatewayPath, environment: [:])
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.description) == [
                "clients[0].token: environment variable DEALER_CRM_TOKEN is not set",
                "providers.cargurus-main.app_id: environment variable CARGURUS_APP_ID is not set",
                "providers.cargurus-main.auth_token: environment variable CARGURUS_AUTH_TOKEN is not set",
                "providers.mykaarma-main.username: environment variable MYKAARMA_USERNAME is not set",
                "providers.mykaarma-main.password: environment variable MYKAARMA_PASSWORD is not set",
                "providers.sendsms-main.api_key: environment variable SENDSMS_API_KEY is not set",
            ])
        }
    }

    @Test("the description of ConfigErrors is one error per line")
    func errorsDescription() {
        let errors = ConfigErrors([ConfigError(path: "a.b", message: "x"), ConfigError(path: "c", message: "y")])
        #expect(errors.description == "a.b: x\nc: y")
    }
}
