-- require finds Lua modules on package.path, runs them once with (name, file), caches the result
package.path = "./modules/?.chunk;./modules/?/init.chunk"
local m, where = require("simple")
print(m.name, where)
print(require("simple") == m, select("#", require("simple")), package.loaded.simple == m)
print(require("pkg"))
print(require("pkg.sub"))
print(require("returns_nothing"), package.loaded.returns_nothing, counter)
print(require("returns_nothing"), counter)
print(require("returns_false"))
print(require("returns_false"), package.loaded.returns_false)
print(require("sets_loaded"))
print(require("requires_itself").inner, package.loaded.requires_other)
package.loaded.simple = nil
print(require("simple") ~= m)
print(require(12 == 12 and "pkg"))
