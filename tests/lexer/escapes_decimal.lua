-- decimal escapes take up to three digits; a fourth digit is a plain character
print("\65\066\0677")
print(#"\0", ("\0"):byte(), ("\255"):byte(), #"a\0b\0c")
print("\9x" == "\tx", "\1000" == "d0")
