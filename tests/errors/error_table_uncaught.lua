-- an uncaught table error without __tostring is reported by its type
error({code = 1})
