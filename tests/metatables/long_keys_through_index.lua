-- Field and method names longer than 40 bytes are long strings, which the
-- interpreter's fast paths leave to the slow path: own fields, __index tables,
-- __index functions and globals must all still be found.
local long = "a_method_name_that_is_longer_than_forty_bytes_for_sure"
local field = "a_field_name_that_is_also_longer_than_forty_bytes_long"

local Base = {}
Base.__index = Base
Base[long] = function(self) return "base method of " .. self.name end
local obj = setmetatable({name = "obj"}, Base)
obj[field] = 42

print(obj[field], obj[long](obj))
print(obj:a_method_name_that_is_longer_than_forty_bytes_for_sure())

local own = setmetatable({name = "own"}, Base)
own[long] = function(self) return "own method of " .. self.name end
print(own:a_method_name_that_is_longer_than_forty_bytes_for_sure())

local viaf = setmetatable({}, {__index = function(_, k) return #k end})
print(viaf.a_field_name_that_is_also_longer_than_forty_bytes_long)
print(viaf[field], rawget(viaf, field))

_G[field] = "global"
print(a_field_name_that_is_also_longer_than_forty_bytes_long)
local deep = setmetatable({}, {__index = setmetatable({}, {__index = obj})})
print(deep[field], deep.name)
