//! `jobsim`: the engine on the command line (see the README and
//! ../shared/design/cli-contract.md).

#![forbid(unsafe_code)]

use std::process::ExitCode;

const USAGE: &str = "usage:
  jobsim run MANIFEST [--scenario FILE] [--until DUR] [--format text|json] [--at T]
  jobsim validate MANIFEST [--scenario FILE]
  jobsim lessons [DIR]
MANIFEST and FILE may be - for standard input.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
