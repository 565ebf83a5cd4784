//! SSH signatures over records: loading and creating ed25519 keys, signing
//! (armored SSHSIG, namespace `warrant`, as `ssh-keygen -Y sign` makes), and
//! checking a signature against the keys registered for a person.
//!
//! Private keys are read from the file the person names and used in memory,
//! or stay in ssh-agent, which signs for us ([`SigningKey::from_agent`]);
//! nothing here copies, sends or stores one anywhere else.

use std::io::Write;
use std::path::Path;

use ssh_key::{rand_core::OsRng, Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};
use warrant_core::{Error, ErrorCode};

/// The SSHSIG namespace of every Warrant signature, so a signature made for
/// git or another tool can never pass for a record's (and the reverse).
pub const NAMESPACE: &str = "warrant";

/// An ed25519 key ready to sign: loaded from a file, or held by ssh-agent.
pub struct SigningKey {
    source: KeySource,
}

enum KeySource {
    File(Box<PrivateKey>),
    Agent {
        public: PublicKey,
        socket: std::path::PathBuf,
    },
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the private half, even in a debug print.
        let held_by = match self.source {
            KeySource::File(_) => "file",
            KeySource::Agent { .. } => "ssh-agent",
        };
        write!(f, "SigningKey({held_by}: {})", self.public_key_line())
    }
}

fn key_error(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::Invalid, format!("{}: {message}", path.display())).with_field("key")
}

impl SigningKey {
    /// Loads an OpenSSH private key file; `passphrase` unlocks an encrypted
    /// one. Only ed25519 keys are accepted.
    pub fn load(path: &Path, passphrase: Option<&str>) -> Result<SigningKey, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(
                ErrorCode::Io,
                format!("cannot read the key {}: {e}", path.display()),
            )
        })?;
        let key = PrivateKey::from_openssh(&text)
            .map_err(|e| key_error(path, format!("not an OpenSSH private key ({e})")))?;
        let key = if key.is_encrypted() {
            let Some(passphrase) = passphrase else {
                return Err(key_error(
                    path,
                    "the key is protected by a passphrase; give the passphrase",
                ));
            };
            key.decrypt(passphrase)
                .map_err(|_| key_error(path, "the passphrase does not unlock this key"))?
        } else {
            key
        };
        if key.algorithm() != Algorithm::Ed25519 {
            return Err(key_error(
                path,
                format!(
                    "a {} key; Warrant signs with ed25519 keys only (ssh-keygen -t ed25519)",
                    key.algorithm()
                ),
            ));
        }
        Ok(SigningKey {
            source: KeySource::File(Box::new(key)),
        })
    }

    /// Creates a new ed25519 key at `path` (readable by its owner only,
    /// 0600) and its public half at `path.pub`; refuses to overwrite either.
    /// With a passphrase the private key is stored encrypted.
    pub fn create(
        path: &Path,
        comment: &str,
        passphrase: Option<&str>,
    ) -> Result<SigningKey, Error> {
        let mut key = PrivateKey::random(&mut OsRng, Algorithm::Ed25519)
            .map_err(|e| Error::new(ErrorCode::Internal, format!("cannot make a key: {e}")))?;
        key.set_comment(comment);
        let stored = match passphrase {
            Some(passphrase) => key.encrypt(&mut OsRng, passphrase).map_err(|e| {
                Error::new(ErrorCode::Internal, format!("cannot encrypt the key: {e}"))
            })?,
            None => key.clone(),
        };
        let text = stored
            .to_openssh(LineEnding::LF)
            .map_err(|e| Error::new(ErrorCode::Internal, format!("cannot encode the key: {e}")))?;
        let public_path = path.with_extension(match path.extension() {
            Some(ext) => format!("{}.pub", ext.to_string_lossy()),
            None => "pub".to_string(),
        });
        write_new(path, text.as_bytes(), 0o600)?;
        let public_line = key
            .public_key()
            .to_openssh()
            .expect("an ed25519 key encodes");
        write_new(&public_path, format!("{public_line}\n").as_bytes(), 0o644)?;
        Ok(SigningKey {
            source: KeySource::File(Box::new(key)),
        })
    }

    /// The key `public_key_line` as held by the ssh-agent listening on
    /// `socket` (usually `$SSH_AUTH_SOCK`); refused when the agent does not
    /// hold it. The private key never leaves the agent.
    pub fn from_agent(socket: &Path, public_key_line: &str) -> Result<SigningKey, Error> {
        let public = parse_public_key(public_key_line)?;
        let blob = agent_blob(&public);
        let held = crate::agent::identities(socket)
            .map_err(|e| Error::new(ErrorCode::Io, e).with_field("key"))?;
        if !held.contains(&blob) {
            return Err(Error::invalid(
                "key",
                format!(
                    "ssh-agent at {} does not hold the key {}; add it with ssh-add",
                    socket.display(),
                    fingerprint(&public)
                ),
            ));
        }
        Ok(SigningKey {
            source: KeySource::Agent {
                public,
                socket: socket.to_path_buf(),
            },
        })
    }

    /// The OpenSSH public key line, `ssh-ed25519 AAAA… comment`.
    pub fn public_key_line(&self) -> String {
        self.public_key()
            .to_openssh()
            .expect("an ed25519 key encodes")
    }

    pub fn public_key(&self) -> &PublicKey {
        match &self.source {
            KeySource::File(key) => key.public_key(),
            KeySource::Agent { public, .. } => public,
        }
    }

    /// The armored SSH signature of `payload` in the `warrant` namespace.
    pub fn sign(&self, payload: &[u8]) -> Result<String, Error> {
        let internal = |what: &str, e: &dyn std::fmt::Display| {
            Error::new(ErrorCode::Internal, format!("{what}: {e}"))
        };
        let signature = match &self.source {
            KeySource::File(key) => key
                .sign(NAMESPACE, HashAlg::Sha512, payload)
                .map_err(|e| internal("cannot sign", &e))?,
            KeySource::Agent { public, socket } => {
                // The agent signs the SSHSIG "signed data" blob; the armored
                // signature is then put together here, as ssh-keygen does.
                let data = SshSig::signed_data(NAMESPACE, HashAlg::Sha512, payload)
                    .map_err(|e| internal("cannot prepare the signature", &e))?;
                let raw = crate::agent::sign(socket, &agent_blob(public), &data)
                    .map_err(|e| Error::new(ErrorCode::Io, e).with_field("key"))?;
                let raw = ssh_key::Signature::new(Algorithm::Ed25519, raw)
                    .map_err(|e| internal("ssh-agent sent an unusable signature", &e))?;
                SshSig::new(public.key_data().clone(), NAMESPACE, HashAlg::Sha512, raw)
                    .map_err(|e| internal("cannot assemble the signature", &e))?
            }
        };
        signature
            .to_pem(LineEnding::LF)
            .map_err(|e| internal("cannot encode the signature", &e))
    }
}

