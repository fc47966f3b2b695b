import Testing
@testable import FazhiCore
@Test func dummy() { #expect(1 == 1) }
