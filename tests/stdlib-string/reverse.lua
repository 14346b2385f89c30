-- string.reverse reverses bytes, including zeros and multibyte sequences
print(("hello"):reverse(), (""):reverse() == "", ("a"):reverse(), string.reverse(123))
print(("a\0b"):reverse() == "b\0a", ("\u{e9}"):reverse():byte(1, -1))
print(pcall(string.reverse))
