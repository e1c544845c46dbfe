import FuzzSupport
import Gateway

/// The fixed configuration the request fuzzer validates against: config/demo.yaml's dealers (one per
/// provider type) plus a CarGurus dealer without `cargurus_dealer_id`, for which the request's `from` is used.
///
/// The capabilities are what each adapter's `capabilities(for:)` declares (Sources/Providers/*Adapter.swift),
/// restated here so that this package needs only the Gateway module, not the Providers module and its
/// HTTP client dependencies.
enum FixedGateway {
    static let configText = """
        clients:
          - name: "fuzz-crm"
            token: "fuzz-token"
            dealers: ["*"]
        providers:
          cargurus-demo:
            type: cargurus
            url: "http://127.0.0.1:18081/Cars/api/1.0/dealerSMSRequest.action"
            app_id: "demo-app"
            auth_token: "demo-auth-token"
          mykaarma-demo:
            type: mykaarma
            base_url: "http://127.0.0.1:18082"
            username: "demo-user"
            password: "demo-pass"
          sendsms-demo:
            type: sendsms
            url: "http://127.0.0.1:18083/api"
            api_key: "demo-api-key"
        dealers:
          quirk-vw:
            provider: cargurus-demo
            cargurus_dealer_id: "sp61504"
          quirk-from:
            provider: cargurus-demo
            from: "+16175551212"
          lakeside-honda:
            provider: mykaarma-demo
            department_uuid: "9f0c2a4e-5b1d-4c8e-9a7f-3e2d1c0b9a81"
            user_uuid: "41aa7d3c-2e9f-4b6a-8c5d-7f1e0a9b2c34"
          sunrise-auto:
            provider: sendsms-demo
            from: "+18885551212"
            from_mask: "SunriseAuto"
        """

    /// The loaded configuration, through the same loader as `serve`.
    static let config: GatewayConfig = {
        do {
            return try GatewayConfigLoader.load(text: configText, environment: [:])
        } catch {
            violated("the fuzzer's fixed configuration does not load: \(error)")
        }
    }()

    /// What the dealer's adapter declares, as MessagesEndpoint asks it; nil for an unknown dealer
    /// (the endpoint's 422 `unknown_dealer`).
    static func capabilities(forDealer key: String) -> ProviderCapabilities? {
        guard let dealer = config.dealers[key], let account = config.providers[dealer.providerAccount] else { return nil }
        switch account.type {
        case CarGurusProviderConfig.typeName:
            return .cargurus(usesFrom: (dealer.settings as? CarGurusDealerSettings)?.cargurusDealerID == nil)
        case MyKaarmaProviderConfig.typeName: return .mykaarma
        case SendSMSProviderConfig.typeName: return .sendsms
        default: violated("the fixed configuration has a provider of type \(account.type)")
        }
    }

    /// Every distinct set of capabilities an adapter can declare.
    static let everyCapability: [ProviderCapabilities] = [
        .cargurus(usesFrom: false), .cargurus(usesFrom: true), .mykaarma, .sendsms,
    ]
}
