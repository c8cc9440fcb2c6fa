//! List every service of every Aiven project, telling apart the ways a call can fail.
//!
//! Run with `AIVEN_TOKEN=... cargo run --example aiven_services --features aiven`.

use datacloud::aiven::Client;
use datacloud::runtime::ErrorKind;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let projects = client.project_list().await?;
    for project in &projects.projects {
        let Some(name) = project.project_name.as_deref() else {
            continue;
        };
        match client.service_list(name).await {
            Ok(services) => {
                for s in &services.services {
                    let state = s.state.as_ref().map(ToString::to_string);
                    println!(
                        "{name}: {} ({}, {}, {} nodes)",
                        s.service_name.as_deref().unwrap_or("?"),
                        s.service_type.as_deref().unwrap_or("?"),
                        state.as_deref().unwrap_or("?"),
                        s.node_count.unwrap_or_default()
                    );
                }
            }
            // The API answered with an error: its envelope is decoded.
            Err(e) if e.api_error().is_some() => {
                let api = e.api_error().expect("checked above");
                eprintln!(
                    "{name}: HTTP {} {} (code {:?})",
                    api.status, api.message, api.code
                );
            }
            Err(e) => match e.kind() {
                ErrorKind::Timeout { after } => eprintln!("{name}: no answer within {after:?}"),
                ErrorKind::Transport { .. } => eprintln!("{name}: network trouble: {e}"),
                _ => return Err(e.into()),
            },
        }
    }
    Ok(())
}
