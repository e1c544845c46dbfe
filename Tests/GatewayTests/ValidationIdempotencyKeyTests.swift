import Testing
@testable import Gateway

@Suite("IdempotencyKey")
struct ValidationIdempotencyKeyTests {
    @Test func lengthBounds() {
        #expect(!IdempotencyKey.isValid(""))
        #expect(IdempotencyKey.isValid("a"))
        #expect(IdempotencyKey.isValid(String(repeating: "k", count: 255)))
        #expect(!IdempotencyKey.isValid(String(repeating: "k", count: 256)))
    }

    @Test func printableASCIIOnly() {
        #expect(IdempotencyKey.isValid(" ~!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}"))
        #expect(IdempotencyKey.isValid("8e03978e-40d5-43e8-bc93-6894a57f9324"))
        for bad in ["a\tb", "a\u{7F}", "a\u{1F}", "é", "key\r\n", "\u{0}", "😀"] {
            #expect(!IdempotencyKey.isValid(bad), "\(bad.unicodeScalars.map(\.value))")
        }
    }

    @Test func lengthIsInBytesSoNonASCIICannotSneakIn() {
        #expect(!IdempotencyKey.isValid(String(repeating: "k", count: 254) + "é"))
    }
}
