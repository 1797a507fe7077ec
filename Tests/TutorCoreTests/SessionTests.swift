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

  @Test("a right answer is marked solved in the progress and returned as an effect to save")
  func submitRight() throws {
    var session = try Self.session()
    var progress = LearnerProgress()
    let (events, effects) = session.submit("[3; -3]", progress: &progress)
    #expect(events.first == .judged(session.feedback!.verdict))
    #expect(events.last == .solvedMoreToGo)
    #expect(effects.first == .markSolved(lesson: "relu-1-2-2-1", step: "a1"))
    guard case .recordAttempt(let attempt)? = effects.last, effects.count == 2 else {
      Issue.record("the step's outcome is recorded too: \(effects)")
      return
    }
    #expect(attempt.outcome == .right)
    #expect(progress.lessons["relu-1-2-2-1"]?.solved == ["a1"])
    // Solving it again changes nothing to save.
    #expect(session.submit("[3; -3]", progress: &progress).1 == [])
  }

  @Test("a wrong answer changes no progress; an empty one is not judged")
  func submitWrong() throws {
    var session = try Self.session()
    var progress = LearnerProgress()
    let (events, effects) = session.submit("[3; 3]", progress: &progress)
    #expect(effects.isEmpty)
    #expect(progress.lessons.isEmpty)
    guard case .judged(let verdict) = events.first else {
      Issue.record("expected a verdict")
      return
    }
    #expect(verdict.kind == .incorrect)
    #expect(session.submit("   ", progress: &progress).0 == [.emptyAnswer])
  }

  @Test("reveal marks an unsolved step revealed (not solved); on a solved step it saves nothing")
  func reveal() throws {
    var session = try Self.session()
    var progress = LearnerProgress()
    let (event, effects) = session.reveal(progress: &progress)
    #expect(event == .revealed(countsAsRevealed: true))
    #expect(effects.first == .markRevealed(lesson: "relu-1-2-2-1", step: "a1"))
    #expect(effects.count == 2, "and the outcome `revealed` is recorded")
    #expect(progress.lessons["relu-1-2-2-1"]?.solved == [])
    // Typing the revealed value is right, but the step stays revealed.
    let (events, saves) = session.submit("[3; -3]", progress: &progress)
    #expect(events.last == .rightButRevealed)
    #expect(saves == [])
    #expect(progress.lessons["relu-1-2-2-1"]?.solved == [])
    #expect(
      progress.status(of: "relu-1-2-2-1", stepIDs: session.lesson.steps.map(\.id))
        == "0/16 · 1 revealed")
    // A step solved first and revealed after saves nothing and stays solved.
    _ = session.move(by: 1)
    _ = session.submit("[3; 0]", progress: &progress)
    #expect(session.reveal(progress: &progress) == (.revealed(countsAsRevealed: false), []))
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
    #expect(counts.solved == 14)
    #expect(counts.revealed == 2)
  }

  @Test("hints one at a time, then no more; moves stop at both ends and clear the verdict")
  func hintsAndMoves() throws {
    var session = try Self.session()
    var progress = LearnerProgress()
    #expect(
      session.hint(progress: &progress)
        == (
          .hintShown(number: 1, of: 2), [.recordHints(lesson: "relu-1-2-2-1", step: "a1", count: 1)]
        ))
    #expect(session.hint(progress: &progress).0 == .hintShown(number: 2, of: 2))
    #expect(session.hint(progress: &progress) == (.noMoreHints, []))
    #expect(progress.lessons["relu-1-2-2-1"]?.hints == ["a1": 2])
    #expect(session.move(by: -1) == .atFirstStep)
    _ = session.submit("1", progress: &progress)
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

  @Test("update returns the save as an effect; the saved file comes back as a message")
  func updateEffects() throws {
    var state = AppState(lessons: [])
    _ = TutorApp.update(&state, .lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .learn))
    for character in "[3; -3]" { _ = TutorApp.update(&state, .key(.character(character))) }
    let effects = TutorApp.update(&state, .key(.enter))
    #expect(effects.first == .saveSolved(lesson: "relu-1-2-2-1", step: "a1"))
    #expect(effects.count == 2, "and a saveAttempt")
    #expect(state.progress.lessons["relu-1-2-2-1"]?.solved == ["a1"])
    #expect(TutorApp.update(&state, .key(.control("r"))) == [])  // solved: nothing to save
    _ = TutorApp.update(&state, .key(.control("n")))
    #expect(
      TutorApp.update(&state, .key(.control("r"))).first
        == .saveRevealed(lesson: "relu-1-2-2-1", step: "h1"))
    // The driver's answer: the merged file, with another tutor's step in it.
    var merged = state.progress
    merged.markSolved("conv", in: "conv-3x3")
    #expect(TutorApp.update(&state, .progressSaved(merged)) == [])
    #expect(state.progress.lessons["conv-3x3"]?.solved == ["conv"])
    _ = TutorApp.update(&state, .progressNotSaved("read-only folder"))
    #expect(state.status == "could not save progress: read-only folder")
  }

  @Test("the menu shows a lesson's reveals in full: 0/16 · 1 revealed, at 80×24 and 60×16")
  func menuRevealed() throws {
    var driver = Fixtures.driver()
    var progress = driver.state.progress
    progress.markRevealed("a1", in: "relu-1-2-2-1")
    driver.send(.progressSaved(progress))
    for (width, height) in [(80, 24), (60, 16)] {
      let screen = Fixtures.screen(driver, width: width, height: height)
      #expect(
        screen.contains { $0.contains("0/16 · 1 revealed") && $0.contains("relu-1-2-2-1") },
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
    for key in ["Tab", "Ctrl-R", "Ctrl-N / Ctrl-P", "F4", ":hint :reveal", ":quit"] {
      #expect(screen.contains { $0.contains("  " + key) }, "\(key) on the first page")
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
