-- the single-character escapes produce the bytes the manual lists
local s = "\a\b\f\n\r\t\v\\\"\'"
print(#s, s:byte(1, -1))
print('it\'s', "say \"hi\"", "back\\slash")
