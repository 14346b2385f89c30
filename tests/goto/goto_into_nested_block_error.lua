-- goto cannot jump into a block; labels inside are not visible
print(select(2, load("goto inside; do ::inside:: end")))
print(select(2, load("do goto out end ::out:: local y")))
print(load("do goto out end local z ::out::") ~= nil)
