import Testing
@testable import Gateway

@Suite("E164")
struct E164Tests {
    @Test("valid", arguments: ["+15551234567", "+12", "+123456789012345", "+447911123456", "+90"])
    func valid(number: String) {
        #expect(E164.isValid(number))
    }

    @Test("invalid", arguments: [
        "", "+", "+1", "15551234567", "+05551234567", "+1234567890123456", "+1 555 123 4567", "+1-555-1234567",
        " +15551234567", "+15551234567 ", "+15551234567\n", "++15551234567", "+1555123456a", "+١٢٣٤٥", "+１２３",
        "tel:+15551234567", "+1555\u{0}1234",
    ])
    func invalid(number: String) {
        #expect(!E164.isValid(number))
    }
}
