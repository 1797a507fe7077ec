import TerminalText
import TutorEngine
import TutorLessons
import TutorMath
import TutorProgress

/// A lesson as the menu lists it.
public struct LessonEntry: Equatable, Sendable {
  /// The heading over the lessons a course does not name, after its sections.
  public static let otherLessonsHeading = "Other lessons"

  public var id: String
  public var title: String
  public var summary: String
  public var stepIDs: [String]
  /// Set when the file cannot be loaded (shown instead of opening it).
  public var problem: String?
  /// The course section it is taught in (nil: not in the course, or no course file).
  public var section: String?
  /// The lessons the course asks to do first.
  public var prerequisites: [String]
  /// The skills its steps train, in first-seen order.
  public var skills: [String] = []

  public init(
    id: String, title: String, summary: String = "", stepIDs: [String], problem: String? = nil,
    section: String? = nil, prerequisites: [String] = []
  ) {
    self.id = id
    self.title = title
    self.summary = summary
    self.stepIDs = stepIDs
    self.problem = problem
    self.section = section
    self.prerequisites = prerequisites
  }
}

/// The screens of the tutor.
public enum ScreenKind: Equatable, Sendable {
  case menu, learn, replay, graph, explore, help, exam, skills, curve
}

/// Working through one lesson: the session, and what only the screen needs.
public struct LearnState: Sendable {
  /// The learner's walk through the lesson (steps, verdicts, hints, reveals).
  public var session: TutorSession
  public var editor = LineEditor()
  /// Lines scrolled in the prose area.
  public var scroll = 0

  public init(session: TutorSession) {
    self.session = session
  }

  public var bound: BoundLesson { session.bound }
  public var stepIndex: Int { session.stepIndex }
  public var feedback: Feedback? { session.feedback }
  public var lesson: Lesson { session.lesson }
  public var step: Step { session.step }
}

/// Replaying a lesson's worked example.
public struct ReplayState: Sendable {
  public var bound: BoundLesson
  public var stepIndex = 0
  public var autoAdvance = false

  public init(bound: BoundLesson) {
    self.bound = bound
  }
}

/// The graph view's own state: which node is selected and where the window is.
public struct GraphViewState: Equatable, Sendable {
  /// The selected node's name (nil: the current step's node, else the first).
  public var selection: String?
  /// The window's top-left cell on the drawing.
  public var scrollX = 0
  public var scrollY = 0
  /// Whether the window moves to keep the selection in view (off after PgUp/PgDn, `<`, `>`).
  public var followsSelection = true
  /// Enter: the selected node's full value and gradient under the drawing.
  public var showsDetails = false

  public init() {}
}

/// The whole tutor: pure data, changed only by ``TutorApp/update(_:_:)``.
public struct AppState: Sendable {
  public var screen: ScreenKind = .menu
  /// Where Esc from help, graph or explore returns to.
  public var returnScreen: ScreenKind = .menu
  public var lessons: [LessonEntry]
  public var menuIndex = 0
  public var learn: LearnState?
  /// A review in progress (the menu's `d`, `bptutor review`): the due cards still to
  /// serve after the one on the learn screen, and how many the review started with.
  public var review: ReviewQueue?
  public var replay: ReplayState?
  public var exam: ExamState?
  /// Seconds since 1970, for what is due (the shell sets it; tests fix it).
  public var now: Double = 0
  public var skillsScroll = 0
  /// What the learner has solved and revealed, in every lesson: the one place.
  public var progress: LearnerProgress
  /// Colour on (off under `NO_COLOR`).
  public var colors: Bool
  public var mathStyle: MathStyle
  /// A one-line message on the status line ("progress saved", an error).
  public var status: String?
  /// The graph view: selected node, scroll, details.
  public var graph = GraphViewState()
  /// The loss curve on the curve screen: the loss after each of the next steps of
  /// gradient descent (index 0: the lesson's own loss).
  public var curve: [Double] = []
  /// The explore screen's input line.
  public var exploreEditor = LineEditor()
  /// Lines scrolled in the explore screen (PgUp/PgDn), for a window too short to show
  /// every given and quantity.
  public var exploreScroll = 0
  public var helpScroll = 0
  /// F4 toggles the known-values panel: on a wide terminal it sits beside the step and
  /// F4 hides it; on a narrow one (80×24) F4 shows it in place of the step.
  public var valuesPanelToggled = false

  public init(
    lessons: [LessonEntry], progress: LearnerProgress = LearnerProgress(), colors: Bool = true,
    mathStyle: MathStyle = .unicode
  ) {
    self.lessons = lessons
    self.progress = progress
    self.colors = colors
    self.mathStyle = mathStyle
  }

  /// The lesson shown in learn, replay, graph or explore.
  public var activeBound: BoundLesson? {
    switch returnScreenForActive {
    case .replay: return replay?.bound
    default: return learn?.bound ?? replay?.bound
    }
  }

  /// What the lesson on screen may show: in learn, only givens and earned values; in
  /// replay (the worked example) everything.
  public var concealment: Concealment {
    if returnScreenForActive == .learn, let learn {
      return learn.session.concealment(in: progress)
    }
    return .none
  }

  var returnScreenForActive: ScreenKind {
    screen == .graph || screen == .explore || screen == .help || screen == .curve
      ? returnScreen : screen
  }
}
