import Yams

/// Turns YAML (or JSON) text into a `ConfigNode` tree, substituting `${NAME}` from the environment.
///
/// Syntax errors are reported by line and column with libyaml's problem text only: never a snippet
/// of the file, which could hold a secret.
enum YAMLConfigParser {
    /// Most nodes a document may expand to (aliases are copied), so a hostile file cannot exhaust memory.
    static let maxNodes = 100_000

    /// The root node (nil for an empty document) and every error found; a nil root with errors
    /// means the text could not be parsed at all.
    static func parse(_ text: String, environment: [String: String]) -> (root: ConfigNode?, errors: ConfigErrors) {
        let document: Node?
        do {
            document = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return (nil, ConfigErrors([syntaxError(error)]))
        } catch {
            return (nil, ConfigErrors(path: "(root)", message: "cannot parse the file as YAML"))
        }
        guard let document else { return (nil, ConfigErrors()) }
        var converter = Converter(environment: environment)
        let root = converter.convert(document, path: "")
        if converter.nodeCount > maxNodes {
            return (nil, ConfigErrors(path: "(root)", message: "the document expands to more than \(maxNodes) values"))
        }
        return (root, converter.errors)
    }

    static func syntaxError(_ error: YamlError) -> ConfigError {
        func located(_ mark: Mark, _ context: YamlError.Context?, _ problem: String) -> ConfigError {
            let prefix = context.map { "\($0.text) " } ?? ""
            return ConfigError(path: "line \(mark.line), column \(mark.column)", message: "YAML syntax error: \(prefix)\(problem)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return located(mark, context, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return ConfigError(
                path: "line \(context.mark.line), column \(context.mark.column)",
                message: "duplicate key \(keys) in one mapping")
        case .reader(let problem, let offset, _, _):
            let place = offset.map { "byte \($0)" } ?? "(root)"
            return ConfigError(path: place, message: "cannot read the file: \(problem)")
        default:
            return ConfigError(path: "(root)", message: "cannot parse the file as YAML")
        }
    }

    private struct Converter {
        let environment: [String: String]
        var errors = ConfigErrors()
        var nodeCount = 0

        init(environment: [String: String]) {
            self.environment = environment
        }

        mutating func convert(_ node: Node, path: String) -> ConfigNode {
            nodeCount += 1
            guard nodeCount <= YAMLConfigParser.maxNodes else { return ConfigNode(path: path, storage: .null) }
            let displayPath = path.isEmpty ? "(root)" : path
            switch node {
            case .scalar(let scalar):
                return ConfigNode(path: path, storage: convert(scalar, displayPath: displayPath))
            case .mapping(let mapping):
                var entries: [ConfigNode.Entry] = []
                for (index, pair) in mapping.enumerated() {
                    guard case .scalar(let keyScalar) = pair.key else {
                        errors.append(ConfigError(path: displayPath, message: "key number \(index + 1) is not a string"))
                        continue
                    }
                    let key = keyScalar.string
                    let childPath = path.isEmpty ? key : "\(path).\(key)"
                    entries.append(ConfigNode.Entry(key: key, node: convert(pair.value, path: childPath)))
                }
                return ConfigNode(path: path, storage: .mapping(entries))
            case .sequence(let sequence):
                let elements = sequence.enumerated().map { index, element in
                    convert(element, path: "\(path)[\(index)]")
                }
                return ConfigNode(path: path, storage: .sequence(elements))
            case .alias:
                errors.append(ConfigError(path: displayPath, message: "unresolved YAML alias"))
                return ConfigNode(path: path, storage: .unresolved)
            }
        }

        mutating func convert(_ scalar: Node.Scalar, displayPath: String) -> ConfigNode.Storage {
            let quoted = scalar.style != .plain || scalar.tag.rawValue == Tag.Name.str.rawValue
            if !quoted, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return .null
            }
            switch EnvironmentInterpolation.interpolate(scalar.string, environment: environment) {
            case .unchanged:
                return .scalar(.init(text: scalar.string, quoted: quoted, interpolated: false))
            case .substituted(let text):
                return .scalar(.init(text: text, quoted: quoted, interpolated: true))
            case .failed(let problems):
                for problem in problems {
                    errors.append(ConfigError(path: displayPath, message: problem))
                }
                return .unresolved
            }
        }
    }
}
