import Foundation

/// One factor for the time bounds of tests that measure elapsed time or rely on a server timeout not
/// running out: `SMS_TEST_TIME_SCALE` (a number, at least 1; 1 when unset or invalid). The sanitizer runs
/// set it (scripts/sanitize.sh), because instrumented code is several times slower; the bounds stay
/// what they were in a normal run.
enum TestTime {
    static let scale: Double = {
        guard let text = ProcessInfo.processInfo.environment["SMS_TEST_TIME_SCALE"],
              let value = Double(text), value.isFinite, value >= 1
        else { return 1 }
        return value
    }()

    /// `duration` multiplied by `scale`.
    static func scaled(_ duration: Duration) -> Duration { duration * scale }
}
