-- the package table: config, default paths, loaded and preload tables
print(package.config == "/\n;\n?\n!\n-\n")
print(package.path)
print(package.cpath)
print(package.loaded._G == _G, package.loaded.package == package, package.loaded.string == string)
print(package.loaded.io == io, package.loaded.os == os, package.loaded.table == table)
print(type(package.preload), type(package.searchers), type(package.searchpath), type(package.loadlib))
print(type(require), #package.searchers >= 2)
local loaded = {}
for k in pairs(package.loaded) do
  if k ~= "debug" then loaded[#loaded + 1] = k end
end
table.sort(loaded)
print(table.concat(loaded, " "))
