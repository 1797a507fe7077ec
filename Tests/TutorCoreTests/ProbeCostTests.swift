import Foundation
import TerminalText
import TestSupport
import Testing
import TutorCore
import TutorLessons
import TutorMath
import TutorProgress

/// Issue 21, must-hold 3: a probe costs what a hint costs. The first wrong answer says how
/// many entries are off, not which; the marks come with the next attempt or the next hint,
/// and once shown they count as help for the step.
@Suite("Entry marks are a hint")
struct ProbeCostTests {
  @Test("answering zeros at the first ReLU says only how many entries are off")
  func firstWrongAnswerCounts() throws {
    // relu-1-2-2-1 step 1 asks a⁽¹⁾ = [3; -3]: zeros get both entries wrong.
    let driver = Fixtures.answered("[0; 0]")
    let feedback = try #require(driver.state.learn?.session.feedback)
    #expect(feedback.verdict.entryMarks == nil)
    #expect(feedback.verdict.notes.first == .entriesOff(2, of: 2))
    #expect(driver.state.learn?.session.marksShown.isEmpty == true)
    for (width, height) in [(80, 24), (120, 40)] {
      let screen = Fixtures.screen(driver, width: width, height: height)
      #expect(screen.contains { $0.contains("2 of 2 entries are off") }, "\(screen)")
      #expect(!screen.contains { $0.contains("0 ✗") }, "no entry is marked")
    }
    // [3; 3]: one entry off, and which is not said.
    let one = Fixtures.answered("[3; 3]")
    #expect(one.state.learn?.session.feedback?.verdict.notes.first == .entriesOff(1, of: 2))
  }

  @Test("the next attempt marks the entries")
  func nextAttemptMarks() throws {
    var driver = Fixtures.answered("[3; 3]")
    driver.type("[3; 4]")
    driver.press(.enter)
    let session = try #require(driver.state.learn?.session)
    #expect(session.feedback?.verdict.entryMarks == [true, false])
    #expect(session.marksShown.contains(0))
    let screen = Fixtures.screen(driver)
    #expect(screen.contains { $0.contains("4 ✗") }, "\(screen)")
    #expect(!screen.contains { $0.contains("entries is off") })
  }

  @Test("the next hint shows the hint and marks the last answer's entries")
  func hintMarks() throws {
    var driver = Fixtures.answered("[3; 3]")
    driver.press(.tab)
    let session = try #require(driver.state.learn?.session)
    #expect(session.hintsShown[0] == 1)
    #expect(session.feedback?.verdict.entryMarks == [true, false])
    #expect(session.marksShown.contains(0))
    let screen = Fixtures.screen(driver)
    #expect(screen.contains { $0.contains("3 ✗") }, "\(screen)")
  }

  @Test("after a hint, a first wrong answer is marked at once (the hint was paid for)")
  func hintFirst() throws {
    var driver = Fixtures.learning()
    driver.press(.tab)
    driver.type("[3; 3]")
    driver.press(.enter)
    let session = try #require(driver.state.learn?.session)
    #expect(session.feedback?.verdict.entryMarks == [true, false])
    #expect(session.marksShown.contains(0))
  }

  @Test("a step solved after its marks were shown is recorded as helped, never as right")
  func recordedAsHelp() throws {
    var driver = Fixtures.answered("[3; 3]")
    driver.press(.tab)
    driver.type("[3; -3]")
    driver.press(.enter)
    let attempts = driver.state.progress.lessons["relu-1-2-2-1"]?.attempts ?? []
    let outcome = try #require(attempts.last { $0.step == "a1" }?.outcome)
    #expect(outcome != .right)
  }

  @Test("learn --plain: the count first, the marks with the hint")
  func plain() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      ["learn", "relu-1-2-2-1", "--plain"], input: "[3; 3]\nhint\n", stateDirectory: state)
    #expect(result.status == 0, "\(result.stderr)")
    let count = try #require(result.stdout.range(of: "1 of 2 entries is off"))
    let hint = try #require(result.stdout.range(of: "hint 1/"))
    #expect(count.upperBound < hint.lowerBound)
    let marks = try #require(result.stdout.range(of: "3 ✗", options: .backwards))
    #expect(count.upperBound < marks.lowerBound, "the marks come after the count")
  }

  @Test("what `bptutor answer` saved counts when the step is solved in the tutor")
  func savedProbesCount() throws {
    // Probed once (wrong) from the command line: a right answer now is not a first one.
    var probed = LearnerProgress()
    probed.recordProbe(step: "a1", in: "relu-1-2-2-1")
    var session = TutorSession(bound: try Fixtures.bound("relu-1-2-2-1"), progress: probed)
    var (_, changes) = session.submit("[3; -3]", progress: probed)
    changes.apply(to: &probed)
    #expect(probed.lessons["relu-1-2-2-1"]?.attempts.last?.outcome == .wrongFirst)
    // Its marks shown from the command line (saved as a hint): helped, not right.
    var marked = LearnerProgress()
    marked.recordHints(1, step: "a1", in: "relu-1-2-2-1")
    session = TutorSession(bound: try Fixtures.bound("relu-1-2-2-1"), progress: marked)
    (_, changes) = session.submit("[3; -3]", progress: marked)
    changes.apply(to: &marked)
    #expect(marked.lessons["relu-1-2-2-1"]?.attempts.last?.outcome == .afterHints)
    // Neither: right at the first attempt.
    var fresh = LearnerProgress()
    session = TutorSession(bound: try Fixtures.bound("relu-1-2-2-1"), progress: fresh)
    (_, changes) = session.submit("[3; -3]", progress: fresh)
    changes.apply(to: &fresh)
    #expect(fresh.lessons["relu-1-2-2-1"]?.attempts.last?.outcome == .right)
  }
}
