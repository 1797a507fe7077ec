import TutorLessons
import TutorMath

/// Session events in words, for each front end (their keys differ: the full-screen
/// tutor says Ctrl-N where `learn --plain` says `next`).
public enum SessionText {
  public enum Front: Sendable {
    case fullScreen, plain
  }

  /// What to tell the learner after `event`, or nil for nothing.
  public static func message(_ event: TutorSession.Event, front: Front) -> String? {
    switch (event, front) {
    case (.resumed(let index), .fullScreen):
      return "resumed at step \(index + 1): the steps before it are solved"
    case (.resumed(let index), .plain):
      return "Resuming at step \(index + 1) (steps before it are solved)."
    case (.startingOver, .fullScreen):
      return "every step is solved: starting again from step 1 (your ✓ marks stay)"
    case (.startingOver, .plain):
      return "You have solved every step of this lesson; starting again from step 1."
    case (.emptyAnswer, .fullScreen): return "type an answer, then Enter (Tab for a hint)"
    case (.emptyAnswer, .plain): return "(type an answer, or hint, reveal, next, help, quit)"
    case (.hintShown, _): return nil
    case (.noMoreHints, .fullScreen): return "no more hints — Ctrl-R reveals the worked line"
    case (.noMoreHints, .plain): return "no more hints; type reveal to see the worked line"
    case (.revealed(let counts), _):
      return counts ? "revealed: this step counts as revealed, not solved" : nil
    case (.judged, _): return nil
    case (.solvedMoreToGo, .fullScreen): return "Enter or Ctrl-N for the next step"
    case (.solvedMoreToGo, .plain): return nil
    case (.lessonComplete, .fullScreen):
      return "lesson complete — Ctrl-O another variant, Esc the menu"
    case (.lessonComplete, .plain): return "Lesson complete."
    case (.lastStepSolved, .fullScreen): return "last step — Ctrl-P to revisit earlier ones"
    case (.lastStepSolved, .plain): return "Last step solved; type prev to revisit earlier ones."
    case (.rightButRevealed, _):
      return "right — this step stays revealed, since its worked line was shown first"
    case (.moved, _): return nil
    case (.atLastStep, _): return "this is the last step"
    case (.atFirstStep, _): return "this is the first step"
    case (.rebound, _): return nil
    }
  }
}