/// The agent protocol's name for an ed25519 public key.
fn agent_blob(key: &PublicKey) -> Vec<u8> {
    let bytes = key
        .key_data()
        .ed25519()
        .expect("only ed25519 keys are parsed")
        .0;
    crate::agent::ed25519_blob(&bytes)
}

/// Writes a file that must not exist yet, with `mode` from the start (no
/// moment where a private key is readable by others).
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path).map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("cannot create {}: {e}", path.display()),
        )
    })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            Error::new(
                ErrorCode::Io,
                format!("cannot write {}: {e}", path.display()),
            )
        })
}

/// Parses an OpenSSH public key line; only ed25519 keys are accepted.
pub fn parse_public_key(line: &str) -> Result<PublicKey, Error> {
    let key = PublicKey::from_openssh(line.trim()).map_err(|e| {
        Error::new(
            ErrorCode::Parse,
            format!("not an OpenSSH public key line ({e}): {line}"),
        )
    })?;
    if key.algorithm() != Algorithm::Ed25519 {
        return Err(Error::new(
            ErrorCode::Invalid,
            format!(
                "a {} key; team keys are ed25519 (ssh-keygen -t ed25519)",
                key.algorithm()
            ),
        ));
    }
    Ok(key)
}

/// The key's SHA-256 fingerprint as ssh-keygen prints it (`SHA256:…`).
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// A parsed armored signature: which key made it, to be checked with
/// [`check_signature`].
pub fn parse_signature(armored: &str) -> Result<SshSig, String> {
    SshSig::from_pem(armored.trim())
        .map_err(|e| format!("the signature is not an armored SSH signature ({e})"))
}

/// Whether `signature` is `key`'s signature of `payload` in the `warrant`
/// namespace.
pub fn check_signature(key: &PublicKey, signature: &SshSig, payload: &[u8]) -> Result<(), String> {
    if signature.namespace() != NAMESPACE {
        return Err(format!(
            "the signature was made for the namespace \"{}\", not \"{NAMESPACE}\"",
            signature.namespace()
        ));
    }
    key.verify(NAMESPACE, payload, signature)
        .map_err(|_| "the signature does not match the record's content: the file was changed after it was signed".to_string())
}
