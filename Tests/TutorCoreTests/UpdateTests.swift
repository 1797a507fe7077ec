import Foundation
import Testing
import TutorCore
import TutorEngine
import TutorLessons
import TutorMath
import TutorProgress

/// Scripted message sequences through `update`, as a learner would press keys.
@Suite("Tutor state machine")
struct UpdateTests {
  /// The expected answer of the current step, typed the way a learner would.
  static func answer(for driver: TutorDriver) -> String {
    let learn = driver.state.learn!
    switch try! learn.bound.expectation(forStep: learn.stepIndex) {
    case .value(let value):
      if case .choice = learn.step.question { return TensorFormat.inline(value) }
      return TensorJSON.string(value).contains("[")
        ? exactInline(value) : TensorJSON.number(value.scalars[0])
    case .formula(let formula):
      return formula.source
    }
  }

  /// Full precision, in answer syntax.
  static func exactInline(_ value: Tensor) -> String {
    let entries = value.scalars.map { TensorJSON.number($0) }
    guard value.rank == 2 else { return entries.first ?? "0" }
    let (rows, columns) = (value.shape[0], value.shape[1])
    return "["
      + (0..<rows).map { r in entries[(r * columns)..<((r + 1) * columns)].joined(separator: " ") }
      .joined(separator: "; ") + "]"
  }

