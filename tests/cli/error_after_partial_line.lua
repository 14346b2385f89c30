-- an error after output without a newline still reports cleanly
io.write("partial output")
error("stopped")
