-- package.searchers can be replaced: strings are collected into the error, a function is the loader
package.searchers = {
  function(name) return "\n\tfirst searcher skipped " .. name end,
  function(name) return nil end,
  function(name) return 42 end,
  function(name) return true end,
}
print(pcall(require, "anything"))
package.searchers = {function(name) return function(...) return select("#", ...), ... end end}
print(require("counted"))
package.searchers = {function(name) return function() return nil end, {"data"} end}
local value, data = require("with_data")
print(value, data[1])
package.searchers = {function(name) error("searcher failed for " .. name) end}
print(pcall(require, "broken"))
package.searchers = nil
print(pcall(require, "no_searchers"))
package.searchers = {}
print(pcall(require, "empty_searchers"))
print(require("counted"))
