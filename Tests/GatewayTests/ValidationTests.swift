import Testing
@testable import Gateway

@Suite("MessageValidator")
struct ValidationTests {
    static let cargurusWithDealerID = ProviderCapabilities.cargurus(usesFrom: false)
    static let cargurusWithoutDealerID = ProviderCapabilities.cargurus(usesFrom: true)
    static let mykaarma = ProviderCapabilities.mykaarma
    static let sendsms = ProviderCapabilities.sendsms
    static let all = [cargurusWithDealerID, cargurusWithoutDealerID, mykaarma, sendsms]

    private func request(
        to: String = "+15551234567", body: String? = "Hello", media: [String] = [], from: String? = nil,
        customerID: String? = nil, options: MessageOptions = MessageOptions()
    ) -> MessageRequest {
        MessageRequest(dealerID: "d", to: to, body: body, mediaURLs: media, from: from, customerID: customerID, options: options)
    }

    private func validated(_ request: MessageRequest, _ capabilities: ProviderCapabilities,
                           sourceLocation: SourceLocation = #_sourceLocation) -> ValidatedMessage? {
        switch MessageValidator.validate(request, capabilities: capabilities) {
        case .success(let message): return message
        case .failure(let error):
            Issue.record("expected success, got \(error.code.rawValue) field=\(error.field ?? "nil")", sourceLocation: sourceLocation)
            return nil
        }
    }

    private func expectError(_ request: MessageRequest, _ capabilities: ProviderCapabilities,
                             code: GatewayErrorCode, status: Int, field: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        switch MessageValidator.validate(request, capabilities: capabilities) {
        case .success:
            Issue.record("expected \(code.rawValue) for \(capabilities.providerType)", sourceLocation: sourceLocation)
        case .failure(let error):
            #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
            #expect(error.httpStatus == status, sourceLocation: sourceLocation)
            #expect(error.field == field, sourceLocation: sourceLocation)
            #expect(error.provider == nil && error.providerCode == nil && error.providerMessage == nil, sourceLocation: sourceLocation)
        }
    }

    // MARK: customer_id

    @Test func mykaarmaRequiresCustomerID() {
        expectError(request(), Self.mykaarma, code: .invalidRequest, status: 400, field: "customer_id")
        expectError(request(customerID: ""), Self.mykaarma, code: .invalidRequest, status: 400, field: "customer_id")
        #expect(validated(request(customerID: "3f2a"), Self.mykaarma)?.warnings == [])
    }

    @Test func customerIDIsCheckedBeforeTheRecipient() {
        expectError(request(to: "bad", body: nil), Self.mykaarma, code: .invalidRequest, status: 400, field: "customer_id")
    }

    @Test("customer_id for other providers is ignored with a warning", arguments: [cargurusWithDealerID, sendsms])
    func customerIDIgnored(capabilities: ProviderCapabilities) throws {
        let message = try #require(validated(request(customerID: "c"), capabilities))
        #expect(message.warnings.count == 1)
        #expect(message.warnings.first?.code == "option_ignored")
        #expect(message.warnings.first?.message.contains("customer_id") == true)
    }

    // MARK: from

    @Test("a bad from is 400 where from is used", arguments: [cargurusWithoutDealerID, sendsms])
    func badFromWhereUsed(capabilities: ProviderCapabilities) {
        for bad in ["5551234567", "+0555", "", "+1 555 123 4567"] {
            expectError(request(from: bad), capabilities, code: .invalidRequest, status: 400, field: "from")
        }
        #expect(validated(request(from: "+15557654321"), capabilities)?.warnings == [])
    }

    @Test func badFromIsCheckedBeforeTheRecipientAndContent() {
        expectError(request(to: "bad", body: nil, from: "bad"), Self.sendsms, code: .invalidRequest, status: 400, field: "from")
    }

    @Test("from is not checked, only warned, where unused", arguments: [cargurusWithDealerID, mykaarma])
    func fromIgnored(capabilities: ProviderCapabilities) throws {
        let customerID = capabilities.requiresCustomerID ? "c" : nil
        let message = try #require(validated(request(from: "not a number", customerID: customerID), capabilities))
        #expect(message.warnings.map(\.code) == ["option_ignored"])
        #expect(message.warnings.first?.message.contains("'from'") == true)
    }

    // MARK: from_mask

