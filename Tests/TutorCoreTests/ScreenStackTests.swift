import Foundation
import TerminalText
import Testing
import TutorLessons
import TutorProgress

@testable import TutorCore

/// The screens as components: each one's key list makes its help and key bar; graph,
/// explore, help and the curve sit on a stack over the lesson; time comes in messages.
@Suite("Screens, their keys and the clock")
struct ScreenStackTests {
  /// Every screen's help section, as generated from its bindings.
  static let sections: [(ScreenKind, [HelpLine])] = Screen.helpSections.map { ($0.kind, $0.lines) }

  @Test("every binding of every screen has its line in help, whichever screen opened it")
  func everyBindingInHelp() {
    for (kind, section) in Self.sections {
      #expect(section.count > 1, "\(kind) has keys")
      for opener in Self.sections.map(\.0) {
        let help = HelpScreen.lines(first: opener)
        for line in section { #expect(help.contains(line), "\(kind): \(line.keys) in help") }
      }
    }
  }

  @Test("every binding has keys or a `:` name, and a help text; no key is bound twice on a screen")
  func bindingsAreWellFormed() {
    func check<Command>(_ bindings: [KeyBinding<Command>], _ name: String) {
      var seen: Set<Key> = []
      for binding in bindings {
        #expect(!binding.help.isEmpty, "\(name): \(binding.keyName) has a help line")
        #expect(
          !binding.keys.isEmpty || !binding.names.isEmpty || binding.isFallback,
          "\(name): \(binding.help) is reachable")
        for key in binding.keys {
          #expect(seen.insert(key).inserted, "\(name): \(key) is bound once")
        }
      }
    }
    check(MenuScreen.bindings, "menu")
    check(LearnScreen.bindings, "learn")
    check(ReplayScreen.bindings, "replay")
    check(GraphScreen.bindings, "graph")
    check(ExploreScreen.bindings, "explore")
    check(CurveScreen.bindings, "curve")
    check(ExamScreen.questionBindings, "exam")
    check(ExamScreen.reportBindings, "exam report")
    check(SkillsScreen.bindings, "skills")
    check(HelpScreen.bindings, "help")
  }

