//! Contract tests: every operation of every spec, over real HTTP on 127.0.0.1.
//!
//! The cases come from the specs themselves (`__contract_cases()`, generated under the
//! `contract` feature): sample arguments from the spec's examples, the request those arguments
//! must put on the wire, and the documented success and error responses to answer with. A spec
//! that lands is covered the day it lands, with no hand-written list to update.
//!
//! We use wiremock: it runs on the same tokio runtime as the client, gives every test its own
//! server on an ephemeral 127.0.0.1 port, and records each request with its raw path, which is
//! what the `%2F`-versus-`/` checks need.

#![cfg(feature = "contract")]

#[path = "support/contract.rs"]
mod harness;

use harness::run;

#[cfg(feature = "instaclustr")]
#[tokio::test]
async fn instaclustr_contract() {
    run(datacloud::instaclustr::__contract_cases()).await;
}

#[cfg(feature = "astra_devops")]
#[tokio::test]
async fn astra_devops_contract() {
    run(datacloud::astra_devops::__contract_cases()).await;
}

#[cfg(feature = "stargate")]
#[tokio::test]
async fn stargate_contract() {
    run(datacloud::stargate::__contract_cases()).await;
}

#[cfg(feature = "astro")]
#[tokio::test]
async fn astro_contract() {
    run(datacloud::astro::__contract_cases()).await;
}

#[cfg(feature = "aiven")]
#[tokio::test]
async fn aiven_contract() {
    run(datacloud::aiven::__contract_cases()).await;
}
