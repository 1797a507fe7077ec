import Foundation
import TerminalText
import Testing
import TutorEngine
import TutorLessons
import TutorMath
import TutorProgress

@testable import TutorCore

/// The tutor session both front ends drive, and `update`'s effects as data.
@Suite("Tutor session")
struct SessionTests {
  static func session(_ progress: LearnerProgress = LearnerProgress()) throws -> TutorSession {
    TutorSession(bound: try Fixtures.bound("relu-1-2-2-1"), progress: progress)
  }

  /// The session's action, then its changes applied to `progress` once, as the shell
  /// does after saving them.
  static func submit(
    _ session: inout TutorSession, _ answer: String, _ progress: inout LearnerProgress
  ) -> ([TutorSession.Event], [ProgressChange]) {
    let result = session.submit(answer, progress: progress)
    result.1.apply(to: &progress)
    return result
  }

  static func hint(_ session: inout TutorSession, _ progress: inout LearnerProgress) -> (
    TutorSession.Event, [ProgressChange]
  ) {
    let result = session.hint(progress: progress)
    result.1.apply(to: &progress)
    return result
  }

  static func reveal(_ session: inout TutorSession, _ progress: inout LearnerProgress) -> (
    TutorSession.Event, [ProgressChange]
  ) {
    let result = session.reveal(progress: progress)
    result.1.apply(to: &progress)
    return result
  }

  @Test("a session changes no progress itself: what it solved comes back as one change to save")
  func sessionReturnsChanges() throws {
    var session = try Self.session()
    let progress = LearnerProgress()
    let (_, changes) = session.submit("[3; -3]", progress: progress)
    #expect(changes.first == .solved(lesson: "relu-1-2-2-1", step: "a1"))
    #expect(progress.lessons.isEmpty)
  }

  @Test("a right answer is marked solved in the progress and returned as an effect to save")
  func submitRight() throws {
    var session = try Self.session()
    var progress = LearnerProgress()
    let (events, effects) = Self.submit(&session, "[3; -3]", &progress)
    #expect(events.first == .judged(session.feedback!.verdict))
    #expect(events.last == .solvedMoreToGo)
    #expect(effects.first == .solved(lesson: "relu-1-2-2-1", step: "a1"))
    guard case .attempt(let attempt)? = effects.last, effects.count == 2 else {
      Issue.record("the step's outcome is recorded too: \(effects)")
      return
    }
    #expect(attempt.outcome == .right)
    #expect(progress.lessons["relu-1-2-2-1"]?.solved == ["a1"])
    // Solving it again changes nothing to save.
    #expect(Self.submit(&session, "[3; -3]", &progress).1 == [])
  }

  @Test("a wrong answer changes no progress; an empty one is not judged")
  func submitWrong() throws {
    var session = try Self.session()
    var progress = LearnerProgress()
    let (events, effects) = Self.submit(&session, "[3; 3]", &progress)
    #expect(effects.isEmpty)
    #expect(progress.lessons.isEmpty)
    guard case .judged(let verdict) = events.first else {
      Issue.record("expected a verdict")
      return
    }
    #expect(verdict.kind == .incorrect)
    #expect(Self.submit(&session, "   ", &progress).0 == [.emptyAnswer])
  }

