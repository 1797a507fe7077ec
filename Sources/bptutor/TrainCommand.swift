import ArgumentParser
import TutorCore
import TutorLessons
import TutorMath

/// `bptutor train`: gradient descent on a lesson's `train:` parameters, and the loss curve.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train", _superCommandName: "bptutor",
    abstract: "Run gradient descent on a lesson's parameters and chart the loss.",
    discussion: """
      The lesson declares what to train: `train: {parameters: [W1, W2], rate: eta, \
      steps: 100}`. Every step updates each parameter by p ← p − rate · ∂loss/∂p with the \
      engine's gradients. Step 0 is the lesson's own loss. --plain prints one \
      `step k: loss v` line per step (v to full precision), then the chart.
      """)

  @Argument(help: "The lesson id (or the path of a lesson file).")
  var lesson: String

  // `.unconditional`: `--steps -1` is read as a (refused) number, not a missing value.
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("How many steps (default: the lesson's).", valueName: "N"))
  var steps: Int?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("The learning rate (default: the lesson's).", valueName: "R"))
  var rate: Double?

  @Flag(help: "Print every step's loss before the chart.")
  var plain = false

  @OptionGroup var variant: VariantOptions
  @OptionGroup var location: LessonsLocation
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if let steps, steps < 1 || steps > LessonLoader.maxTrainingSteps {
      throw ValidationError("--steps must be 1 to \(LessonLoader.maxTrainingSteps)")
    }
    if let rate, !rate.isFinite { throw ValidationError("--rate must be a finite number") }
  }

  func run() throws {
    let loaded = try LessonLookup.load(lesson, location: location)
    guard let train = loaded.train else {
      printError(
        "error: \(loaded.id) declares no `train:`; lessons that train a model say which "
          + "givens to update (see lessons/README.md)", style: output.style)
      throw ExitCode.failure
    }
    let bound = try LessonLookup.bind(loaded, variant: variant)
    let series: [Double]
    let usedRate: Double
    do throws(TrainingError) {
      if let rate { usedRate = rate } else { usedRate = try Trainer(bound).trainingRate() }
      series = try Trainer(bound).train(steps: steps ?? train.steps, rate: usedRate)
    } catch {
      printError("error: \(loaded.id): \(error.message)", style: output.style)
      throw ExitCode.failure
    }
    var lines: [String] = []
    if plain {
      for (step, loss) in series.enumerated() {
        lines.append("step \(step): loss \(loss.isFinite ? TensorJSON.number(loss) : "\(loss)")")
      }
      lines.append("")
    }
    let names = train.parameters.map { LessonPresenter(bound).label(of: $0, style: output.style) }
    lines.append(
      "\(loaded.title): \(series.count - 1) steps of gradient descent on "
        + names.joined(separator: ", ") + ", rate \(NumberFormat.string(usedRate))")
    lines += LossChart.lines(
      series, width: min(TerminalStyle.width, 100), height: 14, ascii: output.style == .ascii)
    lines.append(LossChart.caption(series))
    Output.print(lines, style: output.style)
  }
}
