//! A minimal HTTP/1.1 keep-alive client over one `TcpStream`: write a request, read one reply.
//!
//! Hand-written rather than hyper's client because hyper's `client` feature needs a crate (`want`) that is
//! not in the lock file; the response head is parsed by `httparse` (hyper's own parser, already in the
//! tree). A hand-written framing also lets the load see exactly how a reply ended: a body cut mid-way
//! (`hang-up`, `stream-cut-early`) is a result to check, not an error to hide behind a retry. No request is
//! ever retried.

use std::io;
use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Headers a reply may have; the mock sends about twenty.
const MAX_HEADERS: usize = 64;

/// How a reply's body ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEnd {
    /// As its framing said: all of `content-length`, the final chunk, or the close that delimits it.
    Complete,
    /// The connection closed before the framing said the body was done.
    Cut,
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub end: BodyEnd,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Whether the connection can carry another request after this reply.
    pub fn keeps_alive(&self) -> bool {
        self.end == BodyEnd::Complete
            && !self
                .header("connection")
                .is_some_and(|value| value.eq_ignore_ascii_case("close"))
    }
}

pub struct Connection {
    stream: TcpStream,
    /// Bytes read past the reply being parsed.
    buffer: Vec<u8>,
}

impl Connection {
    pub async fn open(addr: SocketAddr) -> io::Result<Connection> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream,
            buffer: Vec::with_capacity(8 * 1024),
        })
    }

    /// Writes one request and reads its reply.
    pub async fn exchange(&mut self, request: &[u8]) -> io::Result<Reply> {
        self.stream.write_all(request).await?;
        self.read_reply().await
    }

    async fn read_reply(&mut self) -> io::Result<Reply> {
        let (status, headers) = loop {
            let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut head = httparse::Response::new(&mut slots);
            match head.parse(&self.buffer) {
                Ok(httparse::Status::Complete(length)) => {
                    let status = head.code.unwrap_or(0);
                    let headers = head
                        .headers
                        .iter()
                        .map(|h| {
                            (
                                h.name.to_ascii_lowercase(),
                                String::from_utf8_lossy(h.value).into_owned(),
                            )
                        })
                        .collect::<Vec<_>>();
                    self.buffer.drain(..length);
                    break (status, headers);
                }
                Ok(httparse::Status::Partial) => {
                    if !self.fill().await? {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "connection closed before a reply",
                        ));
                    }
                }
                Err(error) => return Err(io::Error::new(io::ErrorKind::InvalidData, error)),
            }
        };
        let mut reply = Reply {
            status,
            headers,
            body: Vec::new(),
            end: BodyEnd::Complete,
        };
        let length = reply.header("content-length").map(str::parse::<usize>);
        let chunked = reply
            .header("transfer-encoding")
            .is_some_and(|value| value.contains("chunked"));
        let (body, end) = match (length, chunked) {
            _ if status == 204 || status == 304 => (Vec::new(), BodyEnd::Complete),
            (Some(Ok(length)), _) => self.exactly(length).await?,
            (Some(Err(_)), _) => {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "bad content-length"))
            }
            (None, true) => self.chunked().await?,
            (None, false) => {
                while self.fill().await? {}
                (std::mem::take(&mut self.buffer), BodyEnd::Complete)
            }
        };
        reply.body = body;
        reply.end = end;
        Ok(reply)
    }

    /// Reads more into the buffer; `false` at end of stream.
    async fn fill(&mut self) -> io::Result<bool> {
        let mut chunk = [0u8; 8 * 1024];
        let read = self.stream.read(&mut chunk).await?;
        self.buffer.extend_from_slice(&chunk[..read]);
        Ok(read > 0)
    }

    async fn exactly(&mut self, length: usize) -> io::Result<(Vec<u8>, BodyEnd)> {
        while self.buffer.len() < length {
            if !self.fill().await? {
                return Ok((std::mem::take(&mut self.buffer), BodyEnd::Cut));
            }
        }
        Ok((self.buffer.drain(..length).collect(), BodyEnd::Complete))
    }

    async fn chunked(&mut self) -> io::Result<(Vec<u8>, BodyEnd)> {
        let mut body = Vec::new();
        loop {
            let Some(line) = self.line().await? else {
                return Ok((body, BodyEnd::Cut));
            };
            let size =
                usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16).map_err(|_| {
                    io::Error::new(io::ErrorKind::InvalidData, format!("bad chunk size {line:?}"))
                })?;
            if size == 0 {
                // No trailers from the mock: the empty line that ends the body.
                return Ok(match self.line().await? {
                    Some(_) => (body, BodyEnd::Complete),
                    None => (body, BodyEnd::Cut),
                });
            }
            let (chunk, end) = self.exactly(size + 2).await?;
            if end == BodyEnd::Cut {
                return Ok((body, BodyEnd::Cut));
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }

    /// One CRLF-terminated line without its CRLF; `None` when the connection ends first.
    async fn line(&mut self) -> io::Result<Option<String>> {
        loop {
            if let Some(at) = self.buffer.windows(2).position(|pair| pair == b"\r\n") {
                let line = String::from_utf8_lossy(&self.buffer[..at]).into_owned();
                self.buffer.drain(..at + 2);
                return Ok(Some(line));
            }
            if !self.fill().await? {
                return Ok(None);
            }
        }
    }
}

/// A request's bytes: `content-length` always, so the server never waits for a body that is not coming.
pub fn request(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        head.push_str("content-type: application/json\r\n");
    }
    for (name, value) in headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}
