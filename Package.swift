// swift-tools-version: 6.0
import PackageDescription

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
    .target(name: "CKernels"),
    // Placing a helper thread on another CPU (GNU calls Swift's Glibc module leaves out).
    .target(name: "CThreads"),
    // Terminal text: cell widths, the ASCII fold, safe echoes, the style, the screen buffer
    // and keys. A leaf: the screen layer needs no engine.
    .target(name: "TerminalText"),
    // The learner's progress: the store, its records, BKT, FSRS and the skill vocabulary.
    // A leaf: it names no lesson or engine type.
    .target(name: "TutorProgress"),
    .target(name: "TutorEngine", dependencies: ["CKernels"]),
    .target(name: "TutorMath", dependencies: ["TerminalText", "TutorEngine"]),
    .target(
      name: "TutorLessons",
      dependencies: [
        "CThreads", "TerminalText", "TutorEngine", "TutorMath", "TutorProgress",
        .product(name: "Yams", package: "Yams"),
      ]),
    .target(
      name: "TutorCore",
      dependencies: [
        "CThreads", "TerminalText", "TutorEngine", "TutorMath", "TutorLessons", "TutorProgress",
      ]),
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
      ]),
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
      // The release binary is fully static: no dynamic loader or shared-library start-up
      // work (about 3 ms of every command on this machine), and it runs on any x86_64 Linux.
      linkerSettings: [.unsafeFlags(["-static-executable"], .when(configuration: .release))]
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
