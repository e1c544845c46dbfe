import Gateway
import Store

/// myKaarma's "send a text to a customer": a JSON POST to the department/user/customer path, Basic auth,
/// sent synchronously so the answer says whether the text went out.
public struct MyKaarmaAdapter: WireAdapter {
    public static let plugin = ProviderPlugin(configType: MyKaarmaProviderConfig.self) { account, transport in
        MyKaarmaAdapter(account: account, transport: transport)
    }

    public let account: ProviderAccountConfig
    let transport: any UpstreamTransport
    private let provider = MyKaarmaProviderConfig.typeName
    /// `Basic base64(username:password)`, made once per account rather than once per message.
    private let authorization: String?

    public init(account: ProviderAccountConfig, transport: any UpstreamTransport) {
        self.account = account
        self.transport = transport
        authorization = (account.settings as? MyKaarmaAccountSettings).map {
            WireEncoding.basicAuth(username: $0.username, password: $0.password)
        }
    }

    public func capabilities(for dealer: DealerConfig) -> ProviderCapabilities { .mykaarma }

    func request(for message: ValidatedMessage, dealer: DealerConfig) -> UpstreamRequest? {
        guard let settings = account.settings as? MyKaarmaAccountSettings, let authorization,
              let d = dealer.settings as? MyKaarmaDealerSettings,
              let customer = message.request.customerID else { return nil }
        let options = message.request.options
        let base = settings.baseURL.hasSuffix("/") ? String(settings.baseURL.dropLast()) : settings.baseURL
        let url = base + "/communications/department/\(WireEncoding.pathSegment(d.departmentUUID))"
            + "/user/\(WireEncoding.pathSegment(d.userUUID))/customer/\(WireEncoding.pathSegment(customer))/message"
        var json = JSONWriter()
        json.raw("{\"messageAttributes\":{\"body\":"); json.string(message.body ?? "")
        json.raw(",\"isManual\":"); json.bool(options.isManual ?? false)
        json.raw(",\"protocol\":\"TEXT\",\"type\":\"OUTGOING\"},\"messageSendingAttributes\":{\"communicationValueOfCustomer\":")
        json.string(message.request.to)
        json.raw(",\"sendSynchronously\":true")
        json.raw(",\"addTCPAFooter\":"); json.bool(options.addTCPAFooter ?? d.addTCPAFooter)
        json.raw(",\"addSignature\":"); json.bool(options.addSignature ?? d.addSignature)
        json.raw(",\"addFooter\":"); json.bool(options.addFooter ?? d.addFooter)
        json.raw(",\"sendVCard\":"); json.bool(options.sendVCard ?? d.sendVCard)
        json.raw("}}")
        return UpstreamRequest(url: url, headers: [
            ("Authorization", authorization),
            ("Accept", "application/json"), ("Content-Type", "application/json"),
        ], body: json.bytes)
    }

    func outcome(of response: UpstreamResponse) -> ProviderOutcome {
        if let statusRow = TransportErrorMapping.outcome(forStatusOf: response, provider: provider) { return statusRow }
        guard let json = JSONValue.parse(response.body), let status = json["status"]?.string else {
            return TransportErrorMapping.unreadableAnswer(response, provider: provider, detail: "not a myKaarma message response")
        }
        let errors = json["errors"]?.array ?? []
        if status != "SUCCESS" || !errors.isEmpty {
            let first = errors.first
            let e = GatewayError(code: MyKaarmaErrors.refused, provider: provider,
                                 providerCode: first?["errorCode"]?.string ?? first?["errorCode"]?.numberText ?? status,
                                 providerMessage: first?["errorDescription"]?.string)
            return .failed(e, status: .failed)
        }
        guard let messageUUID = json["messageUUID"]?.string, !messageUUID.isEmpty else {
            let e = GatewayError(code: MyKaarmaErrors.successWithoutID, message: "myKaarma reported SUCCESS without a messageUUID; the message may have been sent.",
                                 provider: provider, providerCode: status)
            return .failed(e, status: .unknown)
        }
        let warnings = (json["warnings"]?.array ?? []).map { w -> MessageWarning in
            let code = w["warningCode"]?.string ?? w["warningCode"]?.numberText
            let text = w["warningDescription"]?.string ?? "myKaarma warning"
            return MessageWarning(code: MyKaarmaErrors.warningCode, message: code.map { "\($0): \(text)" } ?? text)
        }
        return .sent(providerMessageID: messageUUID, warnings: warnings)
    }
}
