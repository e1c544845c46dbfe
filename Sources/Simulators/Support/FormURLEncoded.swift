import Foundation

/// `application/x-www-form-urlencoded` bodies, read strictly.
enum FormURLEncoded {
    /// The name/value pairs in order; nil when a name or value is not valid percent-encoded UTF-8.
    static func parse(_ body: [UInt8]) -> [(name: String, value: String)]? {
        let text = String(decoding: body, as: UTF8.self)
        if text.isEmpty { return [] }
        var pairs: [(name: String, value: String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(pieces[0]), !name.isEmpty else { return nil }
            let value = pieces.count > 1 ? decode(pieces[1]) : ""
            guard let value else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    private static func decode(_ s: Substring) -> String? {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
