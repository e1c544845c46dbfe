import Gateway
import Store

/// The `action: sendsms` JSON API: one POST with `x-api-key`, hyphenated keys.
public struct SendSMSAdapter: WireAdapter {
    public static let plugin = ProviderPlugin(configType: SendSMSProviderConfig.self) { account, transport in
        SendSMSAdapter(account: account, transport: transport)
    }

    public let account: ProviderAccountConfig
    let transport: any UpstreamTransport
    private let provider = SendSMSProviderConfig.typeName

    public init(account: ProviderAccountConfig, transport: any UpstreamTransport) {
        self.account = account
        self.transport = transport
    }

    public func capabilities(for dealer: DealerConfig) -> ProviderCapabilities { .sendsms }

    func request(for message: ValidatedMessage, dealer: DealerConfig) -> UpstreamRequest? {
        guard let settings = account.settings as? SendSMSAccountSettings,
              let d = dealer.settings as? SendSMSDealerSettings else { return nil }
        let options = message.request.options
        var json = JSONWriter()
        json.raw("{\"action\":\"sendsms\",\"message-text\":"); json.string(message.body ?? "")
        json.raw(",\"to\":"); json.string(message.request.to)
        json.raw(",\"from\":"); json.string(message.request.from ?? d.from)
        // The last three only when set explicitly, request options first, then the dealer's config.
        if let mask = options.fromMask ?? d.fromMask { json.raw(",\"from-mask\":"); json.string(mask) }
        if let campaign = options.campaignRef ?? d.campaignRef { json.raw(",\"campaign-ref\":"); json.string(campaign) }
        if let tracking = options.clickTracking ?? d.clickTracking { json.raw(",\"click-tracking\":"); json.bool(tracking) }
        json.raw("}")
        return UpstreamRequest(url: settings.url, headers: [
            ("x-api-key", settings.apiKey), ("content-type", "application/json"),
        ], body: json.bytes)
    }

    /// `{"status":"Success","tracking-id":…}` or `{"status":"Failure","error-code":"E111","error-info":…}`;
    /// the status compared case-insensitively.
    func outcome(of response: UpstreamResponse) -> ProviderOutcome {
        if let statusRow = TransportErrorMapping.outcome(forStatusOf: response, provider: provider) { return statusRow }
        guard let json = JSONValue.parse(response.body), let status = json["status"]?.string?.lowercased() else {
            return TransportErrorMapping.unreadableAnswer(response, provider: provider, detail: "not a sendsms response")
        }
        switch status {
        case "success":
            guard let trackingID = json["tracking-id"]?.string, !trackingID.isEmpty else {
                return TransportErrorMapping.unreadableAnswer(response, provider: provider, detail: "Success without a tracking-id")
            }
            return .sent(providerMessageID: trackingID, warnings: [])
        case "failure":
            guard let providerCode = json["error-code"]?.string ?? json["error-code"]?.numberText else {
                return TransportErrorMapping.unreadableAnswer(response, provider: provider, detail: "Failure without an error-code")
            }
            let code = SendSMSErrors.code(for: providerCode)
            let e = GatewayError(code: code, provider: provider, providerCode: providerCode, providerMessage: json["error-info"]?.string)
            return .failed(e, status: code.recordStatus)
        default:
            return TransportErrorMapping.unreadableAnswer(response, provider: provider, detail: "unknown status")
        }
    }
}
