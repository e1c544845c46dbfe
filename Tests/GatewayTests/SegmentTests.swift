import Testing
@testable import Gateway

@Suite("SMSSegments")
struct SegmentTests {
    private func count(_ text: String) -> SegmentCount { SMSSegments.count(text) }
    private func gsm(_ n: Int) -> String { String(repeating: "a", count: n) }
    private func ucs(_ n: Int) -> String { String(repeating: "Ж", count: n) }
    private let emoji = "😀"

    @Test func emptyIsNone() {
        #expect(count("") == SegmentCount(segments: 0, encoding: .none))
    }

    @Test func gsmSingleBoundary() {
        #expect(count(gsm(1)) == SegmentCount(segments: 1, encoding: .gsm7))
        #expect(count(gsm(160)) == SegmentCount(segments: 1, encoding: .gsm7))
        #expect(count(gsm(161)) == SegmentCount(segments: 2, encoding: .gsm7))
    }

    @Test func gsmConcatenatedBoundaries() {
        #expect(count(gsm(153 * 2)).segments == 2)
        #expect(count(gsm(153 * 2 + 1)).segments == 3)
        #expect(count(gsm(153 * 3)).segments == 3)
        #expect(count(gsm(153 * 3 + 1)).segments == 4)
        #expect(count(gsm(1600)).segments == 11)  // 1600 = 10*153 + 70
    }

    @Test func extensionCharactersTakeTwoSeptets() {
        #expect(count(String(repeating: "€", count: 80)) == SegmentCount(segments: 1, encoding: .gsm7))
        #expect(count(String(repeating: "€", count: 81)) == SegmentCount(segments: 2, encoding: .gsm7))
        #expect(count(gsm(159) + "{") == SegmentCount(segments: 2, encoding: .gsm7))  // 161 septets
        #expect(count(gsm(158) + "{") == SegmentCount(segments: 1, encoding: .gsm7))  // 160 septets
    }

    @Test func extensionCharacterIsNeverSplitAcrossParts() {
        // 152 septets then an extension char: it does not fit in part one's last septet, so part one
        // holds 152 and the char starts part two.
        #expect(count(gsm(152) + "^" + gsm(153 - 2)).segments == 2)  // 152 | 2 + 151 = 153
        #expect(count(gsm(152) + "^" + gsm(153 - 1)).segments == 3)  // 152 | 2 + 152 = 154 → spills
        // Without the non-split rule the same 306 septets would fit in two parts.
        #expect(count(gsm(152) + "^" + gsm(152)).segments == 3)
        #expect(count(gsm(153) + "^" + gsm(151)).segments == 2)  // 153 | 2 + 151 = 153
    }

    @Test func everyExtensionCharacterCountsTwo() {
        for character in ["\u{0C}", "^", "{", "}", "\\", "[", "~", "]", "|", "€"] {
            let text = String(repeating: character, count: 80)
            #expect(count(text) == SegmentCount(segments: 1, encoding: .gsm7), "\(character)")
            #expect(count(text + "a").segments == 2, "\(character)")
        }
    }

    @Test func basicAlphabetIsGSM() {
        let all = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
        #expect(all.unicodeScalars.count == 127)
        #expect(GSMAlphabet.basic.count == 127)
        #expect(count(all) == SegmentCount(segments: 1, encoding: .gsm7))
    }

    @Test("characters outside GSM force UCS-2", arguments: ["`", "á", "ç", "Ä\u{301}", "\u{1B}", "\t", "’", "—", "😀", "中", "\u{A0}"])
    func nonGSM(character: String) {
        #expect(count("hello " + character).encoding == .ucs2)
    }

    @Test func ucs2SingleBoundary() {
        #expect(count(ucs(70)) == SegmentCount(segments: 1, encoding: .ucs2))
        #expect(count(ucs(71)) == SegmentCount(segments: 2, encoding: .ucs2))
        #expect(count(ucs(67 * 2)).segments == 2)
        #expect(count(ucs(67 * 2 + 1)).segments == 3)
        // A GSM text with one non-GSM char is counted entirely in UTF-16 units.
        #expect(count(gsm(69) + "Ж") == SegmentCount(segments: 1, encoding: .ucs2))
        #expect(count(gsm(70) + "Ж") == SegmentCount(segments: 2, encoding: .ucs2))
    }

    @Test func emojiTakeTwoUnits() {
        #expect(count(String(repeating: emoji, count: 35)) == SegmentCount(segments: 1, encoding: .ucs2))  // 70 units
        #expect(count(String(repeating: emoji, count: 36)).segments == 2)  // 72 units: 33 + 3
        #expect(count(ucs(69) + emoji).segments == 2)  // 71 units
    }

    @Test func sixtySevenEmojiMakeThreeParts() {
        // 134 units would fit 2 × 67, but a part holds only 33 emoji (66 units): 33 + 33 + 1.
        #expect(count(String(repeating: emoji, count: 67)) == SegmentCount(segments: 3, encoding: .ucs2))
        #expect(count(String(repeating: emoji, count: 66)) == SegmentCount(segments: 2, encoding: .ucs2))
    }

    @Test func emojiAtAPartBoundaryIsNotSplit() {
        #expect(count(ucs(66) + emoji + ucs(65)).segments == 2)  // 66+2=68 > 67 → 66 | 2 + 65 = 67
        #expect(count(ucs(66) + emoji + ucs(66)).segments == 3)  // 66 | 68 → spills
        #expect(count(ucs(65) + emoji + ucs(67)).segments == 2)  // 67 | 67
    }

    @Test func crlfIsTwoGSMCharacters() {
        #expect(count(String(repeating: "\r\n", count: 80)) == SegmentCount(segments: 1, encoding: .gsm7))
        #expect(count(String(repeating: "\r\n", count: 80) + "a").segments == 2)
    }
}
