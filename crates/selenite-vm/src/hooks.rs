//! Debug hooks (`debug.sethook`) and the instruction budget: state only; the
//! interpreter consults `HookState::active` at calls, returns and counted
//! instructions, so that with no hook set the cost is one predictable branch.

use crate::value::Value;

/// Hook configuration of a state.
#[derive(Default)]
pub struct HookState {
    /// The hook function (nil when none).
    pub function: Value,
    /// Event mask: bit 0 call, bit 1 return, bit 2 line, bit 3 count.
    pub mask: u8,
    /// Instructions between count events.
    pub count: u32,
}

impl HookState {
    pub fn active(&self) -> bool {
        self.mask != 0
    }
}
