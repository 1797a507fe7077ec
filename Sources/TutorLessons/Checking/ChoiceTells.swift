import TutorMath

/// The length tell of a choice question: a test-wise learner picks the longest option.
///
/// Lengths are measured as the learner reads them, in characters of the option's text
/// with its math rendered inline (`$\frac{1}{N}$` counts as `1/N`) and runs of white
/// space as one. A step gives itself away when its right option is longer than
/// ``maximumRatio`` times its longest distractor; a course does when its right option is
/// the (strictly) longest in more than ``maximumLongestShare`` of its choice steps.
public enum ChoiceTells {
  /// The most a right option may exceed the longest distractor by, as a factor.
  public static let maximumRatio = 1.2
  /// The largest share of a course's choice steps whose right option may be the longest.
  public static let maximumLongestShare = 0.4

  /// The length of an option's text as read: math rendered inline, white space collapsed.
  public static func readLength(_ text: String) -> Int {
    let rendered = MathRenderer.prose(text, width: 10_000, matrixBlocks: false)
      .joined(separator: " ")
    return rendered.split(whereSeparator: \.isWhitespace).joined(separator: " ").count
  }

  /// The right option's read length and the longest distractor's, or nil when the
  /// question has no right option or no distractor.
  public static func lengths(_ choices: [Choice]) -> (right: Int, longestDistractor: Int)? {
    guard let right = choices.first(where: \.isCorrect) else { return nil }
    let distractors = choices.filter { !$0.isCorrect }.map { readLength($0.text.text) }
    guard let longest = distractors.max() else { return nil }
    return (readLength(right.text.text), longest)
  }

  /// Whether the right option is longer than every distractor.
  public static func rightIsLongest(_ choices: [Choice]) -> Bool {
    guard let lengths = lengths(choices) else { return false }
    return lengths.right > lengths.longestDistractor
  }

  /// An error at the right option when it is longer than ``maximumRatio`` times the
  /// longest distractor.
  static func check(_ step: Step, path: String) -> [LessonDiagnostic] {
    guard case .choice(let choices) = step.question, let lengths = lengths(choices),
      let right = choices.first(where: \.isCorrect),
      Double(lengths.right) > maximumRatio * Double(lengths.longestDistractor)
    else { return [] }
    let ratio = Double(lengths.right) / Double(max(1, lengths.longestDistractor))
    return [
      LessonDiagnostic(
        path: path, at: right.text.location,
        "the right option of step `\(step.id)` is \(lengths.right) characters, "
          + "\(String(format: "%.2f", ratio))× its longest distractor (\(lengths.longestDistractor))",
        note: "a learner picks the longest option without reading; keep the right one within "
          + "\(maximumRatio)× the longest distractor: move its explanation into its `feedback` "
          + "and make the distractors real misconceptions of comparable length")
    ]
  }

  /// An error for the course when its right option is the longest in more than
  /// ``maximumLongestShare`` of its choice steps, naming those steps.
  public static func check(course: Course, lessons: [Lesson]) -> [LessonDiagnostic] {
    var steps = 0
    var longest: [String] = []
    for lesson in lessons {
      for step in lesson.steps {
        guard case .choice(let choices) = step.question else { continue }
        steps += 1
        if rightIsLongest(choices) { longest.append("\(lesson.id)/\(step.id)") }
      }
    }
    guard steps > 0, Double(longest.count) > maximumLongestShare * Double(steps) else {
      return []
    }
    let percent = Int((100 * Double(longest.count) / Double(steps)).rounded())
    return [
      LessonDiagnostic(
        path: course.path, at: course.sections.first?.location,
        "the right option is the longest in \(longest.count) of the course's \(steps) "
          + "choice steps (\(percent)%, at most \(Int(maximumLongestShare * 100))% allowed)",
        note: "always picking the longest option would pass them: "
          + longest.joined(separator: ", "))
    ]
  }
}