  @Test("reveal marks an unsolved step revealed (not solved); on a solved step it saves nothing")
  func reveal() throws {
    var session = try Self.session()
    var progress = LearnerProgress()
    let (event, effects) = Self.reveal(&session, &progress)
    #expect(event == .revealed(countsAsRevealed: true))
    #expect(effects.first == .revealed(lesson: "relu-1-2-2-1", step: "a1"))
    #expect(effects.count == 2, "and the outcome `revealed` is recorded")
    #expect(progress.lessons["relu-1-2-2-1"]?.solved == [])
    // Typing the revealed value is right, but the step stays revealed.
    let (events, saves) = Self.submit(&session, "[3; -3]", &progress)
    #expect(events.last == .rightButRevealed)
    #expect(saves == [])
    #expect(progress.lessons["relu-1-2-2-1"]?.solved == [])
    #expect(
      progress.status(of: "relu-1-2-2-1", stepIDs: session.lesson.steps.map(\.id))
        == "0/18 · 1 revealed")
    // A step solved first and revealed after saves nothing and stays solved.
    _ = session.move(by: 1)
    _ = Self.submit(&session, "[3; 0]", &progress)
    #expect(Self.reveal(&session, &progress) == (.revealed(countsAsRevealed: false), []))
    #expect(progress.lessons["relu-1-2-2-1"]?.solved == ["h1"])
  }

  @Test("a lesson is done when every step is solved or revealed, and says how many were revealed")
  func doneWithReveals() throws {
    let session = try Self.session()
    var progress = LearnerProgress()
    let ids = session.lesson.steps.map(\.id)
    for id in ids.dropFirst(2) { progress.markSolved(id, in: "relu-1-2-2-1") }
    progress.markRevealed(ids[0], in: "relu-1-2-2-1")
    progress.markRevealed(ids[1], in: "relu-1-2-2-1")
    #expect(progress.status(of: "relu-1-2-2-1", stepIDs: ids) == "✓ done · 2 revealed")
    let counts = progress.counts(of: "relu-1-2-2-1", stepIDs: ids)
    #expect(counts.solved == 16)
    #expect(counts.revealed == 2)
  }

  @Test("hints one at a time, then no more; moves stop at both ends and clear the verdict")
  func hintsAndMoves() throws {
    var session = try Self.session()
    var progress = LearnerProgress()
    #expect(
      Self.hint(&session, &progress)
        == (
          .hintShown(number: 1, of: 2), [.hints(lesson: "relu-1-2-2-1", step: "a1", count: 1)]
        ))
    #expect(Self.hint(&session, &progress).0 == .hintShown(number: 2, of: 2))
    #expect(Self.hint(&session, &progress) == (.noMoreHints, []))
    #expect(progress.lessons["relu-1-2-2-1"]?.hints == ["a1": 2])
    #expect(session.move(by: -1) == .atFirstStep)
    _ = Self.submit(&session, "1", &progress)
    #expect(session.move(by: 1) == .moved(to: 1))
    #expect(session.feedback == nil)
    for _ in 0..<20 { _ = session.move(by: 1) }
    #expect(session.stepIndex == session.lesson.steps.count - 1)
    #expect(session.move(by: 1) == .atLastStep)
  }

  @Test("a session opens at the first unsolved step, or from the start when all are solved")
  func opening() throws {
    var progress = LearnerProgress()
    progress.markSolved("a1", in: "relu-1-2-2-1")
    progress.markSolved("h1", in: "relu-1-2-2-1")
    let resumed = try Self.session(progress)
    #expect(resumed.stepIndex == 2)
    #expect(resumed.openingEvent(progress: progress) == .resumed(atStep: 2))
    for step in resumed.lesson.steps { progress.markSolved(step.id, in: "relu-1-2-2-1") }
    let again = try Self.session(progress)
    #expect(again.stepIndex == 0)
    #expect(again.openingEvent(progress: progress) == .startingOver)
  }

  @Test(
    "update returns each change as a save effect; it is applied once, when the save reports back")
  func updateEffects() throws {
    var state = AppState(lessons: [])
    _ = TutorApp.update(&state, .lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .learn))
    for character in "[3; -3]" { _ = TutorApp.update(&state, .key(.character(character))) }
    let effects = TutorApp.update(&state, .key(.enter))
    #expect(effects.first == .save(.solved(lesson: "relu-1-2-2-1", step: "a1")))
    #expect(effects.count == 2, "and the attempt")
    // Not applied yet: the progress in memory changes when the save reports back.
    #expect(state.progress.lessons["relu-1-2-2-1"] == nil)
    // The driver's answer: the merged file, the change and another tutor's step in it.
    var merged = state.progress
    for case .save(let change) in effects { change.apply(to: &merged) }
    merged.markSolved("conv", in: "conv-3x3")
    #expect(TutorApp.update(&state, .progressSaved(merged)) == [])
    #expect(state.progress.lessons["relu-1-2-2-1"]?.solved == ["a1"])
    #expect(state.progress.lessons["conv-3x3"]?.solved == ["conv"])
    #expect(TutorApp.update(&state, .key(.control("r"))) == [])  // solved: nothing to save
    _ = TutorApp.update(&state, .key(.control("n")))
    let reveal = TutorApp.update(&state, .key(.control("r")))
    #expect(reveal.first == .save(.revealed(lesson: "relu-1-2-2-1", step: "h1")))
    // A save that fails: the change is applied in memory only, and the status says so.
    guard case .save(let change)? = reveal.first else { return }
    _ = TutorApp.update(&state, .progressNotSaved(change, reason: "read-only folder"))
    #expect(state.status == "could not save progress: read-only folder")
    #expect(state.progress.lessons["relu-1-2-2-1"]?.revealed == ["h1"])
  }

  @Test("the driver applies a change once: an attempt is logged once, not twice")
  func changeAppliedOnce() throws {
    var driver = Fixtures.learning()
    driver.type("[3; -3]")
    driver.press(.enter)
    let entry = try #require(driver.state.progress.lessons["relu-1-2-2-1"])
    #expect(entry.solved == ["a1"])
    #expect(entry.attempts.count == 1)
    // The same holds through a store: the file and the memory both hold one attempt.
    let store = UpdateTests.temporaryStore()
    var saving = Fixtures.learning(store: store)
    saving.type("[3; -3]")
    saving.press(.enter)
    #expect(saving.state.progress.lessons["relu-1-2-2-1"]?.attempts.count == 1)
    #expect(store.load().progress.lessons["relu-1-2-2-1"]?.attempts.count == 1)
  }

  @Test("the menu shows a lesson's reveals in full: 0/18 · 1 revealed, at 80×24 and 60×16")
  func menuRevealed() throws {
    var driver = Fixtures.driver()
    var progress = driver.state.progress
    progress.markRevealed("a1", in: "relu-1-2-2-1")
    driver.send(.progressSaved(progress))
    for (width, height) in [(80, 24), (60, 16)] {
      let screen = Fixtures.screen(driver, width: width, height: height)
      #expect(
        screen.contains { $0.contains("0/18 · 1 revealed") && $0.contains("relu-1-2-2-1") },
        "\(screen.joined(separator: "\n"))")
    }
    // At 80×24 titles stand in the list; at 60×16 there is no room for more than a stub
    // ("Two…"), so the list shows ids and the selected lesson's title stands above its
    // summary.
    let title = driver.state.lessons[driver.state.menuIndex].title
    let wide = Fixtures.screen(driver, width: 80, height: 24)
    #expect(wide.contains { $0.contains("sigmoid-chain") && $0.contains("Two sigmoids") })
    let narrow = Fixtures.screen(driver, width: 60, height: 16)
    let listRows = narrow.filter { $0.contains(" steps") }
    #expect(!listRows.isEmpty && listRows.allSatisfy { !$0.contains("…") })
    #expect(narrow.contains { $0.trimmingCharacters(in: .whitespaces) == title })
  }

  @Test("Enter on an empty answer line after a right answer moves to the next step")
  func enterMovesOn() throws {
    var driver = Fixtures.learning()
    driver.press(.enter)
    #expect(driver.state.learn?.stepIndex == 0)  // nothing answered yet: stays
    driver.type("[3; -3]")
    driver.press(.enter)
    #expect(driver.state.status == "Enter or Ctrl-N for the next step")
    driver.press(.enter)
    #expect(driver.state.learn?.stepIndex == 1)
  }

  @Test("help opened in a lesson starts with the lesson's keys, all on the first page at 80×24")
  func helpFirstPage() throws {
    var driver = Fixtures.learning()
    driver.press(.function(1))
    let screen = Fixtures.screen(driver)
    // Every line of the learn screen's key list, generated from its bindings.
    for line in LearnScreen.bindings.map(\.helpLine) {
      #expect(screen.contains { $0.contains("  " + line.keys) }, "\(line.keys) on the first page")
    }
    #expect(screen[2].contains("Learn"))
  }

  @Test(
    "one command vocabulary for both front ends",
    arguments: [
      ("hint", SessionCommand.hint), ("h", .hint), ("reveal", .reveal), ("next", .next),
      ("skip", .next), ("n", .next), ("prev", .previous), ("previous", .previous),
      ("help", .help), ("?", .help), ("quit", .quit), ("q", .quit), ("graph", .graph),
      ("set x = 2", .set("x = 2")), ("set", .set("")), ("variant", .variant), ("menu", .menu),
    ])
  func commands(text: String, command: SessionCommand) throws {
    #expect(try SessionCommand.parse(text).get() == command)
  }

  @Test("an unknown command suggests the nearest")
  func unknownCommand() {
    guard case .failure(let unknown) = SessionCommand.parse("hnit") else {
      Issue.record("hnit is not a command")
      return
    }
    #expect(unknown.suggestion == "did you mean `hint`?")
  }

  @Test("showing the graph view parses no lesson text")
  func graphParsesNothing() throws {
    var driver = Fixtures.learning()
    driver.press(.function(2))
    let counter = ParseCounter()
    ParseCounter.$current.withValue(counter) {
      _ = TutorApp.view(driver.state, width: 120, height: 40)
    }
    #expect(counter.count == 0)
  }
}

