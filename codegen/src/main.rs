//! `codegen`: regenerate, check, lint and emit datacloud clients.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use datacloud_codegen::registry::{generated_path, APIS};
use datacloud_codegen::repair::{Mode, Repair};
use datacloud_codegen::rules::{self, Level};
use datacloud_codegen::{check_file_with, generate_checked, Settings, Severity};

// Generation builds and drops millions of small syntax nodes (tokens, syn trees, strings):
// with the system allocator, malloc and free were a quarter of its instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  codegen generate [--repair]   regenerate generated/ and the API surface snapshots; print a table
  codegen check                 exit 1 when generated/ or the snapshots are stale
  codegen lint [--repair] [SPEC...]
                                errors and warnings (default: every spec in specs/); exit 1 on errors
  codegen rules                 every rule diagnostics report by: code, stage, level and summary
                                (a Markdown table, as in the README)
  codegen emit SPEC [--name N] [--runtime PATH] [--serde-feature F] [--repair]
                                one spec's module on stdout (runtime default ::datacloud::runtime;
                                with F, a type's unused serde direction only with cargo feature F)
  codegen diff OLD NEW | --git REV [--format text|markdown|json] [--fail-on breaking]
                                what a spec change means for users of the generated client: two
                                spec files, or every spec in specs/ at REV against the working tree
                                (run from the repository root); exit 1 with --fail-on breaking when
                                a change is breaking, 2 when a spec does not load or validate

--repair applies the named repairs of defects that published specs often have and whose intent
is clear, each listed as a warning with its place (without it, each is an error naming its
repair):";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprintln!("{USAGE}");
        return Ok(ExitCode::from(2));
    };
    match cmd.as_str() {
        "generate" => generate(false, repairs(&args[1..])?),
        "check" => generate(true, Mode::Report),
        "lint" => lint(&args[1..]),
        "emit" => emit(&args[1..]),
        "diff" => diff(&args[1..]),
        "rules" if args.len() == 1 => {
            print!("{}", rules::table());
            Ok(ExitCode::SUCCESS)
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            for r in Repair::ALL {
                println!("  {:<26}  {}", r.name(), r.description());
            }
            Ok(ExitCode::SUCCESS)
        }
        other => bail!("unknown command `{other}`\n{USAGE}"),
    }
}

/// The repository root: where Cargo.toml of the workspace is.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The insta snapshot file that pins an API's surface, written here so that one command
/// refreshes both generated/ and the snapshots.
pub fn snapshot_path(module: &str) -> String {
    format!("tests/snapshots/generated__{module}.snap")
}

fn snapshot_text(surface: &str) -> String {
    format!("---\nsource: tests/generated.rs\nexpression: out.surface\n---\n{surface}")
}

/// `--repair` among `args` (the only option `generate` takes).
fn repairs(args: &[String]) -> Result<Mode> {
    match args {
        [] => Ok(Mode::Report),
        [r] if r == "--repair" => Ok(Mode::Apply),
        _ => bail!("generate takes only `--repair`\n{USAGE}"),
    }
}

/// One API generated: its repair warnings, its output and how long it took.
struct Generated {
    repairs: Vec<String>,
    out: datacloud_codegen::Output,
    ms: u128,
}

/// Load, check and generate one API.
fn generate_api(
    root: &Path,
    api: &datacloud_codegen::registry::ApiSpec,
    repairs: Mode,
) -> Result<Generated> {
    let start = Instant::now();
    let checked =
        check_file_with(&root.join(api.spec), repairs).map_err(|e| anyhow::anyhow!("{e}"))?;
    let repairs = checked
        .warnings
        .iter()
        .filter(|w| w.rule.level() == Level::Repair)
        .map(|w| w.to_string())
        .collect();
    let out = generate_checked(&checked, api.spec, &Settings::new(api.module))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Generated {
        repairs,
        out,
        ms: start.elapsed().as_millis(),
    })
}

/// Every API of the registry generated, in the registry's order.
fn generate_all(root: &Path, repairs: Mode) -> Vec<Result<Generated>> {
    // Each API on its own thread (they share nothing), with the main thread's usual stack.
    // The caller reports and writes the results in the registry's order, so the output does
    // not depend on which finished first, and the first API that fails is the one reported.
    std::thread::scope(|scope| {
        let handles: Vec<_> = APIS
            .iter()
            .map(|api| {
                std::thread::Builder::new()
                    .name(api.module.to_string())
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, || generate_api(root, api, repairs))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h {
                Ok(h) => h
                    .join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("the generator panicked"))),
                Err(e) => Err(anyhow::anyhow!("cannot start a thread: {e}")),
            })
            .collect()
    })
}

