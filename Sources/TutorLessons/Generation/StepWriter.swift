import TutorMath

/// Generated steps written out as a lesson file's `steps:` (``StepGenerator``), so an
/// author can start from them and edit (`bptutor new NAME --graph … --write-steps`).
/// Only the fields generated steps use: id, title, skills, text, ask, accept, tolerance,
/// learning rate, hints and the worked line.
public enum StepWriter {
  /// The `steps:` block (with its key), two-space indented as the lessons here are.
  public static func yaml(_ steps: [Step]) -> String {
    var lines = ["steps:"]
    for step in steps {
      guard case .value(let ask) = step.question else { continue }
      lines.append("  - id: \(step.id)")
      lines.append("    title: " + quoted(step.title))
      if !step.skills.isEmpty {
        lines.append("    skills: [" + step.skills.joined(separator: ", ") + "]")
      }
      lines += block("text", step.text.text, indent: 4)
      lines.append("    ask: " + quoted(ask.text))
      if step.accept == .numbers { lines.append("    accept: numbers") }
      if step.options.relativeTolerance != CheckOptions().relativeTolerance {
        lines.append("    tolerance: {relative: \(step.options.relativeTolerance)}")
      }
      if let rate = step.learningRate { lines.append("    learning_rate: " + quoted(rate.text)) }
      lines.append("    hints:")
      for hint in step.hints {
        lines.append("      - |-")
        lines += hint.text.split(separator: "\n", omittingEmptySubsequences: false).map {
          "        " + $0
        }
      }
      lines += block("worked", step.worked.text, indent: 4)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `key: |-` and the text indented below it (a block keeps `\`, `$`, `:` and quotes).
  static func block(_ key: String, _ text: String, indent: Int) -> [String] {
    let pad = String(repeating: " ", count: indent)
    return [pad + key + ": |-"]
      + text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + "  " + $0 }
  }

  static func quoted(_ text: String) -> String { GraphSpec.quoted(text) }
}
