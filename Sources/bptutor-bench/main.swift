import Foundation
import TutorCore
import TutorEngine

/// bptutor-bench: engine figures for the README's release build.
/// Run with `swift run -c release bptutor-bench`.

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  let mid = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

// Usage: bptutor-bench [RUNS] [moons|mlp|check|lessons|keys|graph|kernels|big-progress DIR]
// (default: 7 runs, every workload; `kernels` prints the matrix-kernel path only)
let arguments = Array(CommandLine.arguments.dropFirst())
let runs = arguments.compactMap(Int.init).first ?? 7
let only = arguments.first { Int($0) == nil }
let steps = 100

if only == "kernels" {
  print("matrix kernels: \(EngineBuild.matrixKernels)")
  exit(0)
}
if only == nil {
  print("matrix kernels: \(EngineBuild.matrixKernels)")
}

if only == nil || only == "moons" {

  print("two moons: 100 points, MLP 2-16-16-1, hinge loss + 1e-4·Σp², \(steps) SGD steps")
  var perStep: [Double] = []
  var finalLoss = 0.0
  var finalAccuracy = 0.0
  for _ in 0..<runs {
    var moons = try TwoMoons()
    let elapsed = try seconds {
      for k in 0..<steps { try moons.step(rate: 1 - 0.9 * Double(k) / Double(steps)) }
    }
    perStep.append(elapsed / Double(steps) * 1e6)
    finalLoss = moons.currentLoss
    finalAccuracy = moons.accuracy
  }
  print(
    String(
      format: "  %.1f µs per SGD step (median of %d runs of %d steps; min %.1f, max %.1f)",
      median(perStep), runs, steps, perStep.min()!, perStep.max()!))
  print(String(format: "  final loss %.4f, accuracy %.0f%%", finalLoss, finalAccuracy * 100))

}

if only == nil || only == "mlp" {
  print("MLP 3072-700-700-700-10 (ReLU, squared error): forward + backward")
  for batch in [1, 32] {
    var mlp = try WideMLP(batch: batch)
    _ = try mlp.forwardBackward()
    var times: [Double] = []
    for _ in 0..<(batch == 1 ? 9 : 5) {
      times.append(try seconds { _ = try mlp.forwardBackward() } * 1e3)
    }
    print(
      String(
        format: "  batch %2d: %.2f ms per step (median of %d)", batch, median(times), times.count))
  }
}

if only == nil || only == "check" {
  try CheckerWorkload.run()
  try DiagnosisWorkload.run()
}

if only == nil || only == "lessons" {
  try LessonWorkload.run()
}

if only == nil || only == "keys" {
  try KeystrokeWorkload.runAll()
}

// `bptutor-bench big-progress DIR`: a progress file at its cap in DIR (for Scripts/bench-tui).
if only == "big-progress", let directory = arguments.dropFirst().first {
  let size = try BigProgress.write(
    directory: directory,
    library: LessonLibrary(directory: KeystrokeWorkload.lessonsDirectory))
  print("\(directory)/progress.json: \(size) bytes")
}

if only == nil || only == "graph" {
  GraphWorkload.run()
}
