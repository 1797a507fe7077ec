import Foundation
import TestSupport
import Testing

@testable import TutorLessons

/// Issue 21, must-hold 2: a choice question carries no tell. The right option is never
/// longer than 1.2× the longest distractor, and across the course it is the longest in
/// at most 40% of the choice steps, so always picking the longest option fails.
@Suite("Choices carry no length tell")
struct ChoiceTellTests {
  /// A one-step lesson whose step offers `right` (correct) and then `wrong`.
  static func lesson(_ id: String = "c", right: String, wrong: [String]) throws -> Lesson {
    var lines = [
      "version: 1", "title: T", "summary: S", "source: test", "given:", "  x: 2", "graph:",
      "  y: x^2", "steps:", "  - id: pick", "    title: Pick", "    skills: [backprop-concepts]",
      "    text: Which?", "    choices:", "      - text: '\(right)'", "        correct: true",
      "        feedback: Right.",
    ]
    for text in wrong {
      lines += ["      - text: '\(text)'", "        feedback: No."]
    }
    lines += ["    hints:", "      - Think.", "    worked: Because."]
    let text = lines.joined(separator: "\n") + "\n"
    let (lesson, diagnostics) = LessonLoader.parse(text, id: id, path: "\(id).yaml")
    return try #require(lesson, "\(diagnostics.map(\.description))")
  }

  static func course(_ ids: [String]) throws -> Course {
    let text =
      "version: 1\ntitle: C\nsections:\n  - title: All\n"
      + "    lessons: [\(ids.joined(separator: ", "))]\n"
    let (course, diagnostics) = CourseLoader.parse(text, path: "course.yaml")
    return try #require(course, "\(diagnostics.map(\.description))")
  }

  @Test("an option's length is what the learner reads: math rendered, spaces collapsed")
  func readLength() {
    #expect(ChoiceTells.readLength("It  stays\n the same.") == "It stays the same.".count)
    #expect(ChoiceTells.readLength(#"$\frac{1}{N}$"#) < #"$\frac{1}{N}$"#.count)
    #expect(ChoiceTells.readLength(#"$\partial L/\partial W_{12}$"#) == "∂L/∂W₁₂".count)
  }

  @Test("check: a right option longer than 1.2× the longest distractor is an error at it")
  func longRightOption() throws {
    let wrong = ["It makes the scores positive.", "It makes each row sum to one."]
    let long = try Self.lesson(
      right: "The variance of the dot product is d; dividing by its root brings it back to 1.",
      wrong: wrong)
    let errors = LessonLinter.check(long).filter { $0.message.contains("right option") }
    #expect(errors.count == 1)
    let error = try #require(errors.first)
    #expect(error.severity == .error)
    #expect(error.location?.line == 15)
    #expect(error.message.contains("step `pick`"))
    #expect(error.note?.contains("feedback") == true)
    // Within 1.2× (here shorter than a distractor): no error.
    let fair = try Self.lesson(right: "It keeps the variance at 1.", wrong: wrong)
    #expect(!LessonLinter.check(fair).contains { $0.message.contains("right option") })
    // Exactly at the bound is allowed: 12 characters against 10.
    let bound = try Self.lesson(right: "abcdefghijkl", wrong: ["abcdefghij"])
    #expect(!LessonLinter.check(bound).contains { $0.message.contains("right option") })
    let over = try Self.lesson(right: "abcdefghijklm", wrong: ["abcdefghij"])
    #expect(LessonLinter.check(over).contains { $0.message.contains("right option") })
  }

  @Test("course check: the right option longest in more than 40% of choice steps is an error")
  func courseShare() throws {
    // Five steps; the right option is strictly longest in `longest` of them (a tie is not).
    func lessons(longest: Int) throws -> [Lesson] {
      try (0..<5).map { index in
        try Self.lesson(
          "l\(index)", right: index < longest ? "a longer one" : "short one",
          wrong: ["short one", "tiny"])
      }
    }
    let course = try Self.course((0..<5).map { "l\($0)" })
    #expect(ChoiceTells.check(course: course, lessons: try lessons(longest: 2)).isEmpty)
    let found = ChoiceTells.check(course: course, lessons: try lessons(longest: 3))
    #expect(found.count == 1)
    #expect(found.first?.message.contains("longest in 3 of the course's 5 choice steps") == true)
    #expect(found.first?.note?.contains("l0/pick, l1/pick, l2/pick") == true)
  }

