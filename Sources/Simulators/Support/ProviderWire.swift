import HTTPServer

/// The outcome of checking a request the way the provider would.
enum WireCheck<Accepted: Sendable>: Sendable {
    /// Well-formed and authenticated; `recipient` picks the behaviour (nil: success).
    case accepted(Accepted, recipient: String?)
    /// The provider's own error answer.
    case rejected(HTTPServerResponse)
}

/// One provider's wire format: how it checks a request and how it answers each behaviour.
protocol ProviderWire: Sendable {
    associatedtype Accepted: Sendable
    func check(_ request: HTTPServerRequest) -> WireCheck<Accepted>
    /// The answer for a behaviour; never called with `.slow`, `.hang` or `.reset`, which the
    /// engine acts out (`.slow` ends in `.success`).
    func answer(_ behaviour: SimulatedBehaviour, to accepted: Accepted) -> HTTPServerResponse
}
