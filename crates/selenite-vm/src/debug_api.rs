//! Introspection for the debug library: stack levels, function information, locals
//! and upvalues (the reference's `lua_getstack`, `lua_getinfo`, `lua_getlocal`...).
//!
//! Levels count from the running function (level 0) towards the oldest frame; the
//! main thread's bottom frame stands for the host and is never visible.

use crate::function::Proto;
use crate::gc::Gc;
use crate::thread::{frame_flags as ff, CallInfo, Thread};
use crate::value::Value;
use crate::vm::Vm;

/// What `debug.getinfo` reports about a function.
#[derive(Clone, Debug, Default)]
pub struct FunctionInfo {
    pub source: Vec<u8>,
    pub short_src: String,
    /// "Lua", "C" or "main".
    pub what: &'static str,
    pub line_defined: i64,
    pub last_line_defined: i64,
    pub nups: usize,
    pub nparams: usize,
    pub is_vararg: bool,
    /// Lines with code (for `activelines`); empty for native functions.
    pub active_lines: Vec<u32>,
}

/// A visible stack frame of some thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameHandle {
    thread: Gc<Thread>,
    index: usize,
}

fn frames_of(thread: Gc<Thread>) -> &'static [CallInfo] {
    // SAFETY: introspection reads a thread's frames while no other reference to its
    // state is in use; the slice is used before anything can modify them.
    unsafe { &Thread::state(thread).frames }
}

impl Vm {
    fn lowest_visible(&self, thread: Gc<Thread>) -> usize {
        if thread == self.main_thread {
            1
        } else {
            0
        }
    }

    /// The frame `level` levels up on `thread` (0 = its running function).
    pub fn frame_at_level(&self, thread: Gc<Thread>, level: usize) -> Option<FrameHandle> {
        let frames = frames_of(thread);
        let idx = frames.len().checked_sub(1 + level)?;
        if idx < self.lowest_visible(thread) {
            return None;
        }
        Some(FrameHandle { thread, index: idx })
    }

    fn frame(&self, h: FrameHandle) -> Option<CallInfo> {
        frames_of(h.thread).get(h.index).copied()
    }

    /// The function running in a frame.
    pub fn frame_function(&self, h: FrameHandle) -> Value {
        match self.frame(h) {
            // SAFETY: reading one stack slot of a live thread.
            Some(ci) => unsafe { Thread::state(h.thread) }.stack.get(ci.func).copied().unwrap_or(Value::Nil),
            None => Value::Nil,
        }
    }

    /// The current line of a frame (-1 for native frames).
    pub fn frame_line(&mut self, h: FrameHandle) -> i64 {
        let Some(ci) = self.frame(h) else { return -1 };
        let saved = self.thread;
        self.thread = h.thread;
        let line = self.current_line(&ci);
        self.thread = saved;
        line
    }

    /// The values a call or return event transfers (`ftransfer`, `ntransfer`).
    pub fn frame_transfer(&self, h: FrameHandle) -> (usize, usize) {
        if h.thread != self.thread {
            return (0, 0);
        }
        self.hook_transfer(h.index).unwrap_or((0, 0))
    }

    /// Whether the frame was entered by a tail call.
    pub fn frame_is_tail_call(&self, h: FrameHandle) -> bool {
        self.frame(h).is_some_and(|ci| ci.flags & ff::TAIL != 0)
    }

    /// How the frame's function was called: `(namewhat, name)`.
    pub fn frame_name(&mut self, h: FrameHandle) -> Option<(&'static str, String)> {
        let saved = self.thread;
        self.thread = h.thread;
        let r = self.frame_call_name(h.index);
        self.thread = saved;
        r
    }

    /// Static information about a function value.
    pub fn function_info(&self, f: &Value) -> FunctionInfo {
        match f {
            Value::LuaFn(cl) => {
                let p: &Proto = &cl.proto;
                let mut lines: Vec<u32> = p.line_info.to_vec();
                if p.is_vararg && !lines.is_empty() {
                    // The vararg preparation instruction has no line of its own.
                    lines.remove(0);
                }
                lines.sort_unstable();
                lines.dedup();
                FunctionInfo {
                    source: p.source.to_vec(),
                    short_src: selenite_bytecode::chunk_id(&p.source),
                    what: if p.line_defined == 0 { "main" } else { "Lua" },
                    line_defined: p.line_defined as i64,
                    last_line_defined: p.last_line_defined as i64,
                    nups: cl.upvals().len(),
                    nparams: p.num_params as usize,
                    is_vararg: p.is_vararg,
                    active_lines: lines,
                }
            }
            other => FunctionInfo {
                source: b"=[C]".to_vec(),
                short_src: "[C]".into(),
                what: "C",
                line_defined: -1,
                last_line_defined: -1,
                nups: match other {
                    Value::NativeClosure(c) => c.upvalues.len(),
                    _ => 0,
                },
                nparams: 0,
                is_vararg: true,
                active_lines: Vec::new(),
            },
        }
    }

