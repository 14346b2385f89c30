//! Moving Lua states between threads: a pool of workers, each owning a state that
//! keeps its globals between jobs, and one state handed from thread to thread.
//!
//! Run with `cargo run -p selenite --example threaded_states`.

use selenite::{Lua, Result};
use std::sync::mpsc;
use std::thread;

fn main() -> Result<()> {
    // Workers: each state is created here and moved into its thread.
    let mut senders = Vec::new();
    let (results_tx, results_rx) = mpsc::channel::<String>();
    let mut workers = Vec::new();
    for id in 0..2 {
        let lua = Lua::new();
        lua.globals().set("worker", id)?;
        lua.load("jobs_done = 0").exec()?;
        let (jobs_tx, jobs_rx) = mpsc::channel::<String>();
        senders.push(jobs_tx);
        let results = results_tx.clone();
        workers.push(thread::spawn(move || {
            for job in jobs_rx {
                let outcome = lua.load(&job).eval::<String>().unwrap_or_else(|e| format!("error: {e}"));
                let _ = results.send(outcome);
            }
        }));
    }
    drop(results_tx);
    for n in 1..=6 {
        let job = format!("jobs_done = jobs_done + 1 return ('worker %d: %d squared is %d (job %d)'):format(worker, {n}, {n} * {n}, jobs_done)");
        let _ = senders[n % 2].send(job);
    }
    drop(senders);
    for line in results_rx {
        println!("{line}");
    }
    for worker in workers {
        let _ = worker.join();
    }

    // One state passed along: each thread adds to what the previous one left.
    let lua = Lua::new();
    lua.load("log = {}").exec()?;
    let mut lua = lua;
    for step in 0..3 {
        lua = thread::spawn(move || {
            let line = format!("step {step} on {:?}", thread::current().id());
            lua.load("table.insert(log, ...)").call::<()>(line).map(|()| lua)
        })
        .join()
        .unwrap_or_else(|_| Err(selenite::Error::runtime("a worker panicked")))?;
    }
    let log: Vec<String> = lua.globals().get("log")?;
    println!("{}", log.join("\n"));
    Ok(())
}
