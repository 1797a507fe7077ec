import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

/// The tutor as The Elm Architecture: ``update(_:_:)`` turns a message into a new state
/// and effects (as data, never I/O); ``view(_:width:height:)`` draws a state into a
/// ``ScreenBuffer``. Keys go to the screen on top of ``AppState/stack``, which runs the
/// command its key list binds them to. The terminal layer only maps keys to messages and
/// draws buffers.
public enum TutorApp {
  /// The smallest terminal the layouts work in.
  public static let minimumSize = (width: 60, height: 16)
  /// Milliseconds between steps when replay auto-advances.
  public static let autoAdvanceInterval = ReplayScreen.autoAdvanceInterval

  /// Applies `msg` to `state`; returns the effects for the shell to run.
  public static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case .resize(let width, let height):
      state.size = (width, height)
      return []
    case .clock(let now):
      state.now = now
      return []
    case .tick:
      guard var top = state.stack.popLast() else { return [.stopTimer] }
      defer { state.stack.append(top) }
      return top.tick(&state)
    case .lessonOpened(let bound, let mode):
      return opened(&state, bound, mode: mode)
    case .lessonFailed(let id, let message):
      state.status = "cannot open \(id): \(message)"
      return []
    case .progressSaved(let saved):
      state.progress = saved
      return []
    case .progressNotSaved(let change, let reason):
      change.apply(to: &state.progress)
      state.status = "could not save progress: \(reason)"
      return []
    case .saveFailed(let reason):
      state.status = "could not save progress: \(reason)"
      return []
    case .reviewDue:
      return ReviewScreen.startReview(&state)
    case .paste(let text):
      guard var top = state.stack.popLast() else { return [] }
      let cut = top.paste(text)
      state.stack.append(top)
      if let cut, cut > 0 { state.status = LineEditor.pasteCutMessage }
      return []
    case .key(let key):
      if let global = Screen.globalBindings.binding(for: key) {
        switch global.command {
        case .quit: return [.stopTimer, .quit]
        case .suspend: return []
        }
      }
      guard var top = state.stack.popLast() else {
        state.stack = [.menu(MenuScreen())]
        return []
      }
      let said = state.status
      let transition = top.update(key, &state)
      // Leaving for the menu, the lesson's status goes with it (unless this key set one).
      if case .toMenu = transition.navigation, state.status == said { state.status = nil }
      navigate(&state, transition.navigation, from: top)
      return transition.effects
    }
  }

  /// Puts the screen that ran back on the stack, as its update asked.
  static func navigate(_ state: inout AppState, _ navigation: Navigation, from top: Screen) {
    switch navigation {
    case .stay:
      state.stack.append(top)
    case .pop:
      break
    case .push(let screen):
      state.stack.append(top)
      state.stack.append(screen)
    case .toMenu(let lesson):
      if case .menu? = state.stack.first {
        state.stack.removeSubrange(1...)
      } else {
        state.stack = [.menu(MenuScreen())]
      }
      if let lesson, let index = state.lessons.firstIndex(where: { $0.id == lesson }) {
        state.menuIndex = index
      }
    }
    if state.stack.isEmpty { state.stack = [.menu(MenuScreen())] }
  }

  /// A lesson the shell loaded: its screen opens over the menu (a replay is recorded:
  /// ``ReplayRecord``).
  static func opened(_ state: inout AppState, _ bound: BoundLesson, mode: OpenMode) -> [Effect] {
    state.status = nil
    switch mode {
    case .learn:
      let session = TutorSession(bound: bound, progress: state.progress, at: state.now)
      state.open(.learn(LearnScreen(session: session)))
      state.status = session.openingEvent(progress: state.progress).flatMap {
        SessionText.message($0, front: .fullScreen)
      }
    case .replay:
      state.open(.replay(ReplayScreen(bound: bound)))
      let changes = ReplayRecord.changes(bound, progress: state.progress)
      state.status = ReplayRecord.message(changes, variant: bound.variant)
      return changes.map { .save($0) }
    case .practice:
      state.open(.learn(LearnScreen(session: TutorSession(practising: bound, time: state.now))))
      state.status = "variant \(bound.variant): new givens; every value to earn again"
    case .review(let step, let queue):
      state.open(ReviewScreen.card(bound, step: step, queue: queue, &state))
    case .exam:
      // From the menu (variant 0 bound): a fresh variant; from `bptutor exam`: as bound.
      let fresh = bound.variant == 0 && bound.overrides.isEmpty
      if let exam = ExamScreen.open(bound, fresh: fresh, &state) { state.open(.exam(exam)) }
    }
    return []
  }
}
