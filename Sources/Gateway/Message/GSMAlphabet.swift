/// The GSM 03.38 7-bit default alphabet and its extension table (3GPP TS 23.038, 6.2.1).
enum GSMAlphabet {
    /// The 127 characters of the default alphabet (position 0x1B, the escape to the extension table,
    /// is not a character).
    static let basic: Set<Unicode.Scalar> = {
        let table: [Unicode.Scalar] = [
            "@", "£", "$", "¥", "è", "é", "ù", "ì", "ò", "Ç", "\n", "Ø", "ø", "\r", "Å", "å",
            "Δ", "_", "Φ", "Γ", "Λ", "Ω", "Π", "Ψ", "Σ", "Θ", "Ξ", /* ESC */ "Æ", "æ", "ß", "É",
            " ", "!", "\"", "#", "¤", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/",
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?",
            "¡", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
            "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "Ä", "Ö", "Ñ", "Ü", "§",
            "¿", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
            "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "ä", "ö", "ñ", "ü", "à",
        ]
        return Set(table)
    }()

    /// The extension table's characters: each is sent as ESC plus one septet.
    static let extended: Set<Unicode.Scalar> = ["\u{0C}", "^", "{", "}", "\\", "[", "~", "]", "|", "€"]

    /// Septets the scalar takes (1 or 2), or nil when it is not in the GSM alphabet.
    static func septets(_ scalar: Unicode.Scalar) -> Int? {
        if basic.contains(scalar) { return 1 }
        if extended.contains(scalar) { return 2 }
        return nil
    }
}
