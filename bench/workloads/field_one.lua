-- field_one: repeated reads and writes of constant-named fields of one table.
-- Measures GETFIELD/SETFIELD on a hot object (what inline caches are for).
local n = ({ tiny = 1000, small = 300000, full = 8000000 })[... or "full"]

local particle = { x = 1, y = 2, z = 3, vx = 1, vy = -1, vz = 2, hits = 0 }
for i = 1, n do
  particle.x = particle.x + particle.vx
  particle.y = particle.y + particle.vy
  particle.z = particle.z + particle.vz
  if particle.x > 1000 or particle.x < -1000 then
    particle.vx = -particle.vx
    particle.hits = particle.hits + 1
  end
  if i % 1000 == 0 then
    particle.vy = -particle.vy
  end
end
print(string.format("field_one: %d %d %d hits=%d", particle.x, particle.y, particle.z, particle.hits))
