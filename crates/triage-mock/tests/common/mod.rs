//! Shared by the integration tests: the mock started in-process on 127.0.0.1:0, and a small raw HTTP/1.1
//! client over tokio's TcpStream (keep-alive, Content-Length and chunked bodies), so that no HTTP client
//! library sits between the tests and what the server really sends.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::net::SocketAddr;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use triage_mock::Config;

pub const KEY: &str = "sk-ant-api03-test-FAKE-key-0000";
pub const VERSION: &str = "2023-06-01";
pub const BODY: &str =
    r#"{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}"#;
pub const STREAM_BODY: &str = r#"{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hello"}]}"#;

pub struct Mock {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    pub task: JoinHandle<std::io::Result<()>>,
}

impl Mock {
    pub async fn start(config: Config) -> Mock {
        let listener = triage_mock::listen(([127, 0, 0, 1], 0).into()).expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let config = Config {
            quiet: true,
            ..config
        };
        let task = tokio::spawn(triage_mock::serve(config, listener, async {
            let _ = stopped.await;
        }));
        Mock {
            addr,
            stop: Some(stop),
            task,
        }
    }

    pub async fn default() -> Mock {
        Mock::start(Config::default()).await
    }

    /// Asks for a graceful shutdown and returns the serve task to await.
    pub fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    pub async fn connect(&self) -> Conn {
        Conn::open(self.addr).await
    }

    /// One request on a fresh connection, with a fake key and the version header.
    pub async fn post(&self, path: &str, body: &str, extra: &[(&str, &str)]) -> Reply {
        let mut headers = vec![("x-api-key", KEY), ("anthropic-version", VERSION)];
        headers.extend_from_slice(extra);
        self.connect()
            .await
            .send("POST", path, &headers, body.as_bytes())
            .await
            .expect("reply")
    }

    /// Like [`Mock::post`], but a body cut mid-way is no failure: the reply holds what arrived, and the
    /// error says how the body ended early (`None` when it ended properly). `extra` may replace the
    /// default key or version.
    pub async fn post_until_cut(
        &self,
        path: &str,
        body: &str,
        extra: &[(&str, &str)],
    ) -> (Reply, Option<std::io::Error>) {
        let mut headers: Vec<(&str, &str)> = [("x-api-key", KEY), ("anthropic-version", VERSION)]
            .into_iter()
            .filter(|(name, _)| !extra.iter().any(|(other, _)| other.eq_ignore_ascii_case(name)))
            .collect();
        headers.extend_from_slice(extra);
        let mut conn = self.connect().await;
        conn.write_request("POST", path, &headers, body.as_bytes())
            .await
            .expect("request written");
        conn.read_reply_until_cut().await.expect("reply head")
    }

    pub async fn get(&self, path: &str) -> Reply {
        let headers = [("x-api-key", KEY), ("anthropic-version", VERSION)];
        self.connect()
            .await
            .send("GET", path, &headers, b"")
            .await
            .expect("reply")
    }

    /// A request with exactly these headers (no defaults).
    pub async fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        self.connect()
            .await
            .send(method, path, headers, body.as_bytes())
            .await
            .expect("reply")
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        self.shutdown();
    }
}

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The body an error must have, byte for byte, given this reply's request id.
    pub fn expect_error(&self, status: u16, kind: &str, message: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        let request_id = self.header("request-id").expect("request-id header");
        let expected = serde_json::json!({"type": "error", "error": {"type": kind, "message": message}, "request_id": request_id});
        let body = self.json();
        assert_eq!(body, expected);
        assert!(
            self.text().starts_with(r#"{"type":"error","error":{"type":""#),
            "field order: {}",
            self.text()
        );
    }

    /// `event:` names of an SSE body, in order.
    pub fn event_names(&self) -> Vec<String> {
        self.text()
            .lines()
            .filter_map(|line| line.strip_prefix("event: "))
            .map(str::to_string)
            .collect()
    }
}

pub struct Conn {
    stream: BufReader<TcpStream>,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Conn {
            stream: BufReader::new(stream),
        }
    }

    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Reply> {
        self.write_request(method, path, headers, body).await?;
        self.read_reply().await
    }

    pub async fn write_request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<()> {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: {}\r\n",
            body.len()
        );
        if !body.is_empty() {
            head.push_str("content-type: application/json\r\n");
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut request = head.into_bytes();
        request.extend_from_slice(body);
        self.stream.get_mut().write_all(&request).await
    }

    pub async fn write_raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stream.get_mut().write_all(bytes).await
    }

    pub async fn read_reply(&mut self) -> std::io::Result<Reply> {
        match self.read_reply_until_cut().await? {
            (reply, None) => Ok(reply),
            (_, Some(error)) => Err(error),
        }
    }

    /// The status line and headers must arrive; the body is what arrived before any early end, which is
    /// returned beside it. Only whole chunks of a chunked body are kept.
    pub async fn read_reply_until_cut(&mut self) -> std::io::Result<(Reply, Option<std::io::Error>)> {
        let status_line = self.line().await?;
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| invalid(format!("bad status line {status_line:?}")))?;
        let mut headers = Vec::new();
        loop {
            let line = self.line().await?;
            if line.is_empty() {
                break;
            }
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| invalid(format!("bad header {line:?}")))?;
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
        let reply = Reply {
            status,
            headers,
            body: Vec::new(),
        };
        let mut body = Vec::new();
        let ended = if status == 204 || status == 304 {
            Ok(())
        } else if let Some(length) = reply.header("content-length") {
            match length.parse::<usize>() {
                Ok(length) => {
                    body.resize(length, 0);
                    self.stream.read_exact(&mut body).await.map(|_| ())
                }
                Err(_) => Err(invalid("bad content-length".into())),
            }
        } else if reply
            .header("transfer-encoding")
            .is_some_and(|te| te.contains("chunked"))
        {
            self.chunked(&mut body).await
        } else {
            self.stream.read_to_end(&mut body).await.map(|_| ())
        };
        Ok((Reply { body, ..reply }, ended.err()))
    }

    async fn line(&mut self) -> std::io::Result<String> {
        let mut line = String::new();
        if self.stream.read_line(&mut line).await? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }

    async fn chunked(&mut self, body: &mut Vec<u8>) -> std::io::Result<()> {
        loop {
            let size_line = self.line().await?;
            let size = usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| invalid(format!("bad chunk size {size_line:?}")))?;
            if size == 0 {
                self.line().await?;
                return Ok(());
            }
            let mut chunk = vec![0; size];
            self.stream.read_exact(&mut chunk).await?;
            body.extend_from_slice(&chunk);
            self.line().await?;
        }
    }
}

fn invalid(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message)
}
