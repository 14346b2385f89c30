-- mandelbrot: escape-time iteration over a grid of the complex plane (as in the
-- benchmarks game). Measures floating-point arithmetic and comparisons in loops.
local size = ({ tiny = 32, small = 200, full = 800 })[... or "full"]
local max_iterations = 50

local inside, iterations_total = 0, 0
for y = 0, size - 1 do
  local ci = 2.0 * y / size - 1.0
  for x = 0, size - 1 do
    local cr = 2.0 * x / size - 1.5
    local zr, zi, zr2, zi2 = 0.0, 0.0, 0.0, 0.0
    local iteration = 0
    while iteration < max_iterations and zr2 + zi2 <= 4.0 do
      zi = 2.0 * zr * zi + ci
      zr = zr2 - zi2 + cr
      zr2, zi2 = zr * zr, zi * zi
      iteration = iteration + 1
    end
    if iteration == max_iterations then inside = inside + 1 end
    iterations_total = iterations_total + iteration
  end
end
print(string.format("mandelbrot %dx%d: %d inside, %d iterations", size, size, inside, iterations_total))
