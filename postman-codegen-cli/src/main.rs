//! The `postman-codegen` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use postman_codegen_mock::{MockApi, MockOptions, MockServer};
use postman_codegen::tooling::write::{write_crate, Mode};
use postman_codegen::tooling::change::{self, Summary};
use postman_codegen::{generate_file, Error, Options};

/// At most this many lines per group (added, removed, …) of the API change in the summary.
const SUMMARY_LINES: usize = 15;

/// mimalloc instead of the system allocator: building and formatting the token trees of a large
/// crate makes millions of small allocations, and glibc's malloc spent a third of the run in them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates typed Rust API clients from Postman collections.
#[derive(Debug, Parser)]
#[command(name = "postman-codegen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The variables a collection leaves open, as Postman and Newman take them.
#[derive(Debug, clap::Args)]
struct VariableArgs {
    /// A Postman environment export to resolve `{{variables}}` with (repeatable: the first resolves
    /// the collection, each becomes a named base URL in `environments`). Replaces the settings file's.
    #[arg(long = "environment", value_name = "FILE")]
    environments: Vec<PathBuf>,
    /// A Postman globals export (lowest precedence).
    #[arg(long, value_name = "FILE")]
    globals: Option<PathBuf>,
    /// A variable's value, highest precedence (repeatable), as Newman's `--env-var`.
    #[arg(long = "var", value_name = "KEY=VALUE")]
    vars: Vec<String>,
}

