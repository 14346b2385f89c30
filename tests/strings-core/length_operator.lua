-- # on strings counts bytes, embedded zeros and high bytes included
print(#"", #"abc", #"a\0b", #"\u{10FFFF}", #string.rep("ab", 1000))
print(pcall(function() return #5 end))
print(pcall(function() local n = nil return #n end))
