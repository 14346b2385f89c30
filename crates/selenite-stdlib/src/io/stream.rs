//! Byte streams behind Lua file handles, with the C stdio behaviours the io library
//! relies on: one read buffer and one write buffer per stream (a write drops unread
//! input and moves the file position back to the reader's; a read first flushes
//! pending output), one byte of look-ahead for numerals, the three buffering modes of
//! `setvbuf`, and pipes whose close reports how the process ended.
//!
//! Invariants: `read_pos <= read_buf.len()`; at most one of the two buffers holds data
//! at any time; a stream whose handle is [`Handle::Closed`] fails every operation with
//! `EBADF`. The standard streams are duplicates of descriptors 0-2, so seeking them
//! moves the process's own offsets as `fseek(stdin, ...)` does; standard output is
//! written by the io library through the buffer it shares with `print`, so this stream
//! only seeks it.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::AsFd;
use std::process::{Child, ChildStdin, ChildStdout, ExitStatus};

/// Size of a stream's buffers (glibc's `BUFSIZ`).
pub const BUFFER_SIZE: usize = 8192;

/// `EBADF`: the stream cannot do this (closed, or opened for the other direction).
const BAD_DESCRIPTOR: i32 = 9;
/// `ESPIPE`: pipes cannot seek.
const ILLEGAL_SEEK: i32 = 29;

/// Which standard stream a stream is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Standard {
    Input,
    Output,
    Error,
}

/// Where a stream's bytes come from or go to.
enum Handle {
    File(File),
    PipeRead { child: Child, output: ChildStdout },
    PipeWrite { child: Child, input: ChildStdin },
    Closed,
}

/// Buffering mode (`setvbuf`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Buffering {
    No,
    Full,
    Line,
}

/// An open stream.
pub struct Stream {
    handle: Handle,
    standard: Option<Standard>,
    read_buf: Vec<u8>,
    read_pos: usize,
    write_buf: Vec<u8>,
    buffering: Buffering,
    readable: bool,
    writable: bool,
}

fn bad_descriptor() -> std::io::Error {
    std::io::Error::from_raw_os_error(BAD_DESCRIPTOR)
}

impl Stream {
    fn with_handle(handle: Handle, readable: bool, writable: bool) -> Stream {
        Stream {
            handle,
            standard: None,
            read_buf: Vec::new(),
            read_pos: 0,
            write_buf: Vec::new(),
            buffering: Buffering::Full,
            readable,
            writable,
        }
    }

    /// A file opened with the permissions its `open` mode gives.
    pub fn file(file: File, readable: bool, writable: bool) -> Stream {
        Stream::with_handle(Handle::File(file), readable, writable)
    }

    /// One of the process's standard streams (standard error is unbuffered, as in C).
    pub fn standard(which: Standard) -> Stream {
        let duplicate = match which {
            Standard::Input => std::io::stdin().as_fd().try_clone_to_owned(),
            Standard::Output => std::io::stdout().as_fd().try_clone_to_owned(),
            Standard::Error => std::io::stderr().as_fd().try_clone_to_owned(),
        };
        let handle = duplicate.map_or(Handle::Closed, |fd| Handle::File(File::from(fd)));
        let input = which == Standard::Input;
        let mut stream = Stream::with_handle(handle, input, !input);
        stream.standard = Some(which);
        if which == Standard::Error {
            stream.buffering = Buffering::No;
        }
        stream
    }

    /// The reading end of a pipe from a child process (`popen(cmd, "r")`).
    pub fn pipe_from(child: Child, output: ChildStdout) -> Stream {
        Stream::with_handle(Handle::PipeRead { child, output }, true, false)
    }

    /// The writing end of a pipe to a child process (`popen(cmd, "w")`).
    pub fn pipe_to(child: Child, input: ChildStdin) -> Stream {
        Stream::with_handle(Handle::PipeWrite { child, input }, false, true)
    }

    pub fn standard_kind(&self) -> Option<Standard> {
        self.standard
    }

    /// Whether the stream is a pipe to or from a process.
    pub fn is_pipe(&self) -> bool {
        matches!(self.handle, Handle::PipeRead { .. } | Handle::PipeWrite { .. })
    }

    /// Whether the stream feeds a process's input.
    pub fn feeds_process(&self) -> bool {
        matches!(self.handle, Handle::PipeWrite { .. })
    }

    pub fn buffering(&self) -> Buffering {
        self.buffering
    }

    /// Changes the buffering mode, writing out what the old mode kept. An unbuffered
    /// stream stays unbuffered: glibc gives it a one-byte buffer that a later mode
    /// keeps, so every write still goes straight out.
    pub fn set_buffering(&mut self, buffering: Buffering) -> std::io::Result<()> {
        self.flush()?;
        if self.buffering != Buffering::No {
            self.buffering = buffering;
        }
        Ok(())
    }

    /// Whether the next read must wait for new input (nothing is buffered).
    pub fn input_exhausted(&self) -> bool {
        self.read_pos >= self.read_buf.len()
    }

