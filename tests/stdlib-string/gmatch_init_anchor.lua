-- gmatch takes an init position, and a leading '^' anchors every match at the current position
local function all(...)
  local out = {}
  for m in string.gmatch(...) do out[#out + 1] = m end
  return table.concat(out, ",")
end
print(all("abcabc", "b", 3), all("abcabc", "b", -2), all("abcabc", ".", 10), all("abc", "", 4))
print(all("aaab", "^a"), all("baaa", "^a"), all("hello", "^h"))
print(all("abc", ".", 0), all("abc", ".", -100))
print(pcall(string.gmatch, "abc", "b", "x"))
print(pcall(string.gmatch, "abc"))
