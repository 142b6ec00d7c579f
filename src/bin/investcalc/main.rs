//! `investcalc`: check policies, evaluate scenarios, print the policy schema, and build or
//! serve the web calculator.

mod input;
mod output;
mod serve;
mod site;
mod text;

use clap::{Parser, Subcommand, ValueEnum};
use input::{Doc, ReadError, POLICY_LIMIT, SCENARIO_LIMIT};
use investcalc::scenario::ScenarioError;
use investcalc::{evaluate, Date, Issue, Lang, Options, Policy, RawValue};
use output::{eprint, error, print};
use std::path::{Path, PathBuf};
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
    /// The schedule for a spreadsheet (UTF-8 with a byte-order mark).
    Csv,
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
    /// Check a policy file (at most 64 MiB). Exits 0 when valid, 1 listing every problem.
    Check {
        /// The policy JSON file, or - for standard input.
        policy: PathBuf,
        /// Language of the messages.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
    },
    /// Evaluate a scenario. Exits 0 with the report, 2 when the scenario is invalid (or
    /// over 16 MiB, or not UTF-8), 1 when the policy is invalid or a file cannot be read.
    Evaluate {
        /// The scenario JSON file, or - for standard input.
        #[arg(long)]
        scenario: PathBuf,
        /// A policy JSON file, at most 64 MiB (default: the embedded default policy).
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
        #[command(flatten)]
        parcels: ParcelArgs,
    },
    /// Print the JSON Schema of the policy format.
    Schema,
    /// Print the embedded default policy.
    DefaultPolicy,
    /// Build the web calculator (wasm module + www/) into a folder a website uploads.
    /// Installs the wasm32 target through rustup when it is missing.
    Build {
        /// The output folder.
        #[arg(long, default_value = "target/site")]
        out: PathBuf,
        /// Also write the calculator as one HTML file with everything inlined, which works
        /// opened from disk (file://) with no network.
        #[arg(long, value_name = "OUT.html")]
        single_file: Option<PathBuf>,
        /// The language of that file's page (en, zh-Hans, zh-Hant).
        #[arg(long, value_enum, default_value = "zh-Hans")]
        single_file_lang: LangArg,
    },
    /// Build the web calculator, then serve it on http://127.0.0.1:PORT/ (gzip when the
    /// browser accepts it).
    Serve {
        /// The port.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Where to build the site.
        #[arg(long, default_value = "target/site")]
        out: PathBuf,
    },
}

/// A page of one zone's parcels instead of the report (the report carries each zone's
/// best 20): JSON `{ zone, total, matched, offset, parcels }`, best first.
#[derive(clap::Args, Debug, Default)]
struct ParcelArgs {
    /// Print this zone's parcels, best first (those that fit, then the cheapest).
    #[arg(long, value_name = "ZONE")]
    parcels: Option<String>,
    /// With --parcels: how many matching parcels to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// With --parcels: how many to print.
    #[arg(long, default_value_t = investcalc::engine::LAND_PAGE)]
    limit: usize,
    /// With --parcels: only those that fit (true) or that do not (false).
    #[arg(long)]
    fits: Option<bool>,
    /// With --parcels: the least parcel area, mu.
    #[arg(long, value_name = "MU")]
    min_area_mu: Option<String>,
    /// With --parcels: the largest parcel area, mu.
    #[arg(long, value_name = "MU")]
    max_area_mu: Option<String>,
    /// With --parcels: the highest price per mu, CNY.
    #[arg(long, value_name = "CNY")]
    max_price_per_mu: Option<String>,
}

fn today() -> Date {
    // The CLI is the only place that reads the clock; the core takes the date as input.
    Date::from(time::OffsetDateTime::now_utc().date())
}

/// Every issue on its own line on standard error.
fn print_issues(issues: &[Issue]) {
    let mut text = String::new();
    for i in issues {
        text.push_str(&i.to_string());
        text.push('\n');
    }
    eprint(&text);
}

/// Pretty JSON; serialising a report or a schema to a string cannot fail, but if it did,
/// the error is still JSON.
fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string())
}

/// Prints `text` on standard output; a failed write gives the exit code to stop with.
fn emit(text: &str) -> Result<(), ExitCode> {
    print(text).map_err(|f| f.exit_code())
}

fn load_policy(path: Option<&Path>, lang: Lang) -> Result<Policy, ExitCode> {
    let text = match path {
        None => investcalc::policy::DEFAULT_POLICY_JSON.to_string(),
        Some(p) => {
            let doc = Doc {
                what: "policy",
                limit: POLICY_LIMIT,
            };
            input::read_text(p, &doc).map_err(|e| {
                error(e.message());
                ExitCode::from(1)
            })?
        }
    };
    Policy::from_json(&text, lang).map_err(|issues| {
        error(&format!(
            "the policy is not valid ({} problem(s)):",
            issues.len()
        ));
        print_issues(&issues);
        ExitCode::from(1)
    })
}

