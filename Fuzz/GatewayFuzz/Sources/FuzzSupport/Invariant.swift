/// Stops the fuzz run when an invariant breaks: `fatalError` traps, and libFuzzer reports the trap as
/// a crash and saves the input that caused it.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        fatalError("invariant broken: \(message())", file: file, line: line)
    }
}

/// Stops the fuzz run unconditionally (a state that must not be reachable).
public func violated(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("invariant broken: \(message)", file: file, line: line)
}
