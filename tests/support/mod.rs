//! A scriptable raw HTTP server on 127.0.0.1 for tests that need to misbehave in ways a mock
//! framework cannot: reset connections, never send headers, send invalid bytes.

#![allow(dead_code)]

pub mod capture;
pub mod clients;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server does with one connection's request.
#[derive(Clone, Debug)]
pub enum Action {
    /// Write these bytes and close.
    Respond(Vec<u8>),
    /// Close with a TCP reset.
    Reset,
    /// Read the request and never answer.
    Hang,
}

/// An HTTP/1.1 response with `Connection: close`.
pub fn http(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Action {
    let mut out = format!(
        "HTTP/1.1 {status} X\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    Action::Respond(bytes)
}

impl Action {
    /// Add a header to a response.
    pub fn with_header(self, name: &str, value: &str) -> Action {
        match self {
            Action::Respond(bytes) => {
                let text = String::from_utf8_lossy(&bytes).to_string();
                let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
                Action::Respond(format!("{head}\r\n{name}: {value}\r\n\r\n{body}").into_bytes())
            }
            other => other,
        }
    }
}

/// A JSON response.
pub fn json(status: u16, body: &str) -> Action {
    http(
        status,
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
}

/// A running scripted server.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The head (request line and headers) of every request received, in order.
    pub requests: Arc<Mutex<Vec<String>>>,
    /// How many connections were accepted.
    pub hits: Arc<AtomicUsize>,
}

impl Server {
    /// Requests received so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

/// Serve `script` one action per connection; the last action repeats.
pub async fn serve(script: Vec<Action>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let hits = Arc::new(AtomicUsize::new(0));
    let (r, h) = (requests.clone(), hits.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = h.fetch_add(1, Ordering::SeqCst);
            let action = script
                .get(n)
                .or(script.last())
                .cloned()
                .unwrap_or(Action::Reset);
            let r = r.clone();
            tokio::spawn(async move {
                let head = read_request(&mut socket).await;
                r.lock().unwrap().push(head);
                match action {
                    Action::Respond(bytes) => {
                        let _ = socket.write_all(&bytes).await;
                        let _ = socket.shutdown().await;
                    }
                    Action::Reset => {
                        let _ = socket.set_zero_linger();
                        drop(socket);
                    }
                    Action::Hang => {
                        tokio::time::sleep(Duration::from_secs(60)).await;
                    }
                }
            });
        }
    });
    Server {
        url,
        requests,
        hits,
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    // The head, then as much body as content-length says.
    loop {
        let Ok(Ok(n)) = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut chunk)).await
        else {
            break;
        };
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let len = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let Ok(Ok(n)) =
                    tokio::time::timeout(Duration::from_secs(5), socket.read(&mut chunk)).await
                else {
                    break;
                };
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return head;
        }
    }
    String::from_utf8_lossy(&buf).to_string()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
