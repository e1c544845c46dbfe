import HTTPTypes
import Simulators

extension ReceivedRequest {
    /// Every value of a header field as the simulator received it, name compared case-insensitively.
    func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.canonicalName == name.lowercased() }.map(\.value)
    }
}
