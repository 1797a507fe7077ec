import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// Issue 19, item 2: variants are drawn by the engine's own kink and tie rule
/// (``Graph/firstNodeOnKink(tolerance:)``), and `check` walks enough variants to catch a
/// rule that lets a tie through.
@Suite("Variants avoid kinks and ties by the engine's rule")
struct VariantKinkTests {
  static let lessonIDs = LessonCatalog.ids(in: Repository.lessons).sorted()

  static func lesson(_ id: String) throws -> Lesson {
    let (lesson, diagnostics) = LessonLoader.load(path: Repository.lessons + "/\(id).yaml")
    return try #require(lesson, "\(diagnostics.map(\.description))")
  }

  @Test(
    "no lesson draws a tie, a near-tie or a ReLU input at 0 in its first 300 variants",
    arguments: lessonIDs)
  func noKinks(id: String) throws {
    let found = LessonLinter.kinkVariants(try Self.lesson(id), count: 300)
    #expect(found.isEmpty, "\(id): \(found.map { "variant \($0.variant) at `\($0.node)`" })")
  }

  /// maxpool-conv drew tied pooling windows at these variants (41 by rounding only,
  /// 7.85 against 7.8500000000000005) while its `ties` step says there are none.
  @Test(
    "maxpool-conv's variants that drew tied windows are redrawn",
    arguments: [
      25, 28, 41, 160, 248, 298,
    ])
  func maxpoolRedrawn(variant: Int) throws {
    var sampler = try Variants.Sampler(try Self.lesson("maxpool-conv"))
    let givens = sampler.givens(variant: variant)
    #expect(sampler.nodeOnKink(at: givens) == nil)
    #expect(givens == (try Variants.givens(of: sampler.lesson, variant: variant)))
  }

  /// A lesson whose two operands of `max` are always equal cannot avoid the tie.
  static let alwaysTied = """
    version: 1
    title: Always tied
    summary: Two equal operands of max.
    source: test
    given:
      a: {value: 2, range: [1, 3]}
      b: {value: 5, range: [4, 6]}
    graph:
      m: max(a, a) * b
    loss: m
    steps:
      - id: dm-db
        title: The slope in b
        skills: [chain-rule-scalar]
        text: Find $\\partial m/\\partial b$.
        ask: grad(m, b)
        hints: [It is the max.]
        worked: $\\partial m/\\partial b = {grad(m, b)}$
    """

  @Test("check names the node that every draw puts on a tie")
  func checkWarnsOfTies() throws {
    let (parsed, diagnostics) = LessonLoader.parse(
      Self.alwaysTied, id: "always-tied", path: "always-tied.yaml")
    let lesson = try #require(parsed, "\(diagnostics.map(\.description))")
    let found = LessonLinter.kinkVariants(lesson, count: 5)
    #expect(found.map(\.variant) == [1, 2, 3, 4, 5])
    let warnings = LessonLinter.kinkWarnings(lesson, count: 3)
    #expect(warnings.count == 1, "\(warnings.map(\.description))")
    #expect(
      warnings.first?.message
        == "the max in `m` sits on a kink or a tie at 3 of the first 3 variants (variants 1, 2, 3): no "
        + "draw in 1000 avoided it")
  }
}
