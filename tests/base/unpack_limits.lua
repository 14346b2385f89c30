-- table.unpack with big ranges fails cleanly
print(pcall(table.unpack, {}, 1, math.maxinteger))
print(pcall(table.unpack, {}, math.mininteger, math.maxinteger))
print(select("#", table.unpack({}, 0, -1)))
