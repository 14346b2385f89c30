-- %f[set] matches the empty transition from a byte outside set to one inside it
print(("THE (quick) fox"):gsub("%f[%a]%a+", "W"))
print(("hello world"):find("%f[%w]%w+"), ("hello world"):find("%f[%w]%w+", 2))
print(("THE END"):gsub("%f[%w]", "|"), ("THE END"):gsub("%f[%W]", "|"))
print(("aaa"):find("%f[a]"), ("aaa"):find("%f[^a]"), ("aaa"):find("%f[%z]"))
print(("key=val"):match("%f[%a](%a+)%f[%A]"))
print(("\0x"):find("%f[x]"), ("ab"):find("%f[%l]", 2))
print(pcall(string.find, "x", "%f"))
print(pcall(string.find, "x", "%fx"))
