import Testing
@testable import Gateway

@Suite("MessageRequestDecoder: fields and types")
struct RequestDecoderTests {
    @Test func decodesEveryField() throws {
        let json = """
        {"dealer_id": "quirk-vw", "to": "+15551234567", "body": "Hi ✓", "media_urls": ["https://a.example/x.jpg", "http://b.example/y"],
         "from": "+15557654321", "customer_id": "c-1",
         "options": {"send_vcard": false, "click_tracking": true, "campaign_ref": "spring", "from_mask": "Quirk", "add_tcpa_footer": true,
                     "add_signature": false, "add_footer": true, "is_manual": true},
         "metadata": {"z": "1", "a": "2", "m": ""}}
        """
        let request = try #require(decodedRequest(json))
        #expect(request.dealerID == "quirk-vw")
        #expect(request.to == "+15551234567")
        #expect(request.body == "Hi ✓")
        #expect(request.mediaURLs == ["https://a.example/x.jpg", "http://b.example/y"])
        #expect(request.from == "+15557654321")
        #expect(request.customerID == "c-1")
        let options = request.options
        #expect(options.clickTracking == true)
        #expect(options.campaignRef == "spring")
        #expect(options.fromMask == "Quirk")
        #expect(options.addTCPAFooter == true)
        #expect(options.addSignature == false)
        #expect(options.addFooter == true)
        #expect(options.sendVCard == false)
        #expect(options.isManual == true)
        #expect(options.setKeys == ["send_vcard", "click_tracking", "campaign_ref", "from_mask", "add_tcpa_footer", "add_signature", "add_footer", "is_manual"])
        #expect(request.metadata == ["z": "1", "a": "2", "m": ""])
        #expect(request.metadataKeys == ["z", "a", "m"])
        #expect(request.orderedMetadata.map(\.key) == ["z", "a", "m"])
    }

    @Test func minimalRequestHasDefaults() throws {
        let request = try #require(decodedRequest(#"{"to":"x","dealer_id":"d"}"#))
        #expect(request.body == nil && request.from == nil && request.customerID == nil)
        #expect(request.mediaURLs.isEmpty && request.metadata.isEmpty && request.metadataKeys.isEmpty)
        #expect(request.options == MessageOptions())
        #expect(request.options.setKeys.isEmpty)
    }

    @Test func decodingDoesNotCheckFormatsOrLengths() throws {
        let long = String(repeating: "a", count: 5000)
        let request = try #require(decodedRequest(#"{"dealer_id":"","to":"not a phone","from":"nope","body":"\#(long)","media_urls":["not a url","","x","x","x","x","x","x","x","x","x"],"options":{"from_mask":"way too long a mask"}}"#))
        #expect(request.to == "not a phone")
        #expect(request.body?.count == 5000)
        #expect(request.mediaURLs.count == 11)
    }

    @Test func nullOptionalFieldsAreAbsent() throws {
        let request = try #require(decodedRequest(#"{"dealer_id":"d","to":"t","body":null,"media_urls":null,"from":null,"customer_id":null,"options":null,"metadata":null}"#))
        #expect(request == MessageRequest(dealerID: "d", to: "t"))
    }

    @Test func nullOptionValuesAreAbsentAndNotInSetKeys() throws {
        let request = try #require(decodedRequest(#"{"dealer_id":"d","to":"t","options":{"click_tracking":null,"from_mask":null,"is_manual":false}}"#))
        #expect(request.options.clickTracking == nil)
        #expect(request.options.fromMask == nil)
        #expect(request.options.isManual == false)
        #expect(request.options.setKeys == ["is_manual"])
    }

    @Test func emptyBodyAndEmptyMediaAreKeptForTheValidator() throws {
        let request = try #require(decodedRequest(#"{"dealer_id":"d","to":"t","body":"","media_urls":[]}"#))
        #expect(request.body == "")
        #expect(request.mediaURLs == [])
    }

