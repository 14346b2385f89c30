-- gmatch takes an init position; a leading '^' is no anchor there but an ordinary character
local function all(...)
  local out = {}
  for m in string.gmatch(...) do out[#out + 1] = m end
  return table.concat(out, ",")
end
print(all("abcabc", "b", 3), all("abcabc", "b", -2), all("abcabc", ".", 10), all("abc", "", 4))
print(all("aaab", "^a"), all("baaa", "^a"), all("hello", "^h"), all("x^a^ab", "^a"), all("^^", "^"))
print(all("abc", ".", 0), all("abc", ".", -100))
print(pcall(string.gmatch, "abc", "b", "x"))
print(pcall(string.gmatch, "abc"))
