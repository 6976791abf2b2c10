/// A flow that cannot go on, as the one sentence the front end shows (the command on stderr with a
/// non-zero status, the wizard on its failure screen).
public struct FlowFailure: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
