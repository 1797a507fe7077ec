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
      article for pdflatex (amsmath, amssymb, geometry). Hints and the wrong answers a lesson \
      anticipates are left out. Without --output the handout goes to standard output.

      --worksheet writes a worksheet instead: the givens and each question with room to \
      work and no answer (a value an earlier step asks for reads "? (step N)"). --key \
      writes its answer key (each answer and worked line). Both together need --output \
      FILE: the worksheet goes to FILE and the key beside it, to FILE-key with the same \
      extension. With --variant N each student can get a worksheet of their own.
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

  @OptionGroup var files: HandoutFiles

  @OptionGroup var variant: VariantOptions
  @OptionGroup var location: LessonsLocation
  @OptionGroup var output: OutputOptions

  func run() throws {
    let bound = try LessonLookup.bound(
      lesson, graph: graph, variant: variant, location: location, state: state)
    let documents: [(text: String, file: String?)]
    do {
      documents = try files.documents(bound, format.format)
    } catch {
      for diagnostic in error.diagnostics { printError(diagnostic.description) }
      throw ExitCode.failure
    }
    for (document, file) in documents {
      try write(document, to: file)
    }
  }

  private func write(_ document: String, to file: String?) throws {
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
