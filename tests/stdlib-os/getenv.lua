-- os.getenv returns a variable's value or nil
print(type(os.getenv("PATH")), os.getenv("SELENITE_SURELY_UNSET_VARIABLE"))
print(os.getenv(""), os.getenv("PATH=x"), os.getenv("PATH\0junk") == os.getenv("PATH"))
print(pcall(os.getenv))
print(pcall(os.getenv, {}))
print(os.getenv(12))
