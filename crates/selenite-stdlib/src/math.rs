//! The math library (manual §6.7). `random` is xoshiro256** seeded exactly as the
//! reference seeds it, so `math.randomseed(n)` produces the reference's sequence.

use crate::util::register;
use selenite_vm::{NativeResult, NativeReturn, Value, Vm};
use std::cell::Cell;

pub fn open(vm: &mut Vm) -> Value {
    let t = vm.new_table();
    register(
        vm,
        t,
        &[
            ("abs", abs),
            ("acos", |vm| unary(vm, f64::acos)),
            ("asin", |vm| unary(vm, f64::asin)),
            ("atan", atan),
            ("ceil", ceil),
            ("cos", |vm| unary(vm, f64::cos)),
            ("deg", |vm| unary(vm, |x| x * (180.0 / std::f64::consts::PI))),
            ("exp", |vm| unary(vm, f64::exp)),
            ("floor", floor),
            ("fmod", fmod),
            ("log", log),
            ("max", max),
            ("min", min),
            ("modf", modf),
            ("rad", |vm| unary(vm, |x| x * (std::f64::consts::PI / 180.0))),
            ("sin", |vm| unary(vm, f64::sin)),
            ("sqrt", |vm| unary(vm, f64::sqrt)),
            ("tan", |vm| unary(vm, f64::tan)),
            ("tointeger", tointeger),
            ("type", type_),
            ("ult", ult),
        ],
    );
    vm.raw_set_str(t, "pi", Value::Float(std::f64::consts::PI));
    vm.raw_set_str(t, "huge", Value::Float(f64::INFINITY));
    vm.raw_set_str(t, "maxinteger", Value::Int(i64::MAX));
    vm.raw_set_str(t, "mininteger", Value::Int(i64::MIN));
    vm.raw_set_str(t, "random", Value::NativeFn(random));
    vm.raw_set_str(t, "randomseed", Value::NativeFn(randomseed));
    Value::Table(t)
}

fn unary(vm: &mut Vm, f: fn(f64) -> f64) -> NativeResult {
    let x = vm.check_float(1)?;
    vm.ret1(Value::Float(f(x)))
}

fn abs(vm: &mut Vm) -> NativeResult {
    match vm.arg(1) {
        Value::Int(i) => vm.ret1(Value::Int(i.wrapping_abs())),
        _ => {
            let x = vm.check_float(1)?;
            vm.ret1(Value::Float(x.abs()))
        }
    }
}

fn atan(vm: &mut Vm) -> NativeResult {
    let y = vm.check_float(1)?;
    let x = vm.opt_float(2, 1.0)?;
    vm.ret1(Value::Float(y.atan2(x)))
}

/// A float result as an integer when it has an exact integer value in range.
fn float_or_int(d: f64) -> Value {
    match selenite_number::float_to_int_exact(d) {
        Some(i) => Value::Int(i),
        None => Value::Float(d),
    }
}

fn floor(vm: &mut Vm) -> NativeResult {
    if let Value::Int(i) = vm.arg(1) {
        return vm.ret1(Value::Int(i));
    }
    let x = vm.check_float(1)?;
    vm.ret1(float_or_int(x.floor()))
}

fn ceil(vm: &mut Vm) -> NativeResult {
    if let Value::Int(i) = vm.arg(1) {
        return vm.ret1(Value::Int(i));
    }
    let x = vm.check_float(1)?;
    vm.ret1(float_or_int(x.ceil()))
}

fn fmod(vm: &mut Vm) -> NativeResult {
    if let (Value::Int(a), Value::Int(d)) = (vm.arg(1), vm.arg(2)) {
        if d == 0 {
            return Err(vm.arg_error(2, "zero"));
        }
        // `% -1` is always 0, and avoids the overflow of `mininteger % -1`.
        let r = if d == -1 { 0 } else { a % d };
        return vm.ret1(Value::Int(r));
    }
    // The reference's C compiler evaluates `fmod(check(1), check(2))` right to left,
    // so a bad second argument is reported first.
    let b = vm.check_float(2)?;
    let a = vm.check_float(1)?;
    vm.ret1(Value::Float(a % b))
}

fn modf(vm: &mut Vm) -> NativeResult {
    if let Value::Int(i) = vm.arg(1) {
        return vm.ret(&[Value::Int(i), Value::Float(0.0)]);
    }
    let n = vm.check_float(1)?;
    let ip = if n < 0.0 { n.ceil() } else { n.floor() };
    let frac = if n == ip { 0.0 } else { n - ip };
    vm.ret(&[float_or_int(ip), Value::Float(frac)])
}

fn log(vm: &mut Vm) -> NativeResult {
    let x = vm.check_float(1)?;
    let r = if vm.arg(2).is_nil() {
        x.ln()
    } else {
        let base = vm.check_float(2)?;
        if base == 2.0 {
            x.log2()
        } else if base == 10.0 {
            x.log10()
        } else {
            x.ln() / base.ln()
        }
    };
    vm.ret1(Value::Float(r))
}

fn extreme(vm: &mut Vm, want_max: bool) -> NativeResult {
    let n = vm.arg_count();
    if n < 1 {
        return Err(vm.arg_error(1, "value expected"));
    }
    if n == 2 {
        // Two integers, the common `max(i, limit)`: no loop, no general comparison.
        if let (Value::Int(a), Value::Int(b)) = (vm.arg(1), vm.arg(2)) {
            return vm.ret1(Value::Int(if want_max { a.max(b) } else { a.min(b) }));
        }
    }
    let mut best = vm.arg(1);
    for i in 2..=n {
        let v = vm.arg(i);
        let (low, high) = if want_max { (best, v) } else { (v, best) };
        let better = match Vm::plain_less_than(&low, &high) {
            Some(less) => less,
            None => vm.less_than(low, high)?,
        };
        if better {
            best = v;
        }
    }
    vm.ret1(best)
}

