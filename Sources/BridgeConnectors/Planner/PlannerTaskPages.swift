public import BridgeMapping
public import BridgeModels

/// The pages of a plan's tasks, read one at a time as the sequence is iterated: the first with
/// `GET /planner/plans/{planId}/tasks`, each next one from the previous page's
/// `@odata.nextLink`.
///
/// ```swift
/// for try await page in planner.taskPages(inPlan: planId) {
///     for task in page.tasks where task.etag != stored[task.id] { changed.append(task) }
/// }
/// ```
///
/// Iteration throws a ``ConnectorError`` when a request fails, when a next link does not point
/// to Graph v1.0 (the client never sends its token elsewhere), when a next link repeats (a
/// service loop), or when more than ``pageLimit`` pages would be read.
public struct PlannerTaskPages: AsyncSequence, Sendable {
    /// One page of tasks.
    public typealias Element = PlannerTaskPage

    /// The client that reads the pages.
    public let client: PlannerClient
    /// The plan whose tasks are listed.
    public let planId: String
    /// The most pages read; asking for one more throws.
    public let pageLimit: Int

    /// Creates the sequence; ``PlannerClient/taskPages(inPlan:pageLimit:)`` is the usual way.
    public init(client: PlannerClient, planId: String, pageLimit: Int) {
        self.client = client
        self.planId = planId
        self.pageLimit = Swift.max(1, pageLimit)
    }

    /// Reads the pages in order.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let client: PlannerClient
        let pageLimit: Int
        var next: PlannedRequest?
        var pagesRead = 0
        var linksSeen: Set<String> = []

        /// The next page, or `nil` after the last one.
        ///
        /// - Throws: ``ConnectorError`` (see ``PlannerTaskPages``).
        public mutating func next() async throws -> PlannerTaskPage? {
            guard let request = next else { return nil }
            guard pagesRead < pageLimit else {
                next = nil
                throw PlannerClient.invalidResponse(
                    .listTasks, "the plan has more than \(pageLimit) pages of tasks (the page limit)")
            }
            next = nil
            let page: PlannerTaskPage = try await client.sendDecoding(request)
            pagesRead += 1
            if let link = page.nextLink {
                guard linksSeen.insert(link).inserted else {
                    throw PlannerClient.invalidResponse(.listTasks, "the service repeated an @odata.nextLink")
                }
                do {
                    next = try PlannerRequests.listTasks(nextLink: link)
                } catch {
                    throw PlannerClient.invalidResponse(
                        .listTasks, "unusable @odata.nextLink: \(error.reasonDescription)")
                }
            }
            return page
        }
    }

    /// An iterator that starts at the plan's first page.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(client: client, pageLimit: pageLimit, next: PlannerRequests.listTasks(planId: planId))
    }
}

extension PlannerClient {
    /// The pages of a plan's tasks, read lazily as the sequence is iterated.
    ///
    /// - Parameters:
    ///   - planId: The plan.
    ///   - pageLimit: The most pages to read; `nil` uses ``Options/pageLimit``.
    public func taskPages(inPlan planId: String, pageLimit: Int? = nil) -> PlannerTaskPages {
        PlannerTaskPages(client: self, planId: planId, pageLimit: pageLimit ?? options.pageLimit)
    }

    /// Every task of a plan, across all pages, in the order Graph lists them.
    ///
    /// - Parameters:
    ///   - planId: The plan.
    ///   - pageLimit: The most pages to read; `nil` uses ``Options/pageLimit``.
    /// - Throws: ``ConnectorError``, also when the plan has more pages than the limit (a partial
    ///   list is never returned as if it were complete).
    public func tasks(inPlan planId: String, pageLimit: Int? = nil) async throws -> [PlannerTask] {
        var tasks: [PlannerTask] = []
        for try await page in taskPages(inPlan: planId, pageLimit: pageLimit) {
            tasks.append(contentsOf: page.tasks)
        }
        return tasks
    }

    /// The task of a plan that carries `marker` at the end of its title
    /// (`MarkerPlacement/marker(in:)`), or `nil` when none does.
    ///
    /// Reads every page of the plan (Graph v1.0 has no server-side title search for Planner).
    /// When several tasks carry the marker (duplicates made outside the bridge's guarded
    /// create), the earliest created wins, then the smallest id.
    ///
    /// - Throws: ``ConnectorError``, also when the plan has more pages than
    ///   ``Options/pageLimit``: the absence of the marker could not be shown then.
    public func findTask(marker: IdempotencyMarker, inPlan planId: String) async throws -> PlannerTask? {
        var matches: [PlannerTask] = []
        for try await page in taskPages(inPlan: planId) {
            matches.append(contentsOf: page.tasks.filter { MarkerPlacement.marker(in: $0) == marker })
        }
        return matches.min { lhs, rhs in
            let left = lhs.createdDateTime?.epochMilliseconds ?? .max
            let right = rhs.createdDateTime?.epochMilliseconds ?? .max
            return left != right ? left < right : lhs.id < rhs.id
        }
    }
}
