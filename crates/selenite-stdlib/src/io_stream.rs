//! Byte streams behind Lua file handles: buffered files opened in any mode, the
//! standard streams, and process pipes, with the C stdio behaviours `io` relies on
//! (one-byte look-ahead for numerals, switching between reading and writing on the
//! same file, flushing on close and on drop so nothing written is lost).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::process::{Child, ChildStdin, ChildStdout};

const BUF_SIZE: usize = 8192;

/// Where a stream's bytes come from or go to.
pub enum Handle {
    File(File),
    Stdin,
    /// Standard output goes through the buffer shared with `print` (see
    /// `output.rs`); the stream only marks it.
    Stdout,
    Stderr,
    PipeRead(Child, ChildStdout),
    PipeWrite(Child, ChildStdin),
}

/// Buffering mode (`setvbuf`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Buffering {
    No,
    Full,
    Line,
}

/// An open stream.
pub struct Stream {
    pub handle: Handle,
    rbuf: Vec<u8>,
    rpos: usize,
    wbuf: Vec<u8>,
    pub buffering: Buffering,
    /// Last read hit end of file.
    pub eof: bool,
    readable: bool,
    writable: bool,
}

impl Stream {
    pub fn new(handle: Handle) -> Stream {
        let buffering = match handle {
            Handle::Stderr => Buffering::No,
            _ => Buffering::Full,
        };
        let (readable, writable) = match handle {
            Handle::Stdin | Handle::PipeRead(..) => (true, false),
            Handle::Stdout | Handle::Stderr | Handle::PipeWrite(..) => (false, true),
            Handle::File(_) => (true, true),
        };
        Stream { handle, rbuf: Vec::new(), rpos: 0, wbuf: Vec::new(), buffering, eof: false, readable, writable }
    }

    /// A file opened with the given permissions (from the `open` mode).
    pub fn file(f: File, readable: bool, writable: bool) -> Stream {
        let mut s = Stream::new(Handle::File(f));
        s.readable = readable;
        s.writable = writable;
        s
    }

    pub fn is_stdout(&self) -> bool {
        matches!(self.handle, Handle::Stdout)
    }

