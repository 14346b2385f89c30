-- bracket sets: ranges, classes inside, complements, ']' and '-' as members
print(("hello123"):match("[a-z]+"), ("hello123"):match("[0-9]+"), ("x_1"):match("[%a_]+"))
print(("abc]def"):match("[]]"), ("abc]def"):match("[^]]+"), ("a-b"):match("[a-]+"))
print(("a-b"):match("[-a]+"), ("a-z"):match("[%-]"), ("A1b2"):gsub("[%d%u]", "."))
print(("hello"):gsub("[^aeiou]", "_"), ("Hello World"):gsub("[^%s]+", "w"))
print(("z"):find("[a-]"), ("-"):find("[a-]"), ("b"):find("[a-c]"), ("b"):find("[c-a]"))
print(("^x"):match("[%^x]+"), ("^x"):match("[x^]+"), ("ab^"):match("[^^]+"))
print(("\0\1\2"):find("[\0-\1]+"), ("%"):find("[%%]"))
