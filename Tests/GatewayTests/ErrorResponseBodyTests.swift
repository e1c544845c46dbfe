import Foundation
import Testing
@testable import Gateway

@Suite("GatewayError.responseBody")
struct ErrorResponseBodyTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func providerErrorExactBytes() {
        let error = GatewayError(
            code: .recipientOptedOut, message: "Opted out.", provider: "cargurus",
            providerCode: "113", providerMessage: "Recipient has unsubscribed"
        )
        let body = text(error.responseBody(messageID: "msg_01", requestID: "4f1c"))
        #expect(body == #"{"error":{"code":"recipient_opted_out","message":"Opted out.","retryable":false,"field":null,"provider":"cargurus","provider_code":"113","provider_message":"Recipient has unsubscribed"},"id":"msg_01","request_id":"4f1c"}"#)
    }

    @Test func explicitNullsWhenNothingIsKnown() {
        let error = GatewayError(code: .providerUnavailable, message: "down")
        let body = text(error.responseBody(messageID: nil, requestID: "r1"))
        #expect(body == #"{"error":{"code":"provider_unavailable","message":"down","retryable":true,"field":null,"provider":null,"provider_code":null,"provider_message":null},"id":null,"request_id":"r1"}"#)
    }

    @Test func fieldIsWritten() {
        let body = text(GatewayError.invalidRequest(field: "options.from_mask", "x").responseBody(messageID: nil, requestID: "r"))
        #expect(body.contains(#""field":"options.from_mask""#))
        #expect(body.contains(#""code":"invalid_request""#))
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let error = GatewayError(code: .providerRejected, message: "a\"b\\c\nd\re\tf\u{08}g\u{0C}h\u{00}i\u{1F}j\u{7F}/")
        let body = text(error.responseBody(messageID: nil, requestID: "r"))
        #expect(body.contains(#""message":"a\"b\\c\nd\re\tf\bg\fh\u0000i\u001fj"# + "\u{7F}/\""))
    }

    @Test func keepsUnicodeAsUTF8() {
        let message = "Größe ✓ 😀 €"
        let bytes = GatewayError(code: .internalError, message: message).responseBody(messageID: nil, requestID: "r")
        #expect(text(bytes).contains("\"message\":\"\(message)\""))
        #expect(String(validating: bytes, as: UTF8.self) != nil)
    }

    @Test("round-trips through Foundation and our own reader", arguments: [
        "plain", "quote \" and \\ backslash", "ctl \u{01}\u{1B}\u{1F}", "emoji 😀 and \u{2028} separator", "",
    ])
    func roundTrip(message: String) throws {
        let error = GatewayError(code: .invalidSender, message: message, provider: "sendsms", providerCode: "E111", providerMessage: message)
        let bytes = error.responseBody(messageID: "m", requestID: "r\"q")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let inner = try #require(object["error"] as? [String: Any])
        #expect(inner["message"] as? String == message)
        #expect(inner["provider_message"] as? String == message)
        #expect(object["request_id"] as? String == "r\"q")
        guard case .success(.object(let members)) = JSONReader().parse(bytes) else {
            Issue.record("our reader rejected our writer's output")
            return
        }
        #expect(members.map(\.key) == ["error", "id", "request_id"])
        guard case .object(let errorMembers) = members[0].value else {
            Issue.record("error is not an object")
            return
        }
        #expect(errorMembers.map(\.key) == ["code", "message", "retryable", "field", "provider", "provider_code", "provider_message"])
        #expect(errorMembers[1].value == .string(message))
        #expect(errorMembers[2].value == .bool(false))
    }

    @Test func retryableFollowsTheCode() {
        let body = text(GatewayError(code: .shuttingDown).responseBody(messageID: nil, requestID: "r"))
        #expect(body.contains(#""retryable":true"#))
    }
}
