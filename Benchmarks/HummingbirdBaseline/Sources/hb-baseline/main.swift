// Minimal Hummingbird 2 server used as the baseline in scripts/bench-server.sh.
// GET /healthz -> 200 {"status":"ok"} (application/json). No middleware, log level warning,
// bound to 127.0.0.1; port from argv[1], else the PORT environment variable, else 18090.

import Foundation
import Hummingbird
import Logging

/// The port to bind: first command-line argument, then `PORT`, then 18090.
func listenPort() -> Int {
    let arguments = CommandLine.arguments
    if arguments.count > 1, let port = Int(arguments[1]) { return port }
    if let value = ProcessInfo.processInfo.environment["PORT"], let port = Int(value) { return port }
    return 18090
}

/// The fixed health body, built once so each request only shares the buffer.
let healthBody = ByteBuffer(string: #"{"status":"ok"}"#)

let router = Router()
router.get("healthz") { _, _ -> Response in
    Response(
        status: .ok,
        headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: healthBody)
    )
}

var logger = Logger(label: "hb-baseline")
logger.logLevel = .warning

let app = Application(
    router: router,
    configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: listenPort())),
    logger: logger
)
try await app.runService()
