@testable import BridgeConnectors
import Testing

@Suite struct POSIXFileTests {
    @Test(arguments: [
        ("/var/lib/tgbridge/state", "/var/lib/tgbridge"), ("/var/lib/tgbridge/state/", "/var/lib/tgbridge"),
        ("/state", "/"), ("state", "."), ("data/state", "data"), ("data//state//", "data"), ("/", "/"),
    ])
    func theParentDirectoryOfAPath(_ row: (path: String, parent: String)) {
        #expect(FileSystem.parentDirectory(of: row.path) == row.parent)
    }

    @Test func makeDirectorySaysWhetherItCreatedTheDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("new")
        #expect(try FileSystem.makeDirectory(path))
        #expect(try !FileSystem.makeDirectory(path))
    }
}
