//! Keys and signatures against OpenSSH itself: keys from `ssh-keygen` load,
//! keys Warrant makes are private and readable by `ssh-keygen`, and a
//! record's signature is one `ssh-keygen -Y verify` accepts, and the reverse.

use std::io::Write;
use std::process::{Command, Stdio};

use warrant_core::lifecycle::ReviewDecision;
use warrant_core::model::Status;
use warrant_team::record::{signed_payload, Kind, Record};
use warrant_team::SigningKey;

use crate::support::*;

#[test]
fn keys_made_by_ssh_keygen_load_with_and_without_passphrase() {
    let dir = tempfile::TempDir::new().unwrap();
    let plain = ssh_keygen(dir.path(), "plain", "");
    let locked = ssh_keygen(dir.path(), "locked", "correct horse");
    let plain_key = SigningKey::load(&plain, None).unwrap();
    let public = std::fs::read_to_string(plain.with_extension("pub")).unwrap();
    assert_eq!(plain_key.public_key_line(), public.trim());

    assert!(SigningKey::load(&locked, None)
        .unwrap_err()
        .message
        .contains("passphrase"));
    assert!(SigningKey::load(&locked, Some("wrong"))
        .unwrap_err()
        .message
        .contains("does not unlock"));
    SigningKey::load(&locked, Some("correct horse")).unwrap();

    run(Command::new("ssh-keygen")
        .args(["-q", "-t", "ecdsa", "-N", "", "-f"])
        .arg(dir.path().join("ecdsa")));
    let refused = SigningKey::load(&dir.path().join("ecdsa"), None).unwrap_err();
    assert!(refused.message.contains("ed25519 keys only"), "{refused:?}");
}

#[test]
fn a_key_warrant_creates_is_private_and_ssh_keygen_reads_it() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("warrant_ed25519");
    let key = SigningKey::create(&path, "dan@example.com", Some("s3cret")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let derived = run(Command::new("ssh-keygen")
        .args(["-y", "-P", "s3cret", "-f"])
        .arg(&path));
    let derived = String::from_utf8(derived.stdout).unwrap();
    let ours: Vec<String> = key
        .public_key_line()
        .split(' ')
        .take(2)
        .map(String::from)
        .collect();
    assert!(derived.starts_with(&ours.join(" ")), "{derived}");
    let public = std::fs::read_to_string(dir.path().join("warrant_ed25519.pub")).unwrap();
    assert_eq!(public.trim(), key.public_key_line());
    // The stored key is encrypted: no passphrase, no key.
    assert!(SigningKey::load(&path, None).is_err());
    assert_eq!(
        SigningKey::load(&path, Some("s3cret"))
            .unwrap()
            .public_key_line(),
        key.public_key_line()
    );
    // Never overwritten.
    assert!(SigningKey::create(&path, "x", None).is_err());
}

