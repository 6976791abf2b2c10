// swift-tools-version: 6.0
import PackageDescription

/// Our own targets are built in Swift 6 language mode with warnings treated as errors.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "sshauth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sshauth", targets: ["sshauth"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The set-up file is YAML: Yams gives every node its line, so each mistake is named by file:line.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries: a module map and one shim header each. Nothing above these knows C.
        // ncursesw.pc adds only -D flags, which SwiftPM rejects with a warning; the shim header
        // defines what they would and the module map links the library, so no pkgConfig here.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibSSH2", pkgConfig: "libssh2", providers: [.apt(["libssh2-1-dev"])]),
        // The C library's wide-character tables (iswprint_l), which Swift's Glibc module leaves out.
        .systemLibrary(name: "CWideCharacters"),
        // Argon2 (the reference implementation), for PuTTY .ppk version 3 key files.
        .systemLibrary(name: "CArgon2", providers: [.apt(["libargon2-dev"])]),

        // Keys and formats.
        .target(name: "SSHKeys", dependencies: ["COpenSSL", "CWideCharacters", "CArgon2"], swiftSettings: strict),
        // The domain: the set-up value and file, plans, steps, safe local writes. No terminal, no network.
        .target(name: "AuthSetup", dependencies: ["SSHKeys", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        // libssh2: connect, host key, authentication, SFTP; the remote steps of a plan.
        .target(name: "RemoteAccess", dependencies: ["AuthSetup", "SSHKeys", "CLibSSH2"], swiftSettings: strict),
        // The flows every front end calls: open a target session, prepare each mechanism's plan
        // from a set-up, apply it, prove it.
        .target(name: "Flows", dependencies: ["AuthSetup", "RemoteAccess", "SSHKeys"], swiftSettings: strict),
        // The wizard as a pure state machine and renderer: no curses, no network, no threads, no
        // disk; testable without a terminal.
        .target(name: "Wizard", dependencies: ["AuthSetup", "SSHKeys"], swiftSettings: strict),
        // The wizard's effect runner: carries out the effects the state machine names through the
        // flows, on its own queue, and reports results as events.
        .target(name: "WizardEffects", dependencies: ["Wizard", "Flows", "RemoteAccess", "AuthSetup", "SSHKeys"], swiftSettings: strict),
        // The thin ncurses driver: screen buffers to curses calls, keys to wizard events.
        .target(name: "TerminalUI", dependencies: ["Wizard", "CNcursesw"], swiftSettings: strict),
        // The command-line tool.
        .executableTarget(
            name: "sshauth",
            dependencies: [
                "SSHKeys", "AuthSetup", "RemoteAccess", "Flows", "Wizard", "WizardEffects", "TerminalUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // Helpers the test targets share: running real programs, the sandbox, temporary directories,
        // golden files.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "CModulesTests", dependencies: ["CNcursesw", "COpenSSL", "CLibSSH2", "CArgon2"], swiftSettings: strict),
        .testTarget(name: "SSHKeysTests", dependencies: ["SSHKeys", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "AuthSetupTests", dependencies: ["AuthSetup", "TestSupport"], exclude: ["__Golden__"], swiftSettings: strict),
        // RemoteAccess's parts that need no server: greeting bounds, version parsing, host key methods.
        .testTarget(name: "RemoteAccessTests", dependencies: ["RemoteAccess", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "WizardTests", dependencies: ["Wizard", "TestSupport"], exclude: ["__Snapshots__"], swiftSettings: strict),
        // Runs the built binary against the real OpenSSH tools and the loopback sshd sandbox.
        .testTarget(name: "IntegrationTests", dependencies: ["sshauth", "SSHKeys", "AuthSetup", "Wizard", "WizardEffects", "Flows", "TestSupport"], swiftSettings: strict),
    ]
)

// The libFuzzer harnesses exist only in the manifest `make fuzz` loads (SSHAUTH_FUZZ=1, its own
// scratch path .build-fuzz), so the normal build and test never see or compile them.
if Context.environment["SSHAUTH_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(name: "sshauth-fuzz", dependencies: ["SSHKeys", "AuthSetup"], path: "Fuzz/Harnesses", swiftSettings: strict)
    )
}
