/// The environment every fuzzed configuration is loaded with: config/gateway.yaml's variables, each
/// set to a distinctive value that must never show in an error (config.md: "never a value").
/// `PORT` and `LOG_LEVEL` are left unset so that the file's own values are checked.
enum FixedEnvironment {
    static let values: [String: String] = [
        "DEALER_CRM_TOKEN": "tokQ7vXk2LmN9pR4sT8",
        "CARGURUS_APP_ID": "appH3jK8wE5rY1uI6oP",
        "CARGURUS_AUTH_TOKEN": "authZ2xC7vB4nM9aS5dF",
        "MYKAARMA_USERNAME": "userG6hJ1kL3qW8eR0tY",
        "MYKAARMA_PASSWORD": "passU4iO9pA2sD7fG5hJ",
        "SENDSMS_API_KEY": "keyK1lZ6xC3vB8nM2qWe",
        "SENDSMS_URL": "https://sms.example.com/apiE4rT7yU2iO",
        "DEALER_FROM": "+19998887776665",
        "EMPTY": "",
    ]

    /// The values an error must not contain (the empty one is no secret), with their last eight
    /// characters and, unless that is the URL scheme, their first eight, so that a cut echo is caught too.
    static let secretFragments: [String] = values.values.filter { $0.count >= 8 }.flatMap { value in
        [value, String(value.suffix(8))] + (value.hasPrefix("http") ? [] : [String(value.prefix(8))])
    }
}
