import TutorLessons

/// A review serves the due cards one after another on the learn screen: each card is a
/// step at a variant not done, the steps before it shown as context.
extension LearnScreen {
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
    guard var queue = review else { return .stay }
    defer { review = queue }
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
  ) -> LearnScreen {
    var card = bound
    if bound.variant == 0, bound.overrides.isEmpty,
      let fresh = TutorApp.tryBind(
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
    return LearnScreen(
      session: TutorSession(practising: card, at: step, time: app.now), review: queue)
  }
}
