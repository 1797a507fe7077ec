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
    .target(name: "TutorEngine", dependencies: ["CKernels"]),
    .target(name: "TutorMath", dependencies: ["TutorEngine"]),
    .target(
      name: "TutorLessons",
      dependencies: [
        "CThreads", "TutorEngine", "TutorMath", .product(name: "Yams", package: "Yams"),
      ]),
    .target(name: "TutorCore", dependencies: ["TutorEngine", "TutorMath", "TutorLessons"]),
    .systemLibrary(
      name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
    // TutorTerminal names every module whose types it holds by value (TutorDriver carries
    // a BoundLesson): SwiftPM rebuilds a target only when a direct dependency changes, and
    // a stale layout of a transitive one crashed the incremental release build at start.
    .target(
      name: "TutorTerminal",
      dependencies: ["CNcursesw", "TutorCore", "TutorLessons", "TutorMath", "TutorEngine"]),
    .executableTarget(
      name: "bptutor",
      dependencies: [
        "TutorEngine",
        "TutorMath",
        "TutorLessons",
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
      dependencies: ["TutorEngine", "TutorMath", "TutorLessons", "TutorCore"]),
    .testTarget(name: "TutorEngineTests", dependencies: ["TutorEngine"]),
    .testTarget(name: "TutorMathTests", dependencies: ["TutorMath", "TutorEngine"]),
    .testTarget(
      name: "TutorLessonsTests", dependencies: ["TutorLessons", "TutorMath", "TutorEngine"],
      exclude: ["BrokenLessons", "Fixtures"]),
    .testTarget(
      name: "TutorCoreTests",
      dependencies: ["TutorCore", "TutorLessons", "TutorMath", "TutorEngine"],
      exclude: ["Snapshots"]),
    // Runs the built bptutor binary end to end.
    .testTarget(name: "CommandLineTests"),
  ],
  swiftLanguageModes: [.v6]
)