    fn raw_read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match &mut self.handle {
            Handle::File(f) => f.read(buf),
            Handle::PipeRead { output, .. } => output.read(buf),
            _ => Err(bad_descriptor()),
        }
    }

    fn raw_write(&mut self, data: &[u8]) -> std::io::Result<()> {
        match &mut self.handle {
            Handle::File(f) => f.write_all(data),
            Handle::PipeWrite { input, .. } => input.write_all(data),
            _ => Err(bad_descriptor()),
        }
    }

    /// Drops unread input, moving the file position back to where the reader is.
    fn discard_input(&mut self) -> std::io::Result<()> {
        let unread = self.read_buf.len() - self.read_pos;
        self.read_buf.clear();
        self.read_pos = 0;
        if unread > 0 {
            if let Handle::File(f) = &mut self.handle {
                let back = i64::try_from(unread).unwrap_or(i64::MAX);
                f.seek(SeekFrom::Current(-back))?;
            }
        }
        Ok(())
    }

    /// Makes input available; `false` at end of file.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.read_pos < self.read_buf.len() {
            return Ok(true);
        }
        if !self.readable {
            return Err(bad_descriptor());
        }
        self.flush()?;
        let mut buf = std::mem::take(&mut self.read_buf);
        buf.resize(BUFFER_SIZE, 0);
        self.read_pos = 0;
        let result = loop {
            match self.raw_read(&mut buf) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let n = *result.as_ref().unwrap_or(&0);
        buf.truncate(n);
        self.read_buf = buf;
        result.map(|n| n > 0)
    }

    /// The next byte without consuming it; `None` at end of file.
    pub fn peek(&mut self) -> std::io::Result<Option<u8>> {
        if self.fill()? {
            Ok(self.read_buf.get(self.read_pos).copied())
        } else {
            Ok(None)
        }
    }

    /// Consumes the byte [`Stream::peek`] returned.
    pub fn advance(&mut self) {
        if self.read_pos < self.read_buf.len() {
            self.read_pos += 1;
        }
    }

    /// Appends the next line to `out` (with its `\n` when `keep_newline`); `false`
    /// when the file ended before anything (not even a newline) was read.
    pub fn read_line(&mut self, out: &mut Vec<u8>, keep_newline: bool) -> std::io::Result<bool> {
        let start = out.len();
        while self.fill()? {
            let available = self.read_buf.get(self.read_pos..).unwrap_or_default();
            match available.iter().position(|&c| c == b'\n') {
                Some(i) => {
                    let end = if keep_newline { i + 1 } else { i };
                    out.extend_from_slice(available.get(..end).unwrap_or_default());
                    self.read_pos += i + 1;
                    return Ok(true);
                }
                None => {
                    out.extend_from_slice(available);
                    self.read_pos = self.read_buf.len();
                }
            }
        }
        Ok(out.len() > start)
    }

    /// Appends up to `n` bytes to `out` (fewer at end of file).
    pub fn read_up_to(&mut self, out: &mut Vec<u8>, n: usize) -> std::io::Result<()> {
        let mut wanted = n;
        while wanted > 0 && self.fill()? {
            let available = self.read_buf.get(self.read_pos..).unwrap_or_default();
            let take = wanted.min(available.len());
            out.extend_from_slice(available.get(..take).unwrap_or_default());
            self.read_pos += take;
            wanted -= take;
        }
        Ok(())
    }

    /// Appends everything left to `out`.
    pub fn read_to_end(&mut self, out: &mut Vec<u8>) -> std::io::Result<()> {
        while self.fill()? {
            out.extend_from_slice(self.read_buf.get(self.read_pos..).unwrap_or_default());
            self.read_pos = self.read_buf.len();
        }
        Ok(())
    }

    /// Writes `data` according to the buffering mode.
    pub fn write(&mut self, data: &[u8]) -> std::io::Result<()> {
        if !self.writable {
            return Err(bad_descriptor());
        }
        if !self.read_buf.is_empty() {
            self.discard_input()?;
        }
        match self.buffering {
            Buffering::No => self.raw_write(data),
            Buffering::Full => {
                self.write_buf.extend_from_slice(data);
                if self.write_buf.len() >= BUFFER_SIZE {
                    self.flush()?;
                }
                Ok(())
            }
            Buffering::Line => {
                self.write_buf.extend_from_slice(data);
                if self.write_buf.len() >= BUFFER_SIZE {
                    return self.flush();
                }
                // Complete lines go out; the unfinished one waits for its newline.
                match data.iter().rposition(|&c| c == b'\n') {
                    Some(i) => {
                        let complete = self.write_buf.len() - (data.len() - i - 1);
                        let rest = self.write_buf.split_off(complete);
                        let flushed = self.flush();
                        self.write_buf = rest;
                        flushed
                    }
                    None => Ok(()),
                }
            }
        }
    }

    /// Writes out buffered output.
    pub fn flush(&mut self) -> std::io::Result<()> {
        if self.write_buf.is_empty() {
            return Ok(());
        }
        let mut data = std::mem::take(&mut self.write_buf);
        let result = self.raw_write(&data);
        // A failed write drops its data, as stdio does, so the error is not repeated
        // by every later operation.
        data.clear();
        self.write_buf = data;
        result
    }

    /// Moves the file position; returns the new one.
    pub fn seek(&mut self, position: SeekFrom) -> std::io::Result<u64> {
        self.flush()?;
        match &mut self.handle {
            Handle::File(_) => {}
            Handle::Closed => return Err(bad_descriptor()),
            _ => return Err(std::io::Error::from_raw_os_error(ILLEGAL_SEEK)),
        }
        self.discard_input()?;
        match &mut self.handle {
            Handle::File(f) => f.seek(position),
            _ => Err(bad_descriptor()),
        }
    }

    /// Closes the stream. A pipe waits for its process and gives its status; a file
    /// reports a failure to write out its buffer.
    pub fn close(&mut self) -> std::io::Result<Option<ExitStatus>> {
        let flushed = self.flush();
        self.read_buf = Vec::new();
        self.read_pos = 0;
        match std::mem::replace(&mut self.handle, Handle::Closed) {
            Handle::PipeRead { mut child, output } => {
                drop(output);
                child.wait().map(Some)
            }
            Handle::PipeWrite { mut child, input } => {
                drop(input);
                child.wait().map(Some)
            }
            Handle::File(file) => {
                drop(file);
                flushed.map(|()| None)
            }
            Handle::Closed => Err(bad_descriptor()),
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