impl VariableArgs {
    /// The variables, read. Errors say which file, where, and what.
    fn read(&self) -> Result<postman_codegen::tooling::environment::Variables, String> {
        let mut variables = postman_codegen::tooling::environment::Variables::default();
        if let Some(globals) = &self.globals {
            variables.globals = Some(postman_codegen::tooling::environment::read(globals).map_err(|e| e.to_string())?);
        }
        for file in &self.environments {
            variables.environments.push(postman_codegen::tooling::environment::read(file).map_err(|e| e.to_string())?);
        }
        for pair in &self.vars {
            variables.add_override(pair)?;
        }
        Ok(variables)
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Writes a complete client crate for a collection.
    Generate {
        /// The Postman collection (v2.0 or v2.1 JSON).
        collection: PathBuf,
        /// The directory of the crate to write.
        #[arg(long)]
        out: PathBuf,
        /// The package name (default: the collection file's name plus `-client`).
        #[arg(long)]
        crate_name: Option<String>,
        /// Write nothing; exit 1 and list the files that differ when the crate is not up to date.
        #[arg(long)]
        check: bool,
        /// Replace the directory even if postman-codegen did not generate it.
        #[arg(long, conflicts_with = "check")]
        force: bool,
        /// Captured responses to type from (default: `<collection>.samples/` beside the collection,
        /// when there is one).
        #[arg(long, value_name = "DIR")]
        samples: Option<PathBuf>,
        #[command(flatten)]
        variables: VariableArgs,
    },
    /// Sends the collection's requests and stores each JSON response as a sample that `generate`
    /// types from: only safe methods (GET, HEAD, GraphQL queries) unless `--methods` names others.
    Capture {
        /// The Postman collection (v2.0 or v2.1 JSON).
        collection: PathBuf,
        /// The samples directory (`collections/<name>.samples` is where `generate` looks).
        #[arg(long, value_name = "SAMPLES_DIR")]
        out: PathBuf,
        /// The base URL to send to instead of the collection's (a staging server, a mock).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Other methods to send too, e.g. `POST,PUT` (they may change data).
        #[arg(long, value_delimiter = ',', value_name = "METHOD,...")]
        methods: Vec<String>,
        /// Only these operations (by name or item name) or folders (repeatable).
        #[arg(long, value_name = "OPERATION|FOLDER")]
        only: Vec<String>,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
        concurrency: u16,
        /// At most this many requests per second, e.g. `5/s` or `5`.
        #[arg(long, value_name = "N/s")]
        rate: Option<String>,
        /// Seconds to wait for each response.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        /// Response fields whose values are replaced by values of the same kind before storing.
        #[arg(long, value_delimiter = ',', value_name = "KEY,...")]
        redact: Vec<String>,
        #[command(flatten)]
        variables: VariableArgs,
    },
    /// Writes a collection as v2.1 JSON: a v1 collection converted, the Postman API's
    /// `{"collection": …}` wrapper removed.
    Convert {
        /// The collection (v1, v2.0 or v2.1 JSON, plain or as the Postman API returns it).
        collection: PathBuf,
        /// The file to write (replaced atomically).
        #[arg(long)]
        out: PathBuf,
    },
    /// Fetches a collection (and environments) from the Postman API and writes it in the canonical
    /// export form (keys sorted), so a diff shows what changed in Postman. The API key is read from
    /// `POSTMAN_API_KEY` and never printed or written.
    Pull {
        /// The collection's id or uid.
        collection: String,
        /// The collection file to write.
        #[arg(long)]
        out: PathBuf,
        /// An environment to pull too, as `ID=FILE` (repeatable).
        #[arg(long = "environment", value_name = "ID=FILE")]
        environments: Vec<String>,
        /// The Postman API's base URL.
        #[arg(long, default_value = postman_codegen_net::pull::DEFAULT_API_URL)]
        api_url: String,
    },
    /// Serves the collection's saved example responses on a local HTTP server (Ctrl-C stops it).
    Mock {
        /// The Postman collection (v2.0 or v2.1 JSON).
        collection: PathBuf,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The address to listen on; loopback unless you say otherwise.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Answer 400 with the reasons when query parameters or a JSON body do not fit the collection.
        #[arg(long)]
        validate: bool,
        #[command(flatten)]
        variables: VariableArgs,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Mock { collection, port, host, validate, variables } => match variables.read() {
            Ok(variables) => mock(&collection, &host, port, validate, variables),
            Err(message) => {
                eprintln!("error: {}", postman_codegen::tooling::docs::shorten_message(&message));
                ExitCode::FAILURE
            }
        },
        Command::Convert { collection, out } => convert(&collection, &out),
        Command::Pull { collection, out, environments, api_url } => {
            let mut pairs = Vec::new();
            for pair in environments {
                match pair.split_once('=') {
                    Some((id, file)) if !id.is_empty() && !file.is_empty() => pairs.push((id.to_owned(), PathBuf::from(file))),
                    _ => {
                        eprintln!("error: --environment takes ID=FILE, not `{}`", pair.escape_debug());
                        return ExitCode::from(2);
                    }
                }
            }
            pull(&postman_codegen_net::pull::Pull { api_url, collection: (collection, out), environments: pairs })
        }
        Command::Capture { collection, out, base_url, methods, only, concurrency, rate, timeout, redact, variables } => {
            let rate = match rate.as_deref().map(|r| r.trim().trim_end_matches("/s").trim().parse::<f64>()) {
                None => None,
                Some(Ok(rate)) if rate > 0.0 && rate.is_finite() => Some(rate),
                Some(_) => {
                    eprintln!("error: --rate takes a number of requests per second, e.g. `5/s`");
                    return ExitCode::from(2);
                }
            };
            let options = postman_codegen::tooling::capture::CaptureOptions {
                methods: methods.iter().map(|m| m.trim().to_ascii_uppercase()).filter(|m| !m.is_empty()).collect(),
                only,
                concurrency: usize::from(concurrency),
                rate,
                timeout: std::time::Duration::from_secs(timeout.max(1)),
                base_url,
                redact: redact.into_iter().map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()).collect(),
            };
            match variables.read() {
                Ok(variables) => capture(&collection, &out, &variables, &options),
                Err(message) => {
                    eprintln!("error: {}", postman_codegen::tooling::docs::shorten_message(&message));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Generate { collection, out, crate_name, check, force, samples, variables } => {
            let crate_name = crate_name.unwrap_or_else(|| default_crate_name(&collection));
            if let Err(message) = postman_codegen::tooling::emit::validate_crate_name(&crate_name) {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
            // The names an earlier generation into `out` gave the types stay where they are free.
            let mut options = Options::new(crate_name);
            match variables.read() {
                Ok(variables) => options.settings.variables = variables,
                Err(message) => {
                    eprintln!("error: {}", postman_codegen::tooling::docs::shorten_message(&message));
                    return ExitCode::FAILURE;
                }
            }
            if let Some(dir) = &samples {
                match postman_codegen::tooling::samples::read_dir(dir) {
                    Ok(samples) => options.settings.samples = samples,
                    Err(error) => {
                        eprintln!("error: {}", postman_codegen::tooling::docs::shorten_message(&error.to_string()));
                        return ExitCode::FAILURE;
                    }
                }
            }
            match postman_codegen::tooling::settings::names_file::read(&out) {
                Ok(names) => options.settings.previous = names,
                Err(error) => {
                    eprintln!("error: {}", postman_codegen::tooling::docs::shorten_message(&error.to_string()));
                    return ExitCode::FAILURE;
                }
            }
            let generated = match generate_file(&collection, &options) {
                Ok(generated) => generated,
                Err(error) => {
                    // The message may quote the collection: one short line, control characters escaped.
                    eprintln!("error: {}", postman_codegen::tooling::docs::shorten_message(&error.to_string()));
                    return ExitCode::FAILURE;
                }
            };
            for warning in &generated.warnings {
                eprintln!("warning: {}: {warning}", collection.display());
            }
            let mode = match (check, force) {
                (true, _) => Mode::Check,
                (false, true) => Mode::Force,
                (false, false) => Mode::Write,
            };
            let summary = Summary::new(&change::read_crate(&out), &generated);
            match write_crate(&out, &generated.files, mode) {
                Ok(changed) => {
                    let what = if mode == Mode::Check { "is up to date" } else if changed { "written" } else { "unchanged" };
                    eprint!("{}: {what}: {}", out.display(), summary.render(SUMMARY_LINES));
                    ExitCode::SUCCESS
                }
                Err(Error::Stale { dir, files }) => {
                    eprintln!("{} is not up to date; these files differ:", dir.display());
                    for file in files {
                        println!("{file}");
                    }
                    eprint!("regenerating would give {}", summary.render(SUMMARY_LINES));
                    ExitCode::FAILURE
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Captures samples of the collection's responses into `out`, with a progress bar and a summary.
fn capture(collection: &std::path::Path, out: &std::path::Path, variables: &postman_codegen::tooling::environment::Variables, options: &postman_codegen::tooling::capture::CaptureOptions) -> ExitCode {
    use postman_codegen::tooling::capture;
    let mut diagnostics = postman_codegen::tooling::Diagnostics::default();
    let planned = std::fs::read(collection)
        .map_err(|source| Error::Read { file: collection.to_owned(), source })
        .and_then(|bytes| capture::plan(collection, &bytes, variables, options, &mut diagnostics));
    let plan = match planned {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("error: {}", postman_codegen::tooling::docs::shorten_message(&error.to_string()));
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let bar = indicatif::ProgressBar::new(plan.requests.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let progress_bar = bar.clone();
    let progress = std::sync::Arc::new(move |planned: &capture::Planned, outcome: &capture::Outcome| {
        let what = match &outcome.result {
            Ok((status, ..)) => format!("{} {status}", planned.operation),
            Err(error) => format!("{} {error}", planned.operation),
        };
        progress_bar.set_message(what);
        progress_bar.inc(1);
    });
    let outcomes = runtime.block_on(postman_codegen_net::capture::send(&plan, options, progress));
    bar.finish_and_clear();
    let report = outcomes.and_then(|outcomes| capture::store(out, &plan, &outcomes, options));
    match report {
        Ok(report) => {
            eprint!("{}: captured from {}\n{}", out.display(), collection.display(), report.render());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {}", postman_codegen::tooling::docs::shorten_message(&error.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// Runs a pull with the key in `POSTMAN_API_KEY`.
fn pull(request: &postman_codegen_net::pull::Pull) -> ExitCode {
    let Some(key) = std::env::var("POSTMAN_API_KEY").ok().filter(|k| !k.trim().is_empty()) else {
        eprintln!("error: set POSTMAN_API_KEY to a Postman API key (Postman: Settings › API keys)");
        return ExitCode::from(2);
    };
    match postman_codegen_net::pull::pull(request, key.trim()) {
        Ok(files) => {
            for file in files {
                eprintln!("wrote {}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {}", postman_codegen::tooling::docs::shorten_message(&error.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// Writes the v2.1 form of `collection` to `out` (through a temporary file, so a failure leaves `out`
/// as it was).
fn convert(collection: &std::path::Path, out: &std::path::Path) -> ExitCode {
    let mut diagnostics = postman_codegen::tooling::Diagnostics::default();
    let converted = std::fs::read(collection)
        .map_err(|source| Error::Read { file: collection.to_owned(), source })
        .and_then(|bytes| postman_codegen::tooling::parse::to_v21(collection, &bytes, &mut diagnostics));
    for warning in diagnostics.warnings() {
        eprintln!("warning: {}: {warning}", collection.display());
    }
    let value = match converted {
        Ok(value) => value,
        Err(error) => {
            eprintln!("error: {}", postman_codegen::tooling::docs::shorten_message(&error.to_string()));
            return ExitCode::FAILURE;
        }
    };
    let text = match serde_json::to_string_pretty(&value) {
        Ok(text) => text + "\n",
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let staging = out.with_file_name(format!(".{}.postman-codegen-new", out.file_name().and_then(|n| n.to_str()).unwrap_or("collection")));
    match std::fs::write(&staging, text).and_then(|()| std::fs::rename(&staging, out)) {
        Ok(()) => {
            eprintln!("wrote {} (Collection v2.1)", out.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = std::fs::remove_file(&staging);
            eprintln!("error: {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}

/// Runs the mock server until Ctrl-C.
fn mock(collection: &std::path::Path, host: &str, port: u16, validate: bool, variables: postman_codegen::tooling::environment::Variables) -> ExitCode {
    let mut diagnostics = postman_codegen::tooling::Diagnostics::default();
    let config = postman_codegen::Settings { variables, ..postman_codegen::Settings::default() };
    let loaded = std::fs::read(collection)
        .map_err(|source| Error::Read { file: collection.to_owned(), source })
        .and_then(|bytes| postman_codegen::tooling::api_from_bytes_with(collection, &bytes, &config, &mut diagnostics));
    let api = match loaded.map(MockApi::from_api) {
        Ok(api) => api,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    for warning in diagnostics.warnings() {
        eprintln!("warning: {}: {warning}", collection.display());
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    // `[::1]` and other IPv6 literals need brackets in a socket address.
    let addr = if host.contains(':') && !host.starts_with('[') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
    let options = MockOptions { validate, record: false, log: true };
    let result = runtime.block_on(async {
        let server = MockServer::start(api, &addr, options).await?;
        eprintln!(
            "mock of {} (requests: {}, saved examples: {}) on {}; base URL {}; Ctrl-C stops it",
            collection.display(),
            server.api().api().operations.len(),
            server.api().example_count(),
            server.url(),
            server.base_url()
        );
        server
            .serve_until(async {
                // If Ctrl-C cannot be watched, serve until killed.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            })
            .await
    });
    match result {
        Ok(()) => {
            eprintln!("mock stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `zoom.postman_collection.json` → `zoom-client`.
fn default_crate_name(collection: &std::path::Path) -> String {
    let name = collection.file_name().and_then(|n| n.to_str()).unwrap_or("api");
    let stem = name.strip_suffix(".postman_collection.json").or_else(|| name.strip_suffix(".json")).unwrap_or(name);
    let words = postman_codegen::tooling::names::package_words(stem);
    match words.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => format!("{words}-client"),
        Some(_) => format!("api-{words}-client"),
        None => "api-client".to_owned(),
    }
}
