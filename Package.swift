// swift-tools-version:6.0
import PackageDescription
import Foundation

/// The toolchain's FoundationEssentials archives, named ahead of everything else on a static
/// release link. Why: FoundationEssentials and Foundation both carry weak copies of some
/// generic specialisations, and the linker takes a symbol from the first archive that has it.
/// With Foundation first, one such copy drags in Foundation, CoreFoundation and 35 MB of ICU
/// data that wacon never calls (measured with `--why-extract`). Empty when the toolchain is
/// not found beside `swift` in PATH: the binary is then correct, only larger.
let foundationEssentialsFirst: [String] = {
    #if os(Linux)
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let swift = URL(fileURLWithPath: String(folder)).appendingPathComponent("swift")
        guard FileManager.default.fileExists(atPath: swift.path) else { continue }
        let lib = swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("lib/swift_static/linux")
        let archives = ["libFoundationEssentials.a", "lib_FoundationCollections.a"].map { lib.appendingPathComponent($0).path }
        if archives.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) { return archives }
    }
    #endif
    return []
}()

// The one way through: WhatsAppModel (messages, limits, validation) → Providers (gateways,
// profiles) → Config (the config and theme files) → Session → front ends (the `wacon` CLI and
// the console). Versions are the ones the machine's local package mirror carries.
let package = Package(
    name: "wacon",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wacon", targets: ["wacon"]),
        .library(name: "WhatsAppModel", targets: ["WhatsAppModel"]),
        .library(name: "Providers", targets: ["Providers"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(name: "WhatsAppModel"),
        .target(name: "Providers", dependencies: ["WhatsAppModel", .product(name: "HTTPTypes", package: "swift-http-types")]),
        // The config file and theme files, parsed once; the built-in themes are embedded.
        .target(
            name: "Config",
            dependencies: ["Providers", "WhatsAppModel", .product(name: "TOMLKit", package: "TOMLKit")],
            resources: [.embedInCode("Themes")]
        ),
        // Requests written for other tools read into wacon's terms: curl today.
        .target(name: "Import", dependencies: ["Providers", "WhatsAppModel", .product(name: "HTTPTypes", package: "swift-http-types")]),
        // Sends WireRequests over AsyncHTTPClient: timeouts, timings, retries.
        .target(
            name: "Transport",
            dependencies: ["WhatsAppModel", "Providers", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio")]
        ),
        // The local server that speaks every gateway's API, and wacon's webhook receiver (in process and `wacon listen`).
        .target(
            name: "Sandbox",
            dependencies: [
                "WhatsAppModel", "Providers", "Transport",
                .product(name: "Hummingbird", package: "hummingbird"),
                // The webhook receiver passes bodies on byte for byte (Transport sends JSON values).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // SQLite's C API, from the system (libsqlite3-dev).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The local history file: SQLite through its C API (Sources/History/SQLite.swift).
        .target(
            name: "History",
            dependencies: ["WhatsAppModel", "Providers", "CSQLite", .product(name: "HTTPTypes", package: "swift-http-types")],
            // Only what is imported is visible: nothing of full Foundation reaches History through another module.
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
        ),
        // What both front ends do around a send: the in-process sandbox for built-in profiles,
        // status callbacks, recording to history; curl import.
        .target(name: "Session", dependencies: ["WhatsAppModel", "Providers", "Config", "Import", "Transport", "Sandbox", "History"]),
        // The TUI: state + update + render into a cell grid; ncursesw and in-memory backends.
        .target(
            name: "Console",
            dependencies: ["WhatsAppModel", "Providers", "Config", "Session", "CNCurses"]
        ),
        // ncursesw with a small C shim for the globals Swift cannot import (stdscr, LINES, COLS).
        .target(
            name: "CNCurses",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        // One symbol for the release link, so that Foundation (and ICU) stay out (see its .c file).
        .target(name: "CFoundationStandIn", cSettings: [.define("WACON_RELEASE_WITHOUT_FOUNDATION", .when(configuration: .release))]),
        .executableTarget(
            name: "wacon",
            dependencies: [
                "WhatsAppModel", "Providers", "Config", "Transport", "Sandbox", "Session", "Console", "CNCurses", "CFoundationStandIn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The release link (wacon-bench start has the figures):
            // - exports no symbols: nothing loads into the binary, and 1.3 MB of dynamic symbols
            //   the loader read at every start cost 6 MB of RSS;
            // - uses the toolchain's lld for packed relative relocations (glibc 2.36 or later):
            //   145,000 relocations of 24 bytes each become a few kilobytes, which the loader no
            //   longer pages in at start (2 MB of RSS, 2.5 MB of file);
            // - names FoundationEssentials first (see foundationEssentialsFirst), which takes a
            //   static link: build it with --static-swift-stdlib, as scripts/install does.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic", "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]
                                          + foundationEssentialsFirst, .when(configuration: .release))]
        ),
        // Prints figures; run in release: `swift run -c release wacon-bench`.
        .executableTarget(name: "wacon-bench", dependencies: ["WhatsAppModel", "Providers", "Config", "Transport", "Sandbox", "History", "Session", "Console"], path: "Sources/WaconBench"),
        // Sample messages from examples/ for the test targets.
        .target(name: "WaconTestSupport", dependencies: ["Providers", "WhatsAppModel"], path: "Tests/Support"),
        .testTarget(name: "WhatsAppModelTests", dependencies: ["WhatsAppModel"]),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "WhatsAppModel", "WaconTestSupport"]),
        .testTarget(name: "ImportTests", dependencies: ["Import", "Providers", "WhatsAppModel", "WaconTestSupport"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "Providers", "WhatsAppModel"]),
        .testTarget(name: "HistoryTests", dependencies: ["History", "Session", "Sandbox", "Transport", "Providers", "WhatsAppModel", "WaconTestSupport"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "Config", "Providers", "WhatsAppModel", "Session", "History"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "Transport", "Providers", "WhatsAppModel", "WaconTestSupport"]),
        .testTarget(name: "SessionTests", dependencies: ["Session", "Config", "Providers", "Sandbox", "History", "WhatsAppModel", "WaconTestSupport"]),
        // Every parser of outside input, fuzzed for a bounded time (WACON_FUZZ_SECONDS).
        .testTarget(name: "FuzzTests", dependencies: ["WhatsAppModel", "Providers", "Import", "Config", "WaconTestSupport"],
                    exclude: ["Corpus", "Last"]),
        .testTarget(name: "WaconCLITests", dependencies: ["wacon", "WhatsAppModel", "Providers", "History", "Session", "Sandbox"],
                    exclude: ["Golden"]),
    ]
)

// An extension's members are visible only in files that import its module. Without this, a file
// that imports FoundationEssentials still calls full Foundation's String methods (`contains`,
// `range(of:)`) through a module some dependency imported, and the release binary links
// Foundation and ICU for them.
for target in package.targets where [.regular, .executable].contains(target.type) && !["CNCurses", "CFoundationStandIn", "wacon-bench", "WaconTestSupport"].contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
