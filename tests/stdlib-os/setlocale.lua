-- os.setlocale: "C"/"POSIX" and "C.UTF-8" exist, other locales give nil; queries report the names
print(os.setlocale())
print(os.setlocale("C"), os.setlocale("POSIX"), os.setlocale(nil))
for _, category in ipairs({"all", "collate", "ctype", "monetary", "numeric", "time"}) do
  print(category, os.setlocale(nil, category), os.setlocale("C", category))
end
print(os.setlocale("no_such_locale"), os.setlocale("xx_YY.UTF-8", "numeric"), os.setlocale())
print(os.setlocale("C.UTF-8", "ctype"), os.setlocale(nil, "ctype"), os.setlocale(nil, "numeric"))
print(os.setlocale())
local saved = os.setlocale()
print(os.setlocale("C"), os.setlocale(saved), os.setlocale(nil, "ctype"), os.setlocale(nil, "time"))
print(os.setlocale("C.utf8"), os.setlocale())
print(os.setlocale("C"), os.setlocale("POSIX", "time"))
print(pcall(os.setlocale, "C", "bogus"))
print(pcall(os.setlocale, {}))
print(pcall(os.setlocale, "C", 1))
print(os.setlocale(1))
