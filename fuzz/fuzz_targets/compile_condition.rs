//! Any text as a suppression condition (`when:`): compiling it either
//! succeeds or returns a located, plain-language error, never a panic or a
//! stack overflow; the limits on size and nesting hold before CEL parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warrant_core::condition::compile_condition;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    match compile_condition(source) {
        Ok(compiled) => {
            let _ = compiled.fields().count();
            let _ = compiled.reads_whole_record();
        }
        Err(error) => assert!(!error.message.is_empty()),
    }
});
