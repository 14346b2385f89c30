-- a quoted string cannot contain a raw newline or end of input
print(select(2, load('return "abc')))
print(select(2, load("return 'abc\ndef'")))
print(select(2, load('return "abc\\')))
