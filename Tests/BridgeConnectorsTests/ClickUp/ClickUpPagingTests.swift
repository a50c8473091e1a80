import BridgeConnectors
import BridgeMapping
import BridgeModels
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct ClickUpPagingTests {
    typealias World = ClickUpWorld

    /// Creates `count` tasks named `Task 0`, `Task 1`, … one second apart.
    func fill(_ world: World, count: Int) async throws -> [String] {
        var ids: [String] = []
        for index in 0..<count {
            ids.append(try await world.fake.humanCreatesTask(inList: World.listId, name: "Task \(index)"))
            world.clock.advance(by: .seconds(1))
        }
        return ids
    }

    @Test func readsEveryPageOfAHundredUntilTheLastPage() async throws {
        let world = await World.make()
        let ids = try await fill(world, count: 250)
        var sizes: [Int] = []
        var lastPages: [Bool?] = []
        for try await page in world.client.taskPages(inList: World.listId) {
            sizes.append(page.tasks.count)
            lastPages.append(page.lastPage)
        }
        #expect(sizes == [100, 100, 50])
        #expect(lastPages == [false, false, true])
        #expect(world.recorder.requests.map { $0.url.query ?? "" } == ["page=0&include_closed=true", "page=1&include_closed=true", "page=2&include_closed=true"])

        let listing = try await world.client.allTasks(inList: World.listId)
        #expect(listing.isComplete)
        #expect(listing.pagesRead == 3)
        #expect(Set(listing.tasks.map(\.id)) == Set(ids))
        #expect(listing.tasks.count == 250)
        // Newest first, as the fake (and, unverified, ClickUp) orders by default.
        #expect(listing.tasks.first?.name == "Task 249")

        let oldestFirst = try await world.client.allTasks(inList: World.listId, query: ClickUpTaskQuery(reverse: true))
        #expect(oldestFirst.tasks.first?.name == "Task 0")
    }

    @Test func aPageLimitStopsTheReadingAndSaysSo() async throws {
        let world = await World.make()
        _ = try await fill(world, count: 250)
        let listing = try await world.client.allTasks(inList: World.listId, maxPages: 2)
        #expect(!listing.isComplete)
        #expect(listing.pagesRead == 2)
        #expect(listing.tasks.count == 200)
        var pages = 0
        var last: ClickUpTaskPage?
        for try await page in world.client.taskPages(inList: World.listId, maxPages: 1) {
            pages += 1
            last = page
        }
        #expect(pages == 1)
        #expect(last?.isLastPage == false)
    }

    @Test func reconciliationReadsOnlyTasksUpdatedSinceTheLastPoll() async throws {
        let world = await World.make()
        let ids = try await fill(world, count: 120)
        let lastPoll = world.clock.date
        world.clock.advance(by: .seconds(5))
        try await world.fake.humanChangesStatus(of: ids[3], to: "in progress")
        try await world.fake.humanRenames(ids[42], to: "Renamed")
        _ = try await world.fake.humanPostsComment(on: ids[117], text: "any news?")

        let changed = try await world.client.allTasks(inList: World.listId, query: ClickUpTaskQuery(updatedAfter: lastPoll))
        #expect(Set(changed.tasks.map(\.id)) == [ids[3], ids[42], ids[117]])
        #expect(changed.pagesRead == 1)
        #expect(world.recorder.requests.last?.url.query == "page=0&include_closed=true&date_updated_gt=\(lastPoll.epochMilliseconds)")
        let none = try await world.client.allTasks(inList: World.listId, query: ClickUpTaskQuery(updatedAfter: world.clock.date))
        #expect(none.tasks.isEmpty)
        #expect(none.isComplete)
    }

    @Test func closedTasksAndSubtasksAreHiddenUnlessAskedFor() async throws {
        let world = await World.make()
        let open = try await world.fake.humanCreatesTask(inList: World.listId, name: "Open")
        let closed = try await world.fake.humanCreatesTask(inList: World.listId, name: "Closed", status: "complete")
        let subtask = try await world.fake.humanCreatesTask(inList: World.listId, name: "Sub", parent: open)

        func ids(_ query: ClickUpTaskQuery) async throws -> Set<String> {
            Set(try await world.client.allTasks(inList: World.listId, query: query).tasks.map(\.id))
        }
        #expect(try await ids(ClickUpTaskQuery()) == [open, closed])
        #expect(try await ids(ClickUpTaskQuery(includeClosed: false)) == [open])
        #expect(try await ids(ClickUpTaskQuery(includeClosed: true, includeSubtasks: true)) == [open, closed, subtask])
        #expect(world.recorder.requests.last?.url.query == "page=0&include_closed=true&subtasks=true")
    }

    @Test func customFieldFiltersFindATaskByItsMarker() async throws {
        let world = await World.make()
        _ = try await fill(world, count: 30)
        let target = try await world.fake.humanCreatesTask(
            inList: World.listId, name: "Renamed by a person", customFieldValues: [World.caseIdField: .string("TG-ACME-C-7")])
        let query = ClickUpTaskQuery(customFieldEquals: [ClickUpCustomFieldFilter(fieldId: World.caseIdField, value: "TG-ACME-C-7")])
        let found = try await world.client.allTasks(inList: World.listId, query: query)
        #expect(found.tasks.map(\.id) == [target])
        let url = try #require(world.recorder.requests.last?.url.absoluteString)
        #expect(url.contains("&custom_fields=%5B%7B%22field_id%22%3A%220a52c486-5f05-403b-b4fd-c512ff05131c%22%2C%22operator%22%3A%22%3D%22%2C%22value%22%3A%22TG-ACME-C-7%22%7D%5D"))
    }

    @Test func commentsPageNewestFirstWithStartAndStartId() async throws {
        let world = await World.make()
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Chatty")
        for index in 0..<60 {
            _ = try await world.fake.humanPostsComment(on: id, text: "Comment \(index)")
            // Two comments share each millisecond, so the cursor needs start_id as well as start.
            if index % 2 == 1 { world.clock.advance(by: .milliseconds(1)) }
        }
        var pages: [[String]] = []
        for try await page in world.client.commentPages(on: ClickUpTaskID(id)) { pages.append(page.comments.map(\.text)) }
        #expect(pages.map(\.count) == [25, 25, 10])
        #expect(pages.joined().map { $0 } == (0..<60).reversed().map { "Comment \($0)" })

        let first = try await world.client.commentPage(on: ClickUpTaskID(id))
        let cursor = try #require(first.nextCursor)
        #expect(cursor.commentId == first.comments.last?.id)
        #expect(first.comments.last?.userId == 1)
        let comments = world.recorder.requests.filter { $0.operation == "listComments" }
        #expect(comments[0].url.query == nil)
        #expect(comments[1].url.query == "start=\(cursor.date.epochMilliseconds)&start_id=\(cursor.commentId)")
    }

    @Test func postsCommentsDefangedWithNotifyAll() async throws {
        let world = await World.make()
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        let receipt = try await world.client.addComment(to: ClickUpTaskID(id), text: "see https://evil.example @everyone", notifyAll: true)
        let stored = try #require(await world.fake.comments(on: id).first)
        #expect(receipt.id == stored.id)
        #expect(receipt.historyId != nil)
        #expect(receipt.date == world.clock.date)
        #expect(stored.notifyAll)
        #expect(stored.text == "see https:\u{200B}/\u{200B}/evil\u{200B}.example @\u{200B}everyone")
        #expect(bodyText(try #require(world.recorder.requests.last)).contains(#""notify_all":true"#))

        let page = try await world.client.commentPage(on: ClickUpTaskID(id))
        #expect(page.comments.map(\.id) == [receipt.id])
        #expect(page.nextCursor == nil)
    }
}
