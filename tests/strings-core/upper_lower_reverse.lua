-- case conversion and reversal work byte by byte
print(("Hello, World!"):upper(), ("Hello, World!"):lower(), ("abc"):reverse(), (""):reverse() == "")
print(("a\0B"):upper() == "A\0B", ("\200"):upper() == "\200")
