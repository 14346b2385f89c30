-- "[=" not followed by "[" is an invalid long string delimiter
print(select(2, load("return [==x")))
print(select(2, load("return [=")))
