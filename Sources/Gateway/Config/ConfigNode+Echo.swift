extension ConfigNode {
    /// How an error message may show `text`, a string read from this node: quoted as written in the
    /// file, or not at all when it came (even in part) from a `${NAME}` substitution, because an
    /// environment value may be a credential and messages never contain one (config.md).
    func echo(_ text: String) -> String {
        if case .scalar(let scalar) = storage, scalar.interpolated {
            return "(a value from the environment)"
        }
        return "\"\(text)\""
    }
}
