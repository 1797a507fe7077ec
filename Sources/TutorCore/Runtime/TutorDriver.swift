import TerminalText
import TutorLessons
import TutorProgress

/// Runs the tutor without a terminal: feeds messages to ``TutorApp/update(_:_:)`` and
/// carries out the effects (opening lessons, saving progress) right away. The terminal
/// shell and the tests both drive the tutor through it.
///
/// Saving is in the foreground unless the driver is made with `savingInBackground`: then a
/// change is applied in memory at once (the key's redraw shows it) and a
/// ``ProgressSaver`` writes it after; ``finishSaving()`` waits for it before the process
/// exits.
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

  /// Saves in the background; nil saves each change before the next message.
  public let saver: ProgressSaver?

  public init(
    state: AppState, library: LessonLibrary, store: ProgressStore?,
    savingInBackground: Bool = false
  ) {
    (self.state, self.library, self.store) = (state, library, store)
    saver =
      savingInBackground ? store.map { ProgressSaver(store: $0, progress: state.progress) } : nil
  }

  /// Applies a message and every effect it causes.
  public mutating func send(_ msg: Msg) {
    takeSaves()
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

  /// What the terminal does once a frame is drawn, before it waits for the next key: the
  /// saves the key made start (``ProgressSaver/frameDrawn()``: the redraw came first), and
  /// the tutor works ahead (``prepareAhead()``).
  public mutating func frameDrawn() {
    saver?.frameDrawn()
    prepareAhead()
  }

  /// Works ahead in the background (``WorkAhead``) while the learner reads and types:
  /// the check of the step on screen is prepared (``TutorSession/prepareCheck(earned:)``), and
  /// the frames after the next hint and after a reveal are rendered on copies of the state
  /// (nothing is recorded or shown), so that their texts — the hint, and every text at the
  /// concealment once the step is earned — are in ``RenderCache``. A submit, a hint or a
  /// reveal then finds its work done. The terminal asks once a frame is drawn, before it
  /// waits for the next key.
  public mutating func prepareAhead() {
    guard let learn = state.lessonScreen?.screen.learning else { return }
    // A step already solved or revealed is rarely checked again: nothing to work ahead.
    let earned = learn.session.earnedSteps(in: state.progress)
    guard !earned.contains(learn.stepIndex) else { return }
    learn.session.prepareCheck(earned: earned)
    guard case .learn? = state.stack.last else { return }
    let ahead = Ahead(
      binding: learn.bound.id, step: learn.stepIndex, earned: earned,
      hints: learn.session.hintsShown[learn.stepIndex, default: 0], width: state.size.width,
      height: state.size.height)
    guard ahead != renderedAhead else { return }
    renderedAhead = ahead
    let now = TutorDriver(state: state, library: library, store: nil)
    WorkAhead.async {
      for key: Key in [.tab, .control("r")] {
        var after = now
        after.press(key)
        _ = TutorApp.view(after.state, width: ahead.width, height: ahead.height)
      }
    }
  }

  /// The step, hints shown and size whose frames after a hint and a reveal were rendered
  /// ahead.
  struct Ahead: Equatable {
    var binding: BoundLesson.Identity
    var step: Int
    var earned: Set<Int>
    /// The hints shown at the step.
    var hints: Int
    var width: Int
    var height: Int
  }
  private var renderedAhead: Ahead?

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
    if let saver {
      // Shown now, written by the saver after the redraw.
      var progress = state.progress
      change.apply(to: &progress)
      saver.enqueue(change)
      return .progressSaved(progress)
    }
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

  /// Whether a background save is waiting, under way or not yet taken in: the terminal
  /// then wakes within ``savePollMilliseconds`` to show its outcome.
  public var isSaving: Bool { saver?.isBusy ?? false }
  /// How often the terminal looks at background saves while one is busy.
  public static let savePollMilliseconds = 20

  /// Takes in what background saves merged or reported since the last message.
  public mutating func takeSavesNow() { takeSaves() }

  /// Waits until every change is on disk, then takes in what the saves merged.
  public mutating func finishSaving() {
    saver?.flush()
    takeSaves()
  }

  /// Takes in what the background saves merged from the file (another tutor's progress),
  /// with the changes not saved yet applied again on top; a failed save becomes a warning.
  private mutating func takeSaves() {
    guard let saver else { return }
    let snapshot = saver.snapshot()
    for reason in snapshot.failures {
      let warning = "could not save progress to \(saver.store.path): \(reason)"
      if !warnings.contains(warning) { warnings.append(warning) }  // once, not per save
      _ = TutorApp.update(&state, .saveFailed(reason: reason))
    }
    // A save that read nothing again brought nothing new: the session already holds what
    // it wrote, and taking in the whole progress again would cost the key O(progress).
    guard snapshot.saves > 0, snapshot.mergedFromDisk else { return }
    var progress = snapshot.saved
    snapshot.unsaved.apply(to: &progress)
    _ = TutorApp.update(&state, .progressSaved(progress))
  }
}
