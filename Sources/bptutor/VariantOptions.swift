import ArgumentParser
import TutorMath

/// `--variant N` and `--set NAME=EXPR`, shared by the commands that compute a lesson.
struct VariantOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Draw the givens from their ranges with a portable seed (0 = the lesson's own values).",
      valueName: "N"))
  var variant: Int = 0

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Override a given, as NAME=EXPR; everything recomputes.", valueName: "NAME=EXPR"))
  var overrides: [String] = []

  func validate() throws {
    guard variant >= 0 else { throw ValidationError("--variant must be 0 or more") }
  }

  /// The overrides as name → expression, read by the one NAME=EXPR reader.
  func parsedOverrides() throws -> [String: String] {
    var result: [String: String] = [:]
    for definition in overrides {
      do {
        let assignment = try Assignment.parse(definition)
        result[assignment.name] = assignment.expression
      } catch {
        throw ValidationError("--set: " + error.annotated(source: definition))
      }
    }
    return result
  }
}
