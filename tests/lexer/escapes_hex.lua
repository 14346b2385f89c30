-- \xXX takes exactly two hexadecimal digits, in either case
print("\x41\x6a\x7A", ("\xff"):byte(), ("\x00"):byte(), "\x4142")
