-- io.open failures return nil, "name: strerror", errno
print(io.open("no_such_file.txt"))
print(io.open("no_such_file.txt", "r+"))
print(io.open("no_such_dir/file.txt", "w"))
print(io.open("no_such_dir/file.txt", "a+"))
print(io.open(".", "w"))
print(io.open("", "r"))
print(io.open("no_such_file.txt\0ignored"))
