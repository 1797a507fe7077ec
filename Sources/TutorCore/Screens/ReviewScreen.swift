import TerminalText
import TutorLessons
import TutorMath

/// A review (the menu's `d`, `bptutor review`): the due cards served one after another.
/// Each card is a learn screen on one step at a variant not done, the steps before it
/// shown as context; this screen owns the queue of cards after it and the keys that move
/// through the queue, and hands every other key to the card.
public struct ReviewScreen: Sendable {
  /// The card being served: the lesson at the card's step, worked as in learn.
  public var card: LearnScreen
  /// The due cards still to serve after this one, and how many the review started with.
  public var queue: ReviewQueue

  public init(card: LearnScreen, queue: ReviewQueue) {
    (self.card, self.queue) = (card, queue)
  }

  enum Command: Sendable {
    /// The next due card (a card not answered stays due).
    case nextCard
    /// A key of the card's learn screen.
    case card(LearnScreen.Command)
  }

  static let title = "Review"
  /// Ctrl-N and `:next` serve the next card; every other key is the learn screen's.
  static let bindings: [KeyBinding<Command>] =
    [
      KeyBinding(
        [.control("n")], .nextCard, keyName: "Ctrl-N", bar: ("^N", "next card"),
        help: "the next due card (one not answered stays due for the next review)",
        names: ["next", "n", "skip"])
    ]
    + LearnScreen.bindings.filter { !$0.keys.contains(.control("n")) }.map {
      $0.map(Command.card)
    }

  /// This screen's own keys, for the help screen (the card's are learn's).
  static var helpSection: [HelpLine] {
    Array(bindings.prefix(1)).helpSection(title)
      + [HelpLine(keys: "", text: "every other key as in Learn, on the card")]
  }

  mutating func update(_ key: Key, _ app: inout AppState) -> Transition {
    // `:next` typed in the answer line moves through the queue as Ctrl-N does.
    if key == .enter, let command = typedCommand, case .nextCard = command {
      card.editor.clear()
      return nextCard(&app)
    }
    if let binding = Self.bindings.binding(for: key), case .nextCard = binding.command {
      return nextCard(&app)
    }
    // Enter on an empty line after a right answer: the next card, as Ctrl-N.
    if key == .enter, card.editor.text.trimmingWhitespace().isEmpty,
      card.feedback?.verdict.isCorrect == true
    {
      return nextCard(&app)
    }
    return card.update(key, &app)
  }

  /// The `:` command in the answer line, when it is one of this screen's own.
  private var typedCommand: Command? {
    let text = card.editor.text.trimmingWhitespace()
    guard text.hasPrefix(":") else { return nil }
    let name = String(text.dropFirst()).trimmingWhitespace().lowercased()
    return Array(Self.bindings.prefix(1)).binding(named: name)?.command
  }

  func draw(_ painter: inout Painter) { painter.draw(card, bar: Self.barItems) }

  /// The key bar: the next card first, then the card's keys but the step moves.
  static let barItems = bindings.barItems()

}

extension ReviewScreen {
  /// Starts serving the day's due cards (the menu's `d`, `bptutor review`): at most
  /// ``AppState/newCardsPerDay`` new ones, interleaved across lessons and skills. A card
  /// whose lesson or step is gone is not served or counted: it is removed from the
  /// progress, and the status says so once (a lesson file that does not load keeps its
  /// cards, skipped).
  static func startReview(_ app: inout AppState) -> [Effect] {
    let lessons = app.lessons
    var stale: [String: Set<String>] = [:]
    for card in app.progress.dueCards(at: app.now) {
      guard let entry = lessons.first(where: { $0.id == card.lesson }) else {
        stale[card.lesson, default: []].insert(card.step)
        continue
      }
      if entry.problem == nil, !entry.stepIDs.contains(card.step) {
        stale[card.lesson, default: []].insert(card.step)
      }
    }
    let due = app.progress.reviewSession(at: app.now, newPerDay: app.newCardsPerDay) { card in
      lessons.first { $0.id == card.lesson }?.skills ?? []
    }.filter { !(stale[$0.lesson]?.contains($0.step) ?? false) }
    let removals = stale.keys.sorted().map {
      Effect.save(.staleCards(lesson: $0, steps: stale[$0] ?? []))
    }
    let count = stale.values.map(\.count).reduce(0, +)
    let removed =
      count == 0
      ? "" : "\(count) card\(count == 1 ? "" : "s") whose lesson or step is gone removed"
    guard !due.isEmpty else {
      let waiting = app.progress.newCardsWaiting(at: app.now, newPerDay: app.newCardsPerDay)
      app.status =
        (waiting > 0
          ? "today's \(app.newCardsPerDay) new cards are done; \(waiting) more wait for tomorrow"
          : "no card is due for review") + (removed.isEmpty ? "" : " (\(removed))")
      return removals
    }
    var queue = ReviewQueue(due)
    queue.staleRemoved = count
    return removals + (openNextCard(&queue, &app) ?? [])
  }

  /// Ctrl-N in a review: the next due card; after the last, back to the menu saying how
  /// many cards were served.
  mutating func nextCard(_ app: inout AppState) -> Transition {
    if let effects = Self.openNextCard(&queue, &app) { return .effects(effects) }
    app.status = "review done: \(queue.total) card\(queue.total == 1 ? "" : "s") served"
    return Transition(.toMenu(selecting: nil))
  }

  /// Asks for the next due card whose lesson and step still exist (nil when none is left).
  static func openNextCard(_ queue: inout ReviewQueue, _ app: inout AppState) -> [Effect]? {
    while !queue.remaining.isEmpty {
      let card = queue.remaining.removeFirst()
      guard let entry = app.lessons.first(where: { $0.id == card.lesson && $0.problem == nil }),
        let step = entry.stepIDs.firstIndex(of: card.step)
      else { continue }
      app.status = "opening \(card.lesson)…"
      return [.openLesson(id: card.lesson, mode: .review(step: step, queue: queue))]
    }
    return nil
  }

  /// A card: the step at a variant the learner has not done (unless the command bound
  /// one), the steps before it shown as context; `queue`: the cards after it.
  static func card(
    _ bound: BoundLesson, step: Int, queue: ReviewQueue?, _ app: inout AppState
  ) -> Screen {
    var card = bound
    if bound.variant == 0, bound.overrides.isEmpty,
      let fresh = Givens.tryBind(
        bound, variant: app.progress.newVariant(of: bound.lesson), overrides: [:],
        status: &app.status)
    {
      card = fresh
    }
    let title = card.lesson.steps[step].title
    if let queue {
      let more = queue.remaining.isEmpty ? "" : "; Ctrl-N the next card"
      let stale = queue.staleRemoved
      let removed =
        queue.servedNumber == 1 && stale > 0
        ? " (\(stale) card\(stale == 1 ? "" : "s") whose lesson or step is gone removed)" : ""
      app.status =
        "review \(queue.servedNumber) of \(queue.total)\(removed): \(title), variant "
        + "\(card.variant)" + more
    } else {
      app.status = "review: \(title), variant \(card.variant)"
    }
    let learn = LearnScreen(session: TutorSession(practising: card, at: step, time: app.now))
    guard let queue else { return .learn(learn) }
    return .review(ReviewScreen(card: learn, queue: queue))
  }
}
