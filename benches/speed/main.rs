//! `cargo bench --bench speed --features astra_devops`: datacloud beside the references it
//! should match, in one run on this machine.
//!
//! - decoding 1,000 Astra databases against hand-written serde structs ([`reference`]);
//! - one GET of a database on loopback against raw reqwest with those structs;
//! - generating all five clients (release build of the generator, in this process).
//!
//! Each figure is the median of many samples after a warm-up. Compile-time rows are in
//! `scripts/build-times.sh`, since they need cargo itself.
//!
//! With `PROFILE_GET=ours` (or `raw`) the binary only sends 2,000 GETs with that client, and
//! with `PROFILE_DECODE=ours` (or `ref`) it only decodes the 1,000 databases three times
//! (`none`: it only builds them, the part to subtract), for a profiler whose counts, unlike
//! this machine's wall clock, repeat:
//! `PROFILE_GET=ours valgrind --tool=callgrind --cache-sim=yes --branch-sim=yes
//! target/release/deps/speed-<hash>`.

mod payload;
mod reference;
mod server;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use datacloud::astra_devops::{types, Client};
use datacloud::runtime::{Credentials, RetryPolicy};

/// The median of `samples` timings of `f`, each over `iters` calls, per call.
fn median(samples: usize, iters: u32, mut f: impl FnMut()) -> Duration {
    let (t, _) = compare(samples, iters, &mut f, || {});
    t
}

/// The medians of `f` and `g` per call, sampled in turn (`iters` calls per sample) so that
/// both see the same machine load, after a warm-up.
fn compare(
    samples: usize,
    iters: u32,
    mut f: impl FnMut(),
    mut g: impl FnMut(),
) -> (Duration, Duration) {
    let time = |h: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..iters {
            h();
        }
        start.elapsed() / iters
    };
    time(&mut f);
    time(&mut g);
    let (mut fs, mut gs): (Vec<Duration>, Vec<Duration>) =
        (0..samples).map(|_| (time(&mut f), time(&mut g))).unzip();
    fs.sort();
    gs.sort();
    (fs[samples / 2], gs[samples / 2])
}

/// One row of the table.
struct Row {
    work: &'static str,
    ours: Duration,
    reference: &'static str,
    theirs: Duration,
    goal: &'static str,
}

fn show(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us >= 1e6 {
        format!("{:.2} s", us / 1e6)
    } else if us >= 1e3 {
        format!("{:.2} ms", us / 1e3)
    } else {
        format!("{us:.1} us")
    }
}

/// Three decodes of 1,000 databases (`ours` or `ref`; `none` only builds the payload),
/// untimed: the `PROFILE_DECODE` mode.
fn profile_decode(which: &str) {
    let body = payload::databases(1000, false);
    if which == "none" {
        black_box(body);
        return;
    }
    for _ in 0..3 {
        if which == "ours" {
            let dbs: Vec<types::Database> = serde_json::from_str(&body).expect("decodes");
            black_box(dbs);
        } else {
            let dbs: Vec<reference::Database> = serde_json::from_str(&body).expect("decodes");
            black_box(dbs);
        }
    }
}

/// Decoding 1,000 databases; with `extra`, the payload carries fields the spec does not list,
/// which datacloud keeps in `extra` and the reference drops.
fn decode_row(extra: bool) -> Row {
    let body = payload::databases(1000, extra);
    let (ours, theirs) = compare(
        31,
        5,
        || {
            let dbs: Vec<types::Database> = serde_json::from_str(&body).expect("decodes");
            black_box(dbs);
        },
        || {
            let dbs: Vec<reference::Database> = serde_json::from_str(&body).expect("decodes");
            black_box(dbs);
        },
    );
    let work = if extra {
        "decode 1,000 databases + live extras"
    } else {
        "decode 1,000 Astra databases"
    };
    eprintln!("{work}: {} bytes of JSON", body.len());
    Row {
        work,
        ours,
        reference: if extra {
            "hand-written serde (drops extras)"
        } else {
            "hand-written serde structs"
        },
        theirs,
        goal: if extra { "" } else { "<= 1.11x" },
    }
}

/// The User-Agent both clients send, so that both send the same request.
const USER_AGENT: &str = concat!("datacloud/", env!("CARGO_PKG_VERSION"), " (astra_devops)");

/// The datacloud client both GET modes send with.
fn bench_client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .credentials(Credentials::token("AstraCS:bench-token"))
        .retry(RetryPolicy::none())
        .user_agent(USER_AGENT)
        .build()
        .expect("client builds")
}

