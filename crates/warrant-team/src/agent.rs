//! Signing through a running ssh-agent, so a key that lives only in the
//! agent (or behind its passphrase prompt) can sign records without Warrant
//! ever seeing the private key.
//!
//! Just enough of the agent protocol (draft-miller-ssh-agent) to list the
//! agent's keys and ask it to sign: each message is a 4-byte big-endian
//! length, a type byte and the body; strings are length-prefixed.

use std::io::{Read, Write};
use std::path::Path;

const FAILURE: u8 = 5;
const REQUEST_IDENTITIES: u8 = 11;
const IDENTITIES_ANSWER: u8 = 12;
const SIGN_REQUEST: u8 = 13;
const SIGN_RESPONSE: u8 = 14;

/// Largest reply accepted; an agent's answers are a few kilobytes.
const MAX_REPLY: usize = 256 * 1024;

fn put_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// Reads length-prefixed fields out of a reply.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn u32(&mut self) -> Result<u32, String> {
        let (head, rest) = self
            .0
            .split_at_checked(4)
            .ok_or("the agent's reply is cut short")?;
        self.0 = rest;
        Ok(u32::from_be_bytes(head.try_into().expect("four bytes")))
    }

    fn string(&mut self) -> Result<&'a [u8], String> {
        let len = self.u32()? as usize;
        let (head, rest) = self
            .0
            .split_at_checked(len)
            .ok_or("the agent's reply is cut short")?;
        self.0 = rest;
        Ok(head)
    }
}

/// One request and its reply: (type, body).
#[cfg(unix)]
fn exchange(socket: &Path, kind: u8, body: &[u8]) -> Result<(u8, Vec<u8>), String> {
    let mut stream = std::os::unix::net::UnixStream::connect(socket)
        .map_err(|e| format!("cannot reach ssh-agent at {}: {e}", socket.display()))?;
    let mut message = Vec::with_capacity(body.len() + 5);
    message.extend_from_slice(&(body.len() as u32 + 1).to_be_bytes());
    message.push(kind);
    message.extend_from_slice(body);
    let broken = |e: std::io::Error| format!("ssh-agent stopped answering: {e}");
    stream.write_all(&message).map_err(broken)?;
    let mut length = [0u8; 4];
    stream.read_exact(&mut length).map_err(broken)?;
    let length = u32::from_be_bytes(length) as usize;
    if length == 0 || length > MAX_REPLY {
        return Err(format!(
            "ssh-agent sent a reply of {length} bytes, which is not an answer"
        ));
    }
    let mut reply = vec![0u8; length];
    stream.read_exact(&mut reply).map_err(broken)?;
    Ok((reply[0], reply[1..].to_vec()))
}

#[cfg(not(unix))]
fn exchange(_socket: &Path, _kind: u8, _body: &[u8]) -> Result<(u8, Vec<u8>), String> {
    Err("signing through ssh-agent is supported on Linux and macOS only".into())
}

/// The public key blobs the agent holds.
pub fn identities(socket: &Path) -> Result<Vec<Vec<u8>>, String> {
    let (kind, body) = exchange(socket, REQUEST_IDENTITIES, &[])?;
    if kind != IDENTITIES_ANSWER {
        return Err("ssh-agent refused to list its keys".into());
    }
    let mut reader = Reader(&body);
    let count = reader.u32()?;
    let mut blobs = Vec::new();
    for _ in 0..count {
        blobs.push(reader.string()?.to_vec());
        reader.string()?; // the comment
    }
    Ok(blobs)
}

/// Asks the agent to sign `data` with the key `blob`; returns the raw
/// ed25519 signature (64 bytes).
pub fn sign(socket: &Path, blob: &[u8], data: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    put_string(&mut body, blob);
    put_string(&mut body, data);
    body.extend_from_slice(&0u32.to_be_bytes());
    let (kind, reply) = exchange(socket, SIGN_REQUEST, &body)?;
    match kind {
        SIGN_RESPONSE => {}
        FAILURE => {
            return Err(
                "ssh-agent refused to sign (the key was removed, or the confirmation was declined)"
                    .into(),
            )
        }
        other => {
            return Err(format!(
                "ssh-agent answered a signing request with message {other}"
            ))
        }
    }
    let mut reader = Reader(&reply);
    let mut signature = Reader(reader.string()?);
    let algorithm = signature.string()?;
    if algorithm != b"ssh-ed25519" {
        return Err("ssh-agent signed with another algorithm than ed25519".into());
    }
    Ok(signature.string()?.to_vec())
}

/// The wire form of an ed25519 public key: string "ssh-ed25519", string key.
pub fn ed25519_blob(key: &[u8; 32]) -> Vec<u8> {
    let mut blob = Vec::new();
    put_string(&mut blob, b"ssh-ed25519");
    put_string(&mut blob, key);
    blob
}
