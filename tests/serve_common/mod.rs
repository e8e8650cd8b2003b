//! Helpers of the `parcours serve` tests: a server process on an ephemeral
//! port of 127.0.0.1 with its own output folder, and a small HTTP/1.1
//! client over std's TcpStream (loopback only).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_parcours")
}

/// A `parcours serve` process; killed when dropped.
pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    pub dir: tempfile::TempDir,
    /// Environment variables of the server process.
    pub env: Vec<(String, String)>,
    /// Options of `parcours serve` beyond `--port 0 --output OUT`.
    pub args: Vec<String>,
}

impl Server {
    pub fn start() -> Server {
        Server::start_env(&[])
    }

    /// A server with these environment variables.
    pub fn start_env(env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let (child, addr) = spawn(&dir.path().join("output"), &env, &[]);
        Server { child, addr, dir, env, args: Vec::new() }
    }

    /// A server with these options (`--threads 2`).
    pub fn start_args(args: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let (child, addr) = spawn(&dir.path().join("output"), &[], &args);
        Server { child, addr, dir, env: Vec::new(), args }
    }

    /// Stops the server and starts another on the same output folder.
    pub fn restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let (child, addr) = spawn(&self.output(), &self.env, &self.args);
        (self.child, self.addr) = (child, addr);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn output(&self) -> PathBuf {
        self.dir.path().join("output")
    }

    pub fn get(&self, path: &str) -> Reply {
        request(&self.addr, "GET", path, None)
    }

    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> Reply {
        request(&self.addr, "POST", path, Some(("application/json", body.to_string().into_bytes())))
    }

    pub fn post(&self, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
        request(&self.addr, "POST", path, Some((content_type, body)))
    }

    /// Follows a run's events until it ends; returns its final state.
    pub fn wait_run(&self, id: &str) -> String {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(900))).unwrap();
        write!(s, "GET /api/runs/{id}/events HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).unwrap();
        let mut text = String::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = s.read(&mut buf).unwrap_or(0);
            if n == 0 {
                break;
            }
            text.push_str(&String::from_utf8_lossy(&buf[..n]));
            for st in ["done", "cancelled", "failed"] {
                if text.contains(&format!("\"state\":\"{st}\"")) {
                    return st.to_string();
                }
            }
        }
        panic!("the event stream ended without a final state: {text}");
    }

    /// Resident set size high-water mark of the server, kB (Linux).
    pub fn vm_hwm_kb(&self) -> Option<u64> {
        status_kb(self.child.id(), "VmHWM:")
    }

    pub fn vm_rss_kb(&self) -> Option<u64> {
        status_kb(self.child.id(), "VmRSS:")
    }
}

/// `parcours serve --port 0 --output OUT` with `env`: the process and its address.
fn spawn(out: &Path, env: &[(String, String)], args: &[String]) -> (Child, String) {
    let mut child = Command::new(bin())
        .args(["serve", "--port", "0", "--output", out.to_str().unwrap()])
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("parcours serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr =
        line.split("http://").nth(1).and_then(|r| r.split('/').next()).unwrap_or_else(|| panic!("no address in {line:?}")).to_string();
    assert!(addr.starts_with("127.0.0.1:"), "listens on loopback by default: {addr}");
    (child, addr)
}

pub fn status_kb(pid: u32, key: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines().find(|l| l.starts_with(key))?.split_whitespace().nth(1)?.parse().ok()
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.0.eq_ignore_ascii_case(name)).map(|h| h.1.as_str())
    }
}

/// One request on a fresh connection (`Connection: close`).
pub fn request(addr: &str, method: &str, path: &str, body: Option<(&str, Vec<u8>)>) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some((ct, b)) = &body {
        head.push_str(&format!("Content-Type: {ct}\r\nContent-Length: {}\r\n", b.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    if let Some((_, b)) = &body {
        // A server may answer (413) before reading a large body: ignore a broken pipe.
        let _ = s.write_all(b);
    }
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse(&raw).unwrap_or_else(|| panic!("bad HTTP answer to {method} {path}: {:?}", String::from_utf8_lossy(&raw)))
}

fn parse(raw: &[u8]) -> Option<Reply> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    let mut body = raw[end + 4..].to_vec();
    if headers.iter().any(|h| h.0.eq_ignore_ascii_case("transfer-encoding") && h.1.contains("chunked")) {
        body = dechunk(&body);
    }
    Some(Reply { status, headers, body })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&b[..i]).unwrap_or("0").trim(), 16).unwrap_or(0);
        if size == 0 || b.len() < i + 2 + size {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + size]);
        b = &b[(i + 4 + size).min(b.len())..];
    }
    out
}

/// A composed scenario of three communes around Guéret with a teleconsultation variant.
pub fn small_scenario(name: &str, replications: u32, years: f64) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "communes": ["23096", "23001", "23079"],
        "replications": replications,
        "years": years,
        "warmup_days": 20,
        "variants": [{ "name": "teleconsultation", "policies": [{ "type": "teleconsultation", "params": { "doctors": 2 } }] }]
    })
}

/// `parcours ARGS…`
pub fn parcours(args: &[&str]) -> std::process::Output {
    Command::new(bin()).args(args).output().expect("parcours runs")
}

pub fn same_file(a: &Path, b: &Path) -> bool {
    std::fs::read(a).ok().is_some_and(|x| std::fs::read(b).ok().is_some_and(|y| x == y))
}
