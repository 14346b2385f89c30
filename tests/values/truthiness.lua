-- only nil and false are false; 0, "" and empty tables are true
for _, v in ipairs({0, "", 0.0, "false", false}) do
  print(v, v and "truthy" or "falsy", not v)
end
print(nil and 1, false or nil, nil or false, not not nil)
