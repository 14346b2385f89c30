//! Async Rust functions called from Lua: `sleep(ms)` suspends the script that calls
//! it without blocking the thread, so two scripts looping over `sleep` run
//! interleaved on one state, driven by a minimal single-threaded executor.
//!
//! Run with `cargo run -p selenite --example async_host`.

use selenite::{Function, Lua, Result};
use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::{Duration, Instant};

/// A future ready once a timer thread has slept for its duration.
struct Sleep {
    timer: Arc<Mutex<Timer>>,
}

#[derive(Default)]
struct Timer {
    expired: bool,
    waker: Option<Waker>,
}

fn sleep(duration: Duration) -> Sleep {
    let timer = Arc::new(Mutex::new(Timer::default()));
    let shared = timer.clone();
    thread::spawn(move || {
        thread::sleep(duration);
        let mut timer = shared.lock().unwrap_or_else(|e| e.into_inner());
        timer.expired = true;
        if let Some(waker) = timer.waker.take() {
            waker.wake();
        }
    });
    Sleep { timer }
}

impl Future for Sleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut timer = self.timer.lock().unwrap_or_else(|e| e.into_inner());
        if timer.expired {
            return Poll::Ready(());
        }
        timer.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// Wakes a task by queueing its index for the executor.
struct TaskWaker {
    task: usize,
    queue: Sender<usize>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        let _ = self.queue.send(self.task);
    }
}

/// Runs `tasks` to completion on this thread, polling a task only when it was woken.
fn run_all(mut tasks: Vec<Pin<Box<dyn Future<Output = ()>>>>) {
    let (queue, woken) = mpsc::channel();
    let wakers: Vec<Waker> =
        (0..tasks.len()).map(|task| Waker::from(Arc::new(TaskWaker { task, queue: queue.clone() }))).collect();
    for task in 0..tasks.len() {
        let _ = queue.send(task);
    }
    let mut running = tasks.len();
    while running > 0 {
        let Ok(task) = woken.recv() else { return };
        if tasks[task].as_mut().poll(&mut Context::from_waker(&wakers[task])).is_ready() {
            running -= 1;
        }
    }
}

fn main() -> Result<()> {
    let lua = Lua::new();
    let started = Instant::now();
    let lua_sleep = lua.create_async_function(move |_, ms: u64| async move {
        sleep(Duration::from_millis(ms)).await;
        Ok(started.elapsed().as_millis() as u64)
    })?;
    lua.globals().set("sleep", lua_sleep)?;
    // Lua's `print` buffers its output apart from Rust's: one writer keeps the order.
    let say = lua.create_function(|_, line: String| {
        println!("{line}");
        Ok(())
    })?;
    lua.globals().set("say", say)?;
    let worker: Function = lua
        .load(
            r#"
            return function(name, period, ticks)
                for i = 1, ticks do
                    local now = sleep(period)
                    say(("%-6s tick %d at about %d ms"):format(name, i, now))
                end
                return name .. " done"
            end
            "#,
        )
        .eval()?;

    let tasks: Vec<Pin<Box<dyn Future<Output = ()>>>> = [("fast", 30, 5), ("slow", 70, 2)]
        .into_iter()
        .map(|args| {
            let call = worker.call_async::<String>(args);
            Box::pin(async move {
                match call.await {
                    Ok(message) => println!("{message}"),
                    Err(e) => println!("error: {e}"),
                }
            }) as Pin<Box<dyn Future<Output = ()>>>
        })
        .collect();
    run_all(tasks);
    Ok(())
}
