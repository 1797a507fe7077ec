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

// Usage: bptutor-bench [RUNS] [moons|moons-plan|mlp|mlp-plan|check|lessons|keys|saves|graph|
//   kernels|big-progress DIR]
// (default: 7 runs, every workload; `kernels` prints the machine, the kernel path and its
// measured FMA peak only; `moons-plan` and `mlp-plan` run only the compiled two moons step
// or b32 MLP step, for profiles)
let arguments = Array(CommandLine.arguments.dropFirst())
let runs = arguments.compactMap(Int.init).first ?? 7
let only = arguments.first { Int($0) == nil }
let steps = 100

/// The machine, the kernel path and its measured single-core FMA peak: printed beside every
/// figure so a figure says which machine it came from and how far from its ceiling it is.
func machineLine() -> String {
  let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
  let model =
    cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
    .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
  return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
}

let peak = EngineBuild.fmaPeakGFLOPS()
print("machine: \(machineLine())")
print(
  String(
    format: "matrix kernels: %@; FMA peak %.1f GFLOP/s (float64, one core, measured)",
    EngineBuild.matrixKernels, peak))
if only == "kernels" { exit(0) }

if only == nil || only == "moons" {

  print("two moons: 100 points, MLP 2-16-16-1, hinge loss + 1e-4·Σp², \(steps) SGD steps")
  var compiled: [Double] = []
  var walked: [Double] = []
  var finalLoss = 0.0
  var planLoss = 0.0
  var finalAccuracy = 0.0
  for _ in 0..<runs {
    let fresh = try TwoMoons()
    let plan = try fresh.compiled()
    compiled.append(
      try seconds {
        for k in 0..<steps { try plan.step(rate: 1 - 0.9 * Double(k) / Double(steps)) }
      } / Double(steps) * 1e6)
    planLoss = plan.lossValue
    var moons = fresh
    walked.append(
      try seconds {
        for k in 0..<steps { try moons.step(rate: 1 - 0.9 * Double(k) / Double(steps)) }
      } / Double(steps) * 1e6)
    finalLoss = moons.currentLoss
    finalAccuracy = moons.accuracy
  }
  print(
    String(
      format: "  %.2f µs per SGD step, compiled plan (median of %d runs of %d steps; min %.2f)",
      median(compiled), runs, steps, compiled.min()!))
  print(
    String(
      format: "  graph walk: %.2f µs/step (median; min %.2f)", median(walked), walked.min()!))
  print(
    String(
      format: "  final loss %.4f (plan %.4f, the same bits: %@), accuracy %.0f%%", finalLoss,
      planLoss, finalLoss.bitPattern == planLoss.bitPattern ? "yes" : "no", finalAccuracy * 100))

}

if only == "moons-plan" {
  // The compiled step alone, RUNS × 100 steps: what `perf record` of the plan should see.
  var times: [Double] = []
  for _ in 0..<runs {
    let plan = try TwoMoons().compiled()
    times.append(
      try seconds {
        for k in 0..<steps { try plan.step(rate: 1 - 0.9 * Double(k) / Double(steps)) }
      } / Double(steps) * 1e6)
  }
  print(
    String(
      format: "  two moons, compiled plan only: %.2f µs per SGD step (median of %d; min %.2f)",
      median(times), runs, times.min()!))
}

if only == "mlp-plan" {
  // The compiled b32 MLP step alone, RUNS steps: what `perf record` of the plan should see.
  let plan = try WideMLP(batch: 32).compiled()
  var times: [Double] = []
  for _ in 0..<runs {
    times.append(
      try seconds {
        try plan.forward()
        plan.backward()
      } * 1e3)
  }
  print(
    String(
      format: "  MLP b32, compiled plan only: %.2f ms per step (median of %d; min %.2f)",
      median(times), runs, times.min()!))
}

if only == nil || only == "mlp" {
  print("MLP 3072-700-700-700-10 (ReLU, squared error): forward + backward")
  let widths = [3072, 700, 700, 700, 10]
  let products = zip(widths, widths.dropFirst()).map { Double($0 * $1) }
  for batch in [1, 32] {
    var mlp = try WideMLP(batch: batch)
    let repeats = batch == 1 ? 9 : 5
    // Forward and weight gradients: every layer; input gradients: every layer but the first.
    let flops = 2 * Double(batch) * (2 * products.reduce(0, +) + products.dropFirst().reduce(0, +))
    // The graph walk (reevaluate, backward), then the same pass as a compiled plan (forward,
    // backward): the plan's figure is the one Scripts/bench-peers reads.
    _ = try mlp.forwardBackward()
    var walked: [Double] = []
    for _ in 0..<repeats { walked.append(try seconds { _ = try mlp.forwardBackward() } * 1e3) }
    let plan = try mlp.compiled()
    try plan.forward()
    plan.backward()
    var times: [Double] = []
    // The plan's passes are short: more of them, so that a median and a minimum taken beside
    // other sessions' work mean something.
    for _ in 0..<(3 * repeats) {
      times.append(
        try seconds {
          try plan.forward()
          plan.backward()
        } * 1e3)
    }
    let walkRate = flops / (median(walked) * 1e-3) / 1e9
    print(
      String(
        format: "  graph walk (b%d): %.2f ms (median of %d), %.1f GFLOP/s = %.0f%% of peak",
        batch, median(walked), walked.count, walkRate, walkRate / peak * 100))
    let rate = flops / (median(times) * 1e-3) / 1e9
    print(
      String(
        format:
          "  batch %2d: %.2f ms per step, compiled plan (median of %d), %.1f GFLOP/s = %.0f%% of peak; fastest %.2f ms = %.0f%%",
        batch, median(times), times.count, rate, rate / peak * 100, times.min()!,
        flops / (times.min()! * 1e-3) / 1e9 / peak * 100))
  }
  // The two largest products of the b32 step, alone (together 59% of its flops):
  // the first layer's forward and its weight gradient, a rank-32 update of a 17 MB result.
  let firstRate = Double(2 * 32 * 3072 * 700) / 1e9
  let first = EngineBuild.productSeconds(m: 32, k: 3072, n: 700, repeats: 9)
  print(
    String(
      format: "  first-layer product 32×3072 · 3072×700: %.2f ms, %.1f GFLOP/s = %.0f%% of peak",
      first * 1e3, firstRate / first, firstRate / first / peak * 100))
  let gradient = EngineBuild.productSeconds(
    m: 3072, k: 32, n: 700, transposeA: true, repeats: 9)
  print(
    String(
      format: "  its weight gradient Xᵀ·G 3072×32 · 32×700: %.2f ms, %.1f GFLOP/s = %.0f%% of peak",
      gradient * 1e3, firstRate / gradient, firstRate / gradient / peak * 100))
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

if only == nil || only == "saves" {
  try SaveWorkload.runAll()
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
