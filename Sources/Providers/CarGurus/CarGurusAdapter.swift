import Gateway
import Store

/// CarGurus' Dealer SMS API: one form-encoded POST whose `body` parameter is the JSON DealerSMSRequest.
public struct CarGurusAdapter: WireAdapter {
    public static let plugin = ProviderPlugin(configType: CarGurusProviderConfig.self) { account, transport in
        CarGurusAdapter(account: account, transport: transport)
    }

    public let account: ProviderAccountConfig
    let transport: any UpstreamTransport
    private let provider = CarGurusProviderConfig.typeName

    public init(account: ProviderAccountConfig, transport: any UpstreamTransport) {
        self.account = account
        self.transport = transport
    }

    public func capabilities(for dealer: DealerConfig) -> ProviderCapabilities {
        let settings = dealer.settings as? CarGurusDealerSettings
        return .cargurus(usesFrom: settings?.cargurusDealerID == nil)
    }

    /// The exact request providers.md describes.
    func request(for message: ValidatedMessage, dealer: DealerConfig) -> UpstreamRequest? {
        guard let settings = account.settings as? CarGurusAccountSettings,
              let dealerSettings = dealer.settings as? CarGurusDealerSettings else { return nil }
        var json = JSONWriter()
        if let dealerID = dealerSettings.cargurusDealerID {
            json.raw("{\"dealer_id\":"); json.string(dealerID)
        } else {
            json.raw("{\"from\":"); json.string(message.request.from ?? dealerSettings.from ?? "")
        }
        json.raw(",\"to\":"); json.string(message.request.to)
        if let body = message.body { json.raw(",\"body\":"); json.string(body) }
        if !message.mediaURLs.isEmpty {
            json.raw(",\"media_urls\":[")
            for (i, url) in message.mediaURLs.enumerated() {
                if i > 0 { json.raw(",") }
                json.string(url)
            }
            json.raw("]")
        }
        json.raw("}")
        let form = WireEncoding.form([
            ("appId", settings.appID), ("authToken", settings.authToken),
            ("body", String(decoding: json.bytes, as: UTF8.self)),
        ])
        return UpstreamRequest(url: settings.url, headers: [
            ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
        ], body: form)
    }

    /// Reads an answer: `{"success":true,"sid":"…"}` or `{"success":false,"error":{"error_code":…,"description":"…"}}`.
    func outcome(of response: UpstreamResponse) -> ProviderOutcome {
        if let statusRow = TransportErrorMapping.outcome(forStatusOf: response, provider: provider) { return statusRow }
        guard let json = JSONValue.parse(response.body), let success = json["success"]?.bool else {
            return TransportErrorMapping.unreadableAnswer(response, provider: provider, detail: "not a DealerSMSResponse")
        }
        if success {
            guard let sid = json["sid"]?.string, !sid.isEmpty else {
                return TransportErrorMapping.unreadableAnswer(response, provider: provider, detail: "success without a sid")
            }
            return .sent(providerMessageID: sid, warnings: [])
        }
        guard let error = json["error"], let providerCode = error["error_code"]?.numberText else {
            return TransportErrorMapping.unreadableAnswer(response, provider: provider, detail: "failure without an error_code")
        }
        let code = CarGurusErrors.code(for: providerCode)
        let description = error["description"]?.string
        let e = GatewayError(code: code, provider: provider, providerCode: providerCode, providerMessage: description)
        return .failed(e, status: code.recordStatus)
    }
}
