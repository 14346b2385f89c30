#!/usr/bin/env lua
-- a first line starting with "#" is skipped when a file is loaded
print("after the shebang line")