/// The terminal draws only what changed.
@Suite("Screen diff")
struct ScreenDiffTests {
  @Test("with no previous buffer (or another size) every row is one run")
  func full() {
    var buffer = ScreenBuffer(width: 4, height: 2)
    buffer.write("ab", row: 0, column: 0)
    #expect(buffer.changes(since: nil).map(\.row) == [0, 1])
    #expect(buffer.changes(since: ScreenBuffer(width: 5, height: 2)).count == 2)
  }

  @Test("an unchanged buffer has no changes; a changed cell is one run at its place")
  func runs() {
    var before = ScreenBuffer(width: 10, height: 3)
    before.write("hello", row: 1, column: 2)
    #expect(before.changes(since: before).isEmpty)
    var after = before
    after.write("J", row: 1, column: 3)
    after.write("xy", row: 2, column: 7)
    let changes = after.changes(since: before)
    #expect(changes.map(\.row) == [1, 2])
    #expect(changes.map(\.column) == [3, 7])
    #expect(changes.map { $0.cells.map(\.text).joined() } == ["J", "xy"])
  }

  @Test("the runs cover every changed cell, hold the new cells, and cover nothing else")
  func runsRebuildTheFrame() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200 {
      var before = ScreenBuffer(width: 12, height: 3)
      var after = ScreenBuffer(width: 12, height: 3)
      for buffer in [0, 1] {
        for _ in 0..<Int.random(in: 0...6, using: &generator) {
          let text = ["ab", "漢", "x\u{0303}", "∂J", "  ", "q"].randomElement(using: &generator)!
          let row = Int.random(in: 0..<3, using: &generator)
          let column = Int.random(in: 0..<12, using: &generator)
          let style: CellStyle = Bool.random(using: &generator) ? .plain : .bold
          if buffer == 0 {
            before.write(text, row: row, column: column, style: style)
          } else {
            after.write(text, row: row, column: column, style: style)
          }
        }
      }
      var covered = Set<Int>()
      for run in after.changes(since: before) {
        for (offset, cell) in run.cells.enumerated() {
          let index = run.row * 12 + run.column + offset
          #expect(cell == after[run.row, run.column + offset])
          covered.insert(index)
        }
      }
      for row in 0..<3 {
        for column in 0..<12 where !covered.contains(row * 12 + column) {
          #expect(before[row, column] == after[row, column], "row \(row), column \(column)")
        }
      }
    }
  }

  @Test("a style change alone is a change")
  func style() {
    var before = ScreenBuffer(width: 6, height: 1)
    before.write("ab", row: 0, column: 0)
    var after = before
    after.paint(row: 0, from: 0, to: 1, style: .reverse)
    #expect(after.changes(since: before).map(\.column) == [0])
  }

  @Test("a run never starts on the second half of a wide character")
  func wide() {
    var before = ScreenBuffer(width: 6, height: 1)
    before.write("a⎡⎤中", row: 0, column: 0)
    var after = before
    after.write("文", row: 0, column: 3)
    let changes = after.changes(since: before)
    #expect(changes.count == 1)
    #expect(changes[0].cells.first?.isContinuation == false)
  }

  @Test("ASCII-only buffers fold what is written by the one table")
  func asciiOnly() {
    var buffer = ScreenBuffer(width: 20, height: 1, asciiOnly: true)
    buffer.write("∂J/∂a⁽¹⁾ ✓", row: 0, column: 0)
    #expect(buffer.lines == ["dJ/da^(1) ok"])
  }
}
