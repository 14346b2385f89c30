-- richards: a task scheduler in the style of Richards: objects with methods, message queues, state changes.
local Task = {}
Task.__index = Task
function Task.new(id, prio, work) return setmetatable({id = id, prio = prio, work = work, count = 0, state = "run", queue = {}}, Task) end
function Task:runnable() return self.state == "run" end
function Task:step(sched)
  self.count = self.count + 1
  local w = self.work
  if w then w(self, sched) end
  if self.count % 7 == 0 then self.state = "wait" elseif self.count % 3 == 0 then self.state = "run" end
end
local Sched = {}
Sched.__index = Sched
function Sched.new() return setmetatable({tasks = {}, ticks = 0, msgs = 0}, Sched) end
function Sched:add(t) self.tasks[#self.tasks + 1] = t end
function Sched:send(to, msg) local q = self.tasks[to].queue; q[#q + 1] = msg; self.msgs = self.msgs + 1 end
function Sched:run(n)
  local tasks = self.tasks
  for tick = 1, n do
    for i = 1, #tasks do
      local t = tasks[i]
      if t:runnable() then t:step(self) else t.state = "run" end
    end
    self.ticks = self.ticks + 1
  end
end
local s = Sched.new()
for i = 1, 10 do
  s:add(Task.new(i, i % 3, function(task, sched)
    local q = task.queue
    if #q > 0 then q[#q] = nil end
    sched:send((task.id % 10) + 1, {from = task.id, n = task.count})
  end))
end
s:run(60000)
local total = 0
for i = 1, 10 do total = total + s.tasks[i].count + #s.tasks[i].queue end
print(s.ticks, s.msgs, total)
