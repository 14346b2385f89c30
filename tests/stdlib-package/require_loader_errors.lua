-- errors while loading a module: compile errors name the file; runtime errors pass through
package.path = "./modules/?.chunk"
print(pcall(require, "syntax_error"))
print(pcall(require, "runtime_error"))
print(package.loaded.syntax_error, package.loaded.runtime_error)
package.preload.failing = function() error({code = 42}) end
local ok, err = pcall(require, "failing")
print(ok, type(err), err.code)
