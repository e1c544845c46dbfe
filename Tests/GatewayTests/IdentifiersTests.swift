import Foundation
import Testing
@testable import Gateway

@Suite("Identifiers")
struct IdentifiersTests {
    private static let crockford = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    @Test func aMessageIDIsMsgAndATwentySixCharacterULID() {
        let id = Identifiers.messageID()
        #expect(id.hasPrefix("msg_"))
        let ulid = id.dropFirst(4)
        #expect(ulid.count == 26)
        #expect(ulid.allSatisfy { Self.crockford.contains($0) })
    }

    @Test func messageIDsSortByTheirMillisecond() {
        let earlier = Identifiers.messageID(now: Date(timeIntervalSince1970: 1_700_000_000.000))
        let later = Identifiers.messageID(now: Date(timeIntervalSince1970: 1_700_000_000.001))
        #expect(earlier < later)
        // The first ten characters carry the 48-bit time (after two pad bits); they are equal
        // for one instant, and the rest is random.
        let again = Identifiers.messageID(now: Date(timeIntervalSince1970: 1_700_000_000.000))
        #expect(earlier.prefix(14) == again.prefix(14))
        #expect(earlier != again)
    }

    /// Every character of the 80 random bits varies: a byte left out of the random fill (or filled
    /// from the wrong half of a draw) would keep some position constant over a thousand ids.
    @Test func everyRandomCharacterVariesAndIDsAtOneInstantDoNotRepeat() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = (0..<1_000).map { _ in Array(Identifiers.messageID(now: now).dropFirst(4)) }
        #expect(Set(ids.map { String($0) }).count == ids.count)
        for position in 10..<26 {
            let seen = Set(ids.map { $0[position] })
            #expect(seen.count > 8, "position \(position) took only \(seen.count) values")
        }
    }

    @Test func aRequestIDIsSixteenLowercaseHexDigits() {
        let id = Identifiers.requestID()
        #expect(id.count == 16)
        #expect(id.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(Identifiers.requestID() != id)
    }

    @Test func aCallersRequestIDIsEchoedOnlyWhenItIsVisibleASCIIUpTo128() {
        #expect(Identifiers.requestID(from: "crm-42.retry/1") == "crm-42.retry/1")
        #expect(Identifiers.requestID(from: String(repeating: "a", count: 128)) == String(repeating: "a", count: 128))
        for bad in ["", "has space", "tab\there", "é", String(repeating: "a", count: 129)] {
            let made = Identifiers.requestID(from: bad)
            #expect(made != bad)
            #expect(made.count == 16)
        }
        #expect(Identifiers.requestID(from: nil).count == 16)
    }
}
