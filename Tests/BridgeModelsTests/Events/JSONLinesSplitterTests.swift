import BridgeModels
import Testing

@Suite struct JSONLinesSplitterTests {
    func split(_ text: String, chunk: Int, maxLine: Int = 1 << 20) -> [JSONLinesSplitter.Line] {
        var splitter = JSONLinesSplitter(maxLineBytes: maxLine)
        var lines: [JSONLinesSplitter.Line] = []
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            splitter.feed(bytes[offset..<end]) { lines.append($0) }
            offset = end
        }
        splitter.finish { lines.append($0) }
        return lines
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func linesAreTheSameWhateverTheChunkSize(_ chunk: Int) {
        let lines = split("{\"a\":1}\n{\"b\":2}\r\n\nlast", chunk: chunk)
        #expect(
            lines == [
                .complete(number: 1, bytes: Array("{\"a\":1}".utf8)),
                .complete(number: 2, bytes: Array("{\"b\":2}".utf8)),
                .complete(number: 3, bytes: []),
                .complete(number: 4, bytes: Array("last".utf8)),
            ])
    }

    @Test func oversizedLinesAreReportedNotBuffered() {
        let long = String(repeating: "x", count: 100)
        let lines = split("ok\n\(long)\nok2\n", chunk: 7, maxLine: 50)
        #expect(
            lines == [
                .complete(number: 1, bytes: Array("ok".utf8)),
                .oversized(number: 2, size: 100),
                .complete(number: 3, bytes: Array("ok2".utf8)),
            ])
    }

    @Test(arguments: [1, 2, 3, 64])
    func theLimitDoesNotCountTheCarriageReturnOfACRLF(_ chunk: Int) {
        // A line of exactly the limit is complete whether it ends in LF or CRLF; one byte more
        // is oversized, and its size does not count the CR either.
        let lines = split("abcd\r\nwxyz\nabcde\r\nabcd\r", chunk: chunk, maxLine: 4)
        #expect(
            lines == [
                .complete(number: 1, bytes: Array("abcd".utf8)),
                .complete(number: 2, bytes: Array("wxyz".utf8)),
                .oversized(number: 3, size: 5),
                .complete(number: 4, bytes: Array("abcd".utf8)),
            ])
    }

    @Test func trailingNewlineDoesNotMakeAnExtraLine() {
        #expect(split("a\nb\n", chunk: 1).count == 2)
        #expect(split("", chunk: 1).isEmpty)
    }
}