/// One GET of a database (its listed fields: what keeping extra fields costs is the decode
/// row's), sent by a datacloud client and by raw reqwest, in turn: the same request on the
/// wire (headers included) and the same response.
async fn get_row() -> Row {
    let addr = server::start(payload::database(7, false)).await;
    let base = format!("http://{addr}");
    let client = bench_client(&base);
    let raw = reqwest::Client::new();
    let id = "8c1f2e4a-6b3d-4f5e-9a7c-000000000007";
    let (samples, iters) = (31, 200);
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..iters {
        let _ = client.get_database(id).await.expect("get");
        let _ = raw_get(&raw, &base, id).await;
    }
    // Interleaved samples, so that both clients see the same machine load.
    for _ in 0..samples {
        let start = Instant::now();
        for _ in 0..iters {
            black_box(client.get_database(id).await.expect("get"));
        }
        ours.push(start.elapsed() / iters);
        let start = Instant::now();
        for _ in 0..iters {
            black_box(raw_get(&raw, &base, id).await);
        }
        theirs.push(start.elapsed() / iters);
    }
    ours.sort();
    theirs.sort();
    Row {
        work: "one GET of a database, loopback",
        ours: ours[samples / 2],
        reference: "raw reqwest + hand-written serde",
        theirs: theirs[samples / 2],
        goal: "<= 1.05x",
    }
}

/// 2,000 GETs with one client (`ours` or `raw`), untimed: the `PROFILE_GET` mode.
async fn profile_get(which: &str) {
    let addr = server::start(payload::database(7, false)).await;
    let base = format!("http://{addr}");
    let client = bench_client(&base);
    let raw = reqwest::Client::new();
    let id = "8c1f2e4a-6b3d-4f5e-9a7c-000000000007";
    for _ in 0..2000 {
        if which == "ours" {
            black_box(client.get_database(id).await.expect("get"));
        } else {
            black_box(raw_get(&raw, &base, id).await);
        }
    }
}

async fn raw_get(client: &reqwest::Client, base: &str, id: &str) -> reference::Database {
    client
        .get(format!("{base}/v2/databases/{id}"))
        .bearer_auth("AstraCS:bench-token")
        .header(reqwest::header::ACCEPT, "application/json")
        .header(reqwest::header::USER_AGENT, USER_AGENT)
        .send()
        .await
        .expect("sends")
        .error_for_status()
        .expect("200")
        .json()
        .await
        .expect("decodes")
}

/// Generate every client as `codegen generate` does (without writing files).
fn generate_all() -> Duration {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    median(3, 1, || {
        for api in datacloud_codegen::registry::APIS {
            let settings = datacloud_codegen::Settings::new(api.module);
            let out = datacloud_codegen::generate_file(&root.join(api.spec), api.spec, &settings)
                .expect("generates");
            black_box(out);
        }
    })
}

/// Whether the row `name` runs: all rows, or those named on the command line
/// (`cargo bench --bench speed --features astra_devops -- decode get generate`).
fn wanted(name: &str) -> bool {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    args.is_empty() || args.iter().any(|a| a == name)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if let Ok(which) = std::env::var("PROFILE_DECODE") {
        profile_decode(&which);
        return;
    }
    if let Ok(which) = std::env::var("PROFILE_GET") {
        runtime.block_on(profile_get(&which));
        return;
    }
    let mut rows = Vec::new();
    if wanted("decode") {
        rows.push(decode_row(false));
        rows.push(decode_row(true));
    }
    if wanted("get") {
        rows.push(runtime.block_on(get_row()));
    }
    println!(
        "{:<34} {:>10}  {:<34} {:>10}  {:>6}  goal",
        "work", "datacloud", "reference", "", "ratio"
    );
    for r in &rows {
        println!(
            "{:<34} {:>10}  {:<34} {:>10}  {:>5.2}x  {}",
            r.work,
            show(r.ours),
            r.reference,
            show(r.theirs),
            r.ours.as_secs_f64() / r.theirs.as_secs_f64(),
            r.goal
        );
    }
    if wanted("generate") {
        let gen = generate_all();
        println!(
            "{:<34} {:>10}  {:<34} {:>10}  {:>5.3}x  <= 0.1x",
            "generate all 5 clients, release",
            show(gen),
            "openapi-generator 7.26 (recorded)",
            "17.9 s",
            gen.as_secs_f64() / 17.9
        );
    }
}
