import Foundation
import Synchronization
import Testing
import TutorEngine
import TutorLessons
import TutorMath

@testable import TutorCore

/// What checking a step needs besides the answer is kept per binding, step and earned set,
/// its slip tiers worked out once, and got ready in the background while the learner types;
/// a kept preparation judges every answer as a fresh check does.
@Suite("Check cache")
struct CheckCacheTests {
  /// `value` typed as an answer, every digit kept.
  static func typed(_ value: Tensor) -> String {
    TensorFormat.inline(value, entries: value.scalars.map { "\($0)" })
  }

  /// Answers a learner may give at `step`: right, every catalogued slip, twice the answer,
  /// the wrong `[1; 2]`, and malformed ones (for a formula: right, doubled, a number, and a
  /// malformed one).
  static func answers(_ bound: BoundLesson, step: Int) -> [String] {
    let expected: Tensor
    switch try? bound.expectation(forStep: step) {
    case .value(let value)?: expected = value
    case .formula(let formula)?: return [formula.source, "2 * (\(formula.source))", "1", "x +"]
    case nil: return ["1"]
    }
    let slips =
      WrongDerivations(bound, step: step).all(wide: false)
      + WrongDerivations(bound, step: step).all(wide: true)
    let doubled = try? Tensor(shape: expected.shape, scalars: expected.scalars.map { $0 * 2 })
    return [typed(expected), doubled.map(typed) ?? "0", "[1; 2]", "[3; -3", "2 +* 3"]
      + slips.map { typed($0.value) }
  }

  @Test(
    "at every step and earned set, a kept preparation gives the verdict a fresh check gives",
    arguments: ["relu-1-2-2-1", "residual-block", "softmax-cross-entropy", "activations"])
  func sameVerdicts(_ id: String) throws {
    let bound = try Fixtures.bound(id)
    let checker = StepChecker(bound)
    let cache = CheckCache()
    var compared = 0
    for step in bound.lesson.steps.indices {
      if case .choice = bound.lesson.steps[step].question { continue }
      // Nothing earned, the steps before, and every other step: what a wrong answer may be
      // named as differs between them.
      let others = Set(bound.lesson.steps.indices).subtracting([step])
      for earned in [Set<Int>(), Set(0..<step), others] {
        for answer in Self.answers(bound, step: step) {
          let fresh = checker.check(answer, step: step, earned: earned)
          // Twice: the second check reads the tiers the first worked out.
          for _ in 0..<2 {
            let kept = checker.check(
              answer, prepared: cache.preparation(bound, step: step, earned: earned))
            #expect(kept == fresh, "\(id) step \(step + 1), earned \(earned.sorted()): \(answer)")
            compared += 1
          }
        }
      }
    }
    #expect(compared > 100)
  }

