import Foundation
import HTTPTypes
import Testing
@testable import Simulators

@Suite struct SupportTests {
    @Test func jsonKeepsTypesApart() {
        #expect(JSONValue.parse(Array(#"{"a":true,"b":1,"c":"1","d":null,"e":[1.5]}"#.utf8)) ==
            .object(["a": .bool(true), "b": .number(1), "c": .string("1"), "d": .null, "e": .array([.number(1.5)])]))
        #expect(JSONValue.parse(Array("{\"a\":".utf8)) == nil)
        #expect(JSONValue.parse(Array("1".utf8))?["a"] == nil)
    }

    @Test func jsonSerializesDeterministicallyAndEscapes() {
        let value: JSONValue = ["b": 113, "a": .string("q\"\\\n\u{1}é"), "c": [false, .null]]
        #expect(String(decoding: value.serialized, as: UTF8.self) == #"{"a":"q\"\\\n\u0001é","b":113,"c":[false,null]}"#)
        #expect(JSONValue.parse(value.serialized) == value)
    }

    @Test func formDecoding() {
        let pairs = FormURLEncoded.parse(Array("appId=a%2Bb&body=%7B%22x%22%3A1%7D&t=a+b&e=".utf8))
        #expect(pairs?.map(\.name) == ["appId", "body", "t", "e"])
        #expect(pairs?.map(\.value) == ["a+b", #"{"x":1}"#, "a b", ""])
        #expect(FormURLEncoded.parse(Array("a=%zz".utf8)) == nil)
        #expect(FormURLEncoded.parse(Array("=v".utf8)) == nil)
        // A `%` needs two hex digits, also at the very end; decoded bytes must be UTF-8.
        #expect(FormURLEncoded.parse(Array("a=%4".utf8)) == nil)
        #expect(FormURLEncoded.parse(Array("a=%".utf8)) == nil)
        #expect(FormURLEncoded.parse(Array("a=%ff".utf8)) == nil)
        #expect(FormURLEncoded.parse(Array("a=%C3%A9%e2%82%ac".utf8))?.first?.value == "é€")
        #expect(FormURLEncoded.parse([])?.isEmpty == true)
        #expect(FormURLEncoded.decodePathSegment("a+b%2Fc") == "a+b/c")
        #expect(FormURLEncoded.decodePathSegment("a%2") == nil)
    }

    @Test func messageIDsAreLowercaseHexOfTheLengthAsked() {
        for count in [0, 1, 12, 16, 17, 32] {
            let hex = MessageIDs.hex(count)
            #expect(hex.count == count)
            #expect(hex.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) })
        }
    }

    /// Ids from many threads never repeat, in their first 16 digits or in the 16 after (a second
    /// block derived wrongly, e.g. from the shifted-out word, would be the same in every id).
    @Test func messageIDsDoNotRepeatAcrossThreads() async {
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { (0..<2_000).map { _ in MessageIDs.hex(32) } } }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(ids.count == 16_000)
        #expect(Set(ids.map { $0.prefix(16) }).count == 16_000)
        #expect(Set(ids.map { $0.suffix(16) }).count == 16_000)
    }

    @Test func messageUUIDsHaveVersion4sShape() {
        let uuids = (0..<1_000).map { _ in MessageIDs.uuid() }
        #expect(Set(uuids).count == uuids.count)
        for uuid in uuids {
            let parts = uuid.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
            #expect(parts == [8, 4, 4, 4, 12])
            #expect(uuid.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || $0 == UInt8(ascii: "-") })
            #expect(Array(uuid)[14] == "4")
            #expect("89ab".contains(Array(uuid)[19]))
        }
    }

    /// The strict parser reads what Foundation's `JSONDecoder` reads and refuses what it refuses.
    @Test(arguments: [
        #"{"a":true,"b":[1,-2.5e3,0,0.25,1E2],"c":"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00","d":null}"#,
        " \n\t[ ] ", "{}", #""text""#, "-0", "123", "false", #"{"a":{"b":{"c":[[]]}}}"#, #"{"a":1,"a":2}"#,
        "é", #""é""#, "01", "1.", ".5", "+1", "1e", "--1", "[1 2]", "{\"a\" 1}", "{a:1}",
        "tru", "nul", "true false", #""\x""#, #""\u12""#, #""\ud800""#, #""\udc00x""#, "\"a\tb\"", "[", "",
        "// c\n1", "NaN", "Infinity", "[1]]", #"{"a":[}"#,
    ])
    func jsonParserAgreesWithFoundation(_ text: String) throws {
        let bytes = Array(text.utf8)
        let foundation = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        #expect(JSONValue.parse(bytes) == foundation, "\(text)")
    }

    /// Where the two part: `JSONDecoder` lets a trailing comma through; RFC 8259 and the providers do not.
    @Test(arguments: ["[1,]", #"{"a":1,}"#, "[[],]"])
    func jsonParserRefusesTrailingCommas(_ text: String) {
        #expect(JSONValue.parse(Array(text.utf8)) == nil)
    }

    @Test func jsonParserRefusesInvalidUTF8AndDeepNesting() {
        #expect(JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) == nil)
        #expect(JSONValue.parse(Array((String(repeating: "[", count: 200) + String(repeating: "]", count: 200)).utf8)) == nil)
        #expect(JSONValue.parse(Array((String(repeating: "[", count: 10) + String(repeating: "]", count: 10)).utf8)) != nil)
    }

    @Test func wireChecks() {
        #expect(WireChecks.isE164("+15551234567"))
        #expect(!WireChecks.isE164("+05551234567"))
        #expect(!WireChecks.isE164("15551234567"))
        #expect(!WireChecks.isE164("+1555123456789012"))
        #expect(WireChecks.hasMediaType([.contentType: " Application/JSON ; charset=utf-8"], "application/json"))
        #expect(!WireChecks.hasMediaType([.contentType: "application/json-seq"], "application/json"))
        #expect(!WireChecks.hasMediaType([:], "application/json"))
        let credentials = WireChecks.basicCredentials([.authorization: "basic dTpwOnE="])
        #expect(credentials?.username == "u" && credentials?.password == "p:q")
        #expect(WireChecks.basicCredentials([.authorization: "Basic !!"]) == nil)
    }
}
