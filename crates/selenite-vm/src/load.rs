//! Loading prototypes: turning the compiler's (or `undump`'s) bytecode prototypes
//! into runtime prototypes whose constants are Lua values.
//!
//! Invariant: every prototype loaded here has passed `selenite_bytecode::verify`, which
//! is what lets the interpreter index registers, constants and upvalues unchecked.

use crate::function::Proto;
use crate::gc::Gc;
use crate::string::LuaStr;
use crate::value::Value;
use crate::vm::Vm;
use selenite_bytecode::{Constant, Proto as Bytecode};
use std::collections::HashMap;
use std::sync::Arc;

impl Vm {
    /// Verifies and loads a compiled main chunk, returning a closure with `_ENV` set to
    /// the global table. Errors carry the verifier's message.
    pub fn load_proto(&mut self, chunk: &Bytecode) -> Result<Value, String> {
        selenite_bytecode::verify(chunk)?;
        let source: Arc<[u8]> = Arc::from(chunk.source.as_slice());
        let mut strings = HashMap::new();
        let proto = self.convert(chunk, &source, &mut strings);
        let env = Value::Table(self.globals);
        Ok(self.new_main_closure(proto, env))
    }

    /// Converts a prototype; equal string constants of one chunk share one string
    /// object, as the reference's do.
    fn convert(&mut self, p: &Bytecode, source: &Arc<[u8]>, strings: &mut HashMap<Vec<u8>, Gc<LuaStr>>) -> Gc<Proto> {
        let constants: Vec<Value> = p
            .constants
            .iter()
            .map(|k| match k {
                Constant::Nil => Value::Nil,
                Constant::Bool(b) => Value::Bool(*b),
                Constant::Int(i) => Value::Int(*i),
                Constant::Float(f) => Value::Float(*f),
                Constant::Str(s) => match strings.get(s) {
                    Some(existing) => Value::Str(*existing),
                    None => {
                        let v = self.new_string(s);
                        strings.insert(s.clone(), v);
                        Value::Str(v)
                    }
                },
            })
            .collect();
        let protos: Vec<Gc<Proto>> = p.protos.iter().map(|c| self.convert(c, source, strings)).collect();
        let runtime = Proto {
            code: p.code.clone().into_boxed_slice(),
            constants: constants.into_boxed_slice(),
            protos: protos.into_boxed_slice(),
            upvalues: p.upvalues.clone().into_boxed_slice(),
            num_params: p.num_params,
            is_vararg: p.is_vararg,
            max_stack: p.max_stack,
            line_defined: p.line_defined,
            last_line_defined: p.last_line_defined,
            source: if p.source == source.as_ref() { source.clone() } else { Arc::from(p.source.as_slice()) },
            line_info: p.line_info.clone().into_boxed_slice(),
            local_vars: p.local_vars.clone().into_boxed_slice(),
        };
        self.alloc_proto(runtime)
    }

    /// Converts a runtime prototype back to bytecode (for `string.dump`).
    pub fn proto_to_bytecode(&self, f: &Value) -> Option<Bytecode> {
        let Value::LuaFn(cl) = f else { return None };
        Some(to_bytecode(&cl.proto))
    }
}

fn to_bytecode(p: &Proto) -> Bytecode {
    Bytecode {
        source: p.source.to_vec(),
        line_defined: p.line_defined,
        last_line_defined: p.last_line_defined,
        num_params: p.num_params,
        is_vararg: p.is_vararg,
        max_stack: p.max_stack,
        code: p.code.to_vec(),
        constants: p
            .constants
            .iter()
            .map(|v| match v {
                Value::Bool(b) => Constant::Bool(*b),
                Value::Int(i) => Constant::Int(*i),
                Value::Float(f) => Constant::Float(*f),
                Value::Str(s) => Constant::Str(s.as_bytes().to_vec()),
                _ => Constant::Nil,
            })
            .collect(),
        upvalues: p.upvalues.to_vec(),
        protos: p.protos.iter().map(|c| to_bytecode(c)).collect(),
        line_info: p.line_info.to_vec(),
        local_vars: p.local_vars.to_vec(),
    }
}
