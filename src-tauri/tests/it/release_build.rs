//! The app a person installs answers no dialog from the environment: the
//! end-to-end test hooks (`WARRANT_E2E_*`) exist only in a build with the
//! `e2e` cargo feature. `cargo test` builds the binary without it, so its
//! bytes must not hold the hooks' variable names.

#[test]
fn a_build_without_the_e2e_feature_has_no_test_hooks() {
    let binary = std::fs::read(env!("CARGO_BIN_EXE_warrant-app")).expect("the app binary");
    let needle = b"WARRANT_E2E_";
    let found = binary.windows(needle.len()).any(|w| w == needle);
    assert!(
        !found,
        "the app binary contains WARRANT_E2E_ test hooks; they must compile only with --features e2e"
    );
}
