-- '%' before a non-alphanumeric character matches that character literally
print(("a.b"):find("%."), ("50%"):find("%%"), ("(x)"):match("%((.-)%)"))
print(("a+b"):match("%a%+%a"), ("[x]"):match("%[(.)%]"), ("$^"):find("%$%^"))
print(("a-b"):match("%a%-%a"), ("a*b"):gsub("%*", "x"), ("?"):find("%?"))
