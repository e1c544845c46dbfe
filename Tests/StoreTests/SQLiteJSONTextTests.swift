import Foundation
import Store
import Testing

/// The JSON columns are written by hand; what they hold must read back equal, whatever the text.
@Suite struct SQLiteJSONTextTests {
    @Test func awkwardTextRoundTripsThroughTheStore() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteMessageStore(path: directory.file("gateway.sqlite"))
        let awkward = "quote \" backslash \\ slash / newline \n tab \t nul \u{0} bell \u{7} del \u{7F} é 🚗 \u{2028}"
        var record = Fixtures.fullRecord
        record.metadata = [awkward: awkward, "": "", "z": "last", "a": "first"]
        record.warnings = [StoredWarning(code: awkward, message: awkward), StoredWarning(code: "", message: "")]
        record.error = StoredError(code: awkward, message: awkward, retryable: true, field: nil, provider: awkward,
                                   providerCode: nil, providerMessage: awkward)
        try await store.save(record)
        #expect(try await store.record(id: record.id) == record)
    }
}
