import TutorLessons

extension TutorApp {
  /// Starts serving every due card, one after another (the menu's `d`, `bptutor review`).
  static func startReview(_ state: inout AppState) -> [Effect] {
    let due = state.progress.dueCards(at: state.now)
    guard !due.isEmpty else {
      state.status = "no card is due for review"
      return []
    }
    state.review = ReviewQueue(due)
    return nextCard(&state)
  }

  /// Opens the next due card, skipping any whose lesson or step is gone; at the end of
  /// the queue, back to the menu saying how many cards were served.
  static func nextCard(_ state: inout AppState) -> [Effect] {
    guard var review = state.review else { return [] }
    while !review.remaining.isEmpty {
      let card = review.remaining.removeFirst()
      guard let entry = state.lessons.first(where: { $0.id == card.lesson && $0.problem == nil }),
        let step = entry.stepIDs.firstIndex(of: card.step)
      else { continue }
      state.review = review
      state.status = "opening \(card.lesson)…"
      return [.openLesson(id: card.lesson, mode: .review(step: step))]
    }
    state.review = nil
    state.learn = nil
    state.screen = .menu
    state.status = "review done: \(review.total) card\(review.total == 1 ? "" : "s") served"
    return []
  }

  /// A card on the learn screen: the step at a variant the learner has not done (unless
  /// the command bound one), the steps before it shown as context.
  static func openCard(_ state: inout AppState, _ bound: BoundLesson, step: Int) {
    var card = bound
    if bound.variant == 0, bound.overrides.isEmpty,
      let fresh = tryBind(
        bound, variant: state.progress.newVariant(of: bound.lesson.id), overrides: [:],
        status: &state.status)
    {
      card = fresh
    }
    state.learn = LearnState(session: TutorSession(practising: card, at: step))
    state.screen = .learn
    let title = card.lesson.steps[step].title
    if let review = state.review {
      let more = review.remaining.isEmpty ? "" : "; Ctrl-N the next card"
      state.status =
        "review \(review.servedNumber) of \(review.total): \(title), variant \(card.variant)"
        + more
    } else {
      state.status = "review: \(title), variant \(card.variant)"
    }
  }
}