    @Test func fromMaskLengthOnlyWhereUsed() throws {
        let eleven = MessageOptions(fromMask: "ABCDEFGHIJK")
        let twelve = MessageOptions(fromMask: "ABCDEFGHIJKL")
        #expect(validated(request(options: eleven), Self.sendsms)?.warnings == [])
        expectError(request(options: twelve), Self.sendsms, code: .invalidRequest, status: 400, field: "options.from_mask")
        // Counted in Unicode scalars: 11 × "é" fits.
        #expect(validated(request(options: MessageOptions(fromMask: String(repeating: "é", count: 11))), Self.sendsms) != nil)
        let ignored = try #require(validated(request(options: twelve), Self.cargurusWithDealerID))
        #expect(ignored.warnings.map(\.code) == ["option_ignored"])
        #expect(ignored.warnings.first?.message.contains("options.from_mask") == true)
    }

    @Test func fromMaskIsCheckedAfterFrom() {
        let options = MessageOptions(fromMask: String(repeating: "x", count: 20))
        expectError(request(from: "bad", options: options), Self.sendsms, code: .invalidRequest, status: 400, field: "from")
        expectError(request(to: "bad", options: options), Self.sendsms, code: .invalidRequest, status: 400, field: "options.from_mask")
    }

    // MARK: to

    @Test("a bad recipient is 422 invalid_recipient for every provider", arguments: all)
    func badRecipient(capabilities: ProviderCapabilities) {
        for bad in ["", "5551234567", "+", "+1", "+1234567890123456", "+1555123456x"] {
            expectError(request(to: bad, customerID: "c"), capabilities, code: .invalidRecipient, status: 422, field: "to")
        }
    }

    @Test func recipientIsCheckedBeforeContent() {
        expectError(request(to: "bad", body: nil), Self.sendsms, code: .invalidRecipient, status: 422, field: "to")
    }

    // MARK: content

    @Test("no body and no media is invalid_content", arguments: all)
    func emptyContent(capabilities: ProviderCapabilities) {
        for (body, media) in [(nil, []), ("", []), (nil, [String]()), ("", [String]())] as [(String?, [String])] {
            expectError(request(body: body, media: media, customerID: "c"), capabilities, code: .invalidContent, status: 422, field: "body")
        }
    }

    @Test("body at most 1600 Unicode scalars", arguments: all)
    func bodyLength(capabilities: ProviderCapabilities) throws {
        let ok = try #require(validated(request(body: String(repeating: "a", count: 1600), customerID: "c"), capabilities))
        #expect(ok.segments == 11 && ok.encoding == .gsm7)
        expectError(request(body: String(repeating: "a", count: 1601), customerID: "c"), capabilities, code: .invalidContent, status: 422, field: "body")
        // 1600 emoji are 1600 scalars (3200 UTF-16 units): allowed.
        #expect(validated(request(body: String(repeating: "😀", count: 1600), customerID: "c"), capabilities) != nil)
        expectError(request(body: String(repeating: "😀", count: 1601), customerID: "c"), capabilities, code: .invalidContent, status: 422, field: "body")
        // A flag is one Character but two scalars: 800 flags = 1600 scalars, 801 is over.
        #expect(validated(request(body: String(repeating: "🇫🇷", count: 800), customerID: "c"), capabilities) != nil)
        expectError(request(body: String(repeating: "🇫🇷", count: 801), customerID: "c"), capabilities, code: .invalidContent, status: 422, field: "body")
    }

    @Test func mediaOnlyForCarGurus() throws {
        let media = ["https://cdn.example/a.jpg"]
        let message = try #require(validated(request(body: nil, media: media), Self.cargurusWithDealerID))
        #expect(message.segments == 0 && message.encoding == .none)
        #expect(message.body == nil && message.mediaURLs == media)
        let emptyBody = try #require(validated(request(body: "", media: media), Self.cargurusWithoutDealerID))
        #expect(emptyBody.body == nil && emptyBody.segments == 0 && emptyBody.encoding == .none)
        expectError(request(media: media, customerID: "c"), Self.mykaarma, code: .invalidContent, status: 422, field: "media_urls")
        expectError(request(media: media), Self.sendsms, code: .invalidContent, status: 422, field: "media_urls")
    }

    @Test func atMostTenMedia() {
        let ten = (0..<10).map { "https://cdn.example/\($0).jpg" }
        #expect(validated(request(media: ten), Self.cargurusWithDealerID) != nil)
        expectError(request(media: ten + ["https://cdn.example/x.jpg"]), Self.cargurusWithDealerID, code: .invalidContent, status: 422, field: "media_urls")
    }

    @Test func mediaMustBeAbsoluteHTTPURLs() {
        for bad in ["cdn.example/a.jpg", "ftp://cdn.example/a.jpg", "", "https://", "/a.jpg"] {
            expectError(request(media: ["https://cdn.example/ok.jpg", bad]), Self.cargurusWithDealerID,
                        code: .invalidContent, status: 422, field: "media_urls")
        }
        #expect(validated(request(media: ["http://cdn.example/a.jpg", "HTTPS://cdn.example/b.png?x=1"]), Self.cargurusWithDealerID) != nil)
    }

