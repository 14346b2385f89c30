-- type() names the eight basic types
print(type(nil), type(true), type(0), type(1.5), type(""), type({}), type(print), type(function() end))
print(type(coroutine.create(function() end)), type(io.stdout))
print(type(type), type(type(nil)))
