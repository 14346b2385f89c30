-- nbody: the benchmarks game's n-body simulation of the Jovian planets.
-- Measures float arithmetic on fields of a few tables and math.sqrt.
local steps = ({ tiny = 1000, small = 20000, full = 500000 })[... or "full"]

local pi = 3.141592653589793
local solar_mass = 4 * pi * pi
local days_per_year = 365.24

local function body(x, y, z, vx, vy, vz, mass)
  return {
    x = x, y = y, z = z,
    vx = vx * days_per_year, vy = vy * days_per_year, vz = vz * days_per_year,
    mass = mass * solar_mass,
  }
end

local bodies = {
  body(0, 0, 0, 0, 0, 0, 1),
  body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
    1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05, 9.54791938424326609e-04),
  body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
    -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05, 2.85885980666130812e-04),
  body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
    2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05, 4.36624404335156298e-05),
  body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
    2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05, 5.15138902046611451e-05),
}

local function offset_momentum()
  local px, py, pz = 0, 0, 0
  for i = 1, #bodies do
    local b = bodies[i]
    px, py, pz = px + b.vx * b.mass, py + b.vy * b.mass, pz + b.vz * b.mass
  end
  local sun = bodies[1]
  sun.vx, sun.vy, sun.vz = -px / solar_mass, -py / solar_mass, -pz / solar_mass
end

local function advance(dt)
  local count = #bodies
  for i = 1, count do
    local bi = bodies[i]
    local bix, biy, biz, bimass = bi.x, bi.y, bi.z, bi.mass
    local bivx, bivy, bivz = bi.vx, bi.vy, bi.vz
    for j = i + 1, count do
      local bj = bodies[j]
      local dx, dy, dz = bix - bj.x, biy - bj.y, biz - bj.z
      local distance_squared = dx * dx + dy * dy + dz * dz
      local magnitude = dt / (distance_squared * math.sqrt(distance_squared))
      local bjm = bj.mass * magnitude
      bivx, bivy, bivz = bivx - dx * bjm, bivy - dy * bjm, bivz - dz * bjm
      local bim = bimass * magnitude
      bj.vx, bj.vy, bj.vz = bj.vx + dx * bim, bj.vy + dy * bim, bj.vz + dz * bim
    end
    bi.vx, bi.vy, bi.vz = bivx, bivy, bivz
    bi.x, bi.y, bi.z = bix + dt * bivx, biy + dt * bivy, biz + dt * bivz
  end
end

local function energy()
  local e = 0
  for i = 1, #bodies do
    local bi = bodies[i]
    e = e + 0.5 * bi.mass * (bi.vx * bi.vx + bi.vy * bi.vy + bi.vz * bi.vz)
    for j = i + 1, #bodies do
      local bj = bodies[j]
      local dx, dy, dz = bi.x - bj.x, bi.y - bj.y, bi.z - bj.z
      e = e - bi.mass * bj.mass / math.sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

offset_momentum()
print(string.format("%0.9f", energy()))
for _ = 1, steps do advance(0.01) end
print(string.format("%0.9f", energy()))
