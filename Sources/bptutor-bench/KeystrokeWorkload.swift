import Foundation
import TerminalText
import TutorCore
import TutorEngine
import TutorLessons
import TutorMath
import TutorProgress

/// Replays keystrokes of a learner through the tutor's pure core — `update`, then `view`
/// at 80×24, then the diff against the previous frame (what the terminal layer draws) —
/// and reports the time per key. Three runs: progress in memory; saved as the terminal
/// saves it (``TutorDriver`` saving in the background, the real ``ProgressStore``) to a
/// fresh progress file; and the same with a progress file at its cap (``BigProgress``).
/// A saving key's time includes handing the change to the saver; the saves themselves
/// run beside the keys, and their count, time and re-reads are reported after. The work
/// the tutor does ahead after each frame (``TutorDriver/frameDrawn()``: the step's check
/// prepared, the frames after a hint and a reveal rendered) is finished before the next
/// key, untimed, as it is at a learner's pace.
enum KeystrokeWorkload {
  static var lessonsDirectory: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons")
      .path
  }

  /// Every run: in memory, a fresh file, a file at its cap.
  static func runAll() throws {
    let library = LessonLibrary(directory: lessonsDirectory)
    run(library: library, keys: 10_000, store: nil, label: "progress in memory")
    let fresh = NSTemporaryDirectory() + "bptutor-keys-\(getpid())-fresh"
    run(library: library, keys: 3_000, store: ProgressStore(directory: fresh), label: "fresh file")
    let big = NSTemporaryDirectory() + "bptutor-keys-\(getpid())-big"
    let size = try BigProgress.write(directory: big, library: library)
    run(
      library: library, keys: 3_000, store: ProgressStore(directory: big),
      label: String(format: "progress file of %.2f MB", Double(size) / 1e6))
    for directory in [fresh, big] { try? FileManager.default.removeItem(atPath: directory) }
  }

  static func run(library: LessonLibrary, keys total: Int, store: ProgressStore?, label: String) {
    let loadStart = DispatchTime.now().uptimeNanoseconds
    let progress = store?.load().progress ?? LearnerProgress()
    let loadTime = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e6
    let state = AppState(
      lessons: library.entries(), progress: progress, colors: true, mathStyle: .unicode)
    var driver = TutorDriver(
      state: state, library: library, store: store, savingInBackground: store != nil)
    var previous: ScreenBuffer? = nil
    var times: [Double] = []
    times.reserveCapacity(total)
    var counts: [String: Int] = [:]
    var byKind: [String: [Double]] = [:]
    var changedRuns = 0

    func press(_ key: Key, _ kind: String) {
      let start = DispatchTime.now().uptimeNanoseconds
      driver.press(key)
      let frame = TutorApp.view(driver.state, width: 80, height: 24)
      let changes = frame.changes(since: previous)
      previous = frame
      let elapsed = DispatchTime.now().uptimeNanoseconds - start
      // As the terminal does once a frame is drawn (not timed: it waits for no key). The
      // keys here come back to back; a learner's next key comes tens of milliseconds later
      // at least, by when the work ahead is done: it is waited for, untimed.
      driver.frameDrawn()
      WorkAhead.wait()
      changedRuns += changes.count
      times.append(Double(elapsed) / 1e3)
      counts[kind, default: 0] += 1
      byKind[kind, default: []].append(Double(elapsed) / 1e3)
    }

    // A learner's evening, over and over: open a lesson from the menu, then for each step
    // a wrong answer, a hint, a correction with Backspace, the right answer, the next step;
    // a look at the graph now and then; back to the menu and on to the next lesson.
    var lessonRow = 0
    driver.press(.home)
    while times.count < total {
      press(.enter, "open")
      guard let learn = driver.state.learn else { break }
      let steps = learn.lesson.steps.count
      for step in 0..<steps where times.count < total {
        for character in "[1; 2]" { press(.character(character), "type") }
        press(.enter, "submit")
        press(.tab, "hint")
        for _ in 0..<6 { press(.backspace, "edit") }
        for character in answer(driver) { press(.character(character), "type") }
        press(.enter, "submit")
        if step % 4 == 3 {
          press(.function(2), "graph")
          press(.right, "graph")
          press(.enter, "graph")
          press(.escape, "back")
        }
        if driver.state.learn.map({ Trainer($0.bound).gradientDescentStep == step }) == true {
          press(.function(5), "curve")
          press(.escape, "back")
        }
        press(.control("n"), "step")
      }
      press(.escape, "menu")
      lessonRow = (lessonRow + 1) % max(driver.state.lessons.count, 1)
      press(.down, "menu")
      if lessonRow == 0 { press(.home, "menu") }
    }

    let sorted = times.sorted()
    func percentile(_ p: Double) -> Double {
      sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1)]
    }
    let mix = counts.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
      .joined(separator: ", ")
    let flushStart = DispatchTime.now().uptimeNanoseconds
    driver.finishSaving()
    let flushTime = Double(DispatchTime.now().uptimeNanoseconds - flushStart) / 1e6
    print("keystrokes, \(label): \(times.count) keys through update + view + diff at 80×24")
    if let store {
      let saved = store.load().progress.lessons.values.reduce(0) { $0 + $1.solved.count }
      print(
        String(
          format:
            "  saved in the background: load %.1f ms; last save flushed in %.1f ms; "
            + "file read %d times (load and check); %d steps solved on disk",
          loadTime, flushTime, store.diskReads, saved))
    }
    print("  (\(mix))")
    print(
      String(
        format: "  per key: median %.1f µs, p90 %.1f µs, p99 %.1f µs, max %.1f µs",
        percentile(50), percentile(90), percentile(99), sorted.last ?? 0))
    for (kind, values) in byKind.sorted(by: { $0.key < $1.key }) {
      let sorted = values.sorted()
      print(
        String(
          format: "    %-7@ median %7.1f µs, p99 %7.1f µs, max %7.1f µs", kind,
          sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)],
          sorted.last!))
    }
    let solved = driver.state.progress.lessons.values.reduce(0) { $0 + $1.solved.count }
    print("  steps solved along the way: \(solved); runs of cells redrawn: \(changedRuns)")
  }

  /// The right answer to the current step, typed as a learner would.
  static func answer(_ driver: TutorDriver) -> String {
    guard let learn = driver.state.learn,
      let expectation = try? learn.bound.expectation(forStep: learn.stepIndex)
    else { return "0" }
    switch expectation {
    case .value(let value):
      if case .choice = learn.step.question { return TensorFormat.inline(value) }
      return TensorFormat.inline(value, entries: value.scalars.map { TensorJSON.number($0) })
    case .formula(let formula):
      return formula.source
    }
  }
}
