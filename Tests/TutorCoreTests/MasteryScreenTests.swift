import Foundation
import Testing
import TutorEngine
import TutorLessons
import TutorMath
import TutorProgress

@testable import TutorCore

/// The exam and skills screens, another variant from the last screen, and the session's
/// attempt records (issue 11).
@Suite("Mastery screens")
struct MasteryScreenTests {
  /// An exam of relu-1-2-2-1 at variant 0 with issue 11's slip answered.
  static func examined() throws -> TutorDriver {
    var driver = Fixtures.driver()
    driver.send(.key(.character("x")))  // the menu's first lesson opens at a fresh variant
    #expect(driver.state.screen == .exam)
    var bound = try Fixtures.bound("relu-1-2-2-1")
    bound = try LessonLibrary.bind(bound.lesson, variant: 0)
    var state = driver.state
    state.replaceTop(with: .exam(ExamScreen(bound: bound)))
    driver = TutorDriver(state: state, library: driver.library, store: nil)
    for answer in ["[3; 3]", "[3; 3]", "[0; 0]", "[0; 0]", "0", "36", "-12", "[0, 0]"] {
      driver.type(answer)
      driver.press(.enter)
    }
    for _ in 8..<bound.lesson.steps.count { driver.press(.enter) }
    return driver
  }

