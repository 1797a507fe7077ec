import ArgumentParser
import Foundation
import TerminalText
import TutorCore
import TutorLessons
import TutorMath
import TutorProgress

/// `learn --plain`: the tutor session driven by lines of standard input.
struct PlainQuiz {
  var session: TutorSession
  let store: ProgressStore
  let style: MathStyle
  let width: Int
  var progress: LearnerProgress
  /// Set when a save failed: the end says so and the exit status is 1.
  var saveFailed = false
  /// Standard input, a bounded line at a time.
  var input = LineReader()

  /// Words that are commands at the prompt (any other text is an answer; `:` forces
  /// a command).
  static let commandWords: Set<String> = [
    "hint", "reveal", "next", "skip", "prev", "previous", "help", "quit",
  ]

  init(
    bound: BoundLesson, store: ProgressStore, style: MathStyle, width: Int,
    practising: Bool = false
  ) {
    (self.store, self.style, self.width) = (store, style, width)
    let (progress, warning) = store.load()
    if let warning { printError(warning, style: style) }
    self.progress = progress
    session =
      practising
      ? TutorSession(practising: bound) : TutorSession(bound: bound, progress: progress)
  }

  mutating func run() throws {
    var lines = PlainText.header(session.bound, width: width, style: style)
    if let event = session.openingEvent(progress: progress),
      let message = SessionText.message(event, front: .plain)
    {
      lines.append(message)
    }
    emit(lines)
    var shown: Int?
    while true {
      if shown != session.stepIndex {
        shown = session.stepIndex
        emit(
          [""] + [PlainText.stepTitle(session.bound, index: session.stepIndex)]
            + LessonPresenter(session.bound).renderQuestion(
              step: session.stepIndex, width: width, style: style,
              concealment: session.concealment(in: progress)))
      }
      Output.prompt("answer> ", style: style)
      let line: String
      switch input.next() {
      case nil: return try finish(blankLine: true)
      case .tooLong:
        emit([
          "That line is over \(LineReader.maxCharacters) characters, the longest "
            + "answer the tutor reads; it was ignored."
        ])
        continue
      case .text(let text): line = text
      }
      let input = line.trimmingWhitespace()
      if input.hasPrefix(":") || Self.commandWords.contains(input.lowercased()) {
        let word = input.hasPrefix(":") ? String(input.dropFirst()) : input
        switch SessionCommand.parse(word) {
        case .success(.quit): return try finish(blankLine: false)
        case .success(let command):
          if try perform(command) { return try finish(blankLine: true) }
        case .failure(let unknown):
          emit(
            ["unknown command \(unknown.name)" + (unknown.suggestion.map { " — \($0)" } ?? "")])
        }
        continue
      }
      let (events, changes) = session.submit(input, progress: progress)
      save(changes)
      for event in events {
        if case .judged(let verdict) = event {
          let presenter = VerdictPresenter(style: style, width: width - 2)
          emit(presenter.lines(verdict, answer: input).map { "  " + $0.text })
          if verdict.isCorrect {
            emit(
              LessonPresenter(session.bound).render(
                session.step.worked, width: width - 4, style: style,
                concealment: session.concealment(in: progress)
              ).map { "  " + $0 })
          }
        } else if let message = SessionText.message(event, front: .plain) {
          emit([message])
        }
      }
      if events.contains(where: {
        $0 == .solvedMoreToGo || $0 == .lastStepSolved || $0 == .rightButRevealed
      }) {
        if session.isLastStep { return try finish(blankLine: true) }
        _ = session.move(by: 1)
      } else if events.contains(.lessonComplete) {
        return try finish(blankLine: false)
      }
    }
  }

  /// Carries out a command; returns true when the lesson is over.
  private mutating func perform(_ command: SessionCommand) throws -> Bool {
    switch command {
    case .hint:
      let before = session.feedback
      let (event, effects) = session.hint(progress: progress)
      save(effects)
      // A hint also marks the entries of the last answer (withheld the first time).
      if let feedback = session.feedback, feedback != before, feedback.verdict.entryMarks != nil {
        let presenter = VerdictPresenter(style: style, width: width - 2)
        emit(presenter.lines(feedback.verdict, answer: feedback.answer).map { "  " + $0.text })
      }
      if case .hintShown(let number, let count) = event {
        let hint = session.step.hints[number - 1]
        let label = "hint \(number)/\(count): "
        emit(
          LessonPresenter.labelled(
            label,
            LessonPresenter(session.bound).render(
              hint, width: width - 2 - label.count, style: style,
              concealment: session.concealment(in: progress))))
      } else if let message = SessionText.message(event, front: .plain) {
        emit([message])
      }
    case .reveal:
      let (_, effects) = session.reveal(progress: progress)
      save(effects)
      emit(
        LessonPresenter(session.bound).renderWorked(
          step: session.stepIndex, width: width - 4, style: style,
          concealment: session.concealment(in: progress)
        ).map { "  " + $0 })
      if session.isLastStep { return true }
      _ = session.move(by: 1)
    case .next, .previous:
      let event = session.move(by: command == .next ? 1 : -1)
      if event == .atLastStep { return true }
      if let message = SessionText.message(event, front: .plain) { emit([message]) }
    case .help:
      emit(SessionCommand.descriptions.map { "  \($0.name.padding(8)) \($0.summary)" })
    case .graph, .values, .curve, .menu, .variant, .another, .set:
      emit(["that works in the full-screen tutor; here: hint, reveal, next, prev, help, quit"])
    case .quit:
      return true
    }
    return false
  }

  /// Saves each progress change under the store's lock, merged with the file, and keeps
  /// what was saved; a change that cannot be saved is applied in memory only (once either
  /// way, see ``ProgressChange``).
  private mutating func save(_ changes: [ProgressChange]) {
    for change in changes {
      do {
        progress = try store.update(merging: progress) { change.apply(to: &$0) }
      } catch {
        change.apply(to: &progress)
        // Said once per run: a read-only folder fails every save the same way.
        if !saveFailed {
          printError("warning: could not save progress to \(store.path): \(error)", style: style)
        }
        saveFailed = true
      }
    }
  }

  /// The last words: the lesson's state and whether progress was saved.
  private func finish(blankLine: Bool) throws {
    var lines: [String] = blankLine ? [""] : []
    let solved =
      session.practising ? session.concluded.count : session.solvedCount(in: progress)
    let total = session.lesson.steps.count
    if solved == total {
      lines.append("Lesson complete.")
    } else {
      lines.append("\(solved) of \(total) steps solved.")
    }
    lines.append(
      saveFailed ? "Progress was not saved." : "Progress saved.")
    emit(lines)
    if saveFailed { throw ExitCode.failure }
  }

  private func emit(_ lines: [String]) {
    Output.print(lines, style: style)
  }
}

extension String {
  /// The string padded with spaces to `width` characters.
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
