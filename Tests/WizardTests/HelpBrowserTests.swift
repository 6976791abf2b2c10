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

    @Test("n and N step through the matches of the whole help, counting them, and wrap at both ends")
    func matchCounting() throws {
        var browser = HelpBrowser(topicID: HelpCatalog.topics[0].id)
        for key in [WizardEvent.Key.character("/")] + "passphrase".map({ .character($0) }) + [.enter] {
            _ = browser.handle(key, textArea: Self.area)
        }
        let total = HelpMatch.all(of: "passphrase", width: Self.area.columns).count
        #expect(total > 3, "the help should mention passphrase on several lines")
        #expect(browser.message?.contains("match 1 of \(total) for") == true, "\(browser.message ?? "")")
        _ = browser.handle(.character("n"), textArea: Self.area)
        #expect(browser.message?.contains("match 2 of \(total) for") == true, "\(browser.message ?? "")")
        _ = browser.handle(.character("N"), textArea: Self.area)
        #expect(browser.message?.contains("match 1 of \(total) for") == true, "\(browser.message ?? "")")
        _ = browser.handle(.character("N"), textArea: Self.area)
        #expect(browser.message?.contains("match \(total) of \(total) for") == true, "N from the first match wraps to the last")
        // The match on show is really on the screen: its topic is open and its line within the rows shown.
        let last = try #require(HelpMatch.all(of: "passphrase", width: Self.area.columns).last)
        #expect(browser.topicID == HelpCatalog.topics[last.topic].id)
        #expect((browser.scroll..<browser.scroll + Self.area.rows).contains(last.line))
        _ = browser.handle(.character("n"), textArea: Self.area)
        #expect(browser.message?.contains("match 1 of \(total) for") == true, "n from the last match wraps to the first")
    }

    @Test("a new search starts from the line on show, not from the top of the help")
    func searchStartsHere() {
        var browser = HelpBrowser(topicID: HelpCatalog.topics[2].id)
        for key in [WizardEvent.Key.character("/")] + "the".map({ .character($0) }) + [.enter] {
            _ = browser.handle(key, textArea: Self.area)
        }
        #expect(browser.topicID == HelpCatalog.topics[2].id, "the first match should be in the topic on show")
        #expect(browser.message?.contains("match 1 of") == false, "matches in earlier topics come first in the count")
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