  /// Each screen, reached as a learner would, with the key bar its bindings make.
  static func screensWithBars() throws -> [(String, TutorDriver, [(String, String)])] {
    var result: [(String, TutorDriver, [(String, String)])] = []
    let menu = Fixtures.driver()
    result.append(("menu", menu, MenuScreen.bindings.barItems(hiding: { $0 == .review })))
    let learn = Fixtures.learning()
    result.append(("learn", learn, LearnScreen.bindings.barItems()))
    var graph = learn
    graph.press(.function(2))
    result.append(("graph", graph, GraphScreen.bindings.barItems()))
    var explore = learn
    explore.press(.function(3))
    result.append(
      ("explore", explore, ExploreScreen.bindings.barItems(hiding: { $0 == .scrollDown })))
    var help = learn
    help.press(.function(1))
    result.append(("help", help, HelpScreen.bindings.barItems()))
    var replay = Fixtures.driver()
    replay.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .replay))
    result.append(("replay", replay, ReplayScreen.bindings.barItems()))
    var curve = replay
    curve.press(.end)
    curve.press(.character("c"))
    result.append(("curve", curve, CurveScreen.bindings.barItems()))
    var skills = menu
    skills.press(.character("s"))
    result.append(("skills", skills, SkillsScreen.bindings.barItems()))
    var exam = menu
    exam.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .exam))
    result.append(("exam", exam, ExamScreen.questionBindings.barItems()))
    for _ in 0..<(exam.state.exam?.bound.lesson.steps.count ?? 0) { exam.press(.enter) }
    result.append(("exam report", exam, ExamScreen.reportBindings.barItems()))
    return result
  }

  @Test("every screen's key bar is its bindings' bar items, in order")
  func everyKeyBar() throws {
    for (name, driver, items) in try Self.screensWithBars() {
      #expect(!items.isEmpty, "\(name) has a key bar")
      let bar = try #require(Fixtures.screen(driver, width: 160, height: 40).last)
      var rest = Substring(bar)
      for (key, label) in items {
        guard let found = rest.range(of: key + " " + label) else {
          Issue.record("\(name): \(key) \(label) on the key bar \(bar)")
          continue
        }
        rest = rest[found.upperBound...]
      }
    }
  }

  @Test("every `:` command of learn is a binding's name, and runs its command")
  func colonCommandsFromBindings() {
    for binding in LearnScreen.bindings {
      for name in binding.names {
        guard case .session(let command) = binding.command else {
          Issue.record(":\(name) runs a session command")
          continue
        }
        if case .set = command { continue }
        #expect(LearnScreen.command(named: name) == command, ":\(name)")
      }
    }
    #expect(LearnScreen.command(named: "set x = 2") == .set("x = 2"))
    #expect(LearnScreen.command(named: "frobnicate") == nil)
  }

  @Test("graph pushed over learn and popped: back in learn, the typed answer intact")
  func graphOverLearn() {
    var driver = Fixtures.learning()
    driver.type("[3; -")
    driver.press(.function(2))
    #expect(driver.state.stack.map(\.kind) == [.menu, .learn, .graph])
    driver.press(.right)
    driver.press(.escape)
    #expect(driver.state.stack.map(\.kind) == [.menu, .learn])
    #expect(driver.state.learn?.editor.text == "[3; -")
  }

  @Test("help over graph over learn: each Esc pops one screen")
  func helpOverGraph() {
    var driver = Fixtures.learning()
    driver.press(.function(2))
    driver.press(.function(1))
    #expect(driver.state.stack.map(\.kind) == [.menu, .learn, .graph, .help])
    // Help opened from the graph lists the graph's keys first.
    #expect(Fixtures.screen(driver)[2].contains("Graph"))
    driver.press(.escape)
    #expect(driver.screenKinds == [.menu, .learn, .graph])
    driver.press(.escape)
    #expect(driver.screenKinds == [.menu, .learn])
  }

  @Test("explore over replay: `x = 2` rebinds the replay below; Esc returns to it")
  func exploreOverReplay() throws {
    var driver = Fixtures.driver()
    driver.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .replay))
    driver.press(.character("e"))
    driver.type("x = 2")
    driver.press(.enter)
    driver.press(.escape)
    #expect(driver.screenKinds == [.menu, .replay])
    #expect(driver.state.replay?.bound.value(of: "x")?.scalars == [2])
  }

  @Test("Esc in learn closes every screen over the menu and selects the lesson")
  func escapeToMenu() throws {
    var driver = Fixtures.learning()
    driver.press(.escape)
    #expect(driver.screenKinds == [.menu])
    let row = try #require(driver.state.lessons.firstIndex { $0.id == "relu-1-2-2-1" })
    #expect(driver.state.menuIndex == row)
  }

  /// Progress with one card, due a day or more after time 0.
  static func oneCard() -> LearnerProgress {
    var progress = LearnerProgress()
    progress.recordAttempt(.right, step: "a1", in: "relu-1-2-2-1", variant: 0, skills: [], at: 0)
    return progress
  }

  @Test("a clock message advances the menu's due count in a running session")
  func clockAdvancesDue() throws {
    var driver = Fixtures.driver()
    driver.send(.progressSaved(Self.oneCard()))
    driver.send(.clock(now: 0))
    #expect(!Fixtures.screen(driver)[0].contains("due"))
    let due = try #require(driver.state.progress.cards().first?.card.due)
    driver.send(.clock(now: due + 1))
    #expect(Fixtures.screen(driver)[0].contains("1 due"))
  }

  @Test("an exam's record carries the time of the clock when it was finished, not of launch")
  func examTime() throws {
    var driver = Fixtures.driver()
    driver.send(.clock(now: 1_000))
    driver.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .exam))
    let steps = try #require(driver.state.exam?.bound.lesson.steps.count)
    driver.send(.clock(now: 86_400))
    for _ in 0..<steps { driver.press(.enter) }
    let entry = try #require(driver.state.progress.lessons["relu-1-2-2-1"])
    #expect(entry.exams.map(\.time) == [86_400])
  }

  @Test("a right answer's attempt is recorded at the time of the clock message")
  func attemptTime() throws {
    var driver = Fixtures.learning()
    driver.send(.clock(now: 5_000))
    driver.type("[3; -3]")
    driver.press(.enter)
    let attempts = try #require(driver.state.progress.lessons["relu-1-2-2-1"]?.attempts)
    #expect(attempts.map(\.time) == [5_000])
  }
}

extension TutorDriver {
  /// The kinds of the screens on the stack, bottom first.
  var screenKinds: [ScreenKind] { state.stack.map(\.kind) }
}
