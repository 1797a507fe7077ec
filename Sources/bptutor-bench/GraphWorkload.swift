import Foundation
import TutorCore
import TutorLessons
import TutorProgress

/// The graph view's cost per lesson: the layered layout alone (layers, crossing
/// reduction, rows, channels, routes) and the whole view (layout + drawing) at 80×24 and
/// 120×40, in the lessons' own values.
enum GraphWorkload {
  static func run(repetitions: Int = 200) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons")
      .path
    var rows:
      [(id: String, nodes: Int, edges: Int, layout: Double, view80: Double, view120: Double)] =
        []
    for id in LessonCatalog.ids(in: directory) {
      guard let lesson = LessonLoader.load(path: directory + "/\(id).yaml").lesson,
        let bound = try? BoundLesson(lesson: lesson)
      else { continue }
      var size = TutorApp.graphLayoutSize(bound)
      let layout = timeMicroseconds(repetitions) { size = TutorApp.graphLayoutSize(bound) }
      var state = AppState(lessons: [], progress: LearnerProgress())
      state.push(.replay(ReplayScreen(bound: bound)))
      state.push(.graph(GraphScreen()))
      let view80 = timeMicroseconds(repetitions) {
        _ = TutorApp.view(state, width: 80, height: 24)
      }
      let view120 = timeMicroseconds(repetitions) {
        _ = TutorApp.view(state, width: 120, height: 40)
      }
      rows.append((id, size.nodes, size.edges, layout, view80, view120))
    }
    print("graph view: layered layout of each lesson's graph (median of \(repetitions))")
    for row in rows.sorted(by: { ($0.nodes + $0.edges) > ($1.nodes + $1.edges) }) {
      print(
        String(
          format:
            "  %-22@ %2d nodes %2d edges: layout %6.1f µs, view 80×24 %6.1f µs, 120×40 %6.1f µs",
          row.id as NSString, row.nodes, row.edges, row.layout, row.view80, row.view120))
    }
    if let largest = rows.max(by: { ($0.nodes + $0.edges) < ($1.nodes + $1.edges) }) {
      print(
        String(
          format: "  largest (%@): layout %.3f ms (target under 5 ms)", largest.id as NSString,
          largest.layout / 1000))
    }
  }

  static func timeMicroseconds(_ repetitions: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<repetitions {
      let start = DispatchTime.now().uptimeNanoseconds
      body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
    }
    return times.sorted()[times.count / 2]
  }
}