fn max(vm: &mut Vm) -> NativeResult {
    extreme(vm, true)
}

fn min(vm: &mut Vm) -> NativeResult {
    extreme(vm, false)
}

fn tointeger(vm: &mut Vm) -> NativeResult {
    let v = vm.arg(1);
    let r = match v {
        Value::Int(i) => Value::Int(i),
        Value::Float(f) => selenite_number::float_to_int_exact(f).map_or(Value::Nil, Value::Int),
        Value::Str(_) => Vm::to_integer(&v).map_or(Value::Nil, Value::Int),
        _ => {
            vm.check_any(1)?;
            Value::Nil
        }
    };
    vm.ret1(r)
}

fn type_(vm: &mut Vm) -> NativeResult {
    let r = match vm.arg(1) {
        Value::Int(_) => vm.str_value("integer"),
        Value::Float(_) => vm.str_value("float"),
        _ => {
            vm.check_any(1)?;
            Value::Nil
        }
    };
    vm.ret1(r)
}

fn ult(vm: &mut Vm) -> NativeResult {
    let a = vm.check_integer(1)?;
    let b = vm.check_integer(2)?;
    vm.ret1(Value::Bool((a as u64) < (b as u64)))
}

// ----- pseudo-random numbers -----

/// xoshiro256** state.
#[derive(Clone, Copy)]
struct Xoshiro([u64; 4]);

struct RandomState(Cell<Xoshiro>);

impl Xoshiro {
    fn seeded(n1: u64, n2: u64) -> Xoshiro {
        let mut s = Xoshiro([n1, 0xff, n2, 0]);
        // Discard initial values to spread the seed, as the reference does.
        for _ in 0..16 {
            s.next();
        }
        s
    }

    fn next(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }
}

/// A float in [0, 1) from the top 53 bits.
fn to_unit_float(x: u64) -> f64 {
    (x >> 11) as f64 * (0.5f64).powi(53)
}

/// Projects a random value into `[0, n]` without bias, drawing again as needed.
fn project(mut ran: u64, n: u64, state: &mut Xoshiro) -> u64 {
    if n & n.wrapping_add(1) == 0 {
        return ran & n;
    }
    let mut lim = n;
    lim |= lim >> 1;
    lim |= lim >> 2;
    lim |= lim >> 4;
    lim |= lim >> 8;
    lim |= lim >> 16;
    lim |= lim >> 32;
    loop {
        ran &= lim;
        if ran <= n {
            return ran;
        }
        ran = state.next();
    }
}

fn with_state<R>(vm: &mut Vm, f: impl FnOnce(&mut Xoshiro) -> R) -> R {
    // One look-up in the common case: the state exists after the first call.
    if let Some(state) = vm.app_data::<RandomState>() {
        let mut st = state.0.get();
        let r = f(&mut st);
        state.0.set(st);
        return r;
    }
    let seed = random_seed_values();
    let mut st = Xoshiro::seeded(seed.0, seed.1);
    let r = f(&mut st);
    vm.set_app_data(RandomState(Cell::new(st)));
    r
}

/// What `math.random` was asked for.
enum Draw {
    /// A float in [0, 1).
    Unit,
    /// All 64 bits, as an integer (`math.random(0)`).
    Whole,
    /// An integer in [low, up].
    Range(i64, i64),
}

fn random(vm: &mut Vm) -> NativeResult {
    let draw = match vm.arg_count() {
        0 => Ok(Draw::Unit),
        1 => vm.check_integer(1).map(|up| if up == 0 { Draw::Whole } else { Draw::Range(1, up) }),
        2 => vm.check_integer(1).and_then(|low| Ok(Draw::Range(low, vm.check_integer(2)?))),
        _ => Err(vm.error("wrong number of arguments")),
    };
    let draw = match draw {
        Ok(Draw::Range(low, up)) if low > up => Err(vm.arg_error(1, "interval is empty")),
        other => other,
    };
    // The generator moves on even when the arguments are wrong, as the reference's
    // draws before it looks at them; one look-up of its state either way.
    let value = with_state(vm, |state| {
        let rv = state.next();
        match draw {
            Ok(Draw::Unit) => Value::Float(to_unit_float(rv)),
            Ok(Draw::Whole) => Value::Int(rv as i64),
            Ok(Draw::Range(low, up)) => {
                let span = (up as u64).wrapping_sub(low as u64);
                Value::Int(project(rv, span, state).wrapping_add(low as u64) as i64)
            }
            Err(_) => Value::Nil,
        }
    });
    draw?;
    vm.ret1(value)
}

/// A seed from the clock and an address, as the reference's `randseed`.
fn random_seed_values() -> (u64, u64) {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let local = 0u8;
    (t, &local as *const u8 as u64)
}

fn randomseed(vm: &mut Vm) -> NativeResult {
    let (n1, n2) = if vm.arg_is_none(1) {
        random_seed_values()
    } else {
        (vm.check_integer(1)? as u64, vm.opt_integer(2, 0)? as u64)
    };
    with_state(vm, |s| *s = Xoshiro::seeded(n1, n2));
    vm.push(Value::Int(n1 as i64))?;
    vm.push(Value::Int(n2 as i64))?;
    Ok(NativeReturn::Values(2))
}