  @Test("an exam step hides every value it asks for and gives no feedback")
  func examStep() throws {
    var driver = Fixtures.driver()
    driver.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .exam))
    #expect(driver.state.exam?.bound.variant == 1, "a fresh variant from the menu")
    driver.type("[1; 2]")
    driver.press(.enter)
    let screen = Fixtures.screen(driver)
    #expect(screen.contains { $0.contains("step 2/18") })
    #expect(!screen.contains { $0.contains("✗") || $0.contains("✓") })
  }

  @Test("the exam report as a golden screen")
  func examReport() throws {
    let driver = try Self.examined()
    let report = try #require(driver.state.exam?.report)
    #expect(report.items[1].grade == .follows)
    #expect(report.score == 7)
    Snapshot.assert(Fixtures.screen(driver), named: "exam-report")
  }

  @Test("the exam's report is saved: its result, each step's attempt, its variant")
  func examSaved() throws {
    let driver = try Self.examined()
    let entry = try #require(driver.state.progress.lessons["relu-1-2-2-1"])
    #expect(entry.exams.first?.score == 7)
    #expect(entry.exams.first?.verdicts["h1"] == "follows")
    #expect(entry.attempts.count == 18)
    #expect(entry.variantsDone == [0])
  }

  @Test("the skills screen shows a bar per skill and the lessons that train it")
  func skillsScreen() throws {
    var driver = Fixtures.driver()
    var progress = LearnerProgress()
    progress.recordAttempt(
      .right, step: "dJ-da2", in: "relu-1-2-2-1", variant: 0, skills: ["relu-mask"], at: 0)
    driver.send(.progressSaved(progress))
    driver.press(.character("s"))
    let screen = Fixtures.screen(driver, width: 100, height: 40)
    let line = try #require(screen.first { $0.contains("relu-mask ") })
    #expect(line.contains("██████░░░░ 66%"))
    #expect(screen.contains { $0.contains("in ") && $0.contains("relu-1-2-2-1") })
  }

  @Test("the menu shows how many cards are due and suggests a review first")
  func menuDue() {
    var driver = Fixtures.driver()
    var progress = LearnerProgress()
    progress.recordAttempt(.right, step: "a1", in: "relu-1-2-2-1", variant: 0, skills: [], at: 0)
    driver.send(.progressSaved(progress))
    let before = Fixtures.screen(driver)
    #expect(!before[0].contains("due"))
    var state = driver.state
    state.now = 30 * 86_400
    let screen = TutorApp.view(state, width: 80, height: 24).lines
    #expect(screen[0].contains("31 lessons · 1 due"))
    #expect(
      screen.contains { $0.contains("Next: review 1 due card (d in the menu, bptutor review)") })
    #expect(screen.contains { $0.contains("d review") })
  }

  @Test("d in the menu serves every due card in turn, each at a variant not done")
  func reviewQueue() throws {
    let library = LessonLibrary(directory: Fixtures.lessons)
    var progress = LearnerProgress()
    for (lesson, step) in [
      ("relu-1-2-2-1", "a1"), ("relu-1-2-2-1", "h1"), ("sigmoid-chain", "forward-y"),
    ] {
      progress.markSolved(step, in: lesson)
      progress.recordAttempt(.right, step: step, in: lesson, variant: 0, skills: [], at: 0)
    }
    var state = AppState(
      lessons: library.entries(), progress: progress, colors: true, mathStyle: .unicode)
    state.now = 30 * 86_400
    var driver = TutorDriver(state: state, library: library, store: nil)
    driver.press(.character("d"))
    // Due together, the cards are interleaved: no two in a row from one lesson while
    // another can go between them (issue 21).
    var served: [String] = []
    for number in 1...3 {
      let learn = try #require(driver.state.learn)
      // Solved at the lesson's own values is no answer to the card: no ✓ on its title.
      let title = Fixtures.screen(driver).first { $0.contains("Step ") && $0.contains(" · ") }
      #expect(title?.contains("solved") == false, "\(title ?? "no title")")
      #expect(driver.state.screen == .review)
      #expect(
        driver.state.status?.hasPrefix("review \(number) of 3: \(learn.session.step.title)") == true
      )
      #expect(learn.bound.variant != 0)  // fresh givens, not the ones learnt on
      #expect(driver.state.status?.contains("variant \(learn.bound.variant)") == true)
      served.append(learn.lesson.id + "/" + learn.session.step.id)
      driver.press(.control("n"))
    }
    #expect(served == ["relu-1-2-2-1/a1", "sigmoid-chain/forward-y", "relu-1-2-2-1/h1"])
    #expect(driver.state.screen == .menu)
    #expect(driver.state.status == "review done: 3 cards served")
    // Esc leaves a review: the menu again, and d starts it over from the first card.
    driver.press(.character("d"))
    driver.press(.escape)
    #expect(driver.state.screen == .menu)
    #expect(driver.state.review == nil)
    driver.press(.character("d"))
    #expect(driver.state.status?.hasPrefix("review 1 of 3") == true)
  }

  @Test("the review is its own screen: :next and Enter after ✓ serve the next card, help has it")
  func reviewScreenKeys() throws {
    let library = LessonLibrary(directory: Fixtures.lessons)
    var progress = LearnerProgress()
    for step in ["a1", "h1"] {
      progress.markSolved(step, in: "relu-1-2-2-1")
      progress.recordAttempt(.right, step: step, in: "relu-1-2-2-1", variant: 0, skills: [], at: 0)
    }
    var state = AppState(
      lessons: library.entries(), progress: progress, colors: true, mathStyle: .unicode)
    state.now = 30 * 86_400
    var driver = TutorDriver(state: state, library: library, store: nil)
    driver.press(.character("d"))
    #expect(driver.state.screen == .review)
    #expect(Fixtures.screen(driver).last?.contains("^N next card") == true)
    // `:next` typed in the answer line moves through the queue, not the lesson.
    for character in ":next" { driver.press(.character(character)) }
    driver.press(.enter)
    #expect(driver.state.status?.hasPrefix("review 2 of 2") == true, "\(driver.state.status ?? "")")
    // A right answer, then Enter on the empty line: the review is done.
    let card = try #require(driver.state.learn)
    let answer = try #require(card.bound.askedValues[card.stepIndex])
    let typed = "[" + answer.scalars.map { "\($0)" }.joined(separator: "; ") + "]"
    for character in typed { driver.press(.character(character)) }
    driver.press(.enter)
    #expect(driver.state.learn?.feedback?.verdict.isCorrect == true)
    driver.press(.enter)
    #expect(driver.state.screen == .menu)
    #expect(driver.state.status == "review done: 2 cards served")
    // The help lists the review's own keys in a section of its own.
    let help = HelpScreen.lines(first: .review)
    #expect(help.first == HelpLine(keys: "Review", text: ""))
    #expect(help.contains { $0.keys == "Ctrl-N :next" && $0.text.contains("due card") })
  }

  @Test("d with nothing due says so and stays in the menu")
  func reviewNothingDue() {
    var driver = Fixtures.driver()
    driver.press(.character("d"))
    #expect(driver.state.screen == .menu)
    #expect(driver.state.status == "no card is due for review")
    #expect(!Fixtures.screen(driver).contains { $0.contains("d review") })
  }

  @Test("Ctrl-O after the last step: another variant, never one done, values earned again")
  func another() throws {
    var driver = Fixtures.learning()
    var progress = LearnerProgress()
    for step in driver.state.learn!.lesson.steps {
      progress.markSolved(step.id, in: "relu-1-2-2-1")
    }
    progress.recordVariantDone(0, in: "relu-1-2-2-1")
    progress.recordVariantDone(1, in: "relu-1-2-2-1")
    driver.send(.progressSaved(progress))
    driver.press(.control("o"))
    let learn = try #require(driver.state.learn)
    #expect(learn.bound.variant == 2)
    #expect(learn.stepIndex == 0)
    #expect(learn.session.practising)
    #expect(learn.session.earnedSteps(in: driver.state.progress).isEmpty)
    #expect(driver.state.status == "variant 2: new givens; every value to earn again")
  }

  @Test("a session records first conclusions: right, after hints, wrong first, revealed")
  func attempts() throws {
    var session = TutorSession(bound: try Fixtures.bound("relu-1-2-2-1"), progress: .init())
    session.clock = { 100 }
    var progress = LearnerProgress()
    let (_, right) = SessionTests.submit(&session, "[3; -3]", &progress)
    guard case .attempt(let attempt)? = right.last else {
      Issue.record("no attempt recorded")
      return
    }
    #expect(attempt.outcome == .right)
    #expect(attempt.skills == ["forward-matmul"])
    #expect(attempt.quick)
    _ = session.move(by: 1)
    _ = SessionTests.hint(&session, &progress)
    let (_, hinted) = SessionTests.submit(&session, "[3; 0]", &progress)
    #expect(
      hinted.contains {
        if case .attempt(let a) = $0 { a.outcome == .afterHints } else { false }
      })
    _ = session.move(by: 1)
    _ = SessionTests.submit(&session, "[1; 1]", &progress)
    let (_, wrongFirst) = SessionTests.submit(&session, "[-3; 3]", &progress)
    #expect(
      wrongFirst.contains {
        if case .attempt(let a) = $0 { a.outcome == .wrongFirst } else { false }
      })
    _ = session.move(by: 1)
    let (_, revealed) = SessionTests.reveal(&session, &progress)
    #expect(
      revealed.contains {
        if case .attempt(let a) = $0 { a.outcome == .revealed } else { false }
      })
  }
}
