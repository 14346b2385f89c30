-- package.preload loaders run first and receive (name, ":preload:")
package.preload.virtual = function(...)
  print("preload loader", ...)
  return {virtual = true}
end
local m, data = require("virtual")
print(m.virtual, data)
print(require("virtual") == m)
package.preload["with.dots"] = function(name) return name:upper() end
print(require("with.dots"))
package.preload.nothing = function() end
print(require("nothing"), package.loaded.nothing)
print(package.preload == debug, type(package.preload))
