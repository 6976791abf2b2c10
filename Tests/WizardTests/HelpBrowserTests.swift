import Testing
@testable import Wizard

/// The help browser: scrolling, search with / and n, the topic list.
@Suite struct HelpBrowserTests {
    static let area = TerminalSize(rows: 20, columns: 76)

    @Test("/ searches forward across topics; n finds the next; a miss says so")
    func search() {
        var browser = HelpBrowser(topicID: "overview")
        for key in [WizardEvent.Key.character("/")] + "authorized_keys".map({ .character($0) }) + [.enter] {
            let stillOpen = browser.handle(key, textArea: Self.area)
            #expect(stillOpen)
        }
        #expect(browser.query == nil)
        #expect(browser.message?.contains("authorized_keys") == true)
        let firstMessage = browser.message
        _ = browser.handle(.character("n"), textArea: Self.area)
        // "authorized_keys" occurs on many lines: n must land on a later one, and say which.
        #expect(browser.message != firstMessage, "n did not move to another match")
        #expect(browser.message?.contains("authorized_keys") == true)
        var missing = HelpBrowser(topicID: "overview")
        for key in [WizardEvent.Key.character("/")] + "zzqqxx-no-such-words".map({ .character($0) }) + [.enter] {
            _ = missing.handle(key, textArea: Self.area)
        }
        #expect(missing.message?.hasPrefix("No match") == true)
    }

    @Test("scrolling stops at the ends")
    func scrolling() {
        var browser = HelpBrowser(topicID: "keypair")
        _ = browser.handle(.up, textArea: Self.area)
        #expect(browser.scroll == 0)
        _ = browser.handle(.end, textArea: Self.area)
        let last = browser.scroll
        #expect(last == max(browser.lines(width: Self.area.columns).count - Self.area.rows, 0))
        _ = browser.handle(.pageDown, textArea: Self.area)
        #expect(browser.scroll == last)
        _ = browser.handle(.home, textArea: Self.area)
        #expect(browser.scroll == 0)
    }

    @Test("t lists topics; Enter opens one; Esc and q close help")
    func topics() {
        var browser = HelpBrowser(topicID: "overview")
        _ = browser.handle(.character("t"), textArea: Self.area)
        #expect(browser.listingTopics)
        _ = browser.handle(.down, textArea: Self.area)
        _ = browser.handle(.enter, textArea: Self.area)
        #expect(!browser.listingTopics)
        #expect(browser.topicID == HelpCatalog.topics[1].id)
        let stillOpen = browser.handle(.escape, textArea: Self.area)
        #expect(!stillOpen)
    }
}
