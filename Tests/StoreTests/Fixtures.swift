import Foundation
import Store

/// Test values with whole-millisecond dates (the store's precision).
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_750_000_000.250)

    static func date(_ offset: TimeInterval) -> Date { t0.addingTimeInterval(offset) }

    static let response = StoredResponse(
        status: 201,
        headers: [StoredHeader(name: "Content-Type", value: "application/json"),
                  StoredHeader(name: "Location", value: "/messages/msg_1"),
                  StoredHeader(name: "X-Custom", value: "b"),
                  StoredHeader(name: "X-Custom", value: "a")],
        body: Array(#"{"id":"msg_1","status":"sent"}"#.utf8) + [0x00, 0xFF, 0xC3])

    /// A record with every optional field set.
    static let fullRecord = MessageRecord(
        id: "msg_01J0000000000000000000000", client: "dealer-crm", dealerID: "quirk-vw", providerType: "cargurus",
        providerAccount: "cargurus-main", recipient: "+16175551212", status: .failed,
        providerMessageID: "cg-123",
        error: StoredError(code: "recipient_opted_out", message: "The recipient opted out.", retryable: false,
                           field: "to", provider: "cargurus", providerCode: "21610",
                           providerMessage: "Attempt to send to unsubscribed recipient"),
        segments: 3, encoding: "ucs2", metadata: ["lead": "42", "émoji": "🚗", "empty": ""],
        warnings: [StoredWarning(code: "option_ignored", message: "media is not supported"),
                   StoredWarning(code: "provider_warning", message: "long message")],
        createdAt: date(0), updatedAt: date(1.234))

    /// A record with every optional field empty.
    static let minimalRecord = MessageRecord(
        id: "msg_2", client: "c", dealerID: "d", providerType: "sendsms", providerAccount: "sendsms-main",
        recipient: "+15550001111", status: .sent, segments: 1, encoding: "gsm7", metadata: [:], warnings: [],
        createdAt: date(5), updatedAt: date(5))
}
