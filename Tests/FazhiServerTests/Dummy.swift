import Testing
import VaporTesting
@testable import FazhiServer
@Test func dummy2() { #expect(1 == 1) }