    /// Finds local `n` of a frame: its name and stack slot (`lua_getlocal`).
    fn find_local(&self, h: FrameHandle, n: i64) -> Option<(String, usize)> {
        let ci = self.frame(h)?;
        let frames = frames_of(h.thread);
        // SAFETY: reading stack slots of a live thread.
        let st = unsafe { Thread::state(h.thread) };
        let mut name: Option<String> = None;
        if ci.is_lua() {
            let Value::LuaFn(cl) = st.stack.get(ci.func).copied()? else {
                return None;
            };
            if n < 0 {
                if !cl.proto.is_vararg {
                    return None;
                }
                let nextra = ci.n_extra_args as i64;
                if n >= -nextra {
                    let slot = ci.func as i64 - nextra - (n + 1);
                    return Some(("(vararg)".into(), slot as usize));
                }
                return None;
            }
            name = cl
                .proto
                .local_name(n as usize, ci.current_pc(&cl.proto))
                .map(|b| String::from_utf8_lossy(b).into_owned());
        }
        let base = ci.base;
        let slot = base as i64 + n - 1;
        if name.is_none() {
            let limit = match frames.get(h.index + 1) {
                Some(next) => next.func,
                None => st.top,
            };
            if n > 0 && limit as i64 - base as i64 >= n {
                name = Some(if ci.is_lua() { "(temporary)" } else { "(C temporary)" }.into());
            } else {
                return None;
            }
        }
        Some((name?, slot as usize))
    }

    /// Local variable `n` of a frame (negative: varargs).
    pub fn get_local(&self, h: FrameHandle, n: i64) -> Option<(String, Value)> {
        let (name, slot) = self.find_local(h, n)?;
        // SAFETY: reading one stack slot of a live thread.
        let v = unsafe { Thread::state(h.thread) }.stack.get(slot).copied()?;
        Some((name, v))
    }

    /// Sets local variable `n` of a frame; returns its name.
    pub fn set_local(&mut self, h: FrameHandle, n: i64, v: Value) -> Option<String> {
        let (name, slot) = self.find_local(h, n)?;
        // SAFETY: writing one stack slot of a live thread; no other reference to its
        // state is in use.
        let st = unsafe { Thread::state(h.thread) };
        *st.stack.get_mut(slot)? = v;
        self.variables_rewired = true;
        Some(name)
    }

    /// The name of parameter `n` of a Lua function (`lua_getlocal` with a function).
    pub fn parameter_name(&self, f: &Value, n: i64) -> Option<String> {
        let Value::LuaFn(cl) = f else { return None };
        if n < 1 || n > cl.proto.num_params as i64 {
            return None;
        }
        cl.proto.local_name(n as usize, 0).map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// Upvalue `n` (1-based) of a function: its name and value.
    pub fn get_upvalue(&self, f: &Value, n: usize) -> Option<(String, Value)> {
        let i = n.checked_sub(1)?;
        match f {
            Value::LuaFn(cl) => {
                let uv = cl.upval(i)?;
                let name = cl
                    .proto
                    .upvalue_name(i)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_else(|| "(no name)".into());
                Some((name, uv.get()))
            }
            Value::NativeClosure(c) => c.upvalues.get(i).map(|v| (String::new(), v.get())),
            _ => None,
        }
    }

    /// Sets upvalue `n` of a function; returns its name.
    pub fn set_upvalue(&mut self, f: &Value, n: usize, v: Value) -> Option<String> {
        let i = n.checked_sub(1)?;
        match f {
            Value::LuaFn(cl) => {
                let uv = cl.upval(i)?;
                self.set_upval(uv, v);
                self.variables_rewired = true;
                Some(
                    cl.proto
                        .upvalue_name(i)
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                        .unwrap_or_else(|| "(no name)".into()),
                )
            }
            Value::NativeClosure(c) => {
                c.upvalues.get(i)?.set(v);
                self.heap.barrier(*c, v);
                Some(String::new())
            }
            _ => None,
        }
    }

    /// An identity for upvalue `n` of a function (`debug.upvalueid`).
    pub fn upvalue_id(&self, f: &Value, n: usize) -> Option<usize> {
        let i = n.checked_sub(1)?;
        match f {
            Value::LuaFn(cl) => cl.upval(i).map(|u| u.addr()),
            Value::NativeClosure(c) => c.upvalues.get(i).map(|cell| cell as *const _ as usize),
            _ => None,
        }
    }

    /// Makes upvalue `n1` of Lua closure `f1` refer to upvalue `n2` of `f2`.
    pub fn upvalue_join(&mut self, f1: &Value, n1: usize, f2: &Value, n2: usize) -> bool {
        let (Value::LuaFn(c1), Value::LuaFn(c2)) = (f1, f2) else {
            return false;
        };
        let (Some(slot), Some(target)) =
            (n1.checked_sub(1).and_then(|i| c1.upvals().get(i)), n2.checked_sub(1).and_then(|i| c2.upval(i)))
        else {
            return false;
        };
        slot.set(target);
        self.heap.barrier_obj(*c1, target);
        self.variables_rewired = true;
        true
    }

    /// The traceback of `thread` from `level` (for `debug.traceback`).
    pub fn thread_traceback(&mut self, thread: Gc<Thread>, level: usize) -> String {
        self.traceback_of(thread, level)
    }
}
