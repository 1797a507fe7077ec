import TerminalText
import TutorLessons
import TutorProgress

/// Runs the tutor without a terminal: feeds messages to ``TutorApp/update(_:_:)`` and
/// carries out the effects (opening lessons, saving progress) right away. The terminal
/// shell and the tests both drive the tutor through it.
public struct TutorDriver: Sendable {
  public private(set) var state: AppState
  public let library: LessonLibrary
  /// Where progress is saved; nil keeps it in memory (tests).
  public let store: ProgressStore?
  public private(set) var quitRequested = false
  /// The auto-advance interval while a timer runs.
  public private(set) var timer: Int?
  /// A warning for the user (progress could not be saved).
  public private(set) var warnings: [String] = []

  public init(state: AppState, library: LessonLibrary, store: ProgressStore?) {
    (self.state, self.library, self.store) = (state, library, store)
  }

  /// Applies a message and every effect it causes.
  public mutating func send(_ msg: Msg) {
    var queue = [msg]
    while !queue.isEmpty {
      var effects = TutorApp.update(&state, queue.removeFirst())
      while !effects.isEmpty {
        switch effects.removeFirst() {
        case .openLesson(let id, let mode):
          queue.append(library.open(id, mode: mode))
        case .save(let change):
          // The reply is applied at once, so the next change of the batch builds on it.
          effects += TutorApp.update(&state, save(change))
        case .startTimer(let milliseconds):
          timer = milliseconds
        case .stopTimer:
          timer = nil
        case .quit:
          quitRequested = true
        }
      }
    }
  }

  /// Sends a key.
  public mutating func press(_ key: Key) { send(.key(key)) }

  /// Types text into the current line, character by character.
  public mutating func type(_ text: String) {
    for character in text { send(.key(.character(character))) }
  }

  /// Saves `change` under the store's lock, merged with the file; the answer goes back to
  /// ``TutorApp/update(_:_:)`` as a message (state changes only there, once: see
  /// ``ProgressChange``).
  private mutating func save(_ change: ProgressChange) -> Msg {
    guard let store else {
      // In memory: the change applied as the store would apply it.
      var progress = state.progress
      change.apply(to: &progress)
      return .progressSaved(progress)
    }
    do {
      return .progressSaved(try store.update(merging: state.progress) { change.apply(to: &$0) })
    } catch {
      let warning = "could not save progress to \(store.path): \(error)"
      if !warnings.contains(warning) { warnings.append(warning) }  // once, not per save
      return .progressNotSaved(change, reason: "\(error)")
    }
  }
}
