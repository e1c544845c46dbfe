import Testing
@testable import Gateway

/// The places where `JSONSerialization` on Linux would mislead a decoder (NSNumber bools vs numbers,
/// duplicate keys collapsing, top-level scalars), and other non-JSON input.
@Suite("MessageRequestDecoder: JSON quirks")
struct RequestJSONQuirkTests {
    @Test func trueIsNotAString() {
        expectInvalidRequest(#"{"dealer_id":true,"to":"t"}"#, field: "dealer_id")
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","options":{"campaign_ref":false}}"#, field: "options.campaign_ref")
    }

    @Test func oneAndZeroAreNotBooleans() {
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","options":{"click_tracking":1}}"#, field: "options.click_tracking")
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","options":{"is_manual":0}}"#, field: "options.is_manual")
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","options":{"send_vcard":1.0}}"#, field: "options.send_vcard")
    }

    @Test func numbersAreNotStrings() {
        expectInvalidRequest(#"{"dealer_id":"d","to":15551234567}"#, field: "to")
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","metadata":{"n":1}}"#, field: "metadata.n")
    }

    @Test func duplicateTopLevelKeyIsRejected() {
        expectInvalidRequest(#"{"dealer_id":"d","to":"+15551234567","to":"+15557654321"}"#, field: "to")
    }

    @Test func duplicateOptionKeyIsRejected() {
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","options":{"is_manual":true,"is_manual":false}}"#, field: "options.is_manual")
    }

    @Test func duplicateNullOptionKeyIsRejected() {
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","options":{"is_manual":null,"is_manual":true}}"#, field: "options.is_manual")
    }

    @Test func duplicateMetadataKeyIsRejected() {
        expectInvalidRequest(#"{"dealer_id":"d","to":"t","metadata":{"k":"1","k":"1"}}"#, field: "metadata.k")
    }

    @Test("top-level values that are not objects are invalid_json", arguments: [
        #""{}""#, "1", "true", "false", "null", "[]", #"[{"dealer_id":"d","to":"t"}]"#, "-0.5e3",
    ])
    func topLevelNonObject(json: String) {
        expectInvalidJSON(Array(json.utf8))
    }

    @Test("malformed JSON is invalid_json", arguments: [
        "", " ", "{", "}", #"{"dealer_id":"d","to":"t"} x"#, #"{"dealer_id":"d","to":"t"}{}"#, #"{"dealer_id":"d","to":"t",}"#,
        #"{'dealer_id':'d'}"#, #"{dealer_id:"d"}"#, #"{"to":"t" "dealer_id":"d"}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#,
        #"{"a":+1}"#, #"{"a":NaN}"#, #"{"a":Infinity}"#, #"{"a":tru}"#, #"{"a":nul}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#,
        #"{"a":"\ud800"}"#, #"{"a":"\udc00\ud800"}"#, #"{"a":"\ud800\u0041"}"#, "{\"a\":\"tab\there\"}", "{\"a\":\"nl\nhere\"}",
        #"{"a":1} // comment"#, #"{"a":[1,2,]}"#, #"{"a":"unterminated}"#,
    ])
    func malformed(json: String) {
        expectInvalidJSON(Array(json.utf8))
    }

    @Test func invalidUTF8IsInvalidJSON() {
        let prefix = Array(#"{"dealer_id":"d","to":"t","body":""#.utf8)
        let suffix = Array(#""}"#.utf8)
        let badSequences: [[UInt8]] = [
            [0xFF], [0xC0, 0xAF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF0, 0x82, 0x82, 0xAC], [0x80], [0xE0, 0x80, 0xAF],
        ]
        for sequence in badSequences {
            expectInvalidJSON(prefix + sequence + suffix)
        }
        expectInvalidJSON([0xFF, 0xFE] + Array(#"{"dealer_id":"d","to":"t"}"#.utf8))
    }

    @Test func byteOrderMarkIsRejected() {
        expectInvalidJSON([0xEF, 0xBB, 0xBF] + Array(#"{"dealer_id":"d","to":"t"}"#.utf8))
    }

    @Test func validMultiByteUTF8AndEscapesDecode() throws {
        let request = try #require(decodedRequest(#"{"dealer_id":"d\u00e9","to":"t","body":"é€😀\u20ac\ud83d\ude00\n\"\\\/\b\f\r\t\u0000"}"#))
        #expect(request.dealerID == "dé")
        #expect(request.body == "é€😀€😀\n\"\\/\u{08}\u{0C}\r\t\u{00}")
    }

    @Test func whitespaceAroundTokensIsAllowed() throws {
        let request = try #require(decodedRequest(" \r\n\t{ \"dealer_id\" : \"d\" ,\n\"to\"\t:\"t\" } \n"))
        #expect(request.dealerID == "d" && request.to == "t")
    }

    @Test func deepNestingIsInvalidJSONNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        expectInvalidJSON(Array(#"{"x":\#(deep)"#.utf8))
    }
}
