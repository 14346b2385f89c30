//! Execution limits set by the host: an instruction budget and a wall-clock deadline.
//!
//! While a limit is set the interpreter charges every instruction: through its
//! limits dispatch table when no debug hook is set, or through `hook_instruction`
//! (which charges first) when one is. With no limit set the plain table runs and
//! nothing is charged or tested.
//!
//! Exhausting a limit raises an error of kind [`ErrorKind::Interrupted`], which no
//! `pcall`, `xpcall`, `coroutine.resume`/`wrap` or `__close` handler can stop: it
//! unwinds to the Rust caller of the interpreter (closing to-be-closed variables on
//! the way, whose handlers fail at once since the limit is still exhausted). The
//! state stays usable: the host may set a new limit and call again.

use crate::error::{ErrorKind, LuaError, LuaResult};
use crate::vm::Vm;
use std::time::Instant;

/// How many instructions run between two looks at the clock.
const CLOCK_PERIOD: u64 = 1024;

/// The limits in force and what is left of them.
#[derive(Default)]
pub(crate) struct Limits {
    /// Instructions still allowed (`None`: no budget).
    pub instructions_left: Option<u64>,
    pub deadline: Option<Instant>,
    /// Instructions until the next look at the clock.
    pub until_clock: u64,
}

impl Limits {
    fn any(&self) -> bool {
        self.instructions_left.is_some() || self.deadline.is_some()
    }
}

impl Vm {
    /// Allows at most `n` more instructions (`None`: no limit), across every
    /// coroutine, metamethod and nested call, until changed.
    pub fn set_instruction_limit(&mut self, n: Option<u64>) {
        self.limits.instructions_left = n;
        self.limits_on = self.limits.any();
    }

    /// Instructions left under the limit, if one is set.
    pub fn instructions_left(&self) -> Option<u64> {
        self.limits.instructions_left
    }

    /// Stops the script once `deadline` has passed (`None`: no deadline). The clock
    /// is read every 1,024 instructions.
    pub fn set_deadline(&mut self, deadline: Option<Instant>) {
        self.limits.deadline = deadline;
        self.limits.until_clock = 0;
        self.limits_on = self.limits.any();
    }

    /// Charges one instruction against the limits.
    #[inline]
    pub(crate) fn charge_instruction(&mut self) -> LuaResult<()> {
        if let Some(left) = self.limits.instructions_left {
            if left == 0 {
                return Err(self.interrupted("instruction limit exceeded"));
            }
            self.limits.instructions_left = Some(left - 1);
        }
        if let Some(deadline) = self.limits.deadline {
            if self.limits.until_clock == 0 {
                // Once past the deadline, every instruction fails (the clock stays due).
                if Instant::now() >= deadline {
                    return Err(self.interrupted("time limit exceeded"));
                }
                self.limits.until_clock = CLOCK_PERIOD;
            }
            self.limits.until_clock -= 1;
        }
        Ok(())
    }

    fn interrupted(&mut self, why: &str) -> LuaError {
        self.error_value = self.str_value(why);
        self.error_handled_at = None;
        LuaError { kind: ErrorKind::Interrupted }
    }
}
