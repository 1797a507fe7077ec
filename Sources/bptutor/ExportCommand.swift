import ArgumentParser
import Foundation
import TerminalText
import TutorLessons
import TutorMath

/// `bptutor export`: a lesson's worked solution as a Markdown or LaTeX handout.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", _superCommandName: "bptutor",
    abstract: "Write a lesson's worked solution as a Markdown or LaTeX handout.",
    discussion: """
      The handout lists the givens, then each step's question and worked line, every \
      number computed by the engine at the chosen variant (and --set overrides). Math \
      stays TeX in both formats: Markdown uses $…$ and $$…$$; LaTeX is a standalone \
      article for pdflatex (amsmath, amssymb). Hints and the wrong answers a lesson \
      anticipates are left out. Without --output the handout goes to standard output.
      """)

  /// The formats, as the command line spells them.
  enum FormatOption: String, ExpressibleByArgument, CaseIterable {
    case markdown, latex

    var format: Handout.Format {
      switch self {
      case .markdown: return .markdown
      case .latex: return .latex
      }
    }
  }

  @Argument(help: "The lesson id (or the path of a lesson file); or give --graph instead.")
  var lesson: String?

  @OptionGroup var graph: GraphOptions
  @OptionGroup var state: StateOptions

  @Option(help: ArgumentHelp("The handout's format.", valueName: "markdown|latex"))
  var format: FormatOption

  @Option(
    name: .customLong("output"),
    help: ArgumentHelp(
      "Write the handout to this file instead of standard output (a device or FIFO is "
        + "written in place; an existing file is replaced, and you are told).",
      valueName: "FILE"))
  var file: String?

  @OptionGroup var variant: VariantOptions
  @OptionGroup var location: LessonsLocation
  @OptionGroup var output: OutputOptions

  func run() throws {
    let loaded = try LessonLookup.load(
      lesson, graph: graph, sets: variant.overrides, location: location, state: state)
    let bound =
      graph.graph != nil
      ? try LessonLookup.bind(loaded, variant: variant.variant)
      : try LessonLookup.bind(loaded, variant: variant)
    let handout: Handout
    do {
      handout = try Handout(bound)
    } catch {
      for diagnostic in error.diagnostics { printError(diagnostic.description) }
      throw ExitCode.failure
    }
    let document = handout.document(format.format)
    guard let file else {
      Output.print(String(document.dropLast()), style: output.style)
      return
    }
    // A file is written as UTF-8 whatever the locale; `--ascii` folds it too.
    let text = output.ascii ? MathStyle.ascii.apply(document) : document
    do {
      if try OutputFile.write(text, to: file) == .replaced {
        printError("note: replaced \(file)")
      }
    } catch {
      printError("error: cannot write \(file): \(error)")
      throw ExitCode.failure
    }
  }
}