    fn raw_read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match &mut self.handle {
            Handle::File(f) => f.read(buf),
            Handle::Stdin => std::io::stdin().read(buf),
            Handle::PipeRead(_, out) => out.read(buf),
            _ => Err(std::io::Error::from_raw_os_error(9)),
        }
    }

    fn raw_write(&mut self, data: &[u8]) -> std::io::Result<()> {
        match &mut self.handle {
            Handle::File(f) => f.write_all(data),
            Handle::Stderr => {
                let mut e = std::io::stderr();
                e.write_all(data)?;
                e.flush()
            }
            Handle::PipeWrite(_, inp) => inp.write_all(data),
            // Standard output is written by the caller through the shared buffer.
            Handle::Stdout => Ok(()),
            _ => Err(std::io::Error::from_raw_os_error(9)),
        }
    }

    /// Drops unread buffered input, moving the file position back to where the
    /// reader is (before writing or seeking).
    fn discard_read_buffer(&mut self) -> std::io::Result<()> {
        let unread = self.rbuf.len() - self.rpos;
        self.rbuf.clear();
        self.rpos = 0;
        if unread > 0 {
            if let Handle::File(f) = &mut self.handle {
                f.seek(SeekFrom::Current(-(unread as i64)))?;
            }
        }
        Ok(())
    }

    fn fill(&mut self) -> std::io::Result<bool> {
        if self.rpos < self.rbuf.len() {
            return Ok(true);
        }
        if !self.readable {
            return Err(std::io::Error::from_raw_os_error(9));
        }
        self.flush()?;
        self.rbuf.resize(BUF_SIZE, 0);
        self.rpos = 0;
        let mut buf = std::mem::take(&mut self.rbuf);
        let r = self.raw_read(&mut buf);
        self.rbuf = buf;
        match r {
            Ok(n) => {
                self.rbuf.truncate(n);
                if n == 0 {
                    self.eof = true;
                }
                Ok(n > 0)
            }
            Err(e) => {
                self.rbuf.clear();
                Err(e)
            }
        }
    }

    /// The next byte without consuming it.
    pub fn peek(&mut self) -> std::io::Result<Option<u8>> {
        if self.fill()? {
            Ok(Some(self.rbuf[self.rpos]))
        } else {
            Ok(None)
        }
    }

    /// Consumes one byte.
    pub fn getc(&mut self) -> std::io::Result<Option<u8>> {
        let c = self.peek()?;
        if c.is_some() {
            self.rpos += 1;
        }
        Ok(c)
    }

    /// Reads a line; `keep_newline` keeps its `\n`. `None` at end of file.
    pub fn read_line(&mut self, keep_newline: bool) -> std::io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let mut any = false;
        loop {
            if !self.fill()? {
                break;
            }
            any = true;
            let avail = &self.rbuf[self.rpos..];
            match avail.iter().position(|&c| c == b'\n') {
                Some(i) => {
                    line.extend_from_slice(&avail[..i]);
                    if keep_newline {
                        line.push(b'\n');
                    }
                    self.rpos += i + 1;
                    return Ok(Some(line));
                }
                None => {
                    line.extend_from_slice(avail);
                    self.rpos = self.rbuf.len();
                }
            }
        }
        Ok(if any { Some(line) } else { None })
    }

    /// Reads up to `n` bytes (fewer at end of file).
    pub fn read_n(&mut self, n: usize) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        while out.len() < n && self.fill()? {
            let take = (n - out.len()).min(self.rbuf.len() - self.rpos);
            out.extend_from_slice(&self.rbuf[self.rpos..self.rpos + take]);
            self.rpos += take;
        }
        Ok(out)
    }

    /// Reads everything left.
    pub fn read_all(&mut self) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        while self.fill()? {
            out.extend_from_slice(&self.rbuf[self.rpos..]);
            self.rpos = self.rbuf.len();
        }
        Ok(out)
    }

    pub fn write(&mut self, data: &[u8]) -> std::io::Result<()> {
        if !self.writable {
            return Err(std::io::Error::from_raw_os_error(9));
        }
        if !self.rbuf.is_empty() {
            self.discard_read_buffer()?;
        }
        match self.buffering {
            Buffering::No => self.raw_write(data),
            Buffering::Line => {
                self.wbuf.extend_from_slice(data);
                if data.contains(&b'\n') {
                    self.flush()?;
                }
                Ok(())
            }
            Buffering::Full => {
                self.wbuf.extend_from_slice(data);
                if self.wbuf.len() >= BUF_SIZE {
                    self.flush()?;
                }
                Ok(())
            }
        }
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        if !self.wbuf.is_empty() {
            let data = std::mem::take(&mut self.wbuf);
            self.raw_write(&data)?;
        }
        match &mut self.handle {
            Handle::File(f) => f.flush(),
            Handle::PipeWrite(_, inp) => inp.flush(),
            _ => Ok(()),
        }
    }

    pub fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.flush()?;
        self.discard_read_buffer()?;
        self.eof = false;
        match &mut self.handle {
            Handle::File(f) => f.seek(pos),
            _ => Err(std::io::Error::from_raw_os_error(29)),
        }
    }

    /// Closes the stream; for pipes, waits for the process and returns its status.
    pub fn close(mut self) -> std::io::Result<Option<std::process::ExitStatus>> {
        self.flush()?;
        let handle = std::mem::replace(&mut self.handle, Handle::Stdin);
        match handle {
            Handle::PipeRead(mut child, out) => {
                drop(out);
                child.wait().map(Some)
            }
            Handle::PipeWrite(mut child, inp) => {
                drop(inp);
                child.wait().map(Some)
            }
            _ => Ok(None),
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
