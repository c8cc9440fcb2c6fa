//! List every service of every Aiven project with its state, plan, cloud and node count,
//! telling apart the ways a call can fail.
//!
//! Run with `AIVEN_TOKEN=... cargo run --example aiven_services --features aiven`.

use datacloud::aiven::types::ServiceInfoState;
use datacloud::aiven::Client;
use datacloud::runtime::ErrorKind;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let projects = client.project_list().await?;
    for project in &projects.projects {
        let name = &project.project_name;
        match client.service_list(name).await {
            Ok(services) => {
                for s in &services.services {
                    // A state the spec does not list is kept, not an error.
                    let note = match &s.state {
                        ServiceInfoState::Running => "",
                        ServiceInfoState::Unknown(v) => v.as_str(),
                        _ => "(not running)",
                    };
                    println!(
                        "{name}: {} ({}, {}, plan {}, {} in {}) {note}",
                        s.service_name,
                        s.service_type,
                        s.state,
                        s.plan,
                        s.node_count
                            .map_or("?".to_string(), |n| format!("{n} nodes")),
                        s.cloud_name,
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