    @Test func missingDealerID() { expectInvalidRequest(#"{"to":"+15551234567"}"#, field: "dealer_id") }
    @Test func missingTo() { expectInvalidRequest(#"{"dealer_id":"d"}"#, field: "to") }
    @Test func missingBothNamesDealerIDFirst() { expectInvalidRequest(#"{}"#, field: "dealer_id") }
    @Test func nullRequiredField() {
        expectInvalidRequest(#"{"dealer_id":null,"to":"t"}"#, field: "dealer_id")
        expectInvalidRequest(#"{"dealer_id":"d","to":null}"#, field: "to")
    }

    @Test func unknownTopLevelField() {
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","bodyy":"x"}"#, field: "bodyy")
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","Body":"x"}"#, field: "Body")
    }

    @Test func unknownFieldIsReportedBeforeMissingRequired() {
        expectInvalidRequest(#"{"extra":1}"#, field: "extra")
    }

    @Test func firstProblemInRequestOrderAnswers() {
        expectInvalidRequest(#"{"to":1,"dealer_id":2}"#, field: "to")
        expectInvalidRequest(#"{"dealer_id":2,"to":1}"#, field: "dealer_id")
    }

    @Test func unknownOptionKey() {
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","options":{"xyz":true}}"#, field: "options.xyz")
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","options":{"clickTracking":true}}"#, field: "options.clickTracking")
    }

    @Test("wrong types name the field", arguments: [
        (#""dealer_id":5,"to":"t""#, "dealer_id"),
        (#""dealer_id":["d"],"to":"t""#, "dealer_id"),
        (#""dealer_id":"d","to":{"n":"t"}"#, "to"),
        (#""dealer_id":"d","to":"t","body":42"#, "body"),
        (#""dealer_id":"d","to":"t","body":false"#, "body"),
        (#""dealer_id":"d","to":"t","from":15551234567"#, "from"),
        (#""dealer_id":"d","to":"t","customer_id":7"#, "customer_id"),
        (#""dealer_id":"d","to":"t","media_urls":"https://a.example/x""#, "media_urls"),
        (#""dealer_id":"d","to":"t","media_urls":{"0":"https://a"}"#, "media_urls"),
        (#""dealer_id":"d","to":"t","media_urls":["https://a",3]"#, "media_urls"),
        (#""dealer_id":"d","to":"t","media_urls":[null]"#, "media_urls"),
        (#""dealer_id":"d","to":"t","media_urls":[["https://a"]]"#, "media_urls"),
        (#""dealer_id":"d","to":"t","options":[]"#, "options"),
        (#""dealer_id":"d","to":"t","options":"click_tracking""#, "options"),
        (#""dealer_id":"d","to":"t","options":true"#, "options"),
        (#""dealer_id":"d","to":"t","options":{"campaign_ref":1}"#, "options.campaign_ref"),
        (#""dealer_id":"d","to":"t","options":{"from_mask":true}"#, "options.from_mask"),
        (#""dealer_id":"d","to":"t","options":{"add_signature":"false"}"#, "options.add_signature"),
        (#""dealer_id":"d","to":"t","metadata":[]"#, "metadata"),
        (#""dealer_id":"d","to":"t","metadata":"k=v""#, "metadata"),
        (#""dealer_id":"d","to":"t","metadata":{"k":1}"#, "metadata.k"),
        (#""dealer_id":"d","to":"t","metadata":{"k":null}"#, "metadata.k"),
        (#""dealer_id":"d","to":"t","metadata":{"k":{"a":"b"}}"#, "metadata.k"),
        (#""dealer_id":"d","to":"t","metadata":{"k":true}"#, "metadata.k"),
    ])
    func wrongType(members: String, field: String) {
        expectInvalidRequest("{\(members)}", field: field)
    }

    @Test("every boolean option rejects numbers and strings", arguments: MessageOptionKey.allCases.filter(\.isBool))
    func boolOptionTypes(key: MessageOptionKey) throws {
        for value in ["1", "0", "\"true\"", "[]", "{}"] {
            expectInvalidRequest(#"{"dealer_id":"d","to":"t","options":{"\#(key.rawValue)":\#(value)}}"#, field: "options.\(key.rawValue)")
        }
        let request = try #require(decodedRequest(#"{"dealer_id":"d","to":"t","options":{"\#(key.rawValue)":true}}"#))
        #expect(request.options.bool(key) == true)
        #expect(request.options.setKeys == [key.rawValue])
    }

    @Test func metadataAtMostTwentyKeys() throws {
        func metadata(_ count: Int) -> String {
            let pairs = (0..<count).map { "\"k\($0)\":\"v\"" }.joined(separator: ",")
            return #"{"dealer_id":"d","to":"t","metadata":{\#(pairs)}}"#
        }
        let twenty = try #require(decodedRequest(metadata(20)))
        #expect(twenty.metadata.count == 20)
        #expect(twenty.metadataKeys == (0..<20).map { "k\($0)" })
        expectInvalidRequest(metadata(21), field: "metadata")
    }

    @Test func errorMessagesAreSpecific() throws {
        let error = try #require(decodeError(Array(#"{"dealer_id":"d","to":"t","options":{"is_manual":1}}"#.utf8)))
        #expect(error.message.contains("options.is_manual"))
        #expect(error.message.contains("boolean"))
        #expect(error.provider == nil && error.providerCode == nil)
    }
}
