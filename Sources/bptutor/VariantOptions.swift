import ArgumentParser
import TutorLessons
import TutorMath
import TutorProgress

/// `--variant N` and `--set NAME=EXPR`, shared by the commands that compute a lesson.
struct VariantOptions: ParsableArguments {
  @Option(
    name: .customLong("variant"),
    help: ArgumentHelp(
      "Draw the givens from their ranges with a portable seed (0 = the lesson's own values; "
        + "for learn, `new`: a variant you have not done).",
      valueName: "N"))
  var choice: VariantChoice = .number(0)

  /// The variant number (0 for `new`, which only `learn` resolves).
  var variant: Int {
    if case .number(let number) = choice { return number }
    return 0
  }

  /// Whether `--variant new` was asked for.
  var isNew: Bool { choice == .new }

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Override a given, as NAME=EXPR; everything recomputes (with --graph: a given's value).",
      valueName: "NAME=EXPR"))
  var overrides: [String] = []

  func validate() throws {
    try Self.check(variant)
    if isNew, !overrides.isEmpty {
      throw ValidationError("--variant new draws its own givens; it cannot be used with --set")
    }
  }

  /// The overrides as name → expression, read by the one NAME=EXPR reader.
  func parsedOverrides() throws -> [String: String] {
    var result: [String: String] = [:]
    for assignment in try Self.assignments(overrides) {
      result[assignment.name] = assignment.expression
    }
    return result
  }

  /// Refuses a variant number progress could not save (a usage error, as every
  /// `--variant` is).
  static func check(_ variant: Int) throws {
    guard variant >= 0, variant <= LearnerProgress.largestVariant else {
      throw ValidationError(
        "--variant must be a whole number from 0 to \(LearnerProgress.largestVariant) "
          + "(a larger one could not be saved with your progress)")
    }
  }

  /// Every `--set NAME=EXPR` read by the one NAME=EXPR reader, in order; a malformed one
  /// is a usage error (64) with a caret under the problem.
  static func assignments(_ definitions: [String]) throws -> [Assignment] {
    try definitions.map { definition in
      do throws(MathError) {
        return try Assignment.parse(definition)
      } catch {
        throw ValidationError("--set: " + error.annotated(source: definition))
      }
    }
  }
}

/// `--variant N` or `--variant new`.
enum VariantChoice: ExpressibleByArgument, Equatable {
  case number(Int)
  /// A variant the learner has not done (from their progress).
  case new

  init?(argument: String) {
    if argument == "new" {
      self = .new
    } else if let number = Int(argument) {
      self = .number(number)
    } else {
      return nil
    }
  }

  var defaultValueDescription: String { "0" }
}