  @Test(
    "a slip tier is kept once worked out: callers at once all get the first value finished, later ones never work it out"
  )
  func tiersOnce() async throws {
    let bound = try Fixtures.bound("relu-1-2-2-1")
    let step = try #require(
      bound.lesson.steps.indices.last { !WrongDerivations(bound, step: $0).all().isEmpty })
    let context = CheckCache().preparation(bound, step: step, earned: []).context
    let firstTier = try #require(context.wrongDerivations.first)
    let results = await withTaskGroup(of: [Double].self) { group in
      for _ in 0..<8 { group.addTask { firstTier().flatMap(\.value.scalars) } }
      return await group.reduce(into: [[Double]]()) { $0.append($1) }
    }
    #expect(!results[0].isEmpty, "the step has slips")
    #expect(Set(results).count == 1)
    // Callers at the same time each get the first value finished; once it is kept, no
    // caller works it out again.
    let counted = Mutex(0)
    let once = Once {
      counted.withLock { $0 += 1 }
      return counted.withLock { $0 }
    }
    let values = await withTaskGroup(of: Int.self) { group in
      for _ in 0..<16 { group.addTask { once() } }
      return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(Set(values).count == 1, "one value kept: \(values)")
    let workedOut = counted.withLock { $0 }
    for _ in 0..<100 { #expect(once() == values[0]) }
    #expect(counted.withLock { $0 } == workedOut, "never worked out again")
  }

  @Test("another earned set or binding is never served a kept preparation")
  func perRequest() throws {
    let bound = try Fixtures.bound("relu-1-2-2-1")
    let cache = CheckCache()
    let last = bound.lesson.steps.count - 1
    let early = cache.preparation(bound, step: last, earned: []).context
    let late = cache.preparation(bound, step: last, earned: Set(0..<last)).context
    // With every step before earned, more quantities may name a wrong answer.
    #expect(early.quantities.count < late.quantities.count)
    #expect(
      late.quantities.map(\.name)
        == StepChecker(bound).context(forStep: last, earned: Set(0..<last)).quantities.map(\.name))
    let other = try BoundLesson(lesson: bound.lesson, variant: 3)
    let otherContext = cache.preparation(other, step: last, earned: []).context
    let fresh = StepChecker(other).context(forStep: last, earned: [])
    #expect(otherContext.names == fresh.names)
    #expect(otherContext.names != early.names, "variant 3 has its own givens")
    #expect(
      cache.preparation(other, step: last, earned: []).expectation
        == StepChecker(other).preparation(forStep: last).expectation)
    #expect(
      cache.preparation(other, step: last, earned: []).expectation
        != cache.preparation(bound, step: last, earned: []).expectation,
      "variant 3 has its own answer")
  }

  @Test("the tutor gets the step on screen ready in the background once a frame is drawn")
  func preparedWhileTyping() throws {
    for preparing in [true, false] {
      var driver = Fixtures.driver()
      driver.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .learn))
      driver.press(.control("n"))
      if preparing { driver.prepareAhead() }
      let learn = try #require(driver.state.learn)
      WorkAhead.wait()
      #expect(CheckCache.shared.isPrepared(learn.bound, step: 1, earned: []) == preparing)
      driver.type("[1; 2]")
      driver.press(.enter)
      // The submit checked with a kept preparation, prepared ahead or not.
      #expect(CheckCache.shared.isPrepared(learn.bound, step: 1, earned: []))
      #expect(driver.state.learn?.session.feedback?.verdict.kind == .incorrect)
    }
  }

  @Test(
    "working ahead renders the frames after a hint and a reveal on copies: nothing recorded or shown"
  )
  func renderedAhead() throws {
    var driver = Fixtures.driver()
    driver.send(.resize(width: 97, height: 31))
    let bound = try Fixtures.bound("relu-1-2-2-1")
    driver.send(.lessonOpened(bound, mode: .learn))
    driver.press(.control("n"))
    let before = Fixtures.screen(driver, width: 97, height: 31)
    driver.prepareAhead()
    WorkAhead.wait()
    #expect(driver.state.progress.lessons["relu-1-2-2-1"] == nil, "nothing recorded")
    #expect(driver.state.learn?.session.mark(of: 1, in: driver.state.progress) == .open)
    #expect(driver.state.learn?.session.hintsShown.isEmpty == true)
    #expect(Fixtures.screen(driver, width: 97, height: 31) == before, "nothing shown")
    // The binding is this test's own: the render cache's entries for it are this test's.
    let rendered = RenderCache.shared.count(binding: bound.id)
    #expect(rendered > 0)
    driver.press(.tab)
    #expect(Fixtures.screen(driver, width: 97, height: 31) != before, "the hint is shown")
    #expect(RenderCache.shared.count(binding: bound.id) == rendered, "the hint was ready")
    driver.prepareAhead()
    WorkAhead.wait()
    let withHint = RenderCache.shared.count(binding: bound.id)
    driver.press(.control("r"))
    #expect(driver.state.learn?.session.mark(of: 1, in: driver.state.progress) == .revealed)
    _ = Fixtures.screen(driver, width: 97, height: 31)
    #expect(
      RenderCache.shared.count(binding: bound.id) == withHint, "the reveal's texts were ready")
  }
}
