-- a module no searcher finds gives "module 'x' not found:" with what each searcher tried
package.searchers[3], package.searchers[4] = nil, nil
package.path = "./modules/?.chunk;./modules/?/init.chunk;;"
print(pcall(require, "no_such_module"))
package.path = "./modules/?.chunk;;./other/?.lua"
print(pcall(require, "a.b.c"))
package.path = ""
print(pcall(require, "empty_path"))
package.path = ";;;"
print(pcall(require, "x"))
print(pcall(function() require("positioned") end))
print(pcall(require, 42))
print(pcall(require))
print(pcall(require, {}))
package.path = 7
print(pcall(require, "numeric_path"))
package.path = {}
print(pcall(require, "table_path"))
