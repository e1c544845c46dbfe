// The project's HTTPServer module with one route, as minimal as the Hummingbird baseline:
// GET /healthz -> 200 {"status":"ok"} (application/json); anything else 404. Server defaults
// (HTTPServerConfiguration()), bound to 127.0.0.1; port from argv[1], else PORT, else 18070.
// Runs until SIGINT or SIGTERM.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import HTTPServer
import HTTPTypes

func listenPort() -> Int {
    let arguments = CommandLine.arguments
    if arguments.count > 1, let port = Int(arguments[1]) { return port }
    if let value = getenv("PORT"), let port = Int(String(cString: value)) { return port }
    return 18070
}

let healthBody = Array(#"{"status":"ok"}"#.utf8)
let notFoundBody = Array(#"{"error":"not_found"}"#.utf8)

var configuration = HTTPServerConfiguration()
configuration.host = "127.0.0.1"
configuration.port = listenPort()

let server = HTTPServer(configuration: configuration) { request in
    let found = request.head.method == .get && request.head.path == "/healthz"
    return HTTPServerResponse(
        status: found ? .ok : .notFound,
        headerFields: [.contentType: "application/json"],
        body: found ? healthBody : notFoundBody)
}

do {
    try server.start()
} catch {
    print("httpserver-alone: cannot listen on port \(configuration.port): \(error)")
    exit(1)
}

signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let stopSources = [SIGINT, SIGTERM].map { signo -> any DispatchSourceSignal in
    let source = DispatchSource.makeSignalSource(signal: signo, queue: .main)
    source.setEventHandler { exit(0) }
    source.resume()
    return source
}
dispatchMain()