  static func temporaryStore() -> ProgressStore {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bptutor-core-\(UUID().uuidString)"
    ).path
    return ProgressStore(directory: path)
  }

  @Test("solve a whole lesson: every step correct, saved after each, the menu shows ✓ done")
  func solveWholeLesson() throws {
    let store = Self.temporaryStore()
    var driver = Fixtures.driver(store: store)
    let index = try #require(driver.state.lessons.firstIndex { $0.id == "relu-1-2-2-1" })
    for _ in 0..<index { driver.press(.down) }
    driver.press(.enter)
    #expect(driver.state.screen == .learn)
    let count = driver.state.learn!.lesson.steps.count
    for step in 0..<count {
      #expect(driver.state.learn?.stepIndex == step)
      driver.type(Self.answer(for: driver))
      driver.press(.enter)
      #expect(driver.state.learn?.feedback?.verdict.kind == .correct, "step \(step + 1)")
      // Saved after every step, not at the end.
      #expect(store.load().progress.lessons["relu-1-2-2-1"]?.solved.count == step + 1)
      driver.press(.control("n"))
    }
    driver.press(.escape)
    #expect(driver.state.screen == .menu)
    let menu = Fixtures.screen(driver)
    #expect(menu.contains { $0.contains("✓ done") && $0.contains("relu-1-2-2-1") })
    // Opened again: from step 1, every step still marked solved.
    driver.press(.enter)
    #expect(driver.state.learn?.stepIndex == 0)
    #expect(driver.state.learn?.session.solvedCount(in: driver.state.progress) == count)
    #expect(driver.state.status?.contains("every step is solved") == true)
  }

  @Test("resume after restart: a new session opens at the first unsolved step")
  func resume() throws {
    let store = Self.temporaryStore()
    var first = Fixtures.learning(store: store)
    for _ in 0..<3 {
      first.type(Self.answer(for: first))
      first.press(.enter)
      first.press(.control("n"))
    }
    first.press(.control("c"))
    #expect(first.quitRequested)
    // A new process: fresh state from the same progress file.
    var second = Fixtures.driver(store: store)
    second.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .learn))
    #expect(second.state.learn?.stepIndex == 3)
    #expect(second.state.status?.contains("resumed at step 4") == true)
  }

  @Test("explore then answer: after x = 2 the expected answers follow; solved steps stay solved")
  func exploreThenAnswer() {
    var driver = Fixtures.learning()
    driver.type("[3; -3]")
    driver.press(.enter)
    #expect(driver.state.progress.lessons["relu-1-2-2-1"]?.solved == ["a1"])
    driver.type(":set x = 2")
    driver.press(.enter)
    #expect(driver.state.learn?.bound.value(of: "x") == Tensor(2))
    #expect(driver.state.progress.lessons["relu-1-2-2-1"]?.solved == ["a1"])
    // a1 = W1 x = [2; −2] now.
    driver.type("[3; -3]")
    driver.press(.enter)
    #expect(driver.state.learn?.feedback?.verdict.kind == .incorrect)
    driver.type("[2; -2]")
    driver.press(.enter)
    #expect(driver.state.learn?.feedback?.verdict.kind == .correct)
    // F3 opens the explore screen; a variant draws new givens.
    driver.press(.function(3))
    #expect(driver.state.screen == .explore)
    driver.type("variant")
    driver.press(.enter)
    #expect(driver.state.learn?.bound.variant == 1)
    driver.press(.escape)
    #expect(driver.state.screen == .learn)
  }

  @Test("a lesson opened with --set x=2 keeps x = 2 when the learner sets another given")
  func commandLineOverridesPersist() throws {
    var driver = Fixtures.driver()
    let lesson = try Fixtures.bound("relu-1-2-2-1").lesson
    driver.send(.lessonOpened(try BoundLesson(lesson: lesson, overrides: ["x": "2"]), mode: .learn))
    driver.type(":set t = 7")
    driver.press(.enter)
    #expect(driver.state.learn?.bound.value(of: "x") == Tensor(2))
    #expect(driver.state.learn?.bound.value(of: "t") == Tensor(7))
    // J = (t − y)² with the output y = 2 at x = 2.
    #expect(driver.state.learn?.bound.value(of: "J")?.scalars == [25])
  }

  @Test("the line editor: cursor keys, Home/End, Backspace/Delete, Ctrl-U, history")
  func lineEditor() {
    var driver = Fixtures.learning()
    driver.type("[3; 3]")
    driver.press(.left)
    driver.press(.left)
    driver.type("-")
    #expect(driver.state.learn?.editor.text == "[3; -3]")
    driver.press(.home)
    driver.press(.delete)
    driver.type("[")
    driver.press(.end)
    driver.press(.backspace)
    driver.type("]")
    #expect(driver.state.learn?.editor.text == "[3; -3]")
    driver.press(.enter)
    driver.press(.up)
    #expect(driver.state.learn?.editor.text == "[3; -3]")
    driver.press(.control("u"))
    #expect(driver.state.learn?.editor.text == "")
  }

  @Test("letters always go into the answer; hints are progressive; reveal counts as revealed")
  func keysInLearn() {
    var driver = Fixtures.learning()
    driver.type("qrgj")
    #expect(driver.state.screen == .learn)
    #expect(driver.state.learn?.editor.text == "qrgj")
    driver.press(.control("u"))
    driver.press(.tab)
    driver.press(.tab)
    driver.press(.tab)
    #expect(driver.state.learn?.session.hintsShown[0] == 2)
    #expect(driver.state.status?.contains("no more hints") == true)
    driver.press(.control("r"))
    #expect(driver.state.learn?.session.workedShown.contains(0) == true)
    #expect(driver.state.progress.lessons["relu-1-2-2-1"]?.revealed == ["a1"])
    #expect(driver.state.progress.lessons["relu-1-2-2-1"]?.solved == [])
  }

  @Test("colon commands do what the function keys do")
  func colonCommands() {
    var driver = Fixtures.learning()
    driver.type(":next")
    driver.press(.enter)
    #expect(driver.state.learn?.stepIndex == 1)
    driver.type(":prev")
    driver.press(.enter)
    #expect(driver.state.learn?.stepIndex == 0)
    driver.type(":hint")
    driver.press(.enter)
    #expect(driver.state.learn?.session.hintsShown[0] == 1)
    driver.type(":graph")
    driver.press(.enter)
    #expect(driver.state.screen == .graph)
    driver.press(.escape)
    driver.type(":hnit")
    driver.press(.enter)
    #expect(driver.state.status?.contains("did you mean `hint`?") == true)
    driver.type(":quit")
    driver.press(.enter)
    #expect(driver.quitRequested)
  }

  @Test("replay: next, back, ends, auto-advance on a timer that stops at the end")
  func replay() throws {
    var driver = Fixtures.driver()
    driver.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .replay))
    driver.press(.right)
    driver.press(.character(" "))
    #expect(driver.state.replay?.stepIndex == 2)
    driver.press(.left)
    #expect(driver.state.replay?.stepIndex == 1)
    driver.press(.end)
    #expect(driver.state.replay?.stepIndex == 17)
    driver.press(.home)
    driver.press(.character("a"))
    #expect(driver.timer == TutorApp.autoAdvanceInterval)
    for _ in 0..<20 { driver.send(.tick) }
    #expect(driver.state.replay?.stepIndex == 17)
    #expect(driver.timer == nil)
  }

  @Test("the view is pure: the same state and size give the same cells")
  func pureView() {
    let driver = Fixtures.learning()
    #expect(
      TutorApp.view(driver.state, width: 80, height: 24)
        == TutorApp.view(driver.state, width: 80, height: 24))
  }

  @Test("a resize keeps the typed answer")
  func resize() {
    var driver = Fixtures.learning()
    driver.type("[3; -")
    driver.send(.resize(width: 100, height: 30))
    #expect(driver.state.learn?.editor.text == "[3; -")
    let lines = TutorApp.view(driver.state, width: 100, height: 30).lines
    #expect(lines.contains { $0.contains("answer> [3; -") })
  }
}