    @Test func bodyTooLongWinsOverMediaProblems() {
        expectError(request(body: String(repeating: "a", count: 1601), media: ["bad"]), Self.sendsms, code: .invalidContent, status: 422, field: "body")
    }

    // MARK: warnings and result

    @Test func ignoredOptionsWarnInRequestOrder() throws {
        let options = MessageOptions(clickTracking: true, fromMask: "Q", isManual: true, setKeys: ["is_manual", "from_mask", "click_tracking"])
        let mykaarma = try #require(validated(request(from: "+15557654321", customerID: "c", options: options), Self.mykaarma))
        #expect(mykaarma.warnings.map(\.code) == ["option_ignored", "option_ignored", "option_ignored"])
        #expect(mykaarma.warnings.map(\.message).map { $0.contains("'from'") } == [true, false, false])
        #expect(mykaarma.warnings[1].message.contains("options.from_mask"))
        #expect(mykaarma.warnings[2].message.contains("options.click_tracking"))

        let sendsms = try #require(validated(request(options: options), Self.sendsms))
        #expect(sendsms.warnings.count == 1)
        #expect(sendsms.warnings[0].message.contains("options.is_manual"))

        let cargurus = try #require(validated(request(options: options), Self.cargurusWithDealerID))
        #expect(cargurus.warnings.count == 3)
    }

    @Test("every myKaarma option is used by myKaarma only", arguments: [MessageOptionKey.isManual, .addTCPAFooter, .addSignature, .addFooter, .sendVCard])
    func mykaarmaOptions(key: MessageOptionKey) throws {
        var options = MessageOptions()
        options.setKeys = [key.rawValue]
        #expect(validated(request(customerID: "c", options: options), Self.mykaarma)?.warnings == [])
        #expect(validated(request(options: options), Self.sendsms)?.warnings.count == 1)
        #expect(validated(request(options: options), Self.cargurusWithoutDealerID)?.warnings.count == 1)
    }

    @Test("every sendsms option is used by sendsms only", arguments: [MessageOptionKey.fromMask, .campaignRef, .clickTracking])
    func sendsmsOptions(key: MessageOptionKey) throws {
        var options = MessageOptions()
        options.setKeys = [key.rawValue]
        #expect(validated(request(options: options), Self.sendsms)?.warnings == [])
        #expect(validated(request(customerID: "c", options: options), Self.mykaarma)?.warnings.count == 1)
        #expect(validated(request(options: options), Self.cargurusWithDealerID)?.warnings.count == 1)
    }

    @Test func segmentsAndEncodingAreComputed() throws {
        let gsm = try #require(validated(request(body: String(repeating: "a", count: 161)), Self.sendsms))
        #expect(gsm.segments == 2 && gsm.encoding == .gsm7)
        let ucs = try #require(validated(request(body: "Hi 😀"), Self.sendsms))
        #expect(ucs.segments == 1 && ucs.encoding == .ucs2)
        #expect(ucs.request.body == "Hi 😀" && ucs.body == "Hi 😀")
    }

    @Test func decodedThenValidatedEndToEnd() throws {
        let decoded = try #require(decodedRequest(#"{"dealer_id":"d","to":"+15551234567","body":"x","customer_id":"c","options":{"send_vcard":true,"campaign_ref":"r"}}"#))
        let message = try #require(validated(decoded, Self.mykaarma))
        #expect(message.warnings == [MessageWarning(code: "option_ignored", message: message.warnings.first?.message ?? "")])
        #expect(message.warnings.first?.message.contains("options.campaign_ref") == true)
    }

    @Test func presetsMatchTheProviders() {
        #expect(Self.cargurusWithDealerID.providerType == "cargurus" && Self.cargurusWithDealerID.supportsMedia && !Self.cargurusWithDealerID.usesFrom)
        #expect(Self.cargurusWithoutDealerID.usesFrom && Self.cargurusWithoutDealerID.usedOptions.isEmpty)
        #expect(Self.mykaarma.requiresCustomerID && !Self.mykaarma.supportsMedia && !Self.mykaarma.usesFrom)
        #expect(Self.mykaarma.usedOptions == ["is_manual", "add_tcpa_footer", "add_signature", "add_footer", "send_vcard"])
        #expect(Self.sendsms.usesFrom && !Self.sendsms.supportsMedia && !Self.sendsms.requiresCustomerID)
        #expect(Self.sendsms.usedOptions == ["from_mask", "campaign_ref", "click_tracking"])
    }
}
