/// How a text is encoded on the SMS network.
public enum SMSEncoding: String, Sendable, CaseIterable {
    /// GSM 03.38 7-bit default alphabet (with its extension table).
    case gsm7
    /// UCS-2, counted in UTF-16 code units.
    case ucs2
    /// No text (media only).
    case none
}

/// The number of SMS parts a text takes, and its encoding.
public struct SegmentCount: Sendable, Equatable {
    /// Parts the text splits into (0 for no text).
    public var segments: Int
    /// The encoding that decides the part sizes.
    public var encoding: SMSEncoding

    /// Creates a count.
    public init(segments: Int, encoding: SMSEncoding) {
        self.segments = segments
        self.encoding = encoding
    }
}

/// Counts SMS parts as carriers do (api.md, "segments/encoding").
///
/// GSM-7 when every Unicode scalar is in the default alphabet or extension table: 160 septets fit one
/// part, 153 per part when concatenated, an extension character takes two. Otherwise UCS-2 in UTF-16
/// code units: 70 in one part, 67 per part, a scalar outside the BMP takes two. Parts are filled in order
/// and a character (an escape and its septet, a surrogate pair) is never split, so a part may end one
/// unit short.
public enum SMSSegments {
    /// Septets in a single GSM-7 message.
    public static let gsm7Single = 160
    /// Septets per part of a concatenated GSM-7 message.
    public static let gsm7Part = 153
    /// UTF-16 units in a single UCS-2 message.
    public static let ucs2Single = 70
    /// UTF-16 units per part of a concatenated UCS-2 message.
    public static let ucs2Part = 67

    /// Counts the parts of `text`; an empty text is 0 parts with encoding `.none`.
    public static func count(_ text: String) -> SegmentCount {
        if text.isEmpty { return SegmentCount(segments: 0, encoding: .none) }
        var septets: [Int] = []
        septets.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard let weight = GSMAlphabet.septets(scalar) else {
                let units = text.unicodeScalars.map { $0.utf16.count }
                return SegmentCount(segments: parts(units, single: ucs2Single, part: ucs2Part), encoding: .ucs2)
            }
            septets.append(weight)
        }
        return SegmentCount(segments: parts(septets, single: gsm7Single, part: gsm7Part), encoding: .gsm7)
    }

    /// Parts needed for characters of the given weights, never splitting one.
    private static func parts(_ weights: [Int], single: Int, part: Int) -> Int {
        let total = weights.reduce(0, +)
        if total <= single { return 1 }
        var count = 1
        var used = 0
        for weight in weights {
            if used + weight > part {
                count += 1
                used = 0
            }
            used += weight
        }
        return count
    }
}