fn generate(check_only: bool, repairs: Mode) -> Result<ExitCode> {
    let root = root();
    let mut stale = Vec::new();
    let start = Instant::now();
    let results = generate_all(&root, repairs);
    println!(
        "{:<14} {:>10} {:>6} {:>7} {:>6}",
        "api", "operations", "types", "lines", "ms"
    );
    for (api, result) in APIS.iter().zip(results) {
        let Generated { repairs, out, ms } = result?;
        for w in repairs {
            eprintln!("{w}");
        }
        println!(
            "{:<14} {:>10} {:>6} {:>7} {:>6}",
            api.module,
            out.operations,
            out.types,
            out.code.lines().count(),
            ms
        );
        for (path, text) in [
            (generated_path(api.module), out.code),
            (snapshot_path(api.module), snapshot_text(&out.surface)),
        ] {
            let full = root.join(&path);
            let current = std::fs::read_to_string(&full).unwrap_or_default();
            if current != text {
                if check_only {
                    stale.push(path);
                } else {
                    if let Some(dir) = full.parent() {
                        std::fs::create_dir_all(dir)?;
                    }
                    std::fs::write(&full, text).with_context(|| format!("writing {path}"))?;
                }
            }
        }
    }
    // The APIs ran side by side: the total is the time it all took, not the sum of the rows.
    println!(
        "{:<14} {:>10} {:>6} {:>7} {:>6}",
        "total (wall)",
        "",
        "",
        "",
        start.elapsed().as_millis()
    );
    if !stale.is_empty() {
        eprintln!(
            "stale: {}\nrun: cargo run -p datacloud-codegen -- generate",
            stale.join(", ")
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn lint(args: &[String]) -> Result<ExitCode> {
    let root = root();
    let repairs = if args.iter().any(|a| a == "--repair") {
        Mode::Apply
    } else {
        Mode::Report
    };
    let specs: Vec<&String> = args.iter().filter(|a| *a != "--repair").collect();
    let files: Vec<PathBuf> = if specs.is_empty() {
        APIS.iter().map(|a| root.join(a.spec)).collect()
    } else {
        specs.iter().map(PathBuf::from).collect()
    };
    let mut failed = false;
    for file in files {
        match check_file_with(&file, repairs) {
            Ok(checked) => {
                for w in &checked.warnings {
                    println!("{w}");
                }
                let errors = checked
                    .warnings
                    .iter()
                    .filter(|d| d.severity() == Severity::Error)
                    .count();
                println!(
                    "{}: ok, {} warning(s)",
                    file.display(),
                    checked.warnings.len() - errors
                );
            }
            Err(e) => {
                failed = true;
                println!("{e}");
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn emit(args: &[String]) -> Result<ExitCode> {
    let mut spec = None;
    let mut name = None;
    let mut runtime = "::datacloud::runtime".to_string();
    let mut repairs = Mode::Report;
    let mut serde_feature = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--repair" => repairs = Mode::Apply,
            "--name" => name = it.next().cloned(),
            "--runtime" => runtime = it.next().cloned().context("--runtime needs a path")?,
            "--serde-feature" => {
                serde_feature = Some(it.next().cloned().context("--serde-feature needs a name")?)
            }
            s if spec.is_none() => spec = Some(s.to_string()),
            s => bail!("unexpected argument `{s}`\n{USAGE}"),
        }
    }
    let spec = spec.context(USAGE)?;
    // Checked here: a path that is not one would otherwise surface as generated code that
    // does not parse, reported as a generator bug.
    if syn::parse_str::<syn::Path>(&runtime).is_err() {
        bail!(
            "`--runtime {runtime}` is not a Rust path; give the module that holds the runtime, \
             such as `::datacloud::runtime` (the default) or `crate::runtime`\n{USAGE}"
        );
    }
    let name = name.unwrap_or_else(|| {
        Path::new(&spec)
            .file_stem()
            .map(|s| s.to_string_lossy().replace('-', "_"))
            .unwrap_or_else(|| "api".into())
    });
    let checked = match check_file_with(Path::new(&spec), repairs) {
        Ok(c) => {
            // The repairs applied, on stderr: stdout is the module.
            for w in c
                .warnings
                .iter()
                .filter(|w| w.rule.level() == Level::Repair)
            {
                eprintln!("{w}");
            }
            c
        }
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(1));
        }
    };
    match generate_checked(
        &checked,
        &spec,
        &Settings::new(name)
            .with_runtime_path(runtime)
            .with_serde_gate(serde_feature.as_deref()),
    ) {
        Ok(out) => {
            print!("{}", out.code);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::from(1))
        }
    }
}

fn diff(args: &[String]) -> Result<ExitCode> {
    use datacloud_codegen::diff::{self, render};
    let mut files = Vec::new();
    let mut rev = None;
    let mut format = render::Format::Text;
    let mut fail_on_breaking = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--git" => rev = Some(it.next().context("--git needs a revision")?.clone()),
            "--format" => {
                let f = it.next().context("--format needs text, markdown or json")?;
                format = f.parse().map_err(anyhow::Error::msg)?;
            }
            "--fail-on" => match it.next().map(String::as_str) {
                Some("breaking") => fail_on_breaking = true,
                other => bail!("--fail-on takes `breaking`, not {other:?}"),
            },
            s if s.starts_with("--") => bail!("unknown option `{s}`\n{USAGE}"),
            s => files.push(PathBuf::from(s)),
        }
    }
    let result = match (rev, files.as_slice()) {
        // Specs are found relative to where the command runs: the repository under review.
        (Some(rev), []) => diff::git::diff_git(&std::env::current_dir()?, &rev),
        (None, [old, new]) => diff::diff_files(old, new),
        _ => bail!("diff takes OLD NEW, or --git REV\n{USAGE}"),
    };
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    print!("{}", render::render(&report, format));
    Ok(if fail_on_breaking && report.has_breaking() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
