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
    }

    @Test func wireChecks() {
        #expect(WireChecks.isE164("+15551234567"))
        #expect(!WireChecks.isE164("+05551234567"))
        #expect(!WireChecks.isE164("15551234567"))
        #expect(!WireChecks.isE164("+1555123456789012"))
        #expect(WireChecks.mediaType([.contentType: " Application/JSON ; charset=utf-8"]) == "application/json")
        let credentials = WireChecks.basicCredentials([.authorization: "basic dTpwOnE="])
        #expect(credentials?.username == "u" && credentials?.password == "p:q")
        #expect(WireChecks.basicCredentials([.authorization: "Basic !!"]) == nil)
    }
}