fn check(policy: &Path, lang: Lang) -> Result<ExitCode, ExitCode> {
    let p = load_policy(Some(policy), lang)?;
    emit(&format!(
        "ok: {} {} — {} zones, {} programs\n",
        p.id,
        p.version,
        p.zones.len(),
        p.programs.len()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn evaluate_cmd(
    scenario: &Path,
    policy: Option<&Path>,
    lang: Lang,
    format: Format,
    as_of: Option<&str>,
    parcels: &ParcelArgs,
) -> Result<ExitCode, ExitCode> {
    let as_of = match as_of {
        None => None,
        Some(s) => match Date::parse(s) {
            Some(d) => Some(d),
            None => {
                // Through the catalogue: localized, and the value cut like any other echo.
                print_issues(&[Issue::new(
                    ScenarioError::InvalidDate,
                    "--as-of",
                    lang,
                    &[("value", s)],
                )]);
                return Err(ExitCode::from(2));
            }
        },
    };
    let policy = load_policy(policy, lang)?;
    let doc = Doc {
        what: "scenario",
        limit: SCENARIO_LIMIT,
    };
    let text = input::read_text(scenario, &doc).map_err(|e| {
        error(e.message());
        match e {
            ReadError::Io(_) => ExitCode::from(1),
            ReadError::TooLarge(_) | ReadError::NotUtf8(_) => ExitCode::from(2),
        }
    })?;
    let raw = RawValue::from_json(&text).map_err(|e| {
        let issue = Issue::new(
            ScenarioError::JsonSyntax,
            "",
            lang,
            &[
                ("detail", &e.to_string()),
                ("at", &format!("{}:{}", e.line(), e.column())),
            ],
        );
        print_issues(&[issue]);
        ExitCode::from(2)
    })?;
    let opts = Options {
        lang,
        today: today(),
        as_of,
    };
    if let Some(zone) = &parcels.parcels {
        return parcels_cmd(&policy, &raw, &opts, zone, parcels);
    }
    let report = evaluate(&policy, &raw, &opts);
    match format {
        Format::Json => emit(&(json(&report) + "\n"))?,
        Format::Text => emit(&text::render(&report))?,
        Format::Csv => emit(&report.to_csv(&[]))?,
    }
    if report.errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        print_issues(&report.errors);
        Ok(ExitCode::from(2))
    }
}

/// `evaluate --parcels ZONE`: a page of the zone's parcels as JSON; exits 2 for a bad
/// scenario or filter.
fn parcels_cmd(
    policy: &Policy,
    raw: &RawValue,
    opts: &Options,
    zone: &str,
    a: &ParcelArgs,
) -> Result<ExitCode, ExitCode> {
    let mut bad = Vec::new();
    let mut dec = |flag: &str, v: &Option<String>| {
        let text = v.as_deref()?;
        let d = investcalc::money::parse_decimal(text);
        if d.is_none() {
            let args = [("value", text)];
            bad.push(Issue::new(
                ScenarioError::InvalidNumber,
                flag,
                opts.lang,
                &args,
            ));
        }
        d
    };
    let query = investcalc::engine::LandQuery {
        zone: zone.to_string(),
        fits: a.fits,
        min_area_mu: dec("--min-area-mu", &a.min_area_mu),
        max_area_mu: dec("--max-area-mu", &a.max_area_mu),
        max_price_per_mu: dec("--max-price-per-mu", &a.max_price_per_mu),
        offset: a.offset,
        limit: a.limit,
    };
    if !bad.is_empty() {
        print_issues(&bad);
        return Ok(ExitCode::from(2));
    }
    match investcalc::engine::parcels(policy, raw, opts, &query) {
        Ok(page) => {
            emit(&(json(&page) + "\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(issues) => {
            print_issues(&issues);
            Ok(ExitCode::from(2))
        }
    }
}

fn build(out: &Path) -> Result<ExitCode, ExitCode> {
    let report = site::build(out, today()).map_err(|e| {
        error(&e);
        ExitCode::from(1)
    })?;
    emit(&format!("{report}\n"))?;
    // Over budget is said in the size line; the browser tests enforce the budgets, and a
    // site that works is still written.
    Ok(ExitCode::SUCCESS)
}

fn serve(out: &Path, port: u16) -> Result<ExitCode, ExitCode> {
    build(out)?;
    serve::serve(out, port).map_err(|e| {
        error(&e);
        ExitCode::from(1)
    })?;
    Ok(ExitCode::SUCCESS)
}

fn run(cli: Cli) -> Result<ExitCode, ExitCode> {
    match cli.command {
        Command::Check { policy, lang } => check(&policy, Lang::from(lang)),
        Command::Evaluate {
            scenario,
            policy,
            lang,
            format,
            as_of,
            parcels,
        } => evaluate_cmd(
            &scenario,
            policy.as_deref(),
            Lang::from(lang),
            format,
            as_of.as_deref(),
            &parcels,
        ),
        Command::Schema => {
            emit(&(json(&Policy::json_schema()) + "\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::DefaultPolicy => {
            // The readable source of the embedded (minified) policy.
            emit(include_str!("../../policy/default.json"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Build {
            out,
            single_file,
            single_file_lang,
        } => {
            let code = build(&out)?;
            match single_file {
                None => Ok(code),
                Some(file) => {
                    let lang = Lang::from(single_file_lang).tag();
                    let bytes = site::single::write(&out, &file, lang).map_err(|e| {
                        error(&e);
                        ExitCode::from(1)
                    })?;
                    emit(&format!(
                        "wrote {} ({bytes} bytes, everything inlined)\n",
                        file.display()
                    ))?;
                    Ok(code)
                }
            }
        }
        Command::Serve { port, out } => serve(&out, port),
    }
}

/// `--help`, `--version` and usage errors, written like every other output (clap's own
/// `exit()` ignores a failed write and exits 0).
fn clap_exit(e: clap::Error) -> ExitCode {
    use std::io::IsTerminal;
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    let to_terminal = if e.use_stderr() {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    let styled = e.render();
    let text = if to_terminal {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    if e.use_stderr() {
        eprint(&text);
        ExitCode::from(code)
    } else {
        match emit(&text) {
            Ok(()) => ExitCode::from(code),
            Err(failed) => failed,
        }
    }
}

fn main() -> ExitCode {
    match Cli::try_parse() {
        Ok(cli) => run(cli).unwrap_or_else(|code| code),
        Err(e) => clap_exit(e),
    }
}
