import TerminalText
import TutorLessons
import TutorMath

extension TutorApp {
  /// Opens an exam of `bound`'s lesson at a variant the learner has not done (or at the
  /// bound one when it was chosen: `bptutor exam LESSON --variant N`).
  static func openExam(_ state: inout AppState, _ bound: BoundLesson, fresh: Bool) {
    var examBound = bound
    if fresh {
      let variant = state.progress.newVariant(of: bound.lesson.id)
      guard
        let rebound = tryBind(bound, variant: variant, overrides: [:], status: &state.status)
      else { return }
      examBound = rebound
    }
    state.exam = ExamState(bound: examBound)
    state.screen = .exam
    state.status = "exam: no feedback until the end; an empty answer skips"
  }

  /// Keys in an exam: Enter records the answer (empty skips) and moves on; after the last
  /// step the report is shown and saved. Esc leaves (an unfinished exam is not saved).
  static func examKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard var exam = state.exam else {
      state.screen = .menu
      return []
    }
    defer { state.exam = exam }
    if exam.report != nil {
      switch key {
      case .down, .pageDown: exam.scroll += key == .down ? 1 : 10
      case .up, .pageUp: exam.scroll = max(0, exam.scroll - (key == .up ? 1 : 10))
      default: state.screen = .menu
      }
      return []
    }
    switch key {
    case .escape:
      state.screen = .menu
      state.status = "exam left; nothing was saved"
    case .enter:
      exam.answers.append(exam.editor.submit().trimmingWhitespace())
      exam.stepIndex += 1
      guard exam.stepIndex >= exam.bound.lesson.steps.count else { return [] }
      let report = ExamGrader.grade(exam.bound, answers: exam.answers)
      exam.report = report
      exam.stepIndex = exam.bound.lesson.steps.count - 1
      state.status = nil
      let skills = Dictionary(
        exam.bound.lesson.steps.map { ($0.id, $0.skills) }, uniquingKeysWith: { a, _ in a })
      return [.saveExam(report, skills: skills, time: state.now)]
    default:
      edit(&exam.editor, key)
    }
    return []
  }

  /// Another variant of the lesson in learn: fresh givens never done, from the first step,
  /// every value to earn again.
  static func another(_ state: inout AppState) {
    guard var learn = state.learn else { return }
    let variant = state.progress.newVariant(of: learn.lesson.id)
    guard
      let rebound = tryBind(learn.bound, variant: variant, overrides: [:], status: &state.status)
    else { return }
    _ = learn.session.practise(rebound)
    learn.scroll = 0
    learn.editor.clear()
    state.learn = learn
    state.status = "variant \(variant): new givens; every value to earn again"
  }

  /// Keys on the skills screen.
  static func skillsKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    switch key {
    case .down, .pageDown: state.skillsScroll += key == .down ? 1 : 10
    case .up, .pageUp: state.skillsScroll = max(0, state.skillsScroll - (key == .up ? 1 : 10))
    default: state.screen = .menu
    }
    return []
  }
}
