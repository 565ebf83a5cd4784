//! The `warrant` binary: the command line in this crate's library.

fn main() -> std::process::ExitCode {
    warrant_cli::main()
}
