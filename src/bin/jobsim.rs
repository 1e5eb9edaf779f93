//! `jobsim`: the engine on the command line (../shared/design/cli-contract.md).
//!
//! Exit codes: 0 done (a Job that failed is still a successful
//! simulation), 1 invalid input, 2 bad usage, 3 a lesson check failed.

#![forbid(unsafe_code)]

use job_playground::manifest::{self, Problem};
use job_playground::quote::quote;
use job_playground::scenario::{self, parse_duration};
use job_playground::sim::{self, Options};
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage:
  jobsim run MANIFEST [--scenario FILE] [--until DUR] [--format text|json] [--at T] [--max-events N]
  jobsim validate MANIFEST [--scenario FILE]
  jobsim lessons [DIR]
MANIFEST and FILE may be - for standard input. DUR and T: 90s, 5m, 1h30m, or seconds.";

enum Exit {
    Done,
    Invalid,
    Usage(String),
    LessonFailed,
}

fn read_input(path: &str) -> Result<String, Exit> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Exit::Usage(format!("cannot read standard input: {e}")))?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).map_err(|e| Exit::Usage(format!("cannot read {path}: {e}")))
    }
}

fn print_problems(file: &str, problems: &[Problem]) {
    for p in problems {
        eprintln!("{file}:{}:{}: {}: {}", p.line, p.col, p.path, p.message);
    }
}

struct Args {
    positional: Vec<String>,
    scenario: Option<String>,
    until: Option<String>,
    format: String,
    at: Option<String>,
    max_events: u64,
}

/// The CLI's default safety cap on simulated events. Every lesson needs
/// under 500, a day of a minutely CronJob about 10 000; 30 000 keeps a
/// runaway manifest (`completions: 100000`, a year of `* * * * *`) under
/// 100 ms of CPU. `--max-events` lifts it for long studies.
const CLI_MAX_EVENTS: u64 = 30_000;

fn parse_args(args: &[String]) -> Result<Args, Exit> {
    let mut out = Args {
        positional: Vec::new(),
        scenario: None,
        until: None,
        format: "text".into(),
        at: None,
        max_events: CLI_MAX_EVENTS,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| Exit::Usage(format!("{name} needs a value")))
        };
        match a.as_str() {
            "--scenario" => out.scenario = Some(value("--scenario")?),
            "--until" => out.until = Some(value("--until")?),
            "--format" => out.format = value("--format")?,
            "--at" => out.at = Some(value("--at")?),
            "--max-events" => {
                let v = value("--max-events")?;
                out.max_events = v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    Exit::Usage(format!(
                        "--max-events must be a positive whole number, not {}",
                        quote(&v)
                    ))
                })?;
            }
            s if s.starts_with("--") => return Err(Exit::Usage(format!("unknown option {s}"))),
            _ => out.positional.push(a.clone()),
        }
    }
    if out.format != "text" && out.format != "json" {
        return Err(Exit::Usage(format!(
            "--format must be text or json, not {}",
            quote(&out.format)
        )));
    }
    Ok(out)
}

fn duration_arg(name: &str, v: &Option<String>) -> Result<Option<i64>, Exit> {
    match v {
        None => Ok(None),
        Some(s) => parse_duration(s)
            .map(Some)
            .ok_or_else(|| Exit::Usage(format!("{name}: invalid duration {}", quote(s)))),
    }
}

/// Reads and checks the manifest and scenario; prints every problem.
fn load(args: &Args) -> Result<(String, manifest::Manifest, scenario::Scenario), Exit> {
    let [file] = args.positional.as_slice() else {
        return Err(Exit::Usage("expected exactly one MANIFEST".into()));
    };
    let text = read_input(file)?;
    let m = manifest::read(&text);
    let mut bad = !m.problems.is_empty();
    print_problems(file, &m.problems);
    let scenario = match &args.scenario {
        Some(path) => {
            let s = scenario::read(&read_input(path)?);
            print_problems(path, &s.problems);
            bad |= !s.problems.is_empty();
            s.scenario
        }
        None => scenario::Scenario::default(),
    };
    if bad {
        return Err(Exit::Invalid);
    }
    Ok((file.clone(), m, scenario))
}

fn run(args: &[String]) -> Result<Exit, Exit> {
    let args = parse_args(args)?;
    let until = duration_arg("--until", &args.until)?;
    let at = duration_arg("--at", &args.at)?;
    let (_, m, scenario) = load(&args)?;
    let objects: Vec<_> = m.objects.into_iter().map(|(o, _)| o).collect();
    let opts = Options {
        until,
        max_events: args.max_events,
        ..Options::default()
    };
    let trace = sim::simulate(&objects, &scenario, &opts);
    if trace.steps >= opts.max_events {
        eprintln!(
            "jobsim: the run stopped at the safety cap of {} events; --max-events N lets it go further",
            opts.max_events
        );
    }
    if args.format == "json" {
        let json = sim::json::to_json(&trace);
        println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    } else {
        let t = at.unwrap_or(trace.end).min(trace.end);
        print!("{}", job_playground::kubectl::summary(&trace, t));
        for n in &trace.notes {
            println!("note: {n}");
        }
    }
    // The process ends next and the system takes its memory back at once;
    // freeing a long run's records one by one (a year of a minutely CronJob
    // is half a million Jobs) would add up to a second to the run.
    std::mem::forget(trace);
    Ok(Exit::Done)
}

fn validate(args: &[String]) -> Result<Exit, Exit> {
    let args = parse_args(args)?;
    let (file, _, _) = load(&args)?;
    println!("{file}: valid");
    Ok(Exit::Done)
}

fn lessons(args: &[String]) -> Result<Exit, Exit> {
    let dir = args.first().cloned().unwrap_or_else(|| "lessons".into());
    let report =
        job_playground::lesson::check_dir(std::path::Path::new(&dir)).map_err(Exit::Usage)?;
    print!("{}", report.text);
    Ok(if report.failed == 0 {
        Exit::Done
    } else {
        Exit::LessonFailed
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or(&[]);
    let result = match args.first().map(String::as_str) {
        Some("run") => run(rest),
        Some("validate") => validate(rest),
        Some("lessons") => lessons(rest),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(Exit::Usage(format!("unknown command {}", quote(other)))),
        None => Err(Exit::Usage("a command is needed".into())),
    };
    match result.unwrap_or_else(|e| e) {
        Exit::Done => ExitCode::SUCCESS,
        Exit::Invalid => ExitCode::from(1),
        Exit::LessonFailed => ExitCode::from(3),
        Exit::Usage(msg) => {
            eprintln!("jobsim: {msg}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
