import TestSupport
import Testing
import TutorEngine
import TutorMath
import TutorProgress

@testable import TutorLessons

/// Issue 20, item 3: a variant where two catalogued slips of a step give the same wrong
/// value, but the lesson's own values keep them apart, is not served to a learner — the
/// next one is — so a diagnosis can name the slip a learner made; `check --slips` reports
/// the pairs at the first variants.
@Suite("Variants keep catalogued slips apart")
struct VariantAmbiguityTests {
  static func lesson(_ id: String) throws -> Lesson {
    let (lesson, diagnostics) = LessonLoader.load(path: Repository.lessons + "/\(id).yaml")
    return try #require(lesson, "\(diagnostics.map(\.description))")
  }

  /// The pairs of slips alike at `givens` that the lesson's own values keep apart.
  static func newPairs(_ lesson: Lesson, variant: Int, _ givens: [String: Tensor]) throws
    -> Variants.SlipPair?
  {
    let own = Variants.ownSlipPairs(lesson, own: try Variants.givens(of: lesson, variant: 0))
    var unused = Set<Variants.SlipPair>()
    return Variants.firstNewSlipPair(
      lesson, variant: variant, givens: givens, outside: own, collecting: &unused)
  }

  /// Softmax-cross-entropy's variant 2 makes two slips of `scores` alike (an extra
  /// transpose of `a`, and `h` in its place) where the lesson's own values keep them apart.
  @Test("a variant that makes two slips alike is not served; the next one is")
  func servedSkipsAmbiguous() throws {
    let lesson = try Self.lesson("softmax-cross-entropy")
    let two = try Variants.givens(of: lesson, variant: 2)
    #expect(try Self.newPairs(lesson, variant: 2, two) != nil, "variant 2 makes two slips alike")

    let served = Variants.served(lesson, from: 2...)
    #expect(served > 2)
    let drawn = try Variants.givens(of: lesson, variant: served)
    #expect(try Self.newPairs(lesson, variant: served, drawn) == nil)
    // Variant numbers keep their givens: check, handouts and `--variant` see the same ones.
    #expect(try BoundLesson(lesson: lesson, variant: served).givenValues == drawn)

    // A learner who has done variant 1 is served the same one.
    var progress = LearnerProgress()
    progress.recordVariantDone(1, in: lesson.id)
    #expect(progress.newVariant(of: lesson) == served)
  }

  @Test("a variant that keeps every slip apart is served as it comes")
  func servedWhenClear() throws {
    let lesson = try Self.lesson("relu-1-2-2-1")
    for variant in 1...3 {
      let givens = try Variants.givens(of: lesson, variant: variant)
      if try Self.newPairs(lesson, variant: variant, givens) == nil {
        #expect(Variants.served(lesson, from: variant...) == variant)
      }
    }
    #expect(LearnerProgress().newVariant(of: lesson) >= 1)
  }

  @Test("check --slips reports at a variant only the pairs the lesson's own values keep apart")
  func slipsReportNewPairsOnly() throws {
    let lesson = try Self.lesson("softmax-cross-entropy")
    let found = LessonLinter.slipAmbiguities(lesson, variants: 2)
    let atTwo = found.filter { $0.message.contains("at variant 2") }
    #expect(atTwo.contains { $0.message.contains("step `scores`") }, "\(found.map(\.message))")
    let own = found.filter { $0.message.contains("at the lesson's values") }.map {
      $0.message.replacingOccurrences(of: "at the lesson's values", with: "at variant 2")
    }
    #expect(atTwo.allSatisfy { !own.contains($0.message) })
  }
}
