/// Builds the descriptions and mirrors of settings types that hold credentials: secret fields show
/// as `<redacted>`, so `print`, string interpolation, `dump` and `debugPrint` never reveal them.
struct RedactedDescription {
    /// The type's name, shown before the fields.
    var typeName: String
    /// Field names and shown values, in order; secrets already replaced.
    var fields: [(name: String, value: String)]

    /// `Type(field: value, secret: <redacted>)`.
    var text: String {
        "\(typeName)(" + fields.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + ")"
    }

    /// A mirror with the same fields.
    func mirror(of subject: Any) -> Mirror {
        Mirror(subject, children: fields.map { (label: Optional($0.name), value: $0.value as Any) }, displayStyle: .struct)
    }

    /// How an optional, non-secret field is shown.
    static func show(_ value: (some CustomStringConvertible)?) -> String {
        value.map { String(describing: $0) } ?? "nil"
    }
}
