-- \z skips the following whitespace, newlines included
local s = "a\z
           b\z   c\z

   d"
print(s, #s)
