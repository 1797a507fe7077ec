import ArgumentParser
import Foundation
import TerminalText
import TutorCore
import TutorLessons
import TutorMath
import TutorProgress

/// `bptutor review`: the spaced-review cards that are due, each the same step at a fresh
/// variant.
struct ReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review", _superCommandName: "bptutor",
    abstract: "Review the steps that are due (FSRS-4.5 spaced repetition).",
    discussion: """
      Every solved step is a card, scheduled by FSRS-4.5 with its published default \
      parameters for a desired retention of 0.9. A due card is served as the same step \
      at a variant you have not done, with its context (the givens and the values it \
      builds on). One answer per card: right rates good (easy when within 30 seconds), \
      right after a hint hard, wrong or revealed again. At the prompt: an answer, hint, \
      reveal, values (the givens and the values the card builds on, shown with it too), \
      skip or an empty line (leaves the card due), or quit. An answer that cannot be read \
      is shown with its caret and asked again; it does not use up the card.

      A review interleaves the due cards across lessons and skills, and serves at most \
      --new-per-day cards a day (default 20) that were never reviewed since their step was \
      solved; the rest wait for a later day, oldest first. The FSRS schedule itself is \
      unchanged. With nothing due, it says when the next card is.
      """)

  @Flag(help: "A line-by-line review on standard input and output.")
  var plain = false

  @Option(help: ArgumentHelp("At most this many new cards a day.", valueName: "N"))
  var newPerDay = LearnerProgress.defaultNewCardsPerDay

  @OptionGroup var location: LessonsLocation
  @OptionGroup var state: StateOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if newPerDay < 0 { throw ValidationError("--new-per-day must be 0 or more") }
  }

  func run() throws {
    let style = output.style
    let store = state.store
    let library = LessonLibrary(directory: try location.resolve())
    var (progress, warning) = store.load()
    if let warning { printError(warning, style: style) }
    let now = Date().timeIntervalSince1970
    var stepSkills: [String: [String: [String]]] = [:]
    for card in progress.dueCards(at: now) where stepSkills[card.lesson] == nil {
      let steps = (try? library.load(card.lesson))?.steps ?? []
      stepSkills[card.lesson] = Dictionary(
        steps.map { ($0.id, $0.skills) }, uniquingKeysWith: { a, _ in a })
    }
    let due = progress.reviewSession(at: now, newPerDay: newPerDay) { card in
      stepSkills[card.lesson]?[card.step] ?? []
    }
    guard !due.isEmpty else {
      let waiting = progress.newCardsWaiting(at: now, newPerDay: newPerDay)
      Output.print(
        waiting > 0
          ? "Today's \(newPerDay) new cards are done; \(waiting) more wait for tomorrow."
          : Self.nothingDue(progress, now: now), style: style)
      return
    }
    if !plain {
      guard FullScreen.isInteractive else {
        throw ValidationError(
          "standard input or output is not a terminal; use: bptutor review --plain")
      }
      // Card after card, each at a variant not done (Ctrl-N the next); the menu at the end.
      return try FullScreen.run(
        location: location, state: state, ascii: output.ascii, reviewing: true,
        newCardsPerDay: newPerDay)
    }
    let width = TerminalStyle.width
    // Each lesson is loaded once; a card whose lesson or step is gone is not served or
    // counted, and is removed from the progress (said once per lesson, this time only).
    // A lesson file that is there but does not load keeps its cards.
    var lessons: [String: Lesson?] = [:]
    var servable: [(lesson: Lesson, index: Int)] = []
    var stale: [String: (count: Int, removed: Set<String>)] = [:]
    let files = library.lessonIDs()
    for card in due {
      if lessons[card.lesson] == nil {
        lessons[card.lesson] = .some(try? library.load(card.lesson))
      }
      let lesson = lessons[card.lesson] ?? nil
      guard let lesson, let index = lesson.steps.firstIndex(where: { $0.id == card.step })
      else {
        stale[card.lesson, default: (0, [])].count += 1
        if lesson != nil || !files.contains(card.lesson) {
          stale[card.lesson]?.removed.insert(card.step)
        }
        continue
      }
      servable.append((lesson, index))
    }
    let gone = stale.filter { !$0.value.removed.isEmpty }
    var removed = false
    if !gone.isEmpty {
      do {
        progress = try store.update(merging: progress) { saved in
          for (id, cards) in gone { saved.removeCards(cards.removed, in: id) }
        }
        removed = true
      } catch {
        printError(
          "warning: could not save progress to \(store.path): \(error)", style: style)
      }
    }
    for (id, cards) in stale.sorted(by: { $0.key < $1.key }) {
      let count = cards.count
      let what = "\(count) card\(count == 1 ? "" : "s") of \(id)"
      if removed, !cards.removed.isEmpty {
        printError(
          "warning: \(what) name\(count == 1 ? "s" : "") no step of a lesson here; "
            + "removed from your progress", style: style)
      } else {
        printError(
          "warning: \(what) name\(count == 1 ? "s" : "") no step of a lesson here; skipped",
          style: style)
      }
    }
    guard !servable.isEmpty else {
      Output.print("No card due can be served.", style: style)
      return
    }
    let waiting = progress.newCardsWaiting(at: now, newPerDay: newPerDay)
    Output.print(
      "\(servable.count) card\(servable.count == 1 ? "" : "s") due"
        + (waiting > 0 ? " today (\(waiting) new ones wait for a later day)." : ".")
        + " Commands: hint, reveal, values, skip (or an empty line), quit.", style: style)
    var reviewed = 0
    var saveFailed = false
    var input = LineReader()
    cards: for (number, (lesson, index)) in servable.enumerated() {
      let bound = try LessonLookup.bind(lesson, variant: progress.newVariant(of: lesson))
      var session = TutorSession(practising: bound, at: index)
      let concealment = session.concealment(in: progress)
      Output.print(
        [
          "", "Review \(number + 1)/\(servable.count) · \(lesson.id) · variant \(bound.variant)",
          PlainText.stepTitle(bound, index: index),
        ]
          + LessonPresenter(bound).renderQuestion(
            step: index, width: width, style: style, concealment: concealment)
          + Self.values(bound, session: session, progress: progress, style: style),
        style: style)
      while true {
        Output.prompt("answer> ", style: style)
        let line: String
        switch input.next() {
        case nil: break cards
        case .tooLong:
          Output.print(
            "That line is over \(LineReader.maxCharacters) characters, the longest answer the "
              + "tutor reads; it was ignored.", style: style)
          continue
        case .text(let text): line = text
        }
        let input = line.trimmingWhitespace()
        var effects: [ProgressChange] = []
        switch input.lowercased() {
        case "quit", ":quit": break cards
        case "skip", ":skip", "": continue cards
        case "values", ":values":
          Output.print(
            Self.values(bound, session: session, progress: progress, style: style), style: style)
          continue
        case "hint", ":hint":
          let (event, _) = session.hint(progress: progress)
          if case .hintShown(let shown, let count) = event {
            Output.print(
              LessonPresenter(bound).render(
                lesson.steps[index].hints[shown - 1], width: width - 12, style: style,
                concealment: session.concealment(in: progress)
              ).map { "hint \(shown)/\(count): " + $0 }, style: style)
          } else {
            Output.print("no more hints", style: style)
          }
          continue
        case "reveal", ":reveal":
          effects = session.reveal(progress: progress).1
          Output.print(
            LessonPresenter(bound).renderWorked(
              step: index, width: width - 4, style: style,
              concealment: session.concealment(in: progress)
            ).map { "  " + $0 }, style: style)
        default:
          // An answer that cannot be read does not use up the card: it is asked again.
          let check = StepChecker(bound).check(
            input, step: index, earned: session.earnedSteps(in: progress))
          if check.kind == .malformed {
            let presenter = VerdictPresenter(style: style, width: width - 2)
            Output.print(
              presenter.lines(check, answer: input).map { "  " + $0.text }
                + ["  Not counted: answer again (or hint, reveal, values, skip, quit)."],
              style: style)
            continue
          }
          let (events, changes) = session.submit(input, progress: progress)
          effects = changes
          if case .judged(let verdict)? = events.first {
            let presenter = VerdictPresenter(style: style, width: width - 2)
            Output.print(
              presenter.lines(verdict, answer: input).map { "  " + $0.text }, style: style)
            if verdict.kind != .correct {
              // One answer per card: a wrong one shows the worked line and rates again.
              effects = session.reveal(progress: progress).1.map { effect in
                guard case .attempt(var attempt) = effect else { return effect }
                attempt.outcome = .wrongFirst
                return .attempt(attempt)
              }
              Output.print(
                LessonPresenter(bound).renderWorked(
                  step: index, width: width - 4, style: style,
                  concealment: session.concealment(in: progress)
                ).map { "  " + $0 }, style: style)
            }
          }
          if effects.isEmpty { continue }
        }
        do {
          progress = try store.update(merging: progress) { saved in
            for case .attempt(let attempt) in effects {
              ProgressChange.attempt(attempt).apply(to: &saved)
            }
          }
          reviewed += 1
        } catch {
          // Said once per run: a read-only folder fails every save the same way.
          if !saveFailed {
            printError(
              "warning: could not save progress to \(store.path): \(error)", style: style)
          }
          saveFailed = true
        }
        continue cards
      }
    }
    Output.print(
      [
        "", "Reviewed \(reviewed) card\(reviewed == 1 ? "" : "s").",
        Self.nothingDue(progress, now: Date().timeIntervalSince1970, afterReview: true),
      ],
      style: style)
    if saveFailed { throw ExitCode.failure }
  }

  /// The card's givens and the values it builds on (the steps before it, earned as
  /// context), as `Given:` and `Values:` lines.
  static func values(
    _ bound: BoundLesson, session: TutorSession, progress: LearnerProgress, style: MathStyle
  ) -> [String] {
    let givens = bound.lesson.givens.compactMap { given -> String? in
      guard let value = bound.value(of: given.name) else { return nil }
      return LessonPresenter(bound).label(of: given.name, style: style) + " = "
        + TensorFormat.inline(value, style: style)
    }
    let earned = session.earnedSteps(in: progress).sorted().compactMap { index -> String? in
      guard let value = bound.askedValues[index] else { return nil }
      return MathRenderer.inline(bound.askTeX(step: index), style: style) + " = "
        + TensorFormat.inline(value, style: style)
    }
    var lines = ["Given: " + givens.joined(separator: ", ")]
    if !earned.isEmpty { lines.append("Values: " + earned.joined(separator: ", ")) }
    return lines
  }

  /// "Nothing is due. The next card, relu-1-2-2-1/a1, is due on 2026-12-05 (in 4 days)."
  static func nothingDue(_ progress: LearnerProgress, now: Double, afterReview: Bool = false)
    -> String
  {
    let due = progress.dueCards(at: now).count
    if afterReview, due > 0 { return "\(due) more due." }
    guard let next = progress.cards().first else {
      return "Nothing to review yet: every step you solve becomes a card."
    }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    let date = formatter.string(from: Date(timeIntervalSince1970: next.card.due))
    // A due date read from a file may be any number: past a million years, say so.
    let days = ((next.card.due - now) / 86_400).rounded(.up)
    let span =
      days < 365_000_000
      ? "in \(Int(days)) day\(days == 1 ? "" : "s")" : "in more than a million years"
    let on = date.isEmpty ? "" : "on \(date) "
    return "Nothing is due. The next card, \(next.lesson)/\(next.step), is due \(on)(\(span))."
  }
}
