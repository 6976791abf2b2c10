/// The line-drawing and marker characters, in Unicode or, where the locale is not UTF-8, in ASCII.
public struct Glyphs: Sendable, Equatable {
    public let horizontal: Character
    public let pointer: Character
    public let check: Character
    public let cross: Character
    public let bullet: Character

    public static let unicode = Glyphs(horizontal: "─", pointer: "▶", check: "✓", cross: "✗", bullet: "•")
    public static let ascii = Glyphs(horizontal: "-", pointer: ">", check: "+", cross: "x", bullet: "*")
}
