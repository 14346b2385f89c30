-- long brackets up to many levels, and ]] inside level-0 strings closes them
local s = [==========[ ]]]]]=========] ]==========]
print(s)
print(#[[]], #[=[]=], [[]=]] == "]=")
