import Foundation
import Testing
import TutorCore
import TutorLessons
import TutorMath

/// The split of a bound lesson by job, seen from the presenting side: the lesson layer
/// is an immutable, `Sendable` value that renders nothing; ``LessonPresenter`` renders
/// its prose and remembers the lines under the binding's id.
@Suite("Lesson presenter")
struct LessonPresenterTests {
  /// Checks at compile time that a value may cross tasks.
  static func sendable<T: Sendable>(_ value: T) -> T { value }

  @Test("a bound lesson is a Sendable value: copies share its id, every binding gets its own")
  func boundLessonIsAnImmutableValue() throws {
    let bound = Self.sendable(try Fixtures.bound("relu-1-2-2-1"))
    let copy = bound
    #expect(copy.id == bound.id)
    #expect(try Fixtures.bound("relu-1-2-2-1").id != bound.id)
    // Nothing in it is a cache or a renderer: its stored values are the lesson, the
    // givens and what the engine computed from them.
    let stored = Mirror(reflecting: bound).children.compactMap(\.label)
    #expect(!stored.contains { $0.lowercased().contains("cache") }, "\(stored)")
    #expect(
      stored == [
        "id", "lesson", "variant", "overrides", "evaluator", "givenValues", "lossNode",
        "lossGradients", "names", "askedValues",
      ], "\(stored)")
  }

  @Test("the presenter remembers what it renders: drawing a step again is a lookup")
  func rendersOnceThenLooksUp() throws {
    let bound = try Fixtures.bound("relu-1-2-2-1")
    let cache = RenderCache()
    let presenter = LessonPresenter(bound, cache: cache)
    #expect(cache.count == 0)
    let first = presenter.renderQuestion(step: 0, width: 80)
    let remembered = cache.count
    #expect(remembered > 0)
    // Another presenter of the same binding (a copy, as each redraw makes) finds the lines.
    let again = LessonPresenter(bound, cache: cache).renderQuestion(step: 0, width: 80)
    #expect(again == first)
    #expect(cache.count == remembered)
    // Another width is another rendering.
    _ = presenter.renderQuestion(step: 0, width: 60)
    #expect(cache.count > remembered)
  }

  @Test("renderings are kept per binding: new givens render their own values")
  func perBinding() throws {
    let lesson = try Fixtures.bound("relu-1-2-2-1").lesson
    let cache = RenderCache()
    let own = try BoundLesson(lesson: lesson)
    let variant = try BoundLesson(lesson: lesson, variant: 3)
    let index = try #require(lesson.steps.firstIndex { !$0.worked.placeholders.isEmpty })
    let ownLines = LessonPresenter(own, cache: cache).renderWorked(step: index, width: 80)
    let variantLines = LessonPresenter(variant, cache: cache).renderWorked(step: index, width: 80)
    #expect(ownLines != variantLines)
    // The same as without a cache in between.
    #expect(
      variantLines
        == LessonPresenter(variant, cache: RenderCache()).renderWorked(
          step: index, width: 80))
  }

  @Test("the cache is bounded: past its capacity it starts over")
  func bounded() throws {
    let lesson = try Fixtures.bound("relu-1-2-2-1").lesson
    let cache = RenderCache(capacity: 2)
    for variant in 0..<3 {
      _ = LessonPresenter(try BoundLesson(lesson: lesson, variant: variant), cache: cache)
        .render(lesson.steps[0].text, width: 80)
    }
    #expect(cache.count == 1)
  }

  @Test("what the presenter renders is the binding's filled prose, laid out")
  func rendersFilledProse() throws {
    let bound = try Fixtures.bound("relu-1-2-2-1")
    let text = bound.lesson.steps[0].text
    let filled = try bound.fill(text, context: "prose", markingOversized: true)
    #expect(
      LessonPresenter(bound, cache: RenderCache()).render(text, width: 70)
        == MathRenderer.prose(filled, width: 70))
  }

  @Test("every step of every lesson has its own worked line")
  func everyStepWorked() throws {
    for id in LessonCatalog.ids(in: Fixtures.lessons) {
      let bound = try Fixtures.bound(id)
      for index in bound.lesson.steps.indices {
        let worked = LessonPresenter(bound).renderWorked(step: index, width: 80)
        // A bare "= value" is what a step without a worked line used to replay as.
        #expect(worked.first?.hasPrefix("= ") == false, "\(id) step \(index + 1)")
        #expect(worked.first?.hasPrefix("option ") == false, "\(id) step \(index + 1)")
      }
    }
  }
}
