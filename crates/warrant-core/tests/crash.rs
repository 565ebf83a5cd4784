//! "Nothing lost": a child process saves contract versions through the core
//! in a loop and prints each version only after its commit returned; this
//! test kills it with SIGKILL at random moments, reopens the registry, and
//! checks that SQLite's `integrity_check` passes, that every acknowledged
//! version is there with the content that was written, and that the audit
//! chain verifies.
//!
//! The child is this same test binary started again with an environment
//! variable and `--ignored --exact crash_child_writer`, so no extra build
//! target is needed. `WARRANT_CRASH_CYCLES` changes the number of kills
//! (default 200; `scripts/crash-test.sh` runs 1,000) and `WARRANT_CRASH_SEED`
//! replays one sequence of kill times.
//!
//! Kept out of the single `tests/it` binary on purpose: the child is found
//! by `current_exe` and the exact test name, and `scripts/crash-test.sh`
//! builds and runs this binary alone (`--test crash`, also in release).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use warrant_core::model::{Contract, WorkflowCategory};
use warrant_core::registry::Registry;

/// Set on the child: the registry file to write to.
const CHILD_DB: &str = "WARRANT_CRASH_CHILD_DB";
const CONTRACT_ID: &str = "crash-test-contract";

/// The child's loop. Ignored in normal runs: it only does anything when the
/// crash test starts it with [`CHILD_DB`] set, and then never returns.
#[test]
#[ignore = "child process of killed_writers_lose_no_acknowledged_save"]
fn crash_child_writer() {
    let Some(db) = std::env::var_os(CHILD_DB) else {
        return;
    };
    let mut registry = Registry::open(Path::new(&db)).expect("the child opens the registry");
    let mut contract = Contract::new(CONTRACT_ID, "first", WorkflowCategory::ChurnRiskRouting);
    let stdout = std::io::stdout();
    for n in 0u64.. {
        contract.title = format!("save {} of process {}", n, std::process::id());
        let saved = registry
            .save_contract(&contract, "crash.test@example.com")
            .expect("save");
        // Printed only once the commit returned: this line is the promise.
        let mut out = stdout.lock();
        writeln!(
            out,
            "ACK {} {}\t{}",
            saved.id, saved.version, contract.title
        )
        .unwrap();
        out.flush().unwrap();
    }
}

/// A small deterministic generator, so a failing run can be replayed by seed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// One acknowledged save as the child printed it.
struct Ack {
    id: String,
    version: u32,
    title: String,
}

fn parse_acks(output: &str) -> Vec<Ack> {
    let mut acks = Vec::new();
    for line in output.split_inclusive('\n') {
        // A line cut off by the kill was never a promise.
        let Some(line) = line.strip_suffix('\n') else {
            continue;
        };
        // libtest may print "test crash_child_writer ... " before the first line.
        let Some(start) = line.find("ACK ") else {
            continue;
        };
        let rest = &line[start + 4..];
        let (head, title) = rest.split_once('\t').expect("ACK line has a title");
        let (id, version) = head.split_once(' ').expect("ACK line has a version");
        acks.push(Ack {
            id: id.to_string(),
            version: version.parse().expect("version number"),
            title: title.to_string(),
        });
    }
    acks
}

fn integrity_check(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.join("; ")
}

/// Starts the child, lets it run `delay`, kills it, and returns what it printed.
fn run_and_kill(db: &Path, delay: Duration) -> String {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "crash_child_writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the child");
    let stdout = child.stdout.take().unwrap();
    // Read while it runs, so a full pipe never slows the writer down.
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            text.push_str(&line);
            line.clear();
        }
        text.push_str(&line);
        text
    });
    std::thread::sleep(delay);
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().ok(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).ok();
    assert!(
        still_running,
        "the child stopped on its own ({status}) before it was killed:\n{stderr}"
    );
    reader.join().unwrap()
}

#[test]
fn killed_writers_lose_no_acknowledged_save() {
    let cycles: u32 = std::env::var("WARRANT_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("WARRANT_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = XorShift(seed);
    let dir = tempfile::tempdir().unwrap();
    let db: PathBuf = dir.path().join("registry.db");
    drop(Registry::open(&db).unwrap());

    let mut acknowledged: HashMap<u32, String> = HashMap::new();
    let mut lost = 0u64;
    let mut killed_before_first_save = 0u32;
    for cycle in 0..cycles {
        // From "still starting up" to "many saves in": 1–80 ms.
        let delay = Duration::from_millis(1 + rng.next() % 80);
        let output = run_and_kill(&db, delay);
        let acks = parse_acks(&output);
        if acks.is_empty() {
            killed_before_first_save += 1;
        }

        let check = integrity_check(&db);
        assert_eq!(check, "ok", "cycle {cycle} (seed {seed}): integrity_check");
        let registry = Registry::open(&db)
            .unwrap_or_else(|e| panic!("cycle {cycle} (seed {seed}): reopen failed: {e}"));
        for ack in acks {
            assert_eq!(ack.id, CONTRACT_ID);
            match registry.version(&ack.id, ack.version) {
                Ok(stored) if stored.contract.title == ack.title => {}
                Ok(stored) => panic!(
                    "cycle {cycle} (seed {seed}): version {} holds {:?}, but {:?} was acknowledged",
                    ack.version, stored.contract.title, ack.title
                ),
                Err(e) => {
                    eprintln!(
                        "cycle {cycle} (seed {seed}): acknowledged version {} is missing: {e}",
                        ack.version
                    );
                    lost += 1;
                }
            }
            let previous = acknowledged.insert(ack.version, ack.title);
            assert!(
                previous.is_none(),
                "cycle {cycle}: version {} acknowledged twice",
                ack.version
            );
        }
        let audit = registry.verify_audit().unwrap();
        assert!(
            audit.intact,
            "cycle {cycle} (seed {seed}): audit chain broken at {:?}",
            audit.first_bad
        );
    }

    // A last full pass: every acknowledged version, after every kill.
    let registry = Registry::open(&db).unwrap();
    for (version, title) in &acknowledged {
        match registry.version(CONTRACT_ID, *version) {
            Ok(stored) => assert_eq!(&stored.contract.title, title, "version {version}"),
            Err(_) => lost += 1,
        }
    }
    let events = registry.verify_audit().unwrap();
    println!(
        "crash test: seed {seed}, {cycles} cycles (SIGKILL), {} acknowledged writes, {lost} lost writes, \
         {killed_before_first_save} kills before the first save, {} audit events verified, integrity_check ok",
        acknowledged.len(),
        events.events
    );
    assert_eq!(lost, 0, "seed {seed}: acknowledged writes were lost");
    assert!(events.intact);
    assert!(
        acknowledged.len() as u32 > cycles / 2,
        "too few saves were acknowledged to mean anything ({}); is the child writing?",
        acknowledged.len()
    );
}