  @Test("the repository's choices: none over 1.2×, and always picking the longest fails")
  func repositoryChoices() throws {
    let (course, _) = CourseLoader.load(path: Repository.lessons + "/course.yaml")
    let loaded = try #require(course)
    let lessons = loaded.sections.flatMap(\.lessons).compactMap {
      LessonLoader.load(path: Repository.lessons + "/\($0.id).yaml").lesson
    }
    var steps = 0
    var longest = 0
    for lesson in lessons {
      for step in lesson.steps {
        guard case .choice(let choices) = step.question else { continue }
        steps += 1
        let lengths = try #require(ChoiceTells.lengths(choices))
        #expect(
          Double(lengths.right) <= 1.2 * Double(lengths.longestDistractor),
          "\(lesson.id)/\(step.id): \(lengths)")
        if ChoiceTells.rightIsLongest(choices) { longest += 1 }
      }
    }
    #expect(steps >= 31)
    #expect(Double(longest) <= 0.4 * Double(steps), "longest in \(longest) of \(steps)")
    #expect(ChoiceTells.check(course: loaded, lessons: lessons).isEmpty)
    #expect(CourseLinter.check(path: Repository.lessons + "/course.yaml").isEmpty)
  }
}

/// Issue 21, must-hold 4: `check` rejects a hint that, typed as the answer, is judged
/// correct (it would count as a hint while showing the answer).
@Suite("Hints never hold the answer")
struct HintGiveawayTests {
  static func lesson(hints: [String]) throws -> Lesson {
    let text = LessonYAML(
      given: [("x", "3")], graph: [("y", "x^2")],
      steps: [.init(id: "y", ask: "y", hints: hints)]
    ).description
    return try #require(LessonLoader.parse(text, id: "h", path: "h.yaml").lesson)
  }

  @Test(
    "a hint whose backticked expression is the answer is an error at the hint",
    arguments: ["'Square it: `{x}^2`.'", "'`9` is it.'", "'`x * x` works.'"])
  func givesAway(_ hint: String) throws {
    let found = LessonLinter.hintGiveaways(try Self.lesson(hints: ["Square.", hint]))
      .filter { $0.message.contains("gives the answer away") }
    #expect(found.count == 1)
    #expect(found.first?.message.hasPrefix("hint 2 of step `y`") == true)
    #expect(found.first?.location?.line == 17)
  }

  @Test(
    "a hint naming the operation, or a wrong expression, is fine",
    arguments: ["'`…^2` squares.'", "'`{x} * 2` is not it.'", "'Multiply `x` by itself.'"])
  func fine(_ hint: String) throws {
    let found = LessonLinter.hintGiveaways(try Self.lesson(hints: [hint]))
    #expect(!found.contains { $0.message.contains("gives the answer away") })
  }

  @Test("check on a file reports it; the parse-free check of the parsed lesson does not")
  func throughTheFile() throws {
    let directory = try TemporaryDirectory.make()
    let path = directory + "/h.yaml"
    let text = LessonYAML(
      given: [("x", "3")], graph: [("y", "x^2")],
      steps: [.init(id: "y", ask: "y", hints: ["'`{x}^2`'"])]
    ).description
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let found = LessonLinter.check(path: path).filter {
      $0.message.contains("gives the answer away")
    }
    #expect(found.count == 1)
    #expect(found.first?.description.hasPrefix(path + ":16:") == true)
    let lesson = try #require(LessonLoader.load(path: path).lesson)
    #expect(!LessonLinter.check(lesson).contains { $0.message.contains("gives the answer away") })
  }

  @Test("the repository's lessons: no hint gives the answer away")
  func repository() throws {
    for path in LessonCatalog.paths(in: Repository.lessons) {
      let found = LessonLinter.check(path: path).filter {
        $0.message.contains("gives the answer away")
      }
      #expect(found.isEmpty, "\(found.map(\.description))")
    }
  }
}

/// Issue 21: option feedback is shown whichever step the learner reached, so it holds no
/// value a step asks for — only givens.
@Suite("Choice feedback holds only givens")
struct ChoiceFeedbackValuesTests {
  @Test("every placeholder in an option's text or feedback names only givens")
  func onlyGivens() throws {
    for path in LessonCatalog.paths(in: Repository.lessons) {
      let lesson = try #require(LessonLoader.load(path: path).lesson)
      let givens = Set(lesson.givens.map(\.name))
      for step in lesson.steps {
        guard case .choice(let choices) = step.question else { continue }
        for choice in choices {
          for prose in [choice.text] + (choice.feedback.map { [$0] } ?? []) {
            for placeholder in prose.placeholders {
              let names = placeholder.expression.split {
                !($0.isLetter || $0.isNumber || $0 == "_")
              }
              .map(String.init).filter { $0.first?.isLetter == true }
              #expect(
                Set(names).isSubset(of: givens),
                "\(lesson.id)/\(step.id): {\(placeholder.expression)}")
            }
          }
        }
      }
    }
  }
}