pub fn ssh_keygen_verify(
    dir: &std::path::Path,
    principal: &str,
    allowed: &str,
    signature: &str,
    payload: &str,
) -> bool {
    std::fs::write(dir.join("allowed_signers"), allowed).unwrap();
    std::fs::write(dir.join("payload.sig"), signature).unwrap();
    let mut child = Command::new("ssh-keygen")
        .args(["-Y", "verify", "-n", "warrant", "-I", principal, "-f"])
        .arg(dir.join("allowed_signers"))
        .arg("-s")
        .arg(dir.join("payload.sig"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(payload.as_bytes())
        .unwrap();
    child.wait().unwrap().success()
}

#[test]
fn a_record_signature_verifies_with_ssh_keygen_verify() {
    let mut team = Team::new();
    let records = team.launch(&contract());
    let text = std::fs::read_to_string(team.dir().join(&records[2])).unwrap();
    let value = warrant_team::yaml::read(&text).unwrap();
    let payload = signed_payload(&value);
    let signature = value["signature"].as_str().unwrap();
    let allowed = team.repo.people().unwrap().allowed_signers();
    assert!(
        allowed.contains("dan@example.com namespaces=\"warrant\" ssh-ed25519 "),
        "{allowed}"
    );
    let scratch = tempfile::TempDir::new().unwrap();
    assert!(ssh_keygen_verify(
        scratch.path(),
        DAN,
        &allowed,
        signature,
        &payload
    ));
    // The same check refuses another signer's name and a changed payload.
    assert!(!ssh_keygen_verify(
        scratch.path(),
        BEA,
        &allowed,
        signature,
        &payload
    ));
    assert!(!ssh_keygen_verify(
        scratch.path(),
        DAN,
        &allowed,
        signature,
        &payload.replace("Sources", "Source")
    ));
}

#[test]
fn a_signature_made_by_ssh_keygen_sign_verifies_in_warrant() {
    let mut team = Team::new();
    let c = contract();
    team.write(&c, Some(Status::InReview));
    team.step(&c, Kind::Submit, BEA, "");
    team.review(&c, BEA, ReviewDecision::Approve, "");
    // Dan approves with nothing but OpenSSH.
    let at = team.tick();
    let record = Record::review(&c, DAN, at, ReviewDecision::Approve, "Signed by hand.");
    let mut value = record.to_value();
    let scratch = tempfile::TempDir::new().unwrap();
    let payload_path = scratch.path().join("payload");
    std::fs::write(&payload_path, signed_payload(&value)).unwrap();
    run(Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", "warrant", "-f"])
        .arg(team.key_path(DAN))
        .arg(&payload_path));
    let signature = std::fs::read_to_string(scratch.path().join("payload.sig")).unwrap();
    value["signature"] = signature.into();
    let relative = warrant_team::layout::records_dir(&c.id)
        .join(warrant_team::layout::record_file_name(at, "review", DAN));
    std::fs::write(
        team.dir().join(&relative),
        warrant_team::yaml::write(&value),
    )
    .unwrap();
    team.write(&c, Some(Status::Approved));
    let report = team.verify();
    assert!(report.ok(), "{}", failures(&report));
    assert_eq!(report.contracts[0].status, Status::Approved);

    // The same payload signed for git's namespace is refused.
    let git_payload = scratch.path().join("git-payload");
    std::fs::write(&git_payload, signed_payload(&value)).unwrap();
    run(Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", "git", "-f"])
        .arg(team.key_path(DAN))
        .arg(&git_payload));
    value["signature"] = std::fs::read_to_string(scratch.path().join("git-payload.sig"))
        .unwrap()
        .into();
    std::fs::write(
        team.dir().join(&relative),
        warrant_team::yaml::write(&value),
    )
    .unwrap();
    let report = team.verify();
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.file == shown(&relative) && f.reason.contains("namespace \"git\"")),
        "{}",
        failures(&report)
    );
}

/// An ssh-agent of the test's own, stopped (by its process id) when dropped.
struct Agent {
    child: std::process::Child,
    socket: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Agent {
    fn start() -> Agent {
        let dir = tempfile::TempDir::new().unwrap();
        let socket = dir.path().join("agent.sock");
        let child = Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&socket)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        for _ in 0..100 {
            if socket.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(socket.exists(), "ssh-agent did not start");
        Agent {
            child,
            socket,
            _dir: dir,
        }
    }

    fn ssh_add(&self, args: &[&str]) {
        run(Command::new("ssh-add")
            .args(args)
            .env("SSH_AUTH_SOCK", &self.socket));
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_key_held_by_ssh_agent_signs_records_that_verify() {
    let mut team = Team::new();
    let agent = Agent::start();
    agent.ssh_add(&["-q", team.key_path(DAN).to_str().unwrap()]);
    let dans_public = team.key(DAN).public_key_line();
    let through_agent = SigningKey::from_agent(&agent.socket, &dans_public).unwrap();
    assert!(format!("{through_agent:?}").contains("ssh-agent"));

    let c = contract();
    team.write(&c, Some(Status::InReview));
    team.step(&c, Kind::Submit, BEA, "");
    team.review(&c, BEA, ReviewDecision::Approve, "");
    let at = team.tick();
    let approval = team
        .repo
        .add_record(
            &Record::review(&c, DAN, at, ReviewDecision::Approve, "Signed by the agent."),
            &through_agent,
        )
        .unwrap();
    team.step(&c, Kind::Launch, BEA, "");
    team.write(&c, Some(Status::Live));
    let report = team.verify();
    assert!(report.ok(), "{}", failures(&report));
    assert_eq!(report.contracts[0].status, Status::Live);

    // OpenSSH accepts the agent's signature too.
    let value =
        warrant_team::yaml::read(&std::fs::read_to_string(team.dir().join(&approval)).unwrap())
            .unwrap();
    let scratch = tempfile::TempDir::new().unwrap();
    let allowed = team.repo.people().unwrap().allowed_signers();
    assert!(ssh_keygen_verify(
        scratch.path(),
        DAN,
        &allowed,
        value["signature"].as_str().unwrap(),
        &signed_payload(&value)
    ));

    // A key the agent does not hold is refused; so is signing once the
    // agent has forgotten the key.
    let refused =
        SigningKey::from_agent(&agent.socket, &team.key(MAL).public_key_line()).unwrap_err();
    assert!(refused.message.contains("does not hold"), "{refused:?}");
    agent.ssh_add(&["-q", "-D"]);
    let failed = through_agent.sign(b"payload").unwrap_err();
    assert!(failed.message.contains("refused to sign"), "{failed:?}");
}
