-- an uncaught nil error is reported as a nil error object
print("before")
error(nil)
