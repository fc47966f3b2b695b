import Testing

@testable import FazhiCore

@Suite struct FormFieldTests {
    @Test func theTokenIsFoundAnywhereInAnURLEncodedForm() {
        #expect(FormField.urlEncoded("_csrf", in: Array("_csrf=abc-123&title=x".utf8)) == "abc-123")
        #expect(FormField.urlEncoded("_csrf", in: Array("title=%E6%B3%95&_csrf=a%2Bb+c".utf8)) == "a+b c")
        // A longer name that starts the same is another field.
        #expect(FormField.urlEncoded("_csrf", in: Array("_csrfx=1&_csrf=2".utf8)) == "2")
        #expect(FormField.urlEncoded("_csrf", in: Array("title=_csrf=1".utf8)) == nil)
        #expect(FormField.urlEncoded("_csrf", in: Array("".utf8)) == nil)
        #expect(FormField.urlEncoded("_csrf", in: Array("_csrf=".utf8)) == "")
    }

    @Test func brokenEscapesAndInvalidUTF8AreNoToken() {
        #expect(FormField.urlEncoded("_csrf", in: Array("_csrf=%".utf8)) == nil)
        #expect(FormField.urlEncoded("_csrf", in: Array("_csrf=%4".utf8)) == nil)
        #expect(FormField.urlEncoded("_csrf", in: Array("_csrf=%ZZ".utf8)) == nil)
        #expect(FormField.urlEncoded("_csrf", in: Array("_csrf=%FF%FE".utf8)) == nil)
    }

    @Test func theTokenIsTheTextPartOfAMultipartUpload() {
        let boundary = "----b0undary"
        func body(_ parts: [String]) -> [UInt8] {
            Array((parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--\r\n").utf8)
        }
        let file =
            "Content-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 name=\"_csrf\"\r\n\r\nfake"
        let token = "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok-en_1"
        #expect(FormField.multipart("_csrf", boundary: boundary, in: body([token, file])) == "tok-en_1")
        #expect(FormField.multipart("_csrf", boundary: boundary, in: body([file, token])) == "tok-en_1")
        #expect(FormField.multipart("_csrf", boundary: boundary, in: body([file])) == nil)
        // A file part named like the token is not the token.
        let fileNamedToken = "Content-Disposition: form-data; name=\"_csrf\"; filename=\"t.txt\"\r\n\r\nabc"
        #expect(FormField.multipart("_csrf", boundary: boundary, in: body([fileNamedToken])) == nil)
        #expect(FormField.multipart("_csrf", boundary: boundary, in: body(["Content-Disposition: form-data; name=\"_csrfx\"\r\n\r\nno"])) == nil)
        // Unterminated or overlong parts.
        #expect(FormField.multipart("_csrf", boundary: boundary, in: Array("--\(boundary)\r\n\(token)".utf8)) == nil)
        let long = "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + String(repeating: "x", count: 2000)
        #expect(FormField.multipart("_csrf", boundary: boundary, in: body([long])) == nil)
    }
}
