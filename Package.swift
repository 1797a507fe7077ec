// swift-tools-version: 6.0
import PackageDescription

// Release builds put each function in a section of its own, and the link places the
// functions a learner's session runs side by side (Sources/bptutor/hot-code.order, written
// by Scripts/order-hot-code): a command or a tutor session then touches fewer pages of the
// 20 MB of code, so it faults fewer in and keeps less of it resident.
let hotCode: [SwiftSetting] = [
  .unsafeFlags(["-Xfrontend", "-function-sections"], .when(configuration: .release))
]
let hotCodeC: [CSetting] = [
  .unsafeFlags(["-ffunction-sections"], .when(configuration: .release))
]

let package = Package(
  name: "bptutor",
  products: [
    .executable(name: "bptutor", targets: ["bptutor"]),
    .executable(name: "bptutor-bench", targets: ["bptutor-bench"]),
    .library(name: "TutorEngine", targets: ["TutorEngine"]),
    .library(name: "TutorMath", targets: ["TutorMath"]),
    .library(name: "TutorLessons", targets: ["TutorLessons"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
  ],
  targets: [
    // The matrix-product kernels, built for AVX-512, AVX2 and the baseline and chosen at run time.
    .target(name: "CKernels", cSettings: hotCodeC),
    // Placing a helper thread on another CPU (GNU calls Swift's Glibc module leaves out).
    .target(name: "CThreads", cSettings: hotCodeC),
    // Terminal text: cell widths, the ASCII fold, safe echoes, the style, the screen buffer
    // and keys. A leaf: the screen layer needs no engine.
    .target(name: "TerminalText", swiftSettings: hotCode),
    // The learner's progress: the store, its records, BKT, FSRS and the skill vocabulary.
    // A leaf: it names no lesson or engine type.
    .target(name: "TutorProgress", swiftSettings: hotCode),
    .target(name: "TutorEngine", dependencies: ["CKernels"], swiftSettings: hotCode),
    .target(
      name: "TutorMath", dependencies: ["TerminalText", "TutorEngine"], swiftSettings: hotCode),
    .target(
      name: "TutorLessons",
      dependencies: [
        "CThreads", "TerminalText", "TutorEngine", "TutorMath", "TutorProgress",
        .product(name: "Yams", package: "Yams"),
      ], swiftSettings: hotCode),
    .target(
      name: "TutorCore",
      dependencies: [
        "CThreads", "TerminalText", "TutorEngine", "TutorMath", "TutorLessons", "TutorProgress",
      ], swiftSettings: hotCode),
    .systemLibrary(
      name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
    // TutorTerminal names every module whose types it holds by value (TutorDriver carries
    // a BoundLesson): SwiftPM rebuilds a target only when a direct dependency changes, and
    // a stale layout of a transitive one crashed the incremental release build at start.
    .target(
      name: "TutorTerminal",
      dependencies: [
        "CNcursesw", "TerminalText", "TutorCore", "TutorLessons", "TutorMath", "TutorEngine",
        "TutorProgress",
      ], swiftSettings: hotCode),
    .executableTarget(
      name: "bptutor",
      dependencies: [
        "TerminalText",
        "TutorEngine",
        "TutorMath",
        "TutorLessons",
        "TutorProgress",
        "TutorCore",
        "TutorTerminal",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      exclude: ["hot-code.order"],
      swiftSettings: hotCode,
      // The release binary is fully static: no dynamic loader or shared-library start-up
      // work (about 3 ms of every command on this machine), and it runs on any x86_64 Linux.
      linkerSettings: [
        .unsafeFlags(
          [
            "-static-executable", "-Xlinker",
            "--section-ordering-file=\(Context.packageDirectory)/Sources/bptutor/hot-code.order",
          ], .when(configuration: .release))
      ]
    ),
    .executableTarget(
      name: "bptutor-bench",
      dependencies: [
        "TerminalText", "TutorEngine", "TutorMath", "TutorLessons", "TutorProgress", "TutorCore",
      ]),
    // What every test target shares: temporary folders, the process runner, the tmux
    // harness, the repository's paths and a lesson-file builder.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "TerminalTextTests", dependencies: ["TerminalText", "TestSupport"]),
    .testTarget(name: "TutorEngineTests", dependencies: ["TutorEngine", "TestSupport"]),
    .testTarget(
      name: "TutorMathTests",
      dependencies: ["TerminalText", "TutorMath", "TutorEngine", "TestSupport"]),
    .testTarget(
      name: "TutorLessonsTests",
      dependencies: ["TutorLessons", "TutorMath", "TutorEngine", "TutorProgress", "TestSupport"],
      exclude: ["BrokenLessons", "Fixtures"]),
    .testTarget(
      name: "TutorCoreTests",
      dependencies: [
        "TerminalText", "TutorCore", "TutorLessons", "TutorMath", "TutorEngine", "TutorProgress",
        "TestSupport",
      ],
      exclude: ["Snapshots"]),
    // Runs the built bptutor binary end to end.
    .testTarget(name: "CommandLineTests", dependencies: ["TestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
