//! `investcalc`: check policies, evaluate scenarios, print the policy schema, and build or
//! serve the web calculator.

mod text;
mod web;

use clap::{Parser, Subcommand, ValueEnum};
use investcalc::{evaluate, Date, Issue, Lang, Options, Policy, RawValue};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "investcalc",
    version,
    about = "Investment-incentive calculator: policy rules as data, evaluated exactly"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    #[value(name = "en")]
    En,
    #[value(name = "zh-Hans")]
    ZhHans,
    #[value(name = "zh-Hant")]
    ZhHant,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::ZhHans => Lang::ZhHans,
            LangArg::ZhHant => Lang::ZhHant,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check a policy file. Exits 0 when valid, 1 listing every problem.
    Check {
        /// The policy JSON file.
        policy: PathBuf,
        /// Language of the messages.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
    },
    /// Evaluate a scenario. Exits 0 with the report, 2 when the scenario is invalid,
    /// 1 when the policy is invalid or a file cannot be read.
    Evaluate {
        /// The scenario JSON file, or - for standard input.
        #[arg(long)]
        scenario: String,
        /// A policy JSON file (default: the embedded default policy).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Language of labels and messages.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Read the rules as of this date (YYYY-MM-DD), overriding the scenario's asOf.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Print the JSON Schema of the policy format.
    Schema,
    /// Print the embedded default policy.
    DefaultPolicy,
    /// Build the web calculator (wasm module + www/) into a folder a website uploads.
    Build {
        /// The output folder.
        #[arg(long, default_value = "target/site")]
        out: PathBuf,
    },
    /// Build the web calculator, then serve it on http://127.0.0.1:PORT/.
    Serve {
        /// The port.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Where to build the site.
        #[arg(long, default_value = "target/site")]
        out: PathBuf,
    },
}

fn today() -> Date {
    // The CLI is the only place that reads the clock; the core takes the date as input.
    Date::from(time::OffsetDateTime::now_utc().date())
}

fn print_issues(issues: &[Issue]) {
    for i in issues {
        eprintln!("{i}");
    }
}

fn read_input(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
    }
}

fn load_policy(path: Option<&PathBuf>, lang: Lang) -> Result<Policy, ExitCode> {
    let text = match path {
        None => investcalc::policy::DEFAULT_POLICY_JSON.to_string(),
        Some(p) => read_input(&p.to_string_lossy()).map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(1)
        })?,
    };
    Policy::from_json(&text, lang).map_err(|issues| {
        eprintln!(
            "error: the policy is not valid ({} problem(s)):",
            issues.len()
        );
        print_issues(&issues);
        ExitCode::from(1)
    })
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { policy, lang } => {
            let lang = Lang::from(lang);
            match load_policy(Some(&policy), lang) {
                Ok(p) => {
                    println!(
                        "ok: {} {} — {} zones, {} programs",
                        p.id,
                        p.version,
                        p.zones.len(),
                        p.programs.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(code) => code,
            }
        }
        Command::Evaluate {
            scenario,
            policy,
            lang,
            format,
            as_of,
        } => {
            let lang = Lang::from(lang);
            let as_of = match as_of.as_deref().map(|s| (s, Date::parse(s))) {
                None => None,
                Some((_, Some(d))) => Some(d),
                Some((s, None)) => {
                    eprintln!("error: --as-of `{s}` is not a date in the form YYYY-MM-DD");
                    return ExitCode::from(2);
                }
            };
            let policy = match load_policy(policy.as_ref(), lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let text = match read_input(&scenario) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            };
            let raw = match RawValue::from_json(&text) {
                Ok(r) => r,
                Err(e) => {
                    let issue = Issue::new(
                        "json-syntax",
                        "",
                        lang,
                        &[
                            ("detail", &e.to_string()),
                            ("at", &format!("{}:{}", e.line(), e.column())),
                        ],
                    );
                    print_issues(&[issue]);
                    return ExitCode::from(2);
                }
            };
            let report = evaluate(
                &policy,
                &raw,
                &Options {
                    lang,
                    today: today(),
                    as_of,
                },
            );
            match format {
                Format::Json => println!("{}", json(&report)),
                Format::Text => print!("{}", text::render(&report)),
            }
            if report.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                print_issues(&report.errors);
                ExitCode::from(2)
            }
        }
        Command::Schema => {
            println!("{}", json(&Policy::json_schema()));
            ExitCode::SUCCESS
        }
        Command::DefaultPolicy => {
            // The readable source of the embedded (minified) policy.
            print!("{}", include_str!("../../policy/default.json"));
            ExitCode::SUCCESS
        }
        Command::Build { out } => match web::build(&out) {
            Ok(report) => {
                println!("{report}");
                if report.over_budget() {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::Serve { port, out } => {
            match web::build(&out) {
                Ok(report) => println!("{report}"),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            }
            match web::serve(&out, port) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
