/// The character classes z/OS names are made of, in ASCII as typed on this side.
enum ZOSCharacters {
    static func isCapital(_ character: Character) -> Bool {
        guard let value = character.asciiValue else { return false }
        return value >= 0x41 && value <= 0x5A
    }

    static func isLowercase(_ character: Character) -> Bool {
        guard let value = character.asciiValue else { return false }
        return value >= 0x61 && value <= 0x7A
    }

    static func isDigit(_ character: Character) -> Bool {
        guard let value = character.asciiValue else { return false }
        return value >= 0x30 && value <= 0x39
    }

    /// `#`, `@` and `$`, which z/OS accepts wherever a letter may stand in a name.
    static func isNational(_ character: Character) -> Bool {
        character == "#" || character == "@" || character == "$"
    }

    /// What may start a user ID, a qualifier or a member name.
    static func isNameStart(_ character: Character) -> Bool {
        isCapital(character) || isNational(character)
    }

    /// What may follow the first character of a user ID or a member name.
    static func isNameCharacter(_ character: Character) -> Bool {
        isNameStart(character) || isDigit(character)
    }

    /// A blank or a visible ASCII character: what survives the trip to EBCDIC unchanged.
    static func isPrintableASCII(_ character: Character) -> Bool {
        guard let value = character.asciiValue else { return false }
        return value >= 0x20 && value < 0x7F
    }

    /// A name of 1 to 8 characters, checked the way user IDs and member names are checked.
    /// `part` names the piece within a longer value, for the error.
    static func checkShortName(_ name: Substring, field: ZOSInputError.Field, input: String, part: String,
                               extra: (Character) -> Bool = { _ in false }) throws(ZOSInputError) {
        if name.contains(where: isLowercase) { throw ZOSInputError(field, .lowercase, input: input) }
        guard let first = name.first else { throw ZOSInputError(field, .empty, input: input) }
        guard isNameStart(first) else { throw ZOSInputError(field, .badFirstCharacter(first, part: part), input: input) }
        if let bad = name.first(where: { !isNameCharacter($0) && !extra($0) }) {
            throw ZOSInputError(field, .badCharacter(bad, part: part), input: input)
        }
    }
}
