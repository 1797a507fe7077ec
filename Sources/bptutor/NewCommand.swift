import ArgumentParser
import Foundation
import TutorLessons

/// `bptutor new NAME --graph … --set …`: a lesson file from a computation, to edit further.
struct NewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new", _superCommandName: "bptutor",
    abstract: "Write a lesson file for a computation given with --graph and --set.",
    discussion: """
      Writes NAME.yaml in the current folder (or --output FILE): the givens, the graph and \
      the loss. That is a whole lesson: its steps are generated, each quantity's value \
      forward, the loss, and each gradient back down to the parameters, with hints from \
      each op's rulebook line and the catalogue's diagnoses for wrong answers. Check it \
      with `bptutor check NAME.yaml`, open it with `bptutor learn NAME.yaml`. To refine a \
      step, add `steps:` with that step's id and `generate: true`: a step you write \
      replaces the generated one. An existing file is not replaced.

      Example: bptutor new relu-layer --graph 'h = relu(W @ x); L = sum((h - y)^2) / 2' \
      --set 'W=[1 2; -1 0]' --set 'x=[1; 2]' --set 'y=[0; 1]'
      """)

  @Argument(help: "The lesson's name: its id and file name (letters, digits, - and _).")
  var name: String

  @OptionGroup var graph: GraphOptions

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp("A given's value, as NAME=EXPR (repeat for each).", valueName: "NAME=EXPR"))
  var sets: [String] = []

  @Option(help: ArgumentHelp("The lesson's title (default: from the graph)."))
  var title: String?

  @Flag(
    help: "Write the generated steps out too (with `generate: true`), to edit them one by one.")
  var writeSteps = false

  @Option(
    name: .customLong("output"),
    help: ArgumentHelp("Write the lesson here instead of ./NAME.yaml.", valueName: "FILE"))
  var file: String?

  func validate() throws {
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    else {
      throw ValidationError("NAME is letters, digits, - and _ (it becomes NAME.yaml): `\(name)`")
    }
    guard graph.graph != nil else {
      throw ValidationError("give the computation with --graph 'h = relu(W @ x); L = sum(h^2)'")
    }
  }

  func run() throws {
    let spec: GraphSpec
    do {
      spec = try GraphSpec.parse(graph: graph.graph ?? "", sets: sets)
    } catch {
      printError("error: " + error.description)
      throw error.isData ? ExitCodes.dataError : ExitCodes.usage
    }
    var text = spec.yaml(title: title)
    if writeSteps, let generated = LessonLoader.parse(text, id: name, path: name + ".yaml").lesson {
      // Written steps make a hand-written lesson: its title, summary and source too.
      text =
        spec.yaml(title: generated.title)
        + "summary: " + GraphSpec.quoted(generated.summary) + "\n"
        + "source: " + GraphSpec.quoted("bptutor new --graph") + "\n"
        + "generate: true\n" + StepWriter.yaml(generated.steps)
    }
    // The file must load as it will be read back.
    let (lesson, diagnostics) = LessonLoader.parse(text, id: name, path: name + ".yaml")
    guard lesson != nil else {
      for diagnostic in diagnostics { printError(diagnostic.description) }
      throw ExitCodes.dataError
    }
    let path = file ?? FileManager.default.currentDirectoryPath + "/" + name + ".yaml"
    if file == nil, FileManager.default.fileExists(atPath: path) {
      printError("error: \(name).yaml already exists here; choose another NAME or --output FILE")
      throw ExitCode.failure
    }
    do {
      _ = try OutputFile.write(text, to: path)
    } catch {
      printError("error: cannot write \(path): \(error)")
      throw ExitCode.failure
    }
    Output.print(
      "Wrote \(file ?? name + ".yaml") (\(lesson?.steps.count ?? 0) steps generated). "
        + "Check it: bptutor check \(file ?? name + ".yaml")", style: .unicode)
  }
}
