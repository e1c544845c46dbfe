/// Replaces `${NAME}` in configuration strings with environment variables.
///
/// NAME is `[A-Za-z_][A-Za-z0-9_]*`. A `$` not followed by `{` is kept as is. Substituted text is
/// not scanned again. Errors name the variable and never show the surrounding text or any value.
enum EnvironmentInterpolation {
    /// The outcome for one string.
    enum Outcome: Equatable {
        /// No reference: the text is unchanged.
        case unchanged
        /// Every reference was replaced.
        case substituted(String)
        /// Some references could not be resolved; one message per problem.
        case failed([String])
    }

    static func interpolate(_ text: String, environment: [String: String]) -> Outcome {
        guard text.contains("${") else { return .unchanged }
        var result = ""
        var problems: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else {
                problems.append("unterminated ${...} reference")
                rest = ""
                break
            }
            let name = String(afterOpen[..<close])
            if !isValidName(name) {
                problems.append("malformed ${...} reference (a name is letters, digits and _, not starting with a digit)")
            } else if let value = environment[name] {
                result += value
            } else if !problems.contains(missingMessage(name)) {
                problems.append(missingMessage(name))
            }
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        result += rest
        return problems.isEmpty ? .substituted(result) : .failed(problems)
    }

    static func missingMessage(_ name: String) -> String {
        "environment variable \(name) is not set"
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
