import Foundation
import TutorCore
import TutorProgress

/// One save in process, at a fresh and at a capped progress file: a save behind the keys
/// (``ProgressStore/append(merging:_:)``: one journal line, `fsync`ed) against a save
/// that writes `progress.json` whole (``ProgressStore/update(merging:_:)``, what every save
/// did before the journal), each recording one attempt as a submit does; then the load
/// with the journal those saves left, and its compaction.
enum SaveWorkload {
  static func runAll(saves: Int = 60) throws {
    let library = LessonLibrary(directory: KeystrokeWorkload.lessonsDirectory)
    let fresh = NSTemporaryDirectory() + "bptutor-saves-\(getpid())-fresh"
    try? FileManager.default.removeItem(atPath: fresh)
    try ProgressStore(directory: fresh).update { $0.markSolved("a1", in: "relu-1-2-2-1") }
    try run(directory: fresh, saves: saves, label: "fresh file")
    let big = NSTemporaryDirectory() + "bptutor-saves-\(getpid())-big"
    let size = try BigProgress.write(directory: big, library: library)
    try run(
      directory: big, saves: saves,
      label: String(format: "progress file of %.2f MB", Double(size) / 1e6))
    for directory in [fresh, big] { try? FileManager.default.removeItem(atPath: directory) }
  }

  static func run(directory: String, saves: Int, label: String) throws {
    var time = 1_800_000_000.0
    func attempt(_ progress: inout LearnerProgress) {
      time += 5
      progress.recordAttempt(
        .wrongFirst, step: "a1", in: "relu-1-2-2-1", variant: 0,
        skills: ["relu-mask", "chain-rule-scalar"], at: time)
    }
    var cpu: [Double] = []
    /// Wall milliseconds; the thread's CPU milliseconds go to `cpu`.
    func timed(_ body: () throws -> Void) rethrows -> Double {
      let cpuStart = Self.threadCPU()
      let start = DispatchTime.now().uptimeNanoseconds
      try body()
      cpu.append(Self.threadCPU() - cpuStart)
      return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
    func summary(_ values: [Double]) -> String {
      let sorted = values.sorted()
      let cpuSorted = cpu.sorted()
      defer { cpu = [] }
      return String(
        format: "median %6.2f ms, p90 %6.2f ms, max %6.2f ms (CPU median %.2f ms)",
        sorted[sorted.count / 2], sorted[sorted.count * 9 / 10], sorted.last!,
        cpuSorted[cpuSorted.count / 2])
    }
    print("saves in process, \(label): \(saves) of each, one attempt recorded per save")
    let store = ProgressStore(directory: directory)
    var progress = store.load().progress
    var whole: [Double] = []
    for _ in 0..<saves {
      whole.append(try timed { progress = try store.update(merging: progress, attempt) })
    }
    print("  progress.json written whole (update):   \(summary(whole))")
    var appended: [Double] = []
    for _ in 0..<saves {
      appended.append(try timed { progress = try store.append(merging: progress, attempt) })
    }
    let journal = (try? FileManager.default.attributesOfItem(atPath: store.journalPath))?[.size]
    print(
      "  journal line appended (append):        \(summary(appended)); journal "
        + "\((journal as? Int) ?? 0) bytes")
    let fresh = ProgressStore(directory: directory)
    let load = timed { _ = fresh.load() }
    let compaction = try timed { try fresh.compact() }
    cpu = []
    print(
      String(format: "  load with that journal %.1f ms; its compaction %.1f ms", load, compaction))
  }

  /// This thread's CPU time so far, in milliseconds.
  static func threadCPU() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
  }
}
