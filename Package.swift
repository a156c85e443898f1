// swift-tools-version:6.0
import PackageDescription

// The one way through: WhatsAppModel (messages, limits, validation) → Providers (gateways,
// profiles) → front ends (the `wacon` CLI; the console comes later). Versions are the ones the
// machine's local package mirror carries.
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
    ],
    targets: [
        .target(name: "WhatsAppModel"),
        .target(
            name: "Providers",
            dependencies: ["WhatsAppModel", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // ncursesw with a small C shim for the globals Swift cannot import (stdscr, LINES, COLS).
        .target(
            name: "CNCurses",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        .executableTarget(
            name: "wacon",
            dependencies: [
                "WhatsAppModel", "Providers", "CNCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Prints figures; run in release: `swift run -c release wacon-bench`.
        .executableTarget(name: "wacon-bench", dependencies: ["WhatsAppModel", "Providers"], path: "Sources/WaconBench"),
        .testTarget(name: "WhatsAppModelTests", dependencies: ["WhatsAppModel"]),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "WhatsAppModel"]),
        .testTarget(name: "WaconCLITests", dependencies: ["wacon"]),
    ]
)
