//! A hostile file imported into a fresh in-memory registry: parsing may
//! refuse it, the import may refuse it, but nothing may panic, and a file
//! that imports must leave a registry whose audit chain verifies and which
//! lists and searches without error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warrant_core::format::parse_contract;
use warrant_core::registry::{ImportFile, ListQuery, Registry};

fuzz_target!(|data: &[u8]| {
    let Ok(contract) = parse_contract("fuzz.yaml", data) else {
        return;
    };
    let mut registry = Registry::open_in_memory().expect("in-memory registry");
    let title = contract.title.clone();
    let file = ImportFile {
        name: "fuzz.yaml".into(),
        contract,
    };
    if registry.import(&[file], "fuzz@example.com").is_ok() {
        let audit = registry.verify_audit().expect("verify");
        assert!(audit.intact, "{:?}", audit.first_bad);
        registry
            .list(&ListQuery::default(), chrono::Utc::now())
            .expect("list");
        registry
            .search(&title)
            .expect("search by the imported title");
    }
});
