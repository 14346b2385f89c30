-- an uncaught numeric error is shown as the number
error(404)
