-- tostring of non-reference values is exact
print(tostring(nil), tostring(true), tostring(false), tostring(-0.0), tostring(12), tostring(1e300 * 10))
print(tostring("s"), tostring(math.mininteger), tostring(1.5e-7), tostring(-123.0))
print(type(tostring({})), tostring({}):match("^table: ") ~= nil, tostring(print):match("^builtin: ") ~= nil or tostring(print):match("^function: ") ~= nil)
