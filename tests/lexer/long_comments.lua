-- long comments of any level end only at their matching bracket
--[==[ print("hidden") ]] still
hidden ]==] print("visible 1")
--[[ one line ]] print("visible 2")
---[[ not a long comment
print("visible 3")
--]]
print("end") -- trailing comment without newline
