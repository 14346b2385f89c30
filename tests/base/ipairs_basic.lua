-- ipairs returns an iterator, the table and 0
local f, t, i = ipairs({})
print(type(f), type(t), i)
print(f({5}, 0))
print(f({5}, 1))
