-- raytrace: a small ray tracer (three spheres, a checkered plane, two lights, shadows, one reflection) over 120 x 120 pixels: vector tables with __add/__sub/__mul metamethods and methods, math.sqrt.
local Vec = {}
Vec.__index = Vec
local function vec(x, y, z) return setmetatable({x = x, y = y, z = z}, Vec) end
Vec.__add = function(a, b) return vec(a.x + b.x, a.y + b.y, a.z + b.z) end
Vec.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y, a.z - b.z) end
Vec.__mul = function(a, b)
  if type(a) == "number" then return vec(a * b.x, a * b.y, a * b.z) end
  if type(b) == "number" then return vec(a.x * b, a.y * b, a.z * b) end
  return vec(a.x * b.x, a.y * b.y, a.z * b.z)
end
Vec.__unm = function(a) return vec(-a.x, -a.y, -a.z) end
function Vec:dot(o) return self.x * o.x + self.y * o.y + self.z * o.z end
function Vec:len() return math.sqrt(self:dot(self)) end
function Vec:norm() local l = self:len(); return vec(self.x / l, self.y / l, self.z / l) end

local Sphere = {}
Sphere.__index = Sphere
function Sphere.new(c, r, color, refl) return setmetatable({c = c, r2 = r * r, color = color, refl = refl}, Sphere) end
function Sphere:hit(o, d)
  local oc = o - self.c
  local b = oc:dot(d)
  local disc = b * b - (oc:dot(oc) - self.r2)
  if disc < 0 then return nil end
  local s = math.sqrt(disc)
  local t = -b - s
  if t > 1e-6 then return t end
  t = -b + s
  if t > 1e-6 then return t end
  return nil
end
function Sphere:normal(p) return (p - self.c):norm() end
function Sphere:colorAt(p) return self.color end

local Plane = {}
Plane.__index = Plane
function Plane.new(n, off, refl) return setmetatable({n = n, off = off, refl = refl}, Plane) end
function Plane:hit(o, d)
  local den = self.n:dot(d)
  if den > -1e-9 and den < 1e-9 then return nil end
  local t = -(self.n:dot(o) + self.off) / den
  if t > 1e-6 then return t end
  return nil
end
function Plane:normal(p) return self.n end
function Plane:colorAt(p)
  if (math.floor(p.x) + math.floor(p.z)) % 2 == 0 then return vec(0.9, 0.9, 0.9) end
  return vec(0.2, 0.2, 0.3)
end

local objects = {
  Sphere.new(vec(0, 1, 5), 1, vec(1.0, 0.2, 0.2), 0.3),
  Sphere.new(vec(-2.2, 0.7, 6), 0.7, vec(0.2, 1.0, 0.3), 0.1),
  Sphere.new(vec(1.8, 0.5, 3.8), 0.5, vec(0.3, 0.4, 1.0), 0.5),
  Plane.new(vec(0, 1, 0), 0, 0.2),
}
local lights = {
  {pos = vec(-5, 8, -2), color = vec(0.8, 0.8, 0.7)},
  {pos = vec(4, 6, 1), color = vec(0.4, 0.4, 0.6)},
}
local ambient = 0.08

local function nearest(o, d)
  local best, bt = nil, math.huge
  for i = 1, #objects do
    local t = objects[i]:hit(o, d)
    if t and t < bt then best, bt = objects[i], t end
  end
  return best, bt
end

local function trace(o, d, depth)
  local obj, t = nearest(o, d)
  if not obj then
    local k = 0.5 * (d.y + 1)
    return vec(0.1, 0.1, 0.2) * (1 - k) + vec(0.5, 0.7, 1.0) * k
  end
  local p = o + d * t
  local n = obj:normal(p)
  local base = obj:colorAt(p)
  local col = base * ambient
  for i = 1, #lights do
    local L = lights[i]
    local tl = L.pos - p
    local dist = tl:len()
    local ld = tl * (1 / dist)
    local diff = n:dot(ld)
    if diff > 0 then
      local sobj, st = nearest(p + n * 1e-4, ld)
      if not sobj or st > dist then
        col = col + (base * L.color) * diff
        local h = (ld - d):norm()
        local spec = n:dot(h)
        if spec > 0 then
          spec = spec * spec; spec = spec * spec; spec = spec * spec; spec = spec * spec; spec = spec * spec
          col = col + L.color * spec
        end
      end
    end
  end
  if depth < 2 and obj.refl > 0 then
    local r = d - n * (2 * d:dot(n))
    col = col * (1 - obj.refl) + trace(p + n * 1e-4, r:norm(), depth + 1) * obj.refl
  end
  return col
end

local W, H = 120, 120
local eye = vec(0, 1.2, -1.5)
local function q(c) c = math.floor(c * 255 + 0.5); if c < 0 then return 0 elseif c > 255 then return 255 end; return c end
local sum, xsum = 0, 0
local pix = {}
for y = 0, H - 1 do
  for x = 0, W - 1 do
    local dx = (x + 0.5) / W * 2 - 1
    local dy = 1 - (y + 0.5) / H * 2
    local d = vec(dx, dy * 0.9, 1.2):norm()
    local c = trace(eye, d, 0)
    local r, g, b = q(c.x), q(c.y), q(c.z)
    local v = (r << 16) | (g << 8) | b
    local idx = y * W + x
    sum = (sum * 31 + v) % 1000000007
    xsum = xsum ~ (v * (idx + 1))
    pix[idx] = v
  end
end
print(string.format("checksum %d %d", sum, xsum))
for _, p in ipairs({{60, 36}, {60, 84}, {24, 72}, {96, 66}, {12, 114}}) do
  local v = pix[p[2] * W + p[1]]
  print(string.format("pixel %d,%d = %d %d %d", p[1], p[2], v >> 16, (v >> 8) & 255, v & 255))
end
