//! Any bytes given to `parse_contract`, under a YAML and a JSON file name,
//! must come back as a contract or a `FormatError`, never a panic, a hang or
//! unbounded memory; a contract that parses must also survive writing it
//! out and reading it back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warrant_core::format::{parse_contract, to_json, to_yaml};

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.yaml", "fuzz.json"] {
        if let Ok(contract) = parse_contract(name, data) {
            let yaml = to_yaml(&contract);
            let again = parse_contract("again.yaml", yaml.as_bytes())
                .expect("what Warrant writes, Warrant reads");
            assert_eq!(again, contract, "YAML round trip changed the contract");
            let json = to_json(&contract);
            let again = parse_contract("again.json", json.as_bytes())
                .expect("what Warrant writes, Warrant reads");
            assert_eq!(again, contract, "JSON round trip changed the contract");
        }
    }
});
