/// ASCII tests on UTF-8 bytes, for the scanners that work on bytes rather than Characters.
extension UInt8 {
    /// The byte with an ASCII capital letter made lowercase; every other byte unchanged.
    @inlinable public var asciiLowercased: UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) ? self | 0x20 : self
    }

    /// Whether the byte is an ASCII letter.
    @inlinable public var isASCIILetter: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self | 0x20)
    }
}
